/**
 * A local DingTalk for tests, the demo and people: one HTTP server answering the old (`oapi`) and new (`/v1.0`)
 * APIs, a Stream gateway on the same port (`ws://…/connect`), an HTTP pusher for callback mode, and a control API
 * under `/__sim`. Usable in-process (`startSimulator`) or standalone (`npx duban sim --port 4010`).
 *
 * Control API (JSON):
 *   GET    /__sim/state                 URLs, settings, counts
 *   GET    /__sim/org                   departments, users, approval templates
 *   GET    /__sim/messages[?kind=&userId=]   every message sent; DELETE clears
 *   POST   /__sim/auth-codes {userId}   a free-login code (5 min, single use)
 *   POST   /__sim/events {eventType, data, eventId?, legacy?}   push an event now
 *   GET    /__sim/deliveries            every event push and its outcome
 *   PUT    /__sim/event-mode {mode: 'stream'|'http', callbackUrl?}
 *   POST   /__sim/check-url             send `check_url` to the callback URL
 *   POST   /__sim/tokens/expire         every access token stops working
 *   POST   /__sim/faults {path, kind: 'throttle'|'busy'|'token_expired', times}
 *   POST   /__sim/stream/drop | /__sim/stream/disconnect
 *   GET    /__sim/instances             approval instances
 *   POST   /__sim/instances {processCode, originatorUserId, form: {name: value}}
 *   POST   /__sim/tasks/execute {processInstanceId, taskId, actionerUserId, result, remark?}
 *   POST   /__sim/instances/terminate {processInstanceId, operatingUserId?, remark?}
 *   PUT    /__sim/event-hold {hold}     keep approval events instead of pushing them (a push outage)
 *   GET    /__sim/held-events           the events kept; POST …/release pushes them in order; DELETE drops them
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { type Logger, silentLogger } from '../../bot-server/dingtalk/logger';
import { dingtalkRoutes, unknownApi } from './dingtalk-routes';
import { HttpPusher, type PushAttempt } from './http-push';
import { demoOrg, type OrgSeed } from './org';
import { type FaultKind, type SimGroupRobot, type SimMessage, SimulatorState } from './state';
import { StreamGateway } from './stream-gateway';

export type EventMode = 'stream' | 'http';

export interface SimulatorOptions {
  /** 0 (default) = an ephemeral port. */
  port?: number;
  host?: string;
  corpId?: string;
  appKey?: string;
  appSecret?: string;
  agentId?: number;
  /** Default: the AppKey, as for an internal app's robot. */
  robotCode?: string;
  /** Default: the demo organisation (`demoOrg`). */
  org?: OrgSeed;
  groupRobots?: SimGroupRobot[];
  /** How events reach the app; DingTalk lets an app pick one (docs/dingtalk.md §1). Default `stream`. */
  eventMode?: EventMode;
  callback?: {
    url?: string;
    token?: string;
    aesKey?: string;
    /** Delays before each retry of a failed push. Default [1000, 5000, 30000]. */
    retryDelaysMs?: number[];
    /** DingTalk waits about 1.5 s (docs/dingtalk.md §1.8). Default 1500. */
    timeoutMs?: number;
  };
  stream?: {
    pingIntervalMs?: number;
    ackTimeoutMs?: number;
    redeliveryDelayMs?: number;
    disconnectGraceMs?: number;
    ticketTtlMs?: number;
  };
  /** Default 7200 (docs/dingtalk.md §4.1). */
  tokenTtlSeconds?: number;
  /** Default 5 minutes (docs/dingtalk.md §6.2). */
  authCodeTtlMs?: number;
  /** Calls per second per API before throttling; default 20 (docs/dingtalk.md §8.2), 0 = unlimited. */
  qpsLimit?: number;
  now?: () => number;
  logger?: Logger;
}

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

