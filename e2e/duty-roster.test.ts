import { callJson, signInAs } from '../bot-server/test-support/http';
import { OutboxNotification } from '../entities';
import { demoForThisFile, phone, screenshot, shanghaiDate, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

interface Shift {
  id: number;
  kind: string;
  leader: { id: string; name: string };
  staff: { id: string; name: string }[];
  manual: boolean;
}
interface Roster {
  days: { date: string; status: string; shifts: Shift[] }[];
}

describe('the duty roster in the mini-app, at 375×667', () => {
  const demo = demoForThisFile();
  const roster = async (month: string) =>
    (
      await callJson<Roster>(demo.duban, `/api/duty/roster?month=${month}`, {
        token: await signInAs(demo.duban, 'zhenglei'),
      })
    ).body;

  it('shows a leader 今日值班 on the first screen, from the demo roster', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'wangjianguo', '/m/todo');
    const card = page.locator('.duty-today-card');
    await card.getByText(/^带班领导/).waitFor();
    const now = (
      await callJson<{ shift: Shift | null }>(demo.duban, '/api/duty/now', {
        token: await signInAs(demo.duban, 'wangjianguo'),
      })
    ).body.shift as Shift;
    await card.getByText(now.leader.name, { exact: true }).waitFor();
    await card.getByText(now.staff.map((p) => p.name).join('、'), { exact: true }).waitFor();
    await screenshot(page, 'duty-01-leader-today');
    expect(errors).toEqual([]);
  });

  it('lets 会务 see the month with today marked, adjust one shift by hand, and write its handover', async () => {
    const { page, errors } = await phone(demo);
    const today = shanghaiDate(0);
    await signIn(page, 'zhenglei', '/m/duty');
    await page.getByText(`${today.slice(0, 4)}年${Number(today.slice(5, 7))}月值班表`).waitFor();
    const todayRow = page.locator('.duty-today');
    await todayRow.getByText('今天', { exact: true }).waitFor();
    await screenshot(page, 'duty-02-month');

    await todayRow.getByRole('button', { name: '调整' }).first().click();
    const popup = page.locator('.form-popup');
    await popup
      .locator('.form-popup-title')
      .getByText(/^调整 .+ 白班$/)
      .waitFor();
    await popup.locator('.picker-field').first().click();
    await page.locator('.picker-popup .adm-check-list-item', { hasText: '王建国' }).click();
    await page.locator('.picker-popup').getByRole('button', { name: '确定' }).click();
    await popup.getByRole('button', { name: '保存' }).click();
    await page.getByText('班次已调整').waitFor();
    await todayRow.getByText(/带班 王建国/).waitFor();
    const edited = (await roster(today.slice(0, 7))).days.find((d) => d.date === today)?.shifts[0] as Shift;
    expect(edited).toMatchObject({ kind: 'day', manual: true, leader: { id: 'wangjianguo' } });

    await todayRow.getByText(/带班 王建国/).click();
    await page.waitForURL(new RegExp(`/m/duty_shift/${edited.id}$`));
    await page.getByRole('button', { name: '填写交接班记录' }).click();
    await page.locator('.form-popup textarea').fill('上午接区应急管理局通知，已转综合科办理。');
    await page.locator('.form-popup').getByRole('button', { name: '提交' }).click();
    await page.locator('.duty-handovers').getByText('上午接区应急管理局通知，已转综合科办理。').waitFor();
    await page.locator('.form-popup').waitFor({ state: 'detached' });
    await screenshot(page, 'duty-03-handover');
    expect(errors).toEqual([]);
  });

  it('marks 国庆节 and 调休上班 in October 2026 and generates the holiday period alone', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'wufang', '/m/duty?month=2026-10');
    await page.getByText('2026年10月值班表').waitFor();
    await page.locator('.duty-day').filter({ hasText: '10月1日' }).getByText('国庆节').waitFor();
    await page.locator('.duty-day').filter({ hasText: '10月10日' }).getByText('调休上班').waitFor();
    // The demo plans the past year: the rest of October is its roster, which generating the holiday leaves alone.
    const rest = (r: Roster) => r.days.filter((d) => d.date > '2026-10-07').flatMap((d) => d.shifts.map((s) => s.id));
    const before = await roster('2026-10');
    await page.getByRole('button', { name: '生成值班表' }).click();
    const popup = page.locator('.form-popup');
    await popup.getByText(/^国庆节（10月1日至7日）$/).click();
    const pick = async (field: number, names: string[]) => {
      await popup.locator('.picker-field').nth(field).click();
      for (const name of names) await page.locator('.picker-popup .adm-check-list-item', { hasText: name }).click();
      await page.locator('.picker-popup').getByRole('button', { name: /确定/ }).click();
      await page.locator('.picker-popup').waitFor({ state: 'detached' });
    };
    await pick(0, ['赵志强', '李明', '陈静']);
    await pick(1, ['郑磊', '周涛', '吴芳']);
    await screenshot(page, 'duty-04-generate');
    await popup.getByRole('button', { name: '生成' }).click();
    await page.getByText('已排14个班次').waitFor();
    const october = await roster('2026-10');
    expect(october.days.filter((d) => d.date <= '2026-10-07').every((d) => d.shifts.length === 2)).toBe(true);
    expect(rest(october)).toEqual(rest(before));
    expect(october.days.slice(0, 7).every((d) => d.status === 'holiday')).toBe(true);

    // Posted to the office's DingTalk group once: a second tap says so and queues nothing.
    await page.getByRole('button', { name: '发布到钉钉群' }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText('已发布，群机器人将发送到钉钉群').waitFor();
    await page.getByRole('button', { name: '发布到钉钉群' }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText('该值班表已发布过，未重复发送').waitFor();
    const queued = await demo.duban
      .services()
      .db.getRepository(OutboxNotification)
      .findBy({ kind: 'duty_roster', recipientGroup: 'supervision' });
    expect(queued.map((r) => (r.payload as { title?: string }).title)).toEqual(['2026年10月值班表']);
    expect(errors).toEqual([]);
  });
});
