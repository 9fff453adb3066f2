/**
 * Credentials: the token endpoints (docs/dingtalk.md §4.1), the Stream gateway's ticket (§3.1), and the checks
 * every authenticated endpoint makes.
 */
import type Router from '@koa/router';
import type { Context, Middleware, Next } from 'koa';
import { ACCESS_TOKEN_HEADER } from '../../bot-server/dingtalk/constants';
import {
  OAPI_BAD_TOKEN,
  OAPI_BUSY,
  OAPI_THROTTLED,
  OapiFailure,
  OPENAPI_BAD_TOKEN,
  OPENAPI_BUSY,
  OPENAPI_NO_TOKEN,
  OPENAPI_THROTTLED,
  OpenApiFailure,
  openApiOk,
} from './envelopes';
import { body, queryString } from './request';
import type { SimulatorState } from './state';
import type { StreamGateway } from './stream-gateway';

/** How a guard refuses, in its API family's envelope. */
interface Refusals {
  badToken: Error;
  throttled: Error;
  busy: Error;
}

/** A valid token (as `tokenOf` reads it), then the fault injected for the path, or the QPS limit. */
function tokenGuard(
  state: SimulatorState,
  tokenOf: (ctx: Context) => string | undefined,
  refuse: Refusals,
): Middleware {
  return async (ctx: Context, next: Next) => {
    if (!state.tokenValid(tokenOf(ctx))) throw refuse.badToken;
    const fault = state.takeFault(ctx.path);
    if (fault === 'token_expired') throw refuse.badToken;
    if (fault === 'throttle' || state.overQps(ctx.path)) throw refuse.throttled;
    if (fault === 'busy') throw refuse.busy;
    await next();
  };
}

/** Old style: valid `access_token` (query, or form body as the official curl samples send it), faults, QPS. */
export function oapiGuard(state: SimulatorState): Middleware {
  return tokenGuard(
    state,
    (ctx) => queryString(ctx, 'access_token') ?? (body(ctx).access_token as string | undefined),
    {
      badToken: OAPI_BAD_TOKEN,
      throttled: OAPI_THROTTLED,
      busy: OAPI_BUSY,
    },
  );
}

/** New style: only the header counts (docs/dingtalk.md §4.1; a query token is "missing"). */
export function openApiGuard(state: SimulatorState): Middleware {
  const headerToken = (ctx: Context) => {
    const token = ctx.get(ACCESS_TOKEN_HEADER);
    if (!token) throw OPENAPI_NO_TOKEN;
    return token;
  };
  return tokenGuard(state, headerToken, {
    badToken: OPENAPI_BAD_TOKEN,
    throttled: OPENAPI_THROTTLED,
    busy: OPENAPI_BUSY,
  });
}

export function authRoutes(router: Router, state: SimulatorState, gateway: StreamGateway): void {
  // ---- tokens (docs/dingtalk.md §4.1) ----

  router.post('/v1.0/oauth2/accessToken', (ctx) => {
    const { appKey, appSecret } = body(ctx);
    const issued = state.issueToken(String(appKey ?? ''), String(appSecret ?? ''));
    if (!issued) throw new OpenApiFailure(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    openApiOk(ctx, { accessToken: issued.token, expireIn: issued.expiresIn });
  });

  router.get('/gettoken', (ctx) => {
    const appKey = queryString(ctx, 'appkey');
    const appSecret = queryString(ctx, 'appsecret');
    if (!appKey || !appSecret) throw new OapiFailure(40035, '缺少参数 corpid or appkey');
    const issued = state.issueToken(appKey, appSecret);
    if (!issued) throw new OapiFailure(40096, '不合法的appKey或appSecret');
    ctx.body = { errcode: 0, errmsg: 'ok', access_token: issued.token, expires_in: issued.expiresIn };
  });

  // ---- Stream gateway (docs/dingtalk.md §3.1) ----

  router.post('/v1.0/gateway/connections/open', (ctx) => {
    openApiOk(ctx, { ...gateway.openConnection(body(ctx)) });
  });
}
