/**
 * What the supervision service refuses: the caller's input or a step the matter is not ready for. The API turns it
 * into an HTTP answer with the Chinese message; the command line prints it.
 */
export type SupervisionErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'invalid_input'
  | 'unknown_unit'
  | 'unknown_user'
  | 'due_in_past'
  | 'invalid_state'
  | 'extension_pending'
  | 'not_applicable';

const STATUS: Record<SupervisionErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  invalid_input: 400,
  unknown_unit: 400,
  unknown_user: 400,
  due_in_past: 400,
  invalid_state: 409,
  extension_pending: 409,
  not_applicable: 400,
};

export class SupervisionError extends Error {
  override name = 'SupervisionError';
  readonly status: number;

  constructor(
    readonly code: SupervisionErrorCode,
    /** Simplified Chinese, for the person using the mini-app. */
    readonly messageZh: string,
    readonly details?: unknown,
  ) {
    super(messageZh);
    this.status = STATUS[code];
  }
}
