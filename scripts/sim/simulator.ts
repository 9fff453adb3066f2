/**
 * A local DingTalk for tests, the demo and people: one HTTP server answering the old (`oapi`) and new (`/v1.0`)
 * APIs, a Stream gateway on the same port (`ws://…/connect`), an HTTP pusher for callback mode, and a control API
 * under `/__sim` (control-routes.ts). Usable in-process (`startSimulator`) or standalone
 * (`npx duban sim --port 4010`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { type Logger, silentLogger } from '../../bot-server/dingtalk/logger';
import { controlRoutes } from './control-routes';
import { dingtalkRoutes, unknownApi } from './dingtalk-routes';
import { EventDispatch } from './event-dispatch';
import { HttpPusher } from './http-push';
import type { Simulator, SimulatorOptions } from './simulator-api';
import { SimulatorState } from './state';
import { StreamGateway } from './stream-gateway';

export type { DeliveryRecord, EventInput, EventMode, HeldEvent } from './event-dispatch';
export type { OrgSeed } from './org';
export type { Simulator, SimulatorOptions } from './simulator-api';

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

/** The settings `startSimulator` resolves from its options and `SIM_DEFAULTS`. */
interface Resolved {
  now: () => number;
  logger: Logger;
  corpId: string;
  appKey: string;
  appSecret: string;
  agentId: number;
  callbackToken: string;
  callbackAesKey: string;
}

function settingsOf(options: SimulatorOptions): Resolved {
  return {
    now: options.now ?? Date.now,
    logger: options.logger ?? silentLogger,
    corpId: options.org.corpId ?? options.corpId ?? SIM_DEFAULTS.corpId,
    appKey: options.appKey ?? SIM_DEFAULTS.appKey,
    appSecret: options.appSecret ?? SIM_DEFAULTS.appSecret,
    agentId: options.agentId ?? SIM_DEFAULTS.agentId,
    callbackToken: options.callback?.token ?? SIM_DEFAULTS.callbackToken,
    callbackAesKey: options.callback?.aesKey ?? SIM_DEFAULTS.callbackAesKey,
  };
}

/** The two ways events reach the app: the Stream gateway and the HTTP pusher. */
function createDispatch(options: SimulatorOptions, resolved: Resolved): EventDispatch {
  const { now, logger, corpId, appKey, appSecret } = resolved;
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
      token: resolved.callbackToken,
      aesKey: resolved.callbackAesKey,
      ownerKey: appKey,
      retryDelaysMs: options.callback?.retryDelaysMs ?? [1000, 5000, 30_000],
      timeoutMs: options.callback?.timeoutMs ?? 1500,
      now,
    },
    options.callback?.url,
  );
  return new EventDispatch({ gateway, pusher, corpId, mode: options.eventMode ?? 'stream', now, logger });
}

/** Serves `app` and the Stream gateway's WebSocket upgrades on one port; resolves with the base URL. */
async function listen(
  app: Koa,
  gateway: StreamGateway,
  port: number,
  hostname: string,
): Promise<{ server: Server; url: string }> {
  const server: Server = createServer(app.callback());
  server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://sim').pathname === '/connect') gateway.handleUpgrade(request, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  gateway.endpoint = `ws://${host}:${address.port}/connect`;
  return { server, url: `http://${host}:${address.port}` };
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const resolved = settingsOf(options);
  const { now, corpId, appKey, appSecret, agentId } = resolved;
  const dispatch = createDispatch(options, resolved);
  const gateway = dispatch.gateway;
  const authCodeTtlMs = options.authCodeTtlMs ?? 5 * 60_000;
  const state = new SimulatorState({
    corpId,
    app: { appKey, appSecret, agentId, robotCode: options.robotCode ?? appKey },
    org: options.org,
    groupRobots: options.groupRobots ?? [],
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
    authCodeTtlMs,
    qpsLimit: options.qpsLimit ?? 20,
    now,
    onEvent: (eventType, data) => dispatch.emit(eventType, data),
  });

  const app = new Koa();
  app.use(unknownApi);
  app.use(bodyParser({ enableTypes: ['json', 'form'] }));
  app.use(controlRoutes(() => simulator, dispatch, authCodeTtlMs).routes());
  app.use(dingtalkRoutes(state, gateway).routes());
  const { server, url } = await listen(app, gateway, options.port ?? 0, options.host ?? '127.0.0.1');

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
      DINGTALK_EVENT_MODE: dispatch.mode,
      DINGTALK_CALLBACK_TOKEN: resolved.callbackToken,
      DINGTALK_CALLBACK_AES_KEY: resolved.callbackAesKey,
      DINGTALK_API_BASE: url,
      DINGTALK_OAPI_BASE: url,
    },
    state,
    gateway,
    deliveries: dispatch.deliveries,
    get eventMode() {
      return dispatch.mode;
    },
    deliverEvent: (input) => dispatch.deliver(input),
    setEventMode(mode, callbackUrl) {
      dispatch.setMode(mode, callbackUrl);
      simulator.settings.DINGTALK_EVENT_MODE = mode;
    },
    async checkCallbackUrl() {
      return (await dispatch.checkUrl()).ok;
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
    holdEvents: (on) => dispatch.hold(on),
    heldEvents: () => dispatch.heldEvents(),
    releaseHeldEvents: () => dispatch.releaseHeld(),
    dropHeldEvents: () => dispatch.dropHeld(),
    settled: () => dispatch.settled(),
    async close() {
      await dispatch.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return simulator;
}
