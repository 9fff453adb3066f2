import { AsyncResource } from 'node:async_hooks';
import type { DataSource } from 'typeorm';
import { isMysql } from '../../entities/data-source';
import { sqliteBusy, withSqliteConnection } from '../db/sqlite-serialisation';
import type { EventSink, InboundEvent } from '../dingtalk/receiver';
import { BurstWatch } from './burst';
import { type StoreOutcome, storeEvents } from './inbox-store';

/**
 * How long a push may wait for its row. DingTalk gives an answer about 1.5 s (docs/dingtalk.md §1.8); a database
 * that hangs (locked, frozen, failing over) gets "not stored" well before that, so DingTalk pushes again rather than
 * timing out. A row that commits after the answer is found by the redelivery (duplicate: acknowledged), so nothing
 * is lost and nothing is stored twice.
 */
export const STORE_BUDGET_MS = 1000;

/**
 * Group commit. Events that arrive together are stored together, in one transaction: on SQLite every write of the
 * process waits its turn, so one transaction per event (each with its commit) capped the inbox at a few hundred a
 * second. The window is one turn of the event loop, plus the store in flight: a store starts in the loop's check
 * phase (`setImmediate`), after every push whose body arrived in the same poll phase has been verified and queued,
 * and the events that come while it runs go as the next batch as soon as it is done. An event that finds the inbox
 * idle waits for nothing but the pushes read with it; no timer, which would also never fire while better-sqlite3's
 * synchronous queries keep the event loop in promise callbacks. A batch holds at most 100 events, which keeps its
 * statement well inside the databases' limits (100 × the 64 KB an event may hold is under MariaDB's 16 MB packet)
 * and its transaction short.
 */
export const BATCH_MAX_EVENTS = 100;
/** SQLite writes one transaction at a time anyway; MariaDB stores a few batches at once on its own connections. */
const STORES_IN_FLIGHT = { sqlite: 1, mysql: 4 } as const;

export class InboxStoreTimeout extends Error {
  override name = 'InboxStoreTimeout';
}

type Outcome = StoreOutcome;

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
  private flushScheduled = false;
  /** The pushes arriving, for processing to make way during a burst (see EventPipeline). */
  readonly burst = new BurstWatch();
  /**
   * Batches run in the context the inbox was made in, never in that of whoever's accept opened them: on SQLite a
   * transaction is recognised by its async context, and a batch must not land inside the caller's transaction.
   */
  private readonly flushNow = AsyncResource.bind(() => {
    if (!this.flushScheduled) return; // the other of its two triggers came first
    this.flushScheduled = false;
    this.flush();
  });

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
    this.burst.arrived(Date.now());
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

  /** The database, or none yet: the store then tells each event so (DingTalk gets "not stored" and pushes again). */
  private database(): DataSource | undefined {
    try {
      return this.db();
    } catch {
      return undefined;
    }
  }

  private maxInFlight(): number {
    const db = this.database();
    return db && isMysql(db) ? STORES_IN_FLIGHT.mysql : STORES_IN_FLIGHT.sqlite;
  }

  /**
   * Starts the next batches once this turn of the event loop has queued what it read (see BATCH_MAX_EVENTS), or at
   * SQLite's next turn when it is busy and that comes first: work run back to back in promise callbacks (its queries
   * are synchronous) could otherwise keep the loop from ever reaching its check phase, and the events from their row.
   */
  private flushSoon(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flushNow);
    const db = this.database();
    if (db && !isMysql(db) && sqliteBusy(db)) void withSqliteConnection(db, () => undefined).then(this.flushNow);
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
      outcomes = await storeEvents(
        this.db(),
        batch.map((w) => w.event),
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

  /** Each event in a statement of its own. */
  private async storeEach(batch: Waiting[]): Promise<Array<Outcome | 'failed'>> {
    const outcomes: Array<Outcome | 'failed'> = [];
    for (const w of batch) {
      try {
        const [outcome] = (await storeEvents(this.db(), [w.event])) as [Outcome];
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
