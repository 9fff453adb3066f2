import { createLogger } from '../logging/logger';
import { PollingLoop, RETRY_AFTER_ERROR_MS } from './polling-loop';

const logger = createLogger('silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PollingLoop', () => {
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
    await sleep(5);
    expect(runs).toHaveLength(1);
    // Woken three times right after the first run: one more run, after the gap, not after the minute.
    loop.wake();
    loop.wake();
    loop.wake();
    await sleep(200);
    await loop.stop();
    expect(runs).toHaveLength(2);
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
    await sleep(300);
    await loop.stop();
    expect(left).toBe(0);
  });

  it('tries again within seconds after a failed run, even on a long interval', async () => {
    jest.useFakeTimers();
    try {
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
    } finally {
      jest.useRealTimers();
    }
  });
});
