import { Document, DocumentProblem, InboxEvent } from '../../entities';
import { createLogger } from '../logging/logger';
import { testDatabases } from '../test-support/databases';
import { type DocumentsHarness, formValues, startDocumentsHarness } from '../test-support/documents';
import { callJson, signInAs } from '../test-support/http';
import { DocumentService } from './service';

/**
 * End to end through the demo server and its simulator: approvals started and approved in the simulated DingTalk,
 * events pushed over Stream into the inbox and the real handlers, instances read back from DingTalk; then the
 * documents, steps, deadlines and on-time flags in Duban. The simulator's clock is the test's.
 */

const incomingForm = (title: string, urgency = '加急') =>
  formValues({ 标题: title, 文号: '市政办发〔2026〕8号', 来文单位: '市政府办公室', 紧急程度: urgency, 密级: '内部' });

describe.each(testDatabases())('documents from DingTalk approvals on $name', (target) => {
  let h: DocumentsHarness;
  let wufang: string;

  beforeAll(async () => {
    // Monday 2 March 2026, 09:00:17 in Shanghai: the seconds show that Duban keeps minutes, as the API gives them.
    h = await startDocumentsHarness(target, '2026-03-02T01:00:17.250Z');
    wufang = await signInAs(h.duban, 'wufang');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const taskOf = (processInstanceId: string, userId: string) => {
    const task = h.sim.state.instances
      .get(processInstanceId)
      ?.tasks.find((t) => t.userId === userId && t.status === 'RUNNING');
    if (!task) throw new Error(`no running task of ${userId}`);
    return task.taskId;
  };

  it('turns an incoming approval, approved step by step, into a document with its steps, limits and on-time flags', async () => {
    const pid = h.sim.state.startInstance({
      processCode: 'PROC-DUBAN-SHOUWEN',
      originatorUserId: 'zhenglei',
      formComponentValues: incomingForm('关于做好春季森林防火工作的通知'),
    });
    await h.quiet();
    let doc = await h.document(pid);
    expect(doc).toMatchObject({
      kind: 'incoming',
      origin: 'dingtalk',
      title: '关于做好春季森林防火工作的通知',
      docNumber: '市政办发〔2026〕8号',
      issuingOrg: '市政府办公室',
      urgency: 'urgent',
      securityLevel: '内部',
      originatorUserId: 'zhenglei',
      departmentId: '21',
      status: 'open',
      problems: null,
    });
    expect(doc.receivedAt.toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(doc.url).toContain(`procInstId=${pid}`);
    let limits = await h.deadlinesOf(doc.id);
    // 加急 收文: 拟办呈送 within 1 working day (not counting the day of receipt); 办结 within 30 days.
    expect(
      limits.document.map((d) => [d.purpose, d.ruleCode, d.dueDate, d.status, d.assigneeUserId, d.departmentId]),
    ).toEqual([
      ['submit', 'doc.incoming.submit.urgent', '2026-03-03', 'open', 'zhenglei', '21'],
      ['complete', 'doc.incoming.complete', '2026-04-01', 'open', 'zhenglei', '21'],
    ]);
    let steps = await h.steps(doc.id);
    expect(steps.map((s) => [s.stage, s.assigneeUserId, s.activityId, s.status])).toEqual([
      ['propose', 'wufang', 'node-1', 'open'],
    ]);
    const proposeDeadline = limits.steps.get(steps[0]?.id ?? 0);
    expect(proposeDeadline).toMatchObject({
      subjectType: 'document_step',
      purpose: 'propose',
      ruleCode: 'doc.step.propose',
      dueDate: '2026-03-03',
      assigneeUserId: 'wufang',
      departmentId: '21',
      urgent: true,
    });

    // 14:00 the same day, 吴芳 approves from the mini-app; DingTalk's event then closes the step (once).
    h.clock.set('2026-03-02T06:00:00Z');
    const mine = await h.duban
      .services()
      .documents.mySteps({ id: 'wufang', primaryDepartmentId: '21', roles: [] }, new Date(h.clock.ms));
    const item = mine.find((s) => s.document.id === doc.id);
    expect(item?.deadline).toMatchObject({ dueDate: '2026-03-03', overdue: false, remainingWorkdays: 1 });
    const executed = await callJson(h.duban, `/api/documents/steps/${item?.stepId}/execute`, {
      method: 'POST',
      token: wufang,
      body: JSON.stringify({ result: 'agree', comment: '拟请李明同志阅示' }),
    });
    expect(executed.status).toBe(202);
    await h.quiet();
    steps = await h.steps(doc.id);
    expect(steps.map((s) => [s.stage, s.assigneeUserId, s.status, s.result, s.onTime])).toEqual([
      ['propose', 'wufang', 'done', 'agree', true],
      ['instruct', 'zhaozhiqiang', 'open', null, null],
      ['instruct', 'liming', 'open', null, null],
    ]);
    expect(steps[0]).toMatchObject({ comment: '拟请李明同志阅示', nodeName: '拟办' });
    limits = await h.deadlinesOf(doc.id);
    expect(limits.document[0]).toMatchObject({ purpose: 'submit', status: 'closed', metOnTime: true });
    expect(limits.steps.get(steps[1]?.id ?? 0)).toMatchObject({ ruleCode: 'doc.step.instruct', dueDate: '2026-03-04' });

    // Friday: 李明 decides (或签), two days late; 赵志强's task is canceled.
    h.clock.set('2026-03-06T02:00:00Z');
    h.sim.state.executeTask({
      processInstanceId: pid,
      taskId: taskOf(pid, 'liming'),
      actionerUserId: 'liming',
      result: 'agree',
      remark: '请郑磊同志承办',
    });
    await h.quiet();
    steps = await h.steps(doc.id);
    expect(steps.map((s) => [s.stage, s.assigneeUserId, s.status, s.onTime])).toEqual([
      ['propose', 'wufang', 'done', true],
      ['instruct', 'zhaozhiqiang', 'canceled', null],
      ['instruct', 'liming', 'done', false],
      ['handle', 'zhenglei', 'open', null],
    ]);
    limits = await h.deadlinesOf(doc.id);
    expect(limits.steps.get(steps[3]?.id ?? 0)).toMatchObject({ ruleCode: 'doc.step.handle', dueDate: '2026-03-27' });

    h.clock.set('2026-03-20T08:30:00Z');
    h.sim.state.executeTask({
      processInstanceId: pid,
      taskId: taskOf(pid, 'zhenglei'),
      actionerUserId: 'zhenglei',
      result: 'agree',
      remark: '已办结',
    });
    await h.quiet();
    doc = await h.document(pid);
    expect(doc).toMatchObject({ status: 'completed', result: 'agree' });
    expect(doc.closedAt?.toISOString()).toBe('2026-03-20T08:30:00.000Z');
    limits = await h.deadlinesOf(doc.id);
    expect(limits.document.map((d) => [d.purpose, d.status, d.metOnTime])).toEqual([
      ['submit', 'closed', true],
      ['complete', 'closed', true],
    ]);
    expect((await h.steps(doc.id)).at(-1)).toMatchObject({ stage: 'handle', status: 'done', onTime: true });
    expect(await h.db().getRepository(InboxEvent).countBy({ status: 'failed' })).toBe(0);
  });

  it('ends an outgoing document refused at 签发 as refused, not 办结, its 签发 limits neither on time nor late', async () => {
    h.clock.set('2026-03-09T01:30:00Z'); // Monday 09:30
    const pid = h.sim.state.startInstance({
      processCode: 'PROC-DUBAN-FAWEN',
      originatorUserId: 'qianwei',
      formComponentValues: formValues({ 标题: '区政府办公室关于加强值班工作的通知', 紧急程度: '平件' }),
    });
    await h.quiet();
    h.clock.set('2026-03-09T03:00:00Z');
    h.sim.state.executeTask({
      processInstanceId: pid,
      taskId: taskOf(pid, 'wufang'),
      actionerUserId: 'wufang',
      result: 'agree',
    });
    h.clock.set('2026-03-13T03:00:00Z'); // Friday: after the 3 working days of a 平件's 签发
    h.sim.state.executeTask({
      processInstanceId: pid,
      taskId: taskOf(pid, 'zhaozhiqiang'),
      actionerUserId: 'zhaozhiqiang',
      result: 'refuse',
      remark: '请修改后重新报送',
    });
    await h.quiet();
    const doc = await h.document(pid);
    expect(doc).toMatchObject({
      kind: 'outgoing',
      status: 'refused',
      result: 'refuse',
      urgency: 'normal',
      departmentId: '23',
    });
    const steps = await h.steps(doc.id);
    expect(steps.map((s) => [s.stage, s.status, s.result, s.onTime, s.comment])).toEqual([
      ['review', 'done', 'agree', true, null],
      ['sign', 'done', 'refuse', null, '请修改后重新报送'],
    ]);
    const limits = await h.deadlinesOf(doc.id);
    expect(limits.document.map((d) => [d.purpose, d.ruleCode, d.dueDate, d.status, d.metOnTime])).toEqual([
      ['sign', 'doc.outgoing.sign.routine', '2026-03-12', 'closed', null],
    ]);
    expect([...limits.steps.values()].map((d) => [d.purpose, d.status, d.metOnTime])).toEqual([
      ['review', 'closed', true],
      ['sign', 'closed', null],
    ]);
  });

  it('marks a revoked approval withdrawn and closes its limits', async () => {
    h.clock.set('2026-03-10T02:00:00Z');
    const pid = h.sim.state.startInstance({
      processCode: 'PROC-DUBAN-SHOUWEN',
      originatorUserId: 'zhenglei',
      formComponentValues: incomingForm('关于报送统计数据的通知', '平件'),
    });
    await h.quiet();
    h.clock.set('2026-03-10T03:00:00Z');
    h.sim.state.terminateInstance(pid, 'zhenglei', '重复登记');
    await h.quiet();
    const doc = await h.document(pid);
    expect(doc).toMatchObject({ status: 'withdrawn', result: null });
    const steps = await h.steps(doc.id);
    expect(steps.map((s) => [s.stage, s.status])).toEqual([['propose', 'canceled']]);
    const limits = await h.deadlinesOf(doc.id);
    expect([...limits.document, ...limits.steps.values()].every((d) => d.status === 'closed')).toBe(true);
    // Withdrawn work is neither on time nor late.
    expect([...limits.document, ...limits.steps.values()].map((d) => d.metOnTime)).toEqual([null, null, null]);
  });

  /** Runs one incoming approval to the end at fixed times; with `quiet`, Duban takes each event in turn. */
  async function approveFully(start: string, quiet: boolean): Promise<string> {
    const at = Date.parse(start);
    h.clock.ms = at;
    const pid = h.sim.state.startInstance({
      processCode: 'PROC-DUBAN-SHOUWEN',
      originatorUserId: 'zhenglei',
      formComponentValues: incomingForm('关于做好防汛准备工作的通知', '特急'),
    });
    const step = async (hours: number, userId: string, remark: string) => {
      if (quiet) await h.quiet();
      h.clock.ms = at + hours * 3600_000 + 23_456;
      h.sim.state.executeTask({
        processInstanceId: pid,
        taskId: taskOf(pid, userId),
        actionerUserId: userId,
        result: 'agree',
        remark,
      });
    };
    await step(2, 'wufang', '拟请赵志强同志阅示');
    await step(26, 'zhaozhiqiang', '请抓紧落实');
    await step(100, 'zhenglei', '已落实');
    if (quiet) await h.quiet();
    return pid;
  }

  /** Everything Duban holds about a document, without ids and instance-specific values. */
  async function state(pid: string) {
    const doc = await h.document(pid);
    // Steps that started at the same minute are listed in the order they arrived; compare them by person.
    const steps = (await h.steps(doc.id)).sort(
      (a, b) =>
        a.startedAt.getTime() - b.startedAt.getTime() || (a.assigneeUserId ?? '').localeCompare(b.assigneeUserId ?? ''),
    );
    const limits = await h.deadlinesOf(doc.id);
    const deadline = (d: {
      purpose: string;
      ruleCode: string | null;
      receivedAt: Date;
      dueDate: string;
      dueAt: Date;
      status: string;
      closedAt: Date | null;
      metOnTime: boolean | null;
      assigneeUserId: string | null;
    }) => [
      d.purpose,
      d.ruleCode,
      d.receivedAt.toISOString(),
      d.dueDate,
      d.dueAt.toISOString(),
      d.status,
      d.closedAt?.toISOString() ?? null,
      d.metOnTime,
      d.assigneeUserId,
    ];
    return {
      document: [
        doc.kind,
        doc.title,
        doc.docNumber,
        doc.urgency,
        doc.status,
        doc.result,
        doc.receivedAt.toISOString(),
        doc.closedAt?.toISOString(),
        doc.problems,
        doc.originatorUserId,
        doc.departmentId,
      ],
      steps: steps.map((s) => [
        s.stage,
        s.nodeName,
        s.assigneeUserId,
        s.departmentId,
        s.status,
        s.result,
        s.comment,
        s.startedAt.toISOString(),
        s.finishedAt?.toISOString() ?? null,
        s.onTime,
      ]),
      limits: limits.document.map(deadline),
      stepLimits: steps.map((s) => {
        const d = limits.steps.get(s.id);
        return d ? deadline(d) : null;
      }),
    };
  }

  it('ends in the same state when the events arrive in reverse order, twice', async () => {
    const inOrder = await approveFully('2026-03-16T01:05:41Z', true);

    h.sim.holdEvents(true);
    const held = await approveFully('2026-03-16T01:05:41Z', false);
    const events = h.sim.heldEvents();
    h.sim.dropHeldEvents();
    h.sim.holdEvents(false);
    expect(events.map((e) => `${e.eventType}:${e.data.type}`)).toEqual([
      'bpms_instance_change:start',
      'bpms_task_change:start',
      'bpms_task_change:finish',
      'bpms_task_change:start',
      'bpms_task_change:start',
      'bpms_task_change:finish',
      'bpms_task_change:cancel',
      'bpms_task_change:start',
      'bpms_task_change:finish',
      'bpms_instance_change:finish',
    ]);
    for (const event of [...events].reverse()) {
      await h.sim.deliverEvent(event);
      // DingTalk redelivers (same event id: stored once) and legacy pushes carry no event id (a new one here).
      await h.sim.deliverEvent(event);
      await h.sim.deliverEvent({ ...event, eventId: `${event.eventId}-again` });
    }
    await h.quiet();

    const expected = await state(inOrder);
    expect(expected.steps.map((s) => [s[0], s[2], s[4], s[9]])).toEqual([
      ['propose', 'wufang', 'done', true],
      ['instruct', 'liming', 'canceled', null],
      ['instruct', 'zhaozhiqiang', 'done', true],
      ['handle', 'zhenglei', 'done', true],
    ]);
    expect(await state(held)).toEqual(expected);
    expect(await h.db().getRepository(InboxEvent).countBy({ status: 'failed' })).toBe(0);
  });

  it('repairs by reconciliation what missed events left behind', async () => {
    const admin = await signInAs(h.duban, 'qianwei');
    // Never seen: every event of this approval was lost.
    h.clock.set('2026-03-23T01:00:00Z');
    h.sim.holdEvents(true);
    const unseen = h.sim.state.startInstance({
      processCode: 'PROC-DUBAN-SHOUWEN',
      originatorUserId: 'zhenglei',
      formComponentValues: incomingForm('关于开展消防安全检查的通知'),
    });
    h.clock.set('2026-03-23T02:00:00Z');
    h.sim.state.executeTask({
      processInstanceId: unseen,
      taskId: taskOf(unseen, 'wufang'),
      actionerUserId: 'wufang',
      result: 'agree',
    });
    h.sim.dropHeldEvents();
    h.sim.holdEvents(false);

    // Seen at the start, then its task events and its end were lost.
    h.clock.set('2026-03-23T03:00:00Z');
    const partly = h.sim.state.startInstance({
      processCode: 'PROC-DUBAN-SHOUWEN',
      originatorUserId: 'zhenglei',
      formComponentValues: incomingForm('关于做好清明节期间安全工作的通知'),
    });
    await h.quiet();
    h.sim.holdEvents(true);
    for (const [hours, userId] of [
      [4, 'wufang'],
      [28, 'liming'],
      [50, 'zhenglei'],
    ] as const) {
      h.clock.ms = Date.parse('2026-03-23T03:00:00Z') + hours * 3600_000;
      h.sim.state.executeTask({
        processInstanceId: partly,
        taskId: taskOf(partly, userId),
        actionerUserId: userId,
        result: 'agree',
      });
    }
    h.sim.dropHeldEvents();
    h.sim.holdEvents(false);
    expect(await h.db().getRepository(Document).countBy({ processInstanceId: unseen })).toBe(0);
    expect((await h.document(partly)).status).toBe('open');

    const forbidden = await callJson(h.duban, '/api/documents/reconcile', {
      method: 'POST',
      token: wufang,
      body: '{}',
    });
    expect(forbidden.status).toBe(403);
    const res = await callJson<{ created: number; repaired: number; failed: number }>(
      h.duban,
      '/api/documents/reconcile',
      {
        method: 'POST',
        token: admin,
        body: '{}',
      },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, repaired: 1, failed: 0 });

    const created = await h.document(unseen);
    expect(created).toMatchObject({
      status: 'open',
      urgency: 'urgent',
      docNumber: '市政办发〔2026〕8号',
      originatorUserId: 'zhenglei',
    });
    expect(created.receivedAt.toISOString()).toBe('2026-03-23T01:00:00.000Z');
    expect((await h.steps(created.id)).map((s) => [s.stage, s.assigneeUserId, s.status, s.onTime])).toEqual([
      ['propose', 'wufang', 'done', true],
      ['instruct', 'zhaozhiqiang', 'open', null],
      ['instruct', 'liming', 'open', null],
    ]);
    const createdLimits = await h.deadlinesOf(created.id);
    expect(createdLimits.document.map((d) => [d.purpose, d.status, d.metOnTime])).toEqual([
      ['submit', 'closed', true],
      ['complete', 'open', null],
    ]);

    const repaired = await h.document(partly);
    expect(repaired).toMatchObject({ status: 'completed', result: 'agree' });
    expect(repaired.closedAt?.toISOString()).toBe('2026-03-25T05:00:00.000Z');
    expect((await h.steps(repaired.id)).map((s) => [s.stage, s.assigneeUserId, s.status, s.onTime])).toEqual([
      ['propose', 'wufang', 'done', true],
      ['instruct', 'zhaozhiqiang', 'canceled', null],
      ['instruct', 'liming', 'done', true],
      ['handle', 'zhenglei', 'done', true],
    ]);
    const again = await callJson<{ created: number; repaired: number }>(h.duban, '/api/documents/reconcile', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ full: true }),
    });
    expect(again.body).toMatchObject({ created: 0, repaired: 0 });

    // The periodic run does the same by itself once it is due.
    h.clock.set('2026-03-26T01:00:00Z');
    h.sim.holdEvents(true);
    const later = h.sim.state.startInstance({
      processCode: 'PROC-DUBAN-FAWEN',
      originatorUserId: 'zhenglei',
      formComponentValues: formValues({ 标题: '区政府办公室关于做好清明节值班工作的通知', 紧急程度: '加急' }),
    });
    h.sim.dropHeldEvents();
    h.sim.holdEvents(false);
    const services = h.duban.services();
    const periodic = new DocumentService(
      services.db,
      services.deadlines,
      services.dingtalk.openApi,
      createLogger('silent'),
      {
        now: () => new Date(h.clock.ms),
        reconcileFirstAfterMs: 0,
      },
    );
    await periodic.runDue();
    expect(await h.document(later)).toMatchObject({ kind: 'outgoing', urgency: 'urgent', status: 'open' });
    expect((await h.deadlinesOf((await h.document(later)).id)).document.map((d) => [d.ruleCode, d.dueDate])).toEqual([
      ['doc.outgoing.sign.urgent', '2026-03-27'],
    ]);
  });

  it('records what it cannot use, visibly, and never parks an event', async () => {
    const { sim, db } = h;
    const leave = {
      processInstanceId: 'LEAVE-1',
      processCode: 'PROC-LEAVE-01',
      type: 'start',
      title: '何敏提交的请假',
    };
    await sim.deliverEvent({ eventType: 'bpms_instance_change', data: leave });
    await sim.deliverEvent({ eventType: 'bpms_instance_change', data: { ...leave, processInstanceId: 'LEAVE-2' } });
    await sim.deliverEvent({
      eventType: 'bpms_task_change',
      data: { processCode: 'PROC-DUBAN-SHOUWEN', type: 'start', taskId: 5 },
    });
    await sim.deliverEvent({
      eventType: 'bpms_task_change',
      data: {
        processInstanceId: 'GHOST-1',
        processCode: 'PROC-DUBAN-SHOUWEN',
        type: 'start',
        taskId: 99_000_000_001,
        staffId: 'wufang',
        createTime: Date.parse('2026-03-24T01:00:00Z'),
        title: '郑磊提交的收文办理',
      },
    });
    await sim.deliverEvent({
      eventType: 'bpms_task_change',
      data: {
        processInstanceId: 'GHOST-1',
        processCode: 'PROC-DUBAN-SHOUWEN',
        type: 'finish',
        result: 'maybe',
        taskId: 99_000_000_001,
      },
    });
    h.clock.set('2026-03-24T02:00:00Z');
    const bareForm = sim.state.startInstance({
      processCode: 'PROC-DUBAN-SHOUWEN',
      originatorUserId: 'zhenglei',
      formComponentValues: formValues({ 标题: '关于征求意见的函', 紧急程度: '十万火急' }),
    });
    await h.quiet();

    expect(await db().getRepository(Document).countBy({ processInstanceId: 'LEAVE-1' })).toBe(0);
    const problems = await db()
      .getRepository(DocumentProblem)
      .find({ order: { id: 'ASC' } });
    expect(problems.map((p) => [p.kind, p.processCode, p.occurrences])).toEqual([
      ['unknown_process', 'PROC-LEAVE-01', 2],
      ['bad_event', 'PROC-DUBAN-SHOUWEN', 1],
      ['bad_event', 'PROC-DUBAN-SHOUWEN', 1],
    ]);
    expect(problems[0]?.message).toContain('PROC-LEAVE-01');

    const ghost = await h.document('GHOST-1');
    expect(ghost.problems).toEqual([expect.stringContaining('钉钉中查无此审批实例')]);
    expect(ghost.syncDueAt).toBeNull();
    expect((await h.steps(ghost.id)).map((s) => [s.assigneeUserId, s.status, s.stage])).toEqual([
      ['wufang', 'open', null],
    ]);
    expect((await h.deadlinesOf(ghost.id)).document).toEqual([]);

    const bare = await h.document(bareForm);
    expect(bare.urgency).toBe('normal');
    expect(bare.problems).toEqual([
      '表单缺少「文号」',
      '表单缺少「来文单位」',
      '紧急程度「十万火急」无法识别，按平件计',
    ]);
    expect((await h.deadlinesOf(bare.id)).document.map((d) => d.ruleCode)).toEqual([
      'doc.incoming.submit.routine',
      'doc.incoming.complete',
    ]);
    expect(await db().getRepository(InboxEvent).countBy({ status: 'failed' })).toBe(0);
    expect(await db().getRepository(InboxEvent).countBy({ status: 'pending' })).toBe(0);

    const viewer = await signInAs(h.duban, 'sunli');
    const listed = await callJson<{ events: unknown[]; documents: { processInstanceId: string }[] }>(
      h.duban,
      '/api/documents/problems',
      { token: viewer },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.events).toHaveLength(3);
    expect(listed.body.documents.map((d) => d.processInstanceId)).toEqual(
      expect.arrayContaining(['GHOST-1', bareForm]),
    );
  });

  it('gives a node the template does not map no limit until an administrator maps it', async () => {
    h.clock.set('2026-03-25T01:00:00Z');
    const pid = h.sim.state.startInstance({
      processCode: 'PROC-DUBAN-SHOUWEN',
      originatorUserId: 'zhenglei',
      formComponentValues: incomingForm('关于开展节能宣传周活动的通知', '平件'),
      approvers: [
        { actionType: 'NONE', userIds: ['wufang'], name: '拟办' },
        { actionType: 'NONE', userIds: ['liming'], name: '领导批办' },
        { actionType: 'NONE', userIds: ['zhenglei'], name: '承办' },
        { actionType: 'NONE', userIds: ['hemin'], name: '会签' },
      ],
    });
    for (const [day, userId] of [
      [2, 'wufang'],
      [3, 'liming'],
      [4, 'zhenglei'],
      [5, 'hemin'],
    ] as const) {
      await h.quiet();
      h.clock.set(`2026-03-${String(23 + day).padStart(2, '0')}T02:00:00Z`);
      h.sim.state.executeTask({
        processInstanceId: pid,
        taskId: taskOf(pid, userId),
        actionerUserId: userId,
        result: 'agree',
      });
    }
    await h.quiet();
    let doc = await h.document(pid);
    expect(doc.problems).toEqual(['审批节点「会签」未对应办理环节，未设时限']);
    let steps = await h.steps(doc.id);
    expect(steps.map((s) => [s.stage, s.activityId, s.deadlineId === null])).toEqual([
      ['propose', 'node-1', false],
      ['instruct', 'node-2', false],
      ['handle', 'node-3', false],
      [null, 'node-4', true],
    ]);

    const admin = await signInAs(h.duban, 'qianwei');
    const body = {
      name: '收文办理',
      kind: '收文',
      stageMap: { 'node-1': '拟办', 'node-2': '批办', 'node-3': 'handle', 会签: '承办' },
    };
    const refused = await callJson(h.duban, '/api/documents/templates/PROC-DUBAN-SHOUWEN', {
      method: 'PUT',
      token: wufang,
      body: JSON.stringify(body),
    });
    expect(refused.status).toBe(403);
    const saved = await callJson<{ settled: number }>(h.duban, '/api/documents/templates/PROC-DUBAN-SHOUWEN', {
      method: 'PUT',
      token: admin,
      body: JSON.stringify(body),
    });
    expect(saved.status).toBe(200);
    doc = await h.document(pid);
    expect(doc.problems).toBeNull();
    steps = await h.steps(doc.id);
    expect(steps.map((s) => [s.stage, s.status, s.onTime])).toEqual([
      ['propose', 'done', true],
      ['instruct', 'done', true],
      ['handle', 'done', true],
      ['handle', 'done', true],
    ]);
    // Put the demo's map back for the other tests.
    const restored = await callJson(h.duban, '/api/documents/templates/PROC-DUBAN-SHOUWEN', {
      method: 'PUT',
      token: admin,
      body: JSON.stringify({
        name: '收文办理',
        kind: 'incoming',
        stageMap: { 'node-1': 'propose', 'node-2': 'instruct', 'node-3': 'handle' },
      }),
    });
    expect(restored.status).toBe(200);
  });
});
