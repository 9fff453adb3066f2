/**
 * The inbox after database failures: an event whose transaction lost the database is tried again within a second
 * and without spending an attempt, and events a failed run left claimed are taken up by the next run, not after
 * their lease. Real databases; the database "goes away" by killing the handler's connection (MariaDB) or by the
 * processor being handed a database that is not open.
 */
import type { DataSource } from 'typeorm';
import { InboxEvent } from '../../entities';
import { createDataSource } from '../../entities/data-source';
import { type TestDatabase, testDatabases, useScratchDatabase } from '../test-support/databases';
import { silent } from '../test-support/reminders';
import { InboxProcessor } from './inbox-processor';

const T0 = Date.parse('2026-03-02T01:00:00Z');

async function storeEvent(db: DataSource, eventId: string): Promise<void> {
  await db.getRepository(InboxEvent).insert({
    eventId,
    eventType: 'test_event',
    corpId: 'ding-test',
    transport: 'stream',
    bornAt: new Date(T0),
    payload: {},
    status: 'pending',
    attempts: 0,
    nextAttemptAt: new Date(T0),
  });
}

const eventRow = (db: DataSource, eventId: string) => db.getRepository(InboxEvent).findOneByOrFail({ eventId });

describe.each(testDatabases())('inbox processor after database failures on $name', (target: TestDatabase) => {
  const scratch = useScratchDatabase(target);

  it('takes up the events of a run that failed at once on the next run, not after the lease', async () => {
    const { db } = scratch;
    await storeEvent(db, 'stranded');
    let clock = T0;
    // A database that is not open stands for one that went away between the claim and the handling.
    const away = createDataSource({ type: 'sqlite', path: ':memory:' });
    let current: DataSource = db;
    let handled = 0;
    const processor = new InboxProcessor(() => current, silent, { leaseMs: 60_000, now: () => new Date(clock) });
    processor.on('test_event', async () => {
      if (handled++ === 0) {
        current = away;
        throw new Error('connection lost');
      }
    });
    await expect(processor.processDue()).rejects.toThrow();
    expect(await eventRow(db, 'stranded')).toMatchObject({ status: 'pending', lockedBy: processor.worker });

    current = db;
    clock += 1_000; // far inside the lease
    expect(await processor.processDue()).toBe(1);
    expect(await eventRow(db, 'stranded')).toMatchObject({ status: 'done', attempts: 0, lockedBy: null });
  });

  (target.name === 'mysql' ? it : it.skip)(
    'retries an event whose connection died within a second, without counting an attempt',
    async () => {
      const { db } = scratch;
      await storeEvent(db, 'killed');
      let clock = T0;
      let handled = 0;
      const processor = new InboxProcessor(() => db, silent, { backoffBaseMs: 5_000, now: () => new Date(clock) });
      processor.on('test_event', async (_event, manager) => {
        if (handled++ > 0) return;
        const [{ id }] = (await manager.query('SELECT CONNECTION_ID() AS id')) as [{ id: number }];
        await db.query(`KILL ${Number(id)}`);
        await manager.query('SELECT 1');
      });
      expect(await processor.processDue()).toBe(1);
      const after = await eventRow(db, 'killed');
      expect(after).toMatchObject({ status: 'pending', attempts: 0, lockedBy: null });
      expect(after.nextAttemptAt.getTime() - clock).toBeLessThanOrEqual(1_000);

      clock += 1_000;
      expect(await processor.processDue()).toBe(1);
      expect(await eventRow(db, 'killed')).toMatchObject({ status: 'done', attempts: 0 });
    },
  );
});
