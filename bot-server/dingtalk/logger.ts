/**
 * The logging seam of the DingTalk area: a pino logger fits as is (`logger.info({ eventId }, 'stored')`).
 * Library code only ever calls `(fields, message)`, and never passes a secret in either.
 */
export type LogFn = (fields: Record<string, unknown>, message: string) => void;

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const ignore: LogFn = () => {};

/** Discards everything; the default when no logger is injected. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** A short, secret-free description of an unknown thrown value for log fields. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { err: { name: err.name, message: err.message, ...(code === undefined ? {} : { code }) } };
  }
  return { err: { message: String(err) } };
}
