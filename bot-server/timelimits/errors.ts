import { DomainError } from '../errors/domain-error';

/** Stable codes for what the time-limit engine refuses; all are the caller's fault (HTTP 400 / exit 2). */
export type TimeLimitErrorCode =
  | 'invalid_rule'
  | 'unknown_rule'
  | 'invalid_input'
  | 'rule_mismatch'
  | 'invalid_extension'
  | 'extension_not_allowed'
  | 'extension_after_expiry'
  | 'extension_count_exceeded'
  | 'extension_amount_exceeded'
  | 'extension_cap_exceeded'
  | 'extension_wrong_approver'
  /** A date or period outside what an office can plausibly mean (see plausible.ts). */
  | 'implausible_date';

/** Every refusal of the time-limit engine is the caller's input (kind `invalid`); `message` is English. */
export class TimeLimitError extends DomainError {
  override name = 'TimeLimitError';
  declare readonly code: TimeLimitErrorCode;

  constructor(code: TimeLimitErrorCode, message: string, messageZh: string) {
    super('invalid', code, messageZh);
    this.message = message;
  }
}
