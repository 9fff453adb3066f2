import { DisciplineNotice, Meeting, MeetingAttendee } from '../../entities';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import { docxText } from '../test-support/zip';
import type { MeetingDetail, MeetingSummary } from './model';
import type { MeetingTypeView } from './types';

type Body = {
  error?: { code: string; message: string };
  meeting?: MeetingDetail;
  meetings?: MeetingSummary[];
  types?: MeetingTypeView[];
};

/** The names an object inherits: a lookup on a plain object must not find them. */
const INHERITED = ['toString', '__proto__', 'constructor'] as const;

/**
 * Values that are names of Object.prototype's members, sent to the API or found in stored rows, are just unknown
 * values to the meetings area: refused as input, shown as themselves, never a function or an object in an answer.
 */
describe.each(testDatabases())('inherited property names as values on $name', (target) => {
  const clock = new Date('2026-12-04T10:00:00+08:00');
  const office = { id: 'zhenglei', roles: [{ role: 'meeting_office' as const, scope: '*' }] };
  const demo = useDemoDuban(target, {
    users: ['zhenglei', 'hemin', 'fenggang', 'qianwei'],
    clock: { now: () => clock, on: ['meetings'] },
  });
  const call = demo.caller<Body>('/api/meetings');

  it.each(INHERITED)('refuses %s as a meeting type, a status or a receipt, changing nothing', async (value) => {
    const before = await demo.db.getRepository(Meeting).count();
    const made = await call('zhenglei', '', 'POST', {
      type: value,
      title: '专题协调会',
      startsAt: '2026-12-10T09:00:00+08:00',
      attendeeUserIds: ['fenggang'],
    });
    expect([made.status, made.body.error?.message]).toEqual([400, '请选择有效的会议类型']);
    expect(await demo.db.getRepository(Meeting).count()).toBe(before);
    const byType = await call('zhenglei', `?type=${encodeURIComponent(value)}`);
    expect([byType.status, byType.body.meetings]).toEqual([200, []]);
    expect((await call('zhenglei', `?status=${encodeURIComponent(value)}`)).status).toBe(400);

    const meeting = await demo.duban.services().meetings.create(office, {
      type: 'other',
      title: '回执测试会议',
      startsAt: new Date('2026-12-10T09:00:00+08:00'),
      attendeeUserIds: ['fenggang'],
    });
    await demo.duban.services().meetings.notify(office, meeting.id);
    const receipt = await call('fenggang', `/${meeting.id}/receipt`, 'POST', { response: value });
    expect(receipt.status).toBe(400);
    expect(
      (await demo.db.getRepository(MeetingAttendee).findOneByOrFail({ meetingId: meeting.id, userId: 'fenggang' }))
        .response,
    ).toBe('pending');
  });

  it('treats a type the office adds under the code constructor as its own, ordinary type', async () => {
    const saved = await call('qianwei', '/types/constructor', 'PUT', { name: '座谈会' });
    expect(saved.status).toBe(200);
    expect(saved.body.types?.find((t) => t.code === 'constructor')).toMatchObject({
      name: '座谈会',
      builtIn: false,
      official: false,
    });
    for (const code of ['toString', '__proto__']) {
      expect((await call('qianwei', `/types/${code}`, 'PUT', { name: '座谈会' })).status).toBe(400);
    }
    // Not official: the organiser of an adopted ordinary draft may give it this type.
    const draft = await demo.duban.services().meetings.create(office, {
      type: 'other',
      title: '科室工作会',
      startsAt: new Date('2026-12-10T15:00:00+08:00'),
      organiserUserId: 'hemin',
      attendeeUserIds: ['fenggang'],
    });
    const changed = await call('hemin', `/${draft.id}`, 'PUT', {
      type: 'constructor',
      title: '科室工作会',
      startsAt: '2026-12-10T15:00:00+08:00',
      attendeeUserIds: ['fenggang'],
    });
    expect([changed.status, changed.body.meeting?.typeName]).toEqual([200, '座谈会']);
  });

  it('shows stored statuses, receipts and discipline entries named like inherited members as plain text', async () => {
    for (const value of INHERITED) {
      const inserted = await demo.db.getRepository(Meeting).insert({
        type: 'other',
        title: `状态为${value}的会议`,
        startsAt: new Date('2026-11-20T01:00:00.000Z'),
        status: value as never,
        origin: 'duban',
        organiserUserId: 'zhenglei',
      });
      await demo.db.getRepository(MeetingAttendee).insert({
        meetingId: Number(inserted.identifiers[0]?.id),
        userId: 'zhenglei',
        departmentId: '21',
        response: value as never,
      });
    }
    const listed = await call('zhenglei', '?mine=1');
    expect(listed.status).toBe(200);
    const odd = (listed.body.meetings ?? []).filter((m) => m.title.startsWith('状态为'));
    expect(odd).toHaveLength(3);
    for (const m of odd) {
      expect(typeof m.statusName).toBe('string');
      expect(m.mine.map((a) => typeof a.responseName)).toEqual(['string']);
    }

    const notice = await demo.db.getRepository(DisciplineNotice).insert({
      year: 2026,
      number: 90,
      title: '关于2026年11月违反会风会纪情况的通报（2026年第90期）',
      periodStart: '2026-11-01',
      periodEnd: '2026-11-30',
      entries: INHERITED.map((kind, i) => ({
        meetingId: 1,
        meetingTitle: '专题协调会',
        startsAt: '2026-11-20T01:00:00.000Z',
        attendeeId: i + 1,
        userId: 'fenggang',
        name: '冯刚',
        unit: '区发展和改革委员会',
        kind,
        minutesLate: null,
      })),
      issuedBy: 'zhenglei',
      issuedAt: new Date('2026-12-01T02:00:00.000Z'),
    });
    const docx = await fetch(`${demo.duban.url}/api/meetings/discipline/${notice.identifiers[0]?.id}/notice.docx`, {
      headers: { authorization: `Bearer ${demo.tokens.zhenglei}` },
    });
    expect(docx.status).toBe(200);
    const words = docxText(Buffer.from(await docx.arrayBuffer()));
    expect(words).toContain('冯刚');
    // An unknown kind is shown as it is stored, in place of a situation's name.
    for (const kind of INHERITED) expect(words).toContain(kind);
    for (const leak of ['function', 'native code', '[object Object]']) expect(words).not.toContain(leak);
  });
});
