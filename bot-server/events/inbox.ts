import type { DataSource } from 'typeorm';
import { InboxEvent, type JsonObject } from '../../entities';
import { isUniqueViolation } from '../db/unique-violation';
import type { EventSink, InboundEvent } from '../dingtalk/receiver';

/**
 * The durable inbox: the `EventSink` both DingTalk transports hand their events to. `accept` resolves only once
 * the event is a row (or already was one), so DingTalk's acknowledgement never runs ahead of storage. Processing
 * happens afterwards, in `InboxProcessor`.
 */
export class Inbox implements EventSink {
  constructor(
    private readonly db: () => DataSource,
    /** Told after each new event is stored, so a worker can start on it without waiting for its next poll. */
    private readonly onStored: () => void = () => {},
  ) {}

  async accept(event: InboundEvent): Promise<'stored' | 'duplicate'> {
    try {
      // A bare INSERT: no read-back of generated columns, one round trip before DingTalk gets its answer.
      await this.db()
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
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
    this.onStored();
    return 'stored';
  }
}
