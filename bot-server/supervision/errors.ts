import { DomainError, type ErrorKind } from '../errors/domain-error';

/** What the supervision service refuses: the caller's input or a step the matter is not ready for. */
export type SupervisionErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'invalid_input'
  | 'unknown_unit'
  | 'unknown_user'
  | 'due_in_past'
  | 'invalid_state'
  | 'extension_pending'
  | 'not_applicable'
  | 'too_soon';

const KIND: Record<SupervisionErrorCode, ErrorKind> = {
  not_found: 'not_found',
  forbidden: 'forbidden',
  invalid_input: 'invalid',
  unknown_unit: 'invalid',
  unknown_user: 'invalid',
  due_in_past: 'invalid',
  invalid_state: 'conflict',
  extension_pending: 'conflict',
  not_applicable: 'invalid',
  too_soon: 'too_many',
};

export class SupervisionError extends DomainError {
  override name = 'SupervisionError';
  declare readonly code: SupervisionErrorCode;

  constructor(code: SupervisionErrorCode, messageZh: string, details?: unknown) {
    super(KIND[code], code, messageZh, details);
  }
}
