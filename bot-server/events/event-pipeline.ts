import type { Middleware } from 'koa';
import type { DataSource } from 'typeorm';
import {
  createEventReceiver,
  type DingTalkSettings,
  HttpCallbackReceiver,
  type StreamCallbackHandler,
  StreamReceiver,
} from '../dingtalk';
import type { Logger } from '../logging/logger';
import { PollingLoop } from '../scheduler/polling-loop';
import { Inbox } from './inbox';
import { InboxProcessor, type InboxProcessorOptions } from './inbox-processor';

/**
 * Everything between DingTalk and the domain: the receiver of the configured transport (HTTP event push or
 * Stream), the durable inbox it stores into before acknowledging, and the loop that processes stored events.
 * The pipeline knows no domain area: whoever builds it (the server's composition root) registers the handlers.
 */
export class EventPipeline {
  readonly inbox: Inbox;
  readonly processor: InboxProcessor;
  readonly receiver: HttpCallbackReceiver | StreamReceiver;
  private readonly loop: PollingLoop;

  constructor(
    settings: DingTalkSettings,
    db: () => DataSource,
    private readonly logger: Logger,
    options: {
      processor?: InboxProcessorOptions;
      pollIntervalMs?: number;
      callbacks?: Record<string, StreamCallbackHandler>;
      /** Registers the handler of each event type the domain understands (before anything is processed). */
      handlers: (processor: InboxProcessor) => void;
    },
  ) {
    this.processor = new InboxProcessor(db, logger, options.processor);
    options.handlers(this.processor);
    this.loop = new PollingLoop('inbox', () => this.processDue(), logger, options.pollIntervalMs ?? 1000, 50);
    this.inbox = new Inbox(db, () => this.loop.wake());
    this.receiver = createEventReceiver(settings, { sink: this.inbox, logger, callbacks: options.callbacks });
  }

  /**
   * One batch of stored events, unless a burst of pushes is being stored (burst.ts): the processing makes way, and
   * catches up when the burst is over. An event that comes alone is processed at once.
   */
  private async processDue(): Promise<number> {
    return this.inbox.burst.processingWaits(Date.now()) ? 0 : this.processor.processDue();
  }

  /** The `POST /dingtalk/callback` route in HTTP push mode; nothing in Stream mode. */
  httpRoutes(): Middleware | null {
    return this.receiver instanceof HttpCallbackReceiver ? (this.receiver.routes() as Middleware) : null;
  }

  /** Whether DingTalk can reach us: a Stream connection is up (HTTP push needs no connection). */
  connected(): boolean {
    return this.receiver instanceof StreamReceiver ? this.receiver.isConnected() : true;
  }

  /** Starts receiving; a Stream connection is made in the background and retried until DingTalk answers. */
  startReceiving(): void {
    this.receiver.start().catch((err) => this.logger.error({ err }, 'DingTalk event receiver stopped'));
  }

  /** Starts processing stored events (once the database is there). */
  startProcessing(): void {
    this.loop.start();
  }

  /**
   * Takes no new events (HTTP pushes answered 503, the Stream connection closed), waits for those being stored to be
   * committed and acknowledged, and ends processing after the event in hand, giving back the rest of its batch.
   */
  async stop(): Promise<void> {
    this.processor.halt();
    await Promise.all([this.receiver.stop(), this.loop.stop()]);
  }
}
