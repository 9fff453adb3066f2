/**
 * The Stream mode receiver: a small client of DingTalk's Stream gateway written on `ws` (docs/dingtalk.md §3), because
 * the official `dingtalk-stream` package hard-codes the gateway URL and acks events synchronously (§3.2).
 *
 * - Connect: `POST {apiBase}/v1.0/gateway/connections/open` → `{endpoint, ticket}` (ticket: 90 s, single use),
 *   then a WebSocket to `endpoint?ticket=…`.
 * - EVENT: normalised to an `InboundEvent`, acked `{status: SUCCESS}` only after `sink.accept` resolved,
 *   `{status: LATER}` when it threw (DingTalk pushes it again). Redeliveries are expected anyway (§2.6); the sink
 *   dedupes by eventId.
 * - CALLBACK (robot messages, card callbacks): handed to the handler registered for the topic; its result is
 *   the ack's `{response}`.
 * - SYSTEM: `ping` is echoed; `disconnect` means "reconnect now": a new connection opens at once while the old
 *   one drains its in-flight acks.
 * - Resilience: reconnect on close/error and on silence (no frame and no pong for `silenceTimeoutMs`), with
 *   exponential backoff + jitter capped at 60 s (the reliability problems reported against dingtalk-stream-sdk-nodejs
 *   and the community's advice, §3.2 and §9). Frames that are not JSON are logged and dropped; nothing thrown by a
 *   handler escapes.
 */
import WebSocket from 'ws';
import { DINGTALK_API_BASE, TOPIC_ALL_EVENTS, TOPIC_CARD, TOPIC_ROBOT } from './constants';
import { DingTalkApiError, DingTalkError } from './errors';
import { type FetchLike, requestJson } from './http-json';
import { describeError, type Logger, silentLogger } from './logger';
import { type EventSink, eventFromStreamFrame, type Receiver, refusalOf } from './receiver';
import {
  ackFrame,
  type ConnectionsOpenRequest,
  eventAck,
  parseDownFrame,
  type StreamAckFrame,
  type StreamDownFrame,
} from './stream-frames';

/** Handles one CALLBACK frame; the resolved value becomes `{response: value}` in the ack. */
export type StreamCallbackHandler = (data: unknown, frame: StreamDownFrame) => unknown;

export interface StreamReceiverOptions {
  /** AppKey (Client ID). */
  clientId: string;
  /** AppSecret (Client Secret). */
  clientSecret: string;
  sink: EventSink;
  /** `DINGTALK_API_BASE`; default https://api.dingtalk.com. */
  apiBase?: string;
  /** `DINGTALK_CORP_ID`, used for frames without `eventCorpId`. */
  corpId?: string;
  /** CALLBACK handlers by topic; robot and card topics are always subscribed (unhandled ones are answered 404). */
  callbacks?: Record<string, StreamCallbackHandler>;
  logger?: Logger;
  /** `ua` reported to the gateway. */
  ua?: string;
  /** WebSocket ping interval; its pongs count as life. Default 10 s. */
  keepAliveIntervalMs?: number;
  /** Reconnect when nothing (frame or pong) arrived for this long. Default 60 s. */
  silenceTimeoutMs?: number;
  /** Backoff: min(base·2^n + random·base, max). Defaults 1 s and 60 s. */
  reconnectBaseDelayMs?: number;
  reconnectMaxDelayMs?: number;
  /** Limit for `connections/open` and the WebSocket handshake. Default 10 s. */
  connectTimeoutMs?: number;
  /** How long a connection told to `disconnect` may keep draining acks. Default 10 s (the server's own grace). */
  drainTimeoutMs?: number;
  random?: () => number;
  fetch?: FetchLike;
  now?: () => Date;
}

interface Connection {
  id: number;
  ws: WebSocket;
  inFlight: number;
  retiring: boolean;
  watchdog?: NodeJS.Timeout;
  keepAlive?: NodeJS.Timeout;
  drain?: NodeJS.Timeout;
}

const OPEN_PATH = '/v1.0/gateway/connections/open';

export class StreamReceiver implements Receiver {
  private readonly options: StreamReceiverOptions;
  private readonly logger: Logger;
  private readonly callbacks = new Map<string, StreamCallbackHandler>();
  private state: 'idle' | 'running' | 'stopped' = 'idle';
  private current: Connection | undefined;
  private readonly connections = new Set<Connection>();
  private connecting = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failedAttempts = 0;
  private nextConnectionId = 1;
  private firstConnection: { resolve: () => void; reject: (err: Error) => void } | undefined;

