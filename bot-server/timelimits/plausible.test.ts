import { TimeLimitError } from './errors';
import { checkPastInstant, checkPeriod, checkPlannedDate } from './plausible';

const now = new Date('2026-12-04T04:00:00Z');
const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof TimeLimitError ? err.code : `other: ${String(err)}`;
  }
  return 'accepted';
};

describe('plausible dates', () => {
  it('accepts planned days from 2000 to the end of the fifth year ahead, and nothing outside', () => {
    expect(checkPlannedDate('2031-12-31', now)).toBe('2031-12-31');
    expect(checkPlannedDate('2000-01-01', now)).toBe('2000-01-01');
    expect(refused(() => checkPlannedDate('2032-01-01', now))).toBe('implausible_date');
    expect(refused(() => checkPlannedDate('9999-12-31', now))).toBe('implausible_date');
    expect(refused(() => checkPlannedDate('1999-12-31', now))).toBe('implausible_date');
  });

  it('names the allowed range in Chinese', () => {
    expect(() => checkPlannedDate('9999-12-31', now, '办理期限')).toThrow(
      expect.objectContaining({ messageZh: '办理期限应在2000年1月1日至2031年12月31日之间' }),
    );
  });

  it('accepts past instants up to today in Shanghai, refusing tomorrow and invalid instants', () => {
    // 2026-12-04 23:30 in Shanghai is still today there.
    expect(checkPastInstant(new Date('2026-12-04T15:30:00Z'), now)).toBeInstanceOf(Date);
    expect(refused(() => checkPastInstant(new Date('2026-12-04T16:30:00Z'), now))).toBe('implausible_date');
    expect(refused(() => checkPastInstant(new Date('1900-01-01T00:00:00Z'), now))).toBe('implausible_date');
    expect(refused(() => checkPastInstant(new Date(Number.NaN), now))).toBe('implausible_date');
  });

  it('accepts periods inside 2000 … next year of at most ten years, refusing reversed and longer ones', () => {
    expect(checkPeriod('2026-01-01', '2027-12-31', now)).toEqual({ from: '2026-01-01', to: '2027-12-31' });
    expect(refused(() => checkPeriod('1900-01-01', '9999-12-31', now))).toBe('implausible_date');
    expect(refused(() => checkPeriod('2026-02-01', '2026-01-01', now))).toBe('implausible_date');
    expect(refused(() => checkPeriod('2010-01-01', '2026-12-31', now))).toBe('implausible_date');
    expect(refused(() => checkPeriod('2026-01-01', '2028-01-01', now))).toBe('implausible_date');
  });
});
