/**
 * The planner: turns the reminder points that have come due into outbox rows, in the same transaction that moves
 * each deadline's cursor (`reminder_cursor`: `reminded_through`, `next_reminder_at`, `escalation_level`). A pass
 * reads only the cursors whose next point has come (`ix_reminder_cursor_due` range scan: `next_reminder_at IS NULL
 * OR next_reminder_at <= now`), then their deadlines by id, so its cost follows what is due, not how much is open.
 * The cursor is a table of its own so that moving it changes no `deadline` row: none of `deadline`'s triggers
 * (figure rollup, matter due copy) fires and none of its indexes changes on a pass.
 *
 * - The deadline service writes a cursor with every deadline (`next_reminder_at` NULL: planned on the next pass),
 *   deletes it when the deadline closes and writes it afresh when it opens again. A cursor whose deadline is
 *   closed or gone all the same is deleted when a pass meets it.
 * - A deadline whose `due_at` moved (extension, recomputation) is replanned: points are always derived from the
 *   row as it is now, and `reminder_due_at` remembers the due instant of the last plan. The pass also looks at the
 *   audit log (`deadline.extended`, `deadline.recomputed`) since the previous pass and brings such deadlines
 *   forward (`next_reminder_at = NULL`), so a deadline moved earlier is not reminded late.
 * - Several items for one person at one time become one digest.
 * - One planner at a time: on MySQL/MariaDB a named lock (`GET_LOCK`) held by the planning connection (released
 *   by the server if the process dies); another process's pass skips. On SQLite one process plans. The outbox
 *   idempotency keys make a repeated pass harmless in any case.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Deadline, type OutboxChannel, TimeLimitRule } from '../../entities';
import { isMysql } from '../../entities/data-source';
import { formatISODate, shanghaiDayNumber, type WorkCalendar } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import type { Logger } from '../logging/logger';
import { composeRead, readComposition } from './compose';
import { instantOf } from './describe';
import type { OfficeHours } from './office-hours';
import { currentOfficeHours } from './office-hours-setting';
import {
  type CursorMove,
  CursorMoves,
  type PlannedMessage,
  plannedMessage,
  type Recipient,
  writeBatch,
} from './plan-writes';
import { overridesFromRuleRows, PolicyBook } from './policy';
import { officePolicySetting } from './policy-setting';
import type { OrgDirectory } from './recipients';
import { type Audience, type PlanStep, planStep, type ReminderPoint } from './schedule';
import type { ReminderItem } from './texts';

export type { PlannedMessage } from './plan-writes';

/** Where calendars come from: `services().deadlines` (it holds the office's overrides). */
export interface CalendarSource {
  calendar(scope?: string): WorkCalendar;
}

/** `next_reminder_at` of a deadline that has nothing more to say (kept open, so no NULL: NULL means "plan me"). */
export const NO_MORE_REMINDERS = new Date(Date.UTC(9999, 11, 31));

/** Audit rows re-read on each pass, in case a transaction committed after a later one. */
const AUDIT_SLACK = 100;
const AUDIT_FIRST_LOOKBACK = 5000;

export interface PlannerOptions {
  db: DataSource;
  calendars: CalendarSource;
  officeHours: OfficeHours;
  publicUrl: string;
  logger: Logger;
  now?: () => Date;
  /** Deadlines per transaction. */
  batchSize?: number;
  /** Deadlines per pass at most (the loop comes back at once for the rest). */
  maxPerPass?: number;
  /** Messages worded and written at a time (a lot is garbage once written: a large pass holds less at once). */
  messagesPerWrite?: number;
}

export interface PassReport {
  at: Date;
  /** False when another process was planning (MySQL) or a pass was already running here. */
  ran: boolean;
  deadlinesRead: number;
  /** Organisation, subjects, names, rules and audit rows read. */
  otherRowsRead: number;
  /** Deadlines brought forward because the audit log shows they moved. */
  nudged: number;
  /** Deadlines whose due instant differed from their last plan. */
  replanned: number;
  /** Points sent (as items of messages) and points superseded by a later one. */
  items: number;
  skipped: number;
  messages: number;
  /** Outbox rows actually inserted (a repeated key is not). */
  written: number;
  batches: number;
  /** Dry runs: what would be written. */
  planned: PlannedMessage[];
}

