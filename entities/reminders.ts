import { Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, IntColumn, UpdatedAtColumn, USER_ID_LENGTH, VarcharColumn } from './columns';

/**
 * Where the reminder planner (bot-server/reminders) stands with one open deadline. Kept apart from `deadline` so
 * that moving it touches no row the figures count: `deadline`'s triggers (figure rollup, matter due copy) do not
 * fire on a planning pass, and no index of `deadline` changes. Written with the deadline (NULL: plan me), deleted
 * when it closes, written afresh when it opens again.
 */
@Entity({ name: 'reminder_cursor' })
/** A planning pass reads only `next_reminder_at IS NULL OR next_reminder_at <= now`, in this order. */
@Index('ix_reminder_cursor_due', ['nextReminderAt', 'deadlineId'])
export class ReminderCursor {
  @PrimaryColumn({ type: 'int' })
  deadlineId!: number;

  /** When the next reminder point of the deadline comes; null until the planner first sees it. */
  @DateTimeColumn({ nullable: true })
  nextReminderAt!: Date | null;

  /** Every reminder point up to this instant has been handled (sent, or superseded by a later one). */
  @DateTimeColumn({ nullable: true })
  remindedThrough!: Date | null;

  /** The deadline's `dueAt` the plan was made for; when `dueAt` differs (extension, recomputation) it is replanned. */
  @DateTimeColumn({ nullable: true })
  reminderDueAt!: Date | null;

  /** How far up the ladder the overdue deadline went: 0 承办人, 1 单位负责人, 2 分管领导. */
  @IntColumn({ default: 0 })
  escalationLevel!: number;
}

/**
 * A reminder setting an administrator changed in the admin pages, by name: `office_hours` (`08:30-18:00`; without a
 * row, the server's `REMINDER_OFFICE_HOURS`) and `policy_defaults` (JSON, the office's default reminder policy over
 * the built-in one). Read by every pass of the planner, the dispatcher and the receipt poller, so a change holds from
 * their next pass on every instance, without a restart.
 */
@Entity({ name: 'reminder_setting' })
export class ReminderSetting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @VarcharColumn(1000)
  value!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
