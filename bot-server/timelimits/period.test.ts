import { formatISODate, parseISODate } from '../calendar/civil-date';
import { CoverageWarnings } from '../calendar/coverage-warnings';
import { WorkCalendar } from '../calendar/WorkCalendar';
import { addMonths, periodEnd } from './period';

const calendar = new WorkCalendar({ warnings: new CoverageWarnings(() => {}) });

function months(date: string, count: number, dayOfMonth?: number): string {
  return formatISODate(addMonths(parseISODate(date), count, dayOfMonth));
}

describe('addMonths (民法典第二百零二条: the corresponding day, else the last day of the month)', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-31', 3, '2026-06-30'],
    ['2026-03-15', 3, '2026-06-15'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2026-05-31', -3, '2026-02-28'],
    ['2026-01-31', 12, '2027-01-31'],
  ])('%s + %i months = %s', (date, count, expected) => {
    expect(months(date, count)).toBe(expected);
  });

  it('lands on a fixed day of the month when asked (每月5日前)', () => {
    expect(months('2026-01-20', 1, 5)).toBe('2026-02-05');
    expect(months('2026-12-01', 1, 5)).toBe('2027-01-05');
    expect(months('2026-01-10', 1, 31)).toBe('2026-02-28');
  });
});

describe('periodEnd', () => {
  const end = (anchor: string, terms: Parameters<typeof periodEnd>[1], rollForward = true) =>
    formatISODate(periodEnd(parseISODate(anchor), terms, calendar, { rollForward }).lastDay);

  it('adds up terms of one unit from the start, so 3 + 3 months is exactly 6 months', () => {
    expect(
      end('2026-03-31', [
        { amount: 3, unit: 'month' },
        { amount: 3, unit: 'month' },
      ]),
    ).toBe('2026-09-30');
  });

  it('moves only a non-working last day of a day period, keeping holidays in the middle', () => {
    expect(end('2025-09-20', [{ amount: 15, unit: 'day' }])).toBe('2025-10-09');
    expect(end('2025-09-20', [{ amount: 15, unit: 'day' }], false)).toBe('2025-10-05');
    expect(end('2025-09-15', [{ amount: 30, unit: 'day' }])).toBe('2025-10-15');
  });

  it('does not move to a weekend: a make-up Saturday is a working day', () => {
    expect(end('2026-02-13', [{ amount: 1, unit: 'day' }])).toBe('2026-02-14');
  });

  it('reports whether every working-day question had official data', () => {
    const inside = periodEnd(parseISODate('2026-06-01'), [{ amount: 3, unit: 'month' }], calendar, {
      rollForward: true,
    });
    const outside = periodEnd(parseISODate('2026-11-01'), [{ amount: 3, unit: 'month' }], calendar, {
      rollForward: true,
    });
    expect([inside.exact, outside.exact]).toEqual([true, false]);
  });
});
