import type { Page } from 'playwright-core';
import { callJson, signInAs } from '../bot-server/test-support/http';
import { ExtensionRequest, MatterPeriod } from '../entities';
import { demoForThisFile, phone, screenshot, shanghaiDate, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

interface MeetingBody {
  meeting: {
    id: number;
    status: string;
    signInCode: string | null;
    confirmBy: string | null;
    attendees: {
      id: number;
      userId: string | null;
      departmentId: string | null;
      response: string;
      leaveReason: string | null;
      readAt: string | null;
      signedInAt: string | null;
    }[];
    decisions: { content: string; matterId: number | null; dueDate: string | null }[];
  };
}

/** Shanghai wall-clock time `minutes` from now, as a datetime-local input takes it (YYYY-MM-DDTHH:mm). */
function shanghaiLocal(minutes: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + minutes * 60_000).toISOString().slice(0, 16);
}

/** The POST requests a page sends from now on whose path ends with `suffix`. */
function posts(page: Page, suffix: string): string[] {
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith(suffix)) sent.push(r.url());
  });
  return sent;
}

describe('meetings in the mini-app, at 375×667', () => {
  const demo = demoForThisFile();
  let meetingId = 0;
  const title = '全区重点项目建设推进专题协调会';
  const meeting = async (user = 'zhenglei') =>
    (
      await callJson<MeetingBody>(demo.duban, `/api/meetings/${meetingId}`, {
        token: await signInAs(demo.duban, user),
      })
    ).body.meeting;

  it('lets 会务 create a meeting through the form, refusing bad input first, and send the notice', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'zhenglei', '/m/meetings');
    await page.getByRole('button', { name: '新建会议' }).waitFor();
    await page.locator('.tab-bar').getByText('会议', { exact: true }).waitFor();
    await screenshot(page, 'meetings-01-list-office');
    await page.getByRole('button', { name: '新建会议' }).click();
    await page.waitForURL(/\/m\/meetings\/new$/);

    const created = posts(page, '/api/meetings');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('请填写会议名称').waitFor();
    await page.getByText('请选择会议开始时间').waitFor();
    const [start, end, confirmBy] = await page.locator('input[type="datetime-local"]').all();
    if (!start || !end || !confirmBy) throw new Error('the form has no time inputs');
    await page.getByPlaceholder('如：区政府第12次常务会议').fill(title);
    await start.fill(shanghaiLocal(-60));
    await confirmBy.fill(shanghaiLocal(30));
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('会议开始时间不能早于当前时间').waitFor();
    await screenshot(page, 'meetings-02-form-refused');
    await start.fill(shanghaiLocal(20));
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('回执截止时间应早于会议开始时间').waitFor();
    expect(created).toEqual([]);

    await confirmBy.fill('');
    await end.fill(shanghaiLocal(80));
    await page.locator('.adm-form-item', { hasText: '会议类型' }).getByText('专题协调会', { exact: true }).click();
    await page.getByPlaceholder('如：区政府第一会议室').fill('区政府第三会议室');
    await page.getByText('点击选择参会人员（可多选）').click();
    await page.locator('.picker-popup .adm-check-list-item', { hasText: '冯刚' }).click();
    await page.locator('.picker-popup .adm-check-list-item', { hasText: '许强' }).click();
    await page.getByRole('button', { name: '确定（2人）' }).click();
    await page.locator('.adm-form-item', { hasText: '参会单位' }).getByText('区教育局', { exact: true }).click();
    await screenshot(page, 'meetings-03-form-filled');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/m\/meeting\/\d+$/);
    meetingId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.locator('.meeting-title', { hasText: title }).waitFor();
    await page.getByText('待发通知').first().waitFor();
    expect(created).toHaveLength(1);

    await page.getByRole('button', { name: '发送通知' }).click();
    await page.getByRole('button', { name: '发送', exact: true }).click();
    await page.getByText('会议通知已发送').waitFor();
    await page.locator('.sign-in-code').waitFor();
    await page.locator('.adm-dialog').waitFor({ state: 'hidden' });
    await screenshot(page, 'meetings-04-notified');

    const saved = await meeting();
    expect(saved.status).toBe('notified');
    expect(await page.locator('.sign-in-code').textContent()).toBe(saved.signInCode);
    expect(saved.attendees.map((a) => a.userId ?? `unit:${a.departmentId}`).sort()).toEqual([
      'fenggang',
      'unit:34',
      'xuqiang',
    ]);
    expect(errors).toEqual([]);
  });

  it('shows the receipt among the things to do; the invitee confirms and signs in with the code', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'fenggang', '/m/todo');
    const item = page.locator('.todo-item', { hasText: title });
    await item.waitFor();
    // The receipt's last day in Chinese, and the server's count (the bot's reminder counts the same way).
    expect(await item.textContent()).toMatch(/会议回执.*时限：\d{4}年\d{1,2}月\d{1,2}日.*(今日到期|剩余\d+个工作日)/);
    await screenshot(page, 'meetings-05-todo');
    await item.click();
    await page.waitForURL(new RegExp(`/m/meeting/${meetingId}$`));
    await page.locator('.receipt-card').getByText('未回执').waitFor();
    await screenshot(page, 'meetings-06-invitee');

    await page.getByRole('button', { name: '确认参会' }).click();
    await page.getByText('已确认参会').waitFor();
    await page.locator('.receipt-card').getByText('确认参会').waitFor();

    const { signInCode } = await meeting();
    await page.getByPlaceholder('请输入签到码').fill(signInCode ?? '');
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await page
      .locator('.sign-in-card')
      .getByText(/已于\d{2}:\d{2}签到/)
      .waitFor();
    await screenshot(page, 'meetings-07-confirmed-signed-in');

    const row = (await meeting()).attendees.find((a) => a.userId === 'fenggang');
    expect(row).toMatchObject({ response: 'confirmed' });
    expect(row?.readAt).not.toBeNull();
    expect(row?.signedInAt).not.toBeNull();
    expect(errors).toEqual([]);
  });

  it('opens the notice from its bot link and refuses leave without a reason, sending nothing', async () => {
    const attendee = (await meeting()).attendees.find((a) => a.userId === 'xuqiang');
    if (!attendee) throw new Error('许强 is not invited');
    const { page, errors } = await phone(demo);
    await page.goto(`/m/meeting_attendee/${attendee.id}`);
    await page.waitForURL(/\/m\/signin/);
    await page.locator('[data-user="xuqiang"]').click();
    await page.waitForURL(new RegExp(`/m/meeting/${meetingId}$`));
    await page.locator('.meeting-title', { hasText: title }).waitFor();
    await screenshot(page, 'meetings-08-deep-link');

    const receipts = posts(page, '/receipt');
    await page.getByRole('button', { name: '请假' }).click();
    await page.getByRole('button', { name: '提交请假' }).click();
    await page.getByText('请填写请假事由').waitFor();
    await screenshot(page, 'meetings-09-leave-empty');
    expect(receipts).toEqual([]);

    const reason = '同时段参加市财政工作会议';
    await page.locator('.form-popup textarea').fill(reason);
    await page.getByRole('button', { name: '提交请假' }).click();
    await page.getByText('已请假').waitFor();
    await page.locator('.receipt-card').getByText(`事由：${reason}`).waitFor();
    await screenshot(page, 'meetings-10-leave');
    expect(receipts).toHaveLength(1);

    const row = (await meeting()).attendees.find((a) => a.userId === 'xuqiang');
    expect(row).toMatchObject({ response: 'leave', leaveReason: reason });
    expect(row?.readAt).not.toBeNull();
    expect(errors).toEqual([]);
  });

  it('lets a unit head name who attends for the unit', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'zhudan', `/m/meeting/${meetingId}`);
    await page.getByText('区教育局：请确定参会人员').waitFor();
    await page.getByRole('button', { name: '确定参会人员' }).click();
    await page.locator('.form-popup').getByText('点击选择（可多选）').click();
    await page.locator('.picker-popup .adm-check-list-item', { hasText: '秦悦' }).click();
    await page.getByRole('button', { name: '确定（1人）' }).click();
    await page.getByRole('button', { name: '确定', exact: true }).click();
    await page.getByText('参会人员已确定，将分别通知').waitFor();
    const row = (await meeting()).attendees.find((a) => a.departmentId === '34');
    expect(row).toMatchObject({ userId: 'qinyue', response: 'pending' });
    // The head still sees the meeting, whom the unit named, and may change it.
    await page.getByText('区教育局：已确定 秦悦（未回执）').waitFor();
    await page.getByRole('button', { name: '调整参会人员' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows 会务 the attendance and records a decision as a supervised matter, refusing a past due date', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'zhenglei', `/m/meeting/${meetingId}`);
    await page
      .locator('.attendee-item', { hasText: '冯刚' })
      .getByText(/已签到 \d{2}:\d{2}/)
      .waitFor();
    await page.locator('.attendee-item', { hasText: '许强' }).getByText('请假', { exact: true }).waitFor();
    await page.locator('.attendee-item', { hasText: '秦悦' }).getByText('未回执').waitFor();
    await page.locator('.attendance').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'meetings-11-attendance');

    const decisions = posts(page, '/decisions');
    await page.getByRole('button', { name: '登记议定事项' }).click();
    const content = '区发改委牵头梳理重点项目用地需求，月底前报区政府';
    await page.locator('.form-popup textarea').fill(content);
    await page.locator('.form-popup .adm-form-item', { hasText: '牵头单位' }).getByText('区发展和改革委员会').click();
    await page.locator('.form-popup input[type="date"]').fill(shanghaiDate(-2));
    await page.getByRole('button', { name: '登记并交办督办' }).click();
    await page.getByText('办理时限不能早于今天').waitFor();
    await screenshot(page, 'meetings-12-decision-past-date');
    expect(decisions).toEqual([]);

    await page.locator('.form-popup input[type="date"]').fill(shanghaiDate(25));
    await page.getByRole('button', { name: '登记并交办督办' }).click();
    await page.getByText('已登记，并作为督办事项交办').waitFor();
    const item = page.locator('.decision-item', { hasText: content });
    await item.waitFor();
    await screenshot(page, 'meetings-13-decision');
    expect(decisions).toHaveLength(1);

    const [decision] = (await meeting()).decisions;
    expect(decision).toMatchObject({ content, dueDate: shanghaiDate(25) });

    // The supervision office follows the decision to its matter.
    const office = await phone(demo);
    await signIn(office.page, 'sunli', `/m/meeting/${meetingId}`);
    await office.page.locator('.decision-item', { hasText: content }).click();
    await office.page.waitForURL(new RegExp(`/m/matter/${decision?.matterId}$`));
    await office.page.getByText('会议议定事项').first().waitFor();
    await screenshot(office.page, 'meetings-14-decision-matter');
    expect([...errors, ...office.errors]).toEqual([]);
  });

  it('lists the meeting with the receipt in colour, and reaches 会议 from 我的 where there is no tab', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'fenggang', '/m/meetings');
    const card = page.locator(`.meeting-item[data-meeting="${meetingId}"]`);
    await card.getByText('确认参会').waitFor();
    await screenshot(page, 'meetings-15-list-invitee');

    const leader = await phone(demo);
    await signIn(leader.page, 'zhaozhiqiang', '/m/me');
    await leader.page.locator('.meetings-entry').click();
    await leader.page.waitForURL(/\/m\/meetings$/);
    await leader.page.getByText('全部会议', { exact: true }).click();
    await leader.page.locator(`.meeting-item[data-meeting="${meetingId}"]`).waitFor();
    await screenshot(leader.page, 'meetings-16-list-leader');
    expect([...errors, ...leader.errors]).toEqual([]);
  });

  it('lets 会务 preview and issue the 违反会风会纪通报 for a period, refusing a reversed period first', async () => {
    const token = await signInAs(demo.duban, 'zhenglei');
    const { page, errors } = await phone(demo);
    await signIn(page, 'zhenglei', '/m/meetings');
    await page.locator('.meeting-links').getByText('违反会风会纪通报').click();
    await page.waitForURL(/\/m\/discipline-notices$/);
    const from = await page.locator('.discipline-period input').nth(0).inputValue();
    const to = await page.locator('.discipline-period input').nth(1).inputValue();
    await page.locator('.discipline-period input').nth(0).fill(to);
    await page.locator('.discipline-period input').nth(1).fill(from);
    await page.getByText('开始日期不能晚于结束日期').waitFor();
    expect(await page.getByRole('button', { name: '预览' }).isDisabled()).toBe(true);
    await page.locator('.discipline-period input').nth(0).fill(from);
    await page.locator('.discipline-period input').nth(1).fill(to);
    await page.getByRole('button', { name: '预览' }).click();
    const preview = await callJson<{ preview: { violations: unknown[] } }>(
      demo.duban,
      `/api/meetings/discipline/preview?from=${from}&to=${to}`,
      { token },
    );
    const listed = preview.body.preview.violations.length;
    if (listed === 0) throw new Error('the demo has no late or absent attendee last month');
    await page
      .locator('.discipline-preview tbody tr')
      .nth(listed - 1)
      .waitFor();
    expect(await page.locator('.discipline-preview tbody tr').count()).toBe(listed);
    await screenshot(page, 'meetings-18-discipline-preview');
    await page.getByRole('button', { name: '印发通报' }).click();
    // Issuing names people in a numbered notice: asked once more first.
    await page.getByRole('button', { name: '确认印发' }).click();
    await page.waitForURL(/\/m\/discipline-notice\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const issued = await callJson<{ notice: { periodStart: string; entries: unknown[] } }>(
      demo.duban,
      `/api/meetings/discipline/${id}`,
      { token },
    );
    expect(issued.body.notice).toMatchObject({ periodStart: from });
    expect(issued.body.notice.entries).toHaveLength(listed);
    await screenshot(page, 'meetings-19-discipline-issued');
    await page.getByRole('button', { name: '撤回通报' }).click();
    await page.locator('.form-popup textarea').fill('经核实，相关人员已履行请假手续');
    await page.getByRole('button', { name: '确定撤回' }).click();
    await page.getByText(/已于.*撤回，原因：经核实，相关人员已履行请假手续/).waitFor();
    expect(errors).toEqual([]);
  });

  it('opens the matter of a report period or an extension request that a bot message links to', async () => {
    const db = demo.duban.services().db;
    const [request] = await db.getRepository(ExtensionRequest).find({ order: { id: 'ASC' }, take: 1 });
    const [period] = await db.getRepository(MatterPeriod).find({ order: { id: 'ASC' }, take: 1 });
    if (!request || !period) throw new Error('the demo has no extension request or report period');
    const { page, errors } = await phone(demo);
    await page.goto(`/m/extension_request/${request.id}`);
    await page.waitForURL(/\/m\/signin/);
    await page.locator('[data-user="sunli"]').click();
    await page.waitForURL((url) => url.pathname === `/m/matter/${request.matterId}`);
    expect(new URL(page.url()).hash).toBe(`#extension-${request.id}`);
    await page.locator('.extensions .anchored').waitFor();
    await screenshot(page, 'meetings-17-extension-link');

    await page.goto(`/m/matter_period/${period.id}`);
    await page.waitForURL((url) => url.pathname === `/m/matter/${period.matterId}`);
    await page.locator('.anchored').waitFor();
    expect(errors).toEqual([]);
  });
});
