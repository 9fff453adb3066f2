import type { Logger } from '../logging/logger';

/**
 * After a failed run (the database away, mostly) the next comes this soon at the latest, whatever the interval: the
 * work resumes within seconds of the database returning, not a long interval later.
 */
export const RETRY_AFTER_ERROR_MS = 2_000;

/**
 * Runs `work` again and again: at once while it reports progress, otherwise every `intervalMs`, and at once when
 * woken (e.g. right after a new event is stored). One run at a time; `stop` waits for the current run to end.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private running: Promise<void> | null = null;
  private lastRunAt = 0;
  private wakeRequested = false;
  private lastRunFailed = false;
  private stopped = true;

  constructor(
    private readonly name: string,
    /** Resolves to the number of items handled; 0 means there was nothing to do. */
    private readonly work: () => Promise<number>,
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
    /**
     * Least time between two runs when woken: under a burst (hundreds of events a second) wakes are gathered
     * into one run over a batch instead of one run per event.
     */
    private readonly minGapMs = 0,
  ) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    const wait = this.lastRunAt + this.minGapMs - Date.now();
    if (wait > 0) {
      this.runIn(wait);
      return;
    }
    this.clearTimer();
    this.lastRunAt = Date.now();
    this.running = this.runOnce().finally(() => {
      this.running = null;
      this.schedule();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.running;
  }

  /** Runs in `ms` unless a run is already set for sooner (an idle timer is brought forward, never pushed back). */
  private runIn(ms: number): void {
    const at = Date.now() + ms;
    if (this.timer && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, ms);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async runOnce(): Promise<void> {
    this.lastRunFailed = false;
    try {
      const handled = await this.work();
      if (handled > 0) this.wakeRequested = true;
    } catch (err) {
      this.lastRunFailed = true;
      this.logger.error({ err, loop: this.name }, 'background work failed; will try again');
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.wakeRequested) {
      this.wakeRequested = false;
      this.wake();
      return;
    }
    this.runIn(this.lastRunFailed ? Math.min(this.intervalMs, RETRY_AFTER_ERROR_MS) : this.intervalMs);
  }
}

/** A service's background work, which its event handlers may ask for sooner (documents to read, meetings to sync). */
export interface WakeableWork {
  /** One pass; resolves to the number of items handled. */
  runDue(): Promise<number>;
  onSyncRequested(wake: () => void): void;
}

/** Starts the server's loop over a service's due work, woken when it is asked for. Stop it before the database closes. */
export function startWakeableLoop(name: string, work: WakeableWork, logger: Logger, intervalMs: number): PollingLoop {
  const loop = new PollingLoop(name, () => work.runDue(), logger, intervalMs);
  work.onSyncRequested(() => loop.wake());
  loop.start();
  return loop;
}
