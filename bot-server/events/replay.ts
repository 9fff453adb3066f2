import { type DataSource, In } from 'typeorm';
import { InboxEvent } from '../../entities';

/**
 * Makes stored events due again, whatever became of them, so the processor takes them once more: the named ones,
 * or every event parked as failed. Returns the event ids found.
 */
export async function scheduleReplay(db: DataSource, which: { eventIds: string[] } | { failed: true }) {
  const repo = db.getRepository(InboxEvent);
  const rows =
    'failed' in which
      ? await repo.find({ where: { status: 'failed' }, select: { id: true, eventId: true } })
      : await repo.find({ where: { eventId: In(which.eventIds) }, select: { id: true, eventId: true } });
  if (rows.length > 0) {
    await repo.update(
      { id: In(rows.map((r) => r.id)) },
      { status: 'pending', attempts: 0, nextAttemptAt: new Date(), lockedBy: null, lockedUntil: null },
    );
  }
  return rows.map((r) => r.eventId);
}
