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
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Deadline, type OutboxChannel, TimeLimitRule } from '../../entities';
import { isMysql } from '../../entities/data-source';
import { formatISODate, shanghaiDayNumber, type WorkCalendar } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import type { Logger } from '../logging/logger';
import { composeItems, contentOf, MAX_ITEMS_IN_PAYLOAD, payloadItems } from './compose';
import { instantOf } from './describe';
import type { OfficeHours } from './office-hours';
import { currentOfficeHours } from './office-hours-setting';
import { enqueueNotifications, type NewNotification } from './outbox';
import { overridesFromRuleRows, PolicyBook } from './policy';
import type { OrgDirectory } from './recipients';
import { type Audience, type PlanStep, planStep, type ReminderPoint } from './schedule';
import type { MessageContent, ReminderItem } from './texts';

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

/** A message the pass wrote (or, in a dry run, would write). */
export interface PlannedMessage {
  idempotencyKey: string;
  channel: OutboxChannel;
  kind: string;
  recipientUserId: string;
  content: MessageContent;
  items: ReminderItem[];
  urgent: boolean;
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
    return new PolicyBook(overrides);
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
    const policies = await this.loadPolicies(manager, report);
    const hours = await currentOfficeHours(manager, this.options.officeHours);

    const steps: { row: DueRow; step: PlanStep; level: number; channel: OutboxChannel; urgent: boolean }[] = [];
    for (const row of rows) {
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
      steps.push({ row, step, level, channel: policy.channel, urgent });
      report.skipped += step.skipped.length;
    }

    const sending = steps.filter((s) => s.step.send.length > 0);
    if (sending.length === 0) {
      if (!dryRun) await this.advance(manager, steps, now);
      return;
    }
    const {
      items: composed,
      org,
      rowsRead,
    } = await composeItems(
      manager,
      this.options.calendars,
      sending.map(({ row, step, urgent }) => ({ row, points: step.send, urgent })),
      now,
    );
    report.otherRowsRead += rowsRead;

    const byRecipient = new Map<string, { recipient: string; channel: OutboxChannel; items: ReminderItem[] }>();
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
    const groups = [...byRecipient.values()];
    report.messages += groups.length;
    const countedOn = formatISODate(shanghaiDayNumber(now));
    for (let i = 0; i < groups.length; i += this.messagesPerWrite) {
      const messages = groups
        .slice(i, i + this.messagesPerWrite)
        .map(({ recipient, channel, items }) => this.messageFor(recipient, channel, items));
      if (dryRun) {
        report.planned.push(...messages);
        continue;
      }
      report.written += await enqueueNotifications(
        manager,
        messages.map((m) => this.notificationOf(m, now, countedOn)),
        now,
      );
    }
    if (!dryRun) await this.advance(manager, steps, now);
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

  private messageFor(recipient: string, channel: OutboxChannel, unsorted: ReminderItem[]): PlannedMessage {
    const items = [...unsorted].sort(
      (a, b) => a.point.at.getTime() - b.point.at.getTime() || a.deadlineId - b.deadlineId,
    );
    const urgent = items.some((i) => i.urgent);
    const content = contentOf(items, this.options.publicUrl);
    const [only] = items;
    if (only && items.length === 1) {
      return {
        idempotencyKey: `${only.point.key}:${recipient}`.slice(0, 191),
        channel,
        kind: only.point.kind,
        recipientUserId: recipient,
        content,
        items,
        urgent,
      };
    }
    const digest = createHash('sha256')
      .update(
        items
          .map((i) => i.point.key)
          .sort()
          .join('\n'),
      )
      .digest('hex')
      .slice(0, 40);
    return {
      idempotencyKey: `digest:${recipient}:${digest}`,
      channel,
      kind: 'digest',
      recipientUserId: recipient,
      content,
      items,
      urgent,
    };
  }

  private notificationOf(message: PlannedMessage, now: Date, countedOn: string): NewNotification {
    const [first] = message.items;
    const single = message.items.length === 1 && first;
    const deadlineIds = [...new Set(message.items.map((i) => i.deadlineId))];
    return {
      idempotencyKey: message.idempotencyKey,
      channel: message.channel,
      kind: message.kind,
      recipientUserId: message.recipientUserId,
      subjectType: single ? first.subjectType : null,
      subjectId: single ? first.subjectId : null,
      scheduledAt: now,
      payload: {
        ...message.content,
        ...(message.urgent ? { urgent: true } : {}),
        ...(deadlineIds.length <= MAX_ITEMS_IN_PAYLOAD ? { deadlineIds } : {}),
        items: payloadItems(message.items),
        countedOn,
      },
    };
  }

  /**
   * Moves the cursors of every deadline read. The due instant planned for is written only where it changed (a new
   * or moved deadline): most cursors then differ only in their next instant and rung, and most share those too.
   */
  private async advance(
    manager: EntityManager,
    steps: { row: DueRow; step: PlanStep; level: number }[],
    now: Date,
  ): Promise<void> {
    const through = sqlInstant(this.db, now);
    await this.writeCursors(
      manager,
      ['next_reminder_at', 'escalation_level', 'reminded_through'],
      steps.map(({ row, step, level }) => ({
        id: row.id,
        values: [sqlInstant(this.db, step.next?.at ?? NO_MORE_REMINDERS), level, through],
      })),
    );
    await this.writeCursors(
      manager,
      ['reminder_due_at'],
      steps
        .filter(({ row }) => row.reminderDueAt?.getTime() !== row.dueAt.getTime())
        .map(({ row }) => ({ id: row.id, values: [sqlInstant(this.db, row.dueAt)] })),
    );
  }

  /**
   * Sets `columns` of the cursors to each row's `values`: cursors given the same values share one statement (most
   * of them: tomorrow's opening), the rest go 500 to a statement with CASE.
   */
  private async writeCursors(
    manager: EntityManager,
    columns: string[],
    rows: { id: number; values: unknown[] }[],
  ): Promise<void> {
    const groups = new Map<string, { values: unknown[]; ids: number[] }>();
    for (const { id, values } of rows) {
      const key = JSON.stringify(values);
      const group = groups.get(key) ?? { values, ids: [] };
      group.ids.push(id);
      groups.set(key, group);
    }
    const scattered: { id: number; values: unknown[] }[] = [];
    for (const { values, ids } of groups.values()) {
      if (ids.length < 20) {
        for (const id of ids) scattered.push({ id, values });
        continue;
      }
      // Ids are integers read from the table: written out, not bound (SQLite binds at most 32,766 values).
      await manager.query(
        `UPDATE reminder_cursor SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE deadline_id IN (${ids.join(',')})`,
        values,
      );
    }
    for (let i = 0; i < scattered.length; i += 500) {
      const chunk = scattered.slice(i, i + 500);
      const whens = chunk.map(() => 'WHEN ? THEN ?').join(' ');
      await manager.query(
        `UPDATE reminder_cursor SET ${columns.map((c) => `${c} = CASE deadline_id ${whens} END`).join(', ')} ` +
          `WHERE deadline_id IN (${chunk.map((c) => c.id).join(',')})`,
        columns.flatMap((_, k) => chunk.flatMap((c) => [c.id, c.values[k]])),
      );
    }
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
