/**
 * Whose fault a refusal is, in words every area shares. The API turns a kind into its HTTP status in one place
 * (api/errors.ts); the command line prints the message; the domain never knows HTTP.
 */
export type ErrorKind =
  /** The caller's input: bad, missing, out of range (400). */
  | 'invalid'
  /** The caller may not do this (403). */
  | 'forbidden'
  /** No such record, or none the caller may see (404). */
  | 'not_found'
  /** The record is not in a state for this step (409). */
  | 'conflict'
  /** Larger than allowed: a file, its contents, its rows (413). */
  | 'too_large'
  /** Too many attempts; try later (429). */
  | 'too_many'
  /** Something we depend on is not there yet: the database (503). */
  | 'unavailable';

/**
 * What any area refuses: a kind, a stable code for programs, a message in Simplified Chinese for the person using
 * the mini-app, and optional details (which fields, which rows). Nothing was changed.
 */
export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly messageZh: string,
    readonly details?: unknown,
  ) {
    super(messageZh);
  }
}
