import { DutyIncident, DutyIncidentReport, DutyIncidentRule } from '../entities';
import { demoForThisFile, phone, screenshot, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

describe('应急值班信息 in the mini-app, at 375×667', () => {
  const demo = demoForThisFile();
  const db = () => demo.duban.services().db;

  it('records an incident on the phone, shows its limits counting down, and adds a 电话初报 that meets its limit', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'zhenglei', '/m/duty');
    await page.getByText('值班期间报送突发事件，查看报送时限').click();
    await page.waitForURL(/\/m\/incidents$/);
    await page.locator('.adm-capsule-tabs').getByText('全部', { exact: true }).click();
    await page.getByText('南山林场').first().waitFor();
    await screenshot(page, 'duty-incidents-01-list');

    await page.getByRole('button', { name: '报送突发事件' }).click();
    const form = page.locator('.form-popup');
    await form.getByText('重大', { exact: true }).click();
    await form.getByText('事故灾难', { exact: true }).click();
    await form.getByPlaceholder('如：南山林场').fill('滨江路隧道');
    await form.getByPlaceholder('发生了什么，伤亡和影响范围').fill('隧道内两车追尾起火，2人受伤送医，隧道双向封闭');
    await form.getByPlaceholder('如：区应急管理局值班室').fill('区公安分局指挥中心');
    await screenshot(page, 'duty-incidents-02-form');
    await form.getByRole('button', { name: '登记并开始计时' }).click();
    await page.waitForURL(/\/m\/incident\/\d+$/);
    const id = Number(page.url().split('/').pop());
    const stored = await db().getRepository(DutyIncident).findOneByOrFail({ id });
    expect(stored).toMatchObject({ level: 'major', category: 'accident', place: '滨江路隧道', recordedBy: 'zhenglei' });
    expect(Date.now() - stored.knownAt.getTime()).toBeLessThan(120_000);
    // 重大: 电话初报 within 15 minutes, 书面初报 within 30.
    await page
      .locator('.incident-limit')
      .first()
      .getByText(/剩余1[45]分钟/)
      .waitFor();
    await page
      .locator('.incident-limit')
      .nth(1)
      .getByText(/剩余(29|30)分钟/)
      .waitFor();
    await screenshot(page, 'duty-incidents-03-limits');

    await page.getByRole('button', { name: '登记报送' }).click();
    const report = page.locator('.form-popup');
    await report.getByRole('button', { name: '区委总值班室' }).click();
    await report.getByRole('button', { name: '保存' }).click();
    await page.locator('.form-popup').waitFor({ state: 'detached' });
    await page.locator('.incident-limit').first().getByText('已按时报送').waitFor();
    await page.locator('.incident-reports').getByText('电话初报 → 区委总值班室').waitFor();
    const reports = await db().getRepository(DutyIncidentReport).findBy({ incidentId: id });
    expect(reports.map((r) => [r.kind, r.recipient, r.channel])).toEqual([['phone', '区委总值班室', 'phone']]);
    await screenshot(page, 'duty-incidents-04-reported');
    expect(errors).toEqual([]);
  });

  it('shows an overdue limit in red, as 已超时N分钟', async () => {
    const { page, errors } = await phone(demo);
    // Recorded 40 minutes ago as 接报: its 电话初报 (15 minutes) is 25 minutes over.
    const knownAt = new Date(Date.now() - 40 * 60_000);
    const incident = await demo.duban.services().incidents.record(
      { id: 'zhenglei', roles: [{ role: 'meeting_office', scope: '*' }] },
      {
        occurredAt: new Date(knownAt.getTime() - 5 * 60_000),
        knownAt,
        place: '城西化工园区',
        category: 'accident',
        level: 'major',
        summary: '储罐泄漏，已疏散周边人员',
        source: '区应急管理局',
      },
    );
    await signIn(page, 'wangjianguo', `/m/incident/${incident.id}`);
    const late = page.locator('.incident-limit').first().locator('.incident-late');
    await late.getByText(/已超时2[5-7]分钟/).waitFor();
    expect(
      await page.evaluate('getComputedStyle(document.querySelector(".incident-limit .incident-late")).color'),
    ).toMatch(/rgb\(2[0-9]{2}, [0-9]{1,2}, [0-9]{1,2}\)/);
    // A leader reads; he is not on duty now, so no 登记报送.
    expect(await page.getByRole('button', { name: '登记报送' }).count()).toBe(0);
    await screenshot(page, 'duty-incidents-05-overdue');
    expect(errors).toEqual([]);
  });

  it('lets an administrator change a level’s limits in 系统管理, with the note to verify them', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'qianwei', '/m/admin');
    await page.getByText('突发事件各等级的电话初报、书面初报、续报时限和超时告知').click();
    await page.waitForURL(/\/m\/admin\/incident-rules$/);
    await page.getByText(/请对照本省、市现行规定核实后使用/).waitFor();
    const general = page.locator('.incident-rule[data-level="general"]');
    await general.getByRole('spinbutton', { name: '一般书面初报' }).fill('240');
    await general.getByRole('button', { name: '保存一般时限' }).click();
    await page.getByText('一般（本办已调整）').waitFor();
    const row = await db().getRepository(DutyIncidentRule).findOneByOrFail({ level: 'general' });
    expect(JSON.parse(row.value)).toMatchObject({ phoneMinutes: null, writtenMinutes: 240, followUpHours: null });
    await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await screenshot(page, 'duty-incidents-06-rules');
    expect(errors).toEqual([]);
  });
});
