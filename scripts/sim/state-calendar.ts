/** Calendar events (日程) and their change events (docs/dingtalk.md §2.5). */
import type { Directory } from './state-org';

/** A calendar event (日程) as `GET /v1.0/calendar/users/{unionId}/calendars/{calendarId}/events/{eventId}` shows it. */
export interface SimCalendarEvent {
  id: string;
  calendarId: string;
  organizerUserId: string;
  summary: string;
  description?: string;
  /** ISO-8601 with offset. */
  start: string;
  end: string;
  location?: string;
  attendeeUserIds: string[];
  status: 'confirmed' | 'cancelled';
  createTime: string;
  updateTime: string;
}

export interface CalendarOptions {
  directory: Directory;
  now: () => number;
  onEvent: (eventType: string, data: Record<string, unknown>) => void;
}

export class Calendar {
  readonly events = new Map<string, SimCalendarEvent>();
  private nextEvent = 1;
  private readonly options: CalendarOptions;

  constructor(options: CalendarOptions) {
    this.options = options;
  }

  private now(): number {
    return this.options.now();
  }

  /**
   * Creates or changes a calendar event, as a user would in DingTalk's calendar, and pushes `calendar_event_change`
   * naming it (the event carries the id and the attendees' unionIds, not the details).
   */
  saveCalendarEvent(
    input: Omit<SimCalendarEvent, 'id' | 'calendarId' | 'createTime' | 'updateTime' | 'status'> & {
      id?: string;
      status?: SimCalendarEvent['status'];
    },
  ): SimCalendarEvent {
    for (const userId of [input.organizerUserId, ...input.attendeeUserIds]) {
      if (!this.options.directory.users.has(userId)) throw new Error(`unknown user ${userId}`);
    }
    if (Number.isNaN(Date.parse(input.start)) || Number.isNaN(Date.parse(input.end))) {
      throw new Error('start and end must be ISO-8601 instants');
    }
    const existing = input.id ? this.events.get(input.id) : undefined;
    if (input.id && !existing) throw new Error(`unknown calendar event ${input.id}`);
    const now = new Date(this.now()).toISOString();
    const event: SimCalendarEvent = {
      ...input,
      id: existing?.id ?? `cal-evt-${this.nextEvent++}`,
      calendarId: 'primary',
      status: input.status ?? 'confirmed',
      createTime: existing?.createTime ?? now,
      updateTime: now,
    };
    this.events.set(event.id, event);
    const unionIds = [event.organizerUserId, ...event.attendeeUserIds].map(
      (id) => this.options.directory.users.get(id)?.unionid,
    );
    this.options.onEvent('calendar_event_change', {
      calendarEventId: event.id,
      calendarId: event.calendarId,
      calendarEventUpdateTime: Date.parse(now),
      unionIdList: unionIds,
      changeType: existing ? (event.status === 'cancelled' ? 'delete' : 'update') : 'create',
      operator: { type: 'user' },
      legacyCalendarEventId: event.id,
    });
    return event;
  }

  calendarEventView(unionId: string, eventId: string): Record<string, unknown> | undefined {
    const event = this.events.get(eventId);
    if (!event) return undefined;
    const byUnion = (userId: string) => this.options.directory.users.get(userId);
    const visible = [event.organizerUserId, ...event.attendeeUserIds].some((id) => byUnion(id)?.unionid === unionId);
    if (!visible) return undefined;
    const person = (userId: string, responseStatus: string) => ({
      id: byUnion(userId)?.unionid,
      displayName: byUnion(userId)?.name,
      responseStatus,
      self: byUnion(userId)?.unionid === unionId,
    });
    return {
      id: event.id,
      summary: event.summary,
      ...(event.description ? { description: event.description } : {}),
      start: { dateTime: event.start, timeZone: 'Asia/Shanghai' },
      end: { dateTime: event.end, timeZone: 'Asia/Shanghai' },
      isAllDay: false,
      ...(event.location ? { location: { displayName: event.location } } : {}),
      organizer: person(event.organizerUserId, 'accepted'),
      attendees: event.attendeeUserIds.map((id) => person(id, 'needsAction')),
      status: event.status,
      createTime: event.createTime,
      updateTime: event.updateTime,
    };
  }
}
