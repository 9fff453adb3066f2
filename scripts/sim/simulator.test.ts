import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { CallbackCrypto } from '../../bot-server/dingtalk/callback-crypto';
import type { StreamDownFrame } from '../../bot-server/dingtalk/stream-frames';
import { SAMPLE_ORG } from './sample-org';
import { SIM_DEFAULTS, type Simulator, startSimulator } from './simulator';

/** Answers are read loosely: each test asserts the exact shape it cares about. */
// biome-ignore lint/suspicious/noExplicitAny: assertions walk arbitrary JSON answers of the simulator
type Answer = Record<string, any>;

interface InstanceView {
  processInstanceId: string;
  status: string;
  result?: string;
  tasks: Array<{ taskId: number; userId: string; status: string }>;
}

const json = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as Answer,
});

async function token(sim: Simulator): Promise<string> {
  const { body } = await json(
    await fetch(`${sim.url}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: SIM_DEFAULTS.appKey, appSecret: SIM_DEFAULTS.appSecret }),
    }),
  );
  return body.accessToken;
}

function put(url: string, body: unknown) {
  return fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('DingTalk endpoints', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({
      org: SAMPLE_ORG,
      stream: { pingIntervalMs: 0 },
      groupRobots: [{ accessToken: 'grp', secret: 'SECgrp' }],
    });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('issues the same token from both token endpoints while it is valid (docs/dingtalk.md §4.1)', async () => {
    const first = await token(sim);
    const legacy = await json(
      await fetch(`${sim.url}/gettoken?appkey=${SIM_DEFAULTS.appKey}&appsecret=${SIM_DEFAULTS.appSecret}`),
    );
    expect(legacy).toEqual({ status: 200, body: { errcode: 0, errmsg: 'ok', access_token: first, expires_in: 7200 } });
    sim.expireTokens();
    expect(await token(sim)).not.toBe(first);
  });

  it('answers bad credentials in each style', async () => {
    const modern = await json(await post(`${sim.url}/v1.0/oauth2/accessToken`, { appKey: 'x', appSecret: 'y' }));
    expect(modern).toEqual({
      status: 400,
      body: {
        code: 'invalidClientIdOrSecret',
        message: '无效的clientId或者clientSecret',
        requestid: expect.any(String),
      },
    });
    const legacy = await json(await fetch(`${sim.url}/gettoken?appkey=x&appsecret=y`));
    expect(legacy).toMatchObject({ status: 200, body: { errcode: 40096 } });
  });

  it('checks the token where each style carries it', async () => {
    const valid = await token(sim);
    const oldStyle = await json(
      await post(`${sim.url}/topapi/v2/user/get`, { userid: 'zhuren01' }, { 'x-acs-dingtalk-access-token': valid }),
    );
    expect(oldStyle).toMatchObject({ status: 200, body: { errcode: 88, sub_code: '40014' } });
    const newNoHeader = await json(
      await fetch(`${sim.url}/v1.0/workflow/processInstances?processInstanceId=x&access_token=${valid}`),
    );
    expect(newNoHeader).toMatchObject({ status: 400, body: { code: 'AuthenticationFailed.MissingParameter' } });
    const newBad = await json(
      await fetch(`${sim.url}/v1.0/workflow/processInstances?processInstanceId=x`, {
        headers: { 'x-acs-dingtalk-access-token': 'nope' },
      }),
    );
    expect(newBad).toMatchObject({ status: 400, body: { code: 'InvalidAuthentication' } });
    const formBody = await fetch(`${sim.url}/topapi/v2/user/get`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: valid, userid: 'zhuren01' }),
    });
    expect((await json(formBody)).body).toMatchObject({ errcode: 0, result: { name: '王建国' } });
  });

  it('answers unknown APIs in each style', async () => {
    expect(await json(await post(`${sim.url}/topapi/nothing`, {}))).toMatchObject({
      status: 200,
      body: { errcode: 404 },
    });
    expect(await json(await post(`${sim.url}/v1.0/nothing`, {}))).toMatchObject({
      status: 404,
      body: { code: 'NotFound' },
    });
  });

  it('throttles above the QPS limit with 90018', async () => {
    const own = await startSimulator({ org: SAMPLE_ORG, stream: { pingIntervalMs: 0 }, qpsLimit: 20 });
    try {
      const valid = await token(own);
      const answers = await Promise.all(
        Array.from({ length: 45 }, () =>
          post(`${own.url}/topapi/v2/department/listsub?access_token=${valid}`, {}).then(json),
        ),
      );
      const codes = answers.map((a) => a.body.errcode);
      expect(codes.filter((c) => c === 0).length).toBeLessThanOrEqual(40);
      expect(codes).toContain(90018);
    } finally {
      await own.close();
    }
  });

  it('serves the organisation and paged department users', async () => {
    const valid = await token(sim);
    const subs = await json(
      await post(`${sim.url}/topapi/v2/department/listsub?access_token=${valid}`, { dept_id: 1 }),
    );
    expect(subs.body.result).toContainEqual({ dept_id: 3, name: '督查室', parent_id: 1 });
    const users = await json(
      await post(`${sim.url}/topapi/v2/user/list?access_token=${valid}`, { dept_id: 3, cursor: 0, size: 10 }),
    );
    expect(users.body.result).toMatchObject({
      has_more: false,
      list: [{ userid: 'duchashi01', leader: true }, { userid: 'duchashi02' }],
    });
    const missing = await json(
      await post(`${sim.url}/topapi/v2/department/listsub?access_token=${valid}`, { dept_id: 999 }),
    );
    expect(missing.body.errcode).toBe(60003);
  });

  it('checks group robot timestamps: more than an hour off is refused', async () => {
    const old = Date.now() - 2 * 3600_000;
    const sign = createHmac('sha256', 'SECgrp').update(`${old}\nSECgrp`).digest('base64');
    const answer = await json(
      await post(`${sim.url}/robot/send?access_token=grp&timestamp=${old}&sign=${encodeURIComponent(sign)}`, {
        msgtype: 'text',
        text: { content: 'x' },
      }),
    );
    expect(answer.body).toMatchObject({ errcode: 310000, errmsg: 'invalid timestamp' });
    const unknown = await json(
      await post(`${sim.url}/robot/send?access_token=nobody`, { msgtype: 'text', text: { content: 'x' } }),
    );
    expect(unknown.body.errcode).not.toBe(0);
  });
});

describe('control API', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({
      stream: { pingIntervalMs: 0 },
      org: {
        corpId: 'dingseeded',
        departments: [{ dept_id: 1, name: '测试单位' }],
        users: [
          { userid: 'a', name: '甲', dept_id_list: [1] },
          { userid: 'b', name: '乙', dept_id_list: [1] },
          { userid: 'c', name: '丙', dept_id_list: [1] },
        ],
        processes: [{ processCode: 'PROC-AND', name: '会签', approvers: [{ actionType: 'AND', userIds: ['b', 'c'] }] }],
      },
    });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('reports its state and seeded organisation', async () => {
    const state = await json(await fetch(`${sim.url}/__sim/state`));
    expect(state.body).toMatchObject({ url: sim.url, eventMode: 'stream', counts: { users: 3 } });
    const org = await json(await fetch(`${sim.url}/__sim/org`));
    expect(org.body.corpId).toBe('dingseeded');
    expect(org.body.processes[0].processCode).toBe('PROC-AND');
  });

  it('issues single-use free-login codes', async () => {
    const { body } = await json(await post(`${sim.url}/__sim/auth-codes`, { userId: 'a' }));
    const access = await token(sim);
    const use = () =>
      post(`${sim.url}/topapi/v2/user/getuserinfo?access_token=${access}`, { code: body.code }).then(json);
    expect((await use()).body).toMatchObject({ errcode: 0, result: { userid: 'a', name: '甲' } });
    expect((await use()).body).toMatchObject({ errcode: 40078, errmsg: '不存在的临时授权码' });
    expect((await json(await post(`${sim.url}/__sim/auth-codes`, { userId: 'ghost' }))).status).toBe(400);
  });

  it('drives a countersign (会签) approval: both must agree', async () => {
    const created = await json(
      await post(`${sim.url}/__sim/instances`, {
        processCode: 'PROC-AND',
        originatorUserId: 'a',
        form: { 事项: '会签' },
      }),
    );
    const id = created.body.processInstanceId as string;
    const tasks = () =>
      fetch(`${sim.url}/__sim/instances`)
        .then(json)
        .then((r) => (r.body.instances as InstanceView[]).find((i) => i.processInstanceId === id));
    const first = await tasks();
    const [taskOfB, taskOfC] = first?.tasks ?? [];
    if (!taskOfB || !taskOfC) throw new Error('instance or tasks not listed');
    expect([taskOfB.userId, taskOfC.userId]).toEqual(['b', 'c']);
    await post(`${sim.url}/__sim/tasks/execute`, {
      processInstanceId: id,
      taskId: taskOfB.taskId,
      actionerUserId: 'b',
      result: 'agree',
    });
    expect((await tasks())?.status).toBe('RUNNING');
    const again = await json(
      await post(`${sim.url}/__sim/tasks/execute`, {
        processInstanceId: id,
        taskId: taskOfB.taskId,
        actionerUserId: 'b',
        result: 'agree',
      }),
    );
    expect(again.body.error.message).toBe('审批状态异常，无法执行');
    await post(`${sim.url}/__sim/tasks/execute`, {
      processInstanceId: id,
      taskId: taskOfC.taskId,
      actionerUserId: 'c',
      result: 'agree',
    });
    expect(await tasks()).toMatchObject({ status: 'COMPLETED', result: 'agree' });
  });

  it('terminates an instance and emits `terminate`', async () => {
    const access = await token(sim);
    const created = await json(
      await post(`${sim.url}/__sim/instances`, { processCode: 'PROC-AND', originatorUserId: 'a', form: { x: 1 } }),
    );
    const before = sim.deliveries.length;
    const terminated = await json(
      await post(
        `${sim.url}/v1.0/workflow/processInstances/terminate`,
        { processInstanceId: created.body.processInstanceId, isSystem: false, operatingUserId: 'a' },
        { 'x-acs-dingtalk-access-token': access },
      ),
    );
    expect(terminated.body).toEqual({ result: true, success: true });
    const types = sim.deliveries.slice(before).map((d) => d.eventType);
    expect(types).toEqual(['bpms_task_change', 'bpms_task_change', 'bpms_instance_change']);
  });

  it('holds approval events back, then releases or drops them, over the control API too', async () => {
    const before = sim.deliveries.length;
    expect((await json(await put(`${sim.url}/__sim/event-hold`, { hold: true }))).body).toEqual({
      hold: true,
      held: 0,
    });
    const created = await json(
      await post(`${sim.url}/__sim/instances`, {
        processCode: 'PROC-AND',
        originatorUserId: 'a',
        form: { 事项: '暂扣' },
      }),
    );
    const id = created.body.processInstanceId as string;
    expect(sim.deliveries.length).toBe(before);
    const held = await json(await fetch(`${sim.url}/__sim/held-events`));
    expect(held.body.events.map((e: Answer) => [e.eventType, e.data.type, e.data.processInstanceId])).toEqual([
      ['bpms_instance_change', 'start', id],
      ['bpms_task_change', 'start', id],
      ['bpms_task_change', 'start', id],
    ]);
    expect(held.body.events[0].eventId).toMatch(/^[0-9a-f]{32}$/);
    const released = await json(await post(`${sim.url}/__sim/held-events/release`, {}));
    expect(released.body.released).toEqual(held.body.events.map((e: Answer) => e.eventId));
    // Pushed in the order they were emitted (nobody is connected here to acknowledge them).
    expect(sim.deliveries.slice(before).map((d) => d.eventId)).toEqual(released.body.released);

    await post(`${sim.url}/__sim/instances/terminate`, { processInstanceId: id, operatingUserId: 'a', remark: '撤回' });
    expect(sim.heldEvents().map((e) => e.data.type)).toEqual(['cancel', 'cancel', 'terminate']);
    expect((await json(await fetch(`${sim.url}/__sim/held-events`, { method: 'DELETE' }))).body).toEqual({
      dropped: 3,
    });
    expect(sim.heldEvents()).toEqual([]);
    sim.holdEvents(false);
    expect(sim.deliveries.length).toBe(before + 3);
    expect((await json(await put(`${sim.url}/__sim/event-hold`, { hold: 'yes' }))).status).toBe(400);
  });

  it('names the node each operation record acts on, as tasks do (docs/dingtalk.md §7.1)', async () => {
    const created = await json(
      await post(`${sim.url}/__sim/instances`, {
        processCode: 'PROC-AND',
        originatorUserId: 'a',
        form: { 事项: '节点' },
      }),
    );
    const id = created.body.processInstanceId as string;
    const task = sim.state.instances.get(id)?.tasks[0];
    if (!task) throw new Error('no task');
    sim.state.executeTask({
      processInstanceId: id,
      taskId: task.taskId,
      actionerUserId: task.userId,
      result: 'agree',
      remark: '同意',
    });
    const view = sim.state.instanceView(id) as Answer;
    expect(view.tasks[0]).toMatchObject({ taskId: task.taskId, activityId: 'node-1' });
    expect(view.operationRecords[0]).not.toHaveProperty('activityId');
    expect(view.operationRecords[1]).toMatchObject({
      userId: task.userId,
      result: 'AGREE',
      remark: '同意',
      activityId: 'node-1',
      showName: '审批人',
    });
  });

  it('injects faults and clears recorded messages', async () => {
    expect(
      (await post(`${sim.url}/__sim/faults`, { path: '/topapi/v2/user/get', kind: 'busy', times: 1 })).status,
    ).toBe(204);
    const access = await token(sim);
    const busy = await json(await post(`${sim.url}/topapi/v2/user/get?access_token=${access}`, { userid: 'a' }));
    expect(busy.body).toMatchObject({ errcode: -1, errmsg: '系统繁忙' });
    expect(
      (await json(await post(`${sim.url}/topapi/v2/user/get?access_token=${access}`, { userid: 'a' }))).body.errcode,
    ).toBe(0);
    expect((await post(`${sim.url}/__sim/faults`, { path: '/x', kind: 'explode' })).status).toBe(400);
    await post(`${sim.url}/topapi/message/corpconversation/asyncsend_v2?access_token=${access}`, {
      agent_id: SIM_DEFAULTS.agentId,
      userid_list: 'a,b',
      msg: JSON.stringify({ msgtype: 'text', text: { content: '会议通知：请确认参会' } }),
    });
    const messages = await json(await fetch(`${sim.url}/__sim/messages?kind=work_notice&userId=b`));
    expect(messages.body.messages).toHaveLength(1);
    expect(messages.body.messages[0]).toMatchObject({
      deliveredTo: ['a', 'b'],
      msg: { text: { content: '会议通知：请确认参会' } },
    });
    expect((await fetch(`${sim.url}/__sim/messages`, { method: 'DELETE' })).status).toBe(204);
    expect((await json(await fetch(`${sim.url}/__sim/messages`))).body.messages).toEqual([]);
  });

  it('drops a repeated work notice the same day, unless its repeat filter is off; getsendresult tells which', async () => {
    const access = await token(sim);
    const send = async () =>
      (
        await json(
          await post(`${sim.url}/topapi/message/corpconversation/asyncsend_v2?access_token=${access}`, {
            agent_id: SIM_DEFAULTS.agentId,
            userid_list: 'a',
            msg: { msgtype: 'text', text: { content: '同一内容的工作通知' } },
          }),
        )
      ).body.task_id as number;
    const result = async (taskId: number) =>
      (
        await json(
          await post(`${sim.url}/topapi/message/corpconversation/getsendresult?access_token=${access}`, {
            agent_id: SIM_DEFAULTS.agentId,
            task_id: taskId,
          }),
        )
      ).body;
    expect((await result(await send())).send_result).toMatchObject({ unread_user_id_list: ['a'] });
    expect((await result(await send())).send_result).toMatchObject({
      unread_user_id_list: [],
      forbidden_list: [{ code: '143106', count: 1, userid: 'a' }],
    });
    expect((await json(await put(`${sim.url}/__sim/notice-repeat-filter`, { on: false }))).body).toEqual({ on: false });
    expect((await result(await send())).send_result).toMatchObject({ unread_user_id_list: ['a'], forbidden_list: [] });
    expect((await put(`${sim.url}/__sim/notice-repeat-filter`, { on: 'no' })).status).toBe(400);
    await put(`${sim.url}/__sim/notice-repeat-filter`, { on: true });
    // A task DingTalk never took is refused.
    expect((await result(1)).errcode).toBe(40035);
  });
});

describe('HTTP push', () => {
  let sim: Simulator;
  let server: Server;
  let answers: Array<(status: number) => { status: number; body: string }>;
  const received: Array<Record<string, string>> = [];
  const crypto = new CallbackCrypto({
    token: SIM_DEFAULTS.callbackToken,
    aesKey: SIM_DEFAULTS.callbackAesKey,
    ownerKey: SIM_DEFAULTS.appKey,
  });

  beforeAll(async () => {
    server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk) => {
        raw += chunk;
      });
      request.on('end', () => {
        const query = Object.fromEntries(new URL(request.url ?? '/', 'http://x').searchParams);
        received.push({ ...query, raw });
        const answer = (answers.shift() ?? (() => ({ status: 200, body: JSON.stringify(crypto.encryptedMap()) })))(200);
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
    sim = await startSimulator({
      org: SAMPLE_ORG,
      eventMode: 'http',
      callback: { url, retryDelaysMs: [10, 10] },
      stream: { pingIntervalMs: 0 },
    });
  });

  beforeEach(() => {
    answers = [];
    received.length = 0;
  });

  afterAll(async () => {
    await sim.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('encrypts and signs like DingTalk (both signature names, ms timestamp)', async () => {
    const delivery = await sim.deliverEvent({
      eventType: 'bpms_instance_change',
      eventId: 'e1',
      data: { title: '标题' },
    });
    expect(delivery.status).toBe('acknowledged');
    const [request] = received;
    expect(request?.signature).toBe(request?.msg_signature);
    expect(request?.timestamp).toMatch(/^\d{13}$/);
    const encrypt = JSON.parse(request?.raw ?? '{}').encrypt as string;
    expect(crypto.verify(request?.signature ?? '', request?.timestamp ?? '', request?.nonce ?? '', encrypt)).toBe(true);
    expect(JSON.parse(crypto.open(encrypt).message)).toMatchObject({
      EventType: 'bpms_instance_change',
      CorpId: SIM_DEFAULTS.corpId,
      eventId: 'e1',
      EventTime: expect.any(Number),
      title: '标题',
    });
  });

  it('retries until the answer is the success map, then gives up', async () => {
    answers = [
      () => ({ status: 500, body: '{}' }),
      () => ({ status: 200, body: JSON.stringify({ ...crypto.encryptedMap('fail') }) }),
    ];
    const delivery = await sim.deliverEvent({ eventType: 'x', data: {} });
    expect(delivery.attempts.map((a) => [a.status, a.ok])).toEqual([
      [500, false],
      [200, false],
      [200, true],
    ]);
    expect(delivery.attempts[1]?.reason).toBe('answer decrypts to "fail"');
    answers = [0, 1, 2].map(() => () => ({ status: 200, body: '"success"' }));
    expect((await sim.deliverEvent({ eventType: 'x', data: {} })).status).toBe('failed');
  });

  it('sends check_url and switches modes through the control API', async () => {
    expect((await json(await post(`${sim.url}/__sim/check-url`, {}))).body.ok).toBe(true);
    expect(JSON.parse(crypto.open(JSON.parse(received[0]?.raw ?? '{}').encrypt).message)).toEqual({
      EventType: 'check_url',
    });
    const mode = await fetch(`${sim.url}/__sim/event-mode`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'http' }),
    });
    expect((await json(mode)).body.eventMode).toBe('http');
  });
});

describe('Stream gateway', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startSimulator({
      org: SAMPLE_ORG,
      stream: { pingIntervalMs: 0, ackTimeoutMs: 100, redeliveryDelayMs: 20, ticketTtlMs: 200 },
    });
  });

  afterEach(async () => {
    await sim.close();
  });

  async function ticket(): Promise<{ endpoint: string; ticket: string }> {
    const { body } = await json(
      await post(`${sim.url}/v1.0/gateway/connections/open`, {
        clientId: SIM_DEFAULTS.appKey,
        clientSecret: SIM_DEFAULTS.appSecret,
        subscriptions: [{ type: 'EVENT', topic: '*' }],
      }),
    );
    return body as { endpoint: string; ticket: string };
  }

  function connect(endpoint: string, ticketValue: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${endpoint}?ticket=${ticketValue}`);
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  it('hands out single-use tickets that expire', async () => {
    const granted = await ticket();
    expect(granted.endpoint).toBe(sim.gatewayUrl);
    const ws = await connect(granted.endpoint, granted.ticket);
    await expect(connect(granted.endpoint, granted.ticket)).rejects.toThrow('HTTP 401');
    ws.terminate();
    const stale = await ticket();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(connect(stale.endpoint, stale.ticket)).rejects.toThrow('HTTP 401');
    const refused = await json(
      await post(`${sim.url}/v1.0/gateway/connections/open`, { clientId: 'x', clientSecret: 'y', subscriptions: [] }),
    );
    expect(refused).toMatchObject({ status: 400, body: { code: 'invalidClientIdOrSecret' } });
  });

  it('pushes EVENT frames and redelivers until SUCCESS (LATER, then a missed ack timeout)', async () => {
    const granted = await ticket();
    const ws = await connect(granted.endpoint, granted.ticket);
    const frames: StreamDownFrame[] = [];
    ws.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as StreamDownFrame;
      frames.push(frame);
      const ack = (status: string) =>
        ws.send(
          JSON.stringify({
            code: 200,
            headers: { messageId: frame.headers.messageId, contentType: 'application/json' },
            message: 'OK',
            data: JSON.stringify({ status }),
          }),
        );
      if (frames.length === 1) ack('LATER');
      else if (frames.length === 3) ack('SUCCESS'); // the second push goes unanswered and times out
    });
    const delivery = await sim.deliverEvent({ eventType: 'bpms_task_change', eventId: 'evt-9', data: { taskId: 9 } });
    expect(delivery.status).toBe('acknowledged');
    expect(frames).toHaveLength(3);
    expect(frames[0]).toMatchObject({
      specVersion: '1.0',
      type: 'EVENT',
      headers: {
        eventId: 'evt-9',
        eventType: 'bpms_task_change',
        eventCorpId: SIM_DEFAULTS.corpId,
        contentType: 'application/json',
      },
    });
    expect(JSON.parse(frames[0]?.data ?? '')).toEqual({ taskId: 9 });
    expect(new Set(frames.map((f) => f.headers.messageId)).size).toBe(3);
    ws.terminate();
  });
});
