import type { DataSource } from 'typeorm';
import { AuditLog, Deadline, Matter, OutboxNotification, ReminderCursor } from '../../entities';
import { isMysql } from '../../entities/data-source';
import { formatShanghaiInstant } from '../calendar';
import { testDatabases } from '../test-support/databases';
import { matterDueOn, silent, TestClock, testSettings, useReminderWorld } from '../test-support/reminders';
import { ReminderPlanner } from './planner';

const wall = (d: Date | null | undefined) => (d ? formatShanghaiInstant(d).slice(0, 16) : null);

/** A trigger of our own on `deadline` that records every row an UPDATE touches, as any trigger there would fire. */
async function watchDeadlineUpdates(db: DataSource): Promise<() => Promise<number[]>> {
  await db.query('CREATE TABLE probe_deadline_update (deadline_id integer NOT NULL)');
  await db.query(
    isMysql(db)
      ? 'CREATE TRIGGER probe_deadline_update AFTER UPDATE ON deadline FOR EACH ROW INSERT INTO probe_deadline_update (deadline_id) VALUES (NEW.id)'
      : 'CREATE TRIGGER probe_deadline_update AFTER UPDATE ON deadline BEGIN INSERT INTO probe_deadline_update (deadline_id) VALUES (NEW.id); END',
  );
  return async () => {
    const rows = (await db.query('SELECT deadline_id FROM probe_deadline_update')) as { deadline_id: unknown }[];
    return rows.map((r) => Number(r.deadline_id));
  };
}

async function unwatch(db: DataSource): Promise<void> {
  await db.query('DROP TRIGGER IF EXISTS probe_deadline_update');
  await db.query('DROP TABLE IF EXISTS probe_deadline_update');
}

const cursorOf = (db: DataSource, deadlineId: number) => db.getRepository(ReminderCursor).findOneBy({ deadlineId });

