import { type DayNumber, dayNumberOf, formatISODate, isoWeekday, parseISODate, yearOf } from './civil-date';
import { CoverageWarnings } from './coverage-warnings';
import data from './data/cn-holidays.json';
import type { CalendarOverride } from './overrides';
import { statutoryHoliday } from './statutory-holidays';
import { WorkCalendar } from './WorkCalendar';

/** mulberry32: a tiny seeded generator, so that any failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SEED = 20_260_213;
const CASES = 200_000;
const FIRST_DAY = dayNumberOf(2000, 1, 1);
const LAST_DAY = dayNumberOf(2060, 12, 31);

/** Day-by-day reference built straight from the JSON file, sharing nothing with WorkCalendar's tables. */
function bruteForce(overrides: CalendarOverride[], scope: string) {
  const official = new Map<DayNumber, boolean>();
  for (const year of data.years) {
    for (const group of year.holidays) {
      for (const date of group.off) official.set(parseISODate(date), false);
      for (const date of group.work) official.set(parseISODate(date), true);
    }
  }
  const office = new Map(overrides.filter((o) => !o.scope).map((o) => [parseISODate(o.date), o.kind === 'workday']));
  const unit = new Map(
    overrides.filter((o) => o.scope === scope).map((o) => [parseISODate(o.date), o.kind === 'workday']),
  );
  const lastYear = data.years.at(-1)?.year ?? 0;
  const byRule = (day: DayNumber) => (yearOf(day) > lastYear && statutoryHoliday(day) ? false : undefined);
  const resolve = (day: DayNumber) =>
    unit.get(day) ?? office.get(day) ?? official.get(day) ?? byRule(day) ?? isoWeekday(day) <= 5;
  // Resolved once per day so that long spans stay cheap; the counting below still walks day by day.
  const resolved = Array.from({ length: LAST_DAY - FIRST_DAY + 1 }, (_, index) => resolve(FIRST_DAY + index));
  const isWork = (day: DayNumber) => resolved[day - FIRST_DAY] === true;

  return {
    isWork,
    /** null when the answer leaves the table. */
    add(start: DayNumber, n: number): DayNumber | null {
      let day = start;
      if (n === 0) {
        while (day <= LAST_DAY && !isWork(day)) day++;
        return day <= LAST_DAY ? day : null;
      }
      const step = n > 0 ? 1 : -1;
      for (let left = Math.abs(n); left > 0; ) {
        day += step;
        if (day < FIRST_DAY || day > LAST_DAY) return null;
        if (isWork(day)) left--;
      }
      return day;
    },
    between(a: DayNumber, b: DayNumber): number {
      let count = 0;
      if (b >= a) for (let day = a + 1; day <= b; day++) count += isWork(day) ? 1 : 0;
      else for (let day = b; day < a; day++) count -= isWork(day) ? 1 : 0;
      return count;
    },
  };
}

function randomOverrides(random: () => number, scope: string): CalendarOverride[] {
  const overrides: CalendarOverride[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < 400; i++) {
    const date = formatISODate(dayNumberOf(2019, 1, 1) + Math.floor(random() * 365 * 9));
    const overrideScope = random() < 0.5 ? undefined : scope;
    const key = `${overrideScope}:${date}`;
    if (seen.has(key)) continue;
    seen.add(key);
    overrides.push({ date, kind: random() < 0.5 ? 'off' : 'workday', reason: `random ${i}`, scope: overrideScope });
  }
  return overrides;
}

describe(`WorkCalendar against a day-by-day brute force (${CASES} seeded cases, seed ${SEED})`, () => {
  const random = seededRandom(SEED);
  const scope = 'unit-9';
  const overrides = randomOverrides(random, scope);
  const calendar = new WorkCalendar({ overrides, scope, warnings: new CoverageWarnings(() => {}) });
  const reference = bruteForce(overrides, scope);

  /** Mostly around the covered years (2019–2027, overrides included), sometimes anywhere in the table. */
  function randomDay(): DayNumber {
    if (random() < 0.85) return dayNumberOf(2019, 1, 1) + Math.floor(random() * 365 * 9);
    return FIRST_DAY + Math.floor(random() * (LAST_DAY - FIRST_DAY + 1));
  }

  function randomCount(): number {
    const pick = random();
    if (pick < 0.1) return 0;
    if (pick < 0.95) return Math.floor(random() * 121) - 60;
    return Math.floor(random() * 2001) - 1000;
  }

  it('agrees on every day of the table', () => {
    for (let day = FIRST_DAY; day <= LAST_DAY; day++) {
      if (calendar.isWorkdayNumber(day) !== reference.isWork(day)) throw new Error(`isWorkday ${formatISODate(day)}`);
    }
  });

  it('agrees on addWorkdays and workdaysBetween, and keeps the invariant', () => {
    const failures: string[] = [];
    for (let i = 0; i < CASES / 2 && failures.length < 10; i++) {
      const start = randomDay();
      const n = randomCount();
      const expected = reference.add(start, n);
      let actual: DayNumber | null;
      try {
        actual = calendar.addWorkdaysToDay(start, n);
      } catch (error) {
        if ((error as { code?: string }).code !== 'out_of_range') throw error;
        actual = null;
      }
      if (actual !== expected) {
        failures.push(`addWorkdays(${formatISODate(start)}, ${n}) = ${actual} ≠ ${expected}`);
        continue;
      }
      if (actual !== null && (n !== 0 || reference.isWork(start))) {
        const back = calendar.workdaysBetweenDays(start, actual);
        if (back !== n) failures.push(`workdaysBetween(${formatISODate(start)}, addWorkdays(…, ${n})) = ${back}`);
      }

      const a = randomDay();
      const b =
        random() < 0.5 ? randomDay() : Math.min(LAST_DAY, Math.max(FIRST_DAY, a + Math.floor(random() * 200) - 100));
      const count = calendar.workdaysBetweenDays(a, b);
      if (count !== reference.between(a, b)) {
        failures.push(`workdaysBetween(${formatISODate(a)}, ${formatISODate(b)}) = ${count}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('gives the same answers through the string API', () => {
    for (let i = 0; i < 2_000; i++) {
      const start = dayNumberOf(2019, 1, 1) + Math.floor(random() * 365 * 9);
      const n = Math.floor(random() * 41) - 20;
      expect(calendar.addWorkdays(formatISODate(start), n).date).toBe(formatISODate(reference.add(start, n) ?? 0));
    }
  });
});
