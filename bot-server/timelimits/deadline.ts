import {
  type DayNumber,
  formatISODate,
  type ISODate,
  parseISODate,
  shanghaiDayNumber,
  shanghaiInstant,
} from '../calendar/civil-date';
import { type CalendarChange, isAffectedByChange } from '../calendar/recompute';
import type { WorkCalendar } from '../calendar/WorkCalendar';
import { TimeLimitError } from './errors';
import { type PeriodTerm, periodEnd } from './period';
import { type LimitUnit, minutesOfDay, type TimeLimitRule, type WarningPoint } from './rule';

/** Reminders before a deadline are sent at this time on a working day unless a rule says otherwise. */
export const DEFAULT_WARNING_TIME = '09:00';
export const DEFAULT_END_OF_DAY = '24:00';

/**
 * Everything a deadline was computed from, JSON-safe (instants as ISO strings) so it can be stored as is
 * and recomputed later with the same rule values even if the rule has since been edited.
 */
export interface DeadlineInputs {
  ruleCode: string;
  ruleName: string;
  /** The event counting starts from, e.g. 交办之日. */
  anchor: string;
  amount: number;
  unit: LimitUnit;
  dayOfMonth: number | null;
  countReceiptDay: boolean;
  rollForward: boolean;
  endOfDay: string;
  warningPoints: WarningPoint[];
  /** UTC instant, ISO-8601. */
  receivedAt: string;
  /** The Asia/Shanghai date of receipt. */
  receivedDate: ISODate;
}

/** An approved extension, kept so that the deadline can be recomputed and audited. */
export interface AppliedExtension {
  amount: number;
  unit: LimitUnit;
  /** UTC instant, ISO-8601. */
  requestedAt: string;
  approverRole: string;
  approvedBy: string | null;
  reason: string;
  previousDueDate: ISODate;
}

export interface DeadlineWarning {
  kind: WarningPoint['kind'];
  at: Date;
  /** Chinese label: 截止前1个工作日, 时限已过75%. */
  label: string;
}

export interface Deadline {
  /** The last day, in Asia/Shanghai. */
  dueDate: ISODate;
  /** The end of the last day: 24:00 Shanghai (the next midnight, exclusive) or the closing time. */
  dueAt: Date;
  /** Before any extension. */
  originalDueDate: ISODate;
  originalDueAt: Date;
  /** The due date rests on a day without official holiday data, taken as Monday–Friday. */
  approximate: boolean;
  calendarVersion: string;
  calendarScope: string;
  inputs: DeadlineInputs;
  extensions: AppliedExtension[];
  warnings: DeadlineWarning[];
}

/** What has to be kept of a deadline to recompute it. */
export type StoredDeadline = Pick<Deadline, 'inputs' | 'extensions' | 'dueDate' | 'dueAt'>;

export interface ComputeOptions {
  /** Refuse (`outside_coverage`) rather than approximate days without official data. */
  strict?: boolean;
}

export interface Recomputed {
  deadline: Deadline;
  /** The due date or instant moved. */
  changed: boolean;
}

/** Computes when a piece of work received at `receivedAt` is due under `rule`, with `calendar`'s working days. */
export function computeDeadline(
  rule: TimeLimitRule,
  receivedAt: Date,
  calendar: WorkCalendar,
  options: ComputeOptions = {},
): Deadline {
  if (!(receivedAt instanceof Date) || Number.isNaN(receivedAt.getTime())) {
    throw new TimeLimitError(
      'invalid_input',
      'receivedAt must be a valid Date',
      '收到时间无效（receivedAt 必须是有效时间）',
    );
  }
  const inputs: DeadlineInputs = {
    ruleCode: rule.code,
    ruleName: rule.name,
    anchor: rule.anchor,
    amount: rule.amount,
    unit: rule.unit,
    dayOfMonth: rule.dayOfMonth ?? null,
    countReceiptDay: rule.countReceiptDay ?? false,
    rollForward: rule.unit !== 'workday' && (rule.rollForward ?? true),
    endOfDay: rule.endOfDay ?? DEFAULT_END_OF_DAY,
    warningPoints: (rule.warnings ?? []).map((point) => ({ ...point })),
    receivedAt: receivedAt.toISOString(),
    receivedDate: formatISODate(shanghaiDayNumber(receivedAt)),
  };
  return evaluateDeadline(inputs, [], calendar, options);
}

/** Recomputes a stored deadline from its inputs and extensions with a (newer) calendar. */
export function recomputeDeadline(
  stored: StoredDeadline,
  calendar: WorkCalendar,
  options: ComputeOptions = {},
): Recomputed {
  const deadline = evaluateDeadline(stored.inputs, stored.extensions, calendar, options);
  const changed = deadline.dueDate !== stored.dueDate || deadline.dueAt.getTime() !== new Date(stored.dueAt).getTime();
  return { deadline, changed };
}

