/**
 * The DingTalk area's public surface, and the two wiring helpers the server uses: one set of API clients per
 * app, and the event receiver for the configured push mode. Everything takes its settings as arguments; nothing
 * here reads the environment.
 */
import { HttpCallbackReceiver } from './http-receiver';
import type { Logger } from './logger';
import { MessageSender } from './message-sender';
import { OapiClient } from './oapi-client';
import { OpenApiClient } from './openapi-client';
import { apiRateLimiter } from './rate-limiter';
import type { EventSink } from './receiver';
import { type StreamCallbackHandler, StreamReceiver } from './stream-receiver';
import { AccessTokenCache } from './token-cache';

export * from './callback-crypto';
export * from './constants';
export * from './errors';
export * from './http-receiver';
export * from './jsapi-signature';
export * from './logger';
export * from './message-sender';
export * from './messages';
export * from './oapi-client';
export * from './openapi-client';
export * from './rate-limiter';
export * from './receiver';
export * from './stream-receiver';
export * from './token-cache';

/** The `dingtalk` block of the server config (DINGTALK_* variables). */
export interface DingTalkSettings {
  corpId: string;
  appKey: string;
  appSecret: string;
  agentId: string | number;
  eventMode: 'stream' | 'http';
  callbackToken: string;
  callbackAesKey: string;
  apiBase: string;
  oapiBase: string;
}

export interface DingTalkClients {
  tokens: AccessTokenCache;
  oapi: OapiClient;
  openApi: OpenApiClient;
  sender: MessageSender;
}

/** Token cache, API clients and message sender for one app; they share the token and the per-API rate limits. */
export function createDingTalkClients(settings: DingTalkSettings, options: { logger?: Logger } = {}): DingTalkClients {
  const tokens = new AccessTokenCache({
    appKey: settings.appKey,
    appSecret: settings.appSecret,
    apiBase: settings.apiBase,
    oapiBase: settings.oapiBase,
    logger: options.logger,
  });
  const limiter = apiRateLimiter();
  const oapi = new OapiClient({ tokens, oapiBase: settings.oapiBase, limiter, logger: options.logger });
  const openApi = new OpenApiClient({ tokens, apiBase: settings.apiBase, limiter, logger: options.logger });
  const sender = new MessageSender({
    oapi,
    openApi,
    agentId: settings.agentId,
    robotCode: settings.appKey,
    oapiBase: settings.oapiBase,
  });
  return { tokens, oapi, openApi, sender };
}

export interface EventReceiverOptions {
  sink: EventSink;
  logger?: Logger;
  /** Stream mode only: CALLBACK handlers by topic (robot messages, card callbacks). */
  callbacks?: Record<string, StreamCallbackHandler>;
}

/**
 * The receiver of the configured push mode. HTTP: mount `receiver.routes()` in the Koa app, then `start()`.
 * Stream: `start()` resolves once connected (it keeps retrying meanwhile; rejects on refused credentials).
 */
export function createEventReceiver(
  settings: DingTalkSettings,
  options: EventReceiverOptions,
): HttpCallbackReceiver | StreamReceiver {
  if (settings.eventMode === 'http') {
    return new HttpCallbackReceiver({
      token: settings.callbackToken,
      aesKey: settings.callbackAesKey,
      appKey: settings.appKey,
      corpId: settings.corpId,
      sink: options.sink,
      logger: options.logger,
    });
  }
  return new StreamReceiver({
    clientId: settings.appKey,
    clientSecret: settings.appSecret,
    apiBase: settings.apiBase,
    corpId: settings.corpId,
    sink: options.sink,
    logger: options.logger,
    callbacks: options.callbacks,
  });
}