  constructor(options: StreamReceiverOptions) {
    if (!options.clientId || !options.clientSecret) {
      throw new DingTalkError('config_invalid', 'the Stream receiver needs the app key and app secret');
    }
    this.options = options;
    this.logger = options.logger ?? silentLogger;
    for (const [topic, handler] of Object.entries(options.callbacks ?? {})) this.callbacks.set(topic, handler);
  }

  /** Registers a CALLBACK handler; topics registered after `start()` are only subscribed at the next connection. */
  onCallback(topic: string, handler: StreamCallbackHandler): this {
    this.callbacks.set(topic, handler);
    return this;
  }

  isConnected(): boolean {
    return this.current !== undefined && this.current.ws.readyState === WebSocket.OPEN;
  }

  /**
   * Resolves once the first connection is open; keeps retrying with backoff meanwhile. Rejects when the gateway
   * refuses the credentials (HTTP 4xx) or when `stop()` comes first. After that, the receiver never gives up.
   */
  start(): Promise<void> {
    if (this.state !== 'idle') return Promise.reject(new Error('the Stream receiver can only be started once'));
    this.state = 'running';
    return new Promise<void>((resolve, reject) => {
      this.firstConnection = { resolve, reject };
      this.connectNow();
    });
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.firstConnection?.reject(new Error('the Stream receiver was stopped before it connected'));
    this.firstConnection = undefined;
    this.current = undefined;
    await Promise.all([...this.connections].map((connection) => this.close(connection)));
  }

  private connectNow(): void {
    if (this.state !== 'running' || this.connecting) return;
    this.connecting = true;
    this.connect().then(
      () => {
        this.connecting = false;
        this.failedAttempts = 0;
        this.firstConnection?.resolve();
        this.firstConnection = undefined;
      },
      (err: unknown) => {
        this.connecting = false;
        if (this.state !== 'running') return;
        const fatal = err instanceof DingTalkApiError && err.code === 'stream_connect_failed' && !err.retryable;
        if (fatal && this.firstConnection) {
          this.firstConnection.reject(err as Error);
          this.firstConnection = undefined;
          this.state = 'stopped';
          return;
        }
        this.logger.warn(describeError(err), 'could not connect to the DingTalk Stream gateway');
        this.scheduleReconnect();
      },
    );
  }

