export type FaultKind = 'throttle' | 'busy' | 'token_expired';

/** Faults a test asked for and the per-API call rate (docs/dingtalk.md §8.2). */
export class Limits {
  private readonly faults = new Map<string, FaultKind[]>();
  private readonly qpsWindows = new Map<string, { second: number; count: number }>();
  private readonly qpsLimit: number;
  private readonly now: () => number;

  /** `qpsLimit`: requests per second per API before the throttle answer; 0 = unlimited. */
  constructor(qpsLimit: number, now: () => number) {
    this.qpsLimit = qpsLimit;
    this.now = now;
  }

  addFault(path: string, kind: FaultKind, times: number): void {
    const queue = this.faults.get(path) ?? [];
    for (let i = 0; i < times; i++) queue.push(kind);
    this.faults.set(path, queue);
  }

  takeFault(path: string): FaultKind | undefined {
    const queue = this.faults.get(path);
    const fault = queue?.shift();
    if (queue && queue.length === 0) this.faults.delete(path);
    return fault;
  }

  /** Counts a call to `path` and tells whether it is over the per-second limit (§8.2: 20/s per app per API). */
  overQps(path: string): boolean {
    if (this.qpsLimit <= 0) return false;
    const second = Math.floor(this.now() / 1000);
    const window = this.qpsWindows.get(path);
    if (!window || window.second !== second) {
      this.qpsWindows.set(path, { second, count: 1 });
      return false;
    }
    window.count++;
    return window.count > this.qpsLimit;
  }
}
