import type { DataSource } from 'typeorm';
import { testDatabases, useScratchDatabase } from '../../bot-server/test-support/databases';
import { isMysql } from '../data-source';
import { ReminderCursor1796420005000 } from './1796420005000-ReminderCursor';

const COLUMNS =
  'subject_type, subject_id, purpose, received_at, received_date, due_date, due_at, original_due_date, ' +
  'original_due_at, calendar_version, status, next_reminder_at, reminded_through, reminder_due_at, escalation_level';

/** One deadline row in the shape before the migration, with its cursor. */
const deadline = (subjectId: number, status: string, cursor: [string | null, string | null, string | null, number]) => [
  'document',
  subjectId,
  'complete',
  '2026-03-01 01:00:00.000',
  '2026-03-01',
  '2026-03-05',
  '2026-03-05 16:00:00.000',
  '2026-03-05',
  '2026-03-05 16:00:00.000',
  'test',
  status,
  ...cursor,
];

async function triggersOnDeadline(db: DataSource): Promise<string[]> {
  const rows = (await db.query(
    isMysql(db)
      ? "SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 'deadline'"
      : "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'deadline'",
  )) as { name: string }[];
  return rows.map((r) => r.name).sort();
}

/** A stored instant: a Date from mysql2, UTC text from SQLite. */
const instant = (v: unknown) =>
  v === null ? null : v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`);

describe.each(testDatabases())('the reminder cursor migration on $name', (target) => {
  const scratch = useScratchDatabase(target);

  it('moves the open deadlines’ cursors out of deadline and back, keeping deadline’s triggers', async () => {
    const { db } = scratch;
    const migration = new ReminderCursor1796420005000();
    const runner = db.createQueryRunner();
    try {
      // A database that ran every other migration (the figure triggers on deadline are there) and not this one.
      const triggers = await triggersOnDeadline(db);
      expect(triggers.length).toBeGreaterThan(0);
      await migration.down(runner);
      const rows = [
        deadline(1, 'open', ['2026-03-04 00:30:00.000', '2026-03-03 00:30:00.000', '2026-03-05 16:00:00.000', 1]),
        deadline(2, 'open', [null, null, null, 0]),
        deadline(3, 'closed', ['2026-03-04 00:30:00.000', null, null, 2]),
      ];
      for (const row of rows) {
        await db.query(`INSERT INTO deadline (${COLUMNS}) VALUES (${row.map(() => '?').join(',')})`, row);
      }
      const ids = ((await db.query('SELECT id FROM deadline ORDER BY id')) as { id: unknown }[]).map((r) =>
        Number(r.id),
      );

      await migration.up(runner);
      const cursors = (await db.query(
        'SELECT deadline_id, next_reminder_at, reminded_through, reminder_due_at, escalation_level FROM reminder_cursor ORDER BY deadline_id',
      )) as Record<string, unknown>[];
      expect(
        cursors.map((c) => ({
          id: Number(c.deadline_id),
          next: instant(c.next_reminder_at)?.toISOString() ?? null,
          through: instant(c.reminded_through)?.toISOString() ?? null,
          due: instant(c.reminder_due_at)?.toISOString() ?? null,
          level: Number(c.escalation_level),
        })),
      ).toEqual([
        {
          id: ids[0],
          next: '2026-03-04T00:30:00.000Z',
          through: '2026-03-03T00:30:00.000Z',
          due: '2026-03-05T16:00:00.000Z',
          level: 1,
        },
        { id: ids[1], next: null, through: null, due: null, level: 0 },
      ]);
      await expect(db.query('SELECT next_reminder_at FROM deadline')).rejects.toThrow();
      expect(await triggersOnDeadline(db)).toEqual(triggers);

      await migration.down(runner);
      const back = (await db.query('SELECT escalation_level, next_reminder_at FROM deadline ORDER BY id')) as Record<
        string,
        unknown
      >[];
      expect(back.map((r) => Number(r.escalation_level))).toEqual([1, 0, 0]);
      expect(instant(back[0]?.next_reminder_at)?.toISOString()).toBe('2026-03-04T00:30:00.000Z');
      expect(await triggersOnDeadline(db)).toEqual(triggers);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
  });
});
