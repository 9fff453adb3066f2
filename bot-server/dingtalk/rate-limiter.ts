/**
 * Client-side rate limits, one sliding window per key (an API path, a robot webhook). DingTalk allows 20 calls
 * per second per app per API and 20 messages per minute per group robot (docs/dingtalk.md §8.2, §5.1); staying under is
 * cheaper than being throttled. A sliding window (rather than a token bucket, which lets burst + refill through
 * in one second) guarantees at most `limit` calls in *any* window of `intervalMs`, whatever window DingTalk counts.
 */

export interface RateLimiterOptions {
  /** Calls allowed in any window of `intervalMs`. */
  limit: number;
  intervalMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class RateLimiter {
  /** Per key: the times calls were (or are reserved to be) let through, ascending. */
  private readonly grants = new Map<string, number[]>();
  private readonly limit: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: RateLimiterOptions) {
    if (!(options.limit >= 1) || !(options.intervalMs > 0))
      throw new RangeError('limit and intervalMs must be positive');
    this.limit = Math.floor(options.limit);
    this.intervalMs = options.intervalMs;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleep;
  }

  /** Resolves, with how long it held the call back (ms), when a call under `key` may go out; first come first served. */
  async acquire(key: string): Promise<number> {
    const now = this.now();
    const times = (this.grants.get(key) ?? []).filter((t) => t > now - this.intervalMs);
    const blocking = times[times.length - this.limit];
    const at = blocking === undefined ? now : Math.max(now, blocking + this.intervalMs);
    times.push(at);
    this.grants.set(key, times);
    if (at > now) await this.sleep(at - now);
    return at - now;
  }
}

/** DingTalk's per-app per-API limit: 20 calls/s (docs/dingtalk.md §8.2). */
export function apiRateLimiter(overrides: Partial<RateLimiterOptions> = {}): RateLimiter {
  return new RateLimiter({ limit: 20, intervalMs: 1000, ...overrides });
}
