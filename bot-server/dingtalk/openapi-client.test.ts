import Oauth2Client, * as $oauth2 from '@alicloud/dingtalk/dist/oauth2_1_0/client';
import WorkflowClient, * as $workflow from '@alicloud/dingtalk/dist/workflow_1_0/client';
import * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';
import { SAMPLE_ORG } from '../../scripts/sim/sample-org';
import { SIM_DEFAULTS, type Simulator, startSimulator } from '../../scripts/sim/simulator';
import { DingTalkApiError, DingTalkError } from './errors';
import { robotActionCard, robotText } from './messages';
import { OpenApiClient, sdkConfig } from './openapi-client';
import { AccessTokenCache } from './token-cache';

let sim: Simulator;
let client: OpenApiClient;
let sleeps: number[];

beforeAll(async () => {
  // No Stream client connects here: pushed events stay queued at the gateway, where the test reads them.
  sim = await startSimulator({ org: SAMPLE_ORG, stream: { pingIntervalMs: 0 } });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sleeps = [];
  const tokens = new AccessTokenCache({
    appKey: SIM_DEFAULTS.appKey,
    appSecret: SIM_DEFAULTS.appSecret,
    apiBase: sim.apiBase,
  });
  client = new OpenApiClient({
    tokens,
    apiBase: sim.apiBase,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
  });
});

