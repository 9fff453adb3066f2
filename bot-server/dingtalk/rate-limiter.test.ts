import { RateLimiter } from './rate-limiter';

/** A clock that only moves when the limiter sleeps, so timing is exact and instant. */
function fakeTime() {
  let now = 10_000;
  const grantedAt: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    grantedAt,
    record: () => grantedAt.push(now),
  };
}

it('lets `limit` calls through at once, then one per freed slot', async () => {
  const time = fakeTime();
  const limiter = new RateLimiter({ limit: 3, intervalMs: 1000, now: time.now, sleep: time.sleep });
  for (let i = 0; i < 7; i++) {
    await limiter.acquire('/topapi/v2/user/get');
    time.record();
  }
  expect(time.grantedAt).toEqual([10_000, 10_000, 10_000, 11_000, 11_000, 11_000, 12_000]);
});

it('never allows more than `limit` calls in any window, concurrent callers included', async () => {
  // A fake clock with real waiting: sleepers wake in deadline order as the clock jumps to each deadline.
  let now = 0;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  const limiter = new RateLimiter({
    limit: 20,
    intervalMs: 1000,
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: now + ms, wake })),
  });
  const granted: number[] = [];
  const callers: Array<Promise<void>> = [];
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  // Discrete-event run: waves of 30 callers arrive every 370 ms; sleepers wake at their deadlines, in time order.
  const arrivals = [0, 370, 740, 1110, 1480];
  for (let guard = 0; (arrivals.length > 0 || sleepers.length > 0) && guard < 1000; guard++) {
    sleepers.sort((a, b) => a.at - b.at);
    const nextSleeper = sleepers[0]?.at ?? Number.POSITIVE_INFINITY;
    const nextArrival = arrivals[0] ?? Number.POSITIVE_INFINITY;
    now = Math.min(nextSleeper, nextArrival);
    if (nextArrival <= nextSleeper) {
      arrivals.shift();
      for (let i = 0; i < 30; i++) callers.push(limiter.acquire('k').then(() => void granted.push(now)));
    } else {
      sleepers.shift()?.wake();
    }
    await settle();
  }
  await Promise.all(callers);
  granted.sort((a, b) => a - b);
  expect(granted).toHaveLength(150);
  for (let i = 20; i < granted.length; i++) {
    expect((granted[i] ?? 0) - (granted[i - 20] ?? 0)).toBeGreaterThanOrEqual(1000);
  }
});

it('keeps keys apart', async () => {
  const time = fakeTime();
  const limiter = new RateLimiter({ limit: 1, intervalMs: 60_000, now: time.now, sleep: time.sleep });
  await limiter.acquire('robot:a');
  await limiter.acquire('robot:b');
  expect(time.now()).toBe(10_000);
  await limiter.acquire('robot:a');
  expect(time.now()).toBe(70_000);
});

it('rejects nonsense limits', () => {
  expect(() => new RateLimiter({ limit: 0, intervalMs: 1000 })).toThrow(RangeError);
});
