import { SAMPLE_ORG } from '../../scripts/sim/sample-org';
import { SIM_DEFAULTS, type Simulator, startSimulator } from '../../scripts/sim/simulator';
import { DingTalkApiError } from './errors';
import type { FetchLike } from './http-json';
import { OapiClient } from './oapi-client';
import { AccessTokenCache } from './token-cache';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ org: SAMPLE_ORG, stream: { pingIntervalMs: 0 } });
});

afterAll(async () => {
  await sim.close();
});

/** Counts token requests (by path) while passing everything through to the simulator. */
function countingFetch(): FetchLike & { paths: string[] } {
  const paths: string[] = [];
  const counting = (async (input: string, init?: RequestInit) => {
    paths.push(new URL(input).pathname);
    return fetch(input, init);
  }) as FetchLike & { paths: string[] };
  counting.paths = paths;
  return counting;
}

function cache(overrides: Partial<ConstructorParameters<typeof AccessTokenCache>[0]> = {}) {
  const fetchSpy = countingFetch();
  const tokens = new AccessTokenCache({
    appKey: SIM_DEFAULTS.appKey,
    appSecret: SIM_DEFAULTS.appSecret,
    apiBase: sim.apiBase,
    oapiBase: sim.oapiBase,
    fetch: fetchSpy,
    ...overrides,
  });
  return { tokens, fetchSpy };
}

it('single flight: concurrent callers share one token request', async () => {
  sim.expireTokens();
  const { tokens, fetchSpy } = cache();
  const got = await Promise.all(Array.from({ length: 25 }, () => tokens.get()));
  expect(new Set(got).size).toBe(1);
  expect(fetchSpy.paths).toEqual(['/v1.0/oauth2/accessToken']);
  await tokens.get();
  expect(fetchSpy.paths).toHaveLength(1);
});

it('refreshes inside the margin before expiry, and keeps the old token if that refresh fails', async () => {
  let now = 1_000_000;
  const { tokens, fetchSpy } = cache({ now: () => now, refreshMarginMs: 600_000 });
  const first = await tokens.get();
  now += 7200_000 - 600_000 - 1; // just before the refresh point
  expect(await tokens.get()).toBe(first);
  expect(fetchSpy.paths).toHaveLength(1);
  now += 2; // inside the margin: refetch (DingTalk returns the same token, extended)
  await tokens.get();
  expect(fetchSpy.paths).toHaveLength(2);

  let networkDown = false;
  const failing = new AccessTokenCache({
    appKey: SIM_DEFAULTS.appKey,
    appSecret: SIM_DEFAULTS.appSecret,
    apiBase: sim.apiBase,
    now: () => now,
    fetch: async (input, init) => {
      if (networkDown) throw new TypeError('fetch failed');
      return fetch(input, init);
    },
  });
  const kept = await failing.get();
  networkDown = true;
  now += 7200_000 - 60_000; // inside the margin, still valid
  expect(await failing.get()).toBe(kept);
  now += 120_000; // expired: the failure surfaces
  await expect(failing.get()).rejects.toMatchObject({ code: 'api_unreachable' });
});

it('short-lived tokens refresh at half their lifetime', async () => {
  let now = 0;
  const short = await startSimulator({ org: SAMPLE_ORG, tokenTtlSeconds: 10, stream: { pingIntervalMs: 0 } });
  try {
    const { tokens, fetchSpy } = cache({ apiBase: short.apiBase, now: () => now });
    await tokens.get();
    now = 4_999;
    await tokens.get();
    expect(fetchSpy.paths).toHaveLength(1);
    now = 5_001;
    await tokens.get();
    expect(fetchSpy.paths).toHaveLength(2);
  } finally {
    await short.close();
  }
});

it('uses /gettoken when asked', async () => {
  const { tokens, fetchSpy } = cache({ endpoint: 'gettoken' });
  expect(await tokens.get()).toMatch(/^[a-z0-9]{32}$/);
  expect(fetchSpy.paths).toEqual(['/gettoken']);
});

it.each(['oauth2', 'gettoken'] as const)(
  'reports bad credentials (%s) with a stable code and no secret',
  async (endpoint) => {
    const { tokens } = cache({ endpoint, appSecret: 'definitely-wrong-secret' });
    const error = (await tokens.get().catch((err: unknown) => err)) as DingTalkApiError;
    expect(error).toBeInstanceOf(DingTalkApiError);
    expect(error.code).toBe('api_bad_credentials');
    expect(error.message).not.toContain('definitely-wrong-secret');
  },
);

it('drops an expired token and refetches it once when DingTalk rejects it', async () => {
  const { tokens, fetchSpy } = cache();
  const client = new OapiClient({ tokens, oapiBase: sim.oapiBase, fetch: fetchSpy });
  await client.getUser('zhuren01');
  sim.expireTokens();
  const user = await client.getUser('zhuren01');
  expect(user.name).toBe('王建国');
  expect(fetchSpy.paths.filter((p) => p === '/v1.0/oauth2/accessToken')).toHaveLength(2);
  expect(fetchSpy.paths.filter((p) => p === '/topapi/v2/user/get')).toHaveLength(3);
});

it('gives up with api_token_expired when even the fresh token is rejected', async () => {
  const { tokens } = cache();
  const client = new OapiClient({ tokens, oapiBase: sim.oapiBase });
  sim.injectFault('/topapi/v2/user/get', 'token_expired', 2);
  await expect(client.getUser('zhuren01')).rejects.toMatchObject({
    code: 'api_token_expired',
    errcode: 88,
    subCode: '40014',
  });
});
