/**
 * Several inbox workers (on MariaDB: several connections pools, as several processes have) create the same new
 * documents at once: every event is processed on its first attempt (no deadlock, no duplicate-key error) and each
 * approval instance is one document.
 */
import type { DataSource } from 'typeorm';
import { Document, DocumentStep, InboxEvent } from '../../entities';
import { openDatabase } from '../db/database';
import { DEMO_TEMPLATES } from '../demo/seed-documents';
import { InboxProcessor } from '../events/inbox-processor';
import { type TestDatabase, testDatabases } from '../test-support/databases';
import { prepareDatabase, silent } from '../test-support/reminders';
import { registerDocumentHandlers } from './events';
import type { SettleContext } from './settle';
import { saveTemplate } from './templates';

const WORKERS = 4;
const INSTANCES = 12;
const EVENTS_PER_INSTANCE = 6;
const BORN = Date.parse('2026-03-02T01:00:00Z');

/** The events of one new approval, as DingTalk may deliver them all at once: starts of the instance and of tasks. */
function eventsOf(instance: number): Partial<InboxEvent>[] {
  const processInstanceId = `concurrent-${instance}`;
  const processCode = instance % 2 === 0 ? 'PROC-DUBAN-SHOUWEN' : 'PROC-DUBAN-FAWEN';
  return Array.from({ length: EVENTS_PER_INSTANCE }, (_, n) => {
    const task = n % 2 === 1;
    return {
      eventId: `${processInstanceId}-${n}`,
      eventType: task ? 'bpms_task_change' : 'bpms_instance_change',
      corpId: 'ding-test',
      transport: 'stream' as const,
      bornAt: new Date(BORN),
      payload: {
        processInstanceId,
        processCode,
        type: 'start',
        title: `并发公文 ${instance}`,
        staffId: task ? 'wufang' : 'zhenglei',
        createTime: BORN,
        ...(task ? { taskId: `${instance}0${n}` } : {}),
      },
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: new Date(BORN),
    };
  });
}

describe.each(testDatabases())('concurrent creation of documents on $name', (target: TestDatabase) => {
  let pools: DataSource[] = [];
  let drop: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    const first = await openDatabase(created.settings);
    // SQLite in memory is one database per connection: its workers share the one pool.
    const others =
      target.name === 'mysql'
        ? await Promise.all(
            Array.from({ length: WORKERS - 1 }, () => openDatabase(created.settings, { migrate: false })),
          )
        : [];
    pools = [first, ...others];
  }, 60_000);
  afterAll(async () => {
    for (const db of pools) if (db.isInitialized) await db.destroy();
    await drop();
  });

  it('processes every event once, without a deadlock, and makes one document per instance', async () => {
    const [main] = pools as [DataSource];
    const deadlines = await prepareDatabase(main);
    const ctx: SettleContext = { deadlines, now: () => new Date(BORN) };
    await main.transaction(async (manager) => {
      for (const { processCode, ...definition } of DEMO_TEMPLATES) {
        await saveTemplate(manager, ctx, 'test', processCode, definition);
      }
    });
    const events = Array.from({ length: INSTANCES }, (_, i) => eventsOf(i)).flat();
    await main.getRepository(InboxEvent).insert(events);

    const workers = Array.from({ length: WORKERS }, (_, n) => {
      const db = pools[n % pools.length] as DataSource;
      // One event per claim, so the workers take neighbouring events: those of the same instance.
      const processor = new InboxProcessor(() => db, silent, { batchSize: 1, now: () => new Date(BORN) });
      registerDocumentHandlers(processor, { documents: () => ctx });
      return processor;
    });
    await Promise.all(workers.map((w) => w.drain()));

    const processed = await main.getRepository(InboxEvent).find({ order: { id: 'ASC' } });
    expect(processed.filter((e) => e.status !== 'done' || e.attempts > 0).map((e) => [e.eventId, e.lastError])).toEqual(
      [],
    );
    const docs = await main.getRepository(Document).find({ order: { processInstanceId: 'ASC' } });
    expect(docs.map((d) => d.processInstanceId).sort()).toEqual(
      Array.from({ length: INSTANCES }, (_, i) => `concurrent-${i}`).sort(),
    );
    expect(await main.getRepository(DocumentStep).count()).toBe((INSTANCES * EVENTS_PER_INSTANCE) / 2);
  }, 120_000);
});
