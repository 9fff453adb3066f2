import type { Page } from 'playwright-core';
import { callJson, signInAs } from '../bot-server/test-support/http';
import { demoForThisFile, phone, screenshot, shanghaiDate, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

interface Figure {
  id: string;
  value: number;
  records: number;
}
interface RankedUnit {
  rank: number;
  unit: { id: string; name: string };
  score: number;
  adopted: number;
  reported: number;
}
interface Figures {
  information: { from: string; to: string; figures: Figure[]; ranking: { period: string; units: RankedUnit[] } };
  research: { figures: Figure[] };
  ledgers: { from: string; to: string; figures: Figure[] };
}

/** Each figure of a section shows the API's value. */
async function expectShown(page: Page, section: string, figures: Figure[]) {
  expect(figures.length).toBeGreaterThan(0);
  for (const f of figures) {
    const shown = await page.locator(`${section} [data-figure="${f.id}"] .report-figure-value`).textContent();
    expect([f.id, Number(shown)]).toEqual([f.id, f.value]);
  }
}

/** 统计分析's 政务信息 (figures and the units' ranking) and 调研与台账 sections, as the API answers them. */
describe('政务信息 and 调研与台账 in 统计分析, at 375×667', () => {
  const demo = demoForThisFile();

  it('shows a leader the year’s 政务信息 ranking and ledgers with the demo’s numbers, a figure opening its records', async () => {
    const token = await signInAs(demo.duban, 'wangjianguo');
    const today = shanghaiDate(0);
    const year = today.slice(0, 4);
    const api = (await callJson<Figures>(demo.duban, `/api/reports/figures?from=${year}-01-01&to=${today}`, { token }))
      .body;
    const ranking = (
      await callJson<{ units: RankedUnit[] }>(demo.duban, `/api/information/ranking?year=${year}`, { token })
    ).body.units;
    expect(api.information.ranking.units).toEqual(ranking);

    const { page, errors } = await phone(demo);
    await signIn(page, 'wangjianguo', '/m/reports?period=year');
    const information = page.locator('.report-information');
    await information.locator('.report-figure').first().waitFor();
    await page.evaluate('document.querySelector(".report-information").scrollIntoView({ block: "start" })');
    await screenshot(page, 'reports-office-work-01-information');
    await expectShown(page, '.report-information', api.information.figures);

    // The ranking: the units with anything reported or adopted, in the API's order, 名次 / 单位 / 采用 / 得分.
    const active = ranking.filter((u) => u.score > 0 || u.adopted > 0 || u.reported > 0);
    expect(active.length).toBeGreaterThan(0);
    await information.getByText(`单位信息排名（${year}年）`).waitFor();
    const rows = information.locator('.report-ranking tbody tr');
    expect(await rows.count()).toBe(active.length);
    for (const [i, u] of active.entries()) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      expect(cells).toEqual([String(u.rank), u.unit.name, String(u.adopted), String(u.score)]);
    }
    await page.evaluate('document.querySelector(".report-ranking").scrollIntoView({ block: "start" })');
    await screenshot(page, 'reports-office-work-02-ranking');

    // 调研与台账: the period's research and the whole year's ledgers.
    const office = page.locator('.report-office-work');
    await expectShown(page, '.report-office-work', api.research.figures);
    await expectShown(page, '.report-office-work', api.ledgers.figures);
    expect([api.ledgers.from, api.ledgers.to]).toEqual([`${year}-01-01`, `${year}-12-31`]);
    await office.getByText(`台账（${year}年全年）`).waitFor();
    await page.evaluate('document.querySelector(".report-office-work").scrollIntoView({ block: "start" })');
    await screenshot(page, 'reports-office-work-03-research-ledgers');
    await page.evaluate(
      'document.querySelector(".report-office-work [data-group=\\"结对帮扶\\"]").scrollIntoView({ block: "start" })',
    );
    await screenshot(page, 'reports-office-work-04-ledgers');

    // 入户走访 opens the visits it counts, through the reports' drill route.
    const visits = api.ledgers.figures.find((f) => f.id === 'ledgers.pairingVisits');
    if (!visits || visits.records === 0) throw new Error('the demo has no home visits this year');
    const drill = (
      await callJson<{ total: number; items: { link: string }[] }>(
        demo.duban,
        `/api/reports/drill?figure=ledgers.pairingVisits&from=${api.ledgers.from}&to=${api.ledgers.to}`,
        { token },
      )
    ).body;
    expect(drill.total).toBe(visits.records);
    await office.locator('[data-figure="ledgers.pairingVisits"] .report-figure-main').click();
    await page.waitForURL(/\/m\/reports\/drill\?figure=ledgers\.pairingVisits/);
    await page.getByText(`共${drill.total}条记录`).waitFor();
    expect(await page.locator('.drill-records .adm-list-item').count()).toBe(drill.items.length);
    await screenshot(page, 'reports-office-work-05-drill');
    // A visit opens its ledger, the page the record is kept on.
    const first = drill.items[0]?.link ?? '';
    expect(first).toMatch(/^\/m\/ledgers\/books\/\d+$/);
    await page.locator('.drill-records .adm-list-item').first().click();
    await page.waitForURL((url) => url.pathname === first);
    await page.getByText(/台账记录（\d+条）/).waitFor();
    await page.goBack();
    await page.waitForURL(/\/m\/reports\/drill/);
    // A sum's records each show what they add: 筹集帮扶资金 in 万元.
    const funds = (
      await callJson<{ items: { amount: number }[] }>(
        demo.duban,
        `/api/reports/drill?figure=ledgers.pairingFunds&from=${api.ledgers.from}&to=${api.ledgers.to}`,
        { token },
      )
    ).body;
    expect(funds.items.length).toBeGreaterThan(0);
    await page.goto(`/m/reports/drill?figure=ledgers.pairingFunds&from=${api.ledgers.from}&to=${api.ledgers.to}`);
    await page.locator('.drill-amount').first().waitFor();
    expect(await page.locator('.drill-amount').allTextContents()).toEqual(funds.items.map((i) => `${i.amount}万元`));

    // 本季度: the ranking is kept by month and by year, so the year's is shown and labelled so.
    await page.goto('/m/reports?period=quarter');
    // (In the first quarter the quarter begins the year, and the year's ranking needs no word.)
    const note = Number(today.slice(5, 7)) > 3 ? `此处为${year}年全年排名` : `单位信息排名（${year}年）`;
    await page.locator('.report-ranking').getByText(note).waitFor();
    await page.evaluate('document.querySelector(".report-ranking").scrollIntoView({ block: "start" })');
    await screenshot(page, 'reports-office-work-06-quarter-ranking');
    // 本月: the month's ranking.
    await page.goto('/m/reports?period=month');
    await page
      .locator('.report-ranking')
      .getByText(`单位信息排名（${year}年${Number(today.slice(5, 7))}月）`)
      .waitFor();

    // With one unit chosen both sections say they are office-wide.
    await page.goto('/m/reports?period=year&unit=33');
    await page.locator('.report-information').getByText('政务信息为全办统计').waitFor();
    await page.locator('.report-office-work').getByText('调研与台账为全办统计').waitFor();
    expect(errors).toEqual([]);
  });
});
