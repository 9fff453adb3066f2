import { type DataSource, type EntityManager } from 'typeorm';
import {
  CalendarOverride as CalendarOverrideRow,
  Deadline as DeadlineRow,
  type DeadlineSubject,
  Department,
  type JsonObject,
  ReminderCursor,
  TimeLimitRule as TimeLimitRuleRow,
} from '../../entities';
import { audit } from '../audit/audit';
import {
  type CalendarChange,
  CalendarError,
  type CalendarOverride,
  CalendarRegistry,
  type DayInfo,
  formatISODate,
  OFFICE_SCOPE,
  parseISODate,
  type ResolvedHolidayData,
  shanghaiDayNumber,
  shanghaiInstant,
  type WorkCalendar,
} from '../calendar';
import type { Logger } from '../logging/logger';
import {
  applyExtension,
  checkPlannedDate,
  computeDeadline,
  type Deadline,
  dueDateOf,
  EXPLICIT_EXTENSION_POLICY,
  type ExtensionPolicy,
  type ExtensionRequest,
  extendExplicit,
  type LimitUnit,
  RuleBook,
  type RuleOverride,
  type StoredDeadline,
  type TimeLimitRule,
} from '../timelimits';
import { checkNotice, loadedNotices, noticeReason, officialData, storeNotice } from './holiday-notices';
import { type Recomputed, recomputeAffected } from './recompute';
import { columnsOf, storedOf } from './rows';

export interface NewDeadline {
  subjectType: DeadlineSubject;
  subjectId: number;
  purpose: string;
  ruleCode: string;
  receivedAt: Date;
  assigneeUserId?: string | null;
  departmentId?: string | null;
  /** The unit whose calendar applies; the whole office's by default. */
  calendarScope?: string;
  urgent?: boolean;
}

export interface OverrideInput {
  date: string;
  kind: 'off' | 'workday';
  reason: string;
  scope?: string;
}

/** What an override change did to the stored deadlines. */
export interface RecomputeReport {
  changes: CalendarChange[];
  recomputed: Recomputed;
}

/**
 * The database side of the calendar and the time limits: it holds the calendars (official data + the overrides
 * in `calendar_override`) and the rule book (shipped defaults + `time_limit_rule` rows), writes deadlines with
 * everything needed to recompute them, and recomputes the open ones a calendar change moves — audited, in the
 * same transaction as the change. Calendars and rules are swapped only after that transaction commits.
 */
export class DeadlineService {
  private constructor(
    private readonly db: () => DataSource,
    private readonly logger: Logger,
    private registry: CalendarRegistry,
    private rules: RuleBook,
  ) {}

  static async load(db: () => DataSource, logger: Logger): Promise<DeadlineService> {
    const ds = db();
    const overrides = await ds.getRepository(CalendarOverrideRow).find({ order: { id: 'ASC' } });
    const ruleRows = await ds.getRepository(TimeLimitRuleRow).find();
    const holidays = officialData(await loadedNotices(ds.manager));
    return new DeadlineService(
      db,
      logger,
      DeadlineService.registryWith(overrides.map(toOverride), logger, holidays),
      new RuleBook().withOverrides(ruleRows.map((r) => ({ ...r.definition, code: r.code }) as RuleOverride)),
    );
  }

  private static registryWith(
    overrides: CalendarOverride[],
    logger: Logger,
    holidays: ResolvedHolidayData,
  ): CalendarRegistry {
    return new CalendarRegistry({
      holidays,
      overrides,
      onWarning: (warning) => logger.warn({ year: warning.year }, warning.message),
    });
  }

  calendar(scope: string = OFFICE_SCOPE): WorkCalendar {
    return this.registry.calendar(scope);
  }

  rule(code: string): TimeLimitRule {
    return this.rules.get(code);
  }

  listRules(): TimeLimitRule[] {
    return this.rules.list();
  }

  listOverrides(): CalendarOverride[] {
    return this.registry.listOverrides();
  }

  /** The override rows with who set them and when, for the administrator. */
  listOverrideRows(): Promise<CalendarOverrideRow[]> {
    return this.db()
      .getRepository(CalendarOverrideRow)
      .find({ order: { date: 'ASC', scope: 'ASC' } });
  }