/**
 * The deadlines among `deadlines` that calendar changes can move (see `isAffectedByChange`). A database
 * can pre-filter with the same test: same scope chain, and `approximate` or received_date ≤ last changed
 * date and due_date ≥ first changed date.
 */
export function selectDeadlinesToRecompute<
  T extends Pick<Deadline, 'calendarScope' | 'approximate' | 'dueDate'> & {
    inputs: Pick<DeadlineInputs, 'receivedDate'>;
  },
>(deadlines: Iterable<T>, changes: readonly CalendarChange[]): T[] {
  const selected: T[] = [];
  for (const deadline of deadlines) {
    const candidate = {
      scope: deadline.calendarScope,
      approximate: deadline.approximate,
      fromDate: deadline.inputs.receivedDate,
      toDate: deadline.dueDate,
    };
    if (isAffectedByChange(candidate, changes)) selected.push(deadline);
  }
  return selected;
}

/** The anchor the period counts from: the receipt day, or the day before it when the receipt day counts. */
function anchorDay(inputs: DeadlineInputs): DayNumber {
  const receivedDay = parseISODate(inputs.receivedDate);
  return inputs.countReceiptDay ? receivedDay - 1 : receivedDay;
}

/** The last day of the base period plus `extensions`, and whether it rests on official data only. */
export function lastDayOf(
  inputs: DeadlineInputs,
  extensions: readonly Pick<AppliedExtension, 'amount' | 'unit'>[],
  calendar: WorkCalendar,
  options: ComputeOptions,
): { lastDay: DayNumber; exact: boolean } {
  const terms: PeriodTerm[] = [{ amount: inputs.amount, unit: inputs.unit }, ...extensions];
  return periodEnd(anchorDay(inputs), terms, calendar, {
    rollForward: inputs.rollForward,
    dayOfMonth: inputs.dayOfMonth ?? undefined,
    strict: options.strict,
  });
}

export function evaluateDeadline(
  inputs: DeadlineInputs,
  extensions: readonly AppliedExtension[],
  calendar: WorkCalendar,
  options: ComputeOptions,
): Deadline {
  const endMinutes = minutesOfDay(inputs.endOfDay);
  const original = lastDayOf(inputs, [], calendar, options);
  const current = extensions.length > 0 ? lastDayOf(inputs, extensions, calendar, options) : original;
  const dueAt = shanghaiInstant(current.lastDay, endMinutes);
  const receivedAt = new Date(inputs.receivedAt);
  const warnings = warningsFor(inputs.warningPoints, receivedAt, current.lastDay, dueAt, calendar, options);
  return {
    dueDate: formatISODate(current.lastDay),
    dueAt,
    originalDueDate: formatISODate(original.lastDay),
    originalDueAt: shanghaiInstant(original.lastDay, endMinutes),
    approximate: !current.exact || !original.exact,
    calendarVersion: calendar.version,
    calendarScope: calendar.scope,
    inputs,
    extensions: [...extensions],
    warnings,
  };
}

/** Warning instants strictly between receipt and due; a point with nothing left before it is dropped. */
function warningsFor(
  points: readonly WarningPoint[],
  receivedAt: Date,
  dueDay: DayNumber,
  dueAt: Date,
  calendar: WorkCalendar,
  options: ComputeOptions,
): DeadlineWarning[] {
  const warnings: DeadlineWarning[] = [];
  const defaultMinutes = minutesOfDay(DEFAULT_WARNING_TIME);
  for (const point of points) {
    let at: Date;
    let label: string;
    if (point.kind === 'workdays_before') {
      const day = calendar.addWorkdaysToDay(dueDay, -point.workdays, options.strict);
      at = shanghaiInstant(day, minutesOfDay(point.at ?? DEFAULT_WARNING_TIME));
      label = `截止前${point.workdays}个工作日`;
    } else {
      at = new Date(receivedAt.getTime() + Math.round((dueAt.getTime() - receivedAt.getTime()) * point.fraction));
      const day = shanghaiDayNumber(at);
      if (!calendar.isWorkdayNumber(day, options.strict)) {
        at = shanghaiInstant(calendar.addWorkdaysToDay(day, 0, options.strict), defaultMinutes);
      }
      label = `时限已过${Math.round(point.fraction * 100)}%`;
    }
    if (at > receivedAt && at < dueAt && !warnings.some((w) => w.at.getTime() === at.getTime())) {
      warnings.push({ kind: point.kind, at, label });
    }
  }
  return warnings.sort((a, b) => a.at.getTime() - b.at.getTime());
}
