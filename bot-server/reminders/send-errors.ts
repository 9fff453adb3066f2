/** How a failed DingTalk send is recorded and judged: its reason, and whether the message may have gone out. */
import { DingTalkApiError } from '../dingtalk';

/** What went wrong with a send, as the outbox row records it (at most 2,000 characters). */
export function reasonOf(err: unknown): string {
  if (err instanceof DingTalkApiError) {
    return `${err.code}${err.errcode === undefined ? '' : ` (${err.errcode})`}: ${err.message}`.slice(0, 2000);
  }
  return (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 2000);
}

/** Network errors raised before a request could reach DingTalk: the message certainly did not go. */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCodes(err: unknown, depth = 0): string[] {
  if (err === null || typeof err !== 'object' || depth > 5) return [];
  const { code, cause, errors } = err as { code?: unknown; cause?: unknown; errors?: unknown };
  return [
    ...(typeof code === 'string' ? [code] : []),
    ...errorCodes(cause, depth + 1),
    ...(Array.isArray(errors) ? errors.flatMap((e) => errorCodes(e, depth + 1)) : []),
  ];
}

/**
 * The outcome of the call is unknown: it may have reached DingTalk (a timeout, a connection cut after the request
 * went out, an unreadable answer). A refused connection or an unknown host is not: nothing went out.
 */
export function uncertain(err: unknown): boolean {
  if (!(err instanceof DingTalkApiError)) return false;
  if (err.code === 'api_bad_response') return true;
  if (err.code !== 'api_unreachable') return false;
  const codes = errorCodes(err.cause);
  return codes.length === 0 || !codes.every((code) => NEVER_CONNECTED.has(code));
}