  /**
   * The days from `from` to `to` (YYYY-MM-DD) of a scope's calendar, each refused outside the plausible planned
   * days seen from `now` (2000 … five years ahead, TimeLimitError), so far-off dates get a clear refusal.
   */
  async days(
    from: string,
    to: string,
    scope: string = OFFICE_SCOPE,
    now: Date = new Date(),
  ): Promise<{ scope: string; version: string; days: DayInfo[] }> {
    checkPlannedDate(from, now, '查询日期');
    checkPlannedDate(to, now, '查询日期');
    await this.requireScope(scope);
    const calendar = this.registry.calendar(scope);
    return { scope: calendar.scope, version: calendar.version, days: calendar.days(from, to) };
  }

  /**
   * Computes a deadline without storing it (the API's preview); a receipt outside the plausible planned days seen
   * from `now` is refused (TimeLimitError).
   */
  async preview(
    ruleCode: string,
    receivedAt: Date,
    scope: string = OFFICE_SCOPE,
    now: Date = new Date(),
  ): Promise<Deadline> {
    checkPlannedDate(formatISODate(shanghaiDayNumber(receivedAt)), now, '收到时间');
    await this.requireScope(scope);
    return computeDeadline(this.rules.get(ruleCode), receivedAt, this.registry.calendar(scope));
  }

  /** Computes and stores a deadline in the caller's transaction. */
  async create(manager: EntityManager, input: NewDeadline): Promise<DeadlineRow> {
    const scope = input.calendarScope ?? OFFICE_SCOPE;
    const deadline = computeDeadline(this.rules.get(input.ruleCode), input.receivedAt, this.registry.calendar(scope));
    return insertDeadline(manager, input, { ruleCode: input.ruleCode, ...columnsOf(deadline) });
  }

  /**
   * Stores a deadline a person set explicitly (a due date rather than a rule): it ends at 24:00 Shanghai of that
   * day, keeps no rule inputs, and is not moved by calendar changes.
   */
  async createExplicit(
    manager: EntityManager,
    input: Omit<NewDeadline, 'ruleCode'> & { dueDate: string },
  ): Promise<DeadlineRow> {
    return this.insertExplicit(
      manager,
      input,
      input.dueDate,
      shanghaiInstant(parseISODate(input.dueDate) + 1, 0),
      null,
    );
  }

  /**
   * Stores a deadline at an exact instant a person set (a meeting's confirm-by time), with its own reminder points;
   * like `createExplicit`, it keeps no rule inputs and is not moved by calendar changes.
   */
  async createAtInstant(
    manager: EntityManager,
    input: Omit<NewDeadline, 'ruleCode'> & { dueAt: Date; warnings?: { kind: string; at: Date; label: string }[] },
  ): Promise<DeadlineRow> {
    const warnings = input.warnings?.map((w) => ({ kind: w.kind, at: w.at.toISOString(), label: w.label })) ?? null;
    // A confirm-by of 00:00 closes the day before: that is the date shown.
    return this.insertExplicit(manager, input, dueDateOf(input.dueAt), input.dueAt, warnings);
  }

  private insertExplicit(
    manager: EntityManager,
    input: Omit<NewDeadline, 'ruleCode'>,
    dueDate: string,
    dueAt: Date,
    warnings: DeadlineRow['warnings'],
  ): Promise<DeadlineRow> {
    const scope = input.calendarScope ?? OFFICE_SCOPE;
    return insertDeadline(manager, input, {
      ruleCode: null,
      receivedDate: formatISODate(shanghaiDayNumber(input.receivedAt)),
      dueDate,
      dueAt,
      originalDueDate: dueDate,
      originalDueAt: dueAt,
      approximate: false,
      calendarVersion: this.registry.calendar(scope).version,
      calendarScope: scope,
      inputs: null,
      extensions: null,
      warnings,
    });
  }

  /**
   * What an extension would make of a deadline, checked as `extend` checks it, without storing anything (the
   * request's preview): under the rule's policy, or for an explicit deadline under EXPLICIT_EXTENSION_POLICY.
   */
  previewExtension(row: DeadlineRow, request: ExtensionRequest): { dueDate: string; dueAt: Date; unit: LimitUnit } {
    const calendar = this.registry.calendar(row.calendarScope);
    if (!row.inputs || !row.ruleCode) {
      const extended = extendExplicit(explicitOf(row), request, calendar);
      return { dueDate: extended.dueDate, dueAt: extended.dueAt, unit: EXPLICIT_EXTENSION_POLICY.unit };
    }
    const rule = this.rules.get(row.ruleCode);
    const extended = applyExtension(deadlineOf(row), rule, request, calendar);
    return { dueDate: extended.dueDate, dueAt: extended.dueAt, unit: rule.extension?.unit ?? 'day' };
  }

