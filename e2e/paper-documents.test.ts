import type { Page } from 'playwright-core';
import { callJson, signInAs } from '../bot-server/test-support/http';
import { demoForThisFile, phone, screenshot, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(180_000);

const TITLE = '关于做好岁末年初安全防范工作的通知';

describe('a paper 收文 on the phone, at 375×667', () => {
  const demo = demoForThisFile();

  /** Picks a person in the form's person field: search by name, tick, confirm. */
  async function pick(page: Page, name: string) {
    await page.locator('.form-popup .picker-field').click();
    await page.locator('.picker-popup input').fill(name);
    await page.locator('.picker-popup .adm-list-item', { hasText: name }).first().click();
    await page.locator('.picker-popup').getByRole('button', { name: '确定' }).click();
    await page.locator('.picker-popup').waitFor({ state: 'hidden' });
  }

  /** As `user`: finds the document among the things to do, and sends it on to `stage` and `name`. */
  async function sendOn(user: string, stage: string, name: string | null, shot: string) {
    const { page, errors } = await phone(demo);
    await signIn(page, user, '/m/todo');
    await page.locator('.todo-item', { hasText: TITLE }).click();
    await page.waitForURL(/\/m\/document\/\d+/);
    await page.getByRole('button', { name: '办理完毕，送…' }).click();
    await page.locator('.form-popup').getByText(stage, { exact: true }).click();
    if (name) await pick(page, name);
    await screenshot(page, `${shot}-send-on`);
    await page.getByRole('button', { name: '确认送出' }).click();
    await page.locator('.form-popup').waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: '办理完毕，送…' }).waitFor({ state: 'detached' });
    await screenshot(page, `${shot}-sent`);
    expect(errors).toEqual([]);
  }

  it('registers a paper document, routes it 拟办 → 批办 → 承办 → 办公室, and files it', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'zhenglei', '/m/documents');
    await page.getByRole('button', { name: '收文登记' }).click();
    const form = page.locator('.form-popup');
    await form.locator('input').nth(0).fill(TITLE);
    await form.locator('input').nth(1).fill('市应急发〔2026〕52号');
    await form.locator('input').nth(2).fill('市应急管理局');
    await pick(page, '吴芳');
    await screenshot(page, 'paper-01-register');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.waitForURL(/\/m\/document\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByText('拟办 · 吴芳').waitFor();
    await screenshot(page, 'paper-02-registered');
    expect(errors).toEqual([]);

    await sendOn('wufang', '批办', '李明', 'paper-03');
    await sendOn('liming', '承办', '曹雪', 'paper-04');
    await sendOn('caoxue', '交办公室', null, 'paper-05');

    // Back with the registrar, who files it.
    const office = await phone(demo);
    await signIn(office.page, 'zhenglei', '/m/todo');
    await office.page.locator('.todo-item', { hasText: TITLE }).click();
    await office.page.getByRole('button', { name: '办结归档' }).click();
    await office.page.getByRole('button', { name: '确认办结' }).click();
    await office.page.locator('.adm-tag', { hasText: '办结' }).first().waitFor();
    await screenshot(office.page, 'paper-06-filed');
    expect(office.errors).toEqual([]);

    const token = await signInAs(demo.duban, 'zhenglei');
    const detail = await callJson<{
      document: { status: string };
      timeline: { type: string; stage: string | null; assigneeUserId?: string }[];
    }>(demo.duban, `/api/documents/${id}`, { token });
    expect(detail.body.document.status).toBe('completed');
    expect(detail.body.timeline.map((t) => [t.stage, t.assigneeUserId ?? null])).toEqual([
      ['register', null],
      ['propose', 'wufang'],
      ['instruct', 'liming'],
      ['handle', 'caoxue'],
      ['register', 'zhenglei'],
      ['close', null],
    ]);
  });
});
