import { AuditLog, User, UserSession } from '../../../entities';
import type { RunningDuban } from '../../server';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import { callJson, signInAs, startTestDuban } from '../../test-support/http';
import { rawRequest } from '../../test-support/raw-http';
import { SIGN_IN_FAILURES_ALLOWED } from '../auth-routes';
import { CONTENT_SECURITY_POLICY } from './headers';

const me = (duban: RunningDuban, token: string) => callJson(duban, '/api/me', { token });

describe.each(testDatabases())('sessions, cross-site writes and headers on $name', (target) => {
  const demo = useDemoDuban(target);
  const sessionCount = () => demo.duban.database.get().getRepository(UserSession).count();

  it('ends a session at logout, everywhere that token was copied, and only that session', async () => {
    const phone = await signInAs(demo.duban, 'hemin');
    const desktop = await signInAs(demo.duban, 'hemin');
    expect((await me(demo.duban, phone)).status).toBe(200);
    const out = await callJson(demo.duban, '/api/auth/logout', { method: 'POST', token: phone });
    expect(out.status).toBe(204);
    expect(await me(demo.duban, phone)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect((await me(demo.duban, desktop)).status).toBe(200);
  });

  it('ends every session of the caller on 退出所有设备', async () => {
    const a = await signInAs(demo.duban, 'caoxue');
    const b = await signInAs(demo.duban, 'caoxue');
    const other = await signInAs(demo.duban, 'yangfan');
    const ended = await callJson(demo.duban, '/api/me/sessions/end-all', { method: 'POST', token: a });
    expect(ended).toMatchObject({ status: 200, body: { ended: 2 } });
    expect((await me(demo.duban, a)).status).toBe(401);
    expect((await me(demo.duban, b)).status).toBe(401);
    expect((await me(demo.duban, other)).status).toBe(200);
  });

  it('lets only an administrator end someone’s sessions, audited', async () => {
    const victim = await signInAs(demo.duban, 'qinyue');
    const staff = await signInAs(demo.duban, 'hanlu');
    const path = '/api/organisation/users/qinyue/sessions/end';
    expect((await callJson(demo.duban, path, { method: 'POST', token: staff, body: '{}' })).status).toBe(403);
    expect((await me(demo.duban, victim)).status).toBe(200);
    const admin = await signInAs(demo.duban, 'qianwei');
    const ended = await callJson(demo.duban, path, { method: 'POST', token: admin, body: '{"reason":"手机遗失"}' });
    expect(ended).toMatchObject({ status: 200, body: { ended: 1 } });
    expect((await me(demo.duban, victim)).status).toBe(401);
    const audit = await demo.duban.database
      .get()
      .getRepository(AuditLog)
      .findOneByOrFail({ action: 'user.sessions.ended' });
    expect(audit).toMatchObject({ actor: 'qianwei', subjectId: 'qinyue', reason: '手机遗失' });
  });

  it('signs out a deactivated user on their next request', async () => {
    const token = await signInAs(demo.duban, 'yangfan');
    await demo.duban.database.get().getRepository(User).update({ id: 'yangfan' }, { active: false });
    expect((await me(demo.duban, token)).status).toBe(401);
    await demo.duban.database.get().getRepository(User).update({ id: 'yangfan' }, { active: true });
  });

  it('refuses writes from another site or of a type a form can send, changing nothing', async () => {
    const before = await sessionCount();
    const signIn = (headers: Record<string, string>, body = '{"userId":"sunli"}') =>
      rawRequest(demo.duban.url, 'POST', '/api/auth/demo', { headers, body });
    const json = { 'content-type': 'application/json' };
    expect((await signIn({ ...json, origin: 'https://evil.example' })).status).toBe(403);
    expect((await signIn({ ...json, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await signIn({ ...json, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
      const res = await signIn({ 'content-type': type }, 'userId=sunli');
      expect({ type, status: res.status }).toEqual({ type, status: 415 });
    }
    expect((await signIn({})).status).toBe(415);
    expect(await sessionCount()).toBe(before);

    // The same write from our own page passes.
    const own = await signIn({ ...json, origin: new URL(demo.duban.url).origin, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
    expect(await sessionCount()).toBe(before + 1);
  });

  it('refuses a cookie-carried write from another site', async () => {
    const token = await signInAs(demo.duban, 'hemin');
    const res = await rawRequest(demo.duban.url, 'POST', '/api/me/sessions/end-all', {
      headers: { cookie: `duban_session=${token}`, 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect((await me(demo.duban, token)).status).toBe(200);
  });

  it('sends the security headers on pages, API answers, errors and probes', async () => {
    for (const path of ['/', '/m/matter/1', '/api/me', '/health', '/api/nothing', '/assets/none.js']) {
      const res = await rawRequest(demo.duban.url, 'GET', path);
      expect({ path, csp: res.headers['content-security-policy'] }).toEqual({ path, csp: CONTENT_SECURITY_POLICY });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'self' https://*.dingtalk.com");
  });

  it('answers a path with broken escapes 400, not 500', async () => {
    expect((await rawRequest(demo.duban.url, 'GET', '/api/%E4%ZZ')).status).toBe(400);
    expect((await rawRequest(demo.duban.url, 'GET', '/%')).status).toBe(400);
  });
});

describe.each(testDatabases())('limits on sign-in and who reads bulletins on $name', (target) => {
  it('refuses sign-ins from an address after repeated refusals, even with a good user', async () => {
    const { duban, stop } = await startTestDuban(target);
    try {
      for (let i = 0; i < SIGN_IN_FAILURES_ALLOWED; i++) {
        const res = await callJson(duban, '/api/auth/demo', { method: 'POST', body: `{"userId":"guess${i}"}` });
        expect(res.status).toBe(401);
      }
      const blocked = await callJson(duban, '/api/auth/demo', { method: 'POST', body: '{"userId":"sunli"}' });
      expect(blocked).toMatchObject({ status: 429, body: { error: { code: 'too_many_attempts' } } });
      const code = await callJson(duban, '/api/auth/dingtalk', { method: 'POST', body: '{"code":"guess"}' });
      expect(code.status).toBe(429);
    } finally {
      await stop();
    }
  });

  it('lets everyone signed in read published bulletins by default, and only heads with BULLETIN_READERS=heads', async () => {
    for (const [readers, staffStatus] of [
      ['office', 200],
      ['heads', 403],
    ] as const) {
      const { duban, stop } = await startTestDuban(target, { BULLETIN_READERS: readers });
      try {
        const staff = await signInAs(duban, 'hemin');
        const head = await signInAs(duban, 'fenggang');
        expect((await callJson(duban, '/api/supervision/bulletins', { token: staff })).status).toBe(staffStatus);
        expect((await callJson(duban, '/api/supervision/bulletins', { token: head })).status).toBe(200);
      } finally {
        await stop();
      }
    }
  });
});