interface DueRow {
  id: number;
  subjectType: string;
  subjectId: number;
  purpose: string;
  ruleCode: string | null;
  receivedAt: Date;
  dueDate: string;
  dueAt: Date;
  warnings: Deadline['warnings'];
  urgent: boolean;
  calendarScope: string;
  assigneeUserId: string | null;
  departmentId: string | null;
  remindedThrough: Date | null;
  reminderDueAt: Date | null;
  escalationLevel: number;
}

const DUE_COLUMNS = [
  'id',
  'subject_type',
  'subject_id',
  'purpose',
  'rule_code',
  'received_at',
  'due_date',
  'due_at',
  'warnings',
  'urgent',
  'calendar_scope',
  'assignee_user_id',
  'department_id',
];

const CURSOR_COLUMNS = 'deadline_id, next_reminder_at, reminded_through, reminder_due_at, escalation_level';

/** A due cursor, and its deadline when that is open (else the cursor is deleted, not planned). */
interface DueCursor {
  deadlineId: number;
  row: DueRow | null;
}

const LEVEL_OF: Record<Audience, number> = { assignee: 0, unit_head: 1, leader: 2 };

/** One deadline as planned by a pass. */
interface PlannedRow {
  row: DueRow;
  step: PlanStep;
  level: number;
  channel: OutboxChannel;
  urgent: boolean;
}

/** Where a planned deadline's cursor goes: its next point, its rung, the due instant planned for when it changed. */
function moveOf({ row, step, level }: PlannedRow): CursorMove {
  return {
    deadlineId: row.id,
    next: step.next?.at ?? NO_MORE_REMINDERS,
    level,
    dueAt: row.reminderDueAt?.getTime() !== row.dueAt.getTime() ? row.dueAt : null,
  };
}

type Transact = <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>;

/** SQLite: one pass at a time per database in this process (the process is the only writer). */
const planningSqlite = new WeakSet<DataSource>();

export class ReminderPlanner {
  private readonly db: DataSource;
  private readonly now: () => Date;
  private readonly batchSize: number;
  private readonly maxPerPass: number;
  private readonly messagesPerWrite: number;
  private auditWatermark: number | null = null;

  constructor(private readonly options: PlannerOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
    this.batchSize = options.batchSize ?? 10_000;
    this.maxPerPass = options.maxPerPass ?? 50_000;
    this.messagesPerWrite = options.messagesPerWrite ?? 400;
  }

  /**
   * Plans everything due at `now` (default: the clock). A dry run writes nothing and returns what it would write,
   * as if no pass had run since the deadlines were last planned.
   */
  async pass(options: { dryRun?: boolean; now?: Date } = {}): Promise<PassReport> {
    const now = options.now ?? this.now();
    const report: PassReport = {
      at: now,
      ran: true,
      deadlinesRead: 0,
      otherRowsRead: 0,
      nudged: 0,
      replanned: 0,
      items: 0,
      skipped: 0,
      messages: 0,
      written: 0,
      batches: 0,
      planned: [],
    };
    if (options.dryRun) {
      const due = await this.readDue(this.db.manager, now, this.maxPerPass, false);
      await this.planBatch(this.db.manager, openOf(due), now, report, true);
      return report;
    }
    const ran = await this.exclusive(async (transact) => {
      report.nudged = await transact((manager) => this.nudgeMoved(manager, report));
      while (report.deadlinesRead < this.maxPerPass) {
        const limit = Math.min(this.batchSize, this.maxPerPass - report.deadlinesRead);
        // One row more than planned says whether another batch is due, without a transaction that finds nothing.
        const more = await transact(async (manager) => {
          const due = await this.readDue(manager, now, limit + 1, true);
          const batch = due.slice(0, limit);
          await this.forget(manager, batch);
          await this.planBatch(manager, openOf(batch), now, report, false);
          return due.length > limit;
        });
        if (!more) break;
      }
    });
    report.ran = ran;
    if (report.written > 0) {
      this.options.logger.info(
        { deadlines: report.deadlinesRead, messages: report.written, replanned: report.replanned },
        'reminders planned',
      );
    }
    return report;
  }

