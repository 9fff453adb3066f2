import {
  civilDateOf,
  dayNumberOf,
  formatISODate,
  formatShanghaiInstant,
  isoWeekday,
  MS_PER_DAY,
  parseInstant,
  parseISODate,
  shanghaiDayNumber,
  shanghaiInstant,
  toDayNumber,
  tryParseISODate,
} from './civil-date';
import { CalendarError } from './errors';

describe('day numbers', () => {
  it('agree with Date.UTC and the UTC getters for every day from 1900 to 2100', () => {
    const first = Date.UTC(1900, 0, 1) / MS_PER_DAY;
    const last = Date.UTC(2100, 11, 31) / MS_PER_DAY;
    for (let day = first; day <= last; day++) {
      const utc = new Date(day * MS_PER_DAY);
      const expected = { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() };
      const civil = civilDateOf(day);
      if (civil.year !== expected.year || civil.month !== expected.month || civil.day !== expected.day) {
        throw new Error(`day ${day}: ${JSON.stringify(civil)} ≠ ${JSON.stringify(expected)}`);
      }
      if (dayNumberOf(civil.year, civil.month, civil.day) !== day) throw new Error(`round trip fails on ${day}`);
      if (isoWeekday(day) !== (utc.getUTCDay() || 7)) throw new Error(`weekday of ${day}`);
      if (formatISODate(day) !== utc.toISOString().slice(0, 10)) throw new Error(`format of ${day}`);
    }
  });

  it('count from 1970-01-01, a Thursday', () => {
    expect(dayNumberOf(1970, 1, 1)).toBe(0);
    expect(isoWeekday(0)).toBe(4);
    expect(formatISODate(-1)).toBe('1969-12-31');
  });
});

describe('parseISODate', () => {
  it.each(['2024-02-29', '2026-02-14', '2000-01-01', '2060-12-31'])('accepts %s', (text) => {
    expect(formatISODate(parseISODate(text))).toBe(text);
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    'yesterday',
    '2026-2-3',
    '2026-02-3',
    '2026/02/03',
    ' 2026-02-03',
    '2026-02-03T00:00',
    '２０２６-02-03',
    '',
  ])('rejects %j with invalid_date', (text) => {
    expect(Number.isNaN(tryParseISODate(text))).toBe(true);
    expect(() => parseISODate(text)).toThrow(expect.objectContaining({ code: 'invalid_date' }));
  });

  it('rejects what is not a string', () => {
    expect(Number.isNaN(tryParseISODate(20260203 as unknown as string))).toBe(true);
  });
});

describe('Asia/Shanghai instants', () => {
  it('take the civil date as floor((t + 8 h) / 1 day), whatever the host time zone', () => {
    expect(formatISODate(shanghaiDayNumber(new Date('2024-02-04T07:30:00+08:00')))).toBe('2024-02-04');
    expect(formatISODate(shanghaiDayNumber(new Date('2024-02-03T16:00:00Z')))).toBe('2024-02-04');
    expect(formatISODate(shanghaiDayNumber(new Date('2024-02-03T15:59:59.999Z')))).toBe('2024-02-03');
    expect(formatISODate(toDayNumber(new Date('2024-02-04T07:30:00+08:00')))).toBe('2024-02-04');
  });

  it('map a day and a time of day to the UTC instant', () => {
    const day = parseISODate('2026-02-24');
    expect(shanghaiInstant(day, 24 * 60).toISOString()).toBe('2026-02-24T16:00:00.000Z');
    expect(shanghaiInstant(day, 17 * 60 + 30).toISOString()).toBe('2026-02-24T09:30:00.000Z');
    expect(shanghaiInstant(day).toISOString()).toBe('2026-02-23T16:00:00.000Z');
  });

  it('write instants in Shanghai wall time', () => {
    expect(formatShanghaiInstant(new Date('2026-02-24T16:00:00Z'))).toBe('2026-02-25T00:00:00+08:00');
    expect(formatShanghaiInstant(new Date('2026-02-13T09:00:05.900Z'))).toBe('2026-02-13T17:00:05+08:00');
  });

  it('refuse Invalid Date', () => {
    expect(() => toDayNumber(new Date('nonsense'))).toThrow(CalendarError);
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-02-13T17:00+08:00', '2026-02-13T09:00:00.000Z'],
    ['2026-02-13T17:00:00+0800', '2026-02-13T09:00:00.000Z'],
    ['2026-02-13T09:00:00Z', '2026-02-13T09:00:00.000Z'],
    ['2026-02-13T09:00:00.5Z', '2026-02-13T09:00:00.500Z'],
    ['2026-02-13T01:00-08:00', '2026-02-13T09:00:00.000Z'],
    ['2026-02-13T17:00', '2026-02-13T09:00:00.000Z'],
    ['2026-02-13 17:00', '2026-02-13T09:00:00.000Z'],
    ['2026-02-13', '2026-02-12T16:00:00.000Z'],
  ])('reads %s (no offset = Asia/Shanghai)', (text, iso) => {
    expect(parseInstant(text).toISOString()).toBe(iso);
  });

  it.each(['2026-02-13T24:00', '2026-02-30T10:00', 'tomorrow', '2026-02-13T17:00+25:00', '1739437200000'])(
    'rejects %s',
    (text) => {
      expect(() => parseInstant(text)).toThrow(expect.objectContaining({ code: 'invalid_date' }));
    },
  );
});
