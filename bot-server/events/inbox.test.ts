import type { DataSource } from 'typeorm';
import { AuditLog, InboxEvent } from '../../entities';
import type { DatabaseSettings } from '../../entities/data-source';
import { openDatabase } from '../db/database';
import type { InboundEvent } from '../dingtalk/receiver';
import { createLogger } from '../logging/logger';
import { testDatabases } from '../test-support/databases';
import { Inbox } from './inbox';
import { type EventHandler, InboxProcessor } from './inbox-processor';
import { scheduleReplay } from './replay';

const logger = createLogger('silent');

const event = (eventId: string, eventType = 'bpms_instance_change', data: Record<string, unknown> = {}) =>
  ({
    eventId,
    eventType,
    corpId: 'dingcorp',
    bornAt: new Date('2026-11-25T01:00:00Z'),
    data: { processInstanceId: `pi-${eventId}`, title: '关于报送年度工作总结的通知', ...data },
    transport: 'http',
  }) satisfies InboundEvent;

/** A handler whose effect is a row in the same transaction, so "processed once" is countable. */
const recordingHandler: EventHandler = async (e, manager) => {
  await manager.insert(AuditLog, {
    at: new Date(),
    actor: 'system',
    action: 'test.handled',
    subjectType: 'inbox_event',
    subjectId: e.eventId,
  });
};

