import { AuditLog, Deadline, Evaluation, ExtensionRequest, Matter, OutboxNotification } from '../../../entities';
import type { OfficeQueue, PendingExtension } from '../../supervision/queue';
import type { MatterDetail, MatterView } from '../../supervision/types';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';

type ErrorBody = { error: { code: string; message: string } };
const at = (text: string) => new Date(text);

/** Issue 15: who hears of an extension request, 督查室's queue, co-units' 协办意见, and no one-tap irreversible step. */
describe.each(testDatabases())('supervision office work on $name', (target) => {
  let clock = at('2024-03-04T10:00:00+08:00');
  const demo = useDemoDuban(target, {
    users: ['sunli', 'zhoutao', 'qianwei', 'hanbing', 'yangfan', 'caoxue', 'chenjing', 'liming'],
    clock: { now: () => clock, on: ['matters'] },
  });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api/supervision');
  const assign = async (body: Record<string, unknown>) => {
    const res = await call<{ matter: MatterView }>('sunli', '/matters', 'POST', body);
    expect(res.status).toBe(201);
    return res.body.matter.id;
  };
  const snapshot = async () => ({
    matters: await demo.db.getRepository(Matter).find({ order: { id: 'ASC' } }),
    audit: await demo.db.getRepository(AuditLog).count(),
    deadlines: await demo.db.getRepository(Deadline).count(),
    extensions: await demo.db.getRepository(ExtensionRequest).count(),
    evaluations: await demo.db.getRepository(Evaluation).count(),
    outbox: await demo.db.getRepository(OutboxNotification).count(),
  });
  const outbox = (idempotencyKey: string) => demo.db.getRepository(OutboxNotification).findOneBy({ idempotencyKey });
  const housing = {
    source: 'leader_instruction',
    content: '请区住建局牵头，区财政局配合。',
    leadDepartmentId: '33',
    coDepartmentIds: ['32'],
    responsibleUserId: 'yangfan',
  };

  it('sends an extension request to whoever decides it, with a decision deadline, and lists it as their work', async () => {
    clock = at('2024-03-11T09:00:00+08:00');
    const id = await assign({ ...housing, title: '老旧小区加装电梯推进情况' });
    expect((await call('yangfan', `/matters/${id}/accept`, 'POST', {})).status).toBe(200);
    // Tuesday 03-12: decided within 2 working days, by Thursday 03-14.
    clock = at('2024-03-12T10:00:00+08:00');
    const asked = await call('yangfan', `/matters/${id}/extensions`, 'POST', { amount: 5, reason: '需等待设计变更' });
    expect(asked.status).toBe(201);
    const request = await demo.db.getRepository(ExtensionRequest).findOneByOrFail({ matterId: id });
    for (const officer of ['sunli', 'zhoutao']) {
      const notice = await outbox(`extension:${request.id}:requested:${officer}`);
      expect(notice).toMatchObject({ channel: 'work_notice', kind: 'extension_request', recipientUserId: officer });
      expect(String(notice?.payload.text)).toContain('请于2024年3月14日前审批');
      expect(notice?.payload.linkPath).toBe(`/m/matter/${id}`);
    }
    expect(await outbox(`extension:${request.id}:requested:chenjing`)).toBeNull();

    const mine = await call<{ requests: PendingExtension[] }>('sunli', '/extension-requests');
    expect(mine.body.requests.find((r) => r.requestId === request.id)).toMatchObject({
      matter: { id },
      amount: 5,
      decideBy: '2024-03-14',
      decisionOverdue: false,
      requestedBy: { id: 'yangfan', name: '杨帆' },
    });
    // A leader does not decide a request under a rule that names 督查室.
    const leader = await call<{ requests: PendingExtension[] }>('chenjing', '/extension-requests');
    expect(leader.body.requests.some((r) => r.requestId === request.id)).toBe(false);

    clock = at('2024-03-15T10:00:00+08:00');
    const queue = await call<OfficeQueue>('sunli', '/queue');
    expect(queue.status).toBe(200);
    const waiting = queue.body.extensions.items.find((r) => r.requestId === request.id);
    expect(waiting).toMatchObject({ decideBy: '2024-03-14', decisionOverdue: true });
  });

  it('sends a 信访 request to the leader who assigned it (本机关负责人), not to 督查室', async () => {
    clock = at('2024-03-11T09:00:00+08:00');
    const id = await assign({
      source: 'petition',
      title: '关于小区停车难问题的信访件',
      assignedByUserId: 'chenjing',
      leadDepartmentId: '33',
      responsibleUserId: 'yangfan',
    });
    expect((await call('yangfan', `/matters/${id}/accept`, 'POST', {})).status).toBe(200);
    const asked = await call('yangfan', `/matters/${id}/extensions`, 'POST', { amount: 10, reason: '需多部门会商' });
    expect(asked.status).toBe(201);
    const request = await demo.db.getRepository(ExtensionRequest).findOneByOrFail({ matterId: id });
    expect(await outbox(`extension:${request.id}:requested:chenjing`)).not.toBeNull();
    expect(await outbox(`extension:${request.id}:requested:sunli`)).toBeNull();
    expect(await outbox(`extension:${request.id}:requested:liming`)).toBeNull();
    const leader = await call<{ requests: PendingExtension[] }>('chenjing', '/extension-requests');
    expect(leader.body.requests.some((r) => r.requestId === request.id)).toBe(true);
    const office = await call<OfficeQueue>('sunli', '/queue');
    expect(office.body.extensions.items.some((r) => r.requestId === request.id)).toBe(false);
  });

  it('gives 督查室 a queue in counted sections, and nobody else (an administrator neither)', async () => {
    clock = at('2024-03-11T09:00:00+08:00');
    const returned = await assign({ ...housing, title: '退回测试：非本单位职责' });
    expect((await call('yangfan', `/matters/${returned}/return`, 'POST', { reason: '不属本单位职责' })).status).toBe(
      200,
    );
    const done = await assign({ ...housing, title: '待评价测试：路灯维修' });
    await call('yangfan', `/matters/${done}/accept`, 'POST', {});
    await call('yangfan', `/matters/${done}/complete`, 'POST', { reply: '已全部修复' });
    const late = await assign({ ...housing, title: '逾期测试：排水改造', dueDate: '2024-03-12' });
    clock = at('2024-03-14T10:00:00+08:00');

    const queue = await call<OfficeQueue>('zhoutao', '/queue');
    expect(queue.status).toBe(200);
    const { extensions, returned: back, overdue, toEvaluate } = queue.body;
    for (const s of [extensions, back, overdue, toEvaluate]) expect(s.count).toBe(s.items.length);
    expect(back.items.map((m) => m.id)).toContain(returned);
    expect(toEvaluate.items.map((m) => m.id)).toContain(done);
    expect(overdue.items.map((m) => m.id)).toContain(late);
    expect(overdue.items.every((m) => m.timeliness === 'overdue')).toBe(true);

    for (const user of ['qianwei', 'hanbing', 'chenjing']) {
      const refused = await call(user, '/queue');
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe('督查室工作台仅供督查室使用');
    }
  });

  it('lets a co-unit give its 协办意见 once owed, tells the lead unit, and lists only what each unit owes', async () => {
    clock = at('2024-03-11T09:00:00+08:00');
    const id = await assign({ ...housing, title: '协办测试：城南雨污分流', dueDate: '2024-03-12' });
    clock = at('2024-03-14T10:00:00+08:00');
    const ids = async (user: string, mine: string) =>
      (await call<{ matters: MatterView[] }>(user, `/matters?mine=${mine}&limit=1000`)).body.matters.map((m) => m.id);
    expect(await ids('caoxue', 'co_opinion')).toContain(id);
    expect(await ids('caoxue', 'lead')).not.toContain(id);
    expect(await ids('yangfan', 'lead')).toContain(id);
    expect(await ids('yangfan', 'co_opinion')).not.toContain(id);

    // The lead unit gives progress, not a co-unit's opinion; an empty opinion is refused. Neither changes anything.
    const before = await snapshot();
    const lead = await call(`yangfan`, `/matters/${id}/co-opinion`, 'POST', { content: '我局意见' });
    expect(lead.status).toBe(403);
    expect((await call('caoxue', `/matters/${id}/co-opinion`, 'POST', { content: ' ' })).status).toBe(400);
    expect(await snapshot()).toEqual(before);

    const given = await call<{ matter: MatterView }>('caoxue', `/matters/${id}/co-opinion`, 'POST', {
      content: '资金已纳入年度预算，可按进度拨付。',
    });
    expect(given.status).toBe(200);
    const detail = await call<{ matter: MatterDetail }>('sunli', `/matters/${id}`);
    const report = detail.body.matter.reports.at(-1);
    expect(report).toMatchObject({ coDepartment: { id: '32', name: '区财政局' }, userId: 'caoxue' });
    expect(detail.body.matter.history.at(-1)).toMatchObject({ action: 'matter.co_opinion_reported', actor: 'caoxue' });
    expect(await outbox(`co-opinion:${report?.id}`)).toMatchObject({ kind: 'co_opinion', recipientUserId: 'yangfan' });
    expect(await ids('caoxue', 'co_opinion')).not.toContain(id);
  });

  it('refuses a second 催办 of the same matter within 10 minutes, changing nothing', async () => {
    clock = at('2024-03-11T09:00:00+08:00');
    const id = await assign({ ...housing, title: '催办间隔测试' });
    clock = at('2024-03-12T10:00:00+08:00');
    expect((await call('sunli', `/matters/${id}/urge`, 'POST', {})).status).toBe(200);
    clock = at('2024-03-12T10:09:00+08:00');
    const before = await snapshot();
    const again = await call('zhoutao', `/matters/${id}/urge`, 'POST', { note: '再催' });
    expect(again.status).toBe(429);
    expect(again.body.error).toMatchObject({ code: 'too_soon', message: '该事项10分钟内已催办过，请勿重复催办' });
    expect(await snapshot()).toEqual(before);
    clock = at('2024-03-12T10:11:00+08:00');
    const later = await call<{ matter: MatterView }>('zhoutao', `/matters/${id}/urge`, 'POST', {});
    expect(later.status).toBe(200);
    expect(later.body.matter.urgeCount).toBe(2);
  });

  it('requires a reason for 较差, tells the unit, and lets the office revise an evaluation (audited, latest counts)', async () => {
    clock = at('2024-03-11T09:00:00+08:00');
    const id = await assign({ ...housing, title: '评价测试：背街小巷整治' });
    await call('yangfan', `/matters/${id}/accept`, 'POST', {});
    await call('yangfan', `/matters/${id}/complete`, 'POST', { reply: '已完成整治' });

    const before = await snapshot();
    const bare = await call('sunli', `/matters/${id}/evaluate`, 'POST', { grade: 'poor' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toBe('评价为“较差”须说明理由');
    expect(await snapshot()).toEqual(before);

    const poor = await call('sunli', `/matters/${id}/evaluate`, 'POST', { grade: 'poor', comment: '整治不彻底' });
    expect(poor.status).toBe(200);
    const told = await outbox(`evaluated:${id}:1`);
    expect(told).toMatchObject({ kind: 'evaluated', recipientUserId: 'yangfan' });
    expect(String(told?.payload.text)).toContain('较差');

    // A unit may not revise; the office may, and the unit hears of it.
    expect((await call('hanbing', `/matters/${id}/evaluate`, 'POST', { grade: 'good' })).status).toBe(403);
    const revised = await call('zhoutao', `/matters/${id}/evaluate`, 'POST', { grade: 'fair', comment: '经复核' });
    expect(revised.status).toBe(200);
    const detail = (await call<{ matter: MatterDetail }>('sunli', `/matters/${id}`)).body.matter;
    expect(detail.evaluations.map((e) => e.grade)).toEqual(['poor', 'fair']);
    expect(detail.history.at(-1)).toMatchObject({
      action: 'matter.evaluation_revised',
      before: { status: 'evaluated', grade: 'poor' },
      after: { grade: 'fair' },
    });
    expect(await outbox(`evaluated:${id}:2`)).toMatchObject({ recipientUserId: 'yangfan' });
  });

  it('refuses an extension refusal without a reason, changing nothing', async () => {
    clock = at('2024-03-11T09:00:00+08:00');
    const id = await assign({ ...housing, title: '驳回理由测试' });
    await call('yangfan', `/matters/${id}/accept`, 'POST', {});
    await call('yangfan', `/matters/${id}/extensions`, 'POST', { amount: 3, reason: '材料未齐' });
    const request = await demo.db.getRepository(ExtensionRequest).findOneByOrFail({ matterId: id });
    const before = await snapshot();
    const bare = await call('sunli', `/matters/${id}/extensions/${request.id}/decision`, 'POST', { approve: false });
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toBe('驳回延期申请须说明理由');
    expect(await snapshot()).toEqual(before);
  });
});
