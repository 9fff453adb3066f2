import WorkflowClient, * as $workflow from '@alicloud/dingtalk/dist/workflow_1_0/client';
import * as $Util from '@alicloud/tea-util';
import { SAMPLE_ORG } from '../../scripts/sim/sample-org';
import { SIM_DEFAULTS, type Simulator, startSimulator } from '../../scripts/sim/simulator';
import { DingTalkApiError } from './errors';
import { OpenApiClient, PERMISSION_DENIED, sdkConfig } from './openapi-client';
import { AccessTokenCache } from './token-cache';

/** The sample corp's three forms and two more, so that pages of two end on a short one. */
const EXTRA = [
  { processCode: 'PROC-QINGJIA', name: '请假', approvers: [] },
  { processCode: 'PROC-YONGYIN', name: '用印申请', approvers: [] },
];
const ALL_CODES = [...(SAMPLE_ORG.processes ?? []), ...EXTRA].map((p) => p.processCode);

let sim: Simulator;
let tokens: AccessTokenCache;

beforeAll(async () => {
  sim = await startSimulator({
    org: { ...SAMPLE_ORG, processes: [...(SAMPLE_ORG.processes ?? []), ...EXTRA] },
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

describe("the corp's approval forms through the official SDK workflow_1_0 client", () => {
  const sdk = () => new WorkflowClient(sdkConfig(sim.apiBase));
  const list = async (request: { maxResults?: number; nextToken?: number; userId?: string }) =>
    sdk().listUserVisibleBpmsProcessesWithOptions(
      new $workflow.ListUserVisibleBpmsProcessesRequest(request),
      new $workflow.ListUserVisibleBpmsProcessesHeaders({ xAcsDingtalkAccessToken: await tokens.get() }),
      new $Util.RuntimeOptions({ autoretry: false }),
    );

  it('pages through every form, the cursor absent on the last page', async () => {
    const codes: string[] = [];
    const cursors: Array<number | undefined> = [];
    let nextToken: number | undefined = 0;
    while (nextToken !== undefined) {
      const page = await list({ maxResults: 2, nextToken });
      expect(page.statusCode).toBe(200);
      codes.push(...(page.body?.result?.processList ?? []).map((p) => p.processCode ?? ''));
      nextToken = page.body?.result?.nextToken;
      cursors.push(nextToken);
    }
    expect(codes).toEqual(ALL_CODES);
    expect(cursors).toEqual([2, 4, undefined]);
    const first = await list({ maxResults: 100, nextToken: 0, userId: 'mishu02' });
    expect(first.body?.result?.processList?.[0]).toMatchObject({
      processCode: 'PROC-DUBAN-FAWEN',
      name: '发文审批',
      dirName: expect.any(String),
      iconUrl: expect.stringMatching(/^https:\/\//),
    });
  });

  it.each([
    [{ maxResults: 101, nextToken: 0 }, 'invalidMaxResults'],
    [{ maxResults: 10 }, 'invalidNextToken'],
    [{ maxResults: 10, nextToken: 0, userId: 'nobody' }, 'invalidParameter'],
  ])('refuses %j with DingTalk’s code %s', async (request, code) => {
    const refusal = await list(request).catch((err: unknown) => err);
    expect(refusal).toMatchObject({ code, statusCode: 400 });
  });
});

describe('OpenApiClient.listProcessTemplates', () => {
  const client = () => new OpenApiClient({ tokens, apiBase: sim.apiBase, retry: { maxAttempts: 1 } });

  it('reads a page as Duban uses it', async () => {
    const first = await client().listProcessTemplates({ maxResults: 3 });
    expect(first.templates.map((t) => t.processCode)).toEqual(ALL_CODES.slice(0, 3));
    expect(first.templates[0]).toEqual({ processCode: 'PROC-DUBAN-FAWEN', name: '发文审批', dirName: '公文管理' });
    expect(first.nextToken).toBe('3');
    const last = await client().listProcessTemplates({ maxResults: 3, nextToken: first.nextToken });
    expect(last).toEqual({ templates: expect.any(Array) });
    expect(last.templates.map((t) => t.processCode)).toEqual(ALL_CODES.slice(3));
  });

  it('is refused, naming the permission, when the app lacks Workflow.Form.Read', async () => {
    await setMissing(['Workflow.Form.Read']);
    try {
      const refusal = await client()
        .listProcessTemplates()
        .catch((err: unknown) => err);
      expect(refusal).toBeInstanceOf(DingTalkApiError);
      expect(refusal).toMatchObject({ httpStatus: 403, errcode: PERMISSION_DENIED, code: 'api_error' });
      // Another permission missing does not touch this call.
      await setMissing(['Workflow.Instance.Write']);
      expect((await client().listProcessTemplates()).templates).toHaveLength(ALL_CODES.length);
    } finally {
      await setMissing([]);
    }
  });
});
