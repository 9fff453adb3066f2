import { callJson, signInAs } from '../bot-server/test-support/http';
import { demoForThisFile, phone, screenshot, shanghaiDate, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

interface AnnualBody {
  year: number;
  figures: { name: string; figure: string; text: string | null; definition: string; records: number }[];
  changes: { name: string; text: string }[];
  needsPerson: { section: string; what: string }[];
}

interface DrillBody {
  total: number;
  items: { title: string; link: string }[];
}

interface FiguresBody {
  figures: { id: string; kind: string; value: number | null; definition: string }[];
  byUnit: { name: string }[];
}

describe('the year-end figures and the report drill-downs in the mini-app, at 375×667', () => {
  const demo = demoForThisFile();

  it("shows a leader the year's figures as the API answers them, with definitions, drill-downs and the summary", async () => {
    const token = await signInAs(demo.duban, 'wangjianguo');
    const year = Number(shanghaiDate(0).slice(0, 4));
    const annual = (await callJson<AnnualBody>(demo.duban, `/api/reports/annual/${year}`, { token })).body;
    const byName = (name: string) => {
      const figure = annual.figures.find((f) => f.name === name);
      if (!figure) throw new Error(`the annual report has no figure ${name}`);
      return figure;
    };

    const { page, errors } = await phone(demo);
    await signIn(page, 'wangjianguo', '/m/dashboard');
    await page.locator('.report-links .adm-list-item', { hasText: '年度数据' }).click();
    await page.waitForURL(/\/m\/reports\/annual$/);
    await page.waitForSelector('.report-figure');
    await screenshot(page, 'reports-01-annual');

    // The figures shown are the API's, as the summary prints them.
    const shown = async (name: string) =>
      (await page.locator(`[data-figure="${name}"] .report-figure-value`).textContent())?.trim();
    const compared = ['received', 'drafted', 'completionRate', 'executive', 'keyWork', 'disciplineNotices'];
    for (const name of compared) {
      expect(byName(name).text).not.toBeNull();
      expect(await shown(name)).toBe(byName(name).text);
    }
    for (const change of annual.changes) expect(await shown(change.name)).toBe(change.text);
    // What only a person can write is marked 待填写, one entry per gap the API names.
    expect(await page.locator('.report-needs-person').count()).toBe(annual.needsPerson.length);
    await page.locator('.report-needs-person', { hasText: '待填写' }).first().waitFor();

    // A definition opens on demand.
    const received = page.locator('[data-figure="received"]');
    expect(await received.getByText(byName('received').definition, { exact: false }).isVisible()).toBe(false);
    await received.getByText('口径说明').click();
    await received.getByText(byName('received').definition, { exact: false }).waitFor();
    await screenshot(page, 'reports-02-definition');

    // The Word summary: the button opens it, and it is served as a .docx to the signed-in session.
    const [asked] = await Promise.all([
      page.context().waitForEvent('request', (r) => r.url().includes('/summary.docx')),
      page.getByRole('button', { name: '下载年度总结（Word）' }).click(),
    ]);
    expect(new URL(asked.url()).pathname).toBe(`/api/reports/annual/${year}/summary.docx`);
    const docx = await page.request.get(`/api/reports/annual/${year}/summary.docx`);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toContain('officedocument.wordprocessingml');

    // Drill down from 违反会风会纪通报 to the notices it counts, and open one.
    const notices = byName('disciplineNotices');
    const drill = (
      await callJson<DrillBody>(
        demo.duban,
        `/api/reports/drill?figure=${notices.figure}&from=${year}-01-01&to=${year}-12-31`,
        { token },
      )
    ).body;
    expect(drill.total).toBe(notices.records);
    await page.locator('[data-figure="disciplineNotices"] .report-figure-main').click();
    await page.waitForURL(/\/m\/reports\/drill\?/);
    await page.getByText(`共${drill.total}条记录`).waitFor();
    expect(await page.locator('.drill-records .adm-list-item').count()).toBe(drill.items.length);
    await screenshot(page, 'reports-03-drill');
    const first = drill.items[0];
    if (!first) throw new Error('the demo has no discipline notice this year');
    await page.locator(`[data-link="${first.link}"]`).click();
    await page.waitForURL((url) => url.pathname === first.link);
    await page.getByText(first.title).waitFor();
    const noticeId = Number(first.link.split('/').pop());
    const notice = (
      await callJson<{ notice: { entries: unknown[] } }>(demo.duban, `/api/meetings/discipline/${noticeId}`, { token })
    ).body.notice;
    expect(await page.locator('.discipline-table tbody tr').count()).toBe(notice.entries.length);
    await screenshot(page, 'reports-04-discipline-notice');
    const noticeDocx = await page.request.get(`/api/meetings/discipline/${noticeId}/notice.docx`);
    expect(noticeDocx.status()).toBe(200);
    expect(noticeDocx.headers()['content-type']).toContain('officedocument.wordprocessingml');

    // Back to the figures, and from 重点工作 to one of its matters.
    await page.goBack();
    await page.goBack();
    await page.waitForURL(/\/m\/reports\/annual$/);
    await page.locator('[data-figure="keyWork"] .report-figure-main').click();
    await page.waitForURL(/\/m\/reports\/drill\?/);
    await page.locator('.drill-records .adm-list-item').first().click();
    await page.waitForURL(/\/m\/matter\/\d+$/);
    await page.waitForSelector('.matter-title');
    expect(errors).toEqual([]);
  });

  it("shows the period figures as the API answers them, this year and this month, against last year's", async () => {
    const token = await signInAs(demo.duban, 'wangjianguo');
    const today = shanghaiDate(0);
    const figuresOf = async (from: string) =>
      (await callJson<FiguresBody>(demo.duban, `/api/reports/figures?from=${from}&to=${today}`, { token })).body;
    const ids = ['documents.received', 'matters.assigned', 'meetings.total'];
    const { page, errors } = await phone(demo);
    // Waits until each figure shows the API's value (the page keeps the last figures on screen while it reloads).
    const shownAre = async (figures: FiguresBody) => {
      for (const id of ids) {
        const value = String(figures.figures.find((f) => f.id === id)?.value);
        await page
          .locator(`[data-figure="${id}"] .report-figure-value`, { hasText: new RegExp(`^${value}$`) })
          .waitFor();
      }
    };

    await signIn(page, 'wangjianguo', '/m/reports');
    const year = await figuresOf(`${today.slice(0, 4)}-01-01`);
    await shownAre(year);
    const assigned = page.locator('[data-figure="matters.assigned"]');
    await assigned.getByText('口径说明').click();
    await assigned.getByText(year.figures.find((f) => f.id === 'matters.assigned')?.definition ?? '?').waitFor();
    await screenshot(page, 'reports-05-figures-year');
    // The units ranked by on-time rate, as the API orders them.
    const unitCells = page.locator('.report-by-unit tbody td.name');
    await unitCells.first().waitFor();
    expect(await unitCells.allTextContents()).toEqual(year.byUnit.map((u) => u.name));
    await page.locator('.report-by-unit').scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-05b-units');

    await page.locator('.report-periods').getByText('本月', { exact: true }).click();
    await page.waitForURL(/period=month/);
    await shownAre(await figuresOf(`${today.slice(0, 7)}-01`));
    await screenshot(page, 'reports-06-figures-month');
    expect(errors).toEqual([]);
  });

  it('tells staff plainly that the figures are not theirs to read', async () => {
    const staff = await signInAs(demo.duban, 'hemin');
    const year = shanghaiDate(0).slice(0, 4);
    const refused = await callJson<{ error: { code: string } }>(demo.duban, `/api/reports/annual/${year}`, {
      token: staff,
    });
    expect(refused.status).toBe(403);

    const { page, errors } = await phone(demo);
    await signIn(page, 'hemin', '/m/reports/annual');
    await page.getByText('无权限查看').waitFor();
    await page.getByText('统计数据仅供区政府领导、督查室查阅', { exact: false }).waitFor();
    expect(await page.locator('.report-figure').count()).toBe(0);
    await screenshot(page, 'reports-07-forbidden');
    expect(errors).toEqual([]);
  });
});
