import type { Page } from 'playwright-core';
import { pointsOf, ruleTable } from '../bot-server/information/rules';
import { callJson, signInAs } from '../bot-server/test-support/http';
import { InformationAdoption, InformationItem } from '../entities';
import { demoForThisFile, phone, screenshot, shanghaiDate, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

interface Ranking {
  units: { rank: number; unit: { id: string; name: string }; score: number }[];
}

/** Every console error after sign-in (a failed request logs one), beside what `phone` collects. */
function consoleErrors(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') seen.push(message.text());
  });
  return seen;
}

describe('政务信息 in the mini-app, at 375×667', () => {
  const demo = demoForThisFile();
  const db = () => demo.duban.services().db;
  const title = '区发改委“项目攻坚年”推动重点项目提速增效';
  let id = 0;

  const ranking = async (month: string) => {
    const token = await signInAs(demo.duban, 'sunli');
    const res = await callJson<Ranking>(demo.duban, `/api/information/ranking?month=${month}`, { token });
    expect(res.status).toBe(200);
    return res.body;
  };

  it('lets a unit’s staff member write an item, keep it as a draft, then submit it', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'hemin', '/m/me');
    const logged = consoleErrors(page);
    await page.locator('.information-entry').click();
    await page.waitForURL(/\/m\/information$/);
    await page.locator('.information-list').waitFor();
    // A unit sees its own items only, and no ranking.
    expect(await page.getByText('单位排名').count()).toBe(0);
    await page.getByRole('button', { name: '撰写信息' }).click();
    const form = page.locator('.form-popup');
    await form.getByPlaceholder('信息标题').fill(title);
    await form.getByPlaceholder('信息正文').fill('今年以来，区发改委聚焦重点项目建设，实行“一项目一专班”。');
    await screenshot(page, 'information-01-write');
    await form.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/m\/information\/\d+$/);
    id = Number(page.url().split('/').pop());
    await page.locator('.information-facts').getByText('草稿', { exact: true }).waitFor();
    expect(await db().getRepository(InformationItem).findOneByOrFail({ id })).toMatchObject({
      title,
      status: 'draft',
      departmentId: '31',
      authorId: 'hemin',
      submittedAt: null,
    });

    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('.adm-dialog').getByRole('button', { name: '提交' }).click();
    await page.locator('.information-facts').getByText('已提交', { exact: true }).waitFor();
    const submitted = await db().getRepository(InformationItem).findOneByOrFail({ id });
    expect(submitted.status).toBe('submitted');
    expect(submitted.submittedAt).not.toBeNull();
    // Now with the office: the unit can no longer change or submit it.
    await page.getByRole('button', { name: '修改' }).waitFor({ state: 'detached' });
    await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await screenshot(page, 'information-02-submitted');
    expect(errors).toEqual([]);
    expect(logged).toEqual([]);
  });

  it('lets 督查室 report it upward and record a 市政府办公室 全篇采用, scored and ranked', async () => {
    expect(id).toBeGreaterThan(0);
    const month = shanghaiDate(0).slice(0, 7);
    const before = (await ranking(month)).units.find((u) => u.unit.id === '31');
    const { page, errors } = await phone(demo);
    await signIn(page, 'sunli', `/m/information/${id}`);
    const logged = consoleErrors(page);
    await page.getByRole('button', { name: '报送' }).click();
    await page.locator('.adm-dialog').getByRole('button', { name: '报送' }).click();
    await page.locator('.information-facts').getByText('已报送', { exact: true }).waitFor();
    expect((await db().getRepository(InformationItem).findOneByOrFail({ id })).status).toBe('reported');

    await page.getByRole('button', { name: '登记采用' }).click();
    const form = page.locator('.form-popup');
    await form.getByText('市政府办公室', { exact: true }).click();
    await form.getByText('全篇采用', { exact: true }).click();
    await screenshot(page, 'information-03-adopt');
    await form.getByRole('button', { name: '登记' }).click();
    await page.locator('.information-adoption').waitFor();
    const adoption = await db().getRepository(InformationAdoption).findOneByOrFail({ itemId: id });
    expect(adoption).toMatchObject({ level: 'city', form: 'whole', instructionLevel: null, recordedBy: 'sunli' });
    const points = pointsOf(await ruleTable(db().manager), adoption);
    expect(points).toBeGreaterThan(0);
    await page.getByText(`采用情况（得分 ${points}）`).waitFor();
    await page.locator('.information-adoption').getByText(`${points}分`).waitFor();
    await page.locator('.form-popup').waitFor({ state: 'detached' });
    await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await screenshot(page, 'information-04-adopted');

    // This month's ranking counts the adoption for 区发改委, and the page shows the API's figures.
    const after = (await ranking(month)).units.find((u) => u.unit.id === '31');
    expect((after?.score ?? 0) - (before?.score ?? 0)).toBe(points);
    await page.goto('/m/information');
    await page.locator('.information-views').getByText('单位排名').click();
    const row = page.locator('.information-ranking-table tr[data-unit="31"]');
    await row.locator('.information-score').getByText(String(after?.score), { exact: true }).waitFor();
    expect(await row.locator('td').first().textContent()).toBe(String(after?.rank));
    await screenshot(page, 'information-05-ranking');
    expect(errors).toEqual([]);
    expect(logged).toEqual([]);
  });

  it('lets 督查室 return an item with a reason, and shows the reason to its unit', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'sunli', '/m/information?status=submitted');
    await page.locator('.information-list .information-item').first().waitFor();
    await screenshot(page, 'information-07-office-list');
    await page.locator('.information-list .information-item').first().click();
    await page.waitForURL(/\/m\/information\/\d+$/);
    const returned = Number(page.url().split('/').pop());
    await page.getByRole('button', { name: '退回' }).click();
    const form = page.locator('.form-popup');
    await form.getByPlaceholder('如：请补充具体数据和成效').fill('请补充今年以来的具体数据');
    await form.getByRole('button', { name: '退回' }).click();
    await page.locator('.information-return').getByText('请补充今年以来的具体数据').waitFor();
    const row = await db().getRepository(InformationItem).findOneByOrFail({ id: returned });
    expect(row).toMatchObject({ status: 'returned', returnReason: '请补充今年以来的具体数据' });
    expect(errors).toEqual([]);

    // Its writer reads the reason and may correct and submit it again.
    const unit = await phone(demo);
    await signIn(unit.page, row.authorId, `/m/information/${returned}`);
    await unit.page.locator('.information-return').getByText('请补充今年以来的具体数据').waitFor();
    await unit.page.getByRole('button', { name: '提交' }).waitFor();
    await unit.page.getByRole('button', { name: '修改' }).waitFor();
    await screenshot(unit.page, 'information-08-returned');
    expect(unit.errors).toEqual([]);
  });

  it('shows a leader the item, its score and the ranking, with no action buttons', async () => {
    expect(id).toBeGreaterThan(0);
    const { page, errors } = await phone(demo);
    await signIn(page, 'wangjianguo', `/m/information/${id}`);
    const logged = consoleErrors(page);
    await page.locator('.information-adoption').waitFor();
    const rules = await ruleTable(db().manager);
    const adoptions = await db().getRepository(InformationAdoption).findBy({ itemId: id });
    expect(adoptions).toHaveLength(1);
    const score = adoptions.reduce((sum, a) => sum + pointsOf(rules, a), 0);
    await page.getByText(`采用情况（得分 ${score}）`).waitFor();
    expect(await page.locator('.information-actions').count()).toBe(0);
    expect(await page.locator('.information-adoptions').getByRole('button').count()).toBe(0);
    await screenshot(page, 'information-06-leader');
    await page.goto('/m/information');
    await page.locator('.information-list .information-item').first().waitFor();
    // This year's items as the API counts them, the first page of 50 shown, the rest a tap away.
    const year = shanghaiDate(0).slice(0, 4);
    const token = await signInAs(demo.duban, 'wangjianguo');
    const { body } = await callJson<{ total: number }>(demo.duban, `/api/information/items?year=${year}&limit=1`, {
      token,
    });
    await page.getByText(`${year}年政务信息（${body.total}条）`).waitFor();
    expect(await page.locator('.information-list .information-item').count()).toBe(Math.min(body.total, 50));
    expect(await page.getByRole('button', { name: /加载更多/ }).count()).toBe(body.total > 50 ? 1 : 0);
    expect(await page.getByRole('button', { name: '撰写信息' }).count()).toBe(0);
    expect(await page.locator('.information-views').getByText('单位排名').count()).toBe(1);
    expect(errors).toEqual([]);
    expect(logged).toEqual([]);
  });

  it('gives 督查室 last month’s 政务信息工作通报 as a Word file from the ranking', async () => {
    const thisMonth = shanghaiDate(0).slice(0, 7);
    const [y, m] = thisMonth.split('-').map(Number) as [number, number];
    const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const { page, errors } = await phone(demo);
    await signIn(page, 'sunli', '/m/information');
    await page.locator('.information-views').getByText('单位排名').click();
    const button = page.locator('.information-bulletin-download');
    await button.waitFor();
    await button.click();
    const dialog = page.locator('.adm-dialog');
    await dialog.getByText('下载政务信息工作通报').waitFor();
    // Once the dialog has faded in and come to rest (a trial click waits for rest, clicking nothing).
    await dialog.getByRole('button', { name: '取消' }).click({ trial: true });
    await page.waitForFunction(
      "[...document.querySelectorAll('.adm-center-popup-wrap')].every((e) => getComputedStyle(e).opacity === '1')",
    );
    await screenshot(page, 'information-09-bulletin-download');
    const [asked] = await Promise.all([
      page.context().waitForEvent('request', (r) => r.url().includes('/api/information/bulletin')),
      dialog.getByRole('button', { name: `${Number(lastMonth.slice(0, 4))}年${Number(lastMonth.slice(5))}月` }).click(),
    ]);
    expect(new URL(asked.url()).search).toBe(`?month=${lastMonth}&format=docx`);
    const docx = await page.request.get(`/api/information/bulletin?month=${lastMonth}&format=docx`);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toContain('officedocument.wordprocessingml');
    expect(errors).toEqual([]);
  });
});
