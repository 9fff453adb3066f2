/**
 * Time limits: rules that turn "received at T, limit N working days / days / months" into a due instant,
 * with warning points, extension policies and statutory defaults. Pure: the calendar is passed in.
 */
export {
  type AppliedExtension,
  type ComputeOptions,
  computeDeadline,
  DEFAULT_END_OF_DAY,
  DEFAULT_WARNING_TIME,
  type Deadline,
  type DeadlineInputs,
  type DeadlineWarning,
  type Recomputed,
  recomputeDeadline,
  type StoredDeadline,
  selectDeadlinesToRecompute,
} from './deadline';
export { DEFAULT_RULES } from './default-rules';
export { chineseDate, countWorkdays, dueClockTime, dueDateOf, type WorkdayCount } from './due';
export { TimeLimitError, type TimeLimitErrorCode } from './errors';
export { applyExtension, EXPLICIT_EXTENSION_POLICY, type ExtensionRequest, extendExplicit } from './extension';
export { addMonths } from './period';
export {
  checkPastInstant,
  checkPeriod,
  checkPlannedDate,
  FIRST_PLAUSIBLE_YEAR,
  latestPlannedDay,
} from './plausible';
export { RuleBook, type RuleOverride } from './RuleBook';
export {
  describeAmount,
  type ExtensionPolicy,
  type LimitUnit,
  parseRule,
  type RuleSource,
  type TimeLimitRule,
  type WarningPoint,
} from './rule';
