/**
 * A fake DingTalk Stream gateway (docs/dingtalk.md §3.1; the § numbers below are that file's):
 * `connections/open` issues single-use tickets valid 90 s; the WebSocket at `/connect?ticket=` receives EVENT,
 * CALLBACK and SYSTEM frames. Events are delivered at least once: an event stays pending until acked `SUCCESS`;
 * `LATER`, an ack timeout or a closed connection sends it again. Tests steer it: drop connections, send
 * `disconnect`, go silent, send raw bytes, redeliver an acknowledged event (the jitter duplicate of §2.6).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../bot-server/dingtalk/logger';
import {
  type ConnectionsOpenRequest,
  type ConnectionsOpenResponse,
  parseAckFrame,
  type StreamAckFrame,
  type StreamDownFrame,
} from '../../bot-server/dingtalk/stream-frames';
import { OpenApiFailure } from './envelopes';

export interface StreamGatewayOptions {
  clientId: string;
  clientSecret: string;
  unifiedAppId: string;
  /** Ticket lifetime; 90 s on DingTalk (docs/dingtalk.md §3.1). */
  ticketTtlMs: number;
  /** SYSTEM ping period; 0 = never. */
  pingIntervalMs: number;
  /** An un-acked event is sent again after this long (the SDK comment says about 60 s, docs/dingtalk.md §11). */
  ackTimeoutMs: number;
  /** After a `LATER` ack, wait this long before sending again. */
  redeliveryDelayMs: number;
  /** After `disconnect`, the gateway closes the socket this much later (about 10 s on DingTalk, §3.1). */
  disconnectGraceMs: number;
  now: () => number;
  logger: Logger;
}

export interface StreamEvent {
  eventId: string;
  eventType: string;
  corpId: string;
  bornAt: number;
  data: Record<string, unknown>;
}

interface GatewayConnection {
  id: string;
  ws: WebSocket;
  subscriptions: ConnectionsOpenRequest['subscriptions'];
  draining: boolean;
  silenced: boolean;
}

