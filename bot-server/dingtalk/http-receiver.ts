/**
 * The HTTP event push receiver: `POST /dingtalk/callback` verifies, decrypts, stores through the EventSink and
 * only then answers DingTalk with the encrypted "success" map (reference §1.2–§1.8).
 *
 * Answers:
 * - 200 + `{msg_signature, timeStamp, nonce, encrypt}` — `check_url` probes, and every event (known or not) once
 *   `sink.accept` resolved, whether `stored` or `duplicate`;
 * - 4xx + `{error: {code, message}}` — bad input, nothing reaches the sink (codes in errors.ts `callback_*`);
 * - 503 + `{error: {code: 'event_not_stored'}}` — the sink threw, so DingTalk keeps the event and pushes again;
 * - 503 + `{error: {code: 'receiver_not_running'}}` — before `start()` or after `stop()`.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { CallbackCrypto } from './callback-crypto';
import { CALLBACK_PATH } from './constants';
import { CallbackError } from './errors';
import { describeError, type Logger, silentLogger } from './logger';
import { type EventSink, eventFromHttpPayload, type Receiver } from './receiver';

export interface HttpCallbackReceiverOptions {
  /** `DINGTALK_CALLBACK_TOKEN`. */
  token: string;
  /** `DINGTALK_CALLBACK_AES_KEY` (43 chars). */
  aesKey: string;
  /** `DINGTALK_APP_KEY`: the owner key of console-configured subscriptions (reference §1.1). */
  appKey: string;
  /** Only for subscriptions registered through `register_call_back` (owner key = CorpId). Default: `appKey`. */
  ownerKey?: string;
  /** `DINGTALK_CORP_ID`, used when a payload carries no corp id. */
  corpId?: string;
  sink: EventSink;
  /** Default `/dingtalk/callback`. */
  path?: string;
  logger?: Logger;
  /** Bodies are `{"encrypt": "…"}` of one event; anything bigger is refused. Default 1 MiB. */
  maxBodyBytes?: number;
  now?: () => Date;
}

/** URL-verification probes (§1.7); answered without storing anything. */
const PROBE_EVENT_TYPES = new Set(['check_url', 'check_create_suite_url', 'check_update_suite_url']);

export class HttpCallbackReceiver implements Receiver {
  readonly router: Router;
  private readonly crypto: CallbackCrypto;
  private readonly options: HttpCallbackReceiverOptions;
  private readonly logger: Logger;
  private readonly maxBodyBytes: number;
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
    let payload: Record<string, unknown>;
    try {
      payload = await this.openPush(ctx);
    } catch (err) {
      if (!(err instanceof CallbackError)) throw err;
      // Query values and bodies are not logged: they are attacker-controlled and carry no diagnostic value here.
      this.logger.warn({ code: err.code, status: err.status }, 'rejected a DingTalk callback');
      answerError(ctx, err.status, err.code, err.message);
      return;
    }

    const eventType = String(payload.EventType);
    if (PROBE_EVENT_TYPES.has(eventType)) {
      this.logger.info({ eventType }, 'answered a DingTalk URL check');
      this.answerSuccess(ctx);
      return;
    }

    const event = eventFromHttpPayload(payload, this.now(), this.options.corpId);
    try {
      const outcome = await this.options.sink.accept(event);
      this.logger.debug({ eventId: event.eventId, eventType, outcome }, 'DingTalk event accepted');
    } catch (err) {
      this.logger.error(
        { eventId: event.eventId, eventType, ...describeError(err) },
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

    // Parameter names vary between DingTalk's samples and real requests: read both spellings (§1.2).
    const signature = firstQueryValue(ctx, 'msg_signature') ?? firstQueryValue(ctx, 'signature');
    const timestamp = firstQueryValue(ctx, 'timestamp') ?? firstQueryValue(ctx, 'timeStamp');
    const nonce = firstQueryValue(ctx, 'nonce');
    if (signature === undefined || timestamp === undefined || nonce === undefined) {
      throw new CallbackError('callback_bad_signature', 401, 'signature, timestamp and nonce are required');
    }
    if (!this.crypto.verify(signature, timestamp, nonce, encrypt)) {
      throw new CallbackError('callback_bad_signature', 401, 'the signature does not match');
    }

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
   * The raw body as text. A body parser mounted earlier may have consumed the stream: @koa/bodyparser keeps the
   * text in `ctx.request.rawBody`, which we then use. Form parsing must never run on it (`+` would become a space, §1.11).
   */
  private async readBody(ctx: Context): Promise<string> {
    const parsedEarlier = (ctx.request as { rawBody?: unknown }).rawBody;
    if (typeof parsedEarlier === 'string') return parsedEarlier;
    const tooLarge = () =>
      new CallbackError('callback_too_large', 413, `the body is larger than ${this.maxBodyBytes} bytes`);
    if (Number(ctx.get('content-length') || 0) > this.maxBodyBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > this.maxBodyBytes) throw tooLarge();
      chunks.push(buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
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

function firstQueryValue(ctx: Context, name: string): string | undefined {
  const value = ctx.query[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

function answerError(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = { error: { code, message } };
}
