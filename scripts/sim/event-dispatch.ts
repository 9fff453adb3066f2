/**
 * How events reach the app: over the Stream gateway or by HTTP push, one mode at a time as DingTalk lets an app pick
 * (docs/dingtalk.md §1); every push is recorded, and approval events can be held back as during a push outage.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../bot-server/dingtalk/logger';
import type { HttpPusher, PushAttempt } from './http-push';
import type { StreamGateway } from './stream-gateway';

export type EventMode = 'stream' | 'http';

export interface EventInput {
  eventType: string;
  data: Record<string, unknown>;
  /** Default: 32 random hex chars, like DingTalk's. */
  eventId?: string;
  corpId?: string;
  bornAt?: number;
  /**
   * HTTP only: the legacy `register_call_back` body `{EventType, corpId, …}` without eventId
   * (docs/dingtalk.md §2.1).
   */
  legacy?: boolean;
}

/** An approval event kept back while events are held: what DingTalk would have pushed, with its event id. */
export interface HeldEvent {
  eventId: string;
  eventType: string;
  data: Record<string, unknown>;
  bornAt: number;
}

export interface DeliveryRecord {
  eventId: string;
  eventType: string;
  transport: EventMode;
  status: 'pending' | 'acknowledged' | 'failed';
  /** HTTP pushes: each POST and why it failed. */
  attempts: PushAttempt[];
}

export interface EventDispatchOptions {
  gateway: StreamGateway;
  pusher: HttpPusher;
  corpId: string;
  mode: EventMode;
  now: () => number;
  logger: Logger;
}

function randomEventId(): string {
  return randomBytes(16).toString('hex');
}

export class EventDispatch {
  mode: EventMode;
  readonly gateway: StreamGateway;
  readonly deliveries: DeliveryRecord[] = [];
  private readonly options: EventDispatchOptions;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly held: HeldEvent[] = [];
  private holding = false;
  private closing = false;

  constructor(options: EventDispatchOptions) {
    this.options = options;
    this.gateway = options.gateway;
    this.mode = options.mode;
  }

  get callbackUrl(): string | undefined {
    return this.options.pusher.url;
  }

  setMode(mode: EventMode, callbackUrl?: string): void {
    this.mode = mode;
    if (callbackUrl !== undefined) this.options.pusher.url = callbackUrl;
  }

  /** Sends `{"EventType":"check_url"}` to the callback URL once. */
  checkUrl(): Promise<PushAttempt> {
    return this.options.pusher.pushOnce({ EventType: 'check_url' });
  }

  /** Pushes an event over the current mode; resolves when acknowledged (or when HTTP retries ran out). */
  deliver(input: EventInput): Promise<DeliveryRecord> {
    const { pusher, logger } = this.options;
    const eventId = input.eventId ?? randomEventId();
    const bornAt = input.bornAt ?? this.options.now();
    const eventCorpId = input.corpId ?? this.options.corpId;
    const record: DeliveryRecord = {
      eventId,
      eventType: input.eventType,
      transport: this.mode,
      status: 'pending',
      attempts: [],
    };
    this.deliveries.push(record);
    let work: Promise<boolean>;
    if (this.mode === 'http') {
      // HTTP body after decryption (docs/dingtalk.md §2.1, the "HTTP推送" example of bpms_instance_change).
      const plaintext = input.legacy
        ? { EventType: input.eventType, corpId: eventCorpId, ...input.data }
        : { EventType: input.eventType, EventTime: bornAt, CorpId: eventCorpId, eventId, ...input.data };
      work = pusher.push(plaintext, record.attempts, () => this.closing);
    } else {
      work = this.gateway
        .deliver({ eventId, eventType: input.eventType, corpId: eventCorpId, bornAt, data: input.data })
        .then(() => true);
    }
    const done = work
      .catch((err: unknown) => {
        logger.warn({ eventId, err: err instanceof Error ? err.message : String(err) }, 'sim: event push abandoned');
        return false;
      })
      .then((ok) => {
        record.status = ok ? 'acknowledged' : 'failed';
        return record;
      });
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
    return done;
  }

  /** An event the simulated DingTalk emits: pushed at once, or kept while events are held. */
  emit(eventType: string, data: Record<string, unknown>): void {
    if (this.holding) this.held.push({ eventId: randomEventId(), eventType, data, bornAt: this.options.now() });
    else void this.deliver({ eventType, data });
  }

  hold(on: boolean): void {
    this.holding = on;
  }

  heldEvents(): HeldEvent[] {
    return this.held.map((event) => ({ ...event }));
  }

  releaseHeld(): Promise<DeliveryRecord[]> {
    return Promise.all(this.held.splice(0, this.held.length).map((event) => this.deliver(event)));
  }

  dropHeld(): number {
    return this.held.splice(0, this.held.length).length;
  }

  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops retrying HTTP pushes, closes the gateway and waits for the pushes under way. */
  async close(): Promise<void> {
    this.closing = true;
    this.gateway.close();
    await Promise.allSettled([...this.inFlight]);
  }
}
