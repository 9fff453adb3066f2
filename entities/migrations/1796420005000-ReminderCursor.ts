import { dialectMigration } from './run-for-dialect';

/**
 * The reminder planner's cursor moves out of `deadline` into `reminder_cursor` (entities/reminders.ts), so that a
 * planning pass changes no `deadline` row: its triggers (figure rollup, matter due copy) and indexes stay still.
 * Open deadlines keep where they stood; closed ones need no cursor. SQLite drops the columns in place (3.35+)
 * rather than copying the table, which would drop `deadline`'s triggers with it.
 */
const CURSOR = ['next_reminder_at', 'reminded_through', 'reminder_due_at', 'escalation_level'];
const COPY_UP = `INSERT INTO reminder_cursor (deadline_id, ${CURSOR.join(', ')}) SELECT id, ${CURSOR.join(', ')} FROM deadline WHERE status = 'open'`;
const COPY_DOWN =
  `UPDATE deadline SET ${CURSOR.map((c) => `${c} = (SELECT r.${c} FROM reminder_cursor r WHERE r.deadline_id = deadline.id)`).join(', ')} ` +
  'WHERE id IN (SELECT deadline_id FROM reminder_cursor)';

export const ReminderCursor1796420005000 = dialectMigration('ReminderCursor1796420005000', {
  sqliteUp: [
    'CREATE TABLE "reminder_cursor" ("deadline_id" integer PRIMARY KEY NOT NULL, "next_reminder_at" datetime(3), "reminded_through" datetime(3), "reminder_due_at" datetime(3), "escalation_level" integer NOT NULL DEFAULT (0))',
    'CREATE INDEX "ix_reminder_cursor_due" ON "reminder_cursor" ("next_reminder_at", "deadline_id") ',
    COPY_UP,
    'DROP INDEX "ix_deadline_reminder"',
    ...CURSOR.map((c) => `ALTER TABLE "deadline" DROP COLUMN "${c}"`),
  ],
  sqliteDown: [
    'ALTER TABLE "deadline" ADD COLUMN "next_reminder_at" datetime(3)',
    'ALTER TABLE "deadline" ADD COLUMN "reminded_through" datetime(3)',
    'ALTER TABLE "deadline" ADD COLUMN "reminder_due_at" datetime(3)',
    'ALTER TABLE "deadline" ADD COLUMN "escalation_level" integer NOT NULL DEFAULT (0)',
    COPY_DOWN,
    'CREATE INDEX "ix_deadline_reminder" ON "deadline" ("status", "next_reminder_at") ',
    'DROP INDEX "ix_reminder_cursor_due"',
    'DROP TABLE "reminder_cursor"',
  ],
  mysqlUp: [
    "CREATE TABLE `reminder_cursor` (`deadline_id` int NOT NULL, `next_reminder_at` datetime(3) NULL, `reminded_through` datetime(3) NULL, `reminder_due_at` datetime(3) NULL, `escalation_level` int NOT NULL DEFAULT '0', INDEX `ix_reminder_cursor_due` (`next_reminder_at`, `deadline_id`), PRIMARY KEY (`deadline_id`)) ENGINE=InnoDB",
    COPY_UP,
    'DROP INDEX `ix_deadline_reminder` ON `deadline`',
    `ALTER TABLE \`deadline\` ${CURSOR.map((c) => `DROP COLUMN \`${c}\``).join(', ')}`,
  ],
  mysqlDown: [
    "ALTER TABLE `deadline` ADD `next_reminder_at` datetime(3) NULL, ADD `reminded_through` datetime(3) NULL, ADD `reminder_due_at` datetime(3) NULL, ADD `escalation_level` int NOT NULL DEFAULT '0'",
    COPY_DOWN,
    'CREATE INDEX `ix_deadline_reminder` ON `deadline` (`status`, `next_reminder_at`)',
    'DROP INDEX `ix_reminder_cursor_due` ON `reminder_cursor`',
    'DROP TABLE `reminder_cursor`',
  ],
});
