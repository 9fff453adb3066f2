import { defaultCalendar, formatISODate } from '../calendar';
import { dayNumberOf, daysInMonth } from '../calendar/civil-date';
import { type Assignment, type RotationSlot, rotate } from './rotation';

const calendar = defaultCalendar();

/** The month's shifts, day then night, each a day-off shift as the working-day calendar says. */
function monthSlots(year: number, month: number): RotationSlot[] {
  const slots: RotationSlot[] = [];
  for (let d = 1; d <= daysInMonth(year, month); d++) {
    const date = formatISODate(dayNumberOf(year, month, d));
    for (const kind of ['白班', '夜班']) slots.push({ name: `${date} ${kind}`, special: !calendar.isWorkday(date) });
  }
  return slots;
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const people = (a: Assignment) => [a.leader, ...a.staff];

/** Shifts per person, over every slot or over the day-off slots. */
function counts(slots: RotationSlot[], roster: Assignment[], pool: string[], dayOffOnly: boolean) {
  const tally = new Map(pool.map((id) => [id, 0]));
  roster.forEach((a, i) => {
    if (dayOffOnly && !slots[i]?.special) return;
    for (const id of people(a)) if (tally.has(id)) tally.set(id, (tally.get(id) ?? 0) + 1);
  });
  return [...tally.values()];
}
const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

describe('the fair rotation', () => {
  // 2026-10: 国庆节 and 中秋节 (Oct 1–8 off, two 调休上班 Saturdays); 2026-02: 春节; 2026-12: an ordinary month.
  const months: [number, number][] = [
    [2026, 10],
    [2026, 2],
    [2026, 12],
  ];
  const sizes: [leaders: number, staff: number, perShift: number][] = [
    [3, 4, 1],
    [4, 7, 2],
    [5, 9, 1],
    [2, 6, 2],
    [6, 12, 3],
  ];

  it.each(months)('spreads %i-%i evenly for every team size, day-off shifts too, never two shifts in a row', (y, m) => {
    const slots = monthSlots(y, m);
    expect(slots.some((s) => s.special)).toBe(true);
    for (const [nLeaders, nStaff, perShift] of sizes) {
      const leaders = ids('L', nLeaders);
      const staff = ids('S', nStaff);
      const roster = rotate({ slots, leaders, staff, staffPerShift: perShift });
      expect(roster).toHaveLength(slots.length);
      for (const a of roster) {
        expect(leaders).toContain(a.leader);
        expect(new Set(a.staff).size).toBe(perShift);
        for (const s of a.staff) expect(staff).toContain(s);
      }
      for (const pool of [leaders, staff]) {
        expect(spread(counts(slots, roster, pool, false))).toBeLessThanOrEqual(1);
        expect(spread(counts(slots, roster, pool, true))).toBeLessThanOrEqual(1);
      }
      for (let i = 1; i < roster.length; i++) {
        const shared = people(roster[i] as Assignment).filter((p) => people(roster[i - 1] as Assignment).includes(p));
        expect(shared).toEqual([]);
      }
    }
  });

  it('keeps fixed shifts, counts them, and keeps their neighbours apart from their people', () => {
    const slots = monthSlots(2026, 10);
    slots[4] = { ...(slots[4] as RotationSlot), fixed: { leader: 'L1', staff: ['S1'] } };
    slots[5] = { ...(slots[5] as RotationSlot), fixed: { leader: 'L1', staff: ['S2'] } };
    const leaders = ids('L', 3);
    const staff = ids('S', 4);
    const roster = rotate({ slots, leaders, staff, staffPerShift: 1, before: ['L2', 'S3'], after: ['L3', 'S4'] });
    expect(roster[4]).toEqual({ leader: 'L1', staff: ['S1'] });
    expect(roster[5]).toEqual({ leader: 'L1', staff: ['S2'] });
    for (const i of [3, 6]) expect(people(roster[i] as Assignment)).not.toContain('L1');
    expect(people(roster[3] as Assignment)).not.toContain('S1');
    expect(people(roster[6] as Assignment)).not.toContain('S2');
    expect(people(roster[0] as Assignment)).not.toContain('L2');
    expect(people(roster[0] as Assignment)).not.toContain('S3');
    expect(people(roster[roster.length - 1] as Assignment)).not.toContain('L3');
    expect(people(roster[roster.length - 1] as Assignment)).not.toContain('S4');
    expect(spread(counts(slots, roster, leaders, false))).toBeLessThanOrEqual(1);
    expect(spread(counts(slots, roster, staff, false))).toBeLessThanOrEqual(1);
  });

  it('is deterministic and refuses, naming the shift, when a neighbour leaves nobody to take it', () => {
    const slots = monthSlots(2026, 12);
    const input = { slots, leaders: ids('L', 3), staff: ids('S', 4), staffPerShift: 1 };
    expect(rotate(input)).toEqual(rotate(input));
    const boxed = [
      { name: '2026-12-01 白班', special: false, fixed: { leader: 'L1', staff: ['S1'] } },
      { name: '2026-12-01 夜班', special: false },
      { name: '2026-12-02 白班', special: false, fixed: { leader: 'L2', staff: ['S2'] } },
    ];
    expect(() => rotate({ slots: boxed, leaders: ['L1', 'L2'], staff: ['S1', 'S2', 'S3'], staffPerShift: 1 })).toThrow(
      '2026-12-01 夜班的带班领导人数不足',
    );
  });
});
