/**
 * A burst of DingTalk pushes: storing and answering them comes first, processing follows. The watch is tested on
 * its own clock; the whole path against a running Duban on real SQLite and MariaDB, through the HTTP push route.
 */
import { randomUUID } from 'node:crypto';
import { testDatabases } from '../test-support/databases';
import { until } from '../test-support/demo-fixture';
import { type HttpCallbackDuban, startHttpCallbackDuban } from '../test-support/http-callback';
import { BURST_EVENTS, BURST_PROCESSING_DEFERRAL_MS, BURST_WINDOW_MS, BurstWatch } from './burst';

describe('the burst watch', () => {
  const arrivals = (watch: BurstWatch, count: number, from: number, everyMs: number) => {
    for (let i = 0; i < count; i++) watch.arrived(from + i * everyMs);
    return from + (count - 1) * everyMs;
  };

  it(`sees a burst in ${BURST_EVENTS} pushes within ${BURST_WINDOW_MS} ms, and its end when they stop`, () => {
    const watch = new BurstWatch();
    expect(watch.inBurst(0)).toBe(false);
    const last = arrivals(watch, BURST_EVENTS - 1, 1_000, 10);
    expect(watch.inBurst(last)).toBe(false);
    watch.arrived(last + 10);
    expect(watch.inBurst(last + 10)).toBe(true);
    // The window counts from the oldest of the last BURST_EVENTS pushes.
    expect(watch.inBurst(1_000 + BURST_WINDOW_MS - 1)).toBe(true);
    expect(watch.inBurst(1_000 + BURST_WINDOW_MS)).toBe(false);
  });

  it('sees no burst in pushes that come steadily but slower than the burst rate', () => {
    const watch = new BurstWatch();
    const everyMs = Math.ceil(BURST_WINDOW_MS / (BURST_EVENTS - 1)) + 1;
    const last = arrivals(watch, BURST_EVENTS * 5, 0, everyMs);
    expect(watch.inBurst(last)).toBe(false);
    expect(watch.processingWaits(last)).toBe(false);
  });

  it('holds processing back during a burst, for the deferral at most, and lets it go when the burst is over', () => {
    const watch = new BurstWatch();
    expect(watch.processingWaits(0)).toBe(false);
    // 100 pushes a second, without a pause, for longer than the deferral.
    const rateMs = 10;
    let now = 0;
    const until = (end: number) => {
      for (; now <= end; now += rateMs) watch.arrived(now);
      return now - rateMs;
    };
    now = until(BURST_WINDOW_MS);
    expect(watch.processingWaits(now)).toBe(true);
    const burstSeen = now;
    now = until(burstSeen + BURST_PROCESSING_DEFERRAL_MS - rateMs);
    expect(watch.processingWaits(now)).toBe(true);
    now = until(burstSeen + BURST_PROCESSING_DEFERRAL_MS);
    expect(watch.processingWaits(now)).toBe(false);
    // The pushes stop: the burst ends, and the next one holds processing back afresh.
    const quiet = now + BURST_WINDOW_MS;
    expect(watch.processingWaits(quiet)).toBe(false);
    now = quiet;
    now = until(quiet + BURST_WINDOW_MS);
    expect(watch.processingWaits(now)).toBe(true);
  });
});

describe.each(testDatabases())('a burst of HTTP pushes on $name', (target) => {
  let h: HttpCallbackDuban;

  beforeAll(async () => {
    h = await startHttpCallbackDuban(target);
  });
  afterAll(async () => {
    await h.stop();
  });

  /** Seals and signs `message` as DingTalk does, and POSTs it; resolves to the answer's status. */
  async function push(message: string): Promise<number> {
    const encrypt = h.crypto.seal(message);
    const timestamp = String(Date.now());
    const nonce = randomUUID().slice(0, 8);
    const query = new URLSearchParams({ signature: h.crypto.sign(timestamp, nonce, encrypt), timestamp, nonce });
    const response = await fetch(`${h.callbackUrl}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypt }),
    });
    await response.arrayBuffer();
    return response.status;
  }

  it('stores and acknowledges every push first, processes them after, each once', async () => {
    const ids = Array.from({ length: 5 * BURST_EVENTS }, (_, i) => `burst-${target.name}-${i}`);
    const messages = ids.map((eventId) =>
      JSON.stringify({ EventType: 'some_new_event_type', EventTime: Date.now(), CorpId: h.secrets.corpId, eventId }),
    );
    // Every tenth push twice, as DingTalk repeats one it timed out on.
    const statuses = await Promise.all([...messages, ...messages.filter((_, i) => i % 10 === 0)].map(push));
    expect(statuses.every((status) => status === 200)).toBe(true);

    // Acknowledged means stored, each once. Most still wait to be processed: only what was stored before the burst
    // showed (its first pushes, more on a slow machine) may have been; without the deferral, all of them would be.
    const stored = await h.inbox();
    expect(stored.map((row) => row.eventId).sort()).toEqual([...ids].sort());
    expect(stored.filter((row) => row.status === 'pending').length).toBeGreaterThanOrEqual(ids.length / 2);

    // Once the burst is over, processing catches up with all of them.
    const processed = await until(h.inbox, (rows) => rows.every((row) => row.status !== 'pending'));
    expect(processed.map((row) => row.status)).toEqual(ids.map(() => 'ignored'));
  });
});
