import type { DataSource } from 'typeorm';
import { openDatabase } from '../../bot-server/db/database';
import { useSqliteDatabaseUrl } from '../../bot-server/test-support/databases';
import { matterDueOn, prepareDatabase } from '../../bot-server/test-support/reminders';
import { OutboxNotification } from '../../entities';
import { UsageError } from './command';
import { remindersCommand } from './reminders';
import { runCaptured } from './run-captured';

describe('duban reminders', () => {
  const { path } = useSqliteDatabaseUrl('duban-reminders-');
  let db: DataSource;

  beforeAll(async () => {
    db = await openDatabase({ type: 'sqlite', path });
    const deadlines = await prepareDatabase(db);
    await matterDueOn(db, deadlines, {
      title: '全区政务值班工作检查',
      dueDate: '2026-03-02',
      assignee: 'zhenglei',
      departmentId: '21',
    });
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('lists in a dry run what a pass would send at a given time, and writes nothing', async () => {
    const { code, out } = await runCaptured(remindersCommand, ['plan', '--dry-run', '--at', '2026-03-04T09:00']);
    expect(code).toBe(0);
    expect(out).toContain('Reminders due at 2026-03-04 09:00 (Asia/Shanghai) — dry run, nothing is written');
    expect(out).toMatch(/zhenglei\s+work_notice\s+overdue/);
    expect(out).toMatch(/wufang\s+work_notice\s+escalation/);
    expect(out).toContain('【逾期督办】《全区政务值班工作检查》（办结）（承办人：郑磊）已逾期2个工作日');
    expect(out).toContain('1 deadlines read, 2 messages for 2 reminders');
    expect(await db.getRepository(OutboxNotification).count()).toBe(0);
  });

  it('runs a pass, then shows the outbox', async () => {
    const planned = await runCaptured(remindersCommand, ['plan']);
    expect(planned.out).toMatch(/1 deadlines read, [1-9]\d* messages queued/);
    const { code, out } = await runCaptured(remindersCommand, ['status']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Outbox: pending [1-9]\d*, sending 0, sent 0, failed 0, cancelled 0$/m);
    expect(out).toMatch(/#\d+ {2}pending .* work_notice {2}overdue/);
  });

  it('refuses to retry what did not fail, and bad arguments', async () => {
    const [row] = await db.getRepository(OutboxNotification).find({ take: 1 });
    const { code, err } = await runCaptured(remindersCommand, ['retry', String(row?.id)]);
    expect(code).toBe(1);
    expect(err).toContain('is not a failed or cancelled message');
    await expect(runCaptured(remindersCommand, ['plan', '--at', 'tomorrow'])).rejects.toThrow(UsageError);
    await expect(runCaptured(remindersCommand, ['status', '--dry-run'])).rejects.toThrow(UsageError);
    await expect(runCaptured(remindersCommand, [])).rejects.toThrow(UsageError);
  });
});
