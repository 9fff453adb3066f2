import { type DayNumber, dayNumberOf, yearOf } from './civil-date';

/**
 * The statutory days off of 《全国年节及纪念日放假办法》 as amended in 2024 (in force from 2025), used for years
 * the State Council has not yet published a notice for (docs/time-limits.md §2.5): 元旦 1 day, 春节 4 days (除夕
 * to 正月初三), 清明 1, 劳动节 2 (May 1–2), 端午 1, 中秋 1, 国庆 3 (Oct 1–3). Make-up working days (调休) and
 * the weekday given back for a holiday on a weekend (补假) are chosen by each notice, so they are never guessed.
 */
export const STATUTORY_RULE_FIRST_YEAR = 2025;

/**
 * Month-day of 正月初一, of 清明 (the solar term) and of 五月初五 / 八月十五, per year. Source: the Hong Kong
 * Observatory's Gregorian–lunar conversion tables (docs/time-limits.md §2.5); 2025–2026 also match the notices.
 */
const LUNAR_DATES: Readonly<Record<number, readonly [string, string, string, string]>> = {
  2025: ['01-29', '04-04', '05-31', '10-06'],
  2026: ['02-17', '04-05', '06-19', '09-25'],
  2027: ['02-06', '04-05', '06-09', '09-15'],
  2028: ['01-26', '04-04', '05-28', '10-03'],
  2029: ['02-13', '04-04', '06-16', '09-22'],
  2030: ['02-03', '04-05', '06-05', '09-12'],
  2031: ['01-23', '04-05', '06-24', '10-01'],
  2032: ['02-11', '04-04', '06-12', '09-19'],
  2033: ['01-31', '04-04', '06-01', '09-08'],
  2034: ['02-19', '04-05', '06-20', '09-27'],
  2035: ['02-08', '04-05', '06-10', '09-16'],
};

export const LUNAR_TABLE_LAST_YEAR = 2035;

export interface StatutoryDay {
  day: DayNumber;
  holiday: string;
}

function dayOf(year: number, monthDay: string): DayNumber {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  return dayNumberOf(year, month, day);
}

/**
 * The statutory days off of a year, by rule. Before 2025 an older regulation applied (and the data covers those
 * years); after the lunar table only the fixed Gregorian holidays are known.
 */
export function statutoryDaysOff(year: number): StatutoryDay[] {
  if (year < STATUTORY_RULE_FIRST_YEAR) return [];
  const days: StatutoryDay[] = [
    { day: dayNumberOf(year, 1, 1), holiday: '元旦' },
    { day: dayNumberOf(year, 5, 1), holiday: '劳动节' },
    { day: dayNumberOf(year, 5, 2), holiday: '劳动节' },
  ];
  const lunar = LUNAR_DATES[year];
  if (lunar) {
    const [springFestival, qingming, duanwu, zhongqiu] = lunar;
    const newYear = dayOf(year, springFestival);
    for (let offset = -1; offset <= 2; offset++) days.push({ day: newYear + offset, holiday: '春节' });
    days.push({ day: dayOf(year, qingming), holiday: '清明节' });
    days.push({ day: dayOf(year, duanwu), holiday: '端午节' });
    days.push({ day: dayOf(year, zhongqiu), holiday: '中秋节' });
  }
  for (let day = 1; day <= 3; day++) days.push({ day: dayNumberOf(year, 10, day), holiday: '国庆节' });
  return days;
}

const byYear = new Map<number, ReadonlyMap<DayNumber, string>>();

/** The statutory holiday a day falls on by rule, if any (first listed wins: 2031-10-01 is 中秋节). */
export function statutoryHoliday(day: DayNumber): string | undefined {
  const year = yearOf(day);
  let days = byYear.get(year);
  if (!days) {
    const map = new Map<DayNumber, string>();
    for (const entry of statutoryDaysOff(year)) if (!map.has(entry.day)) map.set(entry.day, entry.holiday);
    days = map;
    byYear.set(year, days);
  }
  return days.get(day);
}
