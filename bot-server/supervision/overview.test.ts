import { Deadline, Matter, type MatterStatus, MatterUnit, type Role, UserDepartment } from '../../entities';
import { seededRandom } from '../../scripts/seeded-random';
import { formatISODate, parseISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar/civil-date';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { supervisionOverDemoOrganisation } from '../test-support/supervision';
import { dueDateOf } from '../timelimits';
import { Supervision } from './index';
import { LIGHTS, TIMELINESS } from './status';
import type { Actor } from './types';

const actor = (id: string, role: Role, scope = '*'): Actor => ({ id, roles: [{ role, scope }] });
const t = (text: string) => new Date(`${text}+08:00`);
const STATUSES: MatterStatus[] = ['assigned', 'accepted', 'in_progress', 'returned', 'completed', 'evaluated'];

/**
 * The nows the overview is read at: due-soon boundaries over a weekend (Friday, Saturday, Sunday, Monday), the eve of
 * and days inside the Spring Festival and National Day holidays, and instants just before and after midnight.
 */
const NOWS = [
  '2026-01-16T10:00:00',
  '2026-01-17T09:00:00',
  '2026-01-18T23:59:59',
  '2026-01-19T00:00:00',
  '2026-02-13T17:30:00',
  '2026-02-18T12:00:00',
  '2026-02-24T08:00:00',
  '2026-09-30T23:59:00',
  '2026-10-05T10:00:00',
].map(t);

describe.each(testDatabases())('supervision overview on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let supervision: Supervision;
  let clock = NOWS[0] as Date;
  const seen = new Set<string>();
  const viewers: Actor[] = [actor('wangjianguo', 'leader'), actor('hanbing', 'unit_head', '33')];

  beforeAll(async () => {
    const opened = await supervisionOverDemoOrganisation(scratch.db, () => clock);
    supervision = opened.supervision;
    const { deadlines } = opened;
    const member = await scratch.db
      .getRepository(UserDepartment)
      .findOneOrFail({ where: {}, order: { userId: 'ASC' } });
    viewers.push(actor(member.userId, 'staff'));
    const units = ['33', '35', member.departmentId];
    const version = deadlines.calendar().version;
    const rnd = seededRandom(20260120);
    const sequence = new Map<string, number>();
    await scratch.db.transaction(async (manager) => {
      // Around each now: due dates from 4 days before to 14 after, due at 24:00 or at 17:30 of the day.
      for (const now of NOWS) {
        const today = shanghaiDayNumber(now);
        for (let i = 0; i < 36; i++) {
          const kind = rnd.int(0, 11);
          const dueDay = kind === 0 ? parseISODate('2099-12-31') : today + rnd.int(-4, 14);
          const dueAt = shanghaiInstant(dueDay + (rnd.chance(0.5) ? 1 : 0), rnd.chance(0.5) ? 0 : 17 * 60 + 30);
          const extended = rnd.chance(1 / 4);
          const originalDueAt = extended ? new Date(dueAt.getTime() - rnd.int(0, 9) * 86_400_000) : dueAt;
          const status = rnd.pick(STATUSES);
          const assignedAt = new Date(now.getTime() - rnd.int(20, 59) * 86_400_000);
          const year = kind === 1 ? 2025 : 2026;
          const source = rnd.pick(['key_work', 'npc_suggestion'] as const);
          const key = `${year}-${source}`;
          sequence.set(key, (sequence.get(key) ?? 0) + 1);
          const deadline =
            kind === 2
              ? null
              : await manager.getRepository(Deadline).save({
                  subjectType: 'matter',
                  subjectId: 0,
                  purpose: 'complete',
                  receivedAt: assignedAt,
                  receivedDate: formatISODate(shanghaiDayNumber(assignedAt)),
                  dueDate: dueDateOf(dueAt),
                  dueAt,
                  originalDueDate: dueDateOf(originalDueAt),
                  originalDueAt,
                  calendarVersion: version,
                  calendarScope: rnd.chance(1 / 3) ? '33' : 'office',
                  extensions: extended ? [{ amount: 1 }] : rnd.pick([null, []]),
                });
          const matter = await manager.getRepository(Matter).save({
            year,
            source,
            sequence: sequence.get(key) as number,
            number: `${key}-${sequence.get(key)}`,
            title: '随机事项',
            leadDepartmentId: rnd.pick(units),
            status,
            deadlineId: deadline?.id ?? null,
            assignedAt,
            completedAt:
              status === 'completed' || status === 'evaluated'
                ? new Date(dueAt.getTime() + rnd.int(-10, 10) * 43_200_000)
                : null,
          });
          if (deadline) await manager.getRepository(Deadline).update({ id: deadline.id }, { subjectId: matter.id });
          if (rnd.chance(1 / 3))
            await manager.getRepository(MatterUnit).save({ matterId: matter.id, departmentId: rnd.pick(units) });
        }
      }
    });
  });

  /** The definition: `classify` over every matter the viewer's list shows. */
  async function byClassify(viewer: Actor, year?: number) {
    const { matters } = await supervision.matters.list(viewer, year ? { year } : {});
    const byTimeliness = Object.fromEntries(
      TIMELINESS.map((k) => [k, matters.filter((m) => m.timeliness === k).length]),
    );
    const byLight = Object.fromEntries(LIGHTS.map((k) => [k, matters.filter((m) => m.light === k).length]));
    return { total: matters.length, byTimeliness, byLight };
  }

  it.each(NOWS.map((now) => [now.toISOString(), now]))(
    'equals classify over the listed matters at %s',
    async (_, now) => {
      clock = now as Date;
      for (const viewer of viewers) {
        for (const year of [2026, 2025, undefined]) {
          const expected = await byClassify(viewer, year);
          expect({ viewer: viewer.id, year, ...(await supervision.matters.overview(viewer, year)) }).toEqual({
            viewer: viewer.id,
            year,
            ...expected,
          });
        }
      }
      const all = await byClassify(viewers[0] as Actor);
      for (const [k, n] of Object.entries(all.byTimeliness)) if (n > 0) seen.add(k);
    },
  );

  it('met every status at a glance on the way (the comparison is not vacuous)', () => {
    expect([...seen].sort()).toEqual([...TIMELINESS].sort());
  });
});