  /** The extension policy of a deadline: its rule's, or the one for explicit deadlines; null when none. */
  extensionPolicyOf(row: DeadlineRow): ExtensionPolicy | null {
    return row.ruleCode && row.inputs ? (this.rules.get(row.ruleCode).extension ?? null) : EXPLICIT_EXTENSION_POLICY;
  }

  /**
   * Grants an extension under the rule's policy (before expiry, count and amount caps, approver role) — or, for an
   * explicit deadline, EXPLICIT_EXTENSION_POLICY — keeping the original due date for assessment; audited in the
   * caller's transaction. Refusals are TimeLimitErrors.
   */
  async extend(
    manager: EntityManager,
    deadlineId: number,
    request: ExtensionRequest & { approvedBy: string },
  ): Promise<DeadlineRow> {
    const row = await manager.getRepository(DeadlineRow).findOneByOrFail({ id: deadlineId });
    const calendar = this.registry.calendar(row.calendarScope);
    let after: { dueDate: string; dueAt: Date };
    if (!row.inputs || !row.ruleCode) {
      const extended = extendExplicit(explicitOf(row), request, calendar);
      await manager.update(
        DeadlineRow,
        { id: deadlineId },
        {
          dueDate: extended.dueDate,
          dueAt: extended.dueAt,
          extensions: extended.extensions as unknown as JsonObject[],
        },
      );
      after = extended;
    } else {
      const extended = applyExtension(deadlineOf(row), this.rules.get(row.ruleCode), request, calendar);
      await manager.update(DeadlineRow, { id: deadlineId }, columnsOf(extended));
      after = extended;
    }
    await audit(manager, {
      actor: request.approvedBy,
      action: 'deadline.extended',
      subjectType: 'deadline',
      subjectId: deadlineId,
      before: { dueDate: row.dueDate, dueAt: row.dueAt.toISOString() },
      after: { dueDate: after.dueDate, dueAt: after.dueAt.toISOString() },
      reason: request.reason,
    });
    return manager.getRepository(DeadlineRow).findOneByOrFail({ id: deadlineId });
  }

  /**
   * Closes a deadline: met on time when closed by the due instant in force. Work that ended without being done
   * (refused, withdrawn, handed on) closes `assessed: false`: neither on time nor late (metOnTime null).
   */
  async close(manager: EntityManager, deadlineId: number, closedAt: Date, assessed = true): Promise<DeadlineRow> {
    const row = await manager.getRepository(DeadlineRow).findOneByOrFail({ id: deadlineId });
    if (row.status === 'closed') return row;
    row.status = 'closed';
    row.closedAt = closedAt;
    row.metOnTime = assessed ? closedAt.getTime() <= row.dueAt.getTime() : null;
    await manager.update(DeadlineRow, { id: deadlineId }, { status: 'closed', closedAt, metOnTime: row.metOnTime });
    // Nothing more to remind of.
    await manager.delete(ReminderCursor, { deadlineId });
    return row;
  }

  /**
   * Opens a closed deadline again (退回重办): it runs to the same due instant, and the reminder planner takes it up
   * afresh — at once when that instant has passed.
   */
  async reopen(manager: EntityManager, deadlineId: number): Promise<void> {
    await manager.update(DeadlineRow, { id: deadlineId }, { status: 'open', closedAt: null, metOnTime: null });
    await newReminderCursor(manager, deadlineId);
  }

