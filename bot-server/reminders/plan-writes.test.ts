import type { DataSource } from 'typeorm';
import { Deadline, Matter, OutboxNotification, ReminderCursor } from '../../entities';
import { isMysql } from '../../entities/data-source';
import { testDatabases } from '../test-support/databases';
import { matterDueOn, silent, TestClock, testSettings, useReminderWorld } from '../test-support/reminders';
import { ReminderPlanner } from './planner';

/** A trigger of our own that refuses every outbox row, as a database refusing a write would. */
async function refuseOutboxRows(db: DataSource): Promise<void> {
  await db.query(
    isMysql(db)
      ? "CREATE TRIGGER probe_outbox_refuse BEFORE INSERT ON outbox_notification FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'outbox refused'"
      : "CREATE TRIGGER probe_outbox_refuse BEFORE INSERT ON outbox_notification BEGIN SELECT RAISE(ABORT, 'outbox refused'); END",
  );
}

const acceptOutboxRows = (db: DataSource) => db.query('DROP TRIGGER IF EXISTS probe_outbox_refuse');

/**
 * The writes of a batch are pipelined (the cursors move while the messages are worded, each INSERT goes while the
 * next is worded), all in the batch's transaction: a write that fails takes every other back with it.
 */
describe.each(testDatabases())('the writes of a planning batch on $name', (target) => {
  const clock = new TestClock('2026-03-02T03:00');
  const world = useReminderWorld(target, clock);
  afterEach(() => acceptOutboxRows(world.db));

  it('moves no cursor when its outbox rows cannot be written, and the next pass sends each reminder once', async () => {
    for (const entity of [Deadline, ReminderCursor, OutboxNotification, Matter]) {
      await world.db.getRepository(entity).clear();
    }
    const settings = testSettings(1001);
    const planner = new ReminderPlanner({
      db: world.db,
      calendars: world.deadlines,
      officeHours: settings.officeHours,
      publicUrl: settings.publicUrl,
      logger: silent,
      now: clock.now,
      // Two rows to an INSERT: several statements on the way in one batch.
      messagesPerWrite: 2,
    });
    const due = [];
    const people: [assignee: string, unit: string][] = [
      ['zhenglei', '21'],
      ['hemin', '22'],
      ['yangfan', '23'],
      ['zhenglei', '21'],
      ['liming', '21'],
    ];
    for (const [n, [assignee, unit]] of people.entries()) {
      due.push(
        await matterDueOn(world.db, world.deadlines, {
          title: `防汛检查第${n + 1}项`,
          dueDate: '2026-03-02',
          assignee,
          departmentId: unit,
        }),
      );
    }
    const cursors = () => world.db.getRepository(ReminderCursor).find({ order: { deadlineId: 'ASC' } });
    const outbox = () => world.db.getRepository(OutboxNotification).find({ order: { id: 'ASC' } });
    const before = await cursors();
    expect(before.map((c) => c.deadlineId)).toEqual(due.map((d) => d.id));

    // The next working day, overdue: every deadline has a point to send.
    clock.set('2026-03-03T09:00');
    await refuseOutboxRows(world.db);
    await expect(planner.pass()).rejects.toThrow(/outbox refused/);
    expect(await cursors()).toEqual(before);
    expect(await outbox()).toEqual([]);

    await acceptOutboxRows(world.db);
    const report = await planner.pass();
    expect([report.deadlinesRead, report.written]).toEqual([5, 4]);
    const rows = await outbox();
    expect(rows.map((r) => r.recipientUserId).sort()).toEqual(['hemin', 'liming', 'yangfan', 'zhenglei']);
    const said = rows.flatMap((r) => (r.payload as { deadlineIds?: number[] }).deadlineIds ?? []);
    expect(said.sort((a, b) => a - b)).toEqual(due.map((d) => d.id).sort((a, b) => a - b));
    expect((await cursors()).every((c) => c.remindedThrough?.getTime() === clock.now().getTime())).toBe(true);

    // Nothing twice: the same moment again finds nothing due.
    expect((await planner.pass()).written).toBe(0);
    expect(await outbox()).toHaveLength(4);
  });
});
