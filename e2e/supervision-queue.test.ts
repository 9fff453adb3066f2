import { callJson, signInAs } from '../bot-server/test-support/http';
import { demoForThisFile, phone, screenshot, signIn } from './browser';

jest.setTimeout(120_000);

interface Queue {
  extensions: { count: number };
  returned: { count: number };
  overdue: { count: number; items: { id: number; title: string }[] };
  toEvaluate: { count: number; items: { id: number; title: string }[] };
}

describe('督查室工作台 at 375×667', () => {
  const demo = demoForThisFile();

  it('shows the office its 待办 as counted sections, each opening the queue, and asks before 催办', async () => {
    const token = await signInAs(demo.duban, 'sunli');
    const { body: queue } = await callJson<Queue>(demo.duban, '/api/supervision/queue', { token });
    const { page, errors } = await phone(demo);
    await signIn(page, 'sunli', '/m/todo');
    const entry = page.locator('.office-queue-entry');
    await entry.waitFor();
    for (const [key, count] of Object.entries({
      extensions: queue.extensions.count,
      returned: queue.returned.count,
      overdue: queue.overdue.count,
      toEvaluate: queue.toEvaluate.count,
    })) {
      expect((await entry.locator(`[data-section="${key}"] .adm-tag`).textContent())?.trim()).toBe(String(count));
    }

    await entry.getByText('办结待评价').click();
    await page.waitForURL(/\/m\/supervision-queue#toEvaluate$/);
    await page.locator('[data-section="toEvaluate"]').waitFor();
    expect(queue.toEvaluate.count).toBeGreaterThan(0);
    await page
      .getByText(queue.toEvaluate.items[0]?.title ?? '')
      .first()
      .waitFor();
    await screenshot(page, 'supervision-queue');

    // An overdue matter: 催办 asks for confirmation; cancelling sends nothing.
    expect(queue.overdue.count).toBeGreaterThan(0);
    const late = queue.overdue.items[0];
    await page.locator('[data-section="overdue"]').click();
    await page.locator(`.matter-item[data-matter="${late?.id}"]`).first().click();
    await page.waitForURL(/\/m\/matter\/\d+$/);
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posted.push(r.url());
    });
    await page.getByRole('button', { name: '催办' }).click();
    await page.getByRole('button', { name: '发送催办' }).click();
    await page.getByRole('button', { name: '确认发送' }).waitFor();
    await page.getByRole('button', { name: '取消' }).click();
    expect(posted).toEqual([]);
    expect(errors).toEqual([]);

    // An administrator without the role has no queue.
    const admin = await signInAs(demo.duban, 'qianwei');
    expect((await callJson(demo.duban, '/api/supervision/queue', { token: admin })).status).toBe(403);
  });
});
