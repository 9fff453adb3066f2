import { SAMPLE_ORG } from '../../scripts/sim/sample-org';
import { SIM_DEFAULTS, type Simulator, startSimulator } from '../../scripts/sim/simulator';
import { DingTalkApiError, DingTalkError } from './errors';
import { workNoticeActionCard, workNoticeText } from './messages';
import { OapiClient } from './oapi-client';
import { RateLimiter } from './rate-limiter';
import { AccessTokenCache } from './token-cache';

let sim: Simulator;
let client: OapiClient;
let sleeps: number[];
let clockSkewMs = 0;

beforeAll(async () => {
  // The simulator's clock runs with real time plus `clockSkewMs`, so a test can age a code without sleeping
  // (a sleep races a loaded machine).
  sim = await startSimulator({
    org: SAMPLE_ORG,
    authCodeTtlMs: 5 * 60_000,
    now: () => Date.now() + clockSkewMs,
    stream: { pingIntervalMs: 0 },
  });
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
  client = new OapiClient({
    tokens,
    oapiBase: sim.oapiBase,
    // Backoff is recorded, not waited for: the policy is what is under test.
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
  });
});

describe('free-login codes (免登)', () => {
  it('resolves a code to the user once', async () => {
    const code = sim.issueAuthCode('duchashi01');
    expect(await client.getUserInfoByCode(code)).toMatchObject({
      userid: 'duchashi01',
      name: '陈静',
      sys: false,
      sys_level: 0,
    });
  });

  it('refuses a reused code with api_auth_code_invalid (40078)', async () => {
    const code = sim.issueAuthCode('zhuren01');
    expect((await client.getUserInfoByCode(code)).sys_level).toBe(100);
    const error = (await client.getUserInfoByCode(code).catch((err: unknown) => err)) as DingTalkApiError;
    expect(error).toBeInstanceOf(DingTalkApiError);
    expect(error).toMatchObject({ code: 'api_auth_code_invalid', errcode: 40078, retryable: false });
    expect(error.requestId).toEqual(expect.any(String));
  });

  it('refuses an expired code', async () => {
    const code = sim.issueAuthCode('mishu01');
    clockSkewMs += 5 * 60_000 + 1;
    try {
      await expect(client.getUserInfoByCode(code)).rejects.toMatchObject({ code: 'api_auth_code_invalid' });
    } finally {
      clockSkewMs = 0;
    }
  });
});

describe('contacts', () => {
  it('reads a user', async () => {
    expect(await client.getUser('wendian02')).toMatchObject({
      userid: 'wendian02',
      name: '吴芳',
      dept_id_list: [5],
      manager_userid: 'wendian01',
    });
  });

  it("maps an unknown user to api_error with DingTalk's errcode", async () => {
    await expect(client.getUser('nobody')).rejects.toMatchObject({ code: 'api_error', errcode: 60121 });
  });

  it('lists departments and walks user pages', async () => {
    const departments = await client.listSubDepartments();
    expect(departments.map((d) => d.name)).toEqual(['秘书科', '督查室', '综合科', '文电科']);
    const page = await client.listDepartmentUsers(2, 0, 1);
    expect(page).toMatchObject({ has_more: true, next_cursor: 1 });
    expect(page.list).toHaveLength(1);
    const all = await client.listAllDepartmentUsers(2);
    expect(all.map((u) => u.userid).sort()).toEqual(['mishu01', 'mishu02']);
    expect(all.find((u) => u.userid === 'mishu01')?.leader).toBe(true);
  });
});

