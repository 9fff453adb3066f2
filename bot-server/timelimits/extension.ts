import { formatISODate, formatShanghaiInstant } from '../calendar/civil-date';
import type { WorkCalendar } from '../calendar/WorkCalendar';
import { type AppliedExtension, type ComputeOptions, type Deadline, evaluateDeadline, lastDayOf } from './deadline';
import { TimeLimitError, type TimeLimitErrorCode } from './errors';
import { describeAmount, type LimitUnit, type TimeLimitRule, unitName } from './rule';

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
const ROLE_NAMES: Record<string, string> = { supervision_office: '督查室', organ_head: '本机关负责人' };

function roleName(role: string): string {
  return ROLE_NAMES[role] ?? role;
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
      `an extension of ${rule.code} must be approved by ${policy.approverRole}, not ${request.approverRole}`,
      `${rule.name}的延期须由${roleName(policy.approverRole)}批准，而非${roleName(request.approverRole)}`,
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
      `rule ${rule.code} allows at most ${policy.maxTimes} extension(s); ${deadline.extensions.length} already granted`,
      `${rule.name}最多可延期 ${policy.maxTimes} 次，已延期 ${deadline.extensions.length} 次`,
    );
  }
  if (request.amount > policy.maxAmount) {
    refuse(
      'extension_amount_exceeded',
      `one extension of ${rule.code} may add at most ${policy.maxAmount} ${policy.unit}(s), not ${request.amount}`,
      `${rule.name}单次延期不得超过${describeAmount(policy.maxAmount, policy.unit)}` +
        `（申请${describeAmount(request.amount, unit)}）`,
    );
  }

  const extension: AppliedExtension = {
    amount: request.amount,
    unit,
    requestedAt: request.requestedAt.toISOString(),
    approverRole: request.approverRole,
    approvedBy: request.approvedBy ?? null,
    reason: request.reason.trim(),
    previousDueDate: deadline.dueDate,
  };
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
        `延期后截止日期 ${extended.dueDate} 超过自${deadline.inputs.anchor}起最长${describeAmount(amount, capUnit)}的期限 ${capDate}`,
      );
    }
  }
  return extended;
}
