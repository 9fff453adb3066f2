/**
 * What the meetings area refuses: the caller's input, or a step the meeting is not ready for. The API answers
 * with the HTTP status and the Chinese message; nothing was changed.
 */
export type MeetingErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'not_invited'
  | 'invalid_input'
  | 'unknown_type'
  | 'unknown_user'
  | 'unknown_unit'
  | 'not_unit_member'
  | 'in_past'
  | 'invalid_state'
  | 'sign_in_closed'
  | 'wrong_code'
  | 'too_many_attempts';

const STATUS: Record<MeetingErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  not_invited: 403,
  invalid_input: 400,
  unknown_type: 400,
  unknown_user: 400,
  unknown_unit: 400,
  not_unit_member: 400,
  in_past: 400,
  invalid_state: 409,
  sign_in_closed: 400,
  wrong_code: 400,
  too_many_attempts: 429,
};

export class MeetingError extends Error {
  override name = 'MeetingError';
  readonly status: number;

  constructor(
    readonly code: MeetingErrorCode,
    /** Simplified Chinese, for the person using the mini-app. */
    readonly messageZh: string,
  ) {
    super(messageZh);
    this.status = STATUS[code];
  }
}
