import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Department, User, UserRole } from '../entities';
import type { DatabaseSettings } from '../entities/data-source';
import { type Config, loadConfig } from './config/config';
import { DEMO_USERS } from './demo/demo-organisation';
import { createLogger } from './logging/logger';
import { type RunningDuban, startDuban } from './server';
import { testDatabases } from './test-support/databases';
import { callJson } from './test-support/http';

const logger = createLogger('silent');

function configFor(database: DatabaseSettings, env: Record<string, string> = {}): Config {
  return { ...loadConfig({ PORT: '0', ...env }), database };
}

interface UserBody {
  user: { id: string; roles: { role: string }[] };
}

const json = callJson;

describe.each(testDatabases())('Duban server on $name', (target) => {
  let settings: DatabaseSettings;
  let drop: () => Promise<void>;
  let duban: RunningDuban;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duban-'));
    const created = await target.create();
    // A file, not :memory:, so a second start sees what the first one seeded.
    settings = created.settings.type === 'sqlite' ? { type: 'sqlite', path: join(dir, 'db.sqlite') } : created.settings;
    drop = created.drop;
    duban = await startDuban(configFor(settings), logger);
  });

  afterAll(async () => {
    await duban.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /health and /ready', async () => {
    expect(await json(duban, '/health')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await json(duban, '/ready')).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('seeds the demo organisation once, however often it starts', async () => {
    const db = duban.database.get();
    const counts = async () => [
      await db.getRepository(Department).count(),
      await db.getRepository(User).count(),
      await db.getRepository(UserRole).count(),
    ];
    const first = await counts();
    expect(first[1]).toBe(DEMO_USERS.length);
    const names = (await db.getRepository(Department).find()).map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['区政府办公室', '秘书科', '督查室', '综合科', '区财政局']));

    const second = await startDuban(configFor(settings), logger);
    try {
      expect(await counts()).toEqual(first);
    } finally {
      await second.close();
    }
  });

  it('answers 401 on every /api/ route without a valid session', async () => {
    for (const path of ['/api/me', '/api/documents', '/api/anything/at/all']) {
      expect((await json(duban, path)).status).toBe(401);
    }
    const forged = await json(duban, '/api/me', { headers: { authorization: 'Bearer abc.def' } });
    expect(forged).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: '登录已过期，请重新登录' } },
    });
  });

  it('lists the demo users with their roles and signs one in', async () => {
    const list = await json<{ users: { roles: string[] }[] }>(duban, '/api/auth/demo');
    expect(list.status).toBe(200);
    const roles = new Set(list.body.users.flatMap((u) => u.roles));
    expect([...roles].sort()).toEqual([
      'admin',
      'leader',
      'meeting_office',
      'staff',
      'supervision_office',
      'unit_head',
    ]);

    const signIn = await json<{ token: string }>(duban, '/api/auth/demo', {
      method: 'POST',
      body: JSON.stringify({ userId: 'sunli' }),
    });
    expect(signIn.status).toBe(200);
    const me = await json<UserBody>(duban, '/api/me', { headers: { authorization: `Bearer ${signIn.body.token}` } });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: 'sunli', name: '孙丽', via: 'demo' });
    expect(me.body.user.roles.map((r) => r.role).sort()).toEqual(['supervision_office', 'unit_head']);
  });

  it('refuses bad sign-in input with a clear error', async () => {
    const unknown = await json(duban, '/api/auth/demo', { method: 'POST', body: JSON.stringify({ userId: 'nobody' }) });
    expect(unknown.status).toBe(401);
    const empty = await json<{ error: { code: string } }>(duban, '/api/auth/demo', {
      method: 'POST',
      body: JSON.stringify({}),
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('invalid_body');
    const notJson = await json(duban, '/api/auth/demo', { method: 'POST', body: '{userId' });
    expect(notJson).toEqual({ status: 400, body: { error: { code: 'invalid_json', message: '请求格式有误' } } });
  });

  it('has no demo sign-in once DingTalk credentials are configured', async () => {
    const real = await startDuban(
      configFor(settings, {
        DINGTALK_CORP_ID: 'dingcorp',
        DINGTALK_APP_KEY: 'dingkey',
        DINGTALK_APP_SECRET: 'secret',
        DINGTALK_AGENT_ID: '1',
        SESSION_SECRET: 'r'.repeat(40),
        // HTTP push opens no connection, and the API bases point nowhere: a test never reaches DingTalk itself.
        DINGTALK_EVENT_MODE: 'http',
        DINGTALK_CALLBACK_TOKEN: 'token',
        DINGTALK_CALLBACK_AES_KEY: 'a'.repeat(43),
        DINGTALK_API_BASE: 'http://127.0.0.1:9',
        DINGTALK_OAPI_BASE: 'http://127.0.0.1:9',
      }),
      logger,
    );
    try {
      expect((await json(real, '/api/auth/demo')).status).toBe(404);
      const post = await json(real, '/api/auth/demo', { method: 'POST', body: JSON.stringify({ userId: 'sunli' }) });
      expect(post.status).toBe(404);
    } finally {
      await real.close();
    }
  });
});

describe('Duban without its database', () => {
  it('stays alive on /health, answers 503 on /ready and on the API, and keeps retrying', async () => {
    const duban = await startDuban(configFor({ type: 'mysql', url: 'mysql://root@127.0.0.1:1/duban' }), logger);
    try {
      expect((await json(duban, '/health')).status).toBe(200);
      expect(await json(duban, '/ready')).toEqual({ status: 503, body: { status: 'database_unavailable' } });
      expect((await json(duban, '/api/auth/demo')).status).toBe(503);
    } finally {
      await duban.close();
    }
  });

  it('does not open the DingTalk Stream connection while it cannot store what DingTalk pushes', async () => {
    const duban = await startDuban(configFor({ type: 'mysql', url: 'mysql://root@127.0.0.1:1/duban' }), logger);
    try {
      // The demo's simulator answers a Stream connection within milliseconds; give it far longer than that.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(duban.simulator).not.toBeNull();
      expect(duban.events.connected()).toBe(false);
    } finally {
      await duban.close();
    }
  });
});
