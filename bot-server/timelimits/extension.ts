import {
  formatISODate,
  formatShanghaiInstant,
  type ISODate,
  parseISODate,
  shanghaiInstant,
} from '../calendar/civil-date';
import type { WorkCalendar } from '../calendar/WorkCalendar';
import { type AppliedExtension, type ComputeOptions, type Deadline, evaluateDeadline, lastDayOf } from './deadline';
import { chineseDate } from './due';
import { TimeLimitError, type TimeLimitErrorCode } from './errors';
import { describeAmount, type ExtensionPolicy, type LimitUnit, type TimeLimitRule, unitName } from './rule';

export interface ExtensionRequest {
  /** How much longer, in `unit` (defaults to the policy's unit). */
  amount: number;
  unit?: LimitUnit;
  requestedAt: Date;
  /** The role of the person approving; must be the policy's approver role. */
  approverRole: string;
  approvedBy?: string;
  reason: string;
}

/** Chinese names of the approver roles the default rules use, for messages. */
const ROLE_NAMES = new Map([
  ['supervision_office', '督查室'],
  ['organ_head', '本机关负责人'],
]);

function roleName(role: string): string {
  return ROLE_NAMES.get(role) ?? role;
}

function refuse(code: TimeLimitErrorCode, english: string, chinese: string): never {
  throw new TimeLimitError(code, english, chinese);
}

/**
 * Grants an extension under the rule's policy and returns the extended deadline; the original due date
 * and every earlier extension are kept. Refuses, with a typed error, an extension the rule does not allow,
 * one requested after expiry (when the policy says so), one beyond the number of times, the amount per
 * extension or the absolute cap counted from the start, or one approved by the wrong role.
 */
export function applyExtension(
  deadline: Deadline,
  rule: TimeLimitRule,
  request: ExtensionRequest,
  calendar: WorkCalendar,
  options: ComputeOptions = {},
): Deadline {
  if (rule.code !== deadline.inputs.ruleCode) {
    refuse(
      'rule_mismatch',
      `the deadline was computed with rule ${deadline.inputs.ruleCode}, not ${rule.code}`,
      `该时限按规则 ${deadline.inputs.ruleCode} 计算，与 ${rule.code} 不符`,
    );
  }
  const policy = rule.extension;
  if (!policy) {
    refuse('extension_not_allowed', `rule ${rule.code} allows no extension`, `${rule.name}不允许延期`);
  }
  const unit = checkRequest(policy, rule.name, deadline, request);
  const extension = appliedExtension(request, unit, deadline.dueDate);
  const extended = evaluateDeadline(deadline.inputs, [...deadline.extensions, extension], calendar, options);
  if (policy.totalCap) {
    const { amount, unit: capUnit } = policy.totalCap;
    const capInputs = {
      ...deadline.inputs,
      amount,
      unit: capUnit,
      rollForward: capUnit !== 'workday' && (rule.rollForward ?? true),
    };
    const capDate = formatISODate(lastDayOf(capInputs, [], calendar, options).lastDay);
    if (extended.dueDate > capDate) {
      refuse(
        'extension_cap_exceeded',
        `the extended due date ${extended.dueDate} is later than ${capDate}, the cap of ${amount} ${capUnit}(s) ` +
          `counted from ${deadline.inputs.anchor}`,
        `延期后截止日期${chineseDate(extended.dueDate)}超过自${deadline.inputs.anchor}起最长${describeAmount(amount, capUnit)}的期限${chineseDate(capDate)}`,
      );
    }
  }
  return extended;
}

/** The record of a granted extension, kept on the deadline. */
function appliedExtension(request: ExtensionRequest, unit: LimitUnit, previousDueDate: ISODate): AppliedExtension {
  return {
    amount: request.amount,
    unit,
    requestedAt: request.requestedAt.toISOString(),
    approverRole: request.approverRole,
    approvedBy: request.approvedBy ?? null,
    reason: request.reason.trim(),
    previousDueDate,
  };
}

