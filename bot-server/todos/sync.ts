/**
 * Keeps each person's DingTalk 待办 in line with their open deadlines, by reconciliation rather than hooks in the
 * domain code: a pass compares the desired state (every open deadline of a kind switched on, with a person who has
 * a unionId) with the actual one (`dingtalk_todo`, what DingTalk holds as far as Duban knows) and acts on the
 * differences, a bounded batch at a time. It cannot lose a change — whatever moved a deadline, the next pass sees the
 * difference — and a pass that finds nothing to do calls nothing.
 *
 * For one deadline (its current row, if any):
 * - no row, deadline open and wanted → a row `creating` with its source id is committed, then DingTalk is asked
 *   to create the to-do; the answer's task id makes it `open`;
 * - `creating` (an earlier create failed, or its answer was lost, or the process stopped) → the create is repeated
 *   with the same source id; DingTalk refuses a second task with it ("task exist") and the first is found by it.
 *   Never a duplicate;
 * - due instant moved (extension, recomputation after a calendar change) → update `dueTime` (and the time limit line);
 * - deadline closed → update `done: true` (the row `done`); reopened → `done: false`;
 * - another person now (handover), the person gone, the kind switched off, the deadline gone → the row is
 *   `withdrawing` (committed), DingTalk deletes the to-do, the row is `withdrawn`; the new person's to-do is created
 *   in the same step under a new source id. A kind switched off withdraws its open to-dos; completed ones stay.
 * A failed call leaves the row as it was, with `attempts`, `last_error` and `next_attempt_at` (30 s · 2ⁿ⁻¹, at most an
 * hour); nothing else waits for it.
 *
 * One pass at a time: on MySQL/MariaDB a named lock (`GET_LOCK`) held by the connection of the pass (released by the
 * server if the process dies), on SQLite a flag per process. Under it no two processes call DingTalk for one row.
 */
import { type DataSource, In, LessThanOrEqual } from 'typeorm';
import { Deadline, DingTalkTodo, type DingTalkTodoState, User } from '../../entities';
import { isMysql } from '../../entities/data-source';
import { sqlInstant } from '../db/sql-instant';
import type { TodoClient } from '../dingtalk/todo-client';
import type { Logger } from '../logging/logger';
import { actionOfPurpose, describedKey, describeSubjects } from '../reminders/describe';
import type { SubjectInfo } from '../reminders/texts';
import { subjectsOf, type TodoKind } from './kinds';
import { movedTodo, newTodoTask } from './texts';

export interface TodoSyncOptions {
  db: DataSource;
  client: TodoClient;
  /** The kinds switched on (`DINGTALK_TODO_KINDS`). */
  kinds: readonly TodoKind[];
  /** `PUBLIC_URL`: to-dos open `/m/<subjectType>/<id>` under it. */
  publicUrl: string;
  logger: Logger;
  now?: () => Date;
  /** Deadlines (and withdrawn rows) handled per pass. Default 100. */
  batch?: number;
}

export interface SyncReport {
  created: number;
  moved: number;
  completed: number;
  reopened: number;
  withdrawn: number;
  failed: number;
}

const CURRENT: DingTalkTodoState[] = ['creating', 'open', 'done'];
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;
const passingSqlite = new WeakSet<DataSource>();

/** The wait before attempt n + 1 after n failures in a row: 30 s · 2ⁿ⁻¹, at most an hour. */
export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

export class TodoSync {
  private readonly now: () => Date;
  private readonly batch: number;
  private readonly subjects: string[];

  constructor(private readonly options: TodoSyncOptions) {
    this.now = options.now ?? (() => new Date());
    this.batch = options.batch ?? 100;
    this.subjects = subjectsOf(options.kinds);
  }

  /** One pass; resolves to what it did (all zero when another process is passing, or nothing differs). */
  async pass(): Promise<SyncReport> {
    const report: SyncReport = { created: 0, moved: 0, completed: 0, reopened: 0, withdrawn: 0, failed: 0 };
    await this.exclusive(async () => {
      const repo = this.options.db.getRepository(DingTalkTodo);
      const leaving = await repo.find({
        where: { state: 'withdrawing', nextAttemptAt: LessThanOrEqual(this.now()) },
        order: { nextAttemptAt: 'ASC', id: 'ASC' },
        take: this.batch,
      });
      for (const row of leaving) await this.delete(row, report);
      const ids = await this.differing(this.batch - leaving.length);
      if (ids.length > 0) await this.reconcile(ids, report);
    });
    return report;
  }

  /** How many actions a report counts (the loop runs again at once while a pass did something). */
  static handled(report: SyncReport): number {
    return Object.values(report).reduce((sum, n) => sum + n, 0);
  }

