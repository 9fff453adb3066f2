/**
 * Reads the details of meetings that DingTalk's calendar named (see dingtalk-events.ts), outside any transaction,
 * then applies them in one: a draft takes the title, time, place, description and invitees; a notified meeting
 * follows a move (everyone attending is told) or a cancellation. Invitees are matched by unionId; those Duban does
 * not know (outside the organisation) are counted, not invented.
 */
import { type DataSource, type EntityManager, In } from 'typeorm';
import { type JsonObject, Meeting, MeetingAttendee, User } from '../../entities';
import { SYSTEM_ACTOR } from '../audit/audit';
import { parseISODate, shanghaiInstant } from '../calendar';
import type { CalendarEvent, OpenApiClient } from '../dingtalk';
import { DingTalkApiError } from '../dingtalk/errors';
import type { Logger } from '../logging/logger';
import type { Actor } from '../supervision';
import { cancel, reschedule } from './changes';
import { type MeetingDeps, record, type Step, transition } from './command';
import { MeetingError } from './errors';
import { accessOf, lockMeeting } from './store';
import { plausibleInstant } from './times';

export type CalendarReader = Pick<OpenApiClient, 'getCalendarEvent'>;

const BATCH = 20;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];

/** An event time: `dateTime` with its offset, or an all-day `date` taken as 09:00 Shanghai. */
function instantOf(time: { date?: string; dateTime?: string } | undefined): Date | null {
  if (time?.dateTime) {
    const at = new Date(time.dateTime);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  return time?.date ? shanghaiInstant(parseISODate(time.date), 9 * 60) : null;
}

export const IMPLAUSIBLE_TIME = '钉钉日程的时间超出合理范围（2000年至五年后），未采用';

/** What a pass needs: the database, the calendar, what meeting commands use, the clock. */
export interface CalendarSync {
  db: DataSource;
  reader: CalendarReader;
  deps: MeetingDeps;
  now: () => Date;
  logger?: Logger;
}

/** Duban's own changes from the calendar, audited as the system's. */
const SYSTEM: Actor = { id: SYSTEM_ACTOR, roles: [] };

export async function syncCalendarMeetings({ db, reader, deps, now, logger }: CalendarSync): Promise<number> {
  const due = await db.getRepository(Meeting).find({ where: { needsSync: true }, order: { id: 'ASC' }, take: BATCH });
  let applied = 0;
  for (const meeting of due) {
    const external = meeting.external ?? {};
    const calendarId = typeof external.calendarId === 'string' ? external.calendarId : 'primary';
    let details: CalendarEvent | null = null;
    let failure: unknown = null;
    for (const unionId of strings(external.unionIds)) {
      try {
        details = await reader.getCalendarEvent(unionId, calendarId, meeting.calendarEventId ?? '');
        break;
      } catch (err) {
        failure = err;
        if (err instanceof DingTalkApiError && err.retryable) break;
      }
    }
    if (!details && failure instanceof DingTalkApiError && failure.retryable) {
      logger?.warn({ meetingId: meeting.id, err: failure.message }, 'calendar event not read; next pass retries');
      continue;
    }
    await db.transaction(async (manager) => {
      const locked = await lockMeeting(manager, meeting.id);
      if (details) await applyDetails(manager, deps, locked, details, now());
      else {
        locked.external = { ...(locked.external ?? {}), syncError: describe(failure) };
        locked.needsSync = false;
        await manager.getRepository(Meeting).save(locked);
      }
    });
    applied++;
  }
  return applied;
}

const describe = (err: unknown) =>
  err instanceof Error ? err.message : err === null ? 'no attendee could read the event' : String(err);

async function applyDetails(
  manager: EntityManager,
  deps: MeetingDeps,
  meeting: Meeting,
  event: CalendarEvent,
  now: Date,
) {
  const unionIds = [event.organizer?.id, ...(event.attendees ?? []).map((a) => a.id)].filter(
    (id): id is string => !!id,
  );
  const users = unionIds.length
    ? await manager.getRepository(User).findBy({ unionId: In(unionIds), active: true })
    : [];
  const byUnion = new Map(users.map((u) => [u.unionId, u]));
  // A time far outside what a meeting can be (year 1900, 9999) is not taken: the meeting keeps the one it has.
  const [start, end] = [instantOf(event.start), instantOf(event.end)];
  const timesTaken = plausibleInstant(start, now) && plausibleInstant(end, now);
  const startsAt = (timesTaken ? start : null) ?? meeting.startsAt;
  const endsAt = timesTaken ? end : meeting.endsAt;
  const cancelled = event.status === 'cancelled';
  const unmatched = unionIds.filter((id) => !byUnion.has(id)).length;
  const { syncError: _previous, ...external } = meeting.external ?? {};
  meeting.external = {
    ...external,
    unmatched,
    eventStatus: event.status ?? null,
    ...(timesTaken ? {} : { syncError: IMPLAUSIBLE_TIME }),
  } as JsonObject;
  meeting.needsSync = false;

  if (meeting.status === 'draft') {
    Object.assign(meeting, {
      title: event.summary?.trim() || meeting.title,
      startsAt,
      endsAt: endsAt && endsAt > startsAt ? endsAt : null,
      place: event.location?.displayName?.trim() || null,
      agenda: event.description?.trim() || null,
      organiserUserId: (event.organizer?.id && byUnion.get(event.organizer.id)?.id) ?? meeting.organiserUserId,
      status: cancelled ? 'cancelled' : 'draft',
    });
    await manager.getRepository(Meeting).save(meeting);
    await manager.delete(MeetingAttendee, { meetingId: meeting.id });
    const invitees = (event.attendees ?? []).flatMap((a) => {
      const user = a.id ? byUnion.get(a.id) : undefined;
      return user ? [user] : [];
    });
    if (invitees.length) {
      await manager.insert(
        MeetingAttendee,
        [...new Map(invitees.map((u) => [u.id, u])).values()].map((u) => ({
          meetingId: meeting.id,
          userId: u.id,
          departmentId: u.primaryDepartmentId,
        })),
      );
    }
    return;
  }
  await manager.getRepository(Meeting).save(meeting);
  if (meeting.status !== 'notified') return;
  const step: Step = { manager, actor: SYSTEM, meeting, now, deps, ...(await accessOf(manager, SYSTEM, meeting)) };
  try {
    // Cancelling goes through the `cancel` row's stages; a move is no action of anyone's, so it has none.
    if (cancelled) await transition(step, 'cancel', cancel('钉钉日程已取消'));
    else await record(step, await reschedule(startsAt, endsAt && endsAt > startsAt ? endsAt : null)(step));
  } catch (err) {
    // A meeting already under way is not moved or cancelled from the calendar; the organiser decides.
    if (!(err instanceof MeetingError)) throw err;
  }
}
