import { PetitionVisit, PhoneCall } from '../entities';
import { demoForThisFile, phone, screenshot, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

describe('来访接待 and the phone log in the mini-app, at 375×667', () => {
  const demo = demoForThisFile();
  const db = () => demo.duban.services().db;

  it('records a call in a few taps: the topic, then 已答复 (now, 群众), or 已转办 and the unit', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'zhenglei', '/m/me');
    await page.getByText('来访接待与电话记录').click();
    await page.waitForURL(/\/m\/petitions$/);
    await page.getByText('值班电话记录与各月来电统计').click();
    await page.waitForURL(/\/m\/calls$/);

    const before = await db().getRepository(PhoneCall).count();
    await page.getByPlaceholder('来电事由，如：咨询社保办理').fill('咨询不动产登记办理时间');
    await page.getByRole('button', { name: '已答复' }).click();
    await page.getByText('已记录').waitFor();
    const answered = await db()
      .getRepository(PhoneCall)
      .findOneOrFail({ where: {}, order: { id: 'DESC' } });
    expect(answered).toMatchObject({
      topic: '咨询不动产登记办理时间',
      callerType: 'public',
      outcome: 'answered',
      referredDepartmentId: null,
      recordedBy: 'zhenglei',
    });
    expect(Date.now() - answered.calledAt.getTime()).toBeLessThan(120_000);

    await page.getByPlaceholder('来电事由，如：咨询社保办理').fill('反映小区路灯损坏');
    await page.getByRole('button', { name: '已转办…' }).click();
    await page.locator('.form-popup').getByText('区住房和城乡建设局').click();
    await page.locator('.calls-page').getByText('反映小区路灯损坏').first().waitFor();
    expect(await db().getRepository(PhoneCall).count()).toBe(before + 2);
    const referred = await db()
      .getRepository(PhoneCall)
      .findOneOrFail({ where: {}, order: { id: 'DESC' } });
    expect(referred).toMatchObject({ topic: '反映小区路灯损坏', outcome: 'referred', referredDepartmentId: '33' });
    await page.locator('.form-popup').waitFor({ state: 'detached' });
    await screenshot(page, 'petitions-01-calls');
    expect(errors).toEqual([]);
  });

  it('lets the person on duty record a call from the roster page, without opening the log to them', async () => {
    // 会务 puts 何敏 (staff) on the shift covering now.
    const { duty } = demo.duban.services();
    const now = await duty.onDutyNow();
    await duty.editShift('zhenglei', now.date, now.kind, { leaderUserId: 'wangjianguo', staffUserIds: ['hemin'] });
    const { page, errors } = await phone(demo);
    await signIn(page, 'hemin', '/m/duty');
    await page.getByText('值班期间登记来电').click();
    await page.waitForURL(/\/m\/calls$/);
    await page.getByPlaceholder('来电事由，如：咨询社保办理').fill('咨询供暖开始时间');
    await page.getByRole('button', { name: '已答复' }).click();
    await page.getByText('已记录').waitFor();
    const recorded = await db()
      .getRepository(PhoneCall)
      .findOneOrFail({ where: {}, order: { id: 'DESC' } });
    expect(recorded).toMatchObject({ topic: '咨询供暖开始时间', outcome: 'answered', recordedBy: 'hemin' });
    // The month's log stays with 督查室, 会务 and the leaders.
    expect(await page.getByText(/本月来电/).count()).toBe(0);
    await screenshot(page, 'petitions-04-call-on-duty');
    expect(errors).toEqual([]);
  });

  it('lets 督查室 register a collective visit and turn it into a 信访 matter after a confirmation', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'sunli', '/m/petitions');
    await page.getByRole('button', { name: '登记来访' }).click();
    const form = page.locator('.form-popup');
    await form.locator('input').nth(1).fill('6');
    await form.getByPlaceholder('来访人姓名').fill('杨志远');
    await form.getByPlaceholder('来访反映的问题和诉求').fill('六名村民反映土地流转租金拖欠');
    await form.getByText('区财政局', { exact: true }).click();
    await form.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/m\/petition\/\d+$/);
    // The list may still be on screen for a moment after the address changes: look inside the visit's own card.
    await page.getByText('来访人数').getByText('集体访', { exact: true }).waitFor();
    const id = Number(page.url().split('/').pop());
    expect(await db().getRepository(PetitionVisit).findOneByOrFail({ id })).toMatchObject({
      petitioners: 6,
      departmentId: '32',
      recordedBy: 'sunli',
    });

    await page.getByRole('button', { name: '转为督办事项' }).click();
    await page.locator('.form-popup').getByRole('button', { name: '确认转办' }).click();
    await page.locator('.adm-dialog').getByRole('button', { name: '确认转办' }).click();
    await page.getByText(/信访〔\d{4}〕\d+号/).waitFor();
    await page.getByRole('button', { name: '转为督办事项' }).waitFor({ state: 'detached' });
    expect((await db().getRepository(PetitionVisit).findOneByOrFail({ id })).matterId).not.toBeNull();
    await page.locator('.form-popup').waitFor({ state: 'detached' });
    await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await screenshot(page, 'petitions-02-turned');
    expect(errors).toEqual([]);
  });

  it('shows a leader the register with the representative masked, and no way to change it', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'wangjianguo', '/m/petitions');
    await page.locator('.visit-list .visit-item').first().waitFor();
    await page
      .getByText(/王\*\*/)
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: '登记来访' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
