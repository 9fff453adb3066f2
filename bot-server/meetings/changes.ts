/**
 * Changes to a meeting once arranged: cancelling it (by those who run it, or by its DingTalk calendar event), moving
 * it with its calendar event, and the sweep that records as held the meetings whose start has come.
 */
import type { EntityManager } from 'typeorm';
import { Meeting, MeetingAttendee } from '../../entities';
import type { DeadlineService } from '../deadlines/deadline-service';
import type { NewNotification } from '../reminders/outbox';
import type { MeetingAct } from './command';
import { attendeePath, cancelStartReminders, closeReceipts, startReminder } from './invitations';
import { cancelledPayload, rescheduledPayload } from './texts';

/** Cancels a meeting: closes its receipts, withdraws reminders not yet sent, tells whoever was notified. */
export const cancel =
  (reason: string): MeetingAct =>
  async ({ manager, meeting, now, deps }) => {
    const wasNotified = meeting.status === 'notified';
    meeting.status = 'cancelled';
    await manager.getRepository(Meeting).save(meeting);
    const attendees = await manager.getRepository(MeetingAttendee).findBy({ meetingId: meeting.id });
    await closeReceipts(manager, deps.deadlines, attendees, now);
    await cancelStartReminders(
      manager,
      attendees.map((a) => a.id),
    );
    const messages: NewNotification[] = wasNotified
      ? attendees
          .filter((a) => a.userId && a.response !== 'substitute')
          .map((a) => ({
            idempotencyKey: `meeting:${meeting.id}:cancel:${a.id}`,
            channel: 'work_notice' as const,
            kind: 'meeting_cancelled',
            recipientUserId: a.userId,
            subjectType: 'meeting_attendee',
            subjectId: a.id,
            payload: cancelledPayload(meeting, attendeePath(a.id), reason),
          }))
      : [];
    return { messages, audit: { action: 'meeting.cancelled', subjectType: 'meeting', subjectId: meeting.id, reason } };
  };

/**
 * A notified meeting moved in DingTalk's calendar: the new time is kept, reminders not yet sent are replaced and
 * everyone still attending is told. Duban's own change (the calendar); a draft only takes the new time.
 */
export const reschedule =
  (startsAt: Date, endsAt: Date | null): MeetingAct =>
  async ({ manager, meeting, now }) => {
    const before = meeting.startsAt;
    if (
      before.getTime() === startsAt.getTime() &&
      (meeting.endsAt?.getTime() ?? null) === (endsAt?.getTime() ?? null)
    ) {
      return {};
    }
    meeting.startsAt = startsAt;
    meeting.endsAt = endsAt;
    if (meeting.confirmBy && meeting.confirmBy >= startsAt) meeting.confirmBy = startsAt;
    await manager.getRepository(Meeting).save(meeting);
    if (meeting.status !== 'notified' || before.getTime() === startsAt.getTime()) return {};
    const attendees = await manager.getRepository(MeetingAttendee).findBy({ meetingId: meeting.id });
    const attending = attendees.filter((a) => a.userId && (a.response === 'pending' || a.response === 'confirmed'));
    await cancelStartReminders(
      manager,
      attendees.map((a) => a.id),
    );
    return {
      messages: attending.flatMap((a) => [
        {
          idempotencyKey: `meeting:${meeting.id}:moved:${a.id}:${startsAt.toISOString()}`,
          channel: 'work_notice' as const,
          kind: 'meeting_changed',
          recipientUserId: a.userId,
          subjectType: 'meeting_attendee',
          subjectId: a.id,
          payload: rescheduledPayload(meeting, attendeePath(a.id), before),
        },
        ...startReminder(meeting, a, now),
      ]),
      audit: {
        action: 'meeting.rescheduled',
        subjectType: 'meeting',
        subjectId: meeting.id,
        before: { startsAt: before.toISOString() },
        after: { startsAt: startsAt.toISOString() },
      },
    };
  };

/** The sweep's record of a meeting whose start has come: held, and the receipts still open closed (not met on time). */
export async function holdIn(manager: EntityManager, deadlines: DeadlineService, meeting: Meeting, now: Date) {
  if (meeting.status !== 'notified') return;
  meeting.status = 'held';
  await manager.getRepository(Meeting).save(meeting);
  const attendees = await manager.getRepository(MeetingAttendee).findBy({ meetingId: meeting.id });
  await closeReceipts(manager, deadlines, attendees, now);
}
