import { callJson, signInAs } from '../bot-server/test-support/http';
import { demoForThisFile, phone, screenshot, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

interface MatterBody {
  matter: { id: number; title: string; reports: { content: string; userName: string }[] };
}

describe('the mini-app for unit staff, at 375×667', () => {
  const demo = demoForThisFile();

  it('signs in as staff, finds the matter due soonest among the things to do, and reports its progress', async () => {
    const { page, errors } = await phone(demo);
    await page.goto('/m/todo');
    await page.waitForSelector('[data-user="hemin"]');
    await screenshot(page, '01-sign-in');
    await page.locator('[data-user="hemin"]').click();
    await page.waitForURL(/\/m\/todo$/);
    await page.waitForSelector('.todo-item');
    await screenshot(page, '02-todo-staff');

    const dueSoonest = page.locator('.todo-item', { hasText: '督办' }).filter({ hasText: /剩余\d+个工作日|今日到期/ });
    expect(await dueSoonest.count()).toBeGreaterThan(0);
    const listedDate = /时限：(\d{4}年\d{1,2}月\d{1,2}日)/.exec((await dueSoonest.first().textContent()) ?? '')?.[1];
    expect(listedDate).toBeDefined();
    await dueSoonest.first().click();
    await page.waitForURL(/\/m\/matter\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await page.waitForSelector('.matter-title');
    // 待办 and the matter page state one and the same last day.
    expect(await page.locator('.adm-list-item', { hasText: '办理时限' }).first().textContent()).toContain(listedDate);
    await screenshot(page, '03-matter-staff');

    // An empty report is refused on the phone, and nothing is sent.
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posted.push(r.url());
    });
    await page.getByRole('button', { name: '报送进展' }).click();
    await page.getByRole('button', { name: '提交进展' }).click();
    await page.getByText('请填写进展情况').waitFor();
    await screenshot(page, '04-progress-empty');
    expect(posted).toEqual([]);

    const text = '已完成项目前期调研，正在会同相关部门制定实施方案，预计下周报送初稿。';
    await page.locator('.form-popup textarea').fill(text);
    await page.getByRole('button', { name: '提交进展' }).click();
    await page.getByText('进展已报送').waitFor();
    await page.locator('.reports').getByText(text).waitFor();
    await page.locator('.form-popup').waitFor({ state: 'hidden' });
    await screenshot(page, '05-progress-reported');
    expect(posted).toHaveLength(1);

    const token = await signInAs(demo.duban, 'hemin');
    const matter = await callJson<MatterBody>(demo.duban, `/api/supervision/matters/${id}`, { token });
    expect(matter.body.matter.reports.at(-1)).toMatchObject({ content: text, userName: '何敏' });
    expect(errors).toEqual([]);
  });

  it('refuses an empty reply when completing a matter, and sends nothing', async () => {
    const { page } = await phone(demo);
    await signIn(page, 'hemin', '/m/matters');
    await page.waitForSelector('.matter-item');
    await screenshot(page, '06-matters-staff');
    await page.locator('.matter-item').first().click();
    await page.waitForSelector('.matter-title');
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posted.push(r.url());
    });
    await page.getByRole('button', { name: '办结' }).click();
    await page.locator('.form-popup textarea').first().fill('   ');
    await page.getByRole('button', { name: '确认办结' }).click();
    await page.getByText('请填写办理结果').waitFor();
    await screenshot(page, '07-complete-empty-reply');
    expect(posted).toEqual([]);
  });

  it('opens the page a bot message links to, through sign-in', async () => {
    const { page } = await phone(demo);
    const token = await signInAs(demo.duban, 'hemin');
    const { body } = await callJson<{ matters: { id: number; title: string }[] }>(
      demo.duban,
      '/api/supervision/matters?limit=1',
      { token },
    );
    const target = body.matters[0];
    if (!target) throw new Error('the demo has no matter for unit staff');
    await signIn(page, 'hemin', `/m/matter/${target.id}`);
    await page.getByText(target.title).first().waitFor();

    await page.goto('/m/me');
    await page.getByText('区发展和改革委员会').waitFor();
    await screenshot(page, '08-me');
  });

  it('signs out on every device from 我的, after a confirmation, and the other device’s token stops working', async () => {
    const { page, errors } = await phone(demo);
    const otherDevice = await signInAs(demo.duban, 'caoxue');
    await signIn(page, 'caoxue', '/m/me');
    await page.getByText('退出所有设备').click();
    await page.getByText('将退出您在所有设备上的登录，包括本机。确定退出吗？').waitFor();
    await screenshot(page, '09-sign-out-everywhere');
    await page.getByRole('button', { name: '全部退出' }).click();
    await page.waitForURL(/\/m\/signin/);
    expect((await callJson(demo.duban, '/api/me', { token: otherDevice })).status).toBe(401);
    expect(errors).toEqual([]);
  });
});