  /**
   * Adds or replaces the override of one day in one scope; recomputes what it moves. A day outside the plausible
   * planned days seen from `now` (2000 … five years ahead) is refused (TimeLimitError) before anything is written.
   */
  async setOverride(
    actor: string,
    input: OverrideInput,
    now: Date = new Date(),
  ): Promise<RecomputeReport & { override: CalendarOverrideRow }> {
    checkPlannedDate(input.date, now, '调整日期');
    const scope = input.scope ?? OFFICE_SCOPE;
    await this.requireScope(scope);
    const next = this.listOverrides().filter((o) => !(o.date === input.date && (o.scope ?? OFFICE_SCOPE) === scope));
    next.push({ date: input.date, kind: input.kind, reason: input.reason.trim(), scope });
    // Validates every override before anything is written; a bad one throws and changes nothing.
    const candidate = this.candidateRegistry();
    const changes = candidate.setOverrides(next);

    const result = await this.db().transaction(async (manager) => {
      const repo = manager.getRepository(CalendarOverrideRow);
      const before = await repo.findOneBy({ date: input.date, scope });
      if (before) {
        await repo.update({ id: before.id }, { kind: input.kind, reason: input.reason.trim(), createdBy: actor });
      } else {
        await repo.insert({ date: input.date, kind: input.kind, reason: input.reason.trim(), scope, createdBy: actor });
      }
      const override = await repo.findOneByOrFail({ date: input.date, scope });
      await audit(manager, {
        actor,
        action: 'calendar.override.set',
        subjectType: 'calendar_override',
        subjectId: override.id,
        before: before ? overrideJson(before) : null,
        after: overrideJson(override),
        reason: override.reason,
      });
      const recomputed = await recomputeAffected(
        manager,
        this.logger,
        candidate,
        changes,
        `日历调整：${input.date} ${override.reason}`,
      );
      return { override, recomputed };
    });
    this.registry = candidate;
    return { changes, override: result.override, recomputed: result.recomputed };
  }

  /**
   * A calendar scope asked for: the office, or a unit that exists. Anything else (a typo, `__proto__`) is refused
   * before a calendar is built and kept for it.
   */
  async requireScope(scope: string): Promise<void> {
    if (scope === OFFICE_SCOPE) return;
    if (await this.db().getRepository(Department).existsBy({ id: scope })) return;
    throw new CalendarError(
      'unknown_scope',
      `unknown calendar scope ${JSON.stringify(scope)}`,
      `适用范围“${scope}”应为本办（office）或已有单位的编号`,
    );
  }

  /** Removes an override (the day goes back to the official calendar); recomputes what it moves. */
  async removeOverride(actor: string, id: number, reason: string): Promise<RecomputeReport> {
    const row = await this.db().getRepository(CalendarOverrideRow).findOneBy({ id });
    if (!row) throw new OverrideNotFound(id);
    const next = this.listOverrides().filter((o) => !(o.date === row.date && (o.scope ?? OFFICE_SCOPE) === row.scope));
    const candidate = this.candidateRegistry();
    const changes = candidate.setOverrides(next);
    const recomputed = await this.db().transaction(async (manager) => {
      await manager.delete(CalendarOverrideRow, { id });
      await audit(manager, {
        actor,
        action: 'calendar.override.remove',
        subjectType: 'calendar_override',
        subjectId: id,
        before: overrideJson(row),
        after: null,
        reason,
      });
      return recomputeAffected(manager, this.logger, candidate, changes, `撤销日历调整：${row.date}（${reason}）`);
    });
    this.registry = candidate;
    return { changes, recomputed };
  }

  /**
   * Loads a year's State Council notice the day it is published (time-limits.md §2.5): checked, stored, and the open
   * deadlines it moves recomputed, audited, in one transaction. A bad notice throws CalendarError and changes nothing.
   */
  async loadHolidayNotice(actor: string, input: unknown): Promise<RecomputeReport & { year: number }> {
    const notice = checkNotice(input);
    const candidate = this.candidateRegistry();
    const changes = candidate.setHolidayData(officialData([...(await loadedNotices(this.db().manager)), notice]));
    const recomputed = await this.db().transaction(async (manager) => {
      await storeNotice(manager, actor, notice);
      return recomputeAffected(manager, this.logger, candidate, changes, noticeReason(notice));
    });
    this.registry = candidate;
    return { year: notice.year, changes, recomputed };
  }

