import { type CalendarWarning, CoverageWarnings } from './coverage-warnings';
import { CalendarError } from './errors';
import { addWorkdays, defaultCalendar, isWorkday, workdaysBetween } from './index';
import { WorkCalendar } from './WorkCalendar';

function quietCalendar(options: ConstructorParameters<typeof WorkCalendar>[0] = {}) {
  const warnings: CalendarWarning[] = [];
  const calendar = new WorkCalendar({ warnings: new CoverageWarnings((w) => warnings.push(w)), ...options });
  return { calendar, warnings };
}

describe('WorkCalendar examples from time-limits.md', () => {
  const calendar = defaultCalendar();

  it('Friday 2026-02-13 + 2 working days = 2026-02-24 (the make-up Saturday 02-14 is day 1)', () => {
    expect(calendar.addWorkdays('2026-02-13', 2)).toEqual({ date: '2026-02-24', approximate: false });
    expect(calendar.addWorkdays('2026-02-13', 1).date).toBe('2026-02-14');
  });

  it('2025-09-30 + 3 working days = 2025-10-11, a make-up Saturday', () => {
    expect(addWorkdays('2025-09-30', 3)).toEqual({ date: '2025-10-11', approximate: false });
  });

  it('counts working days in (a, b]', () => {
    expect(workdaysBetween('2026-02-13', '2026-02-24')).toBe(2);
    expect(calendar.workdaysBetween('2026-02-13', '2026-02-13')).toBe(0);
    expect(calendar.workdaysBetween('2025-09-30', '2025-10-11')).toBe(3);
    // 261 weekdays − 19 weekday days off + 6 make-up days (01-01 itself is excluded and a holiday anyway).
    expect(calendar.workdaysBetween('2026-01-01', '2026-12-31')).toBe(261 - 19 + 6);
  });

  it('treats an instant by its Shanghai date: 2024-02-04T07:30+08:00 is a make-up working day', () => {
    const instant = new Date('2024-02-04T07:30:00+08:00');
    expect(isWorkday(instant)).toBe(true);
    expect(calendar.describe(instant)).toMatchObject({
      date: '2024-02-04',
      reason: { kind: 'makeup', holiday: '春节' },
    });
    // West of UTC this instant is still 2024-02-03 in local time; the answer must not follow the host.
    expect(calendar.addWorkdays(instant, 0).date).toBe('2024-02-04');
  });
});

describe('addWorkdays semantics', () => {
  const calendar = defaultCalendar();

  it('n = 0 is the date itself on a working day, else the next working day', () => {
    expect(calendar.addWorkdays('2026-02-24', 0).date).toBe('2026-02-24');
    expect(calendar.addWorkdays('2026-02-15', 0).date).toBe('2026-02-24');
    expect(calendar.addWorkdays('2026-02-14', 0).date).toBe('2026-02-14');
  });

  it('n < 0 steps back to the |n|-th working day strictly before', () => {
    expect(calendar.addWorkdays('2026-02-24', -1).date).toBe('2026-02-14');
    expect(calendar.addWorkdays('2026-02-24', -2).date).toBe('2026-02-13');
    expect(calendar.addWorkdays('2026-02-22', -1).date).toBe('2026-02-14');
  });

  it('keeps workdaysBetween(a, addWorkdays(a, n)) === n for n ≠ 0, on working days and days off alike', () => {
    for (const start of ['2026-02-13', '2026-02-15', '2026-02-14', '2025-10-01', '2024-02-04']) {
      for (const n of [-30, -5, -1, 1, 2, 7, 30]) {
        expect([start, n, calendar.workdaysBetween(start, calendar.addWorkdays(start, n).date)]).toEqual([start, n, n]);
      }
    }
  });

  it('counts backwards as minus the working days in [b, a)', () => {
    expect(calendar.workdaysBetween('2026-02-24', '2026-02-13')).toBe(-2);
    expect(calendar.workdaysBetween('2026-02-22', '2026-02-14')).toBe(-1);
  });
});

