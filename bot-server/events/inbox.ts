import { AsyncResource } from 'node:async_hooks';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { InboxEvent, type JsonObject } from '../../entities';
import { isMysql } from '../../entities/data-source';
import { isUniqueViolation } from '../db/unique-violation';
import type { EventSink, InboundEvent } from '../dingtalk/receiver';

/**
 * How long a push may wait for its row. DingTalk gives an answer about 1.5 s (docs/dingtalk.md §1.8); a database
 * that hangs (locked, frozen, failing over) gets "not stored" well before that, so DingTalk pushes again rather than
 * timing out. A row that commits after the answer is found by the redelivery (duplicate: acknowledged), so nothing
 * is lost and nothing is stored twice.
 */
export const STORE_BUDGET_MS = 1000;

/**
 * Group commit. Events that arrive while the inbox is busy storing are stored together, in one transaction: on
 * SQLite every write of the process waits its turn, so one transaction per event (each with its commit) capped the
 * inbox at a few hundred a second. The window is the store in flight, not a timer: an event that finds
 * the inbox idle is stored at once (nothing added to its latency), the events that come meanwhile go as the next
 * batch as soon as it is done. A timer would also never fire while better-sqlite3's synchronous queries keep the
 * event loop in promise callbacks. A batch holds at most 100 events, which keeps its statement well inside the
 * databases' limits (100 × the 64 KB an event may hold is under MariaDB's 16 MB packet) and its transaction short.
 */
export const BATCH_MAX_EVENTS = 100;
/** SQLite writes one transaction at a time anyway; MariaDB stores a few batches at once on its own connections. */
const STORES_IN_FLIGHT = { sqlite: 1, mysql: 4 } as const;

export class InboxStoreTimeout extends Error {
  override name = 'InboxStoreTimeout';
}

type Outcome = 'stored' | 'duplicate';

interface Waiting {
  event: InboundEvent;
  resolve(outcome: Outcome): void;
  reject(err: unknown): void;
  /** Its push was already answered "not stored": DingTalk will push it again, so the batch leaves it out. */
  givenUp: boolean;
}

export interface InboxOptions {
  budgetMs?: number;
  /**
   * Told after each batch is stored, with how many events it held: one transaction, or one statement per event after
   * a refusal (tests count transactions with it).
   */
  onBatch?: (events: number) => void;
}

/**
 * The durable inbox: the `EventSink` both DingTalk transports hand their events to. `accept` resolves only once
 * the event is a row (or already was one) and its transaction committed, so DingTalk's acknowledgement never runs
 * ahead of storage. Processing happens afterwards, in `InboxProcessor`.
 */
export class Inbox implements EventSink {
  private readonly budgetMs: number;
  private readonly onBatch: (events: number) => void;
  private waiting: Waiting[] = [];
  private inFlight = 0;
  /**
   * Batches run in the context the inbox was made in, never in that of whoever's accept opened them: on SQLite a
   * transaction is recognised by its async context, and a batch must not land inside the caller's transaction.
   */
  private readonly flushSoon = AsyncResource.bind(() => this.flush());

  constructor(
    private readonly db: () => DataSource,
    /** Told after each new event is stored, so a worker can start on it without waiting for its next poll. */
    private readonly onStored: () => void = () => {},
    options: InboxOptions = {},
  ) {
    this.budgetMs = options.budgetMs ?? STORE_BUDGET_MS;
    this.onBatch = options.onBatch ?? (() => {});
  }

  async accept(event: InboundEvent): Promise<Outcome> {
    let timer: NodeJS.Timeout | undefined;
    const waiting = { event, givenUp: false } as Waiting;
    const stored = new Promise<Outcome>((resolve, reject) => {
      waiting.resolve = resolve;
      waiting.reject = reject;
      timer = setTimeout(() => {
        waiting.givenUp = true;
        reject(new InboxStoreTimeout(`the event was not stored within ${this.budgetMs} ms`));
      }, this.budgetMs);
    });
    this.waiting.push(waiting);
    this.flushSoon();
    try {
      return await stored;
    } finally {
      clearTimeout(timer);
    }
  }