  /**
   * Settles the estimates the calendar in force can now decide: open deadlines computed in a year without the
   * State Council's notice are recomputed once the notice is in the data — loaded by another process (`duban
   * calendar load-notice` while the server runs) or shipped with an upgrade. Run at start-up; audited like any
   * recomputation; a second run finds nothing to do.
   */
  async settleEstimates(): Promise<Recomputed> {
    const change = { scope: null, dates: [], coverageChanged: true };
    return this.db().transaction((manager) =>
      recomputeAffected(manager, this.logger, this.registry, [change], '节假日数据已更新，预计时限按正式安排重算'),
    );
  }

  /** A registry like the one in force, to try a change on before it is written. */
  private candidateRegistry(): CalendarRegistry {
    return DeadlineService.registryWith(this.listOverrides(), this.logger, this.registry.holidayData());
  }

  /** Replaces an administrator's version of a rule (validated first); existing deadlines keep their inputs. */
  async setRule(actor: string, code: string, definition: Omit<RuleOverride, 'code'>): Promise<TimeLimitRule> {
    const existing = await this.db().getRepository(TimeLimitRuleRow).find();
    const overrides = existing
      .filter((r) => r.code !== code)
      .map((r) => ({ ...r.definition, code: r.code }) as RuleOverride);
    const book = new RuleBook().withOverrides([...overrides, { ...definition, code }]);
    const rule = book.get(code);
    await this.db().transaction(async (manager) => {
      const before = await manager.getRepository(TimeLimitRuleRow).findOneBy({ code });
      const stored = { ...definition } as JsonObject;
      if (before)
        await manager.update(TimeLimitRuleRow, { code }, { name: rule.name, definition: stored, updatedBy: actor });
      else await manager.insert(TimeLimitRuleRow, { code, name: rule.name, definition: stored, updatedBy: actor });
      await audit(manager, {
        actor,
        action: 'timelimit.rule.set',
        subjectType: 'time_limit_rule',
        subjectId: code,
        // The stored definition on both sides, so a change of the reminder steps alone shows too.
        before: before?.definition ?? null,
        after: stored,
      });
    });
    this.rules = book;
    return rule;
  }
}

export class OverrideNotFound extends Error {
  override name = 'OverrideNotFound';
  constructor(readonly id: number) {
    super(`no calendar override ${id}`);
  }
}

const toOverride = (row: CalendarOverrideRow): CalendarOverride => ({
  date: row.date,
  kind: row.kind,
  reason: row.reason,
  scope: row.scope,
});

const overrideJson = (row: CalendarOverrideRow): JsonObject => ({ ...toOverride(row) });

/** Inserts an open deadline: what it is for (from `input`) and when it is due (`due`). */
async function insertDeadline(
  manager: EntityManager,
  input: Omit<NewDeadline, 'ruleCode'>,
  due: Partial<DeadlineRow>,
): Promise<DeadlineRow> {
  const row = manager.getRepository(DeadlineRow).create({
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    purpose: input.purpose,
    receivedAt: input.receivedAt,
    ...due,
    urgent: input.urgent ?? false,
    status: 'open',
    assigneeUserId: input.assigneeUserId ?? null,
    departmentId: input.departmentId ?? null,
  });
  await manager.insert(DeadlineRow, row);
  await newReminderCursor(manager, row.id);
  return row;
}

/**
 * The reminder planner's cursor of an open deadline, from the start: planned on the planner's next pass
 * (bot-server/reminders/planner.ts). Written over a cursor left by a deadline removed without closing.
 */
async function newReminderCursor(manager: EntityManager, deadlineId: number): Promise<void> {
  await manager.upsert(
    ReminderCursor,
    { deadlineId, nextReminderAt: null, remindedThrough: null, reminderDueAt: null, escalationLevel: 0 },
    ['deadlineId'],
  );
}

/** An explicit deadline row as `extendExplicit` reads it. */
function explicitOf(row: DeadlineRow) {
  return {
    dueDate: row.dueDate,
    dueAt: row.dueAt,
    extensions: (row.extensions ?? []) as unknown as StoredDeadline['extensions'],
  };
}

/** A stored row as the time-limit engine's Deadline. */
function deadlineOf(row: DeadlineRow): Deadline {
  return {
    ...storedOf(row),
    originalDueDate: row.originalDueDate,
    originalDueAt: row.originalDueAt,
    calendarVersion: row.calendarVersion,
    warnings: (row.warnings ?? []).map((w) => ({ ...w, at: new Date(w.at) })) as Deadline['warnings'],
  };
}
