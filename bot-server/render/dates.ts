import { civilDateOf, parseISODate, shanghaiDayNumber } from '../calendar/civil-date';
import { chineseDate } from '../timelimits';

/** A date as a document prints it: 2026年3月2日 (no leading zeros); the one formatter of time limits. */
export { chineseDate };

/** The Shanghai date of an instant, as a document prints it (the host's time zone plays no part). */
export function chineseDateOf(instant: Date): string {
  const { year, month, day } = civilDateOf(shanghaiDayNumber(instant));
  return `${year}年${month}月${day}日`;
}

/** A civil day (YYYY-MM-DD) in a table cell, where the year is the table's: 12月4日. */
export function monthDay(date: string): string {
  const { month, day } = civilDateOf(parseISODate(date));
  return `${month}月${day}日`;
}

/** A civil day in a table of a document of `year`: 12月4日 in that year, 2025年12月30日 in another. */
export function tableDate(date: string, year: number): string {
  return civilDateOf(parseISODate(date)).year === year ? monthDay(date) : chineseDate(date);
}

const DIGITS = '〇一二三四五六七八九';

/** 1–31 in Chinese numerals: 四, 十二, 二十, 三十一. */
function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n] as string;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
}

/**
 * A civil day in Chinese numerals: 二〇二六年十二月四日 (the year digit by digit with 〇, month and day as numbers).
 * GB/T 9704-2012 7.3.5.4 writes the 成文日期 of an official document in Arabic numerals (2026年12月4日, see
 * `chineseDate`); this form is for the documents an office still dates in Chinese numerals (纪要, 证明, certificates).
 */
export function chineseNumeralDate(date: string): string {
  const { year, month, day } = civilDateOf(parseISODate(date));
  const yearText = [...String(year)].map((d) => DIGITS[Number(d)]).join('');
  return `${yearText}年${chineseNumber(month)}月${chineseNumber(day)}日`;
}