describe('work notices', () => {
  it("sends, reports progress and the result, including DingTalk's same-content refusal", async () => {
    const msg = workNoticeActionCard({
      title: '督办提醒',
      markdown: '### 督办提醒\n「2024年重点工作」将于 **5月20日** 到期。',
      buttonTitle: '立即办理',
      url: 'https://duban.example.gov.cn/#/matters/17',
    });
    const first = await client.sendWorkNotice({ agentId: SIM_DEFAULTS.agentId, userIds: ['zonghe01', 'ghost'], msg });
    expect(first.taskId).toEqual(expect.any(Number));
    expect(await client.getWorkNoticeSendProgress(SIM_DEFAULTS.agentId, first.taskId)).toEqual({
      progress_in_percent: 100,
      status: 2,
    });
    expect(await client.getWorkNoticeSendResult(SIM_DEFAULTS.agentId, first.taskId)).toMatchObject({
      invalid_user_id_list: ['ghost'],
      unread_user_id_list: ['zonghe01'],
      forbidden_list: [],
    });
    const again = await client.sendWorkNotice({ agentId: SIM_DEFAULTS.agentId, userIds: ['zonghe01'], msg });
    expect(await client.getWorkNoticeSendResult(SIM_DEFAULTS.agentId, again.taskId)).toMatchObject({
      forbidden_list: [{ code: '143106', count: 1, userid: 'zonghe01' }],
      unread_user_id_list: [],
    });
    const recorded = sim.messages({ kind: 'work_notice', userId: 'zonghe01' });
    expect(recorded.at(-2)).toMatchObject({ msg, deliveredTo: ['zonghe01'] });
  });

  it('refuses what DingTalk would refuse before sending', async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => `u${i}`);
    await expect(
      client.sendWorkNotice({ agentId: 1, userIds: tooMany, msg: workNoticeText('x') }),
    ).rejects.toMatchObject({
      code: 'message_invalid',
    });
    await expect(client.sendWorkNotice({ agentId: 1, msg: workNoticeText('x') })).rejects.toBeInstanceOf(DingTalkError);
    await expect(
      client.sendWorkNotice({ agentId: 1, userIds: ['a'], msg: workNoticeText('长'.repeat(700)) }),
    ).rejects.toMatchObject({ code: 'message_invalid' });
  });
});

describe('JSAPI ticket', () => {
  it('is fetched once and cached', async () => {
    const first = await client.getJsapiTicket();
    expect(first).toMatch(/^[A-Za-z0-9]{64}$/);
    sim.injectFault('/get_jsapi_ticket', 'busy', 5); // would fail if fetched again
    expect(await client.getJsapiTicket()).toBe(first);
    sim.state.takeFault('/get_jsapi_ticket');
  });
});

describe('throttling and busy answers', () => {
  it('backs off 1 s, 2 s… and succeeds when DingTalk lets it through', async () => {
    sim.injectFault('/topapi/v2/user/get', 'throttle', 2);
    expect((await client.getUser('zhuren01')).userid).toBe('zhuren01');
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('gives up after four attempts with api_throttled (retryable later)', async () => {
    sim.injectFault('/topapi/v2/user/get', 'throttle', 4);
    await expect(client.getUser('zhuren01')).rejects.toMatchObject({
      code: 'api_throttled',
      errcode: 90018,
      retryable: true,
    });
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  it('retries "system busy" (-1)', async () => {
    sim.injectFault('/topapi/v2/department/listsub', 'busy', 1);
    expect(await client.listSubDepartments(1)).toHaveLength(4);
    expect(sleeps).toEqual([1000]);
  });

  it('keeps under the QPS limit on its own', async () => {
    const strict = await startSimulator({ org: SAMPLE_ORG, qpsLimit: 4, stream: { pingIntervalMs: 0 } });
    try {
      const tokens = new AccessTokenCache({
        appKey: SIM_DEFAULTS.appKey,
        appSecret: SIM_DEFAULTS.appSecret,
        apiBase: strict.apiBase,
      });
      const once = { maxAttempts: 1 };
      const unlimited = new OapiClient({ tokens, oapiBase: strict.oapiBase, retry: once });
      const polite = new OapiClient({
        tokens,
        oapiBase: strict.oapiBase,
        retry: once,
        limiter: new RateLimiter({ limit: 4, intervalMs: 1000 }),
      });
      // A burst of 10 (more than two seconds' worth, wherever the second boundary falls) is throttled…
      const burst = await Promise.allSettled(Array.from({ length: 10 }, () => unlimited.getUser('zhuren01')));
      expect(
        burst.some((r) => r.status === 'rejected' && (r.reason as DingTalkApiError).code === 'api_throttled'),
      ).toBe(true);
      // …the same burst through a matching limiter is spread out and goes through whole.
      await new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));
      const spread = await Promise.allSettled(Array.from({ length: 8 }, () => polite.getUser('zhuren01')));
      expect(spread.filter((r) => r.status === 'rejected')).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});
