import { callJson, signInAs } from '../bot-server/test-support/http';
import { demoForThisFile, phone, screenshot, shanghaiDate, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

interface DutyFigure {
  id: string;
  value: number;
  records: number;
}
interface Board {
  duty: { from: string; to: string; figures: DutyFigure[] };
}
interface Figures {
  duty: { figures: DutyFigure[]; phoneCallsByMonth: { month: string; from: string; to: string; count: number }[] };
}

/** The 看板's 值班信访 block and 统计分析's section as the API answers them, and the 值班工作月报 download. */
describe('值班信访 on the 看板 and in 统计分析, at 375×667', () => {
  const demo = demoForThisFile();

  it('shows a leader the year’s visits and calls on the 看板, each opening its records', async () => {
    const token = await signInAs(demo.duban, 'wangjianguo');
    const board = (await callJson<Board>(demo.duban, '/api/reports/dashboard', { token })).body;
    const value = (id: string) => board.duty.figures.find((f) => f.id === id)?.value;
    // The demo seeds visits and about 25 calls a month over the past year.
    expect(value('duty.phoneCalls')).toBeGreaterThan(0);

    const { page, errors } = await phone(demo);
    await signIn(page, 'wangjianguo', '/m/dashboard');
    const block = page.locator('.duty-figures');
    await block.waitFor();
    await block.scrollIntoViewIfNeeded();
    await screenshot(page, 'duty-figures-01-kanban');
    const shown = async (name: string) =>
      (await block.locator(`[data-figure="${name}"] .figure-value`).textContent())?.trim();
    expect(await shown('来访')).toBe(`${value('duty.petitionVisits')}起`);
    expect(await shown('来访人次')).toBe(`${value('duty.petitioners')}人次`);
    expect(await shown('集体访')).toBe(`${value('duty.collectiveVisits')}起`);
    expect(await shown('值班电话')).toBe(`${value('duty.phoneCalls')}次`);

    await block.locator('[data-figure="值班电话"]').click();
    await page.waitForURL(/\/m\/reports\/drill\?figure=duty\.phoneCalls/);
    await page.locator('.drill-records .adm-list-item').first().waitFor();
    await page.getByText(`共${value('duty.phoneCalls')}条记录`).waitFor();
    await screenshot(page, 'duty-figures-02-calls-drill');
    expect(errors).toEqual([]);
  });

  it('shows 统计分析’s 值班信访 section with the calls month by month, a month opening its calls', async () => {
    const token = await signInAs(demo.duban, 'zhoutao');
    const today = shanghaiDate(0);
    const from = `${today.slice(0, 4)}-01-01`;
    const figures = (await callJson<Figures>(demo.duban, `/api/reports/figures?from=${from}&to=${today}`, { token }))
      .body;

    const { page, errors } = await phone(demo);
    await signIn(page, 'zhoutao', '/m/reports?period=year');
    const section = page.locator('.report-duty');
    await section.locator('.report-figure').first().waitFor();
    await page.evaluate('document.querySelector(".report-duty").scrollIntoView({ block: "start" })');
    await screenshot(page, 'duty-figures-03-reports-section');
    for (const f of figures.duty.figures) {
      expect(await section.locator(`[data-figure="${f.id}"] .report-figure-value`).textContent()).toBe(String(f.value));
    }
    const months = section.locator('.report-calls-by-month tbody tr');
    expect(await months.count()).toBe(figures.duty.phoneCallsByMonth.length);
    const month = figures.duty.phoneCallsByMonth.find((m) => m.count > 0);
    if (!month) throw new Error('the demo has no calls this year');
    await section.locator(`.report-calls-by-month tr[data-month="${month.month}"]`).scrollIntoViewIfNeeded();
    await screenshot(page, 'duty-figures-04-calls-by-month');
    await section.locator(`.report-calls-by-month tr[data-month="${month.month}"]`).click();
    await page.waitForURL(/\/m\/reports\/drill\?figure=duty\.phoneCalls/);
    await page.getByText(`共${month.count}条记录`).waitFor();

    // With one unit chosen the section says it is office-wide.
    await page.goto(`/m/reports?period=year&unit=33`);
    await page.locator('.report-duty').getByText('值班信访为全办统计').waitFor();
    expect(errors).toEqual([]);
  });

  it('offers 会务 the month’s 值班工作月报 on the roster page, and not staff', async () => {
    const month = shanghaiDate(0).slice(0, 7);
    const { page, errors } = await phone(demo);
    await signIn(page, 'zhenglei', '/m/duty');
    const button = page.locator('.duty-summary-download');
    await button.waitFor();
    await button.scrollIntoViewIfNeeded();
    await screenshot(page, 'duty-figures-05-roster-download');
    const [asked] = await Promise.all([
      page.context().waitForEvent('request', (r) => r.url().includes('/api/duty/summary')),
      button.click(),
    ]);
    expect(new URL(asked.url()).search).toBe(`?month=${month}&format=docx`);
    const docx = await page.request.get(`/api/duty/summary?month=${month}&format=docx`);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toContain('officedocument.wordprocessingml');
    expect(errors).toEqual([]);

    const staff = await phone(demo);
    await signIn(staff.page, 'hemin', '/m/duty');
    await staff.page.locator('.duty-days').waitFor();
    expect(await staff.page.locator('.duty-summary-download').count()).toBe(0);
  });
});