export interface Simulator {
  /** Base URL of both API styles: `DINGTALK_API_BASE` and `DINGTALK_OAPI_BASE`. */
  url: string;
  apiBase: string;
  oapiBase: string;
  /** The Stream WebSocket endpoint `connections/open` hands out. */
  gatewayUrl: string;
  /** Values for `.env` to run Duban against this simulator. */
  settings: Record<string, string>;
  state: SimulatorState;
  gateway: StreamGateway;
  deliveries: DeliveryRecord[];
  eventMode: EventMode;
  /** Pushes an event over the current mode; resolves when acknowledged (or when HTTP retries ran out). */
  deliverEvent(input: EventInput): Promise<DeliveryRecord>;
  setEventMode(mode: EventMode, callbackUrl?: string): void;
  /** Sends `{"EventType":"check_url"}` to the callback URL; true when it answers the success map. */
  checkCallbackUrl(): Promise<boolean>;
  issueAuthCode(userId: string): string;
  expireTokens(): void;
  /** The next `times` calls to `path` fail with `kind`. */
  injectFault(path: string, kind: FaultKind, times?: number): void;
  messages(filter?: { kind?: SimMessage['kind']; userId?: string }): SimMessage[];
  /**
   * While on, the approval events the simulator emits are kept instead of pushed, as when DingTalk's pushes fail
   * and it keeps them to retry (for up to 7 days): a test then delivers them late, out of order, twice, or never.
   */
  holdEvents(on: boolean): void;
  /** The events kept so far, oldest first; they stay kept. */
  heldEvents(): HeldEvent[];
  /**
   * Pushes the kept events in the order they were emitted and forgets them; resolves when all are acknowledged
   * (the pushes start at once, in order, whether or not the caller waits).
   */
  releaseHeldEvents(): Promise<DeliveryRecord[]>;
  /** Forgets the kept events without pushing them (pushes DingTalk gave up on); returns how many there were. */
  dropHeldEvents(): number;
  /** Resolves when no event push is pending. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Obviously fake defaults, so `npx duban sim` works with no arguments. */
export const SIM_DEFAULTS = {
  corpId: 'dingsimcorp0000000000',
  appKey: 'dingsimappkey00000000',
  appSecret: 'sim-app-secret-not-a-real-secret',
  agentId: 3_000_000_001,
  callbackToken: 'simtoken',
  /** 43 chars [A-Za-z0-9], as DingTalk requires (docs/dingtalk.md §1.1). */
  callbackAesKey: 'SimulatorCallbackAesKey0123456789abcdefghij',
} as const;

function randomEventId(): string {
  return randomBytes(16).toString('hex');
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const corpId = options.org?.corpId ?? options.corpId ?? SIM_DEFAULTS.corpId;
  const appKey = options.appKey ?? SIM_DEFAULTS.appKey;
  const appSecret = options.appSecret ?? SIM_DEFAULTS.appSecret;
  const agentId = options.agentId ?? SIM_DEFAULTS.agentId;
  const callbackToken = options.callback?.token ?? SIM_DEFAULTS.callbackToken;
  const callbackAesKey = options.callback?.aesKey ?? SIM_DEFAULTS.callbackAesKey;
  let eventMode: EventMode = options.eventMode ?? 'stream';
  let closing = false;
  const deliveries: DeliveryRecord[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let holding = false;
  const held: HeldEvent[] = [];

  const gateway = new StreamGateway({
    clientId: appKey,
    clientSecret: appSecret,
    unifiedAppId: `sim-${appKey}`,
    ticketTtlMs: options.stream?.ticketTtlMs ?? 90_000,
    pingIntervalMs: options.stream?.pingIntervalMs ?? 30_000,
    ackTimeoutMs: options.stream?.ackTimeoutMs ?? 60_000,
    redeliveryDelayMs: options.stream?.redeliveryDelayMs ?? 1000,
    disconnectGraceMs: options.stream?.disconnectGraceMs ?? 10_000,
    now,
    logger,
  });
  const pusher = new HttpPusher(
    {
      token: callbackToken,
      aesKey: callbackAesKey,
      ownerKey: appKey,
      retryDelaysMs: options.callback?.retryDelaysMs ?? [1000, 5000, 30_000],
      timeoutMs: options.callback?.timeoutMs ?? 1500,
      now,
    },
    options.callback?.url,
  );

  const deliverEvent = (input: EventInput): Promise<DeliveryRecord> => {
    const eventId = input.eventId ?? randomEventId();
    const bornAt = input.bornAt ?? now();
    const eventCorpId = input.corpId ?? corpId;
    const record: DeliveryRecord = {
      eventId,
      eventType: input.eventType,
      transport: eventMode,
      status: 'pending',
      attempts: [],
    };
    deliveries.push(record);
    let work: Promise<boolean>;
    if (eventMode === 'http') {
      // HTTP body after decryption (docs/dingtalk.md §2.1, the "HTTP推送" example of bpms_instance_change).
      const plaintext = input.legacy
        ? { EventType: input.eventType, corpId: eventCorpId, ...input.data }
        : { EventType: input.eventType, EventTime: bornAt, CorpId: eventCorpId, eventId, ...input.data };
      work = pusher.push(plaintext, record.attempts, () => closing);
    } else {
      work = gateway
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
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
    return done;
  };

  const state = new SimulatorState({
    corpId,
    app: { appKey, appSecret, agentId, robotCode: options.robotCode ?? appKey },
    org: options.org ?? demoOrg(),
    groupRobots: options.groupRobots ?? [],
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
    authCodeTtlMs: options.authCodeTtlMs ?? 5 * 60_000,
    qpsLimit: options.qpsLimit ?? 20,
    now,
    onEvent: (eventType, data) => {
      if (holding) held.push({ eventId: randomEventId(), eventType, data, bornAt: now() });
      else void deliverEvent({ eventType, data });
    },
  });

  const app = new Koa();
  app.use(unknownApi);
  app.use(bodyParser({ enableTypes: ['json', 'form'] }));
  app.use(controlRoutes().routes());
  app.use(dingtalkRoutes(state, gateway).routes());

  const server: Server = createServer(app.callback());
  server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://sim').pathname === '/connect') gateway.handleUpgrade(request, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  gateway.endpoint = `ws://${host}:${address.port}/connect`;

  const simulator: Simulator = {
    url,
    apiBase: url,
    oapiBase: url,
    gatewayUrl: gateway.endpoint,
    settings: {
      DINGTALK_CORP_ID: corpId,
      DINGTALK_APP_KEY: appKey,
      DINGTALK_APP_SECRET: appSecret,
      DINGTALK_AGENT_ID: String(agentId),
      DINGTALK_EVENT_MODE: eventMode,
      DINGTALK_CALLBACK_TOKEN: callbackToken,
      DINGTALK_CALLBACK_AES_KEY: callbackAesKey,
      DINGTALK_API_BASE: url,
      DINGTALK_OAPI_BASE: url,
    },
    state,
    gateway,
    deliveries,
    get eventMode() {
      return eventMode;
    },
    deliverEvent,
    setEventMode(mode, callbackUrl) {
      eventMode = mode;
      simulator.settings.DINGTALK_EVENT_MODE = mode;
      if (callbackUrl !== undefined) pusher.url = callbackUrl;
    },
    async checkCallbackUrl() {
      return (await pusher.pushOnce({ EventType: 'check_url' })).ok;
    },
    issueAuthCode: (userId) => state.issueAuthCode(userId),
    expireTokens: () => state.expireTokens(),
    injectFault: (path, kind, times = 1) => state.addFault(path, kind, times),
    messages(filter = {}) {
      return state.messages.filter(
        (m) =>
          (filter.kind === undefined || m.kind === filter.kind) &&
          (filter.userId === undefined || ('userIds' in m && m.userIds.includes(filter.userId))),
      );
    },
    holdEvents(on) {
      holding = on;
    },
    heldEvents() {
      return held.map((event) => ({ ...event }));
    },
    releaseHeldEvents() {
      return Promise.all(held.splice(0, held.length).map((event) => deliverEvent(event)));
    },
    dropHeldEvents() {
      return held.splice(0, held.length).length;
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close() {
      closing = true;
      gateway.close();
      await Promise.allSettled([...inFlight]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  function controlRoutes(): Router {
    const router = new Router({ prefix: '/__sim' });
    const input = (ctx: Koa.Context) => (ctx.request.body ?? {}) as Record<string, unknown>;
    router.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        ctx.status = 400;
        ctx.body = { error: { code: 'sim_bad_request', message: err instanceof Error ? err.message : String(err) } };
      }
    });
    router.get('/state', (ctx) => {
      ctx.body = {
        url,
        gatewayUrl: gateway.endpoint,
        eventMode,
        callbackUrl: pusher.url ?? null,
        settings: simulator.settings,
        counts: {
          users: state.users.size,
          departments: state.departments.size,
          instances: state.instances.size,
          messages: state.messages.length,
          streamConnections: gateway.connections.size,
          pendingStreamEvents: gateway.pendingCount(),
          deliveries: deliveries.length,
        },
      };
    });
    router.get('/org', (ctx) => {
      ctx.body = {
        corpId,
        departments: [...state.departments.values()],
        users: [...state.users.values()],
        processes: [...state.processes.values()],
      };
    });
    router.get('/messages', (ctx) => {
      const kind = typeof ctx.query.kind === 'string' ? (ctx.query.kind as SimMessage['kind']) : undefined;
      const userId = typeof ctx.query.userId === 'string' ? ctx.query.userId : undefined;
      ctx.body = { messages: simulator.messages({ ...(kind ? { kind } : {}), ...(userId ? { userId } : {}) }) };
    });
    router.delete('/messages', (ctx) => {
      state.messages.length = 0;
      ctx.status = 204;
    });
    router.post('/auth-codes', (ctx) => {
      const code = state.issueAuthCode(String(input(ctx).userId ?? ''));
      ctx.body = { code, expiresInSeconds: Math.round((options.authCodeTtlMs ?? 300_000) / 1000) };
    });
    router.post('/events', async (ctx) => {
      const body = input(ctx);
      if (typeof body.eventType !== 'string' || body.data === null || typeof body.data !== 'object') {
        throw new Error('eventType (string) and data (object) are required');
      }
      ctx.body = await deliverEvent({
        eventType: body.eventType,
        data: body.data as Record<string, unknown>,
        ...(typeof body.eventId === 'string' ? { eventId: body.eventId } : {}),
        ...(body.legacy === true ? { legacy: true } : {}),
      });
    });
    router.post('/messages/read', (ctx) => {
      const body = input(ctx);
      state.markNoticeRead(Number(body.taskId), String(body.userId ?? ''));
      ctx.status = 204;
    });
    router.post('/calendar/events', (ctx) => {
      const body = input(ctx);
      ctx.body = state.saveCalendarEvent({
        ...(typeof body.id === 'string' ? { id: body.id } : {}),
        organizerUserId: String(body.organizerUserId ?? ''),
        summary: String(body.summary ?? ''),
        ...(typeof body.description === 'string' ? { description: body.description } : {}),
        start: String(body.start ?? ''),
        end: String(body.end ?? ''),
        ...(typeof body.location === 'string' ? { location: body.location } : {}),
        attendeeUserIds: Array.isArray(body.attendeeUserIds) ? body.attendeeUserIds.map(String) : [],
        ...(body.status === 'cancelled' ? { status: 'cancelled' as const } : {}),
      });
    });
    router.get('/deliveries', (ctx) => {
      ctx.body = { deliveries };
    });
    router.put('/event-mode', (ctx) => {
      const body = input(ctx);
      if (body.mode !== 'stream' && body.mode !== 'http') throw new Error('mode must be "stream" or "http"');
      simulator.setEventMode(body.mode, typeof body.callbackUrl === 'string' ? body.callbackUrl : undefined);
      ctx.body = { eventMode, callbackUrl: pusher.url ?? null };
    });
    router.post('/check-url', async (ctx) => {
      ctx.body = await pusher.pushOnce({ EventType: 'check_url' });
    });
    router.post('/tokens/expire', (ctx) => {
      state.expireTokens();
      ctx.status = 204;
    });
    router.post('/faults', (ctx) => {
      const body = input(ctx);
      const kind = body.kind ?? 'throttle';
      if (typeof body.path !== 'string' || (kind !== 'throttle' && kind !== 'busy' && kind !== 'token_expired')) {
        throw new Error('path (string) and kind (throttle | busy | token_expired) are required');
      }
      state.addFault(body.path, kind, Number(body.times ?? 1));
      ctx.status = 204;
    });
    router.post('/stream/drop', (ctx) => {
      gateway.dropConnections();
      ctx.status = 204;
    });
    router.post('/stream/disconnect', (ctx) => {
      gateway.sendDisconnect();
      ctx.status = 204;
    });
    router.get('/instances', (ctx) => {
      ctx.body = {
        instances: [...state.instances.keys()].map((id) => ({ processInstanceId: id, ...state.instanceView(id) })),
      };
    });
    router.post('/instances', (ctx) => {
      const body = input(ctx);
      const form = (body.form ?? {}) as Record<string, unknown>;
      const processInstanceId = state.startInstance({
        processCode: String(body.processCode ?? ''),
        originatorUserId: String(body.originatorUserId ?? ''),
        formComponentValues: Object.entries(form).map(([name, value]) => ({ name, value: String(value) })),
      });
      ctx.body = { processInstanceId };
    });
    router.post('/instances/terminate', (ctx) => {
      const body = input(ctx);
      state.terminateInstance(
        String(body.processInstanceId ?? ''),
        typeof body.operatingUserId === 'string' ? body.operatingUserId : undefined,
        typeof body.remark === 'string' ? body.remark : undefined,
      );
      ctx.body = { ok: true };
    });
    router.put('/event-hold', (ctx) => {
      const body = input(ctx);
      if (typeof body.hold !== 'boolean') throw new Error('hold (boolean) is required');
      simulator.holdEvents(body.hold);
      ctx.body = { hold: body.hold, held: held.length };
    });
    router.get('/held-events', (ctx) => {
      ctx.body = { events: simulator.heldEvents() };
    });
    router.post('/held-events/release', (ctx) => {
      const eventIds = held.map((event) => event.eventId);
      void simulator.releaseHeldEvents();
      ctx.body = { released: eventIds };
    });
    router.delete('/held-events', (ctx) => {
      ctx.body = { dropped: simulator.dropHeldEvents() };
    });
    router.post('/tasks/execute', (ctx) => {
      const body = input(ctx);
      state.executeTask({
        processInstanceId: String(body.processInstanceId ?? ''),
        taskId: Number(body.taskId),
        actionerUserId: String(body.actionerUserId ?? ''),
        result: String(body.result ?? ''),
        ...(typeof body.remark === 'string' ? { remark: body.remark } : {}),
      });
      ctx.body = { ok: true };
    });
    return router;
  }

  return simulator;
}
