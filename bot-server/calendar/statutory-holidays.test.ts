import { dayNumberOf, formatISODate, parseISODate } from './civil-date';
import { CoverageWarnings } from './coverage-warnings';
import { shippedHolidayData } from './holiday-data';
import { LUNAR_TABLE_LAST_YEAR, statutoryDaysOff, statutoryHoliday } from './statutory-holidays';
import { WorkCalendar } from './WorkCalendar';

const dates = (year: number) => statutoryDaysOff(year).map((entry) => formatISODate(entry.day));

describe('statutory holidays by rule (《全国年节及纪念日放假办法》, 2024 amendment)', () => {
  it('gives 2027 its 13 days: 元旦, 除夕 to 初三, 清明, May 1–2, 端午, 中秋, Oct 1–3', () => {
    expect(dates(2027)).toEqual([
      '2027-01-01',
      '2027-05-01',
      '2027-05-02',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
  });

  it('reproduces every statutory day of the 2025 and 2026 notices as a day off of the same holiday', () => {
    const official = shippedHolidayData().days;
    for (const year of [2025, 2026]) {
      for (const { day, holiday } of statutoryDaysOff(year)) {
        const entry = official.get(day);
        expect({ date: formatISODate(day), off: entry?.workday === false }).toEqual({
          date: formatISODate(day),
          off: true,
        });
        expect(entry?.holiday).toContain(holiday);
      }
    }
  });

  it('keeps the lunar table plausible through 2035: month lengths, 清明 on April 4–6', () => {
    for (let year = 2025; year <= LUNAR_TABLE_LAST_YEAR; year++) {
      const days = statutoryDaysOff(year);
      const dayOf = (name: string) => days.find((entry) => entry.holiday === name)?.day as number;
      const newYear = dayOf('春节') + 1;
      expect(formatISODate(newYear) >= `${year}-01-21` && formatISODate(newYear) <= `${year}-02-20`).toBe(true);
      // 初一 → 五月初五: 4 lunar months of 29–30 days (5 with a leap month) + 4 days.
      const toDuanwu = dayOf('端午节') - newYear;
      expect((toDuanwu >= 120 && toDuanwu <= 124) || (toDuanwu >= 149 && toDuanwu <= 154)).toBe(true);
      // 初一 → 八月十五: 7 lunar months (8 with a leap month) + 14 days.
      const toZhongqiu = dayOf('中秋节') - newYear;
      expect((toZhongqiu >= 217 && toZhongqiu <= 224) || (toZhongqiu >= 246 && toZhongqiu <= 254)).toBe(true);
      expect(formatISODate(dayOf('清明节')).slice(5)).toMatch(/^04-0[4-6]$/);
    }
  });

  it('names a day shared by 中秋 and 国庆 once, and knows nothing before 2025', () => {
    expect(statutoryHoliday(parseISODate('2031-10-01'))).toBe('中秋节');
    expect(statutoryHoliday(parseISODate('2031-10-02'))).toBe('国庆节');
    expect(statutoryDaysOff(2024)).toEqual([]);
    expect(statutoryHoliday(dayNumberOf(2024, 1, 1))).toBeUndefined();
  });

  it('after the lunar table, keeps only the fixed Gregorian holidays', () => {
    expect(dates(2036)).toEqual(['2036-01-01', '2036-05-01', '2036-05-02', '2036-10-01', '2036-10-02', '2036-10-03']);
  });
});

describe('a calendar in a year without a notice', () => {
  const calendar = new WorkCalendar({ warnings: new CoverageWarnings(() => {}) });

  it('treats the statutory days as days off, marked approximate, and guesses no make-up day', () => {
    expect(calendar.describe('2027-01-01')).toMatchObject({ workday: false, label: '元旦', approximate: true });
    expect(calendar.describe('2027-02-08')).toMatchObject({ workday: false, label: '春节', approximate: true });
    // Monday after 劳动节 (Sat–Sun): no 补假 and no 调休 guessed.
    expect(calendar.describe('2027-05-03')).toMatchObject({ workday: true, approximate: true });
    expect(calendar.describe('2027-02-20')).toMatchObject({ workday: false, approximate: true });
    expect(calendar.addWorkdays('2027-02-04', 1)).toEqual({ date: '2027-02-09', approximate: true });
  });

  it('leaves the years with data alone', () => {
    expect(calendar.describe('2026-01-04')).toMatchObject({
      workday: true,
      label: '调休上班 元旦',
      approximate: false,
    });
    expect(calendar.isWorkday('2019-01-01')).toBe(true);
  });
});
