/**
 * Stopping in the middle of a batch (SIGTERM, see bot-server/shutdown.test.ts): the event in hand is finished, the
 * rest of the batch is given back at once for another process to take up, not after the lease, and nothing more is
 * claimed.
 */
import { InboxEvent } from '../../entities';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { silent } from '../test-support/reminders';
import { InboxProcessor } from './inbox-processor';

describe.each(testDatabases())('inbox processor halted mid-batch on $name', (target) => {
  const scratch = useScratchDatabase(target);

  it('finishes the event in hand, releases the rest of its batch, and claims no more', async () => {
    const { db } = scratch;
    const now = new Date('2026-03-02T01:00:00Z');
    await db.getRepository(InboxEvent).insert(
      Array.from({ length: 5 }, (_, i) => ({
        eventId: `halt-${i}`,
        eventType: 'test_event',
        corpId: 'ding-test',
        transport: 'stream' as const,
        bornAt: now,
        payload: {},
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: now,
      })),
    );
    const processor = new InboxProcessor(() => db, silent, { leaseMs: 60_000, now: () => now });
    const handled: string[] = [];
    processor.on('test_event', async (event) => {
      handled.push(event.eventId);
      if (handled.length === 2) processor.halt(); // the signal comes while the second event is handled
    });
    expect(await processor.processDue()).toBe(5);
    expect(handled).toEqual(['halt-0', 'halt-1']);
    const rows = await db.getRepository(InboxEvent).find({ order: { eventId: 'ASC' } });
    expect(rows.map((row) => [row.eventId, row.status, row.lockedBy])).toEqual([
      ['halt-0', 'done', null],
      ['halt-1', 'done', null],
      ['halt-2', 'pending', null],
      ['halt-3', 'pending', null],
      ['halt-4', 'pending', null],
    ]);

    expect(await processor.processDue()).toBe(0);
    // Another process takes the released events up at once, inside what would have been the first one's lease.
    const successor = new InboxProcessor(() => db, silent, { now: () => now });
    successor.on('test_event', async () => {});
    expect(await successor.processDue()).toBe(3);
    expect(await db.getRepository(InboxEvent).countBy({ status: 'done' })).toBe(5);
  });
});
