import { callJson, signInAs } from '../bot-server/test-support/http';
import { AuditLog, OutboxNotification } from '../entities';
import { demoForThisFile, phone, screenshot, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(150_000);

interface Shift {
  id: number;
  date: string;
  title: string;
  leader: { id: string; name: string };
  staff: { id: string; name: string }[];
}
interface Swap {
  id: number;
  status: string;
  shift: Shift;
  returnShift: Shift | null;
}

describe('换班 in the mini-app, at 375×667', () => {
  const demo = demoForThisFile();
  const api = async <T>(user: string, path: string) =>
    (await callJson<T>(demo.duban, path, { token: await signInAs(demo.duban, user) })).body;

  it('lets a 带班领导 ask a colleague for 换班, the colleague accept, and 会务 approve: the roster changes', async () => {
    // 李明 (带班领导 in the demo roster) opens 我的班次 from 今日值班 and asks for 换班.
    const a = await phone(demo);
    await signIn(a.page, 'liming', '/m/todo');
    await a.page.locator('.duty-today-card').getByText('我的班次', { exact: true }).click();
    await a.page.waitForURL(/\/m\/duty\/mine$/);
    await a.page.getByText('我的值班安排').waitFor();
    await a.page.locator('.my-shift').first().waitFor();
    await screenshot(a.page, 'duty-swap-01-my-shifts');

    await a.page.getByRole('button', { name: '申请换班' }).first().click();
    await a.page.waitForURL(/\/m\/duty\/swap\/new\?shiftId=\d+$/);
    const shiftId = Number(new URL(a.page.url()).searchParams.get('shiftId'));
    await a.page.locator('.adm-selector-item', { hasText: '换班（双方对调班次）' }).click();
    await a.page.locator('.adm-selector-item', { hasText: '陈静' }).click();
    await a.page.getByText('由您接替陈静的班次').waitFor();
    const returnOption = a.page.locator('.swap-form-section').filter({ hasText: '由您接替陈静的班次' });
    await returnOption.locator('.adm-selector-item').first().click();
    await a.page.locator('textarea').fill('参加市政府专题会议');
    await a.page.locator('textarea').blur();
    await a.page.evaluate('window.scrollTo(0, 0)');
    await screenshot(a.page, 'duty-swap-02-request-form');
    await a.page.getByRole('button', { name: '提交申请' }).click();
    await a.page.waitForURL(/\/m\/duty_swap\/\d+$/);
    const swapId = Number(a.page.url().split('/').pop());
    await a.page.locator('.adm-tag', { hasText: '待对方确认' }).waitFor();
    const asked = (await api<{ swap: Swap }>('liming', `/api/duty/swaps/${swapId}`)).swap;
    expect(asked).toMatchObject({ status: 'requested', shift: { id: shiftId, leader: { id: 'liming' } } });
    const returnShift = asked.returnShift as Shift;
    expect(returnShift.leader.id).toBe('chenjing');

    // 陈静 finds the request in 我的班次 and accepts it.
    const b = await phone(demo);
    await signIn(b.page, 'chenjing', '/m/duty/mine');
    await b.page.getByText('换班申请（1件待您确认）').waitFor();
    await b.page.locator('.swap-item').first().click();
    await b.page.waitForURL(new RegExp(`/m/duty_swap/${swapId}$`));
    await b.page.getByRole('button', { name: '同意', exact: true }).waitFor();
    await screenshot(b.page, 'duty-swap-03-colleague-confirms');
    await b.page.getByRole('button', { name: '同意', exact: true }).click();
    await b.page.getByRole('button', { name: '确定' }).click();
    await b.page.getByText('已同意，待办公室审批').waitFor();
    await b.page.locator('.adm-tag', { hasText: '待办公室审批' }).waitFor();

    // 会务 (吴芳) approves from 换班审批.
    const office = await phone(demo);
    await signIn(office.page, 'wufang', '/m/duty/swaps');
    await office.page.getByText('待审批（1件）').waitFor();
    await screenshot(office.page, 'duty-swap-04-office-list');
    await office.page.locator('.swap-item').first().click();
    await office.page.waitForURL(new RegExp(`/m/duty_swap/${swapId}$`));
    await office.page.getByRole('button', { name: '批准', exact: true }).click();
    await office.page.getByRole('button', { name: '确定' }).click();
    await office.page.getByText('已批准，值班表已调整').waitFor();
    await office.page.locator('.adm-tag', { hasText: '已批准' }).waitFor();
    await screenshot(office.page, 'duty-swap-05-approved');

    // The roster as everyone reads it: the places have changed hands, both shifts marked as adjusted.
    const date = asked.shift.date;
    await office.page.goto(`/m/duty?month=${date.slice(0, 7)}`);
    const day = office.page
      .locator('.duty-day')
      .filter({ hasText: `${Number(date.slice(5, 7))}月${Number(date.slice(8))}日 ` });
    await day
      .getByText(/带班 陈静/)
      .first()
      .waitFor();
    expect(await day.locator('.duty-shift').first().textContent()).toContain('带班 陈静');
    await screenshot(office.page, 'duty-swap-06-roster');
    const leaderOf = (id: number) =>
      api<{ shift: Shift }>('hemin', `/api/duty/shifts/${id}`).then((r) => r.shift.leader.id);
    expect(await leaderOf(shiftId)).toBe('chenjing');
    expect(await leaderOf(returnShift.id)).toBe('liming');
    const db = demo.duban.services().db;
    const actions = (await db.getRepository(AuditLog).findBy({ subjectType: 'duty_swap', subjectId: String(swapId) }))
      .map((r) => r.action)
      .sort();
    expect(actions).toEqual(['duty.swap.accepted', 'duty.swap.approved', 'duty.swap.requested']);
    const told = await db.getRepository(OutboxNotification).findBy({ subjectType: 'duty_swap', subjectId: swapId });
    expect(told.map((n) => n.recipientUserId).sort()).toEqual(['chenjing', 'chenjing', 'liming', 'wufang', 'zhenglei']);
    for (const page of [a, b, office]) expect(page.errors).toEqual([]);
  });
});
