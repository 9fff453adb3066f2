/**
 * The reminder points of one deadline, derived every time from what the deadline is now (its due date, its warning
 * instants, its policy, its calendar), so a deadline that moves — an extension, a recomputation — is replanned by
 * construction. Pure: no database, no clock.
 *
 * Points, each with the instant it may go out (quiet hours applied):
 * - `warning`: the rule's warning instants (截止前1个工作日 09:00, 时限已过75%…), moved into office hours unless
 *   urgent, dropped when that moves them onto or past the due-day notice;
 * - `due`: office opening on the due day (on the working day before it when the due day is a day off);
 * - `overdue` k: office opening on the k-th working day after the due day, to the person responsible;
 * - `escalation`: at the same instant as overdue N (unit head) and overdue M (responsible leader), once each.
 */
import { type DayNumber, formatShanghaiInstant, parseISODate, shanghaiDayNumber, type WorkCalendar } from '../calendar';
import { nextOfficeInstant, type OfficeHours, openingOf } from './office-hours';
import type { ReminderPolicy } from './policy';

export type Audience = 'assignee' | 'unit_head' | 'leader';
export type PointKind = 'warning' | 'due' | 'overdue' | 'escalation';

export interface ReminderPoint {
  /** When it may go out. */
  at: Date;
  kind: PointKind;
  audience: Audience;
  /** The rung: the k-th working day after the due day, for `overdue` and `escalation` (texts count at sending). */
  overdueDays?: number;
  /** The warning's label from the time-limit engine (截止前1个工作日). */
  label?: string;
  /** Identifies the point of this deadline: part of the outbox idempotency key. */
  key: string;
}

/** What the schedule needs of a deadline row. */
export interface DeadlineFacts {
  id: number;
  receivedAt: Date;
  dueDate: string;
  dueAt: Date;
  warnings: readonly { kind: string; at: string | Date; label: string }[] | null;
  urgent: boolean;
}

export interface ScheduleContext {
  policy: ReminderPolicy;
  calendar: WorkCalendar;
  hours: OfficeHours;
}

/** Generates the points in time order, lazily (overdue points go on as long as the policy allows). */
export function* reminderPoints(facts: DeadlineFacts, context: ScheduleContext, from?: Date): Generator<ReminderPoint> {
  const { policy, calendar, hours } = context;
  const urgent = facts.urgent || policy.urgent;
  const dueDay = parseISODate(facts.dueDate);
  const base = `dl:${facts.id}`;

  const receivedAt = facts.receivedAt.getTime();
  const dueAt = facts.dueAt.getTime();
  let dueNotice: ReminderPoint | null = null;
  if (policy.dueDay) {
    const day = calendar.isWorkdayNumber(dueDay) ? dueDay : calendar.addWorkdaysToDay(dueDay, -1);
    const at = openingOf(day, hours);
    if (at.getTime() >= receivedAt && at.getTime() < dueAt) {
      dueNotice = { at, kind: 'due', audience: 'assignee', key: `${base}:due:${facts.dueDate}` };
    }
  }

  const early: ReminderPoint[] = [];
  if (policy.warnings) {
    for (const warning of facts.warnings ?? []) {
      const raw = warning.at instanceof Date ? warning.at : new Date(warning.at);
      if (Number.isNaN(raw.getTime())) continue;
      const at = urgent ? raw : nextOfficeInstant(raw, calendar, hours);
      if (at.getTime() < receivedAt || at.getTime() >= dueAt) continue;
      if (dueNotice && at.getTime() >= dueNotice.at.getTime()) continue;
      if (early.some((p) => p.at.getTime() === at.getTime())) continue;
      early.push({
        at,
        kind: 'warning',
        audience: 'assignee',
        label: warning.label,
        key: `${base}:warn:${facts.dueDate}:${formatShanghaiInstant(at).slice(0, 16)}`,
      });
    }
  }
  if (dueNotice) early.push(dueNotice);
  early.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const point of early) yield point;

  yield* overduePoints(facts, context, dueDay, base, from);
}

