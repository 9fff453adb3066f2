import { demoForThisFile, phone, screenshot, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

describe('a leader’s first screen, at 375×667', () => {
  const demo = demoForThisFile();

  it('opens on overdue units, documents awaiting them and meetings; a unit opens to its matters, urged after a confirmation', async () => {
    const { page, errors } = await phone(demo);
    const asked: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/reports/')) asked.push(path);
    });
    await signIn(page, 'wangjianguo', '/m/todo');
    const units = page.locator('.leader-overdue [data-unit]');
    await units.first().waitFor();
    expect(await units.count()).toBeGreaterThan(0);
    await page.locator('.leader-steps').waitFor();
    await page.locator('.leader-meetings').waitFor();
    // Its 看板 part, in one request.
    expect(asked).toEqual(['/api/reports/dashboard/leader-home']);
    await screenshot(page, 'leader-first-screen');

    await units.first().click();
    const popup = page.locator('.drill-popup');
    await popup.getByText(/逾期未办结（\d+项）/).waitFor();
    await popup.getByRole('button', { name: '催办' }).first().click();
    // An urge is counted and notified: asked first.
    await page.getByRole('button', { name: '确认催办' }).click();
    await page.getByText('已催办').first().waitFor();
    await popup
      .getByText(/已催办\d+次/)
      .first()
      .waitFor();
    await screenshot(page, 'leader-urged');
    expect(errors).toEqual([]);
  });

  it('tells a network failure (retry) from a refusal by role (no retry) and from refused input (the server’s reason)', async () => {
    const { page } = await phone(demo);
    await signIn(page, 'wangjianguo', '/m/todo');
    await page.locator('.leader-overdue').waitFor();
    const board = (url: URL) => url.pathname === '/api/reports/dashboard';
    const failing = (status: number | 'offline', body = {}) =>
      page.route(board, (route) =>
        status === 'offline'
          ? route.abort('internetdisconnected')
          : route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) }),
      );
    const figures = page.locator('.page-error').last();

    await failing('offline');
    await page.goto('/m/dashboard');
    await figures.getByText('网络异常，请重试').waitFor();
    await page.unroute(board);
    await figures.getByRole('button', { name: '重试' }).click();
    await page.getByText('收文办结率').waitFor();

    await failing(403, { error: { code: 'forbidden', message: '无权查看' } });
    await page.reload();
    await page.getByText('您没有权限查看此内容').waitFor();
    expect(await page.locator('.page-error').getByRole('button', { name: '重试' }).count()).toBe(0);
    await page.unroute(board);

    await failing(400, { error: { code: 'invalid_query', message: '统计期间的开始日期不能晚于结束日期' } });
    await page.reload();
    await page.getByText('统计期间的开始日期不能晚于结束日期').waitFor();
    await screenshot(page, 'load-failed-bad-input');
  });
});
