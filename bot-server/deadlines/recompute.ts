import { type EntityManager, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { Deadline as DeadlineRow } from '../../entities';
import { audit, SYSTEM_ACTOR } from '../audit/audit';
import type { CalendarChange, CalendarRegistry } from '../calendar';
import type { Logger } from '../logging/logger';
import { recomputeDeadline, selectDeadlinesToRecompute } from '../timelimits';
import { columnsOf, storedOf } from './rows';

/** Open deadlines a calendar change moved: which, from when, to when. */
export type Recomputed = { deadlineId: number; oldDueAt: Date; newDueAt: Date }[];

/**
 * Recomputes the open deadlines the changes can move: a pre-filter in SQL (open, span touches the changed days
 * or approximate), the exact test in `selectDeadlinesToRecompute`, then one audited update per moved deadline.
 */
export async function recomputeAffected(
  manager: EntityManager,
  logger: Logger,
  registry: CalendarRegistry,
  changes: CalendarChange[],
  why: string,
): Promise<Recomputed> {
  const dates = changes.flatMap((c) => c.dates).sort();
  const coverageChanged = changes.some((c) => c.coverageChanged);
  if (dates.length === 0 && !coverageChanged) return [];
  const repo = manager.getRepository(DeadlineRow);
  const candidates = [
    ...(dates.length
      ? await repo.find({
          where: {
            status: 'open',
            receivedDate: LessThanOrEqual(dates.at(-1) as string),
            dueDate: MoreThanOrEqual(dates[0] as string),
          },
        })
      : []),
    ...(coverageChanged ? await repo.find({ where: { status: 'open', approximate: true } }) : []),
  ].filter((row, i, all) => row.inputs !== null && all.findIndex((r) => r.id === row.id) === i);

  const stored = candidates.map((row) => ({ row, ...storedOf(row) }));
  const affected = selectDeadlinesToRecompute(stored, changes);
  const moved: Recomputed = [];
  for (const item of affected) {
    const { deadline, changed } = recomputeDeadline(item, registry.calendar(item.calendarScope));
    const columns = columnsOf(deadline);
    if (!changed) {
      // Same instant: only what it was computed with is brought up to date, and a row already current is left be
      // (every start settles estimates; an untouched row is not written again).
      if (item.row.calendarVersion !== columns.calendarVersion || item.row.approximate !== columns.approximate) {
        await repo.update(
          { id: item.row.id },
          { calendarVersion: columns.calendarVersion, approximate: columns.approximate },
        );
      }
      continue;
    }
    await repo.update({ id: item.row.id }, columns);
    await audit(manager, {
      actor: SYSTEM_ACTOR,
      action: 'deadline.recomputed',
      subjectType: 'deadline',
      subjectId: item.row.id,
      before: { dueDate: item.row.dueDate, dueAt: item.row.dueAt.toISOString() },
      after: { dueDate: deadline.dueDate, dueAt: deadline.dueAt.toISOString() },
      reason: why,
    });
    moved.push({ deadlineId: item.row.id, oldDueAt: item.row.dueAt, newDueAt: deadline.dueAt });
  }
  if (moved.length) logger.info({ moved: moved.length, why }, 'deadlines recomputed after a calendar change');
  return moved;
}
