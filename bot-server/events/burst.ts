/**
 * A burst: BURST_EVENTS pushes within the last BURST_WINDOW_MS (40 a second or more, where an office sends a few a
 * minute). The window is wide enough that a pause of the event loop (a long query, garbage collection) does not end
 * one.
 */
export const BURST_EVENTS = 20;
export const BURST_WINDOW_MS = 500;

/**
 * How long processing may wait for a burst to end. DingTalk's acknowledgement waits for the row, never for the
 * processing, and on one core the two compete: during a burst stored events wait to be processed, for this long at
 * most; a burst that lasts longer shares the core with processing from then on. A minute: an office's pushes come a
 * few a minute, so a burst is DingTalk delivering a backlog (after an outage it retries for up to 7 days), when taking
 * every push in matters more than acting on it seconds sooner. Measured with `npx duban bench callback` (quiet
 * 2-core machine, SQLite): storing alone takes 5,544 pushes/s, sharing the core with processing 1,631.
 */
export const BURST_PROCESSING_DEFERRAL_MS = 60_000;

/** Watches the pushes arriving at the inbox: whether they come in a burst, and whether processing should wait. */
export class BurstWatch {
  /** When the last BURST_EVENTS pushes arrived: a ring whose oldest entry is at `count` modulo its length. */
  private readonly arrivals = new Array<number>(BURST_EVENTS).fill(Number.NEGATIVE_INFINITY);
  private count = 0;
  /** When the burst going on began, as processing first saw it (null: none). */
  private since: number | null = null;

  arrived(now: number): void {
    this.arrivals[this.count++ % BURST_EVENTS] = now;
  }

  inBurst(now: number): boolean {
    return now - (this.arrivals[this.count % BURST_EVENTS] as number) < BURST_WINDOW_MS;
  }

  /** Whether processing should make way now: a burst is on, and began less than the deferral ago. */
  processingWaits(now: number): boolean {
    if (!this.inBurst(now)) {
      this.since = null;
      return false;
    }
    this.since ??= now;
    return now - this.since < BURST_PROCESSING_DEFERRAL_MS;
  }
}
