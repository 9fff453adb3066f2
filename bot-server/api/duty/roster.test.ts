import { AuditLog, DutyHandover, DutyShift, DutyShiftMember, OutboxNotification } from '../../../entities';
import { reminderSettingsOf } from '../../reminders/settings';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';

type ErrorBody = { error: { code: string; message: string } };
interface Person {
  id: string;
  name: string;
}
interface Shift {
  id: number;
  date: string;
  kind: string;
  leader: Person;
  staff: Person[];
  manual: boolean;
}
interface Day {
  date: string;
  status: string;
  dayOff: boolean;
  today: boolean;
  shifts: Shift[];
}
interface Roster {
  month: string;
  days: Day[];
  canEdit: boolean;
}

const LEADERS = ['zhaozhiqiang', 'liming', 'chenjing'];
const STAFF = ['zhenglei', 'zhoutao', 'sunli', 'hemin'];
// Everyone signed in in the demo: 会务 (wufang, zhenglei), an administrator (qianwei), staff, a unit head, the
// supervision office, a leader.
const USERS = ['wufang', 'zhenglei', 'qianwei', 'hemin', 'fenggang', 'zhoutao', 'wangjianguo', 'liming'];

describe.each(testDatabases())('duty roster API on $name', (target) => {
  const clock = new Date('2026-10-02T01:15:00+08:00');
  const demo = useDemoDuban(target, { users: USERS });
  const call = demo.caller<Roster, ErrorBody>('/api/duty');

  beforeAll(() => demo.duban.services().duty.useClock(() => clock));

  const snapshot = async () => ({
    shifts: await demo.db.getRepository(DutyShift).find({ order: { id: 'ASC' } }),
    members: await demo.db.getRepository(DutyShiftMember).find({ order: { shiftId: 'ASC', position: 'ASC' } }),
    handovers: await demo.db.getRepository(DutyHandover).count(),
    audit: await demo.db.getRepository(AuditLog).count(),
  });

  it('lets 会务 and administrators generate; refuses everyone else with 403 and changes nothing', async () => {
    const body = { month: '2026-10', leaderUserIds: LEADERS, staffUserIds: STAFF };
    const before = await snapshot();
    for (const user of ['hemin', 'fenggang', 'zhoutao', 'wangjianguo']) {
      const refused = await call(user, '/roster/generate', 'POST', body);
      expect([user, refused.status]).toEqual([user, 403]);
    }
    expect(await snapshot()).toEqual(before);

    const made = await call<{ result: { created: number } }>('wufang', '/roster/generate', 'POST', body);
    expect(made.status).toBe(200);
    expect(made.body.result.created).toBe(62);
    const again = await call<{ result: { replaced: number } }>('qianwei', '/roster/generate', 'POST', body);
    expect(again.body.result.replaced).toBe(62);
    const audits = await demo.db.getRepository(AuditLog).find({ where: { action: 'duty.roster.generated' } });
    // The demo's own roster of the past year has its row too (actor demo): only this test's count here.
    const ours = audits.filter((a) => a.subjectId === '2026-10-01..2026-10-31' && a.actor !== 'demo');
    expect(ours.map((a) => a.actor)).toEqual(['wufang', 'qianwei']);
  });

  it('shows every signed-in role the month with its holidays and 调休上班 days; only the office may edit', async () => {
    for (const user of USERS) {
      const res = await call(user, '/roster?month=2026-10');
      expect([user, res.status]).toEqual([user, 200]);
      expect(res.body.canEdit).toBe(['wufang', 'zhenglei', 'qianwei'].includes(user));
    }
    const { body } = await call('hemin', '/roster?month=2026-10');
    const status = (date: string) => body.days.find((d) => d.date === date)?.status;
    const calendar = demo.duban.services().deadlines.calendar();
    expect(status('2026-10-01')).toBe(calendar.describe('2026-10-01').reason.kind);
    expect(body.days.filter((d) => d.status === 'makeup').map((d) => d.date)).toEqual(
      body.days.filter((d) => calendar.describe(d.date).reason.kind === 'makeup').map((d) => d.date),
    );
    expect(body.days.filter((d) => d.today).map((d) => d.date)).toEqual(['2026-10-02']);
    expect(body.days.every((d) => d.shifts.length === 2)).toBe(true);
  });

  it('tells every role who is on duty now: at 01:15 the night shift of the day before', async () => {
    const { body: october } = await call('hemin', '/roster?month=2026-10');
    const night = october.days[0]?.shifts.find((s) => s.kind === 'night') as Shift;
    for (const user of USERS) {
      const res = await call<{ date: string; kind: string; shift: Shift | null }>(user, '/now');
      expect([user, res.status, res.body.date, res.body.kind, res.body.shift?.id]).toEqual([
        user,
        200,
        '2026-10-01',
        'night',
        night.id,
      ]);
    }
  });

  it('lets the office change the people of one shift, audited; refuses others and bad input unchanged', async () => {
    const body = { leaderUserId: 'wangjianguo', staffUserIds: ['hemin', 'caoxue'], reason: '节日期间区长带班' };
    const before = await snapshot();
    for (const user of ['hemin', 'fenggang', 'zhoutao', 'wangjianguo']) {
      expect((await call(user, '/shifts/2026-10-03/day', 'PUT', body)).status).toBe(403);
    }
    for (const [path, input, code, message] of [
      ['/shifts/2026-10-03/day', { ...body, leaderUserId: 'nobody' }, 'unknown_user', '带班领导中的用户“nobody”不存在'],
      ['/shifts/2026-10-03/evening', body, 'invalid_kind', '班次应为白班（day）或夜班（night）'],
      ['/shifts/2099-10-03/day', body, 'implausible_date', '值班日期应在'],
      ['/shifts/2026-10-03/day', { ...body, staffUserIds: [] }, 'no_staff', '请至少安排一名值班人员'],
    ] as const) {
      const res = await call('zhenglei', path, 'PUT', input);
      expect([path, res.status, res.body.error.code]).toEqual([path, 400, code]);
      expect(res.body.error.message).toContain(message);
    }
    expect(await snapshot()).toEqual(before);

    const res = await call<{ shift: Shift }>('zhenglei', '/shifts/2026-10-03/day', 'PUT', body);
    expect(res.status).toBe(200);
    expect(res.body.shift).toMatchObject({ date: '2026-10-03', kind: 'day', manual: true, leader: { name: '王建国' } });
    const audit = await demo.db
      .getRepository(AuditLog)
      .findOneByOrFail({ action: 'duty.shift.updated', subjectId: String(res.body.shift.id) });
    expect(audit).toMatchObject({ actor: 'zhenglei', reason: '节日期间区长带班' });
  });

  it('refuses a malformed month or period with 400 and a Chinese message, nothing changed', async () => {
    const before = await snapshot();
    const bad = await call('hemin', '/roster?month=2026-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_month' });
    expect(bad.body.error.message).toContain('应为 YYYY-MM');
    const generate = await call('wufang', '/roster/generate', 'POST', {
      from: '2026-10-01',
      to: '2026-12-15',
      leaderUserIds: LEADERS,
      staffUserIds: STAFF,
    });
    expect(generate.status).toBe(400);
    expect(generate.body.error.message).toBe('一次最多排62天的值班，请分段生成');
    const unknownField = await call('wufang', '/roster/generate', 'POST', { month: '2026-10', leaders: LEADERS });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.code).toBe('invalid_body');
    expect(await snapshot()).toEqual(before);
  });

  it('takes handover entries from the people of the shift and the office only', async () => {
    const { body: october } = await call('hemin', '/roster?month=2026-10');
    const night = october.days[0]?.shifts.find((s) => s.kind === 'night') as Shift;
    const onShift = night.staff[0]?.id as string;
    const outsider = USERS.find(
      (u) =>
        ![night.leader.id, ...night.staff.map((p) => p.id)].includes(u) &&
        !['wufang', 'zhenglei', 'qianwei'].includes(u),
    ) as string;
    const before = await snapshot();
    const refused = await call(outsider, `/shifts/${night.id}/handovers`, 'POST', { text: '代为记录' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('只有本班次的值班人员、带班领导或办公室');
    expect((await call(onShift, '/shifts/999999/handovers', 'POST', { text: '无此班次' })).status).toBe(404);
    expect((await call(onShift, `/shifts/${night.id}/handovers`, 'POST', { text: '' })).status).toBe(400);
    expect(await snapshot()).toEqual(before);

    const written = await call<{ handover: { text: string } }>(onShift, `/shifts/${night.id}/handovers`, 'POST', {
      text: '01:00 区应急管理局来电通报大风预警，已记录并报告带班领导。',
    });
    expect(written.status).toBe(201);
    expect((await call('wufang', `/shifts/${night.id}/handovers`, 'POST', { text: '已阅。' })).status).toBe(201);
    const detail = await call<{ handovers: { author: Person; text: string }[]; canWriteHandover: boolean }>(
      outsider,
      `/shifts/${night.id}`,
    );
    expect(detail.status).toBe(200);
    expect(detail.body.canWriteHandover).toBe(false);
    expect(detail.body.handovers.map((h) => h.author.id)).toEqual([onShift, 'wufang']);
    expect(
      await demo.db.getRepository(AuditLog).countBy({ action: 'duty.handover.added', subjectId: String(night.id) }),
    ).toBe(2);
  });

  it('posts the month to the office group once, and again once it changed; only the office may', async () => {
    const { duban } = demo;
    await call('wufang', '/roster/generate', 'POST', { month: '2026-10', leaderUserIds: LEADERS, staffUserIds: STAFF });
    const rows = () =>
      demo.db.getRepository(OutboxNotification).find({ where: { kind: 'duty_roster' }, order: { id: 'ASC' } });
    const before = (await rows()).length;
    for (const user of ['hemin', 'zhoutao', 'wangjianguo']) {
      expect([user, (await call(user, '/roster/publish', 'POST', { month: '2026-10' })).status]).toEqual([user, 403]);
    }
    expect(await rows()).toHaveLength(before);
    expect((await call('wufang', '/roster/publish', 'POST', { month: '2026-13' })).status).toBe(400);

    const first = await call<{ published: boolean; group: string }>('wufang', '/roster/publish', 'POST', {
      month: '2026-10',
    });
    expect(first.body).toEqual({ published: true, group: 'supervision' }); // the demo keeps no 值班 group robot
    const again = await call<{ published: boolean }>('qianwei', '/roster/publish', 'POST', { month: '2026-10' });
    expect(again.body.published).toBe(false);
    const [row] = (await rows()).slice(before);
    expect(row).toMatchObject({ channel: 'group_robot', recipientGroup: 'supervision', status: 'pending' });
    const text = String((row?.payload as { text?: string } | undefined)?.text);
    expect(text).toMatch(/^### 2026年10月值班表\n\n班次时间：白班 08:30—17:30，夜班 17:30—次日08:30\n/);
    // 国庆 as the calendar names it, and the people the roster holds for the day.
    const october1 = (await call('wufang', '/roster?month=2026-10')).body.days[0]?.shifts ?? [];
    expect(text).toContain(
      `- 10月1日（周四，国庆节） 白班：带班 ${october1[0]?.leader.name}，值班 ${october1[0]?.staff.map((p) => p.name).join('、')}`,
    );

    // Changed since: posted again. Then the dispatcher takes both to the group.
    await call('wufang', '/shifts/2026-10-05/day', 'PUT', { leaderUserId: 'liming', staffUserIds: ['sunli'] });
    expect((await call('wufang', '/roster/publish', 'POST', { month: '2026-10' })).body).toMatchObject({
      published: true,
    });
    expect((await rows()).length).toBe(before + 2);
    const at = new Date('2026-10-12T10:00:00+08:00');
    // The demo's group robot (督查室工作群) in its simulator, as the server's own loop would have it.
    const settings = reminderSettingsOf({ publicUrl: duban.url }, 'demo', duban.simulator);
    await duban
      .services()
      .reminders.dispatcher(duban.services().deadlines, settings, () => at)
      .drain();
    const posted = (duban.simulator?.messages({ kind: 'group_webhook' }) ?? []).filter((m) =>
      JSON.stringify(m).includes('2026年10月值班表'),
    );
    expect(posted).toHaveLength(2);
    expect(JSON.stringify(posted[1])).toContain('10月5日（周一，国庆节） 白班：带班 李明，值班 孙丽');
    const audited = await demo.db.getRepository(AuditLog).findBy({ action: 'duty.roster.published' });
    expect(audited.map((a) => [a.actor, a.subjectId])).toEqual([
      ['wufang', '2026-10'],
      ['wufang', '2026-10'],
    ]);
  });
});
