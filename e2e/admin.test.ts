import type { Page } from 'playwright-core';
import { callJson, signInAs } from '../bot-server/test-support/http';
import { DocumentProblem, DocumentTemplate } from '../entities';
import { type Demo, demoForThisFile, phone, screenshot, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

const PC = { width: 1280, height: 800 };
const PHONE_390 = { width: 390, height: 844 };

/**
 * A PC window as DingTalk's workbench opens the micro-app: no phone emulation, 1280 px wide; the phone cases use
 * browser.ts's phone, at 390 px.
 */
async function desktop(demo: Demo) {
  const options = { viewport: PC, locale: 'zh-CN', timezoneId: 'America/Los_Angeles', baseURL: demo.duban.url };
  const page = await (await demo.browser.newContext(options)).newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors };
}

/** browser.ts's phone, at 390 px wide. */
async function phone390(demo: Demo) {
  const opened = await phone(demo);
  await opened.page.setViewportSize(PHONE_390);
  return opened;
}

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not shown`);
  return found;
}

describe('administration in the mini-app, on a PC window and on a phone', () => {
  const demo = demoForThisFile();

  it('lets the administrator grant a role at 1280 px, list and person side by side, and shows it in the audit log', async () => {
    const { page, errors } = await desktop(demo);
    await signIn(page, 'qianwei', '/m/me');
    await page.locator('.admin-entry').click();
    await page.waitForURL(/\/m\/admin$/);
    await page.locator('[data-section="/m/admin/users"]').click();
    await page.waitForSelector('.admin-user');
    await page.getByText('请在左侧选择用户').waitFor();

    await page.locator('.admin-users input').fill('何敏');
    await page.locator('.admin-users input').press('Enter');
    await page.waitForURL(/q=/);
    await page.locator('.admin-user[data-user="hemin"]').click();
    await page.waitForURL(/\/m\/admin\/users\/hemin/);
    await page.locator('.admin-roles').getByText('工作人员').waitFor();

    // Two columns: the list on the left, the person on the right, both on screen at once.
    const list = await box(page, '.admin-list');
    const detail = await box(page, '.admin-detail');
    expect(list.x + list.width).toBeLessThanOrEqual(detail.x);
    expect(Math.abs(list.y - detail.y)).toBeLessThan(4);
    expect(await page.locator('.admin-user[data-user="hemin"]').isVisible()).toBe(true);
    expect(await page.locator('.admin-detail-back').isVisible()).toBe(false);

    await page.locator('.admin-grant .adm-selector-item', { hasText: '领导' }).click();
    await page.getByRole('button', { name: '授予角色' }).click();
    await page.getByText('已授予').waitFor();
    await page.locator('.admin-roles [data-role="leader"]').waitFor();
    await page.locator('.admin-user[data-user="hemin"]').getByText('领导').waitFor();
    await screenshot(page, 'admin-01-users-pc');

    // 何敏's next request already holds the role.
    const me = await callJson<{ user: { roles: { role: string }[] } }>(demo.duban, '/api/me', {
      token: await signInAs(demo.duban, 'hemin'),
    });
    expect(me.body.user.roles.map((r) => r.role).sort()).toEqual(['leader', 'staff']);

    await page.goto('/m/admin/audit');
    const newest = page.locator('.audit-entry').first();
    await newest.waitFor();
    expect(await newest.getAttribute('data-action')).toBe('user.role.granted');
    expect(await newest.textContent()).toContain('钱伟');
    expect(await newest.textContent()).toContain('hemin');
    await newest.click();
    await page.locator('.audit-entry-detail').getByText('"leader"').waitFor();
    const auditList = await box(page, '.admin-list');
    const auditDetail = await box(page, '.admin-detail');
    expect(auditList.x + auditList.width).toBeLessThanOrEqual(auditDetail.x);
    await screenshot(page, 'admin-02-audit-pc');

    // Filtered by another category, the grant is not there.
    await page.locator('.admin-filters .adm-selector-item', { hasText: '会议' }).first().click();
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('.audit-entry[data-action="user.role.granted"]').waitFor({ state: 'detached' });
    expect(await page.locator('.audit-entry').first().getAttribute('data-action')).toMatch(/^meeting\./);
    expect(errors).toEqual([]);
  });

  it('shows one column at 390 px: the list, then the person with a way back', async () => {
    const { page, errors } = await phone390(demo);
    await signIn(page, 'qianwei', '/m/admin/users');
    await page.waitForSelector('.admin-user');
    expect(await page.locator('.admin-detail').isVisible()).toBe(false);
    const list = await box(page, '.admin-list');
    expect(list.width).toBeGreaterThan(PHONE_390.width - 20);
    await screenshot(page, 'admin-03-users-phone');

    await page.locator('.admin-user[data-user="hemin"]').click();
    await page.locator('.admin-roles [data-role="leader"]').waitFor();
    expect(await page.locator('.admin-list').isVisible()).toBe(false);
    const detail = await box(page, '.admin-detail');
    expect(detail.width).toBeGreaterThan(PHONE_390.width - 20);
    await screenshot(page, 'admin-04-user-phone');

    await page.locator('.admin-detail-back').click();
    await page.waitForURL(/\/m\/admin\/users$/);
    await page.locator('.admin-user[data-user="hemin"]').waitFor();
    expect(errors).toEqual([]);
  });

  it("maps a template that arrived unmapped by picking its kind and its node's stage, audited", async () => {
    // An approval of a template nobody mapped: its instance is in DingTalk (the demo's simulator).
    const services = demo.duban.services();
    const instanceId = await services.dingtalk.openApi.startProcessInstance({
      processCode: 'PROC-DUBAN-SHOUWEN',
      originatorUserId: 'zhenglei',
      formComponentValues: [{ name: '文件标题', value: '关于做好冬季防火工作的通知' }],
    });
    const at = new Date();
    await services.db.getRepository(DocumentProblem).insert({
      kind: 'unknown_process',
      problemKey: 'PROC-LAIWEN',
      processCode: 'PROC-LAIWEN',
      processInstanceId: instanceId,
      message: '审批模板 PROC-LAIWEN 未配置为收文或发文，其审批事件未计入公文',
      occurrences: 1,
      firstSeenAt: at,
      lastSeenAt: at,
    });

    const { page, errors } = await desktop(demo);
    await signIn(page, 'qianwei', '/m/admin/templates');
    await page.locator('.admin-template[data-code="PROC-LAIWEN"]').getByText('未配置').waitFor();
    await page.locator('.admin-template[data-code="PROC-LAIWEN"]').click();
    await page.locator('.template-nodes [data-node="node-1"]').waitFor();
    await page.locator('.admin-template-form input').first().fill('来文办理');
    await page.locator('.admin-template-form .adm-selector-item', { hasText: '收文' }).click();
    await page.locator('[data-node="node-1"] .adm-selector-item', { hasText: '拟办' }).click();
    await screenshot(page, 'admin-05-template-pc');
    await page.getByRole('button', { name: '保存模板' }).click();
    await page.getByText('模板已保存').waitFor();
    await page.locator('.admin-template[data-code="PROC-LAIWEN"]').getByText('收文').waitFor();

    const saved = await services.db.getRepository(DocumentTemplate).findOneByOrFail({ processCode: 'PROC-LAIWEN' });
    expect(saved).toMatchObject({
      name: '来文办理',
      kind: 'incoming',
      stageMap: { 'node-1': 'propose' },
      active: true,
    });
    await page.goto('/m/admin/audit');
    const newest = page.locator('.audit-entry').first();
    await newest.waitFor();
    expect(await newest.getAttribute('data-action')).toBe('document.template.set');
    expect(errors).toEqual([]);
  });

  it("lists the corp's templates from DingTalk, maps a never-used one by picking, and says when DingTalk refuses", async () => {
    const sim = demo.duban.simulator;
    if (!sim) throw new Error('the demo runs on its simulator');
    sim.state.processes.set('PROC-YONGYIN', {
      processCode: 'PROC-YONGYIN',
      name: '用印申请',
      approvers: [
        { actionType: 'NONE', userIds: ['qianwei'], name: '部门核稿' },
        { actionType: 'NONE', userIds: ['zhaozhiqiang'], name: '领导签发' },
      ],
    });
    const { page, errors } = await desktop(demo);
    await signIn(page, 'qianwei', '/m/admin/templates');
    // The server reuses DingTalk's list for a minute: the form just added shows on asking DingTalk again.
    await page.locator('.admin-templates-refresh').click();
    const item = page.locator('.admin-template[data-code="PROC-YONGYIN"]');
    await item.getByText('用印申请').waitFor();
    await item.getByText('未配置').waitFor();
    await item.click();
    // Nobody has used it: its nodes are those DingTalk predicts, picked, not typed.
    await page.getByText(/下列审批节点系按钉钉中的流程设置预测/).waitFor();
    expect(await page.locator('.admin-template-form input').first().inputValue()).toBe('用印申请');
    await page.locator('.admin-template-form .adm-selector-item', { hasText: '发文' }).click();
    await page.locator('[data-node="node-1"]').getByText('部门核稿（node-1）').waitFor();
    await page.locator('[data-node="node-1"] .adm-selector-item', { hasText: '核稿' }).click();
    await page.locator('[data-node="node-2"] .adm-selector-item', { hasText: '签发' }).click();
    await screenshot(page, 'admin-08-template-from-dingtalk-pc');
    await page.getByRole('button', { name: '保存模板' }).click();
    await page.getByText('模板已保存').waitFor();
    await item.getByText('发文').waitFor();
    const saved = await demo.duban
      .services()
      .db.getRepository(DocumentTemplate)
      .findOneByOrFail({ processCode: 'PROC-YONGYIN' });
    expect(saved).toMatchObject({
      name: '用印申请',
      kind: 'outgoing',
      stageMap: { 'node-1': 'review', 'node-2': 'sign' },
    });

    // Without the permission, the page still lists what Duban knows and names the permission to grant.
    const setMissing = (missing: string[]) =>
      fetch(`${sim.url}/__sim/permissions`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ missing }),
      });
    await setMissing(['Workflow.Form.Read']);
    try {
      const { page: small } = await phone390(demo);
      await signIn(small, 'qianwei', '/m/admin/templates');
      await small.locator('.admin-templates-refresh').click();
      await small
        .locator('.admin-templates-notice')
        .getByText(/工作流模板读权限.*Workflow\.Form\.Read/)
        .waitFor();
      await small.locator('.admin-template[data-code="PROC-DUBAN-SHOUWEN"]').waitFor();
      await screenshot(small, 'admin-09-templates-no-permission-phone');
    } finally {
      await setMissing([]);
    }
    expect(errors).toEqual([]);
  });

  it('keeps a group robot in the admin pages: saved with its secret masked, tried with a test message, audited', async () => {
    const sim = demo.duban.simulator;
    if (!sim) throw new Error('the demo runs on its simulator');
    const token = 'e2e0robot0supervision0group0token0123456789abcdef';
    const secret = 'SECe2e0robot0supervision0group0secret0123456789abcdef';
    sim.state.groupRobots.set(token, { accessToken: token, secret, name: '督查室工作群（新）' });
    const { page, errors } = await desktop(demo);
    await signIn(page, 'qianwei', '/m/admin/robots');
    await page.getByText('＋ 新增群机器人').click();
    await page.getByPlaceholder('如 supervision（督查通报用此名）').fill('supervision');
    await page.getByPlaceholder('群设置 → 机器人 → 复制 Webhook').fill('https://example.com/robot/send?access_token=x');
    await page.getByPlaceholder('以 SEC 开头').fill(secret);
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText(/请填写机器人设置中复制的完整 Webhook 地址/).waitFor();
    await page
      .getByPlaceholder('群设置 → 机器人 → 复制 Webhook')
      .fill(`https://oapi.dingtalk.com/robot/send?access_token=${token}`);
    await page.getByPlaceholder('如 督查通报推送至督查室工作群').fill('督查通报推送至督查室工作群');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor();
    const item = page.locator('.admin-robot[data-name="supervision"]');
    await item.getByText('已加签').waitFor();
    await page.waitForURL(/\/m\/admin\/robots\/supervision$/);
    const list = await box(page, '.admin-list');
    const detail = await box(page, '.admin-detail');
    expect(list.x + list.width).toBeLessThanOrEqual(detail.x);

    await page.getByRole('button', { name: '发送测试消息' }).click();
    await page.getByText('测试消息已发出').waitFor();
    const posts = sim
      .messages({ kind: 'group_webhook' })
      .filter((m) => m.kind === 'group_webhook' && m.robot === '督查室工作群（新）');
    expect(posts).toHaveLength(1);
    expect(await page.content()).not.toContain(secret);
    expect(await page.content()).not.toContain(token);
    await screenshot(page, 'admin-10-robots-pc');

    const log = await callJson<{ entries: { action: string; subjectId: string }[] }>(demo.duban, '/api/admin/audit', {
      token: await signInAs(demo.duban, 'qianwei'),
    });
    expect(log.body.entries.slice(0, 2)).toEqual([
      expect.objectContaining({ action: 'group_robot.tested', subjectId: 'supervision' }),
      expect.objectContaining({ action: 'group_robot.saved', subjectId: 'supervision' }),
    ]);

    // On a phone: a wrong secret, and the test message says why DingTalk refused it.
    const { page: small } = await phone390(demo);
    await signIn(small, 'qianwei', '/m/admin/robots');
    await small.locator('.admin-robot[data-name="supervision"]').click();
    await small.getByPlaceholder(/^当前 SEC…/).fill('SECwrongsecret');
    await small.getByRole('button', { name: '保存' }).click();
    await small.getByText('已保存').waitFor();
    await small.getByRole('button', { name: '发送测试消息' }).click();
    await small.getByText(/测试消息未发出：安全设置校验未通过/).waitFor();
    await screenshot(small, 'admin-11-robot-refused-phone');
    expect(errors).toEqual([]);
  });

  it('changes a time limit, a calendar day and a meeting type from their pages, each audited', async () => {
    const { page, errors } = await desktop(demo);
    await signIn(page, 'qianwei', '/m/admin/rules');
    await page.locator('.admin-rule[data-code="doc.incoming.complete"]').click();
    const amount = page.locator('.admin-rule-form input[type="number"]').first();
    expect(await amount.inputValue()).toBe('30');
    await amount.fill('20');
    // Its reminder steps: the unit head told 3 working days overdue, the leader never; the rest as by default.
    const steps = page.locator('.admin-rule-reminders input[type="number"]');
    await steps.nth(1).fill('3');
    await steps.nth(2).fill('0');
    // Its warning points: a bad one refused with the reason, then 5 and 2 working days before the due day.
    const warnings = page.locator('.admin-rule-form input[placeholder="不预警"]');
    await warnings.fill('5, 两天');
    await page.getByRole('button', { name: '保存规则' }).click();
    await page.getByText('预警时点「两天」有误').waitFor();
    await warnings.fill('5，2');
    await page.getByRole('button', { name: '保存规则' }).click();
    await page.getByText('规则已保存，相关期限已重新计算').waitFor();
    await page.locator('.admin-rule[data-code="doc.incoming.complete"]').getByText('20自然日').waitFor();
    await screenshot(page, 'admin-06-rules-pc');
    const overrides = await callJson<{ overrides: { code: string; definition: Record<string, unknown> }[] }>(
      demo.duban,
      '/api/admin/rule-overrides',
      { token: await signInAs(demo.duban, 'qianwei') },
    );
    expect(overrides.body.overrides.find((o) => o.code === 'doc.incoming.complete')?.definition).toMatchObject({
      amount: 20,
      warnings: [
        { kind: 'workdays_before', workdays: 5 },
        { kind: 'workdays_before', workdays: 2 },
      ],
      reminders: { unitHeadAfter: 3, leaderAfter: null },
    });

    await page.goto('/m/admin/calendar/new');
    await page.getByRole('button', { name: '保存调整' }).click();
    await page.getByText('请选择日期').waitFor();
    await page.locator('.admin-override-form input[type="date"]').fill('2026-12-31');
    await page.locator('.admin-override-form input:not([type])').fill('年终盘点闭馆');
    await page.getByRole('button', { name: '保存调整' }).click();
    await page.getByText('已调整，相关期限已重新计算').waitFor();
    await page.locator('.admin-override', { hasText: '2026年12月31日' }).getByText('年终盘点闭馆').waitFor();

    await page.goto('/m/admin/meeting-types/new');
    await page.locator('.admin-meeting-type-form input').first().fill('办公室主任办公会');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor();
    await page.locator('.admin-list').getByText('办公室主任办公会').waitFor();

    await page.goto('/m/admin/reminder-settings');
    await page.getByText('当前 08:30-18:00').waitFor();
    await page.getByLabel('从', { exact: true }).fill('09:00');
    await page.getByLabel('至', { exact: true }).fill('17:30');
    await page.getByRole('button', { name: '保存办公时间' }).click();
    await page.getByText('当前 09:00-17:30').waitFor();
    await page.getByText('服务器配置为 08:30-18:00').waitFor();
    // The office's default escalation: the unit head after 3 working days overdue instead of the built-in 2.
    const defaults = page.locator('.admin-rule-reminders');
    await defaults.getByPlaceholder('默认 2').fill('3');
    await page.getByRole('button', { name: '保存默认提醒' }).click();
    await page.getByText('由管理员（qianwei）修改').waitFor();
    await page.locator('.adm-list-item', { hasText: '告知单位负责人' }).getByText('逾期3个工作日后').waitFor();
    await screenshot(page, 'admin-07-reminder-settings-pc');

    const token = await signInAs(demo.duban, 'qianwei');
    const log = await callJson<{ entries: { action: string; subjectId: string }[] }>(demo.duban, '/api/admin/audit', {
      token,
    });
    expect(log.body.entries.slice(0, 5).map((e) => [e.action, e.subjectId])).toEqual([
      ['reminder_setting.saved', 'policy_defaults'],
      ['reminder_setting.saved', 'office_hours'],
      ['meeting.type.saved', expect.any(String)],
      ['calendar.override.set', expect.any(String)],
      ['timelimit.rule.set', 'doc.incoming.complete'],
    ]);
    const types = await callJson<{ types: { name: string }[] }>(demo.duban, '/api/meetings/types', { token });
    expect(types.body.types.map((t) => t.name)).toContain('办公室主任办公会');
    expect(errors).toEqual([]);
  });

  it('keeps the administration away from others: no entry on 我的, and the page refuses', async () => {
    const { page } = await phone390(demo);
    await signIn(page, 'zhoutao', '/m/me');
    await page.locator('.profile-name').waitFor();
    expect(await page.locator('.admin-entry').count()).toBe(0);
    await page.goto('/m/admin/users');
    await page.getByText('您没有权限查看此内容').waitFor();
  });
});