describe('describe: why a day is or is not a working day', () => {
  const calendar = defaultCalendar();

  it.each([
    ['2026-02-14', true, 'makeup', '调休上班 春节'],
    ['2026-02-15', false, 'holiday', '春节'],
    ['2025-10-06', false, 'holiday', '国庆节、中秋节'],
    ['2026-02-25', true, 'weekday', '周三'],
    ['2026-03-01', false, 'weekend', '周日'],
  ])('%s → workday %s (%s, %s)', (date, workday, kind, label) => {
    expect(calendar.describe(date)).toMatchObject({ date, workday, reason: { kind }, label, approximate: false });
  });

  it('lists a range day by day', () => {
    const days = calendar.days('2026-02-13', '2026-02-16');
    expect(days.map((day) => [day.date, day.workday, day.label])).toEqual([
      ['2026-02-13', true, '周五'],
      ['2026-02-14', true, '调休上班 春节'],
      ['2026-02-15', false, '春节'],
      ['2026-02-16', false, '春节'],
    ]);
  });
});

describe('outside the official data (2020–2026)', () => {
  it('estimates by the statutory rule, flags approximate and warns once per year', () => {
    const { calendar, warnings } = quietCalendar();
    expect(calendar.addWorkdays('2027-01-01', 1)).toEqual({ date: '2027-01-04', approximate: true });
    expect(calendar.isWorkday('2027-01-01')).toBe(false);
    expect(calendar.isWorkday('2027-01-04')).toBe(true);
    calendar.addWorkdays('2027-03-01', 10);
    expect(warnings.map((warning) => warning.year)).toEqual([2027]);
    calendar.addWorkdays('2019-12-30', 1);
    calendar.describe('2028-05-01');
    expect(warnings.map((warning) => warning.year)).toEqual([2027, 2019, 2028]);
    expect(warnings[0]?.message).toMatch(/no official holiday data for 2027/);
  });

  it('flags a result that leaves coverage, and warns for every uncovered year crossed', () => {
    const { calendar, warnings } = quietCalendar();
    // 2027-01-01 is 元旦 by rule.
    expect(calendar.addWorkdays('2026-12-30', 3)).toEqual({ date: '2027-01-05', approximate: true });
    expect(calendar.addWorkdays('2026-12-01', 400).approximate).toBe(true);
    expect(warnings.map((warning) => warning.year)).toEqual([2027, 2028]);
    expect(calendar.addWorkdays('2026-12-01', 5).approximate).toBe(false);
    expect(calendar.covers('2026-12-31')).toBe(true);
    expect(calendar.covers('2027-01-01')).toBe(false);
  });

  it('refuses in strict mode, per calendar or per call, and warns nothing', () => {
    const { calendar, warnings } = quietCalendar({ strict: true });
    expect(() => calendar.addWorkdays('2026-12-30', 3)).toThrow(
      expect.objectContaining({ code: 'outside_coverage', message: expect.stringMatching(/2027/) }),
    );
    expect(() => calendar.isWorkday('2019-06-03')).toThrow(expect.objectContaining({ code: 'outside_coverage' }));
    expect(calendar.addWorkdays('2026-12-01', 5).date).toBe('2026-12-08');
    const lenient = quietCalendar();
    expect(() => lenient.calendar.workdaysBetween('2026-12-01', '2027-02-01', { strict: true })).toThrow(CalendarError);
    expect([...warnings, ...lenient.warnings]).toEqual([]);
  });
});

describe('bad input', () => {
  const { calendar } = quietCalendar();

  it.each(['2026-02-30', 'yesterday', '2026-2-3', ''])('rejects the date %j', (date) => {
    expect(() => calendar.addWorkdays(date, 1)).toThrow(expect.objectContaining({ code: 'invalid_date' }));
    expect(() => calendar.isWorkday(date)).toThrow(CalendarError);
    expect(() => calendar.workdaysBetween('2026-02-01', date)).toThrow(CalendarError);
  });

  it('rejects Invalid Date', () => {
    expect(() => calendar.isWorkday(new Date(Number.NaN))).toThrow(expect.objectContaining({ code: 'invalid_date' }));
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, '3' as unknown as number])('rejects n = %p', (n) => {
    expect(() => calendar.addWorkdays('2026-02-13', n)).toThrow(expect.objectContaining({ code: 'invalid_number' }));
  });

  it.each([1e9, -1e9, 20_000, Number.MAX_SAFE_INTEGER])('rejects n = %p beyond the table with out_of_range', (n) => {
    expect(() => calendar.addWorkdays('2026-02-13', n)).toThrow(expect.objectContaining({ code: 'out_of_range' }));
  });

  it('rejects dates outside the table (2000–2060 by default)', () => {
    expect(() => calendar.isWorkday('1999-12-31')).toThrow(expect.objectContaining({ code: 'out_of_range' }));
    expect(() => calendar.addWorkdays('2061-01-01', 0)).toThrow(expect.objectContaining({ code: 'out_of_range' }));
    expect(() => calendar.addWorkdays('2060-12-29', 5)).toThrow(expect.objectContaining({ code: 'out_of_range' }));
    expect(calendar.addWorkdays('2000-01-03', 0).date).toBe('2000-01-03');
  });

  it('rejects a range that ends before it starts', () => {
    expect(() => calendar.days('2026-02-10', '2026-02-01')).toThrow(expect.objectContaining({ code: 'invalid_date' }));
  });

  it('gives a Chinese message beside the English one', () => {
    try {
      calendar.addWorkdays('2026-02-30', 1);
      throw new Error('expected a CalendarError');
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarError);
      expect((error as CalendarError).messageZh).toMatch(/日期 "2026-02-30" 无效/);
    }
  });
});

