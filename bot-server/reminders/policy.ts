/**
 * Who is reminded of a deadline, and when: the reminder policy of its time-limit rule.
 *
 * A policy is built in layers, each overriding only the fields it names:
 *   1. `DEFAULT_POLICY` (warnings, the due day, an overdue notice each working day, escalation to the unit head
 *      after 2 working days overdue and to the responsible leader after 5), with the fields the office changed in
 *      the admin pages (提醒设置, policy-setting.ts);
 *   2. the defaults of the subject type (`SUBJECT_POLICIES`: a meeting receipt is chased once, not daily);
 *   3. the defaults of the urgency variant, the last segment of the rule code (`VARIANT_POLICIES`: 特急 goes out
 *      at once and escalates sooner);
 *   4. the administrator's choice for one rule: `reminders` inside `time_limit_rule.definition`, set through the
 *      rule override (`PUT /api/timelimits/rules/:code` with `{"reminders": {"unitHeadAfter": 3}}`). The
 *      time-limit engine ignores that key; it is validated here, and an invalid one is logged and left out.
 */
import { z } from 'zod';
import type { DeadlineSubject } from '../../entities';

export const REMINDER_CHANNELS = ['work_notice', 'robot_o2o'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

export interface ReminderPolicy {
  /** Send the rule's warning points (截止前N个工作日, 时限已过75%…), computed by the time-limit engine. */
  warnings: boolean;
  /** A notice at office opening on the due day (the working day before it, if it is a day off). */
  dueDay: boolean;
  /** Overdue notices to the person responsible every N working days (1 = each working day; 0 = none). */
  overdueEvery: number;
  /** At most this many overdue notices to the person responsible; null = as long as it stays open. */
  overdueMax: number | null;
  /** The unit head (单位负责人) is told once the deadline is N working days overdue; null = never. */
  unitHeadAfter: number | null;
  /** The responsible leader (分管领导) is told once it is M working days overdue; null = never. */
  leaderAfter: number | null;
  /** Warnings go out at their exact instant, outside office hours too (the deadline's `urgent` does the same). */
  urgent: boolean;
  /** Work notices (工作通知, action cards) or enterprise-robot one-to-one messages. */
  channel: ReminderChannel;
}

export const DEFAULT_POLICY: ReminderPolicy = Object.freeze({
  warnings: true,
  dueDay: true,
  overdueEvery: 1,
  overdueMax: null,
  unitHeadAfter: 2,
  leaderAfter: 5,
  urgent: false,
  channel: 'work_notice',
});

export const SUBJECT_POLICIES: Partial<Record<DeadlineSubject, Partial<ReminderPolicy>>> = {
  // 会议回执: one reminder before the confirm-by time, at its exact instant (meetings do not wait for office
  // hours); after the cutoff the organiser follows up in person, so no overdue notices and no escalation.
  meeting_attendee: { dueDay: false, overdueEvery: 0, unitHeadAfter: null, leaderAfter: null, urgent: true },
  // 延期申请 waiting for the supervision office: its own head, not a district leader.
  extension_request: { leaderAfter: null },
};

/** By the last segment of the rule code (`doc.incoming.submit.extra_urgent`). */
export const VARIANT_POLICIES: Record<string, Partial<ReminderPolicy>> = {
  extra_urgent: { urgent: true, unitHeadAfter: 1, leaderAfter: 2 },
  urgent: { unitHeadAfter: 1, leaderAfter: 3 },
};

const workdays = z.number().int().min(1).max(250);

/** What an administrator may put under `reminders` in a rule's definition: any subset of the fields. */
export const policyOverrideSchema = z
  .object({
    warnings: z.boolean(),
    dueDay: z.boolean(),
    overdueEvery: z.number().int().min(0).max(60),
    overdueMax: workdays.nullable(),
    unitHeadAfter: workdays.nullable(),
    leaderAfter: workdays.nullable(),
    urgent: z.boolean(),
    channel: z.enum(REMINDER_CHANNELS),
  })
  .partial()
  .strict();

export type PolicyOverride = z.infer<typeof policyOverrideSchema>;

/** The office's defaults: any field but `urgent` (which would ignore office hours for everything). */
export const officePolicySchema = policyOverrideSchema.omit({ urgent: true });

/** Why a policy override was refused, in the words the admin pages use. */
export const INVALID_POLICY_MESSAGE =
  '提醒设置有误：逾期提醒间隔为0至60个工作日，告知单位负责人、分管领导为逾期1至250个工作日后（null 为不告知），预警为是或否';

export interface PolicyWarning {
  ruleCode: string;
  problem: string;
}

/**
 * The administrator's `reminders` settings by rule code, from the rows of `time_limit_rule`. Rows without the key
 * are skipped; an invalid one is reported through `onWarning` and skipped.
 */
export function overridesFromRuleRows(
  rows: readonly { code: string; definition: Record<string, unknown> }[],
  onWarning: (warning: PolicyWarning) => void = () => {},
): Map<string, PolicyOverride> {
  const overrides = new Map<string, PolicyOverride>();
  for (const row of rows) {
    const value = row.definition.reminders;
    if (value === undefined || value === null) continue;
    const parsed = policyOverrideSchema.safeParse(value);
    if (parsed.success) overrides.set(row.code, parsed.data);
    else {
      onWarning({
        ruleCode: row.code,
        problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'reminders'}: ${i.message}`).join('; '),
      });
    }
  }
  return overrides;
}

/** The policies in force: the office's defaults, subject and variant layers, and the administrator's overrides. */
export class PolicyBook {
  private readonly cache = new Map<string, ReminderPolicy>();

  constructor(
    private readonly overrides: ReadonlyMap<string, PolicyOverride> = new Map(),
    private readonly defaults: ReminderPolicy = DEFAULT_POLICY,
  ) {}

  policyFor(ruleCode: string | null, subjectType: string): ReminderPolicy {
    const cacheKey = `${subjectType}\u0000${ruleCode ?? ''}`;
    let policy = this.cache.get(cacheKey);
    if (!policy) {
      const variant = ruleCode?.split('.').at(-1);
      policy = Object.freeze({
        ...this.defaults,
        ...SUBJECT_POLICIES[subjectType as DeadlineSubject],
        ...(variant && Object.hasOwn(VARIANT_POLICIES, variant) ? VARIANT_POLICIES[variant] : undefined),
        ...(ruleCode ? this.overrides.get(ruleCode) : undefined),
      });
      this.cache.set(cacheKey, policy);
    }
    return policy;
  }
}
