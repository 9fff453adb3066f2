import type { EntityManager } from 'typeorm';
import {
  AuditLog,
  Bulletin,
  Deadline,
  Department,
  ExtensionRequest,
  Matter,
  MatterPeriod,
  type MatterStatus,
  ProgressReport,
  User,
} from '../../entities';
import { seededRandom } from '../../scripts/seeded-random';
import { formatISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar/civil-date';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { supervisionOverDemoOrganisation } from '../test-support/supervision';
import { dueDateOf } from '../timelimits';
import { type BulletinData, computeBulletin } from './bulletin';
import { Supervision } from './index';
import { firstDayOfMonth, nextMonth } from './months';

const DAY = 86_400_000;
const t = (text: string) => new Date(`${text}+08:00`);
const STATUSES: MatterStatus[] = ['assigned', 'accepted', 'in_progress', 'returned', 'completed', 'evaluated'];

/**
 * The definition of what a bulletin reads: every matter assigned before the month's end and not completed before
 * the year began, each row whole, and everything of theirs (deadlines, approved extensions, periods and their
 * reports, urges before the end) — filtered by the figures, not by the query.
 */
async function everything(supervision: Supervision, manager: EntityManager, month: string): Promise<BulletinData> {
  const year = Number(month.slice(0, 4));
  const end = shanghaiInstant(firstDayOfMonth(nextMonth(month)));
  const yearStart = shanghaiInstant(firstDayOfMonth(`${year}-01`));
  const matters = (await manager.getRepository(Matter).find({ order: { id: 'ASC' } })).filter(
    (m) => m.assignedAt < end && (!m.completedAt || m.completedAt >= yearStart),
  );
  const ids = new Set(matters.map((m) => m.id));
  const deadlines = new Map((await manager.getRepository(Deadline).find()).map((d) => [d.id, d]));
  const reports = new Map((await manager.getRepository(ProgressReport).find()).map((r) => [r.id, r]));
  const periodic = new Set(matters.filter((m) => m.periodic).map((m) => m.id));
  const users = new Map((await manager.getRepository(User).find()).map((u) => [u.id, u.name]));
  return {
    month,
    matters: matters.map((m) => ({
      id: m.id,
      number: m.number,
      title: m.title,
      source: m.source,
      year: m.year,
      leadDepartmentId: m.leadDepartmentId,
      responsibleName: m.responsibleUserId ? (users.get(m.responsibleUserId) ?? m.responsibleUserId) : null,
      assignedAt: m.assignedAt,
      completedAt: m.completedAt,
      originalDueAt: (m.deadlineId && deadlines.get(m.deadlineId)?.originalDueAt) || null,
      outcomeClass: m.outcomeClass,
      metDeputy: m.metDeputy,
      satisfaction: m.satisfaction,
    })),
    extensions: (await manager.getRepository(ExtensionRequest).find({ order: { id: 'ASC' } }))
      .filter((e) => ids.has(e.matterId) && e.status === 'approved' && e.decidedAt && e.grantedDueAt)
      .map((e) => ({ matterId: e.matterId, decidedAt: e.decidedAt as Date, grantedDueAt: e.grantedDueAt as Date })),
    urges: (await manager.getRepository(AuditLog).find())
      .filter((a) => a.action === 'matter.urged' && a.subjectType === 'matter' && a.at < end)
      .map((a) => ({ matterId: Number(a.subjectId), at: a.at }))
      .filter((u) => ids.has(u.matterId)),
    periods: (await manager.getRepository(MatterPeriod).find()).flatMap((p) => {
      const d = p.deadlineId ? deadlines.get(p.deadlineId) : undefined;
      if (!periodic.has(p.matterId) || !d) return [];
      const report = p.reportId ? reports.get(p.reportId) : undefined;
      return [{ matterId: p.matterId, period: p.period, dueAt: d.dueAt, reportedAt: report?.reportedAt ?? null }];
    }),
    units: (await manager.getRepository(Department).find()).map((d) => ({
      id: d.id,
      name: d.name,
      sortOrder: d.sortOrder,
    })),
    previousRanks: null,
    issuedThisYear: await manager.getRepository(Bulletin).countBy({ year }),
    calendar: supervision.matters.deadlines.calendar(),
    asOf: supervision.matters.now(),
  };
}

describe.each(testDatabases())('what a bulletin reads on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let supervision: Supervision;
  let clock = t('2026-12-10T10:00:00');

  beforeAll(async () => {
    const opened = await supervisionOverDemoOrganisation(scratch.db, () => clock);
    supervision = opened.supervision;
    const { deadlines } = opened;
    const units = (await scratch.db.getRepository(Department).find()).map((d) => d.id).slice(0, 5);
    const users = (await scratch.db.getRepository(User).find()).map((u) => u.id).slice(0, 4);
    const version = deadlines.calendar().version;
    const rnd = seededRandom(20251231);
    const instant = (from: string, days: number) => new Date(t(from).getTime() + rnd.int(0, days * 24 - 1) * 3_600_000);
    await scratch.db.transaction(async (manager) => {
      const deadline = (
        subjectType: 'matter' | 'matter_period',
        subjectId: number,
        receivedAt: Date,
        dueAt: Date,
        originalDueAt: Date,
      ) =>
        manager.getRepository(Deadline).save({
          subjectType,
          subjectId,
          purpose: subjectType === 'matter' ? 'complete' : 'report',
          receivedAt,
          receivedDate: formatISODate(shanghaiDayNumber(receivedAt)),
          dueDate: dueDateOf(dueAt),
          dueAt,
          originalDueDate: dueDateOf(originalDueAt),
          originalDueAt,
          calendarVersion: version,
        });
      for (let i = 1; i <= 160; i++) {
        // From late 2024 to 2026, so that matters carried over, from other years and completed later all occur.
        const assignedAt = instant('2024-11-01T00:00:00', 760);
        const originalDueAt = new Date(assignedAt.getTime() + rnd.int(5, 94) * DAY);
        const status = rnd.pick(STATUSES);
        const done = status === 'completed' || status === 'evaluated';
        const source = rnd.pick(['key_work', 'npc_suggestion', 'cppcc_proposal', 'leader_instruction'] as const);
        const periodic = source === 'key_work';
        const { id } = await manager.getRepository(Matter).save({
          year: Number(formatISODate(shanghaiDayNumber(assignedAt)).slice(0, 4)),
          source,
          sequence: i,
          number: `随机〔${i}〕号`,
          title: `随机事项${i}`,
          leadDepartmentId: rnd.pick(units),
          responsibleUserId: rnd.chance(3 / 4) ? rnd.pick(users) : null,
          status,
          periodic,
          assignedAt,
          completedAt: done ? new Date(originalDueAt.getTime() + rnd.int(-40, 19) * DAY) : null,
          outcomeClass: done ? rnd.pick(['A', 'B', 'C', 'D', null] as const) : null,
          metDeputy: done ? rnd.pick([true, false, null]) : null,
          satisfaction: done ? rnd.pick(['satisfied', 'basically_satisfied', 'dissatisfied', null] as const) : null,
        });
        let dueAt = originalDueAt;
        // Extensions: approved (some decided at the same instant, some without a granted date), refused and pending.
        for (let k = rnd.int(0, 3); k > 0; k--) {
          const decidedAt = rnd.chance(0.5) ? instant('2025-01-01T00:00:00', 730) : t('2025-06-30T12:00:00');
          const granted = new Date(dueAt.getTime() + rnd.int(1, 30) * DAY);
          const decision = rnd.pick(['approved', 'approved', 'refused', 'pending'] as const);
          await manager.getRepository(ExtensionRequest).save({
            matterId: id,
            requestedByUserId: rnd.pick(users),
            reason: '随机延期',
            requestedAt: decidedAt,
            previousDueAt: dueAt,
            requestedDueAt: granted,
            grantedDueAt: decision === 'approved' && rnd.chance(4 / 5) ? granted : null,
            status: decision,
            decidedAt: decision === 'pending' ? null : decidedAt,
          });
          if (decision === 'approved') dueAt = granted;
        }
        if (rnd.chance(7 / 8)) {
          const d = await deadline('matter', id, assignedAt, dueAt, originalDueAt);
          await manager.getRepository(Matter).update({ id }, { deadlineId: d.id });
        }
        for (let k = rnd.int(0, 3); k > 0; k--) {
          await manager.getRepository(AuditLog).save({
            at: instant('2025-01-01T00:00:00', 730),
            actor: 'sunli',
            action: rnd.chance(4 / 5) ? 'matter.urged' : 'matter.accepted',
            subjectType: 'matter',
            subjectId: String(id),
          });
        }
        // Monthly reports, of periodic matters (and stray ones of others, which the figures ignore).
        if (periodic || rnd.chance(1 / 10)) {
          for (let month = formatISODate(shanghaiDayNumber(assignedAt)).slice(0, 7), n = 0; n < 4; n++) {
            const period = await manager.getRepository(MatterPeriod).save({ matterId: id, period: month });
            const due = shanghaiInstant(firstDayOfMonth(nextMonth(month)) + rnd.int(0, 9));
            const d = rnd.chance(5 / 6) ? await deadline('matter_period', period.id, assignedAt, due, due) : null;
            const report = rnd.chance(2 / 3)
              ? await manager.getRepository(ProgressReport).save({
                  matterId: id,
                  periodId: period.id,
                  userId: rnd.pick(users),
                  content: '随机月报',
                  reportedAt: new Date(due.getTime() + rnd.int(-12, 7) * DAY),
                })
              : null;
            await manager
              .getRepository(MatterPeriod)
              .update({ id: period.id }, { deadlineId: d?.id ?? null, reportId: report?.id ?? null });
            month = nextMonth(month);
          }
        }
      }
    });
  });

  const months = ['2025-01', '2025-03', '2025-06', '2025-09', '2025-12', '2026-02', '2026-07', '2026-12'];
  it.each(months)('computes the figures of %s as from every row', async (month) => {
    for (const now of [t('2026-12-10T10:00:00'), t('2025-09-15T08:00:00')]) {
      clock = now;
      const expected = computeBulletin(await everything(supervision, scratch.db.manager, month));
      expect(await supervision.bulletins.computeIn(scratch.db.manager, month, false)).toEqual(expected);
    }
  });

  it('met every figure on the way (the comparison is not vacuous)', async () => {
    clock = t('2026-12-10T10:00:00');
    const all = await Promise.all(months.map((m) => supervision.bulletins.computeIn(scratch.db.manager, m, false)));
    const sum = (f: (b: (typeof all)[number]) => number) => all.reduce((n, b) => n + f(b), 0);
    expect(sum((b) => b.totals.extended)).toBeGreaterThan(0);
    expect(sum((b) => b.totals.urged)).toBeGreaterThan(0);
    expect(sum((b) => b.totals.overdueOpen)).toBeGreaterThan(0);
    expect(sum((b) => b.totals.completedLate)).toBeGreaterThan(0);
    expect(sum((b) => b.keyWork.reduce((n, k) => n + k.onTime + k.late + k.missing, 0))).toBeGreaterThan(0);
    expect(sum((b) => b.deputy[2]?.replied ?? 0)).toBeGreaterThan(0);
  });
});