function* overduePoints(
  facts: DeadlineFacts,
  { policy, calendar, hours }: ScheduleContext,
  dueDay: DayNumber,
  base: string,
  from: Date | undefined,
): Generator<ReminderPoint> {
  const every = policy.overdueEvery;
  const lastNotice = every > 0 && policy.overdueMax !== null ? 1 + (policy.overdueMax - 1) * every : null;
  const ladder: { k: number; audience: Audience }[] = [];
  if (policy.unitHeadAfter !== null) ladder.push({ k: policy.unitHeadAfter, audience: 'unit_head' });
  if (policy.leaderAfter !== null) ladder.push({ k: policy.leaderAfter, audience: 'leader' });
  const lastEscalation = Math.max(0, ...ladder.map((step) => step.k));
  const isNotice = (k: number) => every > 0 && (k - 1) % every === 0 && (lastNotice === null || k <= lastNotice);

  // Start near `from` instead of at day 1: a deadline overdue for months is read once a day, each time in O(1).
  // Every k below the start falls on a day before `from`, so its points were handled already.
  let k = 1;
  if (from) {
    const fromDay = shanghaiDayNumber(from);
    if (fromDay > dueDay) k = Math.max(1, calendar.workdaysBetweenDays(dueDay, fromDay) - 1);
  }
  const dueAt = facts.dueAt.getTime();
  for (; ; k++) {
    if (k > lastEscalation && (every === 0 || (lastNotice !== null && k > lastNotice))) return;
    const at = openingOf(calendar.addWorkdaysToDay(dueDay, k), hours);
    if (at.getTime() < dueAt) continue;
    if (isNotice(k)) {
      yield { at, kind: 'overdue', audience: 'assignee', overdueDays: k, key: `${base}:overdue:${facts.dueDate}:${k}` };
    }
    for (const step of ladder) {
      if (step.k === k) {
        yield {
          at,
          kind: 'escalation',
          audience: step.audience,
          overdueDays: k,
          key: `${base}:escalate:${step.audience}:${facts.dueDate}`,
        };
      }
    }
  }
}

export interface PlanStep {
  /** Points to send now: the latest one for the person responsible, and each escalation step reached. */
  send: ReminderPoint[];
  /** Points that came due but were superseded by a later one (a pass that ran late, a catch-up). */
  skipped: ReminderPoint[];
  /** The next point after `now`, or null when nothing more will come. */
  next: ReminderPoint | null;
}

/**
 * What to do for a deadline at `now`, given that every point up to `handledThrough` (exclusive bound; null =
 * nothing handled yet) was dealt with. Of the points that came due in between, the person responsible gets only
 * the latest (after an outage they hear "overdue 3 days" once, not three stale notices); each escalation step
 * is sent once. A warning or due-day notice that comes due only after the deadline itself is not sent.
 */
export function planStep(
  facts: DeadlineFacts,
  context: ScheduleContext,
  handledThrough: Date | null,
  now: Date,
): PlanStep {
  // Instants compared as numbers: the planner runs this for every due deadline of a pass.
  const handled = handledThrough ? handledThrough.getTime() : Number.NEGATIVE_INFINITY;
  const nowMs = now.getTime();
  const dueNow: ReminderPoint[] = [];
  let next: ReminderPoint | null = null;
  for (const point of reminderPoints(facts, context, handledThrough ?? undefined)) {
    const at = point.at.getTime();
    if (at <= handled) continue;
    if (at > nowMs) {
      next = point;
      break;
    }
    dueNow.push(point);
  }
  // "Due soon" and "due today" are wrong once the deadline has passed (a pass that ran late): the overdue
  // notices take over.
  const past = nowMs >= facts.dueAt.getTime();
  let latestForAssignee: ReminderPoint | undefined;
  for (const p of dueNow) {
    if (p.audience === 'assignee' && !(past && (p.kind === 'warning' || p.kind === 'due'))) latestForAssignee = p;
  }
  const send: ReminderPoint[] = [];
  const skipped: ReminderPoint[] = [];
  for (const point of dueNow) {
    if (point.audience !== 'assignee' || point === latestForAssignee) send.push(point);
    else skipped.push(point);
  }
  return { send, skipped, next };
}
