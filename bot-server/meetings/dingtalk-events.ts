/**
 * Meetings made in DingTalk reach Duban through two events (docs/dingtalk.md §2.5):
 *
 * - `calendar_event_change` names a calendar event (日程) and the unionIds of its attendees, not its details. The
 *   handler records the event as a draft meeting waiting to be adopted (待认领), marked `needs_sync`; the meetings
 *   loop then reads the details (title, time, place, invitees) through the calendar API, outside any transaction.
 *   A later change marks it again: a draft takes the new details, a notified meeting moves (everyone attending is
 *   told) or is cancelled when the event is.
 * - `meeting_status_change` (视频会议) carries its own title, start and creator: a conference not already known
 *   through its calendar event becomes a draft directly.
 *
 * Adopting (认领) is 会务's step in the mini-app: adopt, choose the type, check the invitees, send the notices
 * (see permissions.ts: until then the DingTalk organiser may only see the draft).
 */
import type { EntityManager } from 'typeorm';
import { type JsonObject, Meeting, User } from '../../entities';
import type { InboxProcessor, StoredEvent } from '../events/inbox-processor';
import { plausibleInstant } from './times';

export interface MeetingEventDependencies {
  /** Called after an event left a meeting whose details must be read from DingTalk (wakes the meetings loop). */
  meetingsTouched?: () => void;
}

type Data = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number' && Number.isFinite(value)
      ? String(value)
      : undefined;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.flatMap((v) => text(v) ?? []) : []);

/** Placeholder title until the details are read. */
export const PENDING_TITLE = '钉钉日程（正在读取详情）';

export function registerMeetingHandlers(processor: InboxProcessor, deps: MeetingEventDependencies): void {
  processor.on('calendar_event_change', async (event, manager) => {
    if (await recordCalendarEvent(manager, event)) deps.meetingsTouched?.();
  });
  processor.on('meeting_status_change', async (event, manager) => {
    await recordVideoMeeting(manager, event);
  });
}

function merged(external: JsonObject | null, patch: JsonObject): JsonObject {
  const unionIds = [...new Set([...strings(external?.unionIds), ...strings(patch.unionIds)])];
  return { ...(external ?? {}), ...patch, unionIds };
}

/** Records (or marks for re-reading) the meeting of a calendar event; false when the event names none. */
export async function recordCalendarEvent(manager: EntityManager, event: StoredEvent): Promise<boolean> {
  const data: Data = event.data;
  const eventId = text(data.calendarEventId);
  if (!eventId) return false;
  const patch: JsonObject = {
    calendarId: text(data.calendarId) ?? 'primary',
    unionIds: strings(data.unionIdList),
    changeType: text(data.changeType) ?? null,
  };
  const repository = manager.getRepository(Meeting);
  const existing = await repository.findOneBy({ calendarEventId: eventId });
  if (existing) {
    await repository.update({ id: existing.id }, { external: merged(existing.external, patch), needsSync: true });
    return true;
  }
  await repository.insert({
    type: 'other',
    title: PENDING_TITLE,
    startsAt: event.bornAt,
    status: 'draft',
    origin: 'calendar',
    calendarEventId: eventId,
    external: merged(null, patch),
    needsSync: true,
  });
  return true;
}

/** A video meeting (视频会议) not known through its calendar event becomes a draft from what the event says. */
export async function recordVideoMeeting(manager: EntityManager, event: StoredEvent): Promise<void> {
  const model = (event.data.openConfModel ?? {}) as Data;
  const conferenceId = text(model.conferenceId);
  if (!conferenceId) return;
  const key = text(model.calendarEventId) ?? `conference:${conferenceId}`;
  const repository = manager.getRepository(Meeting);
  const existing = await repository.findOneBy({ calendarEventId: key });
  const patch: JsonObject = { conferenceId, conferenceStatus: text(model.status) ?? null };
  if (existing) {
    await repository.update({ id: existing.id }, { external: merged(existing.external, patch) });
    return;
  }
  const start = Number(model.startTime);
  // A start outside 2000 … five years ahead (a bad or test value) is not taken; the event's own time stands in.
  const startsAt =
    Number.isFinite(start) && start > 0 && plausibleInstant(new Date(start), event.bornAt)
      ? new Date(start)
      : event.bornAt;
  const creatorId = text(model.creatorId);
  // DingTalk does not say whether creatorId is a userId or a unionId: either finds the person.
  const creator = creatorId
    ? await manager.getRepository(User).findOne({ where: [{ id: creatorId }, { unionId: creatorId }] })
    : null;
  await repository.insert({
    type: 'other',
    title: text(model.title) ?? '钉钉视频会议',
    startsAt,
    status: 'draft',
    origin: 'video',
    calendarEventId: key,
    organiserUserId: creator?.id ?? null,
    external: merged(null, patch),
    // With a calendar event behind it, the calendar API has the invitees.
    needsSync: key !== `conference:${conferenceId}`,
  });
}
