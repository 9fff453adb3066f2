import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { DatabaseHandle, RECONNECT_BACKOFF, reconnectDelayMs } from './database-handle';

/** Waits for `condition`, checking every few milliseconds (the test's own timeout bounds it). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('DatabaseHandle reconnection', () => {
  it('waits at most a couple of seconds between attempts, however long the database was away', () => {
    const delays = Array.from({ length: 40 }, (_, attempt) => reconnectDelayMs(attempt));
    expect(delays.slice(0, 5)).toEqual([250, 500, 1000, 2000, 2000]);
    expect(Math.max(...delays)).toBe(RECONNECT_BACKOFF.maxMs);
    expect(RECONNECT_BACKOFF.maxMs).toBeLessThanOrEqual(3000);
  });

  it('keeps trying on its capped back-off and is ready on the first attempt after the database is back', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'duban-handle-'));
    // A file stands where the database's folder goes: SQLite cannot open it until the file is gone (the database
    // "returns").
    const folder = join(parent, 'later');
    writeFileSync(folder, '');
    const retries: number[] = [];
    let ready = 0;
    const log = new Writable({
      write(chunk, _encoding, done) {
        const line = JSON.parse(String(chunk)) as { retryInMs?: number };
        if (line.retryInMs !== undefined) retries.push(line.retryInMs);
        done();
      },
    });
    const handle = new DatabaseHandle(
      { type: 'sqlite', path: join(folder, 'duban.sqlite') },
      pino({ level: 'info' }, log),
      async () => {},
      () => {
        ready++;
      },
      { baseMs: 1, maxMs: 8 },
    );
    try {
      await handle.connect();
      await until(() => retries.length >= 6);
      expect(handle.connected).toBe(false);
      rmSync(folder);
      await until(() => handle.connected);
      expect(ready).toBe(1);
      // Every wait was on the schedule, none past the cap: the handle noticed the database at the next attempt.
      expect(retries.slice(0, 6)).toEqual([1, 2, 4, 8, 8, 8]);
      expect(Math.max(...retries)).toBe(8);
    } finally {
      await handle.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