  /** Deadlines whose to-do differs from what they want now: first those with a row, then those without. */
  private async differing(limit: number): Promise<number[]> {
    if (limit <= 0) return [];
    const db = this.options.db;
    const now = sqlInstant(db, this.now());
    const kinds = this.subjects.map(() => '?').join(', ');
    const kindOff = this.subjects.length > 0 ? `t.subject_type NOT IN (${kinds})` : '1 = 1';
    const current = CURRENT.map((s) => `'${s}'`).join(', ');
    const rows: { id: unknown }[] = await db.query(
      `SELECT t.deadline_id AS id FROM dingtalk_todo t LEFT JOIN deadline d ON d.id = t.deadline_id ` +
        'LEFT JOIN app_user u ON u.id = d.assignee_user_id ' +
        `WHERE t.state IN (${current}) AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= ?) ` +
        "AND (t.state <> 'done' OR d.status = 'open') " +
        "AND (d.id IS NULL OR t.state <> 'open' OR d.status <> 'open' OR d.assignee_user_id IS NULL " +
        "OR d.assignee_user_id <> t.user_id OR u.union_id IS NULL OR u.union_id = '' OR u.active = 0 " +
        `OR d.due_at <> t.due_at OR ${kindOff}) ORDER BY t.id LIMIT ${Math.floor(limit)}`,
      [now, ...this.subjects],
    );
    const ids = rows.map((r) => Number(r.id));
    if (ids.length >= limit || this.subjects.length === 0) return ids;
    const missing: { id: unknown }[] = await db.query(
      'SELECT d.id AS id FROM deadline d JOIN app_user u ON u.id = d.assignee_user_id ' +
        `WHERE d.status = 'open' AND d.subject_type IN (${kinds}) AND u.union_id IS NOT NULL AND u.union_id <> '' ` +
        'AND u.active = 1 AND NOT EXISTS (SELECT 1 FROM dingtalk_todo t WHERE t.deadline_id = d.id ' +
        `AND t.state IN (${current})) ORDER BY d.due_at, d.id LIMIT ${Math.floor(limit - ids.length)}`,
      this.subjects,
    );
    return [...ids, ...missing.map((r) => Number(r.id))];
  }

  private async reconcile(ids: number[], report: SyncReport): Promise<void> {
    const manager = this.options.db.manager;
    const deadlines = await manager.getRepository(Deadline).findBy({ id: In(ids) });
    const rows = await manager.getRepository(DingTalkTodo).findBy({ deadlineId: In(ids), state: In(CURRENT) });
    const owners = deadlines.flatMap((d) => (d.assigneeUserId ? [d.assigneeUserId] : []));
    const users = owners.length ? await manager.getRepository(User).findBy({ id: In(owners) }) : [];
    const { subjects } = await describeSubjects(manager, deadlines);
    const byId = new Map(deadlines.map((d) => [d.id, d]));
    const rowOf = new Map(rows.map((r) => [r.deadlineId, r]));
    const userOf = new Map(users.map((u) => [u.id, u]));
    for (const id of ids) {
      const deadline = byId.get(id) ?? null;
      const owner = deadline?.assigneeUserId ? userOf.get(deadline.assigneeUserId) : undefined;
      const subject = deadline ? subjects.get(describedKey(deadline)) : undefined;
      await this.one(deadline, rowOf.get(id) ?? null, owner ?? null, subject ?? null, report);
    }
  }

  /** Brings one deadline's to-do in line (see the header). */
  private async one(
    deadline: Deadline | null,
    found: DingTalkTodo | null,
    owner: User | null,
    subject: SubjectInfo | null,
    report: SyncReport,
  ): Promise<void> {
    let row = found;
    const closed = deadline?.status === 'closed';
    const unionId = owner?.active && owner.unionId ? owner.unionId : null;
    const wanted =
      deadline !== null &&
      (closed ? row !== null && row.userId === deadline.assigneeUserId : this.subjects.includes(deadline.subjectType));
    if (row && (!wanted || row.userId !== deadline?.assigneeUserId || (!closed && !unionId))) {
      await this.withdraw(row, report);
      row = null;
    }
    if (!deadline || !wanted || !subject) return;
    try {
      if (!row) {
        if (closed || !owner || !unionId) return;
        row = await this.reserve(deadline, owner.id, unionId);
      }
      if (row.state === 'creating') {
        const task = await this.options.client.createOnce(
          row.unionId,
          newTodoTask({
            sourceId: row.sourceId,
            unionId: row.unionId,
            subject,
            fallbackAction: actionOfPurpose(deadline.purpose),
            deadline,
            publicUrl: this.options.publicUrl,
          }),
        );
        row = await this.save(row, { taskId: task.id, state: 'open', dueAt: deadline.dueAt });
        report.created++;
      }
      const taskId = row.taskId ?? '';
      if (row.dueAt.getTime() !== deadline.dueAt.getTime() && !closed) {
        if (!(await this.options.client.update(row.unionId, taskId, movedTodo(subject, deadline)))) {
          return await this.lost(row, report);
        }
        row = await this.save(row, { dueAt: deadline.dueAt });
        report.moved++;
      }
      if ((row.state === 'done') !== closed) {
        if (!(await this.options.client.update(row.unionId, taskId, { done: closed }))) {
          return await this.lost(row, report);
        }
        row = await this.save(row, { state: closed ? 'done' : 'open' });
        report[closed ? 'completed' : 'reopened']++;
      }
    } catch (err) {
      if (row) await this.failed(row, err, report);
      else throw err;
    }
  }

