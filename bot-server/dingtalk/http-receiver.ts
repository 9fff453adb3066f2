/**
 * The HTTP event push receiver: `POST /dingtalk/callback` verifies, decrypts, stores through the EventSink and
 * only then answers DingTalk with the encrypted "success" map (docs/dingtalk.md §1.2–§1.8; the § numbers below are
 * that file's).
 *
 * Answers:
 * - 200 + `{msg_signature, timeStamp, nonce, encrypt}` — `check_url` probes, and every event (known or not) once
 *   `sink.accept` resolved, whether `stored` or `duplicate`;
 * - 4xx + `{error: {code, message}}` — bad input, nothing reaches the sink (codes in errors.ts `callback_*`): a
 *   missing, repeated or wrong signature, a timestamp outside the window, a message framed for another owner key
 *   or naming another organisation, a body or event too large, an event the inbox cannot hold;
 * - 503 + `{error: {code: 'event_not_stored'}}` — the sink threw, so DingTalk keeps the event and pushes again;
 * - 503 + `{error: {code: 'receiver_not_running'}}` — before `start()` or after `stop()`.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { readBoundedBody } from '../http/body';
import { CallbackCrypto } from './callback-crypto';
import { CALLBACK_PATH } from './constants';
import { CallbackError } from './errors';
import { describeError, type Logger, silentLogger } from './logger';
import {
  type EventSink,
  eventFromHttpPayload,
  type InboundEvent,
  namesAnotherCorp,
  type Receiver,
  refusalOf,
} from './receiver';

export interface HttpCallbackReceiverOptions {
  /** `DINGTALK_CALLBACK_TOKEN`. */
  token: string;
  /** `DINGTALK_CALLBACK_AES_KEY` (43 chars). */
  aesKey: string;
  /** `DINGTALK_APP_KEY`: the owner key of console-configured subscriptions (§1.1). */
  appKey: string;
  /** Only for subscriptions registered through `register_call_back` (owner key = CorpId). Default: `appKey`. */
  ownerKey?: string;
  /**
   * `DINGTALK_CORP_ID`: our organisation. An event whose `CorpId` / `corpId` names another is refused; a payload
   * that names none is stored under this one. Unset (tests of the receiver alone): no organisation is checked.
   */
  corpId?: string;
  sink: EventSink;
  /** Default `/dingtalk/callback`. */
  path?: string;
  logger?: Logger;
  /** Bodies are `{"encrypt": "…"}` of one event; anything bigger is refused. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How old a signed timestamp may be. Default 7 days (see `DEFAULT_TIMESTAMP_WINDOW`). */
  maxTimestampAgeMs?: number;
  /** How far ahead of our clock a signed timestamp may be. Default 1 hour. */
  maxTimestampAheadMs?: number;
  now?: () => Date;
}

/**
 * The window a push's signed `timestamp` must fall in. DingTalk retries a push it could not deliver, and nothing
 * says a retry is signed afresh, so the window is wide: 7 days back (DingTalk keeps its records of failed pushes
 * that long) and 1 hour ahead for clock skew. Within it a replay is harmless: the inbox stores each event id once
 * and answers a replay with the same "success". Outside it a captured push is refused outright.
 */
export const DEFAULT_TIMESTAMP_WINDOW = { maxAgeMs: 7 * 24 * 3_600_000, maxAheadMs: 3_600_000 } as const;

/** The query parameters the signature check reads, in both spellings; each may appear at most once. */
const SIGNATURE_PARAMETERS = ['msg_signature', 'signature', 'timestamp', 'timeStamp', 'nonce'] as const;

/** URL-verification probes (§1.7); answered without storing anything. */
const PROBE_EVENT_TYPES = new Set(['check_url', 'check_create_suite_url', 'check_update_suite_url']);

