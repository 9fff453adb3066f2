import { CALLER_TYPES, PetitionVisit, PhoneCall } from '../../entities';
import { seededRandom } from '../../scripts/seeded-random';
import { formatISODate, parseISODate, shanghaiDayNumber, WorkCalendar } from '../calendar';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { DUTY_SPECS, dutyFigures, monthsOf } from './duty-figures';
import { computeFigures, drillFigure, type Period } from './engine';

/**
 * The 值班信访 figures against the records: random visits and calls (rows as duty/petitions.ts and duty/phone-log.ts
 * write them, many of them near a Shanghai midnight), then for random periods and scopes every figure, the calls of
 * each month and each drill-down's total must equal the same thing counted here from the rows.
 */

const NOW = new Date('2026-01-20T02:00:00Z');
const UNITS = ['31', '32', '33', '34', null] as const;
const FIRST_DAY = parseISODate('2024-01-01');
const DAYS = 731;
const SEED = 20261205;

const dateOf = (instant: Date) => formatISODate(shanghaiDayNumber(instant));
const within = (instant: Date, p: Period) => dateOf(instant) >= p.from && dateOf(instant) <= p.to;

describe.each(testDatabases())('值班信访 figures against the records on $name', (target) => {
  const scratch = useScratchDatabase(target);
  const rnd = seededRandom(SEED);
  const visits: PetitionVisit[] = [];
  const calls: PhoneCall[] = [];

  /** An instant in 2024–2025; a third of them within a minute of a Shanghai midnight (16:00 UTC). */
  const instant = () => {
    const day = FIRST_DAY + rnd.int(0, DAYS - 1);
    const midnight = Date.UTC(1970, 0, 1) + day * 86_400_000 - 8 * 3_600_000;
    const offset = rnd.chance(0.33) ? rnd.int(-60, 59) * 1000 : rnd.int(0, 86_399) * 1000;
    return new Date(midnight + offset);
  };

  beforeAll(async () => {
    const db = scratch.db;
    for (let i = 0; i < 300; i++) {
      await db.getRepository(PetitionVisit).insert({
        visitedAt: instant(),
        petitioners: rnd.chance(0.2) ? rnd.int(5, 40) : rnd.int(1, 4),
        representativeName: `来访人${i}`,
        representativeContact: null,
        content: `反映事项${i}`,
        departmentId: rnd.pick(UNITS),
        handling: null,
        outcome: rnd.pick(['answered', 'referred', null] as const),
        earlierVisitId: null,
        matterId: null,
        recordedBy: 'zhenglei',
        updatedBy: null,
      });
      await db.getRepository(PhoneCall).insert({
        calledAt: instant(),
        callerType: rnd.pick(CALLER_TYPES),
        topic: `来电${i}`,
        outcome: 'answered',
        referredDepartmentId: null,
        recordedBy: 'zhenglei',
        updatedBy: null,
      });
    }
    visits.push(...(await db.getRepository(PetitionVisit).find()));
    calls.push(...(await db.getRepository(PhoneCall).find()));
  });

  /** A random period inside the data: a few days, a few months, or more than a quarter (counted in slices). */
  const period = (): Period => {
    const from = FIRST_DAY + rnd.int(0, DAYS - 1);
    const length = rnd.pick([0, 3, 40, 200, 500]);
    return { from: formatISODate(from), to: formatISODate(Math.min(from + length, FIRST_DAY + DAYS - 1)) };
  };

  it('counts visits, people, collective visits and calls as the rows do, for random periods and scopes', async () => {
    const db = scratch.db;
    const calendar = new WorkCalendar();
    let compared = 0;
    for (let round = 0; round < 25; round++) {
      const p = period();
      const unit = rnd.pick(UNITS);
      const callerType = rnd.pick(CALLER_TYPES);
      const inPeriod = visits.filter((v) => within(v.visitedAt, p));
      const ofUnit = unit === null ? inPeriod : inPeriod.filter((v) => v.departmentId === unit);
      const scope = unit === null ? {} : { unit };
      const counted = await computeFigures(db.manager, calendar, { db, now: NOW }, DUTY_SPECS, p, scope);
      expect([p, unit, counted.get('duty.petitionVisits')?.value]).toEqual([p, unit, ofUnit.length]);
      expect(counted.get('duty.petitioners')?.value).toBe(ofUnit.reduce((sum, v) => sum + v.petitioners, 0));
      expect(counted.get('duty.collectiveVisits')?.value).toBe(ofUnit.filter((v) => v.petitioners >= 5).length);
      // A unit does not narrow the calls: they belong to the office as a whole; a caller type does.
      expect(counted.get('duty.phoneCalls')?.value).toBe(calls.filter((c) => within(c.calledAt, p)).length);
      const typed = await computeFigures(db.manager, calendar, { db, now: NOW }, DUTY_SPECS, p, { type: callerType });
      expect(typed.get('duty.phoneCalls')?.value).toBe(
        calls.filter((c) => within(c.calledAt, p) && c.callerType === callerType).length,
      );

      for (const spec of DUTY_SPECS) {
        const drill = await drillFigure(db.manager, calendar, { db, now: NOW }, spec, p, scope, {
          limit: 500,
          offset: 0,
        });
        expect([spec.id, drill.total]).toEqual([spec.id, counted.get(spec.id)?.records]);
        expect(drill.items.every((item) => item.date >= p.from && item.date <= p.to)).toBe(true);
        if (spec.kind === 'sum') {
          expect(drill.items.reduce((sum, item) => sum + (item.amount ?? 0), 0)).toBe(counted.get(spec.id)?.value);
        }
        compared++;
      }
    }
    expect(compared).toBe(25 * DUTY_SPECS.length);
  }, 120_000);

  it('counts the calls of each month of a period, its first and last months cut to the period', async () => {
    const db = scratch.db;
    const calendar = new WorkCalendar();
    for (let round = 0; round < 6; round++) {
      const p = period();
      const figures = await dutyFigures(db.manager, calendar, { db, now: NOW }, p);
      expect(figures.phoneCallsByMonth.map((m) => ({ from: m.from, to: m.to }))).toEqual(monthsOf(p));
      for (const m of figures.phoneCallsByMonth) {
        expect([m.month, m.count]).toEqual([m.month, calls.filter((c) => within(c.calledAt, m)).length]);
      }
      const total = figures.phoneCallsByMonth.reduce((sum, m) => sum + m.count, 0);
      expect(figures.figures.find((f) => f.id === 'duty.phoneCalls')?.value).toBe(total);
    }
    expect(monthsOf({ from: '2024-01-31', to: '2024-03-01' })).toEqual([
      { from: '2024-01-31', to: '2024-01-31' },
      { from: '2024-02-01', to: '2024-02-29' },
      { from: '2024-03-01', to: '2024-03-01' },
    ]);
  });
});
