import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import { callJson, signInAs } from '../../test-support/http';

interface MeBody {
  user: { id: string; name: string };
  departments: { id: string; name: string; isHead: boolean; primary: boolean }[];
}

describe.each(testDatabases())('what the mini-app asks before and after sign-in, on $name', (target) => {
  const demo = useDemoDuban(target);

  it('tells the mini-app how to sign in, without a session', async () => {
    expect(await callJson(demo.duban, '/api/auth/config')).toEqual({ status: 200, body: { demo: true, corpId: '' } });
  });

  it('answers /api/me with the units the user belongs to and heads', async () => {
    const me = await callJson<MeBody>(demo.duban, '/api/me', { token: await signInAs(demo.duban, 'sunli') });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: 'sunli', name: '孙丽' });
    expect(me.body.departments).toContainEqual({ id: '22', name: '督查室', isHead: true, primary: true });

    const staff = await callJson<MeBody>(demo.duban, '/api/me', { token: await signInAs(demo.duban, 'hemin') });
    expect(staff.body.departments).toEqual([{ id: '31', name: '区发展和改革委员会', isHead: false, primary: true }]);
  });

  it('answers the organisation the forms choose from, only with a session', async () => {
    expect((await callJson(demo.duban, '/api/organisation')).status).toBe(401);
    const org = await callJson<{
      departments: { id: string; name: string; kind: string; parentId: string | null }[];
      users: { id: string; name: string; roles: string[] }[];
    }>(demo.duban, '/api/organisation', { token: await signInAs(demo.duban, 'sunli') });
    expect(org.status).toBe(200);
    expect(org.body.departments).toContainEqual({ id: '32', name: '区财政局', kind: 'unit', parentId: '1' });
    expect(org.body.users).toContainEqual(
      expect.objectContaining({ id: 'wangjianguo', name: '王建国', title: '区长', roles: ['leader'] }),
    );
  });

  it('opens a link from a bot message on the mini-app, and keeps unknown API paths a 404', async () => {
    const page = await fetch(`${demo.duban.url}/m/matter/12`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>督办</title>');
    const post = await fetch(`${demo.duban.url}/m/matter/12`, { method: 'POST' });
    expect(post.status).toBe(404);
  });
});