describe.each(testDatabases())('reminder cursors on $name', (target) => {
  const clock = new TestClock('2026-03-02T03:00');
  const world = useReminderWorld(target, clock);
  let planner: ReminderPlanner;
  beforeEach(async () => {
    for (const entity of [Deadline, ReminderCursor, OutboxNotification, AuditLog, Matter]) {
      await world.db.getRepository(entity).clear();
    }
    const settings = testSettings(1001);
    planner = new ReminderPlanner({
      db: world.db,
      calendars: world.deadlines,
      officeHours: settings.officeHours,
      publicUrl: settings.publicUrl,
      logger: silent,
      now: clock.now,
    });
  });
  afterEach(() => unwatch(world.db));
  const matterDue = (title: string, dueDate: string, assignee: string, departmentId: string) =>
    matterDueOn(world.db, world.deadlines, { title, dueDate, assignee, departmentId });

  it('moves only the cursors on a pass: no deadline row changes, no trigger on deadline fires, no figure moves', async () => {
    const due = [];
    for (const [n, dueDate] of ['2026-03-02', '2026-03-03', '2026-03-04'].entries()) {
      due.push(await matterDue(`防汛检查第${n + 1}项`, dueDate, 'zhenglei', '21'));
    }
    const updated = await watchDeadlineUpdates(world.db);
    const deadlines = await world.db.query('SELECT * FROM deadline ORDER BY id');
    const [changes] = (await world.db.query('SELECT COUNT(*) AS n FROM figure_change')) as { n: unknown }[];

    clock.set('2026-03-04T08:30');
    const first = await planner.pass();
    clock.set('2026-03-05T08:30');
    const second = await planner.pass();

    expect(first.deadlinesRead).toBe(3);
    expect(first.written).toBeGreaterThan(0);
    expect(second.written).toBeGreaterThan(0);
    expect(await updated()).toEqual([]);
    expect(await world.db.query('SELECT * FROM deadline ORDER BY id')).toEqual(deadlines);
    expect(await world.db.query('SELECT COUNT(*) AS n FROM figure_change')).toEqual([changes]);
    for (const d of due) {
      const cursor = await cursorOf(world.db, d.id);
      expect(cursor?.remindedThrough?.getTime()).toBe(clock.now().getTime());
      expect(cursor?.reminderDueAt?.getTime()).toBe(d.dueAt.getTime());
    }
    // Due 03-02, overdue 3 working days on 03-05: past the unit head's rung.
    expect((await cursorOf(world.db, due[0]?.id as number))?.escalationLevel).toBe(1);
  });

  it('replans a moved deadline from its new due instant, in the pass after the move', async () => {
    const deadline = await matterDue('城区排水管网改造', '2026-03-03', 'caoxue', '32');
    clock.set('2026-03-03T08:30');
    await planner.pass();
    expect(wall((await cursorOf(world.db, deadline.id))?.nextReminderAt)).toBe('2026-03-04T08:30');

    clock.set('2026-03-03T10:00');
    const extended = await world.db.transaction((manager) =>
      world.deadlines.extend(manager, deadline.id, {
        amount: 3,
        requestedAt: clock.now(),
        approverRole: 'supervision_office',
        approvedBy: 'sunli',
        reason: '涉及多部门协调',
      }),
    );
    expect(extended.dueDate).toBe('2026-03-06');
    const updated = await watchDeadlineUpdates(world.db);
    clock.set('2026-03-03T10:05');
    const report = await planner.pass();

    expect(report).toMatchObject({ nudged: 1, replanned: 1, written: 0 });
    const cursor = await cursorOf(world.db, deadline.id);
    expect(cursor?.reminderDueAt?.getTime()).toBe(extended.dueAt.getTime());
    expect(cursor?.escalationLevel).toBe(0);
    expect(wall(cursor?.nextReminderAt)).toBe('2026-03-06T08:30');
    expect(await updated()).toEqual([]);
  });

  it('drops the cursor of a closed deadline and starts a reopened one afresh', async () => {
    const deadline = await matterDue('全区政务值班工作检查', '2026-03-02', 'zhenglei', '21');
    expect(await cursorOf(world.db, deadline.id)).toMatchObject({ nextReminderAt: null, escalationLevel: 0 });
    clock.set('2026-03-04T08:30');
    await planner.pass();
    expect((await cursorOf(world.db, deadline.id))?.escalationLevel).toBe(1);

    await world.db.transaction((manager) => world.deadlines.close(manager, deadline.id, clock.now()));
    expect(await cursorOf(world.db, deadline.id)).toBeNull();
    clock.set('2026-03-05T08:30');
    expect(await planner.pass()).toMatchObject({ deadlinesRead: 0, written: 0 });

    await world.db.transaction((manager) => world.deadlines.reopen(manager, deadline.id));
    expect(await cursorOf(world.db, deadline.id)).toMatchObject({
      nextReminderAt: null,
      remindedThrough: null,
      reminderDueAt: null,
      escalationLevel: 0,
    });
    const report = await planner.pass();
    expect(report).toMatchObject({ deadlinesRead: 1, replanned: 0 });
    expect(report.written).toBeGreaterThan(0);
  });

  it('deletes a cursor whose deadline closed or went another way, without planning it', async () => {
    const kept = await matterDue('安全生产月活动', '2026-03-03', 'yangfan', '33');
    const removed = await matterDue('政务公开专栏更新', '2026-03-03', 'yangfan', '33');
    // Written past the deadline service, as a bulk correction might.
    await world.db.query("UPDATE deadline SET status = 'closed' WHERE id = ?", [removed.id]);
    clock.set('2026-03-03T08:30');
    const report = await planner.pass();
    expect(report).toMatchObject({ deadlinesRead: 1, written: 1 });
    expect(await cursorOf(world.db, removed.id)).toBeNull();
    expect(await cursorOf(world.db, kept.id)).not.toBeNull();
  });
});