describe.each(testDatabases())('the inbox on $name', (target) => {
  let settings: DatabaseSettings;
  let drop: () => Promise<void>;
  let db: DataSource;

  beforeAll(async () => {
    ({ settings, drop } = await target.create());
    db = await openDatabase(settings);
  });
  afterAll(async () => {
    await db.destroy();
    await drop();
  });
  beforeEach(async () => {
    await db.getRepository(InboxEvent).clear();
    await db.getRepository(AuditLog).clear();
  });

  const handledCount = async (eventId?: string) =>
    db.getRepository(AuditLog).countBy({ action: 'test.handled', ...(eventId ? { subjectId: eventId } : {}) });

  it('stores an event once and answers a duplicate as such', async () => {
    const inbox = new Inbox(() => db);
    expect(await inbox.accept(event('e1'))).toBe('stored');
    expect(await inbox.accept(event('e1'))).toBe('duplicate');
    const rows = await db.getRepository(InboxEvent).find();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ eventId: 'e1', status: 'pending', corpId: 'dingcorp', transport: 'http' });
    expect(rows[0]?.payload).toEqual(event('e1').data);
  });

  it('processes each event once; unknown types are kept and marked ignored', async () => {
    const inbox = new Inbox(() => db);
    await inbox.accept(event('a'));
    await inbox.accept(event('b'));
    await inbox.accept(event('u', 'some_future_event'));
    const processor = new InboxProcessor(() => db, logger).on('bpms_instance_change', recordingHandler);
    expect(await processor.drain()).toBe(3);
    expect(await processor.drain()).toBe(0);
    expect(await handledCount()).toBe(2);
    const statuses = Object.fromEntries((await db.getRepository(InboxEvent).find()).map((r) => [r.eventId, r.status]));
    expect(statuses).toEqual({ a: 'done', b: 'done', u: 'ignored' });
  });

  it('retries a failing event with backoff, parks it as failed with its error, and replays it', async () => {
    let now = new Date('2026-11-25T02:00:00Z');
    let failing = true;
    const processor = new InboxProcessor(() => db, logger, {
      maxAttempts: 3,
      backoffBaseMs: 1000,
      now: () => now,
    }).on('bpms_instance_change', async (e, manager) => {
      await recordingHandler(e, manager);
      if (failing) throw new Error('未知的审批模板 PROC-X');
    });
    await new Inbox(() => db).accept(event('f'));
    await db.getRepository(InboxEvent).update({ eventId: 'f' }, { nextAttemptAt: now });

    expect(await processor.processDue()).toBe(1);
    let row = await db.getRepository(InboxEvent).findOneByOrFail({ eventId: 'f' });
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Error: 未知的审批模板 PROC-X' });
    expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + 1000);
    expect(await processor.processDue()).toBe(0); // not due yet

    now = new Date(now.getTime() + 1000);
    await processor.processDue();
    row = await db.getRepository(InboxEvent).findOneByOrFail({ eventId: 'f' });
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + 2000);

    now = new Date(now.getTime() + 2000);
    await processor.processDue();
    row = await db.getRepository(InboxEvent).findOneByOrFail({ eventId: 'f' });
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    // The handler's writes were rolled back with each failure.
    expect(await handledCount('f')).toBe(0);

    failing = false;
    expect(await scheduleReplay(db, { failed: true })).toEqual(['f']);
    // Replay makes the event due at the real clock's now; move the test clock there.
    now = new Date(Date.now() + 1000);
    expect(await processor.drain()).toBe(1);
    expect(await db.getRepository(InboxEvent).findOneByOrFail({ eventId: 'f' })).toMatchObject({ status: 'done' });
    expect(await handledCount('f')).toBe(1);
  });

  it('keeps an event that arrives while another event fails in its own transaction', async () => {
    const inbox = new Inbox(() => db);
    await inbox.accept(event('slow'));
    let entered!: () => void;
    const handlerEntered = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const processor = new InboxProcessor(() => db, logger, { maxAttempts: 1 }).on(
      'bpms_instance_change',
      async (e, manager) => {
        await recordingHandler(e, manager);
        entered();
        await gate;
        throw new Error('boom');
      },
    );
    const processing = processor.processDue();
    await handlerEntered;
    // A new event arrives (as from the HTTP receiver) while that transaction is open; then it fails.
    const stored = inbox.accept(event('arrived-meanwhile', 'user_add_org'));
    release();
    await processing;
    expect(await stored).toBe('stored');
    const rows = await db.getRepository(InboxEvent).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => [r.eventId, r.status])).toEqual([
      ['slow', 'failed'],
      ['arrived-meanwhile', 'pending'],
    ]);
    expect(await handledCount()).toBe(0);
  });

  it('lets another worker take over an event whose worker died holding it', async () => {
    let now = new Date('2026-11-25T03:00:00Z');
    await new Inbox(() => db).accept(event('orphan'));
    await db.getRepository(InboxEvent).update({ eventId: 'orphan' }, { nextAttemptAt: now });
    // The first worker claims it and dies before processing.
    await db
      .getRepository(InboxEvent)
      .update({ eventId: 'orphan' }, { lockedBy: 'dead-worker', lockedUntil: new Date(now.getTime() + 60_000) });
    const survivor = new InboxProcessor(() => db, logger, { now: () => now }).on(
      'bpms_instance_change',
      recordingHandler,
    );
    expect(await survivor.processDue()).toBe(0);
    now = new Date(now.getTime() + 60_001);
    expect(await survivor.processDue()).toBe(1);
    expect(await handledCount('orphan')).toBe(1);
  });

  it('stores every event that arrives while workers are claiming', async () => {
    const inbox = new Inbox(() => db);
    const processor = new InboxProcessor(() => db, logger, { batchSize: 5 }).on(
      'bpms_instance_change',
      recordingHandler,
    );
    let arriving = true;
    const claiming = (async () => {
      while (arriving) await processor.processDue();
    })();
    const ids = Array.from({ length: 120 }, (_, i) => `c${i}`);
    // Ten senders at once, as DingTalk pushes in parallel; none may be refused.
    const results = await Promise.all(
      Array.from({ length: 10 }, async (_, sender) => {
        const outcomes: string[] = [];
        for (let i = sender; i < ids.length; i += 10) outcomes.push(await inbox.accept(event(ids[i] as string)));
        return outcomes;
      }),
    );
    arriving = false;
    await claiming;
    await processor.drain();
    expect(results.flat().filter((o) => o === 'stored')).toHaveLength(ids.length);
    expect(await db.getRepository(InboxEvent).countBy({ status: 'done' })).toBe(ids.length);
    expect(await handledCount()).toBe(ids.length);
  });

  if (target.name === 'mysql') {
    it('processes each event exactly once with three processes on one database', async () => {
      const inbox = new Inbox(() => db);
      const ids = Array.from({ length: 150 }, (_, i) => `m${i}`);
      for (const id of ids) await inbox.accept(event(id));
      // Three independent connections pools, as three bot-server processes would have.
      const pools = await Promise.all([1, 2, 3].map(() => openDatabase(settings, { migrate: false })));
      try {
        const processors = pools.map((pool) =>
          new InboxProcessor(() => pool, logger, { batchSize: 7 }).on('bpms_instance_change', recordingHandler),
        );
        const processed = await Promise.all(processors.map((p) => p.drain()));
        expect(processed.reduce((a, b) => a + b, 0)).toBe(ids.length);
        expect(processed.filter((n) => n > 0).length).toBeGreaterThan(1);
      } finally {
        await Promise.all(pools.map((p) => p.destroy()));
      }
      expect(await handledCount()).toBe(ids.length);
      const perEvent = await db.query(
        "SELECT subject_id, COUNT(*) AS n FROM audit_log WHERE action = 'test.handled' GROUP BY subject_id HAVING n > 1",
      );
      expect(perEvent).toEqual([]);
      expect(await db.getRepository(InboxEvent).countBy({ status: 'done' })).toBe(ids.length);
    });
  }
});
