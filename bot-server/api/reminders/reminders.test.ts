import { In } from 'typeorm';
import { AuditLog, OutboxNotification } from '../../../entities';
import { enqueueNotifications } from '../../reminders/outbox';
import type { RunningDuban } from '../../server';
import { testDatabases } from '../../test-support/databases';
import { callJson, signInAs, startTestDuban } from '../../test-support/http';

interface Mine {
  sent: { id: number; kind: string; title: string; status: string; url: string | null }[];
  upcoming: unknown[];
}

describe.each(testDatabases())('reminder routes on $name', (target) => {
  let duban: RunningDuban;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ duban, stop } = await startTestDuban(target, {}, { reminders: true }));
    const db = duban.services().db;
    await db.transaction(async (manager) => {
      await enqueueNotifications(manager, [
        {
          idempotencyKey: 'routes:mine',
          channel: 'work_notice',
          kind: 'overdue',
          recipientUserId: 'zhenglei',
          payload: { title: '【逾期提醒】《全区政务值班工作检查》', markdown: '…', url: 'https://x/m/matter/1' },
        },
        {
          idempotencyKey: 'routes:someone-else',
          channel: 'work_notice',
          kind: 'overdue',
          recipientUserId: 'caoxue',
          payload: { title: '【逾期提醒】别人的事项', markdown: '…' },
        },
      ]);
      // Parked rows the dispatcher leaves alone.
      await manager.update(
        OutboxNotification,
        { idempotencyKey: In(['routes:mine', 'routes:someone-else']) },
        { status: 'failed', lastError: '测试：发送失败' },
      );
    });
  });
  afterAll(async () => {
    const reminders = duban.services().reminders;
    await stop();
    expect(reminders.running).toBe(false);
  });

  it('runs the reminder loops once the database is there', () => {
    expect(duban.services().reminders.running).toBe(true);
  });

  it('shows people what was sent to them, and only that', async () => {
    const token = await signInAs(duban, 'zhenglei');
    const res = await callJson<Mine>(duban, '/api/reminders/mine', { token });
    expect(res.status).toBe(200);
    // The demo's own deadlines may have reminded zhenglei too; nobody else's messages are there.
    expect(res.body.sent).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'overdue', title: '【逾期提醒】《全区政务值班工作检查》', status: 'failed' }),
      ]),
    );
    expect(res.body.sent.some((m) => m.title === '【逾期提醒】别人的事项')).toBe(false);
    expect(Array.isArray(res.body.upcoming)).toBe(true);
    expect((await callJson(duban, '/api/reminders/mine')).status).toBe(401);
    expect((await callJson(duban, '/api/reminders/mine?limit=0', { token })).status).toBe(400);
  });

  it('shows the outbox to an administrator only, who can put a failure back in the queue (audited)', async () => {
    const staff = await signInAs(duban, 'zhenglei');
    expect((await callJson(duban, '/api/reminders/outbox', { token: staff })).status).toBe(403);

    const admin = await signInAs(duban, 'qianwei');
    const res = await callJson<{ counts: Record<string, number>; rows: OutboxNotification[] }>(
      duban,
      '/api/reminders/outbox?status=failed',
      { token: admin },
    );
    expect(res.status).toBe(200);
    expect(res.body.counts.failed).toBeGreaterThanOrEqual(2);
    const [row] = res.body.rows;
    expect(row?.lastError).toBe('测试：发送失败');

    const retried = await callJson(duban, `/api/reminders/outbox/${row?.id}/retry`, { method: 'POST', token: admin });
    expect(retried).toEqual({ status: 200, body: { id: row?.id, status: 'pending' } });
    const audits = await duban.services().db.getRepository(AuditLog).findBy({ action: 'reminders.outbox.retry' });
    expect(audits).toEqual([expect.objectContaining({ actor: 'qianwei', subjectId: String(row?.id) })]);
    expect(
      (await callJson(duban, `/api/reminders/outbox/${row?.id}/retry`, { method: 'POST', token: admin })).status,
    ).toBe(404);
    expect((await callJson(duban, '/api/reminders/outbox?status=lost', { token: admin })).status).toBe(400);
  });
});