/** The checks every extension meets, under a rule's policy or the one for explicit deadlines; returns the unit. */
function checkRequest(
  policy: ExtensionPolicy,
  name: string,
  deadline: { dueAt: Date; extensions: readonly AppliedExtension[] },
  request: ExtensionRequest,
): LimitUnit {
  const unit = request.unit ?? policy.unit;
  if (!Number.isSafeInteger(request.amount) || request.amount < 1 || unit !== policy.unit) {
    refuse(
      'invalid_extension',
      `an extension must be a positive whole number of ${policy.unit}s`,
      `延期时长应为正整数，单位为“${unitName(policy.unit)}”`,
    );
  }
  if (typeof request.reason !== 'string' || request.reason.trim() === '') {
    refuse('invalid_extension', 'an extension needs a reason', '延期申请须说明理由');
  }
  if (!(request.requestedAt instanceof Date) || Number.isNaN(request.requestedAt.getTime())) {
    refuse('invalid_extension', 'requestedAt must be a valid Date', '延期申请时间无效');
  }
  if (request.approverRole !== policy.approverRole) {
    refuse(
      'extension_wrong_approver',
      `an extension of ${name} must be approved by ${policy.approverRole}, not ${request.approverRole}`,
      `${name}的延期须由${roleName(policy.approverRole)}批准，而非${roleName(request.approverRole)}`,
    );
  }
  if (policy.requestBeforeExpiry && request.requestedAt.getTime() >= deadline.dueAt.getTime()) {
    refuse(
      'extension_after_expiry',
      `the extension was requested at ${formatShanghaiInstant(request.requestedAt)}, after the deadline ` +
        `${formatShanghaiInstant(deadline.dueAt)}; it must be requested before expiry`,
      `延期申请须在期限届满前提出：截止时间为 ${formatShanghaiInstant(deadline.dueAt)}，` +
        `申请时间为 ${formatShanghaiInstant(request.requestedAt)}`,
    );
  }
  if (deadline.extensions.length >= policy.maxTimes) {
    refuse(
      'extension_count_exceeded',
      `${name} allows at most ${policy.maxTimes} extension(s); ${deadline.extensions.length} already granted`,
      `${name}最多可延期${policy.maxTimes}次，已延期${deadline.extensions.length}次`,
    );
  }
  if (request.amount > policy.maxAmount) {
    refuse(
      'extension_amount_exceeded',
      `one extension of ${name} may add at most ${policy.maxAmount} ${policy.unit}(s), not ${request.amount}`,
      `${name}单次延期不得超过${describeAmount(policy.maxAmount, policy.unit)}` +
        `（申请${describeAmount(request.amount, unit)}）`,
    );
  }
  return unit;
}

/**
 * A deadline a person set (a date rather than a rule: 重点工作's 完成时限, a meeting decision with a date) extends by
 * working days under this policy: approved by 督查室, asked for before expiry, at most twice, 30 working days each.
 * An office choice, in line with the rules' own policies for 领导批示 and 会议议定事项.
 */
export const EXPLICIT_EXTENSION_POLICY: ExtensionPolicy = Object.freeze({
  maxTimes: 2,
  maxAmount: 30,
  unit: 'workday',
  approverRole: 'supervision_office',
  requestBeforeExpiry: true,
});

/** Extends an explicit deadline: the new due date is `amount` working days after the current one, to its end. */
export function extendExplicit(
  deadline: { dueDate: ISODate; dueAt: Date; extensions: readonly AppliedExtension[] },
  request: ExtensionRequest,
  calendar: WorkCalendar,
): { dueDate: ISODate; dueAt: Date; extensions: AppliedExtension[] } {
  const unit = checkRequest(EXPLICIT_EXTENSION_POLICY, '人工设定的期限', deadline, request);
  const dueDate = calendar.addWorkdays(deadline.dueDate, request.amount).date;
  const extension = appliedExtension(request, unit, deadline.dueDate);
  return {
    dueDate,
    dueAt: shanghaiInstant(parseISODate(dueDate) + 1, 0),
    extensions: [...deadline.extensions, extension],
  };
}
