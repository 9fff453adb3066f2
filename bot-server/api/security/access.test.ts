import { type Role, User } from '../../../entities';
import { loadConfig } from '../../config/config';
import { DEMO_USERS } from '../../demo/demo-organisation';
import { createLogger } from '../../logging/logger';
import { type RunningDuban, startDuban } from '../../server';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import { callJson, signInAs } from '../../test-support/http';
import { otherSpellings, rawRequest } from '../../test-support/raw-http';
import { type Simulator, startSimulator } from '../../test-support/simulator';
import { type RouteInfo, samplePath } from './route-table';

/** Runs `work` over `items`, `width` at a time. */
async function eachLimited<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

interface Probe {
  route: RouteInfo;
  target: string;
  allowed: number[];
}

/** Sends each probe (JSON body for writes) and returns those answered outside their allowed statuses. */
async function misses(duban: RunningDuban, probes: Probe[], token?: string) {
  const wrong: string[] = [];
  await eachLimited(probes, 12, async ({ route, target, allowed }) => {
    const write = route.method !== 'GET';
    const res = await rawRequest(duban.url, route.method, target, {
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(write ? { 'content-type': 'application/json' } : {}),
      },
      body: write ? '{}' : undefined,
    });
    if (!allowed.includes(res.status))
      wrong.push(`${route.method} ${target} → ${res.status} (${res.body.slice(0, 80)})`);
  });
  return wrong;
}

const admits = (route: RouteInfo, roles: Role[]) =>
  route.roles === null || roles.includes('admin') || roles.some((r) => route.roles?.includes(r));

describe.each(testDatabases())('who reaches the API on $name, under any spelling', (target) => {
  const demo = useDemoDuban(target);
  let api: RouteInfo[];
  let publicRoutes: RouteInfo[];

  beforeAll(() => {
    api = demo.duban.routes.filter((r) => r.path.startsWith('/api/'));
    // Answered without a session: exactly the sign-in router's routes, nothing else.
    publicRoutes = api.filter((r) => r.path.startsWith('/api/auth/'));
  });

  it('reads every route from the routers, each matching one spelling only', () => {
    expect(api.length).toBeGreaterThan(80);
    expect(api.filter((r) => !r.exact)).toEqual([]);
    expect(api.filter((r) => r.roles !== null).length).toBeGreaterThan(20);
  });

  it('answers 401 or 404 without a session, for every route under every spelling, and 401 under its own', async () => {
    const probes: Probe[] = api.flatMap((route) => {
      const path = samplePath(route.path);
      const own = publicRoutes.includes(route) ? [] : [{ route, target: path, allowed: [401] }];
      return [...own, ...otherSpellings(path).map((target) => ({ route, target, allowed: [401, 404] }))];
    });
    expect(probes.length).toBeGreaterThan(api.length * 8);
    expect(await misses(demo.duban, probes)).toEqual([]);
  });

  it('closes the reported hole: the leaders’ figures under another letter case need a session', async () => {
    for (const target of ['/API/reports/figures?from=2026-01-01&to=2026-12-31', '/Api/Reports/figures']) {
      expect((await rawRequest(demo.duban.url, 'GET', target)).status).toBe(401);
    }
  });

  // One person per set of roles in the demo office: staff, a unit head, 会务, 督查室, a leader.
  it.each([
    ['hemin', ['staff']],
    ['fenggang', ['unit_head']],
    ['zhenglei', ['staff', 'meeting_office']],
    ['zhoutao', ['supervision_office']],
    ['wangjianguo', ['leader']],
  ] as [string, Role[]][])(
    'answers %s 403 or 404 on routes their roles do not admit, under every spelling',
    async (userId, roles) => {
      expect(DEMO_USERS.find((u) => u.id === userId)?.roles.map((r) => r.role)).toEqual(roles);
      const token = await signInAs(demo.duban, userId);
      const refused = api.filter((route) => !admits(route, roles));
      expect(refused.length).toBeGreaterThan(0);
      const probes = refused.flatMap((route) => {
        const path = samplePath(route.path);
        return [
          { route, target: path, allowed: [403] },
          ...otherSpellings(path).map((target) => ({ route, target, allowed: [403, 404] })),
        ];
      });
      expect(await misses(demo.duban, probes, token)).toEqual([]);
    },
  );
});

describe.each(testDatabases())('who reaches the API with DingTalk credentials set, on $name', (target) => {
  let sim: Simulator;
  let duban: RunningDuban;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    sim = await startSimulator({ eventMode: 'http', stream: { pingIntervalMs: 0 } });
    const created = await target.create();
    drop = created.drop;
    const env = { ...sim.settings, DINGTALK_EVENT_MODE: 'http', SESSION_SECRET: 'r'.repeat(40), PORT: '0' };
    duban = await startDuban({ ...loadConfig(env), database: created.settings }, createLogger('silent'));
    // The organisation arrives from DingTalk (the simulator) in the background after start.
    for (let i = 0; i < 200 && !(await duban.database.get().getRepository(User).existsBy({ id: 'hemin' })); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  afterAll(async () => {
    await duban.close();
    await sim.close();
    await drop();
  });

  it('has no demo sign-in, and answers 401 or 404 without a session under every spelling', async () => {
    const api = duban.routes.filter((r) => r.path.startsWith('/api/'));
    expect((await callJson(duban, '/api/auth/demo')).status).toBe(404);
    const probes = api
      .filter((route) => !route.path.startsWith('/api/auth/'))
      .flatMap((route) => {
        const path = samplePath(route.path);
        return [path, ...otherSpellings(path)].map((t) => ({ route, target: t, allowed: [401, 404] }));
      });
    expect(await misses(duban, probes)).toEqual([]);
  });

  it('signs a person in with a DingTalk free-login code, and refuses them every role-restricted route', async () => {
    const signIn = await callJson<{ token: string }>(duban, '/api/auth/dingtalk', {
      method: 'POST',
      body: JSON.stringify({ code: sim.issueAuthCode('hemin') }),
    });
    expect(signIn.status).toBe(200);
    const refused = duban.routes.filter((r) => r.path.startsWith('/api/') && r.roles !== null);
    const probes = refused.flatMap((route) => {
      const path = samplePath(route.path);
      return [
        { route, target: path, allowed: [403] },
        ...otherSpellings(path).map((t) => ({ route, target: t, allowed: [403, 404] })),
      ];
    });
    expect(await misses(duban, probes, signIn.body.token)).toEqual([]);
  });
});
