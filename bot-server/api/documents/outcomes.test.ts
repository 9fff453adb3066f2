import { Document } from '../../../entities';
import { testDatabases } from '../../test-support/databases';
import { until, useDemoDuban } from '../../test-support/demo-fixture';
import { formValues } from '../../test-support/documents';

interface ApiError {
  error: { code: string; message: string };
}
interface Step {
  type: string;
  stage: string | null;
  stepId: number;
  assigneeUserId: string;
  status: string;
  canComplete: boolean;
  outcome: string | null;
  outcomeLabel: string | null;
  deadline: { dueDate: string } | null;
  deadlineNote: string | null;
}
interface Detail {
  document: { id: number; status: string; statusLabel: string };
  limits: {
    purpose: string;
    status: string;
    metOnTime: boolean | null;
    outcome: string | null;
    outcomeLabel: string;
  }[];
  timeline: Step[];
  canRoute: boolean;
}
interface Figures {
  current: { limits: { kind: string; purpose: string; count: number; onTime: number; onTimeRate: number | null }[] };
}
interface MySteps {
  steps: { stepId: number; document: { id: number } }[];
}

const USERS = ['zhenglei', 'wufang', 'liming', 'caoxue', 'hemin', 'sunli', 'wangjianguo'];

describe.each(testDatabases())('document outcomes and paper routing on $name', (target) => {
  const demo = useDemoDuban(target, { users: USERS });
  const call = demo.caller();
  const post = <T>(path: string, user: string, body: unknown) => call<T>(user, path, 'POST', body);
  const get = <T>(path: string, user: string) => call<T>(user, path);
  const detail = async (id: number, user = 'sunli') => (await get<Detail>(`/api/documents/${id}`, user)).body;
  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

  it('keeps a refusal at 签发 out of 办结 and out of the 签发 on-time rate, and says so on the page', async () => {
    const sim = demo.duban.simulator;
    if (!sim) throw new Error('the demo runs with its simulator');
    await sim.gateway.waitForConnections(1);
    const figures = async () =>
      (
        await get<Figures>(`/api/documents/figures?from=${today()}&to=${today()}`, 'wangjianguo')
      ).body.current.limits.find((l) => l.kind === 'outgoing' && l.purpose === 'sign');
    const before = await figures();

    const pid = sim.state.startInstance({
      processCode: 'PROC-DUBAN-FAWEN',
      originatorUserId: 'qianwei',
      formComponentValues: formValues({ 标题: '区政府办公室关于调整值班安排的通知', 紧急程度: '平件' }),
    });
    const taskOf = (userId: string) =>
      Number(sim.state.instances.get(pid)?.tasks.find((t) => t.userId === userId && t.status === 'RUNNING')?.taskId);
    const docOf = () => demo.duban.services().db.getRepository(Document).findOneBy({ processInstanceId: pid });
    await until(docOf, (d) => d?.formLoadedAt != null);
    sim.state.executeTask({
      processInstanceId: pid,
      taskId: taskOf('wufang'),
      actionerUserId: 'wufang',
      result: 'agree',
    });
    await until(
      async () => sim.state.instances.get(pid)?.tasks.some((t) => t.userId === 'zhaozhiqiang'),
      (found) => found === true,
    );
    sim.state.executeTask({
      processInstanceId: pid,
      taskId: taskOf('zhaozhiqiang'),
      actionerUserId: 'zhaozhiqiang',
      result: 'refuse',
      remark: '请修改后重新报送',
    });
    const doc = await until(docOf, (d) => d?.status !== 'open');
    if (!doc) throw new Error('the document did not arrive');
    const page = await until(
      () => detail(doc.id),
      (d) =>
        d.limits.some((l) => l.status === 'closed') &&
        d.timeline.some((t) => t.stage === 'sign' && t.status === 'done'),
    );

    expect(page.document).toMatchObject({ status: 'refused', statusLabel: '退回（未通过）' });
    expect(page.limits.map((l) => [l.purpose, l.status, l.metOnTime, l.outcome, l.outcomeLabel])).toEqual([
      ['sign', 'closed', null, 'refused', '不同意（退回）'],
    ]);
    const sign = page.timeline.find((t) => t.stage === 'sign');
    expect(sign).toMatchObject({ status: 'done', outcome: 'refused', outcomeLabel: '不同意（退回）' });
    expect(page.timeline.find((t) => t.stage === 'review')).toMatchObject({ outcome: 'on_time' });
    // The refusal is neither on time nor late: the 签发 figure counts exactly what it counted before.
    expect(await figures()).toEqual(before);
  });

  it('says why the 拟办 step and the 拟办呈送 limit fall on different days, and nothing when they agree', async () => {
    const register = (urgency: string) =>
      post<Detail>('/api/documents/paper', 'zhenglei', {
        title: `关于报送年度统计资料的通知（${urgency}）`,
        urgency,
        proposerUserId: 'wufang',
      });
    const routine = (await register('平件')).body;
    const submit = routine.limits.find((l) => l.purpose === 'submit');
    const propose = routine.timeline.find((t) => t.stage === 'propose');
    expect(propose?.deadline?.dueDate).not.toBe((submit as unknown as { dueDate: string }).dueDate);
    expect(propose?.deadlineNote).toBe(
      '本环节时限自送达本环节之日起按「收文拟办（环节）」计算；文件「拟办呈送」时限自收文之日起按「收文拟办呈送（平件）」计算，故两者不同',
    );
    const urgent = (await register('加急')).body;
    expect(urgent.timeline.find((t) => t.stage === 'propose')?.deadlineNote).toBeNull();
  });

  it('routes a paper document to the end: each handler sends it on, only they may act, the office files it', async () => {
    const created = await post<Detail>('/api/documents/paper', 'zhenglei', {
      title: '关于做好元旦春节期间安全生产工作的通知',
      docNumber: '市应急发〔2026〕40号',
      issuingOrg: '市应急管理局',
      urgency: '平件',
      proposerUserId: 'wufang',
    });
    expect(created.status).toBe(201);
    const id = created.body.document.id;
    const holder = async () => {
      const open = (await detail(id)).timeline.filter((t) => t.type === 'step' && t.status === 'open');
      expect(open).toHaveLength(1);
      return open[0] as Step;
    };
    /** Who has it in 待办: exactly the one holder among everyone. */
    const inTodo = async () => {
      const holders: string[] = [];
      for (const user of USERS) {
        const mine = await get<MySteps>('/api/documents/my-steps', user);
        if (mine.body.steps.some((s) => s.document.id === id)) holders.push(user);
      }
      return holders;
    };
    const complete = (stepId: number, user: string, body: unknown) =>
      post<ApiError & { nextStepId: number }>(`/api/documents/steps/${stepId}/complete`, user, body);

    let step = await holder();
    expect([step.stage, step.assigneeUserId]).toEqual(['propose', 'wufang']);
    expect(await inTodo()).toEqual(['wufang']);
    expect((await detail(id, 'wufang')).timeline.find((t) => t.stepId === step.stepId)?.canComplete).toBe(true);
    expect((await detail(id, 'zhenglei')).timeline.find((t) => t.stepId === step.stepId)?.canComplete).toBe(false);
    // Nobody else may finish it, not even the office; bad next steps change nothing.
    expect((await complete(step.stepId, 'zhenglei', {})).body.error.message).toBe('只有该环节的办理人可以办理');
    expect((await complete(step.stepId, 'liming', {})).status).toBe(403);
    expect((await complete(step.stepId, 'hemin', {})).status).toBe(404);
    const badStage = await complete(step.stepId, 'wufang', { next: { stage: '签发', assigneeUserId: 'liming' } });
    expect([badStage.status, badStage.body.error.code]).toEqual([400, 'invalid_stage']);
    const nobody = await complete(step.stepId, 'wufang', { next: { stage: '批办', assigneeUserId: 'nobody' } });
    expect([nobody.status, nobody.body.error.message]).toEqual([400, '办理人「nobody」不存在或已停用']);
    expect(await holder()).toMatchObject({ stepId: step.stepId, status: 'open' });

    const toLeader = await complete(step.stepId, 'wufang', {
      comment: '拟请李明同志阅示',
      next: { stage: '批办', assigneeUserId: 'liming' },
    });
    expect(toLeader.status).toBe(200);
    step = await holder();
    expect([step.stepId, step.stage, step.assigneeUserId]).toEqual([toLeader.body.nextStepId, 'instruct', 'liming']);
    expect(await inTodo()).toEqual(['liming']);

    const toUnit = await complete(step.stepId, 'liming', {
      comment: '请区财政局办理',
      next: { stage: 'handle', assigneeUserId: 'caoxue' },
    });
    expect(toUnit.status).toBe(200);
    step = await holder();
    expect([step.stage, step.assigneeUserId]).toEqual(['handle', 'caoxue']);
    expect(await inTodo()).toEqual(['caoxue']);
    expect((await post<ApiError>(`/api/documents/${id}/close`, 'caoxue', {})).status).toBe(403);

    // Done without a next stage: back to the registrar, who files it.
    expect((await complete(step.stepId, 'caoxue', { comment: '已按要求落实' })).status).toBe(200);
    step = await holder();
    expect([step.stage, step.assigneeUserId]).toEqual(['register', 'zhenglei']);
    expect(await inTodo()).toEqual(['zhenglei']);
    const again = await complete(step.stepId, 'zhenglei', {});
    expect([again.status, again.body.error.code]).toEqual([400, 'next_required']);
    expect((await post(`/api/documents/${id}/close`, 'zhenglei', { comment: '办结归档' })).status).toBe(200);

    const closed = await detail(id);
    expect(closed.document.status).toBe('completed');
    expect(closed.timeline.filter((t) => t.type === 'step' && t.status === 'open')).toEqual([]);
    expect(closed.timeline.map((t) => [t.type, t.stage])).toEqual([
      ['start', 'register'],
      ['step', 'propose'],
      ['step', 'instruct'],
      ['step', 'handle'],
      ['step', 'register'],
      ['end', 'close'],
    ]);
    expect(await inTodo()).toEqual([]);
  });

  it('gives a paper document registered without a 拟办 person to its registrar to send on', async () => {
    const created = await post<Detail>('/api/documents/paper', 'zhenglei', {
      title: '关于征求意见的函',
      urgency: '平件',
    });
    const open = created.body.timeline.filter((t) => t.type === 'step' && t.status === 'open');
    expect(open.map((t) => [t.stage, t.assigneeUserId, t.canComplete])).toEqual([['register', 'zhenglei', true]]);
    const sent = await post<{ nextStepId: number }>(`/api/documents/steps/${open[0]?.stepId}/complete`, 'zhenglei', {
      next: { stage: '拟办', assigneeUserId: 'wufang' },
    });
    expect(sent.status).toBe(200);
    const after = await detail(created.body.document.id);
    expect(after.timeline.filter((t) => t.status === 'open').map((t) => [t.stage, t.assigneeUserId])).toEqual([
      ['propose', 'wufang'],
    ]);
  });
});