  /** A row `creating` with the deadline's next source id, committed before DingTalk is called. */
  private async reserve(deadline: Deadline, userId: string, unionId: string): Promise<DingTalkTodo> {
    const repo = this.options.db.getRepository(DingTalkTodo);
    const earlier = await repo.countBy({ deadlineId: deadline.id });
    const inserted = await repo.insert({
      deadlineId: deadline.id,
      subjectType: deadline.subjectType,
      userId,
      unionId,
      sourceId: `duban-dl${deadline.id}-${earlier + 1}`,
      taskId: null,
      dueAt: deadline.dueAt,
      state: 'creating',
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
    });
    return repo.findOneByOrFail({ id: Number(inserted.identifiers[0]?.id) });
  }

  /** Takes a row out of the current ones (committed), then has DingTalk delete its to-do. */
  private async withdraw(row: DingTalkTodo, report: SyncReport): Promise<void> {
    await this.delete(await this.save(row, { state: 'withdrawing', nextAttemptAt: this.now() }), report);
  }

  private async delete(row: DingTalkTodo, report: SyncReport): Promise<void> {
    const client = this.options.client;
    try {
      // A create whose answer never came may still have made the to-do: find it by its source id.
      const taskId = row.taskId ?? (await client.getBySourceId(row.unionId, row.sourceId))?.id ?? null;
      if (taskId) await client.delete(row.unionId, taskId);
      await this.save(row, { state: 'withdrawn', taskId, nextAttemptAt: null });
      report.withdrawn++;
    } catch (err) {
      await this.failed(row, err, report);
    }
  }

  /** The to-do is gone from DingTalk (deleted there by hand): the row is withdrawn; the next pass creates anew. */
  private async lost(row: DingTalkTodo, report: SyncReport): Promise<void> {
    await this.save(row, { state: 'withdrawn', nextAttemptAt: null, lastError: 'the to-do is no longer in DingTalk' });
    report.withdrawn++;
  }

  private async failed(row: DingTalkTodo, err: unknown, report: SyncReport): Promise<void> {
    const attempts = row.attempts + 1;
    this.options.logger.warn(
      { err, todo: row.id, deadline: row.deadlineId, attempts },
      'a DingTalk to-do call failed; it is tried again later',
    );
    await this.save(row, {
      attempts,
      nextAttemptAt: new Date(this.now().getTime() + backoffMs(attempts)),
      lastError: errorText(err),
    });
    report.failed++;
  }

  /** Writes the changes (a success also clears the failure count) and returns the row as it now is. */
  private async save(row: DingTalkTodo, changes: Partial<DingTalkTodo>): Promise<DingTalkTodo> {
    const success = !('lastError' in changes) && !('attempts' in changes);
    const next = {
      ...changes,
      ...(success ? { attempts: 0, lastError: null } : {}),
      ...(success && !('nextAttemptAt' in changes) ? { nextAttemptAt: null } : {}),
    };
    await this.options.db.getRepository(DingTalkTodo).update({ id: row.id }, next);
    return Object.assign(row, next);
  }

  /** Runs `work` as the only pass: a MySQL named lock on one connection, or a per-process flag on SQLite. */
  private async exclusive(work: () => Promise<void>): Promise<void> {
    const db = this.options.db;
    if (!isMysql(db)) {
      if (passingSqlite.has(db)) return;
      passingSqlite.add(db);
      try {
        return await work();
      } finally {
        passingSqlite.delete(db);
      }
    }
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      const [database] = (await runner.query('SELECT DATABASE() AS name')) as { name: string }[];
      const lock = `duban.todos.sync.${database?.name ?? ''}`.slice(0, 64);
      const [granted] = (await runner.query('SELECT GET_LOCK(?, 0) AS got', [lock])) as { got: number | string }[];
      if (Number(granted?.got) !== 1) return;
      try {
        await work();
      } finally {
        await runner.query('SELECT RELEASE_LOCK(?)', [lock]);
      }
    } finally {
      await runner.release();
    }
  }
}
