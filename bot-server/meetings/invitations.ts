/**
 * What an invitation sets going: the receipt deadline (回执, purpose `confirm`) with its one reminder, the 会议通知 to
 * the invitee (or to the heads of an invited unit), the reminder before the start; and withdrawing or putting back
 * what is not yet sent when the arrangements change. Messages are returned, for the command to write to the outbox.
 */
import { type EntityManager, In } from 'typeorm';
import { Deadline, Department, type Meeting, MeetingAttendee, OutboxNotification, User } from '../../entities';
import type { DeadlineService } from '../deadlines/deadline-service';
import type { NewNotification } from '../reminders/outbox';
import { unitOfRow } from './facts';
import { unitHeads, unitNames, userNames } from './store';
import { type NoticeContext, noticePayload, startReminderPayload } from './texts';

/** The reminder to everyone attending goes out this long before the start. */
export const START_REMINDER_MINUTES = 60;
/** Without a confirm-by time, receipts are due this long before the start. */
export const DEFAULT_CONFIRM_LEAD_MINUTES = 120;
/** The reminder to those who have not answered goes out this long before the confirm-by time (or half-way). */
export const RECEIPT_REMINDER_MINUTES = 120;

export const MINUTE = 60_000;

/** The page of an invitation in the mini-app: every message links to it. */
export const attendeePath = (attendeeId: number) => `/m/meeting_attendee/${attendeeId}`;

/** The confirm-by time of a meeting notified at `now` without one: 2 hours before, or half the time that is left. */
export function defaultConfirmBy(meeting: Meeting, now: Date): Date {
  const wanted = new Date(meeting.startsAt.getTime() - DEFAULT_CONFIRM_LEAD_MINUTES * MINUTE);
  // A meeting called at short notice: half the time that is left.
  return wanted > now ? wanted : new Date(now.getTime() + (meeting.startsAt.getTime() - now.getTime()) / 2);
}

/** The receipt deadline and messages of one invitee (a person, or a unit whose heads name the attendees). */
export async function inviteIn(
  manager: EntityManager,
  deadlines: DeadlineService,
  meeting: Meeting,
  attendee: MeetingAttendee,
  now: Date,
  options: { delegatedBy?: string } = {},
): Promise<NewNotification[]> {
  const confirmBy = meeting.confirmBy ?? meeting.startsAt;
  const span = confirmBy.getTime() - now.getTime();
  const remindAt = new Date(confirmBy.getTime() - Math.min(RECEIPT_REMINDER_MINUTES * MINUTE, span / 2));
  const deadline = await deadlines.createAtInstant(manager, {
    subjectType: 'meeting_attendee',
    subjectId: attendee.id,
    purpose: 'confirm',
    receivedAt: now,
    dueAt: confirmBy,
    assigneeUserId: attendee.userId,
    departmentId: attendee.departmentId,
    urgent: true,
    warnings: span > 0 ? [{ kind: 'before_confirm', at: remindAt, label: '回执截止前提醒' }] : [],
  });
  await manager.update(MeetingAttendee, { id: attendee.id }, { deadlineId: deadline.id });
  attendee.deadlineId = deadline.id;
  const context = { ...(await noticeContext(manager, meeting)), ...options };
  if (attendee.userId) {
    return [noticeTo(meeting, attendee, attendee.userId, context), ...startReminder(meeting, attendee, now)];
  }
  const unit = attendee.departmentId
    ? await manager.getRepository(Department).findOneBy({ id: attendee.departmentId })
    : null;
  const heads = await unitHeads(manager, attendee.departmentId);
  return heads.map((head) => noticeTo(meeting, attendee, head, { ...context, unit: unit?.name ?? '贵单位' }));
}

