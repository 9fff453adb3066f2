import {
  AuditLog,
  Bulletin,
  Deadline,
  ExtensionRequest,
  Matter,
  MatterPeriod,
  OutboxNotification,
  ReminderCursor,
  type Role,
} from '../../entities';
import { DeadlineService } from '../deadlines/deadline-service';
import { reseedDemo } from '../demo/seed-demo';
import { createLogger } from '../logging/logger';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { TimeLimitError } from '../timelimits';
import { SupervisionError } from './errors';
import { Supervision } from './index';
import type { Actor } from './types';

const actor = (id: string, role: Role, scope = '*'): Actor => ({ id, roles: [{ role, scope }] });
const office = actor('sunli', 'supervision_office');
const housing = actor('hanbing', 'unit_head', '33');
const civil = actor('shenhong', 'unit_head', '35');
const mayor = actor('wangjianguo', 'leader');
const t = (text: string) => new Date(`${text}+08:00`);

describe.each(testDatabases())('supervision service on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let supervision: Supervision;
  let clock = t('2026-03-02T10:00:00');

  beforeAll(async () => {
    await reseedDemo(scratch.db); // the organisation only
    supervision = new Supervision(
      () => scratch.db,
      await DeadlineService.load(() => scratch.db, createLogger('silent')),
      () => clock,
    );
  });
  const matters = () => supervision.matters;

  it('gives 重点工作 one report deadline per month, closed by that month’s report', async () => {
    clock = t('2026-03-10T10:00:00');
    const matter = await matters().assign(office, {
      source: 'key_work',
      title: '城市更新三年行动年度任务',
      leadDepartmentId: '33',
      dueDate: '2026-06-30',
    });
    expect(matter).toMatchObject({ number: '重点〔2026〕1号', periodic: true, deadline: { dueDate: '2026-06-30' } });
    const periods = await scratch.db
      .getRepository(MatterPeriod)
      .find({ where: { matterId: matter.id }, order: { period: 'ASC' } });
    expect(periods.map((p) => p.period)).toEqual(['2026-03', '2026-04', '2026-05', '2026-06']);
    const march = await scratch.db.getRepository(Deadline).findOneByOrFail({ id: periods[0]?.deadlineId as number });
    expect(march).toMatchObject({ subjectType: 'matter_period', dueDate: '2026-04-07', purpose: 'report' }); // 04-05 is 清明
    await expect(
      matters().assign(office, { source: 'key_work', title: '没有期限的重点工作', leadDepartmentId: '33' }),
    ).rejects.toThrow(/须设定完成期限/);

    await matters().accept(housing, matter.id);
    clock = t('2026-04-03T10:00:00');
    await matters().reportProgress(housing, matter.id, { content: '3月完成征收评估，启动安置房建设。' });
    const detail = await matters().get(office, matter.id);
    expect(detail.periods[0]).toMatchObject({ period: '2026-03', metOnTime: true });
    expect(detail.periods[1]).toMatchObject({ period: '2026-04', reportId: null });
    await expect(
      matters().reportProgress(housing, matter.id, { content: '重复报送', period: '2026-03' }),
    ).rejects.toThrow(/已报送/);
    // A date a person set extends by working days, decided by 督查室, the original date kept for assessment.
    await expect(
      matters().requestExtension(housing, matter.id, { amount: 31, reason: '征收范围调整' }),
    ).rejects.toMatchObject({ messageZh: expect.stringMatching(/单次延期不得超过30个工作日/) });
    const asked = await matters().requestExtension(housing, matter.id, {
      amount: 10,
      reason: '征收范围调整，需重新评估',
    });
    expect(asked.id).toBe(matter.id);
    const [request] = await scratch.db.getRepository(ExtensionRequest).findBy({ matterId: matter.id });
    // 2026-06-30 (Tue) + 10 working days = 2026-07-14 (Tue).
    expect(request).toMatchObject({ amount: 10, unit: 'workday', status: 'pending' });
    expect(request?.requestedDueAt?.toISOString()).toBe(t('2026-07-15T00:00:00').toISOString());
    await expect(
      matters().decideExtension(housing, matter.id, request?.id ?? 0, { approve: true }),
    ).rejects.toMatchObject({ messageZh: '延期申请由督查室审批' });
    expect((await matters().get(housing, matter.id)).extensionPolicy).toEqual({
      unit: 'workday',
      maxAmount: 30,
      maxTimes: 2,
      approverRole: 'supervision_office',
    });
    const decided = await matters().decideExtension(office, matter.id, request?.id ?? 0, { approve: true });
    expect(decided.deadline).toMatchObject({ dueDate: '2026-07-14', originalDueDate: '2026-06-30', extended: true });
  });

  it('starts a petition’s 60-day completion limit at its acceptance notice, and only a leader extends it', async () => {
    clock = t('2026-03-02T10:00:00');
    const matter = await matters().assign(office, {
      source: 'petition',
      title: '市信访局交办：物业纠纷信访事项',
      leadDepartmentId: '33',
    });
    // 15 days from 03-02 → 03-17.
    expect(matter.deadline).toMatchObject({
      dueDate: '2026-03-17',
      ruleCode: 'supervision.petition.acceptance_notice',
    });
    await expect(
      matters().assign(office, { source: 'petition', title: '信访', leadDepartmentId: '33', dueDate: '2026-05-01' }),
    ).rejects.toThrow(/信访工作条例/);
    clock = t('2026-03-05T10:00:00');
    const accepted = await matters().accept(housing, matter.id, '已书面告知信访人受理');
    // 60 days from 03-05 → 05-04, a day of the May Day holiday (05-01…05-05): moved to 05-06.
    expect(accepted.deadline).toMatchObject({ ruleCode: 'supervision.petition.complete', dueDate: '2026-05-06' });
    const notice = await scratch.db
      .getRepository(Deadline)
      .findOneByOrFail({ subjectType: 'matter', subjectId: matter.id, purpose: 'acceptance_notice' });
    expect(notice).toMatchObject({ status: 'closed', metOnTime: true });

    clock = t('2026-04-20T10:00:00');
    await matters().requestExtension(housing, matter.id, { amount: 30, reason: '涉及多方，需进一步调查' });
    const request = await scratch.db.getRepository(ExtensionRequest).findOneByOrFail({ matterId: matter.id });
    // Terms add up from the start: 60 + 30 days from 03-05 → 06-03 (a Wednesday).
    expect(request.requestedDueAt.toISOString()).toBe(t('2026-06-04T00:00:00').toISOString());
    await expect(matters().decideExtension(office, matter.id, request.id, { approve: true })).rejects.toThrow(
      /本机关负责人/,
    );
    const decided = await matters().decideExtension(mayor, matter.id, request.id, { approve: true, note: '同意' });
    expect(decided.deadline).toMatchObject({ dueDate: '2026-06-03', originalDueDate: '2026-05-06', extended: true });
  });

  it('keeps the history of a returned and reassigned matter, and refuses extensions beyond the rule', async () => {
    clock = t('2026-03-02T10:00:00');
    const matter = await matters().assign(office, {
      source: 'leader_instruction',
      title: '关于困难群众临时救助的批示',
      leadDepartmentId: '33',
      coDepartmentIds: ['32'],
    });
    await expect(matters().returnMatter(civil, matter.id, '不是本单位职责')).rejects.toBeInstanceOf(SupervisionError);
    await matters().returnMatter(housing, matter.id, '该事项属民政职责，请改派');
    const reassigned = await matters().reassign(office, matter.id, {
      leadDepartmentId: '35',
      coDepartmentIds: ['32'],
      reason: '改由区民政局牵头',
    });
    expect(reassigned).toMatchObject({
      status: 'assigned',
      leadDepartment: { id: '35' },
      responsible: { id: 'shenhong' },
    });
    expect(reassigned.deadline?.dueDate).toBe(matter.deadline?.dueDate);
    const deadline = await scratch.db
      .getRepository(Deadline)
      .findOneByOrFail({ id: reassigned.deadline?.id as number });
    expect(deadline).toMatchObject({ departmentId: '35', assigneeUserId: 'shenhong' });
    await expect(matters().accept(housing, matter.id)).rejects.toThrow(/其他单位/);
    await matters().accept(civil, matter.id);

    clock = t('2026-03-10T10:00:00');
    // 非急件: one extension of at most 15 days, at most 30 days in all.
    await expect(matters().requestExtension(civil, matter.id, { amount: 20, reason: '情况复杂' })).rejects.toThrow(
      TimeLimitError,
    );
    await matters().requestExtension(civil, matter.id, { amount: 10, reason: '需会同财政核定资金' });
    await expect(matters().requestExtension(civil, matter.id, { amount: 5, reason: '再次申请' })).rejects.toThrow(
      /待审批/,
    );
    const request = await scratch.db.getRepository(ExtensionRequest).findOneByOrFail({ matterId: matter.id });
    await expect(matters().decideExtension(office, matter.id, request.id, { approve: false })).rejects.toThrow(/理由/);
    await matters().decideExtension(office, matter.id, request.id, { approve: false, note: '请按原期限办结' });
    expect(
      await scratch.db
        .getRepository(OutboxNotification)
        .findOneBy({ idempotencyKey: `extension:${request.id}:refused` }),
    ).not.toBeNull();

    const history = (await matters().get(office, matter.id)).history.map((h) => h.action);
    expect(history).toEqual([
      'matter.assigned',
      'matter.returned',
      'matter.reassigned',
      'matter.accepted',
      'matter.extension_requested',
      'matter.extension_refused',
    ]);
    const reassignedRow = await scratch.db
      .getRepository(AuditLog)
      .findOneByOrFail({ subjectId: String(matter.id), action: 'matter.reassigned' });
    expect(reassignedRow.before).toMatchObject({ leadDepartmentId: '33', status: 'returned' });
    expect(reassignedRow.after).toMatchObject({ leadDepartmentId: '35' });
  });

  it('sends a completed matter back for rework (退回重办): open again against the same deadline, then late', async () => {
    clock = t('2026-03-02T10:00:00');
    const matter = await matters().assign(office, {
      source: 'leader_instruction',
      title: '关于城区积水点整治的批示',
      leadDepartmentId: '33',
      urgent: true,
    });
    await matters().accept(housing, matter.id);
    clock = t('2026-03-04T10:00:00');
    const done = await matters().complete(housing, matter.id, { reply: '已完成3处积水点改造。' });
    expect(done).toMatchObject({ status: 'completed', completedOnTime: true });
    await expect(matters().redo(housing, matter.id, '整改不到位')).rejects.toThrow(/只有督查室/);
    await expect(matters().redo(office, matter.id, ' ')).rejects.toThrow(/须说明理由/);
    const outboxBefore = await scratch.db.getRepository(OutboxNotification).countBy({ kind: 'redo' });
    const back = await matters().redo(office, matter.id, '现场核查仍有2处积水，请继续整改');
    expect(back).toMatchObject({ status: 'in_progress', completedOnTime: null });
    const deadline = await scratch.db.getRepository(Deadline).findOneByOrFail({ id: back.deadline?.id as number });
    expect(deadline).toMatchObject({ status: 'open', closedAt: null, metOnTime: null });
    expect(await scratch.db.getRepository(ReminderCursor).findOneBy({ deadlineId: deadline.id })).toMatchObject({
      nextReminderAt: null,
    });
    expect(await scratch.db.getRepository(OutboxNotification).countBy({ kind: 'redo' })).toBe(outboxBefore + 1);
    await expect(matters().redo(office, matter.id, '重复退回')).rejects.toThrow(/只有已办结未评价/);
    // 急件: 5 days from 03-02 → 03-07; completing again on 03-10 is late.
    clock = t('2026-03-10T10:00:00');
    const again = await matters().complete(housing, matter.id, { reply: '5处积水点已全部整改到位。' });
    expect(again).toMatchObject({ status: 'completed', completedOnTime: false });
    const history = (await matters().get(office, matter.id)).history.map((h) => h.action);
    expect(history.filter((a) => a === 'matter.completed')).toHaveLength(2);
    expect(history).toContain('matter.redo');
  });

  it('tells the lead unit of every 退回重办, also of two within the same instant', async () => {
    clock = t('2026-03-03T10:00:00');
    const matter = await matters().assign(office, {
      source: 'leader_instruction',
      title: '关于背街小巷路灯维修的批示',
      leadDepartmentId: '33',
    });
    await matters().accept(housing, matter.id);
    for (const reply of ['已维修12盏路灯。', '已维修全部20盏路灯。']) {
      await matters().complete(housing, matter.id, { reply });
      await matters().redo(office, matter.id, '仍有路灯不亮，请继续维修');
    }
    const notices = await scratch.db
      .getRepository(OutboxNotification)
      .find({ where: { kind: 'redo', subjectId: matter.id }, order: { id: 'ASC' } });
    expect(notices.map((n) => n.idempotencyKey)).toEqual([`redo:${matter.id}:1`, `redo:${matter.id}:2`]);
  });

  it('records replies, meetings and satisfaction of a deputy’s suggestion', async () => {
    clock = t('2026-03-02T10:00:00');
    const matter = await matters().assign(office, {
      source: 'npc_suggestion',
      title: '关于增设社区养老服务站的建议',
      proposer: '黄秀英',
      leadDepartmentId: '35',
    });
    expect(matter.deadline?.dueDate).toBe('2026-06-02'); // three months
    await expect(matters().recordFeedback(office, matter.id, { satisfaction: 'satisfied' })).rejects.toThrow(
      /尚未办复/,
    );
    await matters().accept(civil, matter.id);
    clock = t('2026-05-10T10:00:00');
    await expect(matters().complete(civil, matter.id, { reply: '已纳入年度计划' })).rejects.toThrow(/答复类别/);
    await matters().complete(civil, matter.id, {
      reply: '已纳入年度计划，年内建成3个站点。',
      outcomeClass: 'B',
      metDeputy: true,
    });
    const fed = await matters().recordFeedback(office, matter.id, { satisfaction: 'basically_satisfied' });
    expect(fed).toMatchObject({ outcomeName: '正在解决或列入计划解决', metDeputy: true, satisfactionName: '基本满意' });
    await expect(matters().recordFeedback(civil, matter.id, { satisfaction: 'satisfied' })).rejects.toThrow(/督查室/);
  });

  it('publishes the month’s bulletin once, even when asked twice at the same time, and on schedule', async () => {
    clock = t('2026-04-02T10:00:00');
    const [a, b] = await Promise.all([
      supervision.bulletins.publish('sunli', '2026-03'),
      supervision.bulletins.publish('zhoutao', '2026-03'),
    ]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.bulletin.id).toBe(b.bulletin.id);
    expect(await scratch.db.getRepository(Bulletin).countBy({ month: '2026-03' })).toBe(1);
    expect(await scratch.db.getRepository(OutboxNotification).countBy({ kind: 'bulletin' })).toBe(1);

    // The schedule: nothing before 09:00 of May's first working day (05-06 after the holiday), then April once.
    expect(await supervision.bulletins.runSchedule(t('2026-05-06T08:59:00'))).toBe(0);
    clock = t('2026-05-06T09:00:00');
    expect(await supervision.bulletins.runSchedule(t('2026-05-06T09:00:00'))).toBe(1);
    expect(await supervision.bulletins.runSchedule(t('2026-05-06T09:15:00'))).toBe(0);
    const april = await supervision.bulletins.getByMonth('2026-04');
    expect(april).toMatchObject({ issueNo: 2, publishedBy: 'system' });
    expect(april?.figures.units.length).toBeGreaterThan(0);
    expect(await scratch.db.getRepository(Matter).count()).toBeGreaterThan(0);
  });
});