  /** Runs `work` as the only planner: a MySQL named lock on one connection, or a per-process flag on SQLite. */
  private async exclusive(work: (transact: Transact) => Promise<void>): Promise<boolean> {
    if (!isMysql(this.db)) {
      if (planningSqlite.has(this.db)) return false;
      planningSqlite.add(this.db);
      try {
        await work((fn) => this.db.transaction(fn));
        return true;
      } finally {
        planningSqlite.delete(this.db);
      }
    }
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [database] = (await runner.query('SELECT DATABASE() AS name')) as { name: string }[];
      const lock = `duban.reminders.plan.${database?.name ?? ''}`.slice(0, 64);
      const [granted] = (await runner.query('SELECT GET_LOCK(?, 0) AS got', [lock])) as { got: number | string }[];
      if (Number(granted?.got) !== 1) return false;
      try {
        await work((fn) => runner.manager.transaction('READ COMMITTED', fn));
        return true;
      } finally {
        await runner.query('SELECT RELEASE_LOCK(?)', [lock]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Brings forward the deadlines the audit log shows as moved since the last pass, when their plan is stale. */
  private async nudgeMoved(manager: EntityManager, report: PassReport): Promise<number> {
    const [max] = (await manager.query('SELECT MAX(id) AS maxId FROM audit_log')) as { maxId: unknown }[];
    const latest = Number(max?.maxId ?? 0);
    const since = this.auditWatermark ?? Math.max(0, latest - AUDIT_FIRST_LOOKBACK);
    const rows: { subject_id: string }[] = await manager.query(
      "SELECT subject_id FROM audit_log WHERE id > ? AND subject_type = 'deadline' " +
        "AND action IN ('deadline.extended', 'deadline.recomputed') ORDER BY id LIMIT 10000",
      [since],
    );
    report.otherRowsRead += rows.length + 1;
    this.auditWatermark = Math.max(since, latest - AUDIT_SLACK);
    const ids = [...new Set(rows.map((r) => Number(r.subject_id)).filter(Number.isSafeInteger))];
    let nudged = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const result = await manager.queryRunner?.query(
        `UPDATE reminder_cursor SET next_reminder_at = NULL WHERE deadline_id IN (${chunk.map(() => '?').join(',')}) ` +
          "AND EXISTS (SELECT 1 FROM deadline d WHERE d.id = reminder_cursor.deadline_id AND d.status = 'open' " +
          'AND (reminder_cursor.reminder_due_at IS NULL OR reminder_cursor.reminder_due_at <> d.due_at))',
        chunk,
        true,
      );
      nudged += Number(result?.affected ?? 0);
    }
    return nudged;
  }

  /**
   * The cursors due at `now`, in order, with their deadlines as they are now. The cursors are locked (MySQL) for the
   * transaction; the deadlines are read by id without a lock, so a pass never waits for a deadline being changed.
   */
  private async readDue(manager: EntityManager, now: Date, limit: number, lock: boolean): Promise<DueCursor[]> {
    // Plain SQL and a hand-made row: hydrating thousands of entities costs more than reading them.
    const at = sqlInstant(this.db, now);
    const cursors: Record<string, unknown>[] = isMysql(this.db)
      ? // MySQL reads `IS NULL OR <= ?` as one range of the index (NULL sorts first).
        await manager.query(
          `SELECT ${CURSOR_COLUMNS} FROM reminder_cursor WHERE next_reminder_at IS NULL OR next_reminder_at <= ? ` +
            `ORDER BY next_reminder_at, deadline_id LIMIT ${Math.floor(limit)}${lock ? ' FOR UPDATE' : ''}`,
          [at],
        )
      : // SQLite would walk every cursor for the OR, to the end when fewer than `limit` are due: two ranges of the
        // index instead, in the same order (NULL sorts first).
        await manager.query(
          `SELECT ${CURSOR_COLUMNS} FROM reminder_cursor WHERE next_reminder_at IS NULL ` +
            `UNION ALL SELECT ${CURSOR_COLUMNS} FROM reminder_cursor WHERE next_reminder_at <= ? ` +
            `ORDER BY next_reminder_at, deadline_id LIMIT ${Math.floor(limit)}`,
          [at],
        );
    if (cursors.length === 0) return [];
    const deadlines: Record<string, unknown>[] = await manager.query(
      `SELECT ${DUE_COLUMNS.join(', ')} FROM deadline WHERE id IN (${cursors.map((c) => Number(c.deadline_id)).join(',')}) ` +
        "AND status = 'open'",
    );
    const byId = new Map(deadlines.map((r) => [Number(r.id), r]));
    return cursors.map((c) => {
      const deadlineId = Number(c.deadline_id);
      const r = byId.get(deadlineId);
      return { deadlineId, row: r ? dueRowOf(r, c) : null };
    });
  }

  /** Deletes the cursors of deadlines that closed or are gone (the deadline service deletes them as they close). */
  private async forget(manager: EntityManager, due: DueCursor[]): Promise<void> {
    const ids = due.flatMap((c) => (c.row ? [] : [c.deadlineId]));
    if (ids.length) await manager.query(`DELETE FROM reminder_cursor WHERE deadline_id IN (${ids.join(',')})`);
  }

  private async loadPolicies(manager: EntityManager, report: PassReport): Promise<PolicyBook> {
    const rows = await manager.getRepository(TimeLimitRule).find({ select: { code: true, definition: true } });
    report.otherRowsRead += rows.length;
    const overrides = overridesFromRuleRows(
      rows.map((r) => ({ code: r.code, definition: r.definition })),
      (warning) =>
        this.options.logger.warn(warning, 'invalid reminder settings in a time-limit rule; using the defaults'),
    );
    // The office's defaults (admin pages), re-read each batch like the rules: a change holds from the next pass.
    return new PolicyBook(overrides, (await officePolicySetting(manager)).policy);
  }

  private async planBatch(
    manager: EntityManager,
    rows: DueRow[],
    now: Date,
    report: PassReport,
    dryRun: boolean,
  ): Promise<void> {
    report.batches++;
    report.deadlinesRead += rows.length;
    if (rows.length === 0) return;
    // MySQL: composing reads only what this transaction does not write (subjects, names, the organisation), so it
    // reads on other connections of the pool — asked now, for every row read (nearly all of them send), while this
    // connection reads the policies and moves the cursors and the rows are planned here.
    const reading = isMysql(this.db) ? readComposition(this.db.manager, rows) : null;
    reading?.catch(() => undefined);
    const [policies, hours] = await Promise.all([
      this.loadPolicies(manager, report),
      currentOfficeHours(manager, this.options.officeHours),
    ]);

    const steps = rows.map((row) => this.planRow(row, policies, hours, now, report));
    // The cursors move on the database while the items are read, composed and worded here (none in a dry run).
    const moving = dryRun ? null : new CursorMoves(manager, now);
    await moving?.send(steps.map(moveOf));
    const sending = steps.filter((s) => s.step.send.length > 0);
    if (sending.length === 0) {
      await Promise.all([moving?.done(), reading?.catch(() => undefined)]);
      return;
    }
    const entries = sending.map(({ row, step, urgent }) => ({ row, points: step.send, urgent }));
    const group = async (): Promise<Recipient[]> => {
      const read = await (reading ??
        readComposition(
          manager,
          entries.map(({ row }) => row),
        ));
      const { items, org, rowsRead } = composeRead(read, this.options.calendars, entries, now);
      report.otherRowsRead += rowsRead;
      const groups = this.byRecipient(sending, items, org, report);
      report.messages += groups.length;
      return groups;
    };
    const { publicUrl } = this.options;
    if (moving === null) {
      report.planned.push(...(await group()).map((recipient) => plannedMessage(recipient, publicUrl)));
      return;
    }
    const countedOn = formatISODate(shanghaiDayNumber(now));
    report.written += await writeBatch(
      manager,
      { moving, perWrite: this.messagesPerWrite },
      { publicUrl, now, countedOn },
      group,
    );
  }

  /** What a pass does with one deadline: the points it sends now, the next one, the rung it reaches. */
  private planRow(row: DueRow, policies: PolicyBook, hours: OfficeHours, now: Date, report: PassReport): PlannedRow {
    const policy = policies.policyFor(row.ruleCode, row.subjectType);
    const moved = row.reminderDueAt === null || row.reminderDueAt.getTime() !== row.dueAt.getTime();
    if (moved && row.reminderDueAt !== null) report.replanned++;
    let step: PlanStep;
    try {
      const calendar = this.options.calendars.calendar(row.calendarScope);
      step = planStep(row, { policy, calendar, hours }, row.remindedThrough, now);
    } catch (err) {
      // One bad row (a date outside the calendar's range) must not hold up every other reminder: look again
      // tomorrow, and say why.
      this.options.logger.error({ err, deadlineId: row.id }, 'cannot plan the reminders of a deadline');
      const retry = new Date(now.getTime() + 86_400_000);
      step = { send: [], skipped: [], next: { at: retry, kind: 'due', audience: 'assignee', key: 'retry' } };
    }
    let level = moved ? 0 : row.escalationLevel;
    for (const point of step.send) level = Math.max(level, LEVEL_OF[point.audience]);
    // Urgent items may go out outside office hours only while there is still time to act on them.
    const urgent = (row.urgent || policy.urgent) && row.dueAt > now;
    report.skipped += step.skipped.length;
    return { row, step, level, channel: policy.channel, urgent };
  }

  /** The items of a batch by the person (and channel) they go to: several become one digest. */
  private byRecipient(
    sending: readonly { row: DueRow; channel: OutboxChannel }[],
    composed: readonly ReminderItem[][],
    org: OrgDirectory,
    report: PassReport,
  ): Recipient[] {
    const byRecipient = new Map<string, Recipient>();
    sending.forEach(({ row, channel }, n) => {
      for (const item of composed[n] ?? []) {
        const { point } = item;
        const { recipients, candidates } = this.recipientsOf(row, point, org);
        if (candidates === 0) {
          this.options.logger.warn(
            { deadlineId: row.id, audience: point.audience, departmentId: row.departmentId },
            'a reminder has nobody to go to (no person, unit head or leader on record); skipped',
          );
        }
        for (const recipient of recipients) {
          const key = `${recipient}\u0000${channel}`;
          const entry = byRecipient.get(key) ?? { recipient, channel, items: [] };
          entry.items.push(item);
          byRecipient.set(key, entry);
        }
        report.items++;
      }
    });
    return [...byRecipient.values()];
  }

  /**
   * Who hears of one point. The ladder skips the person responsible (a unit head who handles the matter is not
   * told about it as its head); `candidates` says whether anyone stood on that rung at all.
   */
  private recipientsOf(
    row: DueRow,
    point: ReminderPoint,
    org: OrgDirectory,
  ): { recipients: string[]; candidates: number } {
    // The common case, the person responsible named on the deadline, without building a set.
    if (point.audience === 'assignee' && row.assigneeUserId) return { recipients: [row.assigneeUserId], candidates: 1 };
    const heads = org.unitHeads(row.departmentId);
    let people: string[];
    switch (point.audience) {
      case 'assignee':
        people = heads;
        break;
      case 'unit_head':
        people = heads;
        break;
      case 'leader': {
        const leader = org.leaderOf(row.departmentId);
        people = leader ? [leader] : [];
        break;
      }
    }
    const recipients = [...new Set(people)].filter((id) => point.audience === 'assignee' || id !== row.assigneeUserId);
    return { recipients, candidates: people.length };
  }
}

/** The open deadlines of due cursors. */
function openOf(due: DueCursor[]): DueRow[] {
  return due.flatMap((c) => (c.row ? [c.row] : []));
}

/** A deadline row and its cursor, as read by plain SQL. */
function dueRowOf(r: Record<string, unknown>, cursor: Record<string, unknown>): DueRow {
  return {
    id: Number(r.id),
    subjectType: String(r.subject_type),
    subjectId: Number(r.subject_id),
    purpose: String(r.purpose),
    ruleCode: (r.rule_code as string | null) ?? null,
    receivedAt: instantOf(r.received_at) as Date,
    dueDate: String(r.due_date),
    dueAt: instantOf(r.due_at) as Date,
    warnings: typeof r.warnings === 'string' && r.warnings.length > 0 ? JSON.parse(r.warnings) : null,
    urgent: Boolean(Number(r.urgent)),
    calendarScope: String(r.calendar_scope),
    assigneeUserId: (r.assignee_user_id as string | null) ?? null,
    departmentId: (r.department_id as string | null) ?? null,
    remindedThrough: instantOf(cursor.reminded_through),
    reminderDueAt: instantOf(cursor.reminder_due_at),
    escalationLevel: Number(cursor.escalation_level ?? 0),
  };
}
