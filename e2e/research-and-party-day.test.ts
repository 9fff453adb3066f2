import type { Page } from 'playwright-core';
import { callJson, signInAs } from '../bot-server/test-support/http';
import { Matter, MeetingAttendee, ResearchProblem, ResearchReport } from '../entities';
import { demoForThisFile, phone, screenshot, shanghaiDate, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

/** Shanghai wall-clock time `minutes` from now, as a datetime-local input takes it (YYYY-MM-DDTHH:mm). */
function shanghaiLocal(minutes: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + minutes * 60_000).toISOString().slice(0, 16);
}

/**
 * Every console error of the page from now on (a failed request, a React warning), beside what `phone()` collects;
 * taken after signing in, whose first request is refused (401) before the demo picker shows.
 */
function consoleErrors(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') seen.push(message.text());
  });
  return seen;
}

/** The toast and any sheet gone, so that a screenshot shows the page itself. */
async function settled(page: Page): Promise<void> {
  await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
  await page.locator('.form-popup').waitFor({ state: 'detached' });
}

describe('调研报告 whose problem becomes a matter, and a 主题党日 held with sign-in, at 375×667', () => {
  const demo = demoForThisFile();
  const db = () => demo.duban.services().db;

  it('lets 督查室 write a report with two problems, finalise it and turn one problem into a matter', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'sunli', '/m/me');
    const logged = consoleErrors(page);
    await page.locator('.research-entry').click();
    await page.waitForURL(/\/m\/research$/);
    // The year's reports (the demo's are spread over the past year: none yet in the first days of January).
    await page.locator('.report-list').waitFor();
    await screenshot(page, 'research-01-list');

    const title = '关于全区农村人居环境整治情况的调研报告';
    await page.getByRole('button', { name: '新建调研报告' }).click();
    const form = page.locator('.form-popup');
    await form.getByPlaceholder('如：关于全区营商环境优化情况的调研报告').fill(title);
    await form.getByPlaceholder('如：营商环境').fill('农村人居环境');
    // 孙丽 is named already; 周涛 of the same office is added.
    await form.locator('.picker-field').click();
    await page.locator('.picker-popup .adm-check-list-item', { hasText: '周涛' }).click();
    await page.getByRole('button', { name: '确定（2人）' }).click();
    await form.getByPlaceholder('如：区行政服务中心、经济开发区').fill('城东街道、区住建局，区财政局');
    await form.getByPlaceholder('调研的主要情况和建议').fill('实地走访三个街道，座谈两次，梳理问题两项。');
    await screenshot(page, 'research-02-form');
    await form.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/m\/research\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await page.locator('.matter-title', { hasText: title }).waitFor();
    expect(await db().getRepository(ResearchReport).findOneByOrFail({ id })).toMatchObject({
      status: 'draft',
      authorIds: ['sunli', 'zhoutao'],
      places: ['城东街道', '区住建局', '区财政局'],
      recordedBy: 'sunli',
    });

    const problems = [
      ['农村生活污水处理设施运维资金不足', '区财政局'],
      ['部分村庄垃圾清运不及时', '区住房和城乡建设局'],
    ] as const;
    for (const [text, unit] of problems) {
      await page.getByRole('button', { name: '新增存在问题' }).click();
      await page.locator('.form-popup').getByPlaceholder('调研中发现的问题').fill(text);
      await page.locator('.form-popup').getByText(unit, { exact: true }).click();
      await page.locator('.form-popup').getByRole('button', { name: '保存' }).click();
      await page.locator('.problem-item', { hasText: text }).waitFor();
      await settled(page);
    }
    await page.getByText('报告定稿后，可将存在问题转为督办事项。').waitFor();
    expect(await page.getByRole('button', { name: '转为督办事项' }).count()).toBe(0);
    await page.locator('.problem-list').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'research-03-draft-problems');

    await page.locator('.report-actions').getByRole('button', { name: '定稿', exact: true }).click();
    await page.locator('.adm-dialog').getByRole('button', { name: '定稿' }).click();
    await page.locator('.matter-head').getByText('定稿', { exact: true }).waitFor();
    await settled(page);
    expect((await db().getRepository(ResearchReport).findOneByOrFail({ id })).status).toBe('final');

    const first = page.locator('.problem-item', { hasText: problems[0][0] });
    await first.getByRole('button', { name: '转为督办事项' }).click();
    await page.locator('.form-popup').getByText('转为督办事项（领导批示）').waitFor();
    await screenshot(page, 'research-04-turn-form');
    await page.locator('.form-popup').getByRole('button', { name: '确认转办' }).click();
    await page.locator('.adm-dialog').getByRole('button', { name: '确认转办' }).click();
    await first.getByText(/督〔\d{4}〕\d+号/).waitFor();
    await first.getByRole('button', { name: '删除' }).waitFor({ state: 'detached' });
    await settled(page);
    await first.scrollIntoViewIfNeeded();
    await screenshot(page, 'research-05-turned');

    const rows = await db()
      .getRepository(ResearchProblem)
      .find({ where: { reportId: id }, order: { id: 'ASC' } });
    expect(rows.map((p) => [p.text, p.departmentId])).toEqual([
      [problems[0][0], '32'],
      [problems[1][0], '33'],
    ]);
    expect(rows[1]?.matterId).toBeNull();
    const matter = await db()
      .getRepository(Matter)
      .findOneByOrFail({ id: rows[0]?.matterId ?? 0 });
    expect(matter).toMatchObject({ source: 'leader_instruction', leadDepartmentId: '32' });
    expect(matter.number).toMatch(/^督〔\d{4}〕\d+号$/);

    // The matter's number leads to the matter.
    await first.getByText(matter.number).click();
    await page.waitForURL(new RegExp(`/m/matter/${matter.id}$`));
    await page.locator('.matter-title').first().waitFor();
    await screenshot(page, 'research-06-matter');
    expect([...errors, ...logged]).toEqual([]);
  });

  it('lets 会务 hold a 主题党日 through the meeting pages: notice, confirmation, sign-in, counted as held', async () => {
    const token = await signInAs(demo.duban, 'zhenglei');
    const meetings = demo.duban.services().meetings;
    // The figure counts meetings whose start has come: read both counts at the same moment, after the start.
    const heldAt = new Date(Date.now() + 40 * 60_000);
    const held = async () => {
      meetings.useClock(() => heldAt);
      const res = await callJson<{ figures: { byType: { type: string; held: number }[] } }>(
        demo.duban,
        `/api/meetings/figures?from=${shanghaiDate(-1)}&to=${shanghaiDate(1)}`,
        { token },
      ).finally(() => meetings.useClock(null));
      expect(res.status).toBe(200);
      return res.body.figures.byType.find((t) => t.type === 'theme_party_day')?.held ?? 0;
    };
    const before = await held();

    const { page, errors } = await phone(demo);
    await signIn(page, 'zhenglei', '/m/meetings/new');
    const logged = consoleErrors(page);
    const title = '十二月主题党日：学习贯彻全会精神';
    await page.locator('.adm-form-item', { hasText: '会议类型' }).getByText('主题党日', { exact: true }).click();
    await page.getByPlaceholder('如：区政府第12次常务会议').fill(title);
    await page.locator('input[type="datetime-local"]').first().fill(shanghaiLocal(20));
    await page.getByPlaceholder('如：区政府第一会议室').fill('区政府办公室党员活动室');
    await page.getByText('点击选择参会人员（可多选）').click();
    for (const name of ['孙丽', '周涛', '吴芳']) {
      await page.locator('.picker-popup .adm-check-list-item', { hasText: name }).click();
    }
    await page.getByRole('button', { name: '确定（3人）' }).click();
    await page.locator('.picker-popup').waitFor({ state: 'detached' });
    await page
      .locator('.adm-form-item', { hasText: '会议类型' })
      .evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'party-day-01-form');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/m\/meeting\/\d+$/);
    const meetingId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.locator('.meeting-title', { hasText: title }).waitFor();
    await page.getByRole('button', { name: '发送通知' }).click();
    await page.getByRole('button', { name: '发送', exact: true }).click();
    await page.getByText('会议通知已发送').waitFor();
    await page.locator('.sign-in-code').waitFor();
    await page.locator('.adm-dialog').waitFor({ state: 'hidden' });
    await settled(page);
    await screenshot(page, 'party-day-02-notified');
    const code = (await page.locator('.sign-in-code').textContent()) ?? '';
    expect(code).toMatch(/^\d{6}$/);

    // 孙丽, invited, confirms and signs in with the code shown in the room.
    const attendee = await phone(demo);
    await signIn(attendee.page, 'sunli', `/m/meeting/${meetingId}`);
    const attendeeLogged = consoleErrors(attendee.page);
    await attendee.page.locator('.receipt-card').getByText('未回执').waitFor();
    await attendee.page.getByRole('button', { name: '确认参会' }).click();
    await attendee.page.getByText('已确认参会').waitFor();
    await attendee.page.getByPlaceholder('请输入签到码').fill(code);
    await attendee.page.getByRole('button', { name: '签到', exact: true }).click();
    await attendee.page
      .locator('.sign-in-card')
      .getByText(/已于\d{2}:\d{2}签到/)
      .waitFor();
    await settled(attendee.page);
    await screenshot(attendee.page, 'party-day-03-signed-in');

    const row = await db().getRepository(MeetingAttendee).findOneByOrFail({ meetingId, userId: 'sunli' });
    expect(row.response).toBe('confirmed');
    expect(row.signedInAt).not.toBeNull();
    expect(await held()).toBe(before + 1);
    expect([...errors, ...logged, ...attendee.errors, ...attendeeLogged]).toEqual([]);
  });
});
