import type { DataSource } from 'typeorm';
import { InboxEvent, type JsonObject } from '../../entities';
import { isUniqueViolation } from '../db/unique-violation';
import type { EventSink, InboundEvent } from '../dingtalk/receiver';

/**
 * The durable inbox: the `EventSink` both DingTalk transports hand their events to. `accept` resolves only once
 * the event is a row (or already was one), so DingTalk's acknowledgement never runs ahead of storage. Processing
 * happens afterwards, in `InboxProcessor`.
 */
/**
 * How long a push may wait for its row. DingTalk gives an answer about 1.5 s (docs/dingtalk.md §1.8); a database
 * that hangs (locked, frozen, failing over) gets "not stored" well before that, so DingTalk pushes again rather than
 * timing out. A row that commits after the answer is found by the redelivery (duplicate: acknowledged), so nothing
 * is lost and nothing is stored twice.
 */
export const STORE_BUDGET_MS = 1000;

export class InboxStoreTimeout extends Error {
  override name = 'InboxStoreTimeout';
}

/** The work's result, or InboxStoreTimeout after `ms`; a late failure of the work is not left unhandled. */
function withinBudget<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InboxStoreTimeout(`the event was not stored within ${ms} ms`)), ms);
  });
  work.catch(() => {});
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class Inbox implements EventSink {
  constructor(
    private readonly db: () => DataSource,
    /** Told after each new event is stored, so a worker can start on it without waiting for its next poll. */
    private readonly onStored: () => void = () => {},
    private readonly budgetMs = STORE_BUDGET_MS,
  ) {}

  async accept(event: InboundEvent): Promise<'stored' | 'duplicate'> {
    try {
      // A bare INSERT: no read-back of generated columns, one round trip before DingTalk gets its answer.
      const insert = this.db()
        .createQueryBuilder()
        .insert()
        .into(InboxEvent)
        .values({
          eventId: event.eventId,
          eventType: event.eventType,
          corpId: event.corpId,
          transport: event.transport,
          bornAt: event.bornAt,
          // Parsed from DingTalk's JSON, so it is JSON.
          payload: event.data as JsonObject,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: new Date(),
        })
        .updateEntity(false)
        .execute();
      await withinBudget(insert, this.budgetMs);
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
    this.onStored();
    return 'stored';
  }
}