describe('the official SDK, unchanged but for the endpoint', () => {
  it('gets a token and reads an approval instance', async () => {
    const config = new $OpenApi.Config({ protocol: 'http', endpoint: new URL(sim.url).host, regionId: 'central' });
    const oauth = new Oauth2Client(config);
    const token = await oauth.getAccessToken(
      new $oauth2.GetAccessTokenRequest({ appKey: SIM_DEFAULTS.appKey, appSecret: SIM_DEFAULTS.appSecret }),
    );
    expect(token.statusCode).toBe(200);
    expect(token.body?.expireIn).toBe(7200);

    const workflow = new WorkflowClient(config);
    const headers = new $workflow.StartProcessInstanceHeaders({ xAcsDingtalkAccessToken: token.body?.accessToken });
    const started = await workflow.startProcessInstanceWithOptions(
      new $workflow.StartProcessInstanceRequest({
        processCode: 'PROC-DUBAN-FAWEN',
        originatorUserId: 'mishu02',
        deptId: -1,
        formComponentValues: [
          new $workflow.StartProcessInstanceRequestFormComponentValues({
            name: '标题',
            value: '关于开展安全生产大检查的通知',
          }),
        ],
      }),
      headers,
      new $Util.RuntimeOptions({}),
    );
    const id = started.body?.instanceId ?? '';
    const got = await workflow.getProcessInstanceWithOptions(
      new $workflow.GetProcessInstanceRequest({ processInstanceId: id }),
      new $workflow.GetProcessInstanceHeaders({ xAcsDingtalkAccessToken: token.body?.accessToken }),
      new $Util.RuntimeOptions({}),
    );
    expect(got.body?.success).toBe('true');
    expect(got.body?.result).toMatchObject({
      title: '刘洋提交的发文审批',
      status: 'RUNNING',
      originatorUserId: 'mishu02',
      originatorDeptId: '2',
      formComponentValues: [{ name: '标题', value: '关于开展安全生产大检查的通知' }],
    });
    expect(got.body?.result?.createTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    expect(got.body?.result?.tasks?.[0]).toMatchObject({
      userId: 'mishu01',
      status: 'RUNNING',
      taskId: expect.any(Number),
    });
  });

  it('surfaces the new-style error envelope as the SDK does', async () => {
    const workflow = new WorkflowClient(sdkConfig(sim.apiBase));
    const error = await workflow
      .getProcessInstanceWithOptions(
        new $workflow.GetProcessInstanceRequest({ processInstanceId: 'x' }),
        new $workflow.GetProcessInstanceHeaders({ xAcsDingtalkAccessToken: 'not-a-token' }),
        new $Util.RuntimeOptions({}),
      )
      .catch((err: unknown) => err as { code?: string; statusCode?: number; data?: Record<string, unknown> });
    expect(error).toMatchObject({
      code: 'InvalidAuthentication',
      data: { statusCode: 400, requestid: expect.any(String) },
    });
  });

  it('refuses an API base with a path, which the SDK cannot honour', () => {
    expect(() => sdkConfig('http://127.0.0.1:1/prefix')).toThrow(DingTalkError);
  });
});

describe('workflow through OpenApiClient', () => {
  it('runs an approval to the end and emits the events DingTalk would push', async () => {
    const before = sim.deliveries.length;
    const id = await client.startProcessInstance({
      processCode: 'PROC-DUBAN-FAWEN',
      originatorUserId: 'mishu02',
      formComponentValues: [{ name: '文件标题', value: '区政府办公室2024年督查工作要点' }],
    });
    let instance = await client.getProcessInstance(id);
    const firstTask = instance.tasks?.[0];
    expect(
      await client.executeTask({
        processInstanceId: id,
        taskId: firstTask?.taskId ?? 0,
        actionerUserId: 'mishu01',
        result: 'agree',
        remark: '同意',
      }),
    ).toBe(true);
    instance = await client.getProcessInstance(id);
    const secondTask = instance.tasks?.find((t) => t.status === 'RUNNING');
    expect(secondTask?.userId).toBe('zhuren01');
    await client.executeTask({
      processInstanceId: id,
      taskId: secondTask?.taskId ?? 0,
      actionerUserId: 'zhuren01',
      result: 'agree',
    });
    instance = await client.getProcessInstance(id);
    expect(instance).toMatchObject({ status: 'COMPLETED', result: 'agree' });
    expect(instance.operationRecords?.map((r) => [r.type, r.result])).toEqual([
      ['START_PROCESS_INSTANCE', 'NONE'],
      ['EXECUTE_TASK_NORMAL', 'AGREE'],
      ['EXECUTE_TASK_NORMAL', 'AGREE'],
    ]);

    const pushed = sim.deliveries.slice(before).map((d) => d.eventType);
    expect(pushed).toEqual([
      'bpms_instance_change',
      'bpms_task_change',
      'bpms_task_change',
      'bpms_task_change',
      'bpms_task_change',
      'bpms_instance_change',
    ]);
  });

  it('lists instance ids by process code, time window and status, page by page', async () => {
    const start = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        await client.startProcessInstance({
          processCode: 'PROC-DUBAN-SHOUWEN',
          originatorUserId: 'wendian02',
          formComponentValues: [{ name: '来文标题', value: `来文${i}` }],
        }),
      );
    }
    const first = await client.listProcessInstanceIds({
      processCode: 'PROC-DUBAN-SHOUWEN',
      startTime: start,
      maxResults: 2,
    });
    expect(first.list).toEqual(ids.slice(0, 2));
    expect(first.nextToken).toBe('2');
    const second = await client.listProcessInstanceIds({
      processCode: 'PROC-DUBAN-SHOUWEN',
      startTime: start,
      maxResults: 2,
      nextToken: first.nextToken,
    });
    expect(second).toEqual({ list: ids.slice(2) });
    const completed = await client.listProcessInstanceIds({
      processCode: 'PROC-DUBAN-SHOUWEN',
      startTime: start,
      statuses: ['COMPLETED'],
    });
    expect(completed.list).toEqual([]);
  });

  it('refuses: or-sign cancels the other approver, refusal ends the instance', async () => {
    const id = await client.startProcessInstance({
      processCode: 'PROC-DUBAN-SHOUWEN',
      originatorUserId: 'wendian02',
      formComponentValues: [{ name: '来文标题', value: '或签测试' }],
    });
    const first = (await client.getProcessInstance(id)).tasks?.[0];
    await client.executeTask({
      processInstanceId: id,
      taskId: first?.taskId ?? 0,
      actionerUserId: 'wendian01',
      result: 'agree',
    });
    const orTasks = (await client.getProcessInstance(id)).tasks?.filter((t) => t.status === 'RUNNING') ?? [];
    expect(orTasks.map((t) => t.userId).sort()).toEqual(['fuzhuren01', 'zhuren01']);
    const refusing = orTasks.find((t) => t.userId === 'fuzhuren01');
    await client.executeTask({
      processInstanceId: id,
      taskId: refusing?.taskId ?? 0,
      actionerUserId: 'fuzhuren01',
      result: 'refuse',
      remark: '请补充材料',
    });
    const done = await client.getProcessInstance(id);
    expect(done).toMatchObject({ status: 'COMPLETED', result: 'refuse' });
    expect(done.tasks?.find((t) => t.userId === 'zhuren01')?.status).toBe('CANCELED');
  });

  it("maps a refused execution to a coded error with DingTalk's code", async () => {
    const id = await client.startProcessInstance({
      processCode: 'PROC-DUBAN-DUBAN',
      originatorUserId: 'duchashi02',
      formComponentValues: [{ name: '事项', value: '会签测试' }],
    });
    const task = (await client.getProcessInstance(id)).tasks?.[0];
    const error = (await client
      .executeTask({
        processInstanceId: id,
        taskId: task?.taskId ?? 0,
        actionerUserId: 'somebody-else',
        result: 'agree',
      })
      .catch((err: unknown) => err)) as DingTalkApiError;
    expect(error).toBeInstanceOf(DingTalkApiError);
    expect(error).toMatchObject({
      code: 'api_error',
      errcode: 'aflowProcessInstCanNotBeExecuted',
      httpStatus: 400,
      api: '/v1.0/workflow/processInstances/execute',
    });
    await expect(client.getProcessInstance('missing')).rejects.toMatchObject({ errcode: 'aflowProcessInstNotExist' });
  });

  it('retries throttling and refetches an expired token through the SDK', async () => {
    sim.injectFault('/v1.0/workflow/processInstances', 'throttle', 2);
    const id = await client.startProcessInstance({
      processCode: 'PROC-DUBAN-DUBAN',
      originatorUserId: 'duchashi02',
      formComponentValues: [{ name: '事项', value: '限流测试' }],
    });
    expect(sleeps).toEqual([1000, 2000]);
    sim.expireTokens();
    expect((await client.getProcessInstance(id)).status).toBe('RUNNING');
  });
});

