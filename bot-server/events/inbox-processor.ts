import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { InboxEvent } from '../../entities';
import { claimDueRows } from '../db/claim';
import { isDatabaseUnavailable } from '../db/database-handle';
import type { Logger } from '../logging/logger';

/** What a handler gets: the stored event, and the transaction its changes must be made in. */
export interface StoredEvent {
  eventId: string;
  eventType: string;
  corpId: string;
  bornAt: Date;
  data: Record<string, unknown>;
}

/**
 * A domain handler for one event type. It runs inside the transaction that marks the event done, so its changes
 * and the "processed" mark commit together: an event is processed once, even when a process dies mid-way.
 */
export type EventHandler = (event: StoredEvent, manager: EntityManager) => Promise<void>;

export interface InboxProcessorOptions {
  /** Attempts before an event is parked as failed. */
  maxAttempts?: number;
  /** Backoff after the n-th failure: base · 2^(n−1), capped. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** How long a claim lasts before another worker may take the event over. */
  leaseMs?: number;
  batchSize?: number;
  now?: () => Date;
}

/** Retry delay when the database, not the event, failed: soon, so events flow again right after it is back. */
const DATABASE_AWAY_RETRY_MS = 1_000;

export type ProcessOutcome = 'done' | 'ignored' | 'retry' | 'failed' | 'lost_claim';

/**
 * Works through the inbox: claims due events (safe with several processes on one MariaDB), dispatches each to the
 * handler registered for its type, and records the outcome. Unknown types are marked `ignored`, not errors.
 */
export class InboxProcessor {
  readonly worker = `inbox-${randomUUID().slice(0, 8)}`;
  private readonly handlers = new Map<string, EventHandler>();
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly now: () => Date;
  /** A run failed with events still claimed: they are released at the start of the next run, not after the lease. */
  private strandedClaims = false;
  /** Shutting down (see `halt`). */
  private halted = false;

  constructor(
    private readonly db: () => DataSource,
    private readonly logger: Logger,
    options: InboxProcessorOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoffBaseMs = options.backoffBaseMs ?? 5_000;
    this.backoffMaxMs = options.backoffMaxMs ?? 30 * 60_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
    this.now = options.now ?? (() => new Date());
  }

  on(eventType: string, handler: EventHandler): this {
    if (this.handlers.has(eventType)) throw new Error(`a handler for ${eventType} is already registered`);
    this.handlers.set(eventType, handler);
    return this;
  }

  /**
   * Shutting down: the batch in hand ends after the event being processed, and the events it had claimed but not
   * begun are released at once, for another process to take up now rather than when the lease runs out.
   */
  halt(): void {
    this.halted = true;
  }

  /** Claims and processes one batch of due events; returns how many it processed. */
  async processDue(): Promise<number> {
    if (this.halted) return 0;
    const db = this.db();
    if (this.strandedClaims) {
      await this.releaseClaims();
      this.strandedClaims = false;
    }
    const ids = await claimDueRows(db, {
      table: 'inbox_event',
      columns: { status: 'status', due: 'next_attempt_at', lockedBy: 'locked_by', lockedUntil: 'locked_until' },
      dueStatus: 'pending',
      worker: this.worker,
      limit: this.batchSize,
      leaseMs: this.leaseMs,
      now: this.now(),
    });
    if (ids.length === 0) return 0;
    try {
      await this.processClaimedRows(ids);
    } catch (err) {
      this.strandedClaims = true;
      throw err;
    }
    return ids.length;
  }

  private async processClaimedRows(ids: number[]): Promise<void> {
    const db = this.db();
    const rows = await db.getRepository(InboxEvent).findBy({ id: In(ids) });
    // Events nobody handles are only marked, all at once; the others each get their own transaction.
    const unhandled = rows.filter((row) => !this.handlers.has(row.eventType));
    if (unhandled.length > 0) {
      await db
        .getRepository(InboxEvent)
        .update(
          { id: In(unhandled.map((row) => row.id)), lockedBy: this.worker },
          { status: 'ignored', processedAt: this.now(), lockedBy: null, lockedUntil: null, lastError: null },
        );
    }
    for (const row of rows) {
      const handler = this.handlers.get(row.eventType);
      // Let waiting I/O in between events: on SQLite the queries are synchronous, and a batch run straight through
      // kept DingTalk's pushes unread for hundreds of milliseconds (their acknowledgements come first).
      await yieldToIo();
      if (this.halted) return this.releaseClaims();
      if (handler) await this.processClaimed(row, handler);
    }
  }

  /** Gives back the claims on events not worked on (those done or marked hold none). */
  private async releaseClaims(): Promise<void> {
    await this.db()
      .getRepository(InboxEvent)
      .update({ lockedBy: this.worker, status: 'pending' }, { lockedBy: null, lockedUntil: null });
  }

  /** Processes everything due, batch after batch, until nothing is left (for replay and tests). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.processDue(); n > 0; n = await this.processDue()) total += n;
    return total;
  }

  private async processClaimed(row: InboxEvent, handler: EventHandler): Promise<ProcessOutcome> {
    const db = this.db();
    const event: StoredEvent = {
      eventId: row.eventId,
      eventType: row.eventType,
      corpId: row.corpId,
      bornAt: row.bornAt,
      data: row.payload,
    };
    try {
      return await db.transaction(async (manager) => {
        await handler(event, manager);
        const marked = await manager
          .getRepository(InboxEvent)
          .update(
            { id: row.id, lockedBy: this.worker },
            { status: 'done', processedAt: this.now(), lockedBy: null, lockedUntil: null, lastError: null },
          );
        // Our lease ran out and another worker took the event: undo our changes, it will finish the job.
        if (!marked.affected) throw new LostClaim();
        return 'done' as const;
      });
    } catch (err) {
      if (err instanceof LostClaim) return 'lost_claim';
      return this.recordFailure(row, err);
    }
  }

  private async recordFailure(row: InboxEvent, err: unknown): Promise<ProcessOutcome> {
    // The database going away is not the event's fault: it does not count, and the event is tried again soon.
    const away = isDatabaseUnavailable(err);
    const attempts = away ? row.attempts : row.attempts + 1;
    const failed = attempts >= this.maxAttempts;
    const delay = away
      ? Math.min(this.backoffBaseMs, DATABASE_AWAY_RETRY_MS)
      : Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** (attempts - 1));
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    await this.db()
      .getRepository(InboxEvent)
      .update(
        { id: row.id, lockedBy: this.worker },
        {
          status: failed ? 'failed' : 'pending',
          attempts,
          lastError: message.slice(0, 2000),
          nextAttemptAt: new Date(this.now().getTime() + delay),
          lockedBy: null,
          lockedUntil: null,
        },
      );
    this.logger.warn(
      { eventId: row.eventId, eventType: row.eventType, attempts, failed, err: message },
      failed ? 'event parked as failed' : 'event processing failed; will retry',
    );
    return failed ? 'failed' : 'retry';
  }
}

class LostClaim extends Error {}