  private scheduleReconnect(): void {
    if (this.state !== 'running' || this.reconnectTimer || this.connecting) return;
    const base = this.options.reconnectBaseDelayMs ?? 1000;
    const max = this.options.reconnectMaxDelayMs ?? 60_000;
    const random = this.options.random ?? Math.random;
    const delayMs = Math.round(Math.min(base * 2 ** this.failedAttempts + random() * base, max));
    this.failedAttempts++;
    this.logger.info({ delayMs, attempt: this.failedAttempts }, 'reconnecting to the DingTalk Stream gateway');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connectNow();
    }, delayMs);
  }

  /** Opens a ticket, then the WebSocket; resolves when the socket is open and current. */
  private async connect(): Promise<void> {
    const { endpoint, ticket } = await this.openTicket();
    if (this.state !== 'running') throw new Error('stopped');
    const url = new URL(endpoint);
    url.searchParams.set('ticket', ticket);
    const connection: Connection = {
      id: this.nextConnectionId++,
      ws: new WebSocket(url, { handshakeTimeout: this.options.connectTimeoutMs ?? 10_000 }),
      inFlight: 0,
      retiring: false,
    };
    this.connections.add(connection);
    this.attach(connection);
    await new Promise<void>((resolve, reject) => {
      connection.ws.once('open', () => resolve());
      connection.ws.once('close', () => reject(new Error('the WebSocket closed during the handshake')));
    });
    if (this.state !== 'running') {
      await this.close(connection);
      throw new Error('stopped');
    }
    this.current = connection;
    this.armWatchdog(connection);
    connection.keepAlive = setInterval(() => {
      if (connection.ws.readyState === WebSocket.OPEN) connection.ws.ping();
    }, this.options.keepAliveIntervalMs ?? 10_000);
    this.logger.info({ connection: connection.id }, 'connected to the DingTalk Stream gateway');
  }

  /** `POST /v1.0/gateway/connections/open` (§3.1; `Accept: application/json` or the gateway answers XML). */
  private async openTicket(): Promise<{ endpoint: string; ticket: string }> {
    const topics = new Set([TOPIC_ROBOT, TOPIC_CARD, ...this.callbacks.keys()]);
    const body: ConnectionsOpenRequest = {
      clientId: this.options.clientId,
      clientSecret: this.options.clientSecret,
      subscriptions: [
        { type: 'EVENT', topic: TOPIC_ALL_EVENTS },
        ...[...topics].map((topic) => ({ type: 'CALLBACK' as const, topic })),
      ],
      ua: this.options.ua ?? 'duban-stream/1.0',
    };
    const response = await requestJson({
      method: 'POST',
      url: `${this.options.apiBase ?? DINGTALK_API_BASE}${OPEN_PATH}`,
      api: OPEN_PATH,
      body,
      timeoutMs: this.options.connectTimeoutMs ?? 10_000,
      fetch: this.options.fetch,
    });
    const answer = response.body as { endpoint?: unknown; ticket?: unknown; code?: unknown } | undefined;
    if (response.status >= 400) {
      throw new DingTalkApiError(
        'stream_connect_failed',
        `${OPEN_PATH}: HTTP ${response.status} ${typeof answer?.code === 'string' ? answer.code : ''}`.trim(),
        { api: OPEN_PATH, httpStatus: response.status, retryable: response.status >= 500 || response.status === 429 },
      );
    }
    if (typeof answer?.endpoint !== 'string' || typeof answer.ticket !== 'string') {
      throw new DingTalkApiError('stream_connect_failed', `${OPEN_PATH}: no endpoint or ticket in the answer`, {
        api: OPEN_PATH,
        httpStatus: response.status,
        retryable: true,
      });
    }
    return { endpoint: answer.endpoint, ticket: answer.ticket };
  }

  private attach(connection: Connection): void {
    const { ws } = connection;
    ws.on('message', (raw, isBinary) => {
      this.armWatchdog(connection);
      if (isBinary) {
        this.logger.warn({ connection: connection.id }, 'ignored a binary Stream frame');
        return;
      }
      const frame = parseDownFrame(raw.toString());
      if (frame === undefined) {
        this.logger.warn(
          { connection: connection.id, length: raw.toString().length },
          'ignored a Stream frame that is not JSON',
        );
        return;
      }
      this.dispatch(connection, frame).catch((err: unknown) => {
        this.logger.error({ connection: connection.id, ...describeError(err) }, 'Stream frame handling failed');
      });
    });
    ws.on('pong', () => this.armWatchdog(connection));
    ws.on('error', (err) => {
      this.logger.warn({ connection: connection.id, ...describeError(err) }, 'Stream WebSocket error');
    });
    ws.on('close', (code) => {
      clearTimeout(connection.watchdog);
      clearInterval(connection.keepAlive);
      clearTimeout(connection.drain);
      this.connections.delete(connection);
      if (this.current !== connection) return;
      this.current = undefined;
      if (this.state !== 'running') return;
      this.logger.warn({ connection: connection.id, code }, 'the DingTalk Stream connection closed');
      this.scheduleReconnect();
    });
  }

  /** Silence watchdog: any frame or pong re-arms it; when it fires the socket is dropped and replaced. */
  private armWatchdog(connection: Connection): void {
    if (connection.retiring) return;
    clearTimeout(connection.watchdog);
    const silenceTimeoutMs = this.options.silenceTimeoutMs ?? 60_000;
    connection.watchdog = setTimeout(() => {
      this.logger.warn(
        { connection: connection.id, silenceTimeoutMs },
        'the Stream connection went silent; reconnecting',
      );
      connection.ws.terminate();
    }, silenceTimeoutMs);
  }

  private async dispatch(connection: Connection, frame: StreamDownFrame): Promise<void> {
    switch (frame.type) {
      case 'SYSTEM':
        return this.onSystem(connection, frame);
      case 'EVENT':
        return this.withInFlight(connection, () => this.onEvent(connection, frame));
      case 'CALLBACK':
        return this.withInFlight(connection, () => this.onCallbackFrame(connection, frame));
      default:
        this.logger.warn({ connection: connection.id, type: frame.type }, 'ignored a Stream frame of unknown type');
    }
  }

  private onSystem(connection: Connection, frame: StreamDownFrame): void {
    const topic = frame.headers.topic;
    if (topic === 'ping') {
      // Echo the data (`{"opaque": …}`) unchanged (protocol.md "ping 请求处理").
      const messageId = frame.headers.messageId ?? '';
      this.send(connection, { ...ackFrame(messageId, null), data: frame.data });
      return;
    }
    if (topic === 'disconnect') {
      this.logger.info({ connection: connection.id, data: frame.data }, 'the Stream gateway asked us to reconnect');
      this.retire(connection);
      return;
    }
    this.logger.debug({ connection: connection.id, topic }, 'Stream system frame');
  }

  /** Takes `connection` out of service: a new one opens now, this one closes once its acks are sent. */
  private retire(connection: Connection): void {
    if (connection.retiring) return;
    connection.retiring = true;
    clearTimeout(connection.watchdog);
    if (this.current === connection) this.current = undefined;
    connection.drain = setTimeout(() => connection.ws.terminate(), this.options.drainTimeoutMs ?? 10_000);
    if (connection.inFlight === 0) connection.ws.close(1000, 'disconnect requested');
    this.connectNow();
  }

  private async withInFlight(connection: Connection, work: () => Promise<void>): Promise<void> {
    connection.inFlight++;
    try {
      await work();
    } finally {
      connection.inFlight--;
      if (connection.retiring && connection.inFlight === 0) connection.ws.close(1000, 'drained');
    }
  }

  private async onEvent(connection: Connection, frame: StreamDownFrame): Promise<void> {
    const messageId = frame.headers.messageId;
    if (!messageId) {
      this.logger.warn({ connection: connection.id }, 'ignored a Stream EVENT without messageId');
      return;
    }
    const data = parseObject(frame.data);
    if (data === undefined) {
      // Redelivering the same bytes cannot help, so the frame is acknowledged and reported.
      this.logger.error(
        { messageId, eventId: frame.headers.eventId },
        'dropped a Stream EVENT whose data is not a JSON object',
      );
      this.send(connection, eventAck(messageId, 'SUCCESS', 'ignored: data is not a JSON object'));
      return;
    }
    const eventType = typeof frame.headers.eventType === 'string' ? frame.headers.eventType : '';
    const receivedAt = this.options.now?.() ?? new Date();
    const checked = refusalOf(eventType, data, this.options.corpId, () =>
      eventFromStreamFrame(frame.headers, data, receivedAt, this.options.corpId),
    );
    if ('refusal' in checked) {
      // As over HTTP, nothing of another organisation and nothing the inbox cannot hold is stored; a redelivery of
      // the same frame could not change that, so it is acknowledged and reported instead of asked for again.
      const { code, message } = checked.refusal;
      this.logger.error(
        { messageId, eventId: frame.headers.eventId, eventType: eventType.slice(0, 64), code },
        `refused a Stream EVENT: ${message}`,
      );
      this.send(connection, eventAck(messageId, 'SUCCESS', `refused: ${code}`));
      return;
    }
    const event = checked.event;
    try {
      const outcome = await this.options.sink.accept(event);
      this.logger.debug({ eventId: event.eventId, eventType: event.eventType, outcome }, 'DingTalk event accepted');
      this.send(connection, eventAck(messageId, 'SUCCESS', outcome));
    } catch (err) {
      this.logger.error(
        { eventId: event.eventId, eventType: event.eventType, ...describeError(err) },
        'could not store a DingTalk event; asking DingTalk to push it again',
      );
      this.send(connection, eventAck(messageId, 'LATER', 'not stored'));
    }
  }

  private async onCallbackFrame(connection: Connection, frame: StreamDownFrame): Promise<void> {
    const messageId = frame.headers.messageId;
    if (!messageId) return;
    const topic = frame.headers.topic ?? '';
    const handler = this.callbacks.get(topic);
    if (!handler) {
      // 404 = "topic not supported by the client", reserved by the protocol for diagnostics (protocol.md FAQ).
      this.send(connection, ackFrame(messageId, { response: null }, 404, 'no handler for this topic'));
      return;
    }
    const data = parseObject(frame.data) ?? frame.data;
    try {
      const response = await handler(data, frame);
      this.send(connection, ackFrame(messageId, { response: response ?? null }));
    } catch (err) {
      this.logger.error({ topic, messageId, ...describeError(err) }, 'a Stream callback handler failed');
      this.send(connection, ackFrame(messageId, { response: null }, 500, 'internal error'));
    }
  }

  private send(connection: Connection, frame: StreamAckFrame): void {
    if (connection.ws.readyState !== WebSocket.OPEN) {
      this.logger.warn(
        { connection: connection.id, messageId: frame.headers.messageId },
        'connection gone; DingTalk will redeliver',
      );
      return;
    }
    connection.ws.send(JSON.stringify(frame));
  }

  private close(connection: Connection): Promise<void> {
    if (connection.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    // Events being stored keep the connection until their acks are sent (withInFlight closes it when drained).
    const draining = connection.inFlight > 0 && connection.ws.readyState === WebSocket.OPEN;
    return new Promise<void>((resolve) => {
      const force = setTimeout(
        () => connection.ws.terminate(),
        draining ? (this.options.drainTimeoutMs ?? 10_000) : 1000,
      );
      connection.ws.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      if (connection.ws.readyState === WebSocket.CONNECTING) connection.ws.terminate();
      else if (draining) connection.retiring = true;
      else connection.ws.close(1000, 'receiver stopped');
    });
  }
}

export function createStreamReceiver(options: StreamReceiverOptions): StreamReceiver {
  return new StreamReceiver(options);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
