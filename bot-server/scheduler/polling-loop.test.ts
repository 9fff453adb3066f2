import { createLogger } from '../logging/logger';
import { PollingLoop, RETRY_AFTER_ERROR_MS } from './polling-loop';

const logger = createLogger('silent');

describe('PollingLoop', () => {
  // Fake timers: on a loaded machine a real 5 ms sleep can outlast the gap, which changes what is being tested.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs soon after a wake even while it idles on a long interval, gathering wakes into one run', async () => {
    const runs: number[] = [];
    const loop = new PollingLoop(
      'test',
      async () => {
        runs.push(Date.now());
        return 0;
      },
      logger,
      60_000,
      30,
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(5);
    expect(runs).toHaveLength(1);
    // Woken three times right after the first run: one more run, after the gap, not after the minute.
    loop.wake();
    loop.wake();
    loop.wake();
    await jest.advanceTimersByTimeAsync(200);
    await loop.stop();
    expect(runs).toHaveLength(2);
    expect((runs[1] ?? 0) - (runs[0] ?? 0)).toBeGreaterThanOrEqual(30);
  });

  it('runs again once more when woken during a run, so work stored meanwhile is not left for the interval', async () => {
    const runs: number[] = [];
    let loop: PollingLoop | null = null;
    loop = new PollingLoop(
      'test',
      async () => {
        runs.push(Date.now());
        if (runs.length === 1) {
          loop?.wake();
          loop?.wake();
        }
        return 0;
      },
      logger,
      60_000,
      30,
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(1_000);
    await loop.stop();
    expect(runs).toHaveLength(2);
    expect((runs[1] ?? 0) - (runs[0] ?? 0)).toBeGreaterThanOrEqual(30);
  });

  it('keeps going while there is work, and survives a failing run', async () => {
    let left = 3;
    let failures = 0;
    const loop = new PollingLoop(
      'test',
      async () => {
        if (failures++ === 0) throw new Error('database away');
        return left > 0 ? left-- : 0;
      },
      logger,
      20,
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(300);
    await loop.stop();
    expect(left).toBe(0);
  });

  it('tries again within seconds after a failed run, even on a long interval', async () => {
    let runs = 0;
    const loop = new PollingLoop(
      'test',
      async () => {
        runs++;
        if (runs === 1) throw new Error('database away');
        return 0;
      },
      logger,
      60_000,
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(RETRY_AFTER_ERROR_MS);
    expect(runs).toBe(2);
    // Back to the interval once a run succeeds.
    await jest.advanceTimersByTimeAsync(30_000);
    expect(runs).toBe(2);
    await loop.stop();
  });
});