export class HttpCallbackReceiver implements Receiver {
  readonly router: Router;
  private readonly crypto: CallbackCrypto;
  private readonly options: HttpCallbackReceiverOptions;
  private readonly logger: Logger;
  private readonly maxBodyBytes: number;
  private readonly maxTimestampAgeMs: number;
  private readonly maxTimestampAheadMs: number;
  private readonly now: () => Date;
  private running = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(options: HttpCallbackReceiverOptions) {
    this.options = options;
    this.crypto = new CallbackCrypto({
      token: options.token,
      aesKey: options.aesKey,
      ownerKey: options.ownerKey ?? options.appKey,
    });
    this.logger = options.logger ?? silentLogger;
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    this.maxTimestampAgeMs = options.maxTimestampAgeMs ?? DEFAULT_TIMESTAMP_WINDOW.maxAgeMs;
    this.maxTimestampAheadMs = options.maxTimestampAheadMs ?? DEFAULT_TIMESTAMP_WINDOW.maxAheadMs;
    this.now = options.now ?? (() => new Date());
    this.router = new Router();
    this.router.post(options.path ?? CALLBACK_PATH, (ctx) => this.handle(ctx));
  }

  /** Koa middleware serving the callback route; mount it before any body parser, or keep `rawBody`. */
  routes() {
    return this.router.routes();
  }

  async start(): Promise<void> {
    this.running = true;
  }

  /** Refuses new pushes (503, so DingTalk retries them) and waits for those being stored. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.allSettled([...this.inFlight]);
  }

  private async handle(ctx: Context): Promise<void> {
    if (!this.running) {
      answerError(ctx, 503, 'receiver_not_running', 'the DingTalk callback receiver is not running');
      return;
    }
    const work = this.process(ctx);
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async process(ctx: Context): Promise<void> {
    let opened: { probe: string } | { event: InboundEvent };
    try {
      opened = this.eventOf(await this.openPush(ctx));
    } catch (err) {
      if (!(err instanceof CallbackError)) throw err;
      // Query values and bodies are not logged: they are attacker-controlled and carry no diagnostic value here.
      this.logger.warn({ code: err.code, status: err.status }, 'rejected a DingTalk callback');
      answerError(ctx, err.status, err.code, err.message);
      return;
    }

    if ('probe' in opened) {
      this.logger.info({ eventType: opened.probe }, 'answered a DingTalk URL check');
      this.answerSuccess(ctx);
      return;
    }

    const { event } = opened;
    try {
      const outcome = await this.options.sink.accept(event);
      this.logger.debug({ eventId: event.eventId, eventType: event.eventType, outcome }, 'DingTalk event accepted');
    } catch (err) {
      this.logger.error(
        { eventId: event.eventId, eventType: event.eventType, ...describeError(err) },
        'could not store a DingTalk event; DingTalk will push it again',
      );
      answerError(ctx, 503, 'event_not_stored', 'the event could not be stored; retry later');
      return;
    }
    this.answerSuccess(ctx);
  }

  /** Verifies and decrypts one push; throws a `CallbackError` for every kind of bad input. */
  private async openPush(ctx: Context): Promise<Record<string, unknown>> {
    const raw = await this.readBody(ctx);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (err) {
      throw new CallbackError('callback_not_json', 400, 'the body is not JSON', { cause: err });
    }
    const encrypt = (body as { encrypt?: unknown } | null)?.encrypt;
    if (typeof encrypt !== 'string' || encrypt.length === 0) {
      throw new CallbackError('callback_no_encrypt', 400, 'the body has no "encrypt" string');
    }

    for (const name of SIGNATURE_PARAMETERS) {
      // One value each: a repeated parameter is read differently by different parsers (proxies, frameworks).
      if (Array.isArray(ctx.query[name])) {
        throw new CallbackError('callback_bad_query', 400, `the query parameter ${name} is given more than once`);
      }
    }
    // Parameter names vary between DingTalk's samples and real requests: read both spellings (§1.2).
    const signature = queryValue(ctx, 'msg_signature') ?? queryValue(ctx, 'signature');
    const timestamp = queryValue(ctx, 'timestamp') ?? queryValue(ctx, 'timeStamp');
    const nonce = queryValue(ctx, 'nonce');
    if (signature === undefined || timestamp === undefined || nonce === undefined) {
      throw new CallbackError('callback_bad_signature', 401, 'signature, timestamp and nonce are required');
    }
    if (!this.crypto.verify(signature, timestamp, nonce, encrypt)) {
      throw new CallbackError('callback_bad_signature', 401, 'the signature does not match');
    }
    const sentAt = callbackTimestampMs(timestamp);
    const now = this.now().getTime();
    if (sentAt === undefined || sentAt < now - this.maxTimestampAgeMs || sentAt > now + this.maxTimestampAheadMs) {
      throw new CallbackError('callback_bad_timestamp', 401, 'the timestamp is not within the accepted window');
    }

    // Refuses a message framed for another owner key (callback_bad_owner) before anything reads its content.
    const { message } = this.crypto.open(encrypt);
    let payload: unknown;
    try {
      payload = JSON.parse(message);
    } catch (err) {
      throw new CallbackError('callback_bad_event', 400, 'the decrypted message is not JSON', { cause: err });
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw new CallbackError('callback_bad_event', 400, 'the decrypted message is not a JSON object');
    }
    const eventType = (payload as { EventType?: unknown }).EventType;
    if (typeof eventType !== 'string' || eventType.length === 0) {
      throw new CallbackError('callback_bad_event', 400, 'the decrypted message has no EventType');
    }
    return payload as Record<string, unknown>;
  }

