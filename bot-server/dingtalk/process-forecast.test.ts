import WorkflowClient, * as $workflow from '@alicloud/dingtalk/dist/workflow_1_0/client';
import * as $Util from '@alicloud/tea-util';
import { approvalFormCalls } from '../../scripts/sim/routes-approvals';
import { SAMPLE_ORG } from '../../scripts/sim/sample-org';
import { SIM_DEFAULTS, type Simulator, startSimulator } from '../../scripts/sim/simulator';
import { DingTalkApiError } from './errors';
import { OpenApiClient, PERMISSION_DENIED, sdkConfig } from './openapi-client';
import { AccessTokenCache } from './token-cache';

/** A 收文 form with named nodes, one of them with nobody on it (an instance skips it, so does the forecast). */
const LAIWEN = {
  processCode: 'PROC-LAIWEN',
  name: '来文办理',
  approvers: [
    { actionType: 'NONE' as const, userIds: ['wendian01'], name: '拟办' },
    { actionType: 'NONE' as const, userIds: [], name: '空节点' },
    { actionType: 'OR' as const, userIds: ['fuzhuren01', 'zhuren01'], name: '领导批办' },
    { actionType: 'AND' as const, userIds: ['duchashi01', 'zonghe01'], name: '承办' },
  ],
};
const FORECAST = 'POST /v1.0/workflow/processes/forecast';

let sim: Simulator;
let tokens: AccessTokenCache;

beforeAll(async () => {
  sim = await startSimulator({
    org: { ...SAMPLE_ORG, processes: [...(SAMPLE_ORG.processes ?? []), LAIWEN] },
    stream: { pingIntervalMs: 0 },
    qpsLimit: 0,
  });
  tokens = new AccessTokenCache({
    appKey: SIM_DEFAULTS.appKey,
    appSecret: SIM_DEFAULTS.appSecret,
    apiBase: sim.apiBase,
  });
});

afterAll(async () => {
  await sim.close();
});

async function setMissing(missing: string[]): Promise<void> {
  const res = await fetch(`${sim.url}/__sim/permissions`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ missing }),
  });
  expect(res.status).toBe(200);
}

const form = [{ name: '文件标题', value: '关于做好防汛工作的通知' }];

describe("a form's nodes predicted through the official SDK workflow_1_0 client", () => {
  const forecast = async (request: Record<string, unknown>) =>
    new WorkflowClient(sdkConfig(sim.apiBase)).processForecastWithOptions(
      new $workflow.ProcessForecastRequest(request),
      new $workflow.ProcessForecastHeaders({ xAcsDingtalkAccessToken: await tokens.get() }),
      new $Util.RuntimeOptions({ autoretry: false }),
    );

  it('answers in DingTalk’s shape, the activity ids those an instance’s tasks will carry', async () => {
    const before = approvalFormCalls(sim.state).get(FORECAST) ?? 0;
    const res = await forecast({
      processCode: 'PROC-LAIWEN',
      userId: 'wendian02',
      deptId: 5,
      formComponentValues: [new $workflow.ProcessForecastRequestFormComponentValues(form[0])],
    });
    expect(res.statusCode).toBe(200);
    const result = res.body?.result;
    expect(result).toMatchObject({
      isForecastSuccess: true,
      processCode: 'PROC-LAIWEN',
      userId: 'wendian02',
      isStaticWorkflow: true,
      processId: expect.any(Number),
    });
    const rules = result?.workflowActivityRules ?? [];
    expect(rules.map((r) => [r.activityId, r.prevActivityId, r.activityName])).toEqual([
      ['node-1', 'sid-startevent', '拟办'],
      ['node-2', 'node-1', '领导批办'],
      ['node-3', 'node-2', '承办'],
    ]);
    expect(rules[1]).toMatchObject({
      activityType: 'target_approval',
      isTargetSelect: false,
      workflowActor: {
        actorType: 'approver',
        approvalMethod: 'OR',
        approvalType: 'MANUAL',
        actorSelectionRange: { approvals: [{ workNo: 'fuzhuren01', userName: '李红梅' }, expect.any(Object)] },
      },
      activityActioners: [expect.objectContaining({ userId: 'fuzhuren01', name: '李红梅' }), expect.any(Object)],
    });
    expect(result?.workflowForecastNodes?.map((n) => n.activityId)).toEqual([
      'sid-startevent',
      'node-1',
      'node-2',
      'node-3',
    ]);
    expect(approvalFormCalls(sim.state).get(FORECAST)).toBe(before + 1);

    // An approval then started on the form runs through the very nodes predicted.
    const client = new OpenApiClient({ tokens, apiBase: sim.apiBase, retry: { maxAttempts: 1 } });
    const instanceId = await client.startProcessInstance({
      processCode: 'PROC-LAIWEN',
      originatorUserId: 'wendian02',
      formComponentValues: form,
    });
    const instance = await client.getProcessInstance(instanceId);
    expect(instance.tasks?.map((t) => t.activityId)).toEqual(['node-1']);
  });

  it.each([
    [{ processCode: 'PROC-NONE', userId: 'wendian02', deptId: 5 }, 'processCodeError'],
    [{ processCode: 'PROC-LAIWEN', userId: 'nobody', deptId: 5 }, 'userNotExist'],
    [{ processCode: 'PROC-LAIWEN', deptId: 5 }, 'invalidUserId'],
    [{ processCode: 'PROC-LAIWEN', userId: 'wendian02', deptId: 999 }, 'invalidParameter'],
    [{ processCode: 'PROC-LAIWEN', userId: 'wendian02', deptId: 5, formComponentValues: [] }, 'componentIsNull'],
  ])('refuses %j with DingTalk’s code %s', async (request, code) => {
    const refusal = await forecast({ formComponentValues: form, ...request }).catch((err: unknown) => err);
    expect(refusal).toMatchObject({ code, statusCode: 400 });
  });
});

describe('OpenApiClient.forecastProcess', () => {
  const client = () => new OpenApiClient({ tokens, apiBase: sim.apiBase, retry: { maxAttempts: 1 } });

  it('reads the predicted nodes as Duban uses them', async () => {
    const nodes = await client().forecastProcess({
      processCode: 'PROC-LAIWEN',
      userId: 'zhuren01',
      deptId: 1,
      formComponentValues: form,
    });
    expect(nodes).toEqual([
      { activityId: 'node-1', activityName: '拟办', activityType: 'target_approval' },
      { activityId: 'node-2', activityName: '领导批办', activityType: 'target_approval' },
      { activityId: 'node-3', activityName: '承办', activityType: 'target_approval' },
    ]);
  });

  it('is refused, naming the permission, when the app lacks Workflow.Instance.Write', async () => {
    await setMissing(['Workflow.Instance.Write']);
    try {
      const request = { processCode: 'PROC-LAIWEN', userId: 'zhuren01', deptId: 1, formComponentValues: form };
      const refusal = await client()
        .forecastProcess(request)
        .catch((err: unknown) => err);
      expect(refusal).toBeInstanceOf(DingTalkApiError);
      expect(refusal).toMatchObject({ httpStatus: 403, errcode: PERMISSION_DENIED, code: 'api_error' });
      // Reading the forms needs another permission, and still works.
      expect((await client().listProcessTemplates()).templates.map((t) => t.processCode)).toContain('PROC-LAIWEN');
      await setMissing(['Workflow.Form.Read']);
      expect(await client().forecastProcess(request)).toHaveLength(3);
    } finally {
      await setMissing([]);
    }
  });
});
