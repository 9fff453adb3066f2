import { callJson, signInAs } from '../bot-server/test-support/http';
import { demoForThisFile, phone, screenshot, shanghaiDate, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

interface MatterBody {
  matter: {
    id: number;
    title: string;
    urgeCount: number;
    leadDepartment: { id: string };
    history: { action: string }[];
  };
}

describe('the mini-app for the supervision office and for leaders, at 375×667', () => {
  const demo = demoForThisFile();

  it('lets the supervision office assign a matter, refusing bad input first, and urge it', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'sunli', '/m/matters');
    await page.waitForSelector('.matter-item');
    await screenshot(page, '10-matters-office');
    await page.getByRole('button', { name: '交办' }).click();
    await page.waitForURL(/\/m\/matters\/new$/);

    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posted.push(r.url());
    });
    // Nothing filled in, then a date in the past: clear messages, nothing sent.
    await page.getByRole('button', { name: '交办', exact: true }).click();
    await page.getByText('请填写事项标题').waitFor();
    await page.getByText('请选择牵头单位').waitFor();
    const title = '关于做好元旦春节期间市场保供稳价工作的批示';
    await page.getByPlaceholder('如：推进老旧小区改造项目').fill(title);
    await page.locator('.adm-form-item', { hasText: '牵头单位' }).getByText('区财政局', { exact: true }).click();
    await page.locator('.adm-form-item', { hasText: '交办领导' }).getByText('李明（常务副区长）').click();
    await page.locator('input[type="date"]').fill(shanghaiDate(-3));
    await page.getByRole('button', { name: '交办', exact: true }).click();
    await page.getByText('办理时限不能早于今天').waitFor();
    await screenshot(page, '11-assign-past-date');
    expect(posted).toEqual([]);

    await page.locator('input[type="date"]').fill(shanghaiDate(20));
    await page.getByRole('button', { name: '交办', exact: true }).click();
    await page.waitForURL(/\/m\/matter\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByText(title).first().waitFor();
    await screenshot(page, '12-matter-assigned');

    await page.getByRole('button', { name: '催办' }).click();
    await page.locator('.form-popup textarea').fill('请于本周内报送办理方案');
    await page.getByRole('button', { name: '发送催办' }).click();
    // 催办 is counted and cannot be withdrawn: it asks first.
    await page.getByRole('button', { name: '确认发送' }).click();
    await page.getByText('已催办，将以钉钉工作通知提醒承办单位').waitFor();
    await page
      .locator('.history')
      .getByText(/催办 · 孙丽/)
      .waitFor();
    await screenshot(page, '13-matter-urged');

    const token = await signInAs(demo.duban, 'sunli');
    const { body } = await callJson<MatterBody>(demo.duban, `/api/supervision/matters/${id}`, { token });
    expect(body.matter).toMatchObject({ title, urgeCount: 1, leadDepartment: { id: '32' } });
    expect(body.matter.history.map((h) => h.action)).toEqual(['matter.assigned', 'matter.urged']);
    expect(errors).toEqual([]);
  });

  it('lets the supervision office send a completed matter back for rework, a reason required', async () => {
    const office = await signInAs(demo.duban, 'sunli');
    const head = await signInAs(demo.duban, 'xuqiang');
    const assigned = await callJson<MatterBody>(demo.duban, '/api/supervision/matters', {
      method: 'POST',
      token: office,
      body: JSON.stringify({
        source: 'leader_instruction',
        title: '关于核实低保资金发放情况的批示',
        leadDepartmentId: '32',
      }),
    });
    const id = assigned.body.matter.id;
    await callJson(demo.duban, `/api/supervision/matters/${id}/accept`, { method: 'POST', token: head, body: '{}' });
    await callJson(demo.duban, `/api/supervision/matters/${id}/complete`, {
      method: 'POST',
      token: head,
      body: JSON.stringify({ reply: '已完成核实，资金足额发放。' }),
    });

    const { page, errors } = await phone(demo);
    await signIn(page, 'sunli', `/m/matter/${id}`);
    await page.getByRole('button', { name: '退回重办' }).click();
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posted.push(r.url());
    });
    await page.locator('.form-popup').getByRole('button', { name: '退回重办' }).click();
    await page.getByText('请说明退回重办的理由').waitFor();
    expect(posted).toEqual([]);
    await page.locator('.form-popup textarea').fill('抽查发现2户未到账，请核实后重新报送');
    await page.locator('.form-popup').getByRole('button', { name: '退回重办' }).click();
    await page.getByText('已退回重办，将以钉钉工作通知告知承办单位').waitFor();
    await page
      .locator('.history')
      .getByText(/退回重办 · 孙丽/)
      .waitFor();
    await screenshot(page, '14-matter-redo');
    const { body } = await callJson<MatterBody & { matter: { status: string } }>(
      demo.duban,
      `/api/supervision/matters/${id}`,
      { token: office },
    );
    expect(body.matter.status).toBe('in_progress');
    expect(errors).toEqual([]);
  });

  it("shows a leader the dashboard with the API's own figures, drill-down, trend and bulletins", async () => {
    const { page, errors } = await phone(demo);
    const chunks: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/assets/')) chunks.push(r.url());
    });
    await signIn(page, 'wangjianguo', '/m/todo');
    await page.waitForSelector('.todo-summary');
    await screenshot(page, '20-todo-leader');
    expect(chunks.filter((c) => c.includes('trend-chart'))).toEqual([]);

    // The 看板 asks the server once for all it shows.
    const asked: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/')) asked.push(url.pathname + url.search);
    });
    await page.getByText('看板').click();
    await page.waitForURL(/\/m\/dashboard$/);
    await page.waitForSelector('[data-figure="事项总数"]');
    await page.waitForSelector('.trend-chart svg');
    await page.waitForSelector('[data-figure="收文"]');
    await page.waitForSelector('.overdue-ranking [data-unit]');
    await page.waitForSelector('.bulletins .adm-list-item');
    await screenshot(page, '21-dashboard');
    expect(chunks.filter((c) => c.includes('trend-chart'))).toHaveLength(1);
    expect(asked).toEqual([`/api/reports/dashboard?year=${shanghaiDate(0).slice(0, 4)}`]);

    const token = await signInAs(demo.duban, 'wangjianguo');
    const year = shanghaiDate(0).slice(0, 4);
    const overview = await callJson<{ total: number; byTimeliness: Record<string, number> }>(
      demo.duban,
      `/api/supervision/overview?year=${year}`,
      { token },
    );
    const figure = async (name: string) =>
      (await page.locator(`[data-figure="${name}"] .figure-value`).textContent())?.trim();
    expect(await figure('事项总数')).toBe(String(overview.body.total));
    expect(await figure('已逾期')).toBe(String(overview.body.byTimeliness.overdue));
    expect(await figure('按期办结')).toBe(String(overview.body.byTimeliness.completed_on_time));
    expect(await figure('即将到期')).toBe(String(overview.body.byTimeliness.due_soon));
    const documents = await callJson<{ current: { received: number; drafted: number } }>(
      demo.duban,
      `/api/documents/figures?from=${year}-01-01&to=${shanghaiDate(0)}`,
      { token },
    );
    expect(await figure('收文')).toBe(String(documents.body.current.received));
    expect(await figure('发文')).toBe(String(documents.body.current.drafted));

    // Drill down from the overdue figure to its matters.
    const overdue = overview.body.byTimeliness.overdue ?? 0;
    expect(overdue).toBeGreaterThan(0);
    await page.locator('[data-figure="已逾期"]').click();
    await page.getByText(`已逾期（${overdue}项）`).waitFor();
    expect(await page.locator('.drill-down .adm-list-item').count()).toBe(overdue);
    await screenshot(page, '22-dashboard-drill-down');
    await page.locator('.adm-mask').click({ position: { x: 10, y: 10 } });
    await page.locator('.drill-popup').waitFor({ state: 'hidden' });

    await page.locator('.trend-chart').scrollIntoViewIfNeeded();
    await screenshot(page, '23-dashboard-trend');
    await page.locator('.bulletins .adm-list-item').first().click();
    await page.waitForURL(/\/m\/bulletin\/\d+$/);
    await page.getByRole('button', { name: '下载通报（Word）' }).waitFor();
    await screenshot(page, '24-bulletin');

    const docx = await page.request.get(
      `/api/supervision/bulletins/${new URL(page.url()).pathname.split('/').pop()}/bulletin.docx`,
    );
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toContain('officedocument');
    expect(errors).toEqual([]);
  });

  it('shows documents with their step timeline and deadlines', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'zhaozhiqiang', '/m/documents');
    await page.waitForSelector('.document-item');
    await screenshot(page, '30-documents');
    await page.locator('.document-item').first().click();
    await page.waitForURL(/\/m\/document\/\d+/);
    await page.getByText('办理流程').waitFor();
    await screenshot(page, '31-document');
    expect(errors).toEqual([]);
  });
});
