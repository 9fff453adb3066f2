import type { Page } from 'playwright-core';
import { OfficeBrief, OfficeHonour, OfficeLedger, OfficeLedgerEntry, OfficeReception } from '../entities';
import { demoForThisFile, phone, screenshot, shanghaiDate, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

/** The form's sheet, and its success toast gone before the next step. */
async function save(page: Page): Promise<void> {
  await page.locator('.form-popup').getByRole('button', { name: '保存' }).click();
  await page.locator('.form-popup').waitFor({ state: 'detached' });
  await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
}

/** 0.01 万元 as the page writes 万元: 885 → "8.85". */
const wan = (centi: number) => `${Math.trunc(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;

describe('办公室台账 in the mini-app, at 375×667', () => {
  const demo = demoForThisFile();
  const db = () => demo.duban.services().db;
  const today = shanghaiDate(0);
  const year = Number(today.slice(0, 4));

  it('lets 督查室 register an honour, a reception and a brief, refusing a 期数 already taken', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'sunli', '/m/me');
    await page.locator('.ledgers-entry').click();
    await page.waitForURL(/\/m\/ledgers/);
    await page.locator('.honour-list').waitFor();

    // 荣誉: level picked, the year it is for last year by default, received today.
    await page.getByRole('button', { name: '登记荣誉' }).click();
    const form = page.locator('.form-popup');
    await form.getByPlaceholder('如：全省政务信息工作优秀单位').fill('全省督查工作先进集体');
    await form.getByPlaceholder('如：省政府办公厅').fill('省政府督查室');
    await form.getByText('省级', { exact: true }).click();
    await screenshot(page, 'ledgers-01-honour-form');
    await save(page);
    expect(await db().getRepository(OfficeHonour).findOneByOrFail({ name: '全省督查工作先进集体' })).toMatchObject({
      awardingBody: '省政府督查室',
      level: 'provincial',
      awardYear: year - 1,
      receivedOn: today,
      recordedBy: 'sunli',
    });
    await page.locator('.honour-item').getByText('全省督查工作先进集体').waitFor();
    await screenshot(page, 'ledgers-02-honours');

    // 来访接待.
    await page.locator('.ledgers-tabs').getByText('来访接待').click();
    await page.getByRole('button', { name: '登记来访接待' }).click();
    await form.getByPlaceholder('如：省政府办公厅').fill('市政府督查室');
    await form.getByText('市级', { exact: true }).click();
    await form.getByText('调研督导', { exact: true }).click();
    await form.getByPlaceholder('如：政务信息报送工作调研').fill('年度重点工作落实情况督导');
    await save(page);
    expect(
      await db().getRepository(OfficeReception).findOneByOrFail({ topic: '年度重点工作落实情况督导' }),
    ).toMatchObject({ visitingBody: '市政府督查室', level: 'city', kind: 'inspection', receivedOn: today });
    await page.locator('.reception-item').getByText('年度重点工作落实情况督导').waitFor();
    await screenshot(page, 'ledgers-03-receptions');

    // 简报: a tap on the series fills it and its next 期数.
    const series = '五型政府简报';
    const issued = await db().getRepository(OfficeBrief).findBy({ series, year });
    const next = Math.max(0, ...issued.map((b) => b.issueNo)) + 1;
    await page.locator('.ledgers-tabs').getByText('简报').click();
    await page.locator('.brief-list').first().waitFor();
    await page.getByRole('button', { name: '登记简报' }).click();
    await form.locator('.adm-selector').getByText(series, { exact: true }).click();
    expect(await form.locator('.adm-stepper input').inputValue()).toBe(String(next));
    await form.getByPlaceholder('如：11月全区“五型”政府建设工作动态').fill('年终岁末重点工作动态');
    await save(page);
    expect(await db().getRepository(OfficeBrief).findOneByOrFail({ series, year, issueNo: next })).toMatchObject({
      title: '年终岁末重点工作动态',
      issuedOn: today,
    });
    await page.locator('.brief-item').getByText('年终岁末重点工作动态').waitFor();

    // The same 期数 again: the server's 409 shows as a toast, the sheet keeps what was typed, nothing is stored.
    await page.getByRole('button', { name: '登记简报' }).click();
    await form.getByPlaceholder('如：五型政府简报').fill(series);
    const stepper = form.locator('.adm-stepper input');
    await stepper.fill(String(next));
    await stepper.blur();
    await form.getByPlaceholder('如：11月全区“五型”政府建设工作动态').fill('重复期数的简报');
    await form.getByRole('button', { name: '保存' }).click();
    const refusal = `《${series}》${year}年第${next}期已登记，期数不能重复`;
    await page.locator('.adm-toast-main').getByText(refusal).waitFor();
    await screenshot(page, 'ledgers-04-brief-duplicate');
    expect(await form.getByPlaceholder('如：11月全区“五型”政府建设工作动态').inputValue()).toBe('重复期数的简报');
    await form.locator('.form-failure').getByText(refusal).waitFor();
    expect(await db().getRepository(OfficeBrief).countBy({ series, year, issueNo: next })).toBe(1);
    expect(await db().getRepository(OfficeBrief).countBy({ title: '重复期数的简报' })).toBe(0);
    expect(errors).toEqual([]);
  });

  it('lets 督查室 add a 结对帮扶 entry with an amount, and the ledger’s total goes up', async () => {
    const ledger = await db().getRepository(OfficeLedger).findOneByOrFail({ year, kind: 'pairing' });
    const raised = await db()
      .getRepository(OfficeLedgerEntry)
      .findBy({ ledgerId: ledger.id, category: 'raised_funds' });
    const before = raised.reduce((sum, e) => sum + (e.amountCentiWan ?? 0), 0);
    const { page, errors } = await phone(demo);
    await signIn(page, 'sunli', `/m/ledgers?year=${year}&tab=books`);
    const row = page.locator(`.book-item[data-book="${ledger.id}"]`);
    const total = row.locator('[data-category="raised_funds"]');
    await total.getByText(`筹集帮扶资金 ${wan(before)}万元（${raised.length}笔）`).waitFor();
    await screenshot(page, 'ledgers-05-books');
    await row.click();
    await page.waitForURL(new RegExp(`/m/ledgers/books/${ledger.id}$`));

    await page.getByRole('button', { name: '新增记录' }).click();
    const form = page.locator('.form-popup');
    // A counted category has no amount; a money one asks for it; 整改 is only for 问题.
    await form.getByText('入户走访', { exact: true }).click();
    expect(await form.getByPlaceholder('如：12.5').count()).toBe(0);
    await form.getByText('筹集帮扶资金', { exact: true }).click();
    await form.getByPlaceholder('如：12.5').fill('2.5');
    expect(await form.getByText('已整改').count()).toBe(0);
    await form.getByPlaceholder('如：春节前走访慰问结对困难户').fill('机关干部年末爱心捐款');
    await screenshot(page, 'ledgers-06-entry-form');
    await save(page);
    const entry = await db().getRepository(OfficeLedgerEntry).findOneByOrFail({ title: '机关干部年末爱心捐款' });
    expect(entry).toMatchObject({
      ledgerId: ledger.id,
      category: 'raised_funds',
      enteredOn: today,
      amountCentiWan: 250,
      rectified: null,
      recordedBy: 'sunli',
    });
    const after = `筹集帮扶资金 ${wan(before + 250)}万元（${raised.length + 1}笔）`;
    await page.locator('.book-page-totals [data-category="raised_funds"]').getByText(after).waitFor();
    await page.locator(`.entry-item[data-entry="${entry.id}"]`).getByText('2.50万元').waitFor();
    await screenshot(page, 'ledgers-07-book');
    await page.goto(`/m/ledgers?year=${year}&tab=books`);
    await total.getByText(after).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows a leader the registers and ledgers without any add or edit button', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'wangjianguo', '/m/me');
    await page.locator('.ledgers-entry').click();
    await page.locator('.honour-item').first().waitFor();
    await page.locator('.honour-item').getByText('全省督查工作先进集体').waitFor();
    await screenshot(page, 'ledgers-08-leader');
    for (const [tab, item] of [
      ['来访接待', '.reception-item'],
      ['简报', '.brief-item'],
      ['台账', '.book-item'],
    ] as const) {
      await page.locator('.ledgers-tabs').getByText(tab, { exact: true }).click();
      await page.locator(item).first().waitFor();
      expect(await page.locator('.ledger-add').count()).toBe(0);
      expect(await page.locator('.ledger-row-actions').count()).toBe(0);
    }
    await page.locator('.book-item').first().click();
    await page.locator('.entry-item').first().waitFor();
    expect(await page.getByRole('button', { name: '新增记录' }).count()).toBe(0);
    expect(await page.locator('.ledger-row-actions, .ledger-actions').count()).toBe(0);
    await screenshot(page, 'ledgers-09-leader-book');
    expect(errors).toEqual([]);
  });

  it('gives a unit’s staff no entry, and no permission on the page itself', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'hemin', '/m/me');
    await page.locator('.information-entry').waitFor();
    expect(await page.locator('.ledgers-entry').count()).toBe(0);
    await page.goto('/m/ledgers');
    await page.getByText('您没有权限查看此内容').waitFor();
    expect(await page.locator('.ledger-add, .ledgers-tabs').count()).toBe(0);
    await screenshot(page, 'ledgers-10-staff');
    expect(errors).toEqual([]);
  });
});
