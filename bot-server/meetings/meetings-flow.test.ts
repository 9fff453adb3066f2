import { AuditLog, Deadline, Matter, MeetingAttendee, OutboxNotification } from '../../entities';
import type { SimMessage } from '../../scripts/sim/state';
import { loadConfig } from '../config/config';
import { reminderSettingsOf } from '../reminders/settings';
import type { MeetingFigures } from '../reports/meeting-figures';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import { callJson } from '../test-support/http';
import { docxText } from '../test-support/zip';
import type { Violation } from './discipline';
import type { MeetingDetail, MeetingSummary } from './model';

type ErrorBody = { error: { code: string; message: string } };
type WorkNotice = Extract<SimMessage, { kind: 'work_notice' }>;
const at = (text: string) => new Date(text);

const PEOPLE = [
  'zhenglei',
  'fenggang',
  'xuqiang',
  'hanbing',
  'zhudan',
  'shenhong',
  'qinyue',
  'hanlu',
  'hemin',
  'sunli',
];

describe.each(testDatabases())('meetings through the API and the simulator on $name', (target) => {
  // The tests run in December 2023, before the demo's meetings (the two years up to now), on a clock they set.
  let clock = at('2023-12-05T10:00:00+08:00');
  const demo = useDemoDuban(target, { users: PEOPLE, clock: { now: () => clock, on: ['meetings', 'matters'] } });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api/meetings');
  const settings = () =>
    reminderSettingsOf(loadConfig({}), demo.duban.simulator?.settings.DINGTALK_AGENT_ID ?? 0, demo.duban.simulator);
  /** Sends what the outbox holds due at the test clock, as the server's dispatcher would. */
  const dispatch = () =>
    demo.duban
      .services()
      .reminders.dispatcher(demo.duban.services().deadlines, settings(), () => clock)
      .drain();
  const plan = () =>
    demo.duban
      .services()
      .reminders.planner(demo.duban.services().deadlines, settings(), () => clock)
      .pass();
  const notices = (userId?: string) =>
    (demo.duban.simulator?.messages({ kind: 'work_notice', ...(userId ? { userId } : {}) }) ?? []) as WorkNotice[];
  const titled = (list: WorkNotice[], words: string) => list.filter((m) => JSON.stringify(m.msg).includes(words));
  const snapshot = async () => ({
    attendees: await demo.db.getRepository(MeetingAttendee).find({ order: { id: 'ASC' } }),
    audit: await demo.db.getRepository(AuditLog).count(),
    outbox: await demo.db.getRepository(OutboxNotification).count(),
    deadlines: await demo.db.getRepository(Deadline).count(),
  });

  it('notices, receipts, one reminder, sign-in, the discipline notice and decisions that become matters', async () => {
    clock = at('2023-12-05T10:00:00+08:00');
    const before = notices().length;
    const created = await call<{ meeting: MeetingDetail }>('zhenglei', '', 'POST', {
      type: 'executive',
      title: '区政府第二十三次常务会议',
      startsAt: '2023-12-07T09:00+08:00',
      endsAt: '2023-12-07T11:30+08:00',
      place: '区政府三楼会议室',
      agenda: '研究城南片区雨污分流改造等事项',
      confirmBy: '2023-12-06T17:00+08:00',
      attendeeUserIds: ['fenggang', 'xuqiang', 'hanbing', 'zhudan', 'shenhong'],
    });
    expect(created.status).toBe(201);
    const id = created.body.meeting.id;
    expect(created.body.meeting.status).toBe('draft');

    const notified = await call<{ meeting: MeetingDetail }>('zhenglei', `/${id}/notify`, 'POST');
    expect(notified.body.meeting.status).toBe('notified');
    const code = notified.body.meeting.signInCode ?? '';
    expect(code).toMatch(/^\d{6}$/);
    // Those who only attend do not see the room's code.
    expect((await call<{ meeting: MeetingDetail }>('fenggang', `/${id}`)).body.meeting.signInCode).toBeNull();

    await dispatch();
    for (const user of ['fenggang', 'xuqiang', 'hanbing', 'zhudan', 'shenhong']) {
      const mine = titled(notices(user), '区政府第二十三次常务会议');
      expect(mine).toHaveLength(1);
      expect(JSON.stringify(mine[0]?.msg)).toContain('会议通知');
      expect(mine[0]?.deliveredTo).toEqual([user]);
    }
    expect(notices().length - before).toBe(5);

    // Who has read: the notice opened in the mini-app, or read in DingTalk (the send result's read list).
    await call('fenggang', `/${id}/read`, 'POST');
    const xuqiangNotice = titled(notices('xuqiang'), '会议通知')[0] as WorkNotice;
    demo.duban.simulator?.state.markNoticeRead(xuqiangNotice.taskId, 'xuqiang');
    clock = at('2023-12-05T10:05:00+08:00');
    await demo.duban
      .services()
      .reminders.receipts(demo.duban.services().deadlines, settings(), () => clock)
      .pollDue();
    const reads = (await call<{ meeting: MeetingDetail }>('zhenglei', `/${id}`)).body.meeting.attendees;
    expect(reads.filter((a) => a.readAt).map((a) => a.userId)).toEqual(['fenggang', 'xuqiang']);

    // Receipts: two confirm, one asks for leave, one names a substitute, one stays silent.
    clock = at('2023-12-05T14:00:00+08:00');
    expect((await call('fenggang', `/${id}/receipt`, 'POST', { response: 'confirmed' })).status).toBe(200);
    expect((await call('xuqiang', `/${id}/receipt`, 'POST', { response: 'confirmed' })).status).toBe(200);
    const unchanged = await snapshot();
    const noReason = await call('hanbing', `/${id}/receipt`, 'POST', { response: 'leave', reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toBe('提交的内容有误');
    const notInvited = await call('hemin', `/${id}/receipt`, 'POST', { response: 'confirmed' });
    expect(notInvited.status).toBe(403);
    expect(notInvited.body.error.message).toBe('您不在本次会议的参会名单中');
    expect(await snapshot()).toEqual(unchanged);
    expect(
      (await call('hanbing', `/${id}/receipt`, 'POST', { response: 'leave', reason: '参加市住建局专题会议' })).status,
    ).toBe(200);
    const substituted = await call<{ meeting: MeetingDetail }>('zhudan', `/${id}/receipt`, 'POST', {
      response: 'substitute',
      substituteUserId: 'qinyue',
    });
    expect(substituted.status).toBe(200);
    const qinyueRow = substituted.body.meeting.attendees.find((a) => a.userId === 'qinyue');
    expect(qinyueRow?.substituteForId).toBe(substituted.body.meeting.attendees.find((a) => a.userId === 'zhudan')?.id);
    const listed = await call<{ meetings: MeetingSummary[] }>('hanbing', '?mine=1');
    expect(listed.body.meetings.find((m) => m.id === id)?.mine.map((a) => [a.response, a.leaveReason])).toEqual([
      ['leave', '参加市住建局专题会议'],
    ]);
    await dispatch();
    expect(titled(notices('qinyue'), '会议通知')).toHaveLength(1);
    expect((await call('qinyue', `/${id}/receipt`, 'POST', { response: 'confirmed' })).status).toBe(200);

    // The one who stayed silent is reminded once, before the confirm-by time, and not again.
    for (const instant of ['2023-12-06T09:00', '2023-12-06T15:00', '2023-12-06T17:30', '2023-12-07T08:00']) {
      clock = at(`${instant}:00+08:00`);
      await plan();
      await dispatch();
    }
    const chased = notices().filter((m) => JSON.stringify(m.msg).includes('会议回执'));
    expect(chased.map((m) => m.userIds)).toEqual([['shenhong']]);

    // Everyone still attending is reminded before the start; leave and the one who passed it on are not.
    const started = titled(notices(), '会前提醒').filter((m) => JSON.stringify(m.msg).includes('第二十三次'));
    expect(started.flatMap((m) => m.userIds).sort()).toEqual(['fenggang', 'qinyue', 'shenhong', 'xuqiang']);

    // Sign-in: before the window, a wrong code, someone not invited; then on time and late.
    clock = at('2023-12-07T08:20:00+08:00');
    const early = await call('fenggang', `/${id}/sign-in`, 'POST', { code });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('签到尚未开始');
    clock = at('2023-12-07T08:50:00+08:00');
    const wrong = await call('fenggang', `/${id}/sign-in`, 'POST', { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toBe('签到码不正确，请核对会场公布的签到码');
    expect((await call('hemin', `/${id}/sign-in`, 'POST', { code })).status).toBe(403);
    expect((await call('fenggang', `/${id}/sign-in`, 'POST', { code })).status).toBe(200);
    clock = at('2023-12-07T08:55:00+08:00');
    expect((await call('qinyue', `/${id}/sign-in`, 'POST', { code })).status).toBe(200);
    clock = at('2023-12-07T09:07:00+08:00');
    const late = await call<{ meeting: MeetingDetail }>('xuqiang', `/${id}/sign-in`, 'POST', { code });
    expect(late.body.meeting.mine[0]?.late).toBe(true);
    clock = at('2023-12-07T12:00:00+08:00');
    expect((await call('shenhong', `/${id}/sign-in`, 'POST', { code })).body.error.message).toBe('签到已结束');
    await demo.duban.services().meetings.sweep();
    const held = (await call<{ meeting: MeetingDetail }>('zhenglei', `/${id}`)).body.meeting;
    expect(held.status).toBe('held');
    expect(held.attendees.filter((a) => a.late).map((a) => a.userId)).toEqual(['xuqiang']);

    // The discipline notice lists exactly the late and the absent without leave.
    const preview = await call<{ preview: { violations: Violation[] } }>(
      'zhenglei',
      '/discipline/preview?from=2023-12-05&to=2023-12-31',
    );
    expect(preview.body.preview.violations.map((v) => [v.name, v.kind, v.minutesLate])).toEqual([
      ['许强', 'late', 7],
      ['沈红', 'absent', null],
    ]);
    const issued = await call<{ notice: { id: number; number: number; title: string } }>(
      'zhenglei',
      '/discipline',
      'POST',
      {
        from: '2023-12-05',
        to: '2023-12-31',
      },
    );
    expect(issued.status).toBe(201);
    expect(issued.body.notice.number).toBe(1);
    const docx = await fetch(`${demo.duban.url}/api/meetings/discipline/${issued.body.notice.id}/notice.docx`, {
      headers: { authorization: `Bearer ${demo.tokens.zhenglei}` },
    });
    const words = docxText(Buffer.from(await docx.arrayBuffer()));
    expect(words).toContain('许强');
    expect(words).toContain('迟到7分钟');
    expect(words).toContain('沈红');
    expect(words).toContain('无故缺席');
    for (const excused of ['韩冰', '朱丹', '冯刚', '秦悦']) expect(words).not.toContain(excused);

    // Decisions become supervised matters in one step, with their deadline, linked back to the meeting.
    const decided = await call<{ meeting: MeetingDetail }>('sunli', `/${id}/decisions`, 'POST', {
      content: '由区住建局牵头，年底前完成城南片区雨污分流改造一期工程',
      leadDepartmentId: '33',
      dueDate: '2023-12-31',
    });
    expect(decided.status).toBe(201);
    const decision = decided.body.meeting.decisions[0];
    const matter = await demo.db.getRepository(Matter).findOneByOrFail({ id: decision?.matterId ?? 0 });
    expect(matter).toMatchObject({ source: 'meeting_decision', meetingId: id, leadDepartmentId: '33' });
    const deadline = await demo.db.getRepository(Deadline).findOneByOrFail({ id: matter.deadlineId ?? 0 });
    expect(deadline.dueDate).toBe('2023-12-31');
    const byRule = await call<{ meeting: MeetingDetail }>('zhenglei', `/${id}/decisions`, 'POST', {
      content: '区财政局会同区发改委研究提出资金保障方案',
      leadDepartmentId: '32',
      coDepartmentIds: ['31'],
    });
    const ruled = await demo.db
      .getRepository(Matter)
      .findOneByOrFail({ id: byRule.body.meeting.decisions[1]?.matterId ?? 0 });
    expect((await demo.db.getRepository(Deadline).findOneByOrFail({ id: ruled.deadlineId ?? 0 })).ruleCode).toBe(
      'supervision.meeting_decision',
    );
    // 会务 follow the matter they made from the decision.
    const followed = await callJson(demo.duban, `/api/supervision/matters/${ruled.id}`, {
      token: demo.tokens.zhenglei,
    });
    expect(followed.status).toBe(200);
    const staffDecision = await call('hemin', `/${id}/decisions`, 'POST', {
      content: '无权登记的事项内容',
      leadDepartmentId: '31',
    });
    expect(staffDecision.status).toBe(403);

    // The figures, counted by hand from what happened above.
    const figures = await call<{ figures: MeetingFigures }>('zhenglei', '/figures?from=2023-12-05&to=2023-12-31');
    expect(figures.body.figures.byType.find((t) => t.type === 'executive')?.count).toBe(1);
    expect(figures.body.figures.receipts).toMatchObject({ invited: 5, answered: 4, onTime: 4, rate: 0.8 });
    expect(figures.body.figures.attendance).toMatchObject({ expected: 4, attended: 3, late: 1, absent: 1, rate: 0.75 });
    expect(figures.body.figures.decisions).toMatchObject({ count: 2, completed: 0 });
  });

  it('refuses meetings in the past, receipts after the start, and unknown invitees, changing nothing', async () => {
    clock = at('2023-12-11T10:00:00+08:00');
    const unchanged = await snapshot();
    const past = await call('zhenglei', '', 'POST', {
      type: 'coordination',
      title: '专题协调会',
      startsAt: '2023-12-05T09:00+08:00',
      attendeeUserIds: ['fenggang'],
    });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toBe('会议时间不能早于当前时间');
    const unknown = await call('zhenglei', '', 'POST', {
      type: 'coordination',
      title: '专题协调会',
      startsAt: '2023-12-13T09:00+08:00',
      attendeeUserIds: ['nobody'],
    });
    expect(unknown.body.error.message).toBe('参会人员中有不存在或已停用的账号');
    const badType = await call('zhenglei', '', 'POST', {
      type: 'party',
      title: '会议',
      startsAt: '2023-12-13T09:00+08:00',
    });
    expect(badType.body.error.message).toBe('请选择有效的会议类型');
    const staff = await call('hemin', '', 'POST', {
      type: 'other',
      title: '科室会',
      startsAt: '2023-12-13T09:00+08:00',
    });
    expect(staff.status).toBe(403);
    expect(await snapshot()).toEqual(unchanged);
  });

  it('lets an invited unit name who attends; the person named gets the notice', async () => {
    clock = at('2023-12-11T10:00:00+08:00');
    const created = await call<{ meeting: MeetingDetail }>('zhenglei', '', 'POST', {
      type: 'scheduling',
      title: '民生实事项目调度会',
      startsAt: '2023-12-13T15:00+08:00',
      attendeeDepartmentIds: ['35'],
    });
    const id = created.body.meeting.id;
    await call('zhenglei', `/${id}/notify`, 'POST');
    await dispatch();
    const toHead = titled(notices('shenhong'), '民生实事项目调度会');
    expect(toHead).toHaveLength(1);
    expect(JSON.stringify(toHead[0]?.msg)).toContain('确定参会人员');
    const unitRow = (await call<{ meeting: MeetingDetail }>('shenhong', `/${id}`)).body.meeting.mine[0];
    expect(unitRow?.userId).toBeNull();
    const other = await call('fenggang', `/${id}/attendees/${unitRow?.id}/nominate`, 'POST', { userIds: ['hanlu'] });
    expect(other.status).toBe(403);
    // Only the unit's own people: not a 副区长, not another unit's staff, not even beside one of its own.
    const unchanged = await snapshot();
    for (const [userIds, message] of [
      [['chenjing'], '陈静不是区民政局人员，只能确定本单位人员参会'],
      [['hanlu', 'caoxue'], '曹雪不是区民政局人员，只能确定本单位人员参会'],
    ] as const) {
      const refused = await call('shenhong', `/${id}/attendees/${unitRow?.id}/nominate`, 'POST', { userIds });
      expect([refused.status, refused.body.error?.code, refused.body.error?.message]).toEqual([
        400,
        'not_unit_member',
        message,
      ]);
    }
    expect(await snapshot()).toEqual(unchanged);
    expect(titled(notices('chenjing'), '民生实事项目调度会')).toHaveLength(0);
    const named = await call<{ meeting: MeetingDetail }>(
      'shenhong',
      `/${id}/attendees/${unitRow?.id}/nominate`,
      'POST',
      {
        userIds: ['hanlu'],
      },
    );
    expect(named.body.meeting.attendees.map((a) => [a.userId, a.unitName])).toEqual([['hanlu', '区民政局']]);
    await dispatch();
    expect(titled(notices('hanlu'), '民生实事项目调度会')).toHaveLength(1);
  });
});
