import { DutyIncident, DutyShift, DutySwap, PetitionVisit, PhoneCall } from '../entities';
import { demoForThisFile, phone, screenshot, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(120_000);

describe('值班信访 under 我的, at 375×667', () => {
  const demo = demoForThisFile();
  const db = () => demo.duban.services().db;
  const first = async <T extends { id: number }>(entity: new () => T) =>
    (await db()
      .getRepository(entity)
      .findOneOrFail({ where: {}, order: { id: 'ASC' } as never })) as T;

  it('highlights 我的 on every duty page, for a 会务 and for a leader', async () => {
    const pages = [
      '/m/duty',
      '/m/duty/mine',
      '/m/duty/swaps',
      `/m/duty_swap/${(await first(DutySwap)).id}`,
      `/m/duty_shift/${(await first(DutyShift)).id}`,
      '/m/petitions',
      `/m/petition/${(await first(PetitionVisit)).id}`,
      '/m/calls',
      `/m/phone-call/${(await first(PhoneCall)).id}`,
      '/m/incidents',
      `/m/incident/${(await first(DutyIncident)).id}`,
      `/m/duty_incident/${(await first(DutyIncident)).id}`,
    ];
    // 郑磊 (会务) sees every one of them; 王建国 (a leader, with the 看板 tab) those a leader may read.
    for (const [user, paths] of [
      ['zhenglei', pages],
      ['wangjianguo', pages.filter((p) => !p.startsWith('/m/duty/swaps') && !p.startsWith('/m/duty_swap'))],
    ] as const) {
      const { page, errors } = await phone(demo);
      await signIn(page, user, '/m/me');
      for (const path of paths) {
        await page.goto(path);
        await page.locator('.tab-page .page, .tab-page .adm-list').first().waitFor();
        const active = await page.locator('.adm-tab-bar-item-active').textContent();
        expect([user, path, active]).toEqual([user, path, '我的']);
      }
      expect(errors).toEqual([]);
    }
  });

  it('offers 我的班次 on 我的 to those who have shifts, naming the next one, and to nobody else', async () => {
    const { page, errors } = await phone(demo);
    await signIn(page, 'zhoutao', '/m/me');
    const entry = page.locator('.my-shifts-entry');
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/我的班次(下一班|正在值班)：\d+月\d+日/);
    await entry.scrollIntoViewIfNeeded();
    await screenshot(page, 'me-my-shifts-entry');
    await entry.click();
    await page.waitForURL(/\/m\/duty\/mine$/);
    await page.locator('.my-shift').first().waitFor();
    expect(await page.locator('.adm-tab-bar-item-active').textContent()).toBe('我的');

    // 何敏 is on no shift of the demo roster: 值班表 is there, 我的班次 is not.
    const other = await phone(demo);
    const answered = other.page.waitForResponse((r) => r.url().includes('/api/duty/my-shifts'));
    await signIn(other.page, 'hemin', '/m/me');
    expect((await (await answered).json()).upcoming).toEqual([]);
    await other.page.locator('.duty-entry').waitFor();
    // A frame after the answer: the page has rendered what it read.
    await other.page.evaluate('new Promise((done) => requestAnimationFrame(() => done(null)))');
    expect(await other.page.locator('.my-shifts-entry').count()).toBe(0);
    expect([...errors, ...other.errors]).toEqual([]);
  });
});