  private maxInFlight(): number {
    try {
      return isMysql(this.db()) ? STORES_IN_FLIGHT.mysql : STORES_IN_FLIGHT.sqlite;
    } catch {
      return 1; // no database yet: the store tells each event so (DingTalk gets "not stored" and pushes again)
    }
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight() && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, BATCH_MAX_EVENTS).filter((w) => !w.givenUp);
      if (batch.length === 0) continue;
      this.inFlight++;
      void this.store(batch).finally(() => {
        this.inFlight--;
        this.flushSoon();
      });
    }
  }

  private async store(batch: Waiting[]): Promise<void> {
    const outcomes = await (batch.length === 1 ? this.storeEach(batch) : this.storeBatch(batch));
    this.onBatch(batch.length);
    if (outcomes.includes('stored')) this.onStored();
  }

  private async storeBatch(batch: Waiting[]): Promise<Array<Outcome | 'failed'>> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.db().transaction((manager) =>
        storeTogether(
          manager,
          batch.map((w) => w.event),
        ),
      );
    } catch {
      // One event the database refuses (or a row another process inserted meanwhile) must not cost the others
      // theirs: each is then stored on its own, and only the bad one fails.
      return this.storeEach(batch);
    }
    batch.forEach((w, i) => {
      w.resolve(outcomes[i] as Outcome);
    });
    return outcomes;
  }

  /** Each event in a statement of its own: alone, a bare INSERT is one statement where a batch takes four. */
  private async storeEach(batch: Waiting[]): Promise<Array<Outcome | 'failed'>> {
    const outcomes: Array<Outcome | 'failed'> = [];
    for (const w of batch) {
      try {
        const outcome = await storeAlone(this.db(), w.event);
        w.resolve(outcome);
        outcomes.push(outcome);
      } catch (err) {
        w.reject(err);
        outcomes.push('failed');
      }
    }
    return outcomes;
  }
}

const rowOf = (event: InboundEvent) => ({
  eventId: event.eventId,
  eventType: event.eventType,
  corpId: event.corpId,
  transport: event.transport,
  bornAt: event.bornAt,
  // Parsed from DingTalk's JSON, so it is JSON.
  payload: event.data as JsonObject,
  status: 'pending' as const,
  attempts: 0,
  nextAttemptAt: new Date(),
});

async function existingEventIds(manager: EntityManager, eventIds: string[]): Promise<Set<string>> {
  const rows = await manager
    .getRepository(InboxEvent)
    .find({ select: { eventId: true }, where: { eventId: In(eventIds) } });
  return new Set(rows.map((row) => row.eventId));
}

/**
 * Stores a batch in the caller's transaction: the first of each eventId not yet in the table is new, every other
 * one a duplicate. Reading the ids first (rather than INSERT IGNORE, which would hide other errors too) keeps any
 * failure loud; a row another process inserts in between fails the batch, which is then stored event by event.
 */
async function storeTogether(manager: EntityManager, events: InboundEvent[]): Promise<Outcome[]> {
  const seen = await existingEventIds(manager, [...new Set(events.map((e) => e.eventId))]);
  const outcomes = events.map((event): Outcome => {
    if (seen.has(event.eventId)) return 'duplicate';
    seen.add(event.eventId);
    return 'stored';
  });
  const fresh = events.filter((_, i) => outcomes[i] === 'stored');
  if (fresh.length > 0) {
    // A bare INSERT: no read-back of generated columns.
    await manager.createQueryBuilder().insert().into(InboxEvent).values(fresh.map(rowOf)).updateEntity(false).execute();
  }
  return outcomes;
}

async function storeAlone(db: DataSource, event: InboundEvent): Promise<Outcome> {
  try {
    await db.createQueryBuilder().insert().into(InboxEvent).values(rowOf(event)).updateEntity(false).execute();
    return 'stored';
  } catch (err) {
    if (isUniqueViolation(err)) return 'duplicate';
    throw err;
  }
}
