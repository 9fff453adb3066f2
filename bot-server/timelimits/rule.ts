import { z } from 'zod';
import { TimeLimitError } from './errors';

/**
 * `workday`: working days of the calendar (调休 Saturdays count, holidays and weekends do not);
 * `day`: calendar days, where only a non-working last day moves (民法典第二百零三条);
 * `month`: calendar months ending on the corresponding day (民法典第二百零二条).
 */
export type LimitUnit = 'workday' | 'day' | 'month';

/** A moment to remind people before the deadline. */
export type WarningPoint =
  /** At `at` (default 09:00) on the working day that lies `workdays` working days before the due date. */
  | { kind: 'workdays_before'; workdays: number; at?: string }
  /** When `fraction` of the time from receipt to due has passed (moved to 09:00 of the next working day if it falls on a day off). */
  | { kind: 'span_fraction'; fraction: number };

export interface ExtensionPolicy {
  /** How many extensions one matter may get. */
  maxTimes: number;
  /** The most one extension may add, in `unit`. */
  maxAmount: number;
  unit: LimitUnit;
  /** The role that approves, e.g. `supervision_office` (督查室) or `organ_head` (本机关负责人). */
  approverRole: string;
  /** The request must arrive before the deadline expires. */
  requestBeforeExpiry: boolean;
  /** Absolute cap counted from the start, e.g. 人大代表建议: at most 6 months in total. */
  totalCap?: { amount: number; unit: LimitUnit };
}

export interface RuleSource {
  /** `statute`: a law or regulation fixes the number; `office_default`: the office's own choice. */
  basis: 'statute' | 'office_default';
  /** The article or document, with a short quote where useful; for office defaults, the precedent followed. */
  citation: string;
  /** True until a legal reviewer has checked the citation against the official text. */
  verify?: boolean;
  note?: string;
}

/** How one kind of work is timed: "received at T, limit N working days / days / months". */
export interface TimeLimitRule {
  /** `<area>.<subject>[.<step>][.<variant>]`, e.g. `doc.incoming.submit.urgent`. */
  code: string;
  /** Chinese name shown to users, e.g. 收文拟办呈送（加急）. */
  name: string;
  amount: number;
  unit: LimitUnit;
  /** The event counting starts from, in the words of the source: 收文之日, 交办之日, 受理之日. */
  anchor: string;
  /**
   * Count the day of receipt itself (当日受理当日计). By default it is not counted and counting starts the
   * next day (民法典第二百零一条). Only for `workday` and `day` units.
   */
  countReceiptDay?: boolean;
  /** For `month` units: due on this day of the month instead of the corresponding day (e.g. 5 = 每月5日前报送). */
  dayOfMonth?: number;
  /** `24:00` (default, 民法典第二百零三条) or the office's closing time such as `17:30`. */
  endOfDay?: string;
  /** Move a `day`/`month` period's last day off a non-working day to the next working day (default true, 民法典第二百零三条). */
  rollForward?: boolean;
  warnings?: WarningPoint[];
  extension?: ExtensionPolicy;
  source: RuleSource;
}

const timeOfDaySchema = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:mm between 00:01 and 24:00')
  .refine((text) => text !== '00:00', 'use 24:00 for the end of a day');

const unitSchema = z.enum(['workday', 'day', 'month']);
const amountSchema = z.number().int().min(1).max(3660);

const warningPointSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('workdays_before'),
    workdays: z.number().int().min(1).max(60),
    at: timeOfDaySchema.optional(),
  }),
  z.object({ kind: z.literal('span_fraction'), fraction: z.number().gt(0).lt(1) }),
]);

const ruleSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$/, 'expected dotted lower_snake segments'),
    name: z.string().min(1),
    amount: amountSchema,
    unit: unitSchema,
    anchor: z.string().min(1),
    countReceiptDay: z.boolean().optional(),
    dayOfMonth: z.number().int().min(1).max(31).optional(),
    endOfDay: timeOfDaySchema.optional(),
    rollForward: z.boolean().optional(),
    warnings: z.array(warningPointSchema).optional(),
    extension: z
      .object({
        maxTimes: z.number().int().min(1).max(10),
        maxAmount: amountSchema,
        unit: unitSchema,
        approverRole: z.string().min(1),
        requestBeforeExpiry: z.boolean(),
        totalCap: z.object({ amount: amountSchema, unit: unitSchema }).optional(),
      })
      .optional(),
    source: z.object({
      basis: z.enum(['statute', 'office_default']),
      citation: z.string().min(1),
      verify: z.boolean().optional(),
      note: z.string().optional(),
    }),
  })
  .superRefine((rule, context) => {
    if (rule.countReceiptDay && rule.unit === 'month') {
      context.addIssue({ code: 'custom', path: ['countReceiptDay'], message: 'only for workday and day units' });
    }
    if (rule.dayOfMonth !== undefined && rule.unit !== 'month') {
      context.addIssue({ code: 'custom', path: ['dayOfMonth'], message: 'only for month units' });
    }
  });

/** Validates a rule from data (the shipped defaults or an administrator's row) and returns it typed. */
export function parseRule(input: unknown): TimeLimitRule {
  const parsed = ruleSchema.safeParse(input);
  if (!parsed.success) {
    const code = (input as { code?: unknown } | null)?.code;
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'rule'}: ${issue.message}`);
    const label = typeof code === 'string' ? code : '(no code)';
    throw new TimeLimitError(
      'invalid_rule',
      `invalid time-limit rule ${label}: ${problems.join('; ')}`,
      `时限规则 ${label} 无效：${problems.join('；')}`,
    );
  }
  return parsed.data;
}

/** `HH:mm` → minutes after midnight (24:00 → 1440). The format is checked by `parseRule`. */
export function minutesOfDay(timeOfDay: string): number {
  const [hours, minutes] = timeOfDay.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

const UNIT_NAMES: Record<LimitUnit, string> = { workday: '个工作日', day: '日', month: '个月' };

export function unitName(unit: LimitUnit): string {
  return UNIT_NAMES[unit];
}

/** `2个工作日`, `60日`, `3个月`: the limit as Chinese users read it. */
export function describeAmount(amount: number, unit: LimitUnit): string {
  return `${amount}${UNIT_NAMES[unit]}`;
}
