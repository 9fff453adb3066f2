/**
 * How every authenticated DingTalk call is made, whatever the client: wait for the per-API rate limiter, take a
 * token, and on failure
 * - an expired/invalid token → drop it, fetch a fresh one and try once more (docs/dingtalk.md §4.1);
 * - throttling or busy → back off exponentially with jitter (1 s, 2 s, 4 s…) and retry, at most 3 times
 *   (docs/dingtalk.md §8.3);
 * - anything else → throw at once.
 */
import { DingTalkApiError, DingTalkError } from './errors';
import { type Logger, silentLogger } from './logger';
import { apiRateLimiter, type RateLimiter, sleep as realSleep } from './rate-limiter';
import type { TokenSource } from './token-cache';

export interface RetryPolicy {
  /** Attempts in total, the first included. Default 4 (one try and three retries). */
  maxAttempts: number;
  /** First backoff; doubles on each retry. Default 1000 ms. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** How one attempt at a DingTalk API ended: answered, refused for going too fast, or failed otherwise. */
export type ApiCallOutcome = 'ok' | 'throttled' | 'error';

/** What a DingTalk call reports to its observers (the metrics): each attempt, and each wait before one. */
export interface ApiCallObserver {
  attempt(api: string, outcome: ApiCallOutcome): void;
  /** `rate_limit`: our own limiter held the call back; `backoff`: a pause before retrying a throttled or busy API. */
  waited(api: string, reason: 'rate_limit' | 'backoff', ms: number): void;
}

const observers = new Set<ApiCallObserver>();

/** Observes every DingTalk call of this process: all clients report here, so no caller is instrumented by itself. */
export function observeApiCalls(observer: ApiCallObserver): void {
  observers.add(observer);
}

/** Reports one attempt's outcome: `callWithPolicy` does for every client; the group-robot webhook for itself. */
export function reportAttempt(api: string, err?: unknown): void {
  const outcome: ApiCallOutcome =
    err === undefined ? 'ok' : err instanceof DingTalkError && err.code === 'api_throttled' ? 'throttled' : 'error';
  for (const observer of observers) observer.attempt(api, outcome);
}

/** Reports a call held back before an attempt (nothing when it was not). */
export function reportWait(api: string, reason: 'rate_limit' | 'backoff', ms: number): void {
  if (ms > 0) for (const observer of observers) observer.waited(api, reason, ms);
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 8000 };

export interface ApiCallContext {
  tokens: TokenSource;
  limiter: RateLimiter;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The call context of a client built from its options; the limiter defaults to 20 calls/s per API. */
export function apiCallContext(options: Omit<ApiCallContext, 'limiter'> & { limiter?: RateLimiter }): ApiCallContext {
  return {
    tokens: options.tokens,
    limiter: options.limiter ?? apiRateLimiter(),
    retry: options.retry,
    logger: options.logger,
    sleep: options.sleep,
    random: options.random,
  };
}

/** Backoff before retry number `retry` (1-based): base·2^(retry-1), capped, plus up to 20 % jitter. */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(exponential * (1 + 0.2 * random()));
}

export async function callWithPolicy<T>(
  context: ApiCallContext,
  api: string,
  attempt: (token: string) => Promise<T>,
): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...context.retry };
  const logger = context.logger ?? silentLogger;
  const pause = context.sleep ?? realSleep;
  let refreshedToken = false;
  for (let attemptNumber = 1; ; attemptNumber++) {
    reportWait(api, 'rate_limit', await context.limiter.acquire(api));
    const token = await context.tokens.get();
    try {
      const result = await attempt(token);
      reportAttempt(api);
      return result;
    } catch (err) {
      reportAttempt(api, err);
      if (!(err instanceof DingTalkApiError)) {
        throw err instanceof DingTalkError
          ? err
          : new DingTalkApiError('api_error', `${api}: unexpected failure`, { api }, { cause: err });
      }
      if (err.code === 'api_token_expired' && !refreshedToken) {
        refreshedToken = true;
        context.tokens.invalidate(token);
        logger.info({ api }, 'DingTalk rejected the access token; fetching a new one');
        attemptNumber--; // a stale token is our fault, not DingTalk's: it does not use up an attempt
        continue;
      }
      if (!err.retryable || attemptNumber >= policy.maxAttempts) throw err;
      const delayMs = backoffDelay(policy, attemptNumber, context.random);
      logger.warn(
        { api, code: err.code, errcode: err.errcode, attempt: attemptNumber, delayMs },
        'DingTalk call failed; retrying',
      );
      reportWait(api, 'backoff', delayMs);
      await pause(delayMs);
    }
  }
}
