import type { DataSource } from 'typeorm';
import { AuditLog, DisciplineNotice, Matter, Meeting, MeetingAttendee } from '../../entities';
import { isMysql } from '../../entities/data-source';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import type { MeetingDetail, MeetingSummary } from './model';

type Body = {
  error?: { code: string; message: string };
  meeting?: MeetingDetail;
  meetings?: MeetingSummary[];
  notices?: { id: number; entryCount: number }[];
};

/**
 * Dates and periods far outside what an office can mean (1900, 9999) are refused on input, in the service, with
 * the shared rule of timelimits/plausible.ts (planned days 2000 … the end of the fifth year ahead; periods 2000 …
 * the end of next year); and a row stored before, or one whose time cannot be read, never breaks a list.
 */
describe.each(testDatabases())('meeting dates and periods on $name', (target) => {
  // A planned day may fall up to 2031-12-31; a period may end up to 2027-12-31.
  const clock = new Date('2026-12-04T10:00:00+08:00');
  const demo = useDemoDuban(target, {
    users: ['zhenglei', 'sunli'],
    clock: { now: () => clock, on: ['meetings', 'matters'] },
  });
  const call = demo.caller<Body>('/api/meetings');
  const snapshot = async () => ({
    meetings: await demo.db.getRepository(Meeting).find({ order: { id: 'ASC' } }),
    notices: await demo.db.getRepository(DisciplineNotice).count(),
    matters: await demo.db.getRepository(Matter).count(),
    audit: await demo.db.getRepository(AuditLog).count(),
  });
  const implausible = (res: { status: number; body: Body }) => [
    res.status,
    res.body.error?.code,
    res.body.error?.message,
  ];
  const meeting = {
    type: 'coordination',
    title: '城市更新专题协调会',
    startsAt: '2026-12-10T09:00:00+08:00',
    attendeeUserIds: ['fenggang'],
  };

  it('refuses meeting times outside 2000 … 2031, creating or changing a meeting, and changes nothing', async () => {
    const before = await snapshot();
    expect(
      implausible(await call('zhenglei', '', 'POST', { ...meeting, startsAt: '9999-12-31T09:00:00+08:00' })),
    ).toEqual([400, 'implausible_date', '会议时间应在2000年1月1日至2031年12月31日之间']);
    expect(
      implausible(await call('zhenglei', '', 'POST', { ...meeting, startsAt: '1900-01-01T09:00:00+08:00' })),
    ).toEqual([400, 'implausible_date', '会议时间应在2000年1月1日至2031年12月31日之间']);
    expect(
      implausible(await call('zhenglei', '', 'POST', { ...meeting, endsAt: '9999-12-31T11:00:00+08:00' })),
    ).toEqual([400, 'implausible_date', '会议结束时间应在2000年1月1日至2031年12月31日之间']);
    expect(await snapshot()).toEqual(before);

    // The last plausible day is accepted; a change to 9999 is refused like a new meeting.
    const made = await call('zhenglei', '', 'POST', { ...meeting, startsAt: '2031-12-31T09:00:00+08:00' });
    expect(made.status).toBe(201);
    const id = made.body.meeting?.id as number;
    const unchanged = await snapshot();
    expect(
      implausible(await call('zhenglei', `/${id}`, 'PUT', { ...meeting, startsAt: '9999-12-31T09:00:00+08:00' })),
    ).toEqual([400, 'implausible_date', '会议时间应在2000年1月1日至2031年12月31日之间']);
    expect(await snapshot()).toEqual(unchanged);
  });

  it('refuses discipline-notice, figures and list periods outside 2000 … 2027, issuing nothing', async () => {
    const before = await snapshot();
    const period = [400, 'implausible_date', '统计期间应在2000年1月1日至2027年12月31日之间'];
    expect(implausible(await call('zhenglei', '/discipline/preview?from=1900-01-01&to=9999-12-31'))).toEqual(period);
    expect(
      implausible(await call('zhenglei', '/discipline', 'POST', { from: '1900-01-01', to: '9999-12-31' })),
    ).toEqual(period);
    expect(implausible(await call('zhenglei', '/figures?from=1900-01-01&to=2026-12-31'))).toEqual(period);
    expect(implausible(await call('zhenglei', '/figures?from=2026-01-01&to=9999-12-31'))).toEqual(period);
    expect(implausible(await call('zhenglei', '/discipline/preview?from=2026-12-31&to=2026-01-01'))).toEqual([
      400,
      'implausible_date',
      '统计期间的结束日期早于开始日期',
    ]);
    expect(implausible(await call('zhenglei', '?from=1900-01-01'))).toEqual([
      400,
      'implausible_date',
      '查询日期应在2000年1月1日至2031年12月31日之间',
    ]);
    expect(implausible(await call('zhenglei', '?to=9999-12-31'))).toEqual([
      400,
      'implausible_date',
      '查询日期应在2000年1月1日至2031年12月31日之间',
    ]);
    expect(await snapshot()).toEqual(before);
    expect((await call('zhenglei', '/figures?from=2026-01-01&to=2026-12-31')).status).toBe(200);
  });

  it('refuses a decision due 9999-12-31, making no matter', async () => {
    const made = await call('zhenglei', '', 'POST', meeting);
    const id = made.body.meeting?.id as number;
    expect((await call('zhenglei', `/${id}/notify`, 'POST')).status).toBe(200);
    const before = await snapshot();
    const res = await call('sunli', `/${id}/decisions`, 'POST', {
      content: '区住建局牵头完成片区改造方案',
      leadDepartmentId: '33',
      dueDate: '9999-12-31',
    });
    expect(implausible(res)).toEqual([400, 'implausible_date', '办理期限应在2000年1月1日至2031年12月31日之间']);
    expect(await snapshot()).toEqual(before);
  });

  it('lists rows stored before the rule, and leaves out a row whose time cannot be read, without failing', async () => {
    // As an old import or a hand edit left them: a meeting in 9999, one whose start is unreadable, a notice of
    // 1900–9999 whose entries are missing.
    const far = await demo.db.getRepository(Meeting).insert({
      type: 'other',
      title: '期限有误的历史会议',
      startsAt: new Date('9999-12-30T01:00:00.000Z'),
      status: 'held',
      origin: 'duban',
      organiserUserId: 'zhenglei',
    });
    const farId = Number(far.identifiers[0]?.id);
    await demo.db.getRepository(MeetingAttendee).insert({ meetingId: farId, userId: 'fenggang', departmentId: '31' });
    const broken = await demo.db.getRepository(Meeting).insert({
      type: 'other',
      title: '时间无法读取的会议',
      startsAt: new Date('2026-12-01T01:00:00.000Z'),
      status: 'draft',
      origin: 'duban',
      organiserUserId: 'zhenglei',
    });
    const brokenId = Number(broken.identifiers[0]?.id);
    await unreadableStart(demo.db, brokenId);
    const notice = await demo.db.getRepository(DisciplineNotice).insert({
      year: 1900,
      number: 1,
      title: '期间有误的历史通报',
      periodStart: '1900-01-01',
      periodEnd: '9999-12-31',
      entries: [],
      issuedBy: 'zhenglei',
      issuedAt: new Date('2026-01-05T02:00:00.000Z'),
    });
    await demo.db.query("UPDATE discipline_notice SET entries = 'null' WHERE id = ?", [notice.identifiers[0]?.id]);

    const listed = await call('zhenglei', '');
    expect(listed.status).toBe(200);
    const ids = (listed.body.meetings ?? []).map((m) => m.id);
    expect(ids).toContain(farId);
    expect(ids).not.toContain(brokenId);
    const mine = await call('zhenglei', '?mine=1');
    expect(mine.status).toBe(200);
    expect((await call('zhenglei', `/${farId}`)).body.meeting?.startsAt).toBe('9999-12-30T01:00:00.000Z');
    expect((await call('zhenglei', `/${brokenId}`)).status).toBe(404);

    const notices = await call('zhenglei', '/discipline');
    expect(notices.status).toBe(200);
    expect(notices.body.notices?.find((n) => n.entryCount === 0)).toBeDefined();
    expect((await call('zhenglei', '/figures?from=2026-01-01&to=2026-12-31')).status).toBe(200);
  });
});

/** Leaves a meeting's start as a value no driver reads as a time (MySQL's zero date; text in SQLite). */
async function unreadableStart(db: DataSource, id: number) {
  if (!isMysql(db)) {
    await db.query("UPDATE meeting SET starts_at = 'not a time' WHERE id = ?", [id]);
    return;
  }
  const runner = db.createQueryRunner();
  try {
    const [mode] = await runner.query('SELECT @@SESSION.sql_mode AS mode');
    await runner.query("SET SESSION sql_mode = ''");
    await runner.query("UPDATE meeting SET starts_at = '0000-00-00 00:00:00' WHERE id = ?", [id]);
    await runner.query('SET SESSION sql_mode = ?', [mode.mode]);
  } finally {
    await runner.release();
  }
}