describe('enterprise robot', () => {
  it('sends one-to-one and group messages', async () => {
    const oto = await client.sendRobotOneToOne(SIM_DEFAULTS.appKey, ['zhuren01', 'ghost'], robotText('请审阅督查通报'));
    expect(oto.invalidStaffIdList).toEqual(['ghost']);
    expect(oto.processQueryKey).toEqual(expect.any(String));
    await client.sendRobotGroup(
      SIM_DEFAULTS.appKey,
      'cidDubanGroup==',
      robotActionCard({
        title: '月度通报',
        markdown: '## 五月督查通报',
        buttonTitle: '查看',
        url: 'https://duban.example.gov.cn/#/bulletins/5',
      }),
    );
    const [sentOto] = sim.messages({ kind: 'robot_oto', userId: 'zhuren01' });
    expect(sentOto).toMatchObject({ msgKey: 'sampleText', msgParam: { content: '请审阅督查通报' } });
    const group = sim.messages({ kind: 'robot_group' }).at(-1);
    expect(group).toMatchObject({ openConversationId: 'cidDubanGroup==', msgKey: 'sampleActionCard' });
  });

  it('checks the batch size before calling', async () => {
    const users = Array.from({ length: 21 }, (_, i) => `u${i}`);
    await expect(client.sendRobotOneToOne(SIM_DEFAULTS.appKey, users, robotText('x'))).rejects.toMatchObject({
      code: 'message_invalid',
    });
    await expect(client.sendRobotOneToOne('wrong-robot', ['zhuren01'], robotText('x'))).rejects.toMatchObject({
      errcode: 'chatbotNotFound',
    });
  });
});
