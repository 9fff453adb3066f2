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

/** Old style: valid `access_token` (query, or form body as the official curl samples send it), faults, QPS. */
export function oapiGuard(state: SimulatorState): Middleware {
  return async (ctx: Context, next: Next) => {
    const token = queryString(ctx, 'access_token') ?? (body(ctx).access_token as string | undefined);
    if (!state.tokenValid(token)) throw OAPI_BAD_TOKEN;
    const fault = state.takeFault(ctx.path);
    if (fault === 'token_expired') throw OAPI_BAD_TOKEN;
    if (fault === 'throttle' || state.overQps(ctx.path)) throw OAPI_THROTTLED;
    if (fault === 'busy') throw OAPI_BUSY;
    await next();
  };
}

/** New style: only the header counts (docs/dingtalk.md §4.1; a query token is "missing"). */
export function openApiGuard(state: SimulatorState): Middleware {
  return async (ctx: Context, next: Next) => {
    const token = ctx.get(ACCESS_TOKEN_HEADER);
    if (!token) throw OPENAPI_NO_TOKEN;
    if (!state.tokenValid(token)) throw OPENAPI_BAD_TOKEN;
    const fault = state.takeFault(ctx.path);
    if (fault === 'token_expired') throw OPENAPI_BAD_TOKEN;
    if (fault === 'throttle' || state.overQps(ctx.path)) throw OPENAPI_THROTTLED;
    if (fault === 'busy') throw OPENAPI_BUSY;
    await next();
  };
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
