/**
 * DingTalk's two answer styles (docs/dingtalk.md §8.1): old oapi answers HTTP 200 with `{errcode, errmsg, request_id}`
 * (errcode 0 = ok); new api answers 2xx with the bare result, or 4xx/5xx with `{code, message, requestid}`.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

/** A refusal of an old-style (`oapi`) endpoint. `extra` carries e.g. `sub_code`/`sub_msg` of errcode 88. */
export class OapiFailure extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${errcode} ${errmsg}`);
  }
}

/** A refusal of a new-style (`/v1.0`) endpoint. */
export class OpenApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    override readonly message: string,
  ) {
    super(message);
  }
}

export function requestId(): string {
  return randomBytes(9).toString('base64url').toLowerCase();
}

export function oapiOk(ctx: Context, fields: Record<string, unknown>): void {
  ctx.status = 200;
  ctx.body = { errcode: 0, errmsg: 'ok', ...fields, request_id: requestId() };
}

export function oapiFail(ctx: Context, failure: OapiFailure): void {
  ctx.status = 200;
  ctx.body = { errcode: failure.errcode, errmsg: failure.errmsg, ...failure.extra, request_id: requestId() };
}

export function openApiOk(ctx: Context, body: Record<string, unknown>): void {
  ctx.status = 200;
  ctx.body = body;
}

export function openApiFail(ctx: Context, failure: OpenApiFailure): void {
  ctx.status = failure.status;
  ctx.body = { code: failure.code, message: failure.message, requestid: requestId() };
}

/** Old-style token refusal as DingTalk answers it today: errcode 88 wrapping 40014 (docs/dingtalk.md §8.4). */
export const OAPI_BAD_TOKEN = new OapiFailure(88, 'ding talk error[subcode=40014,submsg=不合法的access_token]', {
  sub_code: '40014',
  sub_msg: '不合法的access_token',
});

/** New-style token refusal: HTTP 400 `InvalidAuthentication` (docs/dingtalk.md §4.1). */
export const OPENAPI_BAD_TOKEN = new OpenApiFailure(400, 'InvalidAuthentication', '不合法的access_token');
export const OPENAPI_NO_TOKEN = new OpenApiFailure(
  400,
  'AuthenticationFailed.MissingParameter',
  '缺少参数：x-acs-dingtalk-access-token',
);

/** Throttling answers (docs/dingtalk.md §8.2: 90018 / Forbidden.AccessDenied.QpsLimitForAppkeyAndApi). */
export const OAPI_THROTTLED = new OapiFailure(90018, '当前应用调用该接口的并发量已经超过上限');
export const OPENAPI_THROTTLED = new OpenApiFailure(
  403,
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
  '当前应用调用该接口的并发量已经超过上限',
);
/** Busy answers (docs/dingtalk.md §8.4: -1 系统繁忙 / 5xx systemError). */
export const OAPI_BUSY = new OapiFailure(-1, '系统繁忙');
export const OPENAPI_BUSY = new OpenApiFailure(500, 'systemError', '系统繁忙');
