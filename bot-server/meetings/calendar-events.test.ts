import { In } from 'typeorm';
import { Meeting, OutboxNotification } from '../../entities';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import { IMPLAUSIBLE_TIME } from './calendar-sync';
import { PENDING_TITLE } from './dingtalk-events';
import type { MeetingDetail } from './model';

const at = (text: string) => new Date(text);

/** Waits (up to 15 s) until `probe` answers something truthy: events travel through the inbox and the loop. */
async function eventually<T>(probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const until = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting for the event to be applied');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(testDatabases())('meetings made in DingTalk on $name', (target) => {
  const clock = at('2026-12-01T10:00:00+08:00');
  const demo = useDemoDuban(target, { users: ['zhenglei'], clock: { now: () => clock, on: ['meetings'] } });
  const meetings = demo.caller('/api/meetings');
  const call = <T>(path: string, method?: string, body?: unknown) => meetings<T>('zhenglei', path, method, body);
  const sim = () => {
    if (!demo.duban.simulator) throw new Error('the demo runs a simulator');
    return demo.duban.simulator;
  };

  it('adopts a calendar event, then follows it when it moves and when it is cancelled', async () => {
    const event = sim().state.saveCalendarEvent({
      organizerUserId: 'liming',
      summary: '全区安全生产工作调度会',
      description: '听取各单位安全生产大检查进展',
      start: '2026-12-04T15:00:00+08:00',
      end: '2026-12-04T16:30:00+08:00',
      location: '区政府五楼会议室',
      attendeeUserIds: ['fenggang', 'xuqiang'],
    });
    const draft = await eventually(async () => {
      const row = await demo.db.getRepository(Meeting).findOneBy({ calendarEventId: event.id });
      return row && !row.needsSync ? row : null;
    });
    expect(draft).toMatchObject({
      title: '全区安全生产工作调度会',
      status: 'draft',
      origin: 'calendar',
      place: '区政府五楼会议室',
      organiserUserId: 'liming',
    });
    expect(draft.startsAt.toISOString()).toBe('2026-12-04T07:00:00.000Z');
    const listed = await call<{ meetings: { id: number; origin: string }[] }>('?status=draft');
    expect(listed.body.meetings.map((m) => m.id)).toContain(draft.id);

    const detail = (await call<{ meeting: MeetingDetail }>(`/${draft.id}`)).body.meeting;
    expect(detail.attendees.map((a) => a.userId).sort()).toEqual(['fenggang', 'xuqiang']);
    expect(detail.adopted).toBe(false);
    // Nothing official happens to a draft from DingTalk before 会务 adopt it (认领).
    const early = await call<{ error: { message: string } }>(`/${draft.id}/notify`, 'POST');
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('该会议来自钉钉，请先认领再发送通知');
    const claimed = await call<{ meeting: MeetingDetail }>(`/${draft.id}/adopt`, 'POST');
    expect(claimed.status).toBe(200);
    expect(claimed.body.meeting.adopted).toBe(true);
    const adopted = await call<{ meeting: MeetingDetail }>(`/${draft.id}`, 'PUT', {
      type: 'scheduling',
      title: detail.title,
      startsAt: detail.startsAt,
      endsAt: detail.endsAt,
      place: detail.place,
      attendeeUserIds: ['fenggang', 'xuqiang', 'hanbing'],
    });
    expect(adopted.status).toBe(200);
    expect((await call<{ meeting: MeetingDetail }>(`/${draft.id}/notify`, 'POST')).body.meeting.status).toBe(
      'notified',
    );

    sim().state.saveCalendarEvent({ ...event, start: '2026-12-04T16:00:00+08:00', end: '2026-12-04T17:00:00+08:00' });
    const moved = await eventually(async () => {
      const row = await demo.db.getRepository(Meeting).findOneByOrFail({ id: draft.id });
      return row.startsAt.toISOString() === '2026-12-04T08:00:00.000Z' ? row : null;
    });
    expect(moved.status).toBe('notified');
    const attendeeIds = adopted.body.meeting.attendees.map((a) => a.id);
    const messages = (kind: string, status?: 'pending') =>
      demo.db
        .getRepository(OutboxNotification)
        .findBy({ kind, subjectId: In(attendeeIds), ...(status ? { status } : {}) });
    const told = await messages('meeting_changed');
    expect(told.map((row) => row.recipientUserId).sort()).toEqual(['fenggang', 'hanbing', 'xuqiang']);
    const starts = await messages('meeting_start', 'pending');
    expect(starts.every((row) => row.scheduledAt.toISOString() === '2026-12-04T07:00:00.000Z')).toBe(true);
    expect(starts).toHaveLength(3);

    sim().state.saveCalendarEvent({ ...event, status: 'cancelled' });
    await eventually(
      async () => (await demo.db.getRepository(Meeting).findOneByOrFail({ id: draft.id })).status === 'cancelled',
    );
    expect(await messages('meeting_cancelled')).toHaveLength(3);
    expect(await messages('meeting_start', 'pending')).toHaveLength(0);
  });

  it('does not take a DingTalk time outside 2000 … five years ahead (year 9999), for a calendar event or a video meeting', async () => {
    const event = sim().state.saveCalendarEvent({
      organizerUserId: 'liming',
      summary: '时间有误的钉钉日程',
      start: '9999-12-04T15:00:00+08:00',
      end: '9999-12-04T16:30:00+08:00',
      attendeeUserIds: ['fenggang'],
    });
    const draft = await eventually(async () => {
      const row = await demo.db.getRepository(Meeting).findOneBy({ calendarEventId: event.id });
      return row && !row.needsSync ? row : null;
    });
    expect(draft.title).toBe('时间有误的钉钉日程');
    expect(draft.startsAt.getUTCFullYear()).toBeLessThan(2100);
    expect(draft.endsAt).toBeNull();
    expect(draft.external?.syncError).toBe(IMPLAUSIBLE_TIME);

    await sim().deliverEvent({
      eventType: 'meeting_status_change',
      data: {
        openConfModel: {
          conferenceId: 'conf-9999',
          title: '时间有误的视频会议',
          status: 0,
          startTime: Date.parse('9999-12-05T09:00:00+08:00'),
          creatorId: 'union-liming',
        },
        statusSeqNum: 1,
        changeScene: 'conference_created',
      },
    });
    const video = await eventually(() =>
      demo.db.getRepository(Meeting).findOneBy({ calendarEventId: 'conference:conf-9999' }),
    );
    expect(video.startsAt.getUTCFullYear()).toBeLessThan(2100);
    // Both are listed like any draft.
    expect((await call<{ meetings: { id: number }[] }>('?status=draft')).status).toBe(200);
  });

  it('records a video meeting that has no calendar event as a draft to adopt', async () => {
    await sim().deliverEvent({
      eventType: 'meeting_status_change',
      data: {
        openConfModel: {
          conferenceId: 'conf-77',
          title: '防汛工作视频调度会',
          status: 0,
          startTime: Date.parse('2026-12-05T09:00:00+08:00'),
          creatorId: 'union-liming',
        },
        statusSeqNum: 1,
        changeScene: 'conference_created',
      },
    });
    const row = await eventually(() =>
      demo.db.getRepository(Meeting).findOneBy({ calendarEventId: 'conference:conf-77' }),
    );
    expect(row).toMatchObject({ title: '防汛工作视频调度会', origin: 'video', organiserUserId: 'liming' });
    expect(row.title).not.toBe(PENDING_TITLE);
  });
});
