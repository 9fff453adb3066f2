import { AuditLog, DisciplineNotice, MeetingAttendee, OutboxNotification } from '../../entities';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import type { Violation } from './discipline';
import type { MeetingDetail, MeetingSummary } from './model';

type ErrorBody = { error: { code: string; message: string } };
type Preview = { violations: Violation[]; meetings: number; overlaps: { number: number }[]; definitions: string };
const at = (text: string) => new Date(text);

const PEOPLE = ['zhenglei', 'shenhong', 'hanlu', 'zhudan', 'qinyue', 'chenjing', 'liming', 'fenggang', 'wangjianguo'];

describe.each(testDatabases())('unit heads, substitutes, notices and the discipline notice on $name', (target) => {
  let clock = at('2023-11-06T10:00:00+08:00');
  const demo = useDemoDuban(target, { users: PEOPLE, clock: { now: () => clock, on: ['meetings'] } });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api/meetings');
  const meetingOf = async (user: string, id: number) => (await call<{ meeting: MeetingDetail }>(user, `/${id}`)).body;
  /** The outbox rows of a kind to one person, oldest first. */
  const outbox = (kind: string, userId: string) =>
    demo.db.getRepository(OutboxNotification).find({ where: { kind, recipientUserId: userId }, order: { id: 'ASC' } });
  const markdown = (row: OutboxNotification | undefined) => String(row?.payload.markdown ?? '');
  const snapshot = async () => ({
    attendees: await demo.db.getRepository(MeetingAttendee).find({ order: { id: 'ASC' } }),
    audit: await demo.db.getRepository(AuditLog).count(),
    outbox: await demo.db.getRepository(OutboxNotification).count(),
  });
  const notified = async (body: Record<string, unknown>) => {
    const created = await call<{ meeting: MeetingDetail }>('zhenglei', '', 'POST', body);
    expect(created.status).toBe(201);
    const id = created.body.meeting.id;
    expect((await call('zhenglei', `/${id}/notify`, 'POST')).status).toBe(200);
    return id;
  };

  it('a unit head who named attendees keeps the meeting, sees whom they named and may change it until the start', async () => {
    clock = at('2023-11-06T10:00:00+08:00');
    const id = await notified({
      type: 'scheduling',
      title: '养老服务体系建设调度会',
      startsAt: '2023-11-08T15:00+08:00',
      attendeeDepartmentIds: ['35'],
    });
    const unitRow = (await meetingOf('shenhong', id)).meeting.units[0];
    expect(unitRow?.named).toEqual([]);
    const path = `/${id}/attendees/${unitRow?.attendeeId}/nominate`;
    expect((await call('shenhong', path, 'POST', { userIds: ['hanlu'] })).status).toBe(200);

    // Still the unit's head: the meeting is listed and shown, with whom they named.
    const seen = await meetingOf('shenhong', id);
    expect(seen.error).toBeUndefined();
    expect(seen.meeting.units.map((u) => [u.unitName, u.named.map((a) => a.userId)])).toEqual([
      ['区民政局', ['hanlu']],
    ]);
    const listed = await call<{ meetings: MeetingSummary[] }>('shenhong', '?mine=1');
    expect(listed.body.meetings.map((m) => m.id)).toContain(id);

    // Changed: 韩露 is told and loses the meeting, the head names themself (the unit's row passes to them).
    const changed = await call<{ meeting: MeetingDetail }>('shenhong', path, 'POST', { userIds: ['shenhong'] });
    expect(changed.body.meeting.units[0]?.named.map((a) => a.userId)).toEqual(['shenhong']);
    expect(changed.body.meeting.units[0]?.attendeeId).toBe(unitRow?.attendeeId);
    expect(markdown((await outbox('meeting_changed', 'hanlu'))[0])).toContain('经区民政局调整，您不再参加本次会议');
    expect((await outbox('meeting_start', 'hanlu')).map((r) => r.status)).toEqual(['cancelled']);
    expect((await meetingOf('hanlu', id)).error.message).toBe('您不在本次会议的参会名单中');
    // The head's notices: the unit's (name the attendees), then their own (answer it).
    const toHead = (await outbox('meeting_notice', 'shenhong')).filter((r) => markdown(r).includes('养老服务体系'));
    expect(toHead.map((r) => r.payload.buttonTitle)).toEqual(['确定参会人员', '确认参会']);

    // Both, then only 韩露 again: the unit's row stays (it takes over 韩露's answer), 沈红 is told.
    await call('shenhong', path, 'POST', { userIds: ['shenhong', 'hanlu'] });
    expect((await call('hanlu', `/${id}/receipt`, 'POST', { response: 'confirmed' })).status).toBe(200);
    const back = await call<{ meeting: MeetingDetail }>('shenhong', path, 'POST', { userIds: ['hanlu'] });
    expect(back.body.meeting.units[0]?.attendeeId).toBe(unitRow?.attendeeId);
    expect(back.body.meeting.units[0]?.named.map((a) => [a.id, a.userId, a.response])).toEqual([
      [unitRow?.attendeeId, 'hanlu', 'confirmed'],
    ]);
    expect(markdown((await outbox('meeting_changed', 'shenhong'))[0])).toContain('您不再参加本次会议');
    expect((await meetingOf('shenhong', id)).meeting.units[0]?.named).toHaveLength(1);

    // Someone of another unit is refused and nothing changes; after the start the list is closed.
    const unchanged = await snapshot();
    const stranger = await call('shenhong', path, 'POST', { userIds: ['qinyue'] });
    expect(stranger.body.error.message).toBe('秦悦不是区民政局人员，只能确定本单位人员参会');
    expect(await snapshot()).toEqual(unchanged);
    clock = at('2023-11-08T15:01:00+08:00');
    expect((await call('shenhong', path, 'POST', { userIds: ['shenhong'] })).status).toBe(409);
    expect((await meetingOf('shenhong', id)).meeting.units[0]?.named.map((a) => a.userId)).toEqual(['hanlu']);
  });

  it('a substitute comes from the invitee’s own unit (leaders may send another leader); the notice names who sent them', async () => {
    clock = at('2023-11-13T10:00:00+08:00');
    const id = await notified({
      type: 'coordination',
      title: '校园周边安全专题协调会',
      startsAt: '2023-11-15T09:00+08:00',
      attendeeUserIds: ['zhudan', 'chenjing'],
    });
    const unchanged = await snapshot();
    for (const [userId, message] of [
      ['wangjianguo', '王建国不是区教育局人员，只能指派本单位人员参会'],
      ['hanlu', '韩露不是区教育局人员，只能指派本单位人员参会'],
    ]) {
      const refused = await call('zhudan', `/${id}/receipt`, 'POST', {
        response: 'substitute',
        substituteUserId: userId,
      });
      expect([refused.status, refused.body.error.message]).toEqual([400, message]);
    }
    expect(await snapshot()).toEqual(unchanged);

    expect(
      (await call('zhudan', `/${id}/receipt`, 'POST', { response: 'substitute', substituteUserId: 'qinyue' })).status,
    ).toBe(200);
    expect(markdown((await outbox('meeting_notice', 'qinyue'))[0])).toContain('您受朱丹指派参加以下会议');
    expect(
      (await call('chenjing', `/${id}/receipt`, 'POST', { response: 'substitute', substituteUserId: 'liming' })).status,
    ).toBe(200);
    expect(markdown((await outbox('meeting_notice', 'liming'))[0])).toContain('您受陈静指派参加以下会议');
  });

  it('the notice gives the end, 参会范围 and 联系人; the reminder before the start never comes with the notice', async () => {
    clock = at('2023-11-20T10:00:00+08:00');
    const id = await notified({
      type: 'scheduling',
      title: '冬季供暖保障调度会',
      startsAt: '2023-11-22T09:00+08:00',
      endsAt: '2023-11-22T10:30+08:00',
      place: '区政府五楼会议室',
      presiderUserId: 'liming',
      attendeeUserIds: ['fenggang'],
      attendeeDepartmentIds: ['35'],
    });
    const notice = markdown((await outbox('meeting_notice', 'fenggang')).at(-1));
    expect(notice).toContain('**会议时间：**11月22日（星期三）09:00至10:30');
    expect(notice).toContain('**主持人：**李明');
    expect(notice).toContain('**参会范围：**区民政局；冯刚');
    expect(notice).toContain('**联系人：**郑磊（秘书科）');
    const reminder = (await outbox('meeting_start', 'fenggang')).at(-1);
    expect(reminder?.scheduledAt.toISOString()).toBe(at('2023-11-22T08:00:00+08:00').toISOString());
    expect(markdown(reminder)).not.toContain('扫码');
    expect(id).toBeGreaterThan(0);

    // Called at short notice: the reminder half-way to the start; none when that is within a minute.
    await notified({
      type: 'other',
      title: '临时碰头会',
      startsAt: '2023-11-20T10:30+08:00',
      attendeeUserIds: ['fenggang'],
    });
    const soon = (await outbox('meeting_start', 'fenggang')).at(-1);
    expect([markdown(soon).includes('临时碰头会'), soon?.scheduledAt.toISOString()]).toEqual([
      true,
      at('2023-11-20T10:15:00+08:00').toISOString(),
    ]);
    const reminders = (await outbox('meeting_start', 'fenggang')).length;
    await notified({
      type: 'other',
      title: '紧急碰头会',
      startsAt: '2023-11-20T10:01:30+08:00',
      attendeeUserIds: ['fenggang'],
    });
    expect(await outbox('meeting_start', 'fenggang')).toHaveLength(reminders);
  });

  it('the discipline notice counts ended meetings only, leaves leaders out unless asked, never twice, and may be withdrawn', async () => {
    clock = at('2023-12-04T10:00:00+08:00');
    const id = await notified({
      type: 'executive',
      title: '区政府第三十次常务会议',
      startsAt: '2023-12-06T09:00+08:00',
      endsAt: '2023-12-06T10:30+08:00',
      attendeeUserIds: ['wangjianguo', 'fenggang', 'zhudan'],
      presiderUserId: 'zhudan',
    });
    const code = (await meetingOf('zhenglei', id)).meeting.signInCode ?? '';
    const preview = async (query = '') =>
      (await call<{ preview: Preview }>('zhenglei', `/discipline/preview?from=2023-12-01&to=2023-12-31${query}`)).body
        .preview;

    // One minute in, with sign-in open: nobody is absent yet, the meeting is not counted.
    clock = at('2023-12-06T09:01:00+08:00');
    expect(await preview()).toMatchObject({ meetings: 0, violations: [] });
    clock = at('2023-12-06T09:10:00+08:00');
    expect((await call('wangjianguo', `/${id}/sign-in`, 'POST', { code })).status).toBe(200);
    expect((await call('zhudan', `/${id}/sign-in`, 'POST', { code })).status).toBe(200);

    // Ended: 冯刚 absent; the 区长 and 朱丹 (主持人), both late, only when the office asks for them.
    clock = at('2023-12-06T10:31:00+08:00');
    const plain = await preview();
    expect(plain.violations.map((v) => [v.name, v.kind])).toEqual([['冯刚', 'absent']]);
    expect(plain.definitions).toContain('区领导及会议主持人不列入通报');
    const withLeaders = await preview('&includeLeaders=true');
    expect(withLeaders.violations.map((v) => [v.name, v.kind]).sort()).toEqual([
      ['冯刚', 'absent'],
      ['朱丹', 'late'],
      ['王建国', 'late'],
    ]);

    const issue = (from: string, to: string) =>
      call<{ notice: DisciplineNotice }>('zhenglei', '/discipline', 'POST', { from, to });
    const first = await issue('2023-12-01', '2023-12-31');
    expect([first.status, first.body.notice.number, first.body.notice.entries.length]).toEqual([201, 1, 1]);

    // An overlapping period is refused (no one named twice for one meeting), and nothing is issued.
    const notices = await demo.db.getRepository(DisciplineNotice).count();
    const twice = await issue('2023-12-06', '2023-12-06');
    expect([twice.status, twice.body.error.message]).toEqual([
      409,
      '统计期间与已印发的2023年第1期通报（2023-12-01至2023-12-31）重叠，同一会议不能重复通报；请调整统计期间，或先撤回该期通报',
    ]);
    expect(await demo.db.getRepository(DisciplineNotice).count()).toBe(notices);
    expect((await preview()).overlaps.map((n) => n.number)).toEqual([1]);

    // Withdrawn: only by 会务, with a reason; audited; the people named are told; the period may be issued again.
    const path = `/discipline/${first.body.notice.id}/withdraw`;
    expect((await call('fenggang', path, 'POST', { reason: '核实有误' })).status).toBe(403);
    expect((await call('zhenglei', path, 'POST', { reason: '' })).status).toBe(400);
    const withdrawn = await call<{ notice: DisciplineNotice }>('zhenglei', path, 'POST', {
      reason: '冯刚已请假，核实有误',
    });
    expect(withdrawn.body.error).toBeUndefined();
    expect(withdrawn.body.notice.withdrawnBy).toBe('zhenglei');
    expect((await call('zhenglei', path, 'POST', { reason: '再次撤回' })).status).toBe(409);
    expect(markdown((await outbox('discipline_withdrawn', 'fenggang'))[0])).toContain('冯刚已请假，核实有误');
    expect(await outbox('discipline_withdrawn', 'zhudan')).toHaveLength(0);
    expect(
      await demo.db
        .getRepository(AuditLog)
        .countBy({ action: 'meeting.discipline_notice.withdrawn', subjectId: String(first.body.notice.id) }),
    ).toBe(1);
    const again = await issue('2023-12-06', '2023-12-06');
    expect([again.status, again.body.notice.number]).toEqual([201, 2]);
  });
});
