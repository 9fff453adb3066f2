/**
 * The simulated DingTalk endpoints: old `oapi` (token in `?access_token=`, HTTP 200 + errcode) and new `/v1.0`
 * (token in `x-acs-dingtalk-access-token`, 4xx/5xx + `{code, message, requestid}`). The endpoint list is the
 * simulator checklist of docs/dingtalk.md §10; shapes are those of its §4–§7.
 */
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { OAPI_BUSY, OapiFailure, OpenApiFailure, oapiFail, openApiFail } from './envelopes';
import { approvalRoutes } from './routes-approvals';
import { authRoutes } from './routes-auth';
import { calendarRoutes } from './routes-calendar';
import { contactRoutes } from './routes-contacts';
import { messageRoutes } from './routes-messages';
import { todoRoutes } from './routes-todo';
import type { SimulatorState } from './state';
import { permissionGuard } from './state-permissions';
import type { StreamGateway } from './stream-gateway';

/** Translates failures thrown by the state into the envelope of the API style at hand. */
async function envelopes(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (err) {
    if (err instanceof OapiFailure) oapiFail(ctx, err);
    else if (err instanceof OpenApiFailure) openApiFail(ctx, err);
    else if (ctx.path.startsWith('/v1.0/')) openApiFail(ctx, new OpenApiFailure(500, 'systemError', '系统繁忙'));
    else oapiFail(ctx, OAPI_BUSY);
  }
}

export function dingtalkRoutes(state: SimulatorState, gateway: StreamGateway): Router {
  const router = new Router();
  router.use(envelopes);
  router.use(permissionGuard(state));
  authRoutes(router, state, gateway);
  contactRoutes(router, state);
  messageRoutes(router, state);
  calendarRoutes(router, state);
  approvalRoutes(router, state);
  todoRoutes(router, state);
  return router;
}

/** After every router: an unknown path gets its style's "no such API" answer (old style: observed errcode 404). */
export async function unknownApi(ctx: Context, next: Next): Promise<void> {
  await next();
  if (ctx.status !== 404 || ctx.body !== undefined) return;
  if (ctx.path.startsWith('/v1.0/'))
    openApiFail(ctx, new OpenApiFailure(404, 'NotFound', `no such API: ${ctx.method} ${ctx.path}`));
  else oapiFail(ctx, new OapiFailure(404, '请求的URI地址不存在'));
}