describe('administrator overrides', () => {
  it('a local day off on 2026-03-02 moves "3 working days after Fri 2026-02-27" from 03-03 to 03-04', () => {
    const plain = defaultCalendar();
    const { calendar } = quietCalendar({ overrides: [{ date: '2026-03-02', kind: 'off', reason: '办公楼停电检修' }] });
    expect(plain.addWorkdays('2026-02-27', 3).date).toBe('2026-03-03');
    expect(calendar.addWorkdays('2026-02-27', 3).date).toBe('2026-03-04');
    expect(calendar.addWorkdays('2026-02-27', 1).date).toBe('2026-02-28');
    expect(calendar.describe('2026-03-02')).toMatchObject({
      workday: false,
      reason: { kind: 'override', workday: false, reason: '办公楼停电检修', scope: 'office' },
      label: '调整休息 办公楼停电检修',
    });
    expect(calendar.version).not.toBe(plain.version);
  });

  it('resolves the most specific scope first, then official data, then Monday–Friday', () => {
    const overrides = [
      { date: '2026-03-02', kind: 'off' as const, reason: '全办调休' },
      { date: '2026-03-02', kind: 'workday' as const, reason: '窗口单位照常上班', scope: 'unit-42' },
      { date: '2026-02-16', kind: 'workday' as const, reason: '春节值班', scope: 'unit-42' },
    ];
    const office = quietCalendar({ overrides }).calendar;
    const unit = quietCalendar({ overrides, scope: 'unit-42' }).calendar;
    const other = quietCalendar({ overrides, scope: 'unit-7' }).calendar;
    expect([office.isWorkday('2026-03-02'), unit.isWorkday('2026-03-02'), other.isWorkday('2026-03-02')]).toEqual([
      false,
      true,
      false,
    ]);
    expect([office.isWorkday('2026-02-16'), unit.isWorkday('2026-02-16')]).toEqual([false, true]);
    expect(new Set([office.version, unit.version, other.version]).size).toBe(2);
    expect(other.version).toBe(office.version);
  });

  it('derives the version from data and overrides only', () => {
    const overrides = [{ date: '2026-03-02', kind: 'off' as const, reason: '停电' }];
    expect(quietCalendar({ overrides }).calendar.version).toBe(quietCalendar({ overrides }).calendar.version);
    expect(quietCalendar().calendar.version).toBe(defaultCalendar().version);
    expect(defaultCalendar().version).toMatch(/^[0-9a-f]{12}$/);
  });

  it.each([
    [{ date: '2026-02-30', kind: 'off', reason: 'x' }, /not YYYY-MM-DD/],
    [{ date: '2026-03-02', kind: 'closed', reason: 'x' }, /"off" or "workday"/],
    [{ date: '2026-03-02', kind: 'off', reason: '  ' }, /needs a reason/],
    [{ date: '2070-03-02', kind: 'off', reason: 'x' }, /outside the calendar range/],
  ])('rejects the override %j', (override, message) => {
    expect(() => new WorkCalendar({ overrides: [override as never] })).toThrow(message);
  });

  it('rejects two overrides of one day in one scope', () => {
    const twice = [
      { date: '2026-03-02', kind: 'off' as const, reason: 'a' },
      { date: '2026-03-02', kind: 'workday' as const, reason: 'b', scope: 'office' },
    ];
    expect(() => new WorkCalendar({ overrides: twice })).toThrow(expect.objectContaining({ code: 'invalid_override' }));
  });
});