/** 参会范围 (the units invited, then the people invited by name, the first few of each) and 联系人 (the organiser). */
async function noticeContext(manager: EntityManager, meeting: Meeting): Promise<NoticeContext> {
  const rows = await manager.getRepository(MeetingAttendee).findBy({ meetingId: meeting.id });
  const units = await unitNames(manager);
  const unitIds = [...new Set(rows.flatMap((r) => unitOfRow(r) ?? []))];
  const people = rows.filter((r) => r.userId && !r.substituteForId && !unitOfRow(r)).map((r) => r.userId);
  const names = await userNames(manager, [...people, meeting.organiserUserId, meeting.presiderUserId]);
  const few = (items: string[], unit: string) =>
    items.length > 5 ? `${items.slice(0, 5).join('、')}等${items.length}${unit}` : items.join('、');
  const scope = [
    few(
      unitIds.map((id) => units.get(id) ?? id),
      '个单位',
    ),
    few(
      people.map((id) => names.get(id as string) ?? (id as string)),
      '人',
    ),
  ].filter((part) => part);
  const organiser = meeting.organiserUserId;
  const organiserUnit = organiser
    ? (await manager.getRepository(User).findOneBy({ id: organiser }))?.primaryDepartmentId
    : null;
  return {
    presider: meeting.presiderUserId ? (names.get(meeting.presiderUserId) ?? undefined) : undefined,
    scope: scope.join('；') || undefined,
    contact: organiser
      ? `${names.get(organiser) ?? organiser}${organiserUnit && units.get(organiserUnit) ? `（${units.get(organiserUnit)}）` : ''}`
      : undefined,
  };
}

function noticeTo(
  meeting: Meeting,
  attendee: MeetingAttendee,
  userId: string,
  options: NoticeContext,
): NewNotification {
  return {
    // A unit's notice has its own key: the head may later name themself on the same row.
    idempotencyKey: `meeting:${meeting.id}:${options.unit ? 'unit-notice' : 'notice'}:${attendee.id}:${userId}`,
    channel: 'work_notice',
    kind: 'meeting_notice',
    recipientUserId: userId,
    subjectType: 'meeting_attendee',
    subjectId: attendee.id,
    payload: noticePayload(meeting, attendeePath(attendee.id), options),
  };
}

/**
 * The reminder before the start, at most once: 60 minutes before, or half-way from now when that has passed (a
 * meeting called at short notice); none when that would come within a minute of the notice itself.
 */
export function startReminder(meeting: Meeting, attendee: MeetingAttendee, now: Date): NewNotification[] {
  const left = meeting.startsAt.getTime() - now.getTime();
  const lead = left > START_REMINDER_MINUTES * MINUTE ? START_REMINDER_MINUTES * MINUTE : left / 2;
  const at = new Date(meeting.startsAt.getTime() - lead);
  if (at.getTime() - now.getTime() < MINUTE) return [];
  return [
    {
      idempotencyKey: `meeting:${meeting.id}:start:${attendee.id}:${attendee.userId}:${meeting.startsAt.toISOString()}`,
      channel: 'work_notice',
      kind: 'meeting_start',
      recipientUserId: attendee.userId,
      subjectType: 'meeting_attendee',
      subjectId: attendee.id,
      payload: startReminderPayload(meeting, attendeePath(attendee.id)),
      scheduledAt: at,
    },
  ];
}

/** The start reminder again, for someone who asked for leave and then confirmed after all. */
export async function reinstateStartReminder(
  manager: EntityManager,
  meeting: Meeting,
  attendee: MeetingAttendee,
  now: Date,
): Promise<NewNotification[]> {
  const reminders = startReminder(meeting, attendee, now);
  for (const reminder of reminders) {
    await manager.update(
      OutboxNotification,
      { idempotencyKey: reminder.idempotencyKey, status: 'cancelled' },
      { status: 'pending', lastError: null },
    );
  }
  return reminders;
}

/** Withdraws the start reminders not yet sent (leave, a substitute, a cancellation, a move). */
export async function cancelStartReminders(manager: EntityManager, attendeeIds: number[]): Promise<void> {
  if (attendeeIds.length === 0) return;
  await manager
    .createQueryBuilder()
    .update(OutboxNotification)
    .set({ status: 'cancelled', lastError: '会议安排已变更' })
    .where("kind = 'meeting_start' AND status = 'pending' AND subject_type = 'meeting_attendee'")
    .andWhere('subject_id IN (:...ids)', { ids: attendeeIds })
    .execute();
}

/** Closes the receipt deadlines still open (the meeting was cancelled, or has started). */
export async function closeReceipts(
  manager: EntityManager,
  deadlines: DeadlineService,
  attendees: MeetingAttendee[],
  now: Date,
): Promise<void> {
  const ids = attendees.flatMap((a) => (a.deadlineId ? [a.deadlineId] : []));
  if (ids.length === 0) return;
  const open = await manager.getRepository(Deadline).findBy({ id: In(ids), status: 'open' });
  for (const deadline of open) await deadlines.close(manager, deadline.id, now);
}
