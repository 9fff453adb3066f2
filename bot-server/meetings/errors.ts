import { DomainError, type ErrorKind } from '../errors/domain-error';

/** What the meetings area refuses: the caller's input, or a step the meeting is not ready for; nothing was changed. */
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

const KIND: Record<MeetingErrorCode, ErrorKind> = {
  not_found: 'not_found',
  forbidden: 'forbidden',
  not_invited: 'forbidden',
  invalid_input: 'invalid',
  unknown_type: 'invalid',
  unknown_user: 'invalid',
  unknown_unit: 'invalid',
  not_unit_member: 'invalid',
  in_past: 'invalid',
  invalid_state: 'conflict',
  sign_in_closed: 'invalid',
  wrong_code: 'invalid',
  too_many_attempts: 'too_many',
};

export class MeetingError extends DomainError {
  override name = 'MeetingError';
  declare readonly code: MeetingErrorCode;

  constructor(code: MeetingErrorCode, messageZh: string) {
    super(KIND[code], code, messageZh);
  }
}
