import { readFileSync } from 'node:fs';
import { dayNumberOf, formatISODate, isoWeekday, isWeekend, parseISODate, yearOf } from './civil-date';
import shippedJson from './data/cn-holidays.json';
import { type HolidayData, resolveHolidayData, shippedHolidayData } from './holiday-data';
import { WorkCalendar } from './WorkCalendar';

/** chinese-days keeps "English,中文,n" per date; we read its JSON directly, never its (host-TZ dependent) functions. */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const chineseDays: ChineseDaysData = JSON.parse(
  readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8'),
);

const FIRST_YEAR = 2020;
const LAST_YEAR = 2026;
const holidays = shippedHolidayData();

function inYears(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

function chineseName(entry: string): string {
  return entry.split(',')[1] ?? '';
}

describe('shipped holiday data against chinese-days 1.5.7 (dist/chinese-days.json)', () => {
  const ourOff = [...holidays.days].filter(([, day]) => !day.workday).map(([day]) => formatISODate(day));
  const ourWork = [...holidays.days].filter(([, day]) => day.workday).map(([day]) => formatISODate(day));

  it('lists exactly the same days off, 2020–2026', () => {
    expect(ourOff.filter(inYears).sort()).toEqual(Object.keys(chineseDays.holidays).filter(inYears).sort());
  });

  it('lists exactly the same make-up working days, 2020–2026', () => {
    expect(ourWork.filter(inYears).sort()).toEqual(Object.keys(chineseDays.workdays).filter(inYears).sort());
  });

  it('agrees on every single day, 2020-01-01 to 2026-12-31, through the built calendar', () => {
    const calendar = new WorkCalendar({ holidays });
    const mismatches: string[] = [];
    for (let day = dayNumberOf(FIRST_YEAR, 1, 1); day <= dayNumberOf(LAST_YEAR, 12, 31); day++) {
      const date = formatISODate(day);
      const expected = date in chineseDays.holidays ? false : date in chineseDays.workdays ? true : !isWeekend(day);
      if (calendar.isWorkdayNumber(day) !== expected) mismatches.push(date);
    }
    expect(mismatches).toEqual([]);
  });

  it('names each holiday as chinese-days does (ours may name a combined holiday, e.g. 国庆节、中秋节)', () => {
    const normalise = (name: string) => name.replace(/节$/, '');
    const mismatches: string[] = [];
    for (const [day, official] of holidays.days) {
      const date = formatISODate(day);
      const theirs = chineseDays.holidays[date] ?? chineseDays.workdays[date];
      if (!inYears(date) || theirs === undefined) continue;
      const ours = official.holiday.split('、').map(normalise);
      if (!ours.includes(normalise(chineseName(theirs)))) mismatches.push(`${date}: ${official.holiday} / ${theirs}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('shipped holiday data invariants', () => {
  const data = holidays.data;

  it('covers 2020–2026 contiguously', () => {
    expect(data.years.map((entry) => entry.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect([holidays.firstYear, holidays.lastYear]).toEqual([2020, 2026]);
  });

  it('cites a State Council notice on gov.cn for every year', () => {
    for (const entry of data.years) {
      expect(entry.sources.length).toBeGreaterThan(0);
      for (const source of entry.sources) {
        expect(source.number).toMatch(/^国办发明电〔\d{4}〕\d+号$/);
        expect(source.url).toMatch(/^https:\/\/www\.gov\.cn\//);
        expect(source.title).toContain('国务院办公厅');
      }
    }
    expect(data.years[0]?.sources.map((source) => source.number)).toEqual([
      '国办发明电〔2019〕16号',
      '国办发明电〔2020〕1号',
    ]);
  });

  it('puts every make-up working day on a Saturday or Sunday', () => {
    for (const [day, official] of holidays.days) {
      if (official.workday) expect([formatISODate(day), isoWeekday(day) >= 6]).toEqual([formatISODate(day), true]);
    }
  });

  it('never lists a day both off and working (or twice)', () => {
    const listed = data.years.flatMap((entry) => entry.holidays.flatMap((group) => [...group.off, ...group.work]));
    expect(new Set(listed).size).toBe(listed.length);
  });

  /*
   * Weekday days off minus make-up days = statutory days off: 11 under the 2013 rules, 13 from 2025
   * (国务院令第795号 added a day to 春节 and to 劳动节). 2020 has 2 more: 国办发明电〔2020〕1号 turned
   * Friday 01-31 into a day off and cancelled the Saturday 02-01 make-up day.
   */
  it('gives 11 net statutory days off a year (13 in 2020, 13 from 2025)', () => {
    const net = Object.fromEntries(
      data.years.map((entry) => {
        const days = entry.holidays.flatMap((group) => [
          ...group.off.map((date) => (isWeekend(parseISODate(date)) ? 0 : 1)),
          ...group.work.map(() => -1),
        ]);
        return [entry.year, days.reduce((sum, value) => sum + value, 0)];
      }),
    );
    expect(net).toEqual({ 2020: 13, 2021: 11, 2022: 11, 2023: 11, 2024: 11, 2025: 13, 2026: 13 });
  });

  it('keeps runs of consecutive working days to 6 at most from 2025 ("一般不超过6天")', () => {
    const calendar = new WorkCalendar({ holidays });
    let run = 0;
    let longest = 0;
    for (let day = dayNumberOf(2025, 1, 1); day <= dayNumberOf(2026, 12, 31); day++) {
      run = calendar.isWorkdayNumber(day) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeLessThanOrEqual(6);
  });

  it('lists days only under their notice year or the December before it', () => {
    for (const [day, official] of holidays.days) {
      expect([official.noticeYear - 1, official.noticeYear]).toContain(yearOf(day));
    }
    expect(holidays.days.get(parseISODate('2022-12-31'))).toEqual({
      workday: false,
      holiday: '元旦',
      noticeYear: 2023,
    });
  });
});

describe('resolveHolidayData', () => {
  const clone = (): HolidayData => JSON.parse(JSON.stringify(shippedJson));

  it('is deterministic: the same data gives the same fingerprint', () => {
    expect(resolveHolidayData(clone()).fingerprint).toBe(holidays.fingerprint);
  });

  it('rejects a gap between years', () => {
    const data = clone();
    data.years.splice(3, 1);
    expect(() => resolveHolidayData(data)).toThrow(/contiguous/);
  });

  it('rejects a make-up working day on a weekday', () => {
    const data = clone();
    data.years[6]?.holidays[0]?.work.push('2026-01-05');
    expect(() => resolveHolidayData(data)).toThrow(/not a Saturday or Sunday/);
  });

  it('rejects a day listed twice, even once off and once working', () => {
    const data = clone();
    data.years[6]?.holidays[1]?.work.push('2026-02-15');
    expect(() => resolveHolidayData(data)).toThrow(/more than once/);
  });

  it('rejects malformed dates and days outside their year', () => {
    const malformed = clone();
    malformed.years[6]?.holidays[0]?.off.push('2026-02-30');
    expect(() => resolveHolidayData(malformed)).toThrow(expect.objectContaining({ code: 'invalid_data' }));
    const misplaced = clone();
    misplaced.years[6]?.holidays[0]?.off.push('2024-01-06');
    expect(() => resolveHolidayData(misplaced)).toThrow(/listed under 2026/);
  });

  it('rejects what is not holiday data at all', () => {
    expect(() => resolveHolidayData({ years: [] })).toThrow(expect.objectContaining({ code: 'invalid_data' }));
    expect(() => resolveHolidayData(null)).toThrow(expect.objectContaining({ code: 'invalid_data' }));
  });
});