  /**
   * The event a verified payload carries, or the URL check it is. Refuses an event of another organisation, and
   * one the inbox could never hold: storing would fail on every retry, so DingTalk would be answered 503 forever.
   */
  private eventOf(payload: Record<string, unknown>): { probe: string } | { event: InboundEvent } {
    const ours = this.options.corpId;
    const eventType = String(payload.EventType);
    if (PROBE_EVENT_TYPES.has(eventType)) {
      if (ours && namesAnotherCorp(payload, ours)) {
        throw new CallbackError('callback_foreign_corp', 403, 'the event belongs to another organisation');
      }
      return { probe: eventType };
    }
    const checked = refusalOf(eventType, payload, ours, () => eventFromHttpPayload(payload, this.now(), ours));
    if ('refusal' in checked) throw checked.refusal;
    return checked;
  }

  /**
   * The raw body as text. A body parser mounted earlier may have consumed the stream: @koa/bodyparser keeps the
   * text in `ctx.request.rawBody`, which we then use. Form parsing must never run on it (`+` would become a space, §1.11).
   */
  private async readBody(ctx: Context): Promise<string> {
    const parsedEarlier = (ctx.request as { rawBody?: unknown }).rawBody;
    if (typeof parsedEarlier === 'string') return parsedEarlier;
    const body = await readBoundedBody(ctx.req, this.maxBodyBytes, {
      tooLarge: () =>
        new CallbackError('callback_too_large', 413, `the body is larger than ${this.maxBodyBytes} bytes`),
      // The sender broke off: its fault, not ours, and nobody waits for the answer.
      broken: (cause) => new CallbackError('callback_body_unreadable', 400, 'the body could not be read', { cause }),
    });
    return body.toString('utf8');
  }

  private answerSuccess(ctx: Context): void {
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.body = this.crypto.encryptedMap('success');
  }
}

export function createHttpCallbackReceiver(options: HttpCallbackReceiverOptions): HttpCallbackReceiver {
  return new HttpCallbackReceiver(options);
}

/** A query parameter's one value (the caller has refused repeated ones); empty counts as absent. */
function queryValue(ctx: Context, name: string): string | undefined {
  const value = ctx.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The signed `timestamp` as epoch milliseconds: DingTalk sends milliseconds today, its older samples seconds
 * (anything below 1e11 is taken as seconds: 1e11 ms is 1973, 1e11 s the year 5138). Undefined unless digits.
 */
export function callbackTimestampMs(timestamp: string): number | undefined {
  if (!/^\d{1,16}$/.test(timestamp)) return undefined;
  const value = Number(timestamp);
  return value < 1e11 ? value * 1000 : value;
}

function answerError(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = { error: { code, message } };
}
