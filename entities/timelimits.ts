import { Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import {
  BoolColumn,
  CivilDateColumn,
  CreatedAtColumn,
  DateTimeColumn,
  DEPARTMENT_ID_LENGTH,
  IntColumn,
  JsonColumn,
  type JsonObject,
  UpdatedAtColumn,
  USER_ID_LENGTH,
  VarcharColumn,
} from './columns';

export const LIMIT_UNITS = ['workday', 'day', 'month'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

/**
 * A time-limit rule as the administrator has set it. The shipped defaults live in bot-server/timelimits as data;
 * a row here overrides the default with the same code.
 */
@Entity({ name: 'time_limit_rule' })
export class TimeLimitRule {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code!: string;

  @VarcharColumn(100)
  name!: string;

  /** The whole rule (amount, unit, start, end of day, roll-forward, warnings, extension, escalation). */
  @JsonColumn()
  definition!: JsonObject;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** A day made off or working by the administrator, for the whole office or one unit. */
@Entity({ name: 'calendar_override' })
@Unique('uq_calendar_override', ['date', 'scope'])
export class CalendarOverride {
  @PrimaryGeneratedColumn()
  id!: number;

  @CivilDateColumn()
  date!: string;

  @VarcharColumn(8)
  kind!: 'off' | 'workday';

  @VarcharColumn(200)
  reason!: string;

  /** 'office' for the whole office, or a department id. */
  @VarcharColumn(DEPARTMENT_ID_LENGTH, { default: 'office' })
  scope!: string;

  @VarcharColumn(USER_ID_LENGTH)
  createdBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}

/**
 * A year's holidays as the State Council's notice gives them, loaded by the administrator the day it is published
 * (`npx duban calendar load-notice`); it joins the shipped data and replaces a shipped year of the same number.
 */
@Entity({ name: 'holiday_notice' })
@Unique('uq_holiday_notice_year', ['year'])
export class HolidayNotice {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  year!: number;

  /** The year in the shape of bot-server/calendar/data/cn-holidays.json: `{year, sources, holidays}`. */
  @JsonColumn()
  data!: JsonObject;

  @VarcharColumn(USER_ID_LENGTH)
  loadedBy!: string;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

export const DEADLINE_SUBJECTS = [
  'document',
  'document_step',
  'matter',
  'matter_period',
  'meeting_attendee',
  'extension_request',
] as const;
export type DeadlineSubject = (typeof DEADLINE_SUBJECTS)[number];

/**
 * One computed deadline of anything Duban tracks. It keeps its inputs (the rule's values, the receipt) and the
 * calendar version and scope it was computed with, so a change of holiday data or an override can recompute it.
 * The reminder planner keeps where it stands with each open deadline in `reminder_cursor` (entities/reminders.ts).
 */
@Entity({ name: 'deadline' })
@Index('ix_deadline_open_due', ['status', 'dueAt'])
@Index('ix_deadline_assignee', ['assigneeUserId', 'status', 'dueAt'])
@Index('ix_deadline_unit', ['departmentId', 'status', 'dueAt'])
@Index('ix_deadline_subject', ['subjectType', 'subjectId'])
/** Reports: the open limits received in a period and their due instants (overdue when asked). */
@Index('ix_deadline_open_report', [
  'subjectType',
  'status',
  'receivedAt',
  'dueAt',
  'departmentId',
  'purpose',
  'subjectId',
])
/** Reports: the limits received in a period, read from the index alone. */
@Index('ix_deadline_report', [
  'subjectType',
  'receivedAt',
  'purpose',
  'status',
  'metOnTime',
  'departmentId',
  'dueAt',
  'closedAt',
  'subjectId',
])
export class Deadline {
  @PrimaryGeneratedColumn()
  id!: number;

  @VarcharColumn(24)
  subjectType!: DeadlineSubject;

  @IntColumn()
  subjectId!: number;

  /** What this deadline is for, e.g. 'submit' (拟办呈送), 'complete' (办结), 'sign' (签发), 'reply', 'confirm'. */
  @VarcharColumn(24)
  purpose!: string;

  /** Null for a deadline a person set explicitly. */
  @VarcharColumn(64, { nullable: true })
  ruleCode!: string | null;

  @DateTimeColumn()
  receivedAt!: Date;

  /** The Asia/Shanghai date of receipt: with due_date, the span a calendar change must touch to move it. */
  @CivilDateColumn()
  receivedDate!: string;

  @CivilDateColumn()
  dueDate!: string;

  @DateTimeColumn()
  dueAt!: Date;

  /** Before any extension: assessment counts against it. */
  @CivilDateColumn()
  originalDueDate!: string;

  @DateTimeColumn()
  originalDueAt!: Date;

  /** The due date rests on a year without official holiday data (taken as Monday–Friday). */
  @BoolColumn({ default: false })
  approximate!: boolean;

  @VarcharColumn(32)
  calendarVersion!: string;

  /** 'office' or the unit whose calendar applies. */
  @VarcharColumn(DEPARTMENT_ID_LENGTH, { default: 'office' })
  calendarScope!: string;

  /** The rule values and receipt the deadline was computed from (timelimits' DeadlineInputs); null if explicit. */
  @JsonColumn({ nullable: true })
  inputs!: JsonObject | null;

  /** Approved extensions (timelimits' AppliedExtension[]). */
  @JsonColumn({ nullable: true })
  extensions!: JsonObject[] | null;

  /** The warning points of the rule, as instants. */
  @JsonColumn({ nullable: true })
  warnings!: { kind: string; at: string; label: string }[] | null;

  @BoolColumn({ default: false })
  urgent!: boolean;

  @VarcharColumn(8, { default: 'open' })
  status!: 'open' | 'closed';

  @DateTimeColumn({ nullable: true })
  closedAt!: Date | null;

  /** Closed by the due instant in force (an approved extension counts). */
  @BoolColumn({ nullable: true })
  metOnTime!: boolean | null;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  assigneeUserId!: string | null;

  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  departmentId!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
