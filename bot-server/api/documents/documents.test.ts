import { AuditLog, Document, DocumentStep } from '../../../entities';
import { testDatabases } from '../../test-support/databases';
import { until, useDemoDuban } from '../../test-support/demo-fixture';
import { formValues } from '../../test-support/documents';

type Body = Record<string, unknown>;
interface ApiError {
  error: { code: string; message: string };
}
interface Detail {
  document: {
    id: number;
    status: string;
    urgency: string;
    title: string;
    link: { url: string; dingtalkUrl: string } | null;
  };
  limits: { purpose: string; ruleCode: string; dueDate: string; status: string; metOnTime: boolean | null }[];
  timeline: {
    type: string;
    stage: string | null;
    stepId?: number;
    assigneeUserId?: string;
    status?: string;
    deadline?: { dueDate: string } | null;
  }[];
}
interface ListBody {
  total: number;
  items: { id: number; overdue: boolean; title: string; currentSteps: { assigneeUserId: string }[] }[];
}

describe.each(testDatabases())('documents API on $name', (target) => {
  const demo = useDemoDuban(target, {
    users: ['zhenglei', 'wufang', 'liming', 'caoxue', 'hanlu', 'hemin', 'sunli', 'qianwei', 'wangjianguo'],
  });
  const call = demo.caller<Body>();

  const documents = () => demo.db.getRepository(Document);
  const post = <T = Body>(path: string, user: string, body: unknown) => call<T>(user, path, 'POST', body);
  const get = <T = Body>(path: string, user: string) => call<T>(user, path);

  it('registers a paper document, with its limits, only for the office and only with good input', async () => {
    const before = await documents().count();
    const notOffice = await post<ApiError>('/api/documents/paper', 'hemin', {
      title: '关于报送材料的通知',
      urgency: '平件',
    });
    expect(notOffice).toMatchObject({ status: 403, body: { error: { message: '仅办公室工作人员可登记纸质来文' } } });
    const empty = await post<ApiError>('/api/documents/paper', 'zhenglei', {});
    expect(empty).toMatchObject({ status: 400, body: { error: { code: 'invalid_body', message: '提交的内容有误' } } });
    const badUrgency = await post<ApiError & { error: { details: { message: string }[] } }>(
      '/api/documents/paper',
      'zhenglei',
      {
        title: '关于报送材料的通知',
        urgency: '十万火急',
      },
    );
    expect(badUrgency.status).toBe(400);
    expect(badUrgency.body.error.details.map((d) => d.message)).toContain('紧急程度应为特急、加急或平件');
    const future = await post<ApiError>('/api/documents/paper', 'zhenglei', {
      title: '关于报送材料的通知',
      receivedAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(future).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_received_at', message: '收文时间不能晚于当前时间' } },
    });
    const badDate = await post<ApiError>('/api/documents/paper', 'zhenglei', {
      title: '关于报送材料的通知',
      receivedAt: '2026-02-30',
    });
    expect(badDate).toMatchObject({ status: 400, body: { error: { code: 'invalid_date' } } });
    const nobody = await post<ApiError>('/api/documents/paper', 'zhenglei', {
      title: '关于报送材料的通知',
      proposerUserId: 'nobody',
    });
    expect(nobody).toMatchObject({
      status: 400,
      body: { error: { code: 'unknown_user', message: '拟办人「nobody」不存在或已停用' } },
    });
    expect(await documents().count()).toBe(before);

    const created = await post<Detail>('/api/documents/paper', 'zhenglei', {
      title: '关于做好冬季供暖保障工作的通知',
      docNumber: '市城管发〔2026〕31号',
      issuingOrg: '市城市管理局',
      urgency: '加急',
      proposerUserId: 'wufang',
    });
    expect(created.status).toBe(201);
    expect(created.body.document).toMatchObject({
      status: 'open',
      urgency: 'urgent',
      title: '关于做好冬季供暖保障工作的通知',
      link: null,
    });
    expect(created.body.limits.map((l) => [l.purpose, l.ruleCode, l.status])).toEqual([
      ['submit', 'doc.incoming.submit.urgent', 'open'],
      ['complete', 'doc.incoming.complete', 'open'],
    ]);
    expect(created.body.timeline.map((e) => [e.type, e.stage, e.assigneeUserId ?? null, e.status ?? null])).toEqual([
      ['start', 'register', null, null],
      ['step', 'propose', 'wufang', 'open'],
    ]);
    expect(created.body.timeline[1]?.deadline?.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const audited = await demo.duban
      .services()
      .db.getRepository(AuditLog)
      .findBy({
        action: 'document.registered',
        subjectId: String(created.body.document.id),
      });
    expect(audited.map((a) => [a.actor, a.subjectType])).toEqual([['zhenglei', 'document']]);
  });

  it('routes a paper document stage by stage; a unit sees it once it has a step there, others do not', async () => {
    const doc = await documents().findOneByOrFail({ title: '关于做好冬季供暖保障工作的通知' });
    const stepOf = async (userId: string) =>
      (
        await demo.duban
          .services()
          .db.getRepository(DocumentStep)
          .findOneByOrFail({ documentId: doc.id, assigneeUserId: userId })
      ).id;

    expect(
      (await post(`/api/documents/steps/${await stepOf('wufang')}/complete`, 'hemin', { comment: '同意' })).status,
    ).toBe(404);
    expect(
      (await post(`/api/documents/steps/${await stepOf('wufang')}/complete`, 'wufang', { comment: '拟请陈静同志阅示' }))
        .status,
    ).toBe(200);
    const again = await post<ApiError>(`/api/documents/steps/${await stepOf('wufang')}/complete`, 'wufang', {});
    expect(again).toMatchObject({ status: 409, body: { error: { message: '该环节已办理' } } });
    const badStage = await post<ApiError>(`/api/documents/${doc.id}/steps`, 'zhenglei', {
      stage: '签发',
      assigneeUserId: 'liming',
    });
    expect(badStage).toMatchObject({ status: 400, body: { error: { code: 'invalid_stage' } } });
    const byUnit = await post(`/api/documents/${doc.id}/steps`, 'hemin', { stage: '批办', assigneeUserId: 'liming' });
    expect(byUnit.status).toBe(403);
    expect(
      (await post(`/api/documents/${doc.id}/steps`, 'zhenglei', { stage: '批办', assigneeUserId: 'liming' })).status,
    ).toBe(201);
    expect(
      (await post(`/api/documents/steps/${await stepOf('liming')}/complete`, 'liming', { comment: '请区财政局办理' }))
        .status,
    ).toBe(200);

    // Before the 承办 step, 区财政局 does not see it; after, it does, and 区民政局 still does not.
    expect((await get(`/api/documents/${doc.id}`, 'caoxue')).status).toBe(404);
    expect(
      (await post(`/api/documents/${doc.id}/steps`, 'zhenglei', { stage: 'handle', assigneeUserId: 'caoxue' })).status,
    ).toBe(201);
    const seen = await get<Detail>(`/api/documents/${doc.id}`, 'caoxue');
    expect(seen.status).toBe(200);
    // A step done without a next stage went back to the registrar (登记), who sent it on.
    expect(seen.body.timeline.map((e) => e.stage)).toEqual([
      'register',
      'propose',
      'register',
      'instruct',
      'register',
      'handle',
    ]);
    expect(seen.body.limits.find((l) => l.purpose === 'submit')).toMatchObject({ status: 'closed', metOnTime: true });
    expect((await get(`/api/documents/${doc.id}`, 'hanlu')).status).toBe(404);
    const unitList = await get<ListBody>('/api/documents?status=open', 'caoxue');
    expect(unitList.body.items.map((i) => i.id)).toContain(doc.id);
    expect((await get<ListBody>('/api/documents?status=open', 'hanlu')).body.items.map((i) => i.id)).not.toContain(
      doc.id,
    );

    const mine = await get<{
      steps: {
        document: { id: number };
        canComplete: boolean;
        deadline: { remainingWorkdays: number | null; overdue: boolean };
      }[];
    }>('/api/documents/my-steps', 'caoxue');
    const item = mine.body.steps.find((s) => s.document.id === doc.id);
    expect(item).toMatchObject({ canComplete: true, deadline: { overdue: false } });
    expect(item?.deadline.remainingWorkdays).toBeGreaterThan(10);
    const execute = await post<ApiError>(`/api/documents/steps/${await stepOf('caoxue')}/execute`, 'caoxue', {
      result: 'agree',
    });
    expect(execute).toMatchObject({ status: 400, body: { error: { code: 'not_dingtalk' } } });
    expect((await get<ApiError>(`/api/documents/${doc.id}/link`, 'caoxue')).body.error.message).toBe(
      '纸质公文没有钉钉审批',
    );

    expect((await post(`/api/documents/${doc.id}/close`, 'caoxue', { comment: '已办结' })).status).toBe(403);
    expect((await post(`/api/documents/${doc.id}/close`, 'zhenglei', { comment: '已办结' })).status).toBe(200);
    const closed = await get<Detail>(`/api/documents/${doc.id}`, 'sunli');
    expect(closed.body.document.status).toBe('completed');
    expect(closed.body.limits.map((l) => l.status)).toEqual(['closed', 'closed']);
    expect(closed.body.timeline.at(-1)).toMatchObject({ type: 'end', stage: 'close' });
  });

  it('lists documents by kind, status, overdue, unit and period, and refuses bad filters', async () => {
    const all = await get<ListBody>('/api/documents?pageSize=100', 'sunli');
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThan(20);
    const overdue = await get<ListBody>('/api/documents?overdue=true&status=open&pageSize=100', 'sunli');
    expect(overdue.body.items.length).toBeGreaterThan(0);
    expect(overdue.body.items.every((i) => i.overdue)).toBe(true);
    const notOverdue = await get<ListBody>('/api/documents?overdue=false&status=open&pageSize=100', 'sunli');
    expect(notOverdue.body.items.every((i) => !i.overdue)).toBe(true);
    const outgoing = await get<ListBody>('/api/documents?kind=outgoing&pageSize=100', 'wangjianguo');
    expect(outgoing.body.total).toBeGreaterThan(0);
    const unit = await get<ListBody>('/api/documents?unit=32&pageSize=100', 'sunli');
    expect(unit.body.items.some((i) => i.title === '关于做好冬季供暖保障工作的通知')).toBe(true);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const period = await get<ListBody>(
      `/api/documents?from=${today}&to=${today}&q=${encodeURIComponent('冬季供暖保障')}`,
      'sunli',
    );
    expect(period.body.items.map((i) => i.title)).toEqual(['关于做好冬季供暖保障工作的通知']);

    expect((await get<ApiError>('/api/documents?from=2026-03-01&to=2026-02-01', 'sunli')).body.error.code).toBe(
      'invalid_range',
    );
    expect((await get<ApiError>('/api/documents?from=2026-02-30', 'sunli')).body.error.code).toBe('invalid_date');
    expect((await get<ApiError>('/api/documents?kind=memo', 'sunli')).status).toBe(400);
    expect((await get<ApiError>('/api/documents/abc', 'sunli')).status).toBe(400);
    expect((await get<ApiError>('/api/documents/999999', 'sunli')).status).toBe(404);
  });

  it('approves a DingTalk task from the mini-app for its assignee only; the event then closes the step', async () => {
    const sim = demo.duban.simulator;
    if (!sim) throw new Error('the demo runs with its simulator');
    await sim.gateway.waitForConnections(1);
    const pid = sim.state.startInstance({
      processCode: 'PROC-DUBAN-SHOUWEN',
      originatorUserId: 'zhenglei',
      formComponentValues: formValues({
        标题: '关于开展冬季安全生产大检查的通知',
        文号: '市安委发〔2026〕9号',
        来文单位: '市安全生产委员会',
        紧急程度: '特急',
      }),
    });
    const step = await until(
      () =>
        demo.duban
          .services()
          .db.getRepository(DocumentStep)
          .findOne({
            where: {
              assigneeUserId: 'wufang',
              stage: 'propose',
              status: 'open',
              taskId: String(sim.state.instances.get(pid)?.tasks[0]?.taskId),
            },
          }),
      (s) => s !== null,
    );
    if (!step) throw new Error('the step did not arrive');
    const doc = await documents().findOneByOrFail({ processInstanceId: pid });

    expect((await post(`/api/documents/steps/${step.id}/execute`, 'hemin', { result: 'agree' })).status).toBe(404);
    const notMine = await post<ApiError>(`/api/documents/steps/${step.id}/execute`, 'zhenglei', { result: 'agree' });
    expect(notMine).toMatchObject({ status: 403, body: { error: { message: '只有该环节的办理人可以审批' } } });
    const bad = await post<ApiError>(`/api/documents/steps/${step.id}/execute`, 'wufang', { result: 'maybe' });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
    const link = await get<{ url: string; dingtalkUrl: string }>(`/api/documents/${doc.id}/link`, 'wufang');
    expect(link.body.url).toMatch(
      new RegExp(`^https://aflow\\.dingtalk\\.com/dingtalk/mobile/homepage\\.htm\\?corpid=.*procInstId=${pid}`),
    );
    expect(link.body.dingtalkUrl).toBe(
      `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(link.body.url)}&pc_slide=true`,
    );

    const ok = await post(`/api/documents/steps/${step.id}/execute`, 'wufang', {
      result: 'agree',
      comment: '拟请赵志强同志阅示',
    });
    expect(ok).toMatchObject({ status: 202, body: { accepted: true, stepId: step.id, result: 'agree' } });
    const done = await until(
      () => demo.duban.services().db.getRepository(DocumentStep).findOneByOrFail({ id: step.id }),
      (s) => s.status === 'done',
    );
    expect(done).toMatchObject({ status: 'done', result: 'agree', comment: '拟请赵志强同志阅示', onTime: true });
    const twice = await post<ApiError>(`/api/documents/steps/${step.id}/execute`, 'wufang', { result: 'agree' });
    expect(twice).toMatchObject({ status: 409, body: { error: { code: 'step_closed' } } });
    expect(
      await demo.duban
        .services()
        .db.getRepository(AuditLog)
        .countBy({ action: 'document.task.executed', actor: 'wufang' }),
    ).toBe(1);
    expect(
      sim.state.instances
        .get(pid)
        ?.tasks.filter((t) => t.userId === 'wufang')
        .map((t) => t.status),
    ).toEqual(['COMPLETED']);
  });

  it('shows templates, problems and figures to those who see all, and lets only an administrator change a template', async () => {
    const templates = await get<{ templates: { processCode: string; kind: string }[] }>(
      '/api/documents/templates',
      'sunli',
    );
    expect(templates.body.templates.map((t) => [t.processCode, t.kind])).toEqual([
      ['PROC-DUBAN-FAWEN', 'outgoing'],
      ['PROC-DUBAN-SHOUWEN', 'incoming'],
    ]);
    expect((await get('/api/documents/templates', 'hemin')).status).toBe(403);
    expect((await get('/api/documents/problems', 'hemin')).status).toBe(403);
    expect((await get('/api/documents/figures?from=2026-01-01&to=2026-12-31', 'hemin')).status).toBe(403);
    expect((await get('/api/documents/figures?from=2026-12-31&to=2026-01-01', 'sunli')).status).toBe(400);
    const figures = await get<{ current: { received: number } }>(
      '/api/documents/figures?from=2026-01-01&to=2026-12-31',
      'wangjianguo',
    );
    expect(figures.status).toBe(200);
    expect(figures.body.current.received).toBeGreaterThan(0);

    const put = (user: string, body: unknown) =>
      call<ApiError>(user, '/api/documents/templates/PROC-DUBAN-FAWEN', 'PUT', body);
    expect((await put('sunli', { name: '发文审批', kind: '发文', stageMap: { 'node-2': '签发' } })).status).toBe(403);
    const badStage = await put('qianwei', {
      name: '发文审批',
      kind: '发文',
      stageMap: { 'node-1': '拟办', 'node-2': '签发' },
    });
    expect(badStage).toMatchObject({
      status: 400,
      body: {
        error: { code: 'invalid_stage', message: '审批节点「node-1」对应的环节「拟办」无效：发文可选核稿、签发、印发' },
      },
    });
    const noSign = await put('qianwei', { name: '发文审批', kind: 'outgoing', stageMap: { 'node-1': 'review' } });
    expect(noSign).toMatchObject({ status: 400, body: { error: { code: 'missing_stage' } } });
    const badCode = await call<ApiError>('qianwei', `/api/documents/templates/${encodeURIComponent('PROC 1')}`, 'PUT', {
      name: 'x',
      kind: '收文',
      stageMap: { a: '拟办' },
    });
    expect(badCode).toMatchObject({ status: 400, body: { error: { code: 'invalid_process_code' } } });
    const after = await get<{ templates: { processCode: string; stageMap: Record<string, string> }[] }>(
      '/api/documents/templates',
      'qianwei',
    );
    expect(after.body.templates.find((t) => t.processCode === 'PROC-DUBAN-FAWEN')?.stageMap).toEqual({
      'node-1': 'review',
      'node-2': 'sign',
      'node-3': 'issue',
    });
  });
});