interface PendingEvent {
  event: StreamEvent;
  pushes: number;
  sent?: { messageId: string; connection: GatewayConnection; timer: NodeJS.Timeout };
  retryTimer?: NodeJS.Timeout;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** A `messageId` shaped like DingTalk's (`213d841d_972_1898bb26334_70a7`). */
function messageId(): string {
  const hex = (n: number) => randomBytes(n).toString('hex');
  return `${hex(4)}_${hex(2).slice(0, 3)}_${hex(6).slice(0, 11)}_${hex(2)}`;
}

export class StreamGateway {
  readonly connections = new Set<GatewayConnection>();
  /** Pings answered by clients, for tests. */
  pingsAnswered = 0;
  /** Pushes of an event that had been pushed before (after LATER, a timeout or a lost connection). */
  redeliveries = 0;
  private readonly options: StreamGatewayOptions;
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false });
  private readonly tickets = new Map<
    string,
    { expiresAt: number; subscriptions: ConnectionsOpenRequest['subscriptions'] }
  >();
  private readonly pending: PendingEvent[] = [];
  private readonly awaitingAck = new Map<string, (ack: StreamAckFrame) => void>();
  private readonly connectionWaiters: Array<() => void> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private pingTimer: NodeJS.Timeout | undefined;
  endpoint = '';

  constructor(options: StreamGatewayOptions) {
    this.options = options;
    if (options.pingIntervalMs > 0) this.pingTimer = setInterval(() => this.pingAll(), options.pingIntervalMs);
  }

  /** `POST /v1.0/gateway/connections/open` → `{endpoint, ticket}` (docs/dingtalk.md §3.1). */
  openConnection(body: Partial<ConnectionsOpenRequest>): ConnectionsOpenResponse {
    // The gateway's refusals are not documented; these mirror the token endpoint's (simulator choice).
    if (body.clientId !== this.options.clientId || body.clientSecret !== this.options.clientSecret) {
      throw new OpenApiFailure(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    }
    if (!Array.isArray(body.subscriptions) || body.subscriptions.length === 0) {
      throw new OpenApiFailure(400, 'invalidParameter', 'subscriptions 不能为空');
    }
    const ticket = randomUUID();
    this.tickets.set(ticket, {
      expiresAt: this.options.now() + this.options.ticketTtlMs,
      subscriptions: body.subscriptions,
    });
    return { endpoint: this.endpoint, ticket };
  }

  /** Handles an HTTP upgrade to `/connect?ticket=…`; an unknown, used or expired ticket gets 401. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ticket = new URL(request.url ?? '/', 'http://sim').searchParams.get('ticket') ?? '';
    const grant = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!grant || this.options.now() > grant.expiresAt) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.adopt(ws, grant.subscriptions));
  }

  private adopt(ws: WebSocket, subscriptions: ConnectionsOpenRequest['subscriptions']): void {
    const connection: GatewayConnection = { id: randomUUID(), ws, subscriptions, draining: false, silenced: false };
    this.connections.add(connection);
    ws.on('ping', (data) => {
      if (!connection.silenced) ws.pong(data);
    });
    ws.on('message', (raw) => this.onUpstream(connection, raw.toString()));
    ws.on('error', () => {});
    ws.on('close', () => {
      this.connections.delete(connection);
      for (const item of this.pending) {
        if (item.sent?.connection === connection) this.requeue(item, 0);
      }
    });
    for (const resolve of this.connectionWaiters.splice(0)) resolve();
    this.pump();
  }

  /** Queues an event; resolves once a client acknowledged it with SUCCESS, rejects if the gateway closes first. */
  deliver(event: StreamEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ event, pushes: 0, resolve, reject });
      this.pump();
    });
  }

  /** Events not yet acknowledged. */
  pendingCount(): number {
    return this.pending.length;
  }

  /** Sends an already acknowledged event once more, as DingTalk may after network jitter (docs/dingtalk.md §2.6). */
  redeliver(event: StreamEvent): Promise<void> {
    return this.deliver(event);
  }

  /** Resolves when at least `count` live connections exist. */
  async waitForConnections(count = 1): Promise<void> {
    while (this.liveConnections().length < count) {
      await new Promise<void>((resolve) => this.connectionWaiters.push(resolve));
    }
  }

  /** Cuts every connection without a close handshake (a network drop). */
  dropConnections(): void {
    for (const connection of this.connections) connection.ws.terminate();
  }

  /** SYSTEM `disconnect` to every live connection, closed by the gateway `disconnectGraceMs` later (§3.1). */
  sendDisconnect(reason = 'persistent connection is timeout'): void {
    for (const connection of this.liveConnections()) {
      connection.draining = true;
      this.sendFrame(connection, {
        specVersion: '1.0',
        type: 'SYSTEM',
        headers: {
          contentType: 'application/json',
          messageId: messageId(),
          time: String(this.options.now()),
          topic: 'disconnect',
        },
        data: JSON.stringify({ reason }),
      });
      this.later(this.options.disconnectGraceMs, () => connection.ws.close(1000, 'disconnect'));
    }
  }

  /** A silenced connection gets no frames and no pongs, as a half-dead TCP connection would. */
  silence(on: boolean): void {
    for (const connection of this.connections) connection.silenced = on;
    if (!on) this.pump();
  }

  /** Sends raw text to every connection (e.g. a frame that is not JSON). */
  sendRaw(text: string): void {
    for (const connection of this.liveConnections()) connection.ws.send(text);
  }

  /** Sends a CALLBACK frame (robot message, card callback) and resolves with the client's ack. */
  sendCallback(topic: string, data: unknown, timeoutMs = this.options.ackTimeoutMs): Promise<StreamAckFrame> {
    const connection = this.pick((c) => c.subscriptions.some((s) => s.type === 'CALLBACK' && s.topic === topic));
    if (!connection) return Promise.reject(new Error(`no connection subscribed to ${topic}`));
    const id = messageId();
    return new Promise<StreamAckFrame>((resolve, reject) => {
      const timer = this.later(timeoutMs, () => {
        this.awaitingAck.delete(id);
        reject(new Error(`no ack for callback ${id}`));
      });
      this.awaitingAck.set(id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      this.sendFrame(connection, {
        specVersion: '1.0',
        type: 'CALLBACK',
        headers: this.pushHeaders(connection, id, topic),
        data: JSON.stringify(data),
      });
    });
  }

  close(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const timer of this.timers) clearTimeout(timer);
    for (const item of this.pending.splice(0)) {
      if (item.sent) clearTimeout(item.sent.timer);
      if (item.retryTimer) clearTimeout(item.retryTimer);
      item.reject(new Error('the gateway closed before the event was acknowledged'));
    }
    for (const connection of this.connections) connection.ws.terminate();
    this.wss.close();
  }

  /** The headers of every frame the gateway pushes, an event or a callback (§3.1). */
  private pushHeaders(connection: GatewayConnection, messageId: string, topic: string) {
    return {
      appId: this.options.unifiedAppId,
      connectionId: connection.id,
      contentType: 'application/json',
      messageId,
      time: String(this.options.now()),
      topic,
    };
  }

  private liveConnections(): GatewayConnection[] {
    return [...this.connections].filter((c) => !c.draining && c.ws.readyState === c.ws.OPEN);
  }

  /** Any one eligible connection, at random: DingTalk load-balances between a client's connections (§3.1). */
  private pick(eligible: (c: GatewayConnection) => boolean): GatewayConnection | undefined {
    const candidates = this.liveConnections().filter((c) => !c.silenced && eligible(c));
    return candidates[Math.floor(Math.random() * candidates.length)];
  }

  private pump(): void {
    for (const item of this.pending) {
      if (item.sent || item.retryTimer) continue;
      const connection = this.pick((c) => c.subscriptions.some((s) => s.type === 'EVENT' && s.topic === '*'));
      if (!connection) return;
      const id = messageId();
      item.pushes++;
      if (item.pushes > 1) this.redeliveries++;
      item.sent = {
        messageId: id,
        connection,
        timer: this.later(this.options.ackTimeoutMs, () => this.requeue(item, 0)),
      };
      const { event } = item;
      this.sendFrame(connection, {
        specVersion: '1.0',
        type: 'EVENT',
        headers: {
          ...this.pushHeaders(connection, id, '*'),
          eventType: event.eventType,
          eventId: event.eventId,
          eventCorpId: event.corpId,
          eventBornTime: String(event.bornAt),
          eventUnifiedAppId: this.options.unifiedAppId,
        },
        data: JSON.stringify(event.data),
      });
    }
  }

  /** Puts an event back in the queue, to be sent again after `delayMs`. */
  private requeue(item: PendingEvent, delayMs: number): void {
    if (!this.pending.includes(item)) return;
    if (item.sent) clearTimeout(item.sent.timer);
    item.sent = undefined;
    if (delayMs <= 0) {
      this.pump();
      return;
    }
    item.retryTimer = this.later(delayMs, () => {
      item.retryTimer = undefined;
      this.pump();
    });
  }

  private onUpstream(connection: GatewayConnection, text: string): void {
    const ack = parseAckFrame(text);
    if (!ack) {
      this.options.logger.warn({ connection: connection.id }, 'sim gateway: upstream message is not an ack');
      return;
    }
    const id = ack.headers.messageId;
    const waiter = this.awaitingAck.get(id);
    if (waiter) {
      this.awaitingAck.delete(id);
      waiter(ack);
      return;
    }
    const item = this.pending.find((p) => p.sent?.messageId === id);
    if (!item) return;
    let status: unknown;
    try {
      status = (JSON.parse(ack.data) as { status?: unknown }).status;
    } catch {
      status = undefined;
    }
    if (ack.code === 200 && status === 'SUCCESS') {
      if (item.sent) clearTimeout(item.sent.timer);
      this.pending.splice(this.pending.indexOf(item), 1);
      item.resolve();
    } else {
      // LATER, a missing status or an error code: the event was not consumed; push it again later.
      this.requeue(item, this.options.redeliveryDelayMs);
    }
  }

  private pingAll(): void {
    for (const connection of this.liveConnections()) {
      if (connection.silenced) continue;
      const id = messageId();
      this.awaitingAck.set(id, () => {
        this.pingsAnswered++;
      });
      this.later(this.options.ackTimeoutMs, () => this.awaitingAck.delete(id));
      this.sendFrame(connection, {
        specVersion: '1.0',
        type: 'SYSTEM',
        headers: { contentType: 'application/json', messageId: id, time: String(this.options.now()), topic: 'ping' },
        data: JSON.stringify({ opaque: randomUUID() }),
      });
    }
  }

  private sendFrame(connection: GatewayConnection, frame: StreamDownFrame): void {
    if (connection.silenced || connection.ws.readyState !== connection.ws.OPEN) return;
    connection.ws.send(JSON.stringify(frame));
  }

  private later(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
    return timer;
  }
}
