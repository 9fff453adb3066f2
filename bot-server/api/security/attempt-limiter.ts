import type { Context, Next } from 'koa';
import { ApiError } from '../errors';

/**
 * Counts failed attempts per key in a fixed window and refuses further attempts past the limit: guessing sign-in
 * codes or user ids becomes slow, while a whole office signing in from behind one address at nine o'clock is never
 * held up (successes are not counted). Kept in this process's memory: with several processes each allows the limit,
 * which still bounds guessing; the meeting sign-in code has its own limit in the database.
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { startedAt: number; failures: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  isBlocked(key: string): boolean {
    const window = this.windows.get(key);
    return !!window && this.now() - window.startedAt < this.windowMs && window.failures >= this.limit;
  }

  recordFailure(key: string): void {
    const now = this.now();
    const window = this.windows.get(key);
    if (window && now - window.startedAt < this.windowMs) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= 10_000) this.forgetExpired(now);
    this.windows.set(key, { startedAt: now, failures: 1 });
  }

  private forgetExpired(now: number) {
    for (const [key, window] of this.windows) if (now - window.startedAt >= this.windowMs) this.windows.delete(key);
  }
}

/** Sign-in routes: after `limit` refused attempts from one address in a window, 429 until the window ends. */
export function limitFailedAttempts(limiter: AttemptLimiter) {
  return async (ctx: Context, next: Next) => {
    if (limiter.isBlocked(ctx.ip)) throw new ApiError(429, 'too_many_attempts', '尝试次数过多，请稍后再试');
    try {
      await next();
    } catch (err) {
      const status = (err as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) limiter.recordFailure(ctx.ip);
      throw err;
    }
  };
}
