/**
 * Turns DingTalk's two error envelopes into `DingTalkApiError`s with stable codes (docs/dingtalk.md §8;
 * the § numbers below are that file's):
 * - old oapi: HTTP 200 `{errcode, errmsg, request_id?}` (errcode 0 = ok); errcode 88 wraps the real cause in
 *   `sub_code`/`sub_msg` (field names from logged real answers, e.g. `{"errcode":88,"sub_code":"40014",
 *   "sub_msg":"不合法的access_token"}`; no DingTalk page names them, §11);
 * - new api: HTTP 4xx/5xx `{code, message, requestid}`.
 */
import { DingTalkApiError, type DingTalkErrorCode } from './errors';

interface Classification {
  code: DingTalkErrorCode;
  retryable: boolean;
}

/** Old-style errcodes (§8.2–§8.4, §4.1, §6.3; DingTalk's global error-code table). */
const OAPI_CODES: ReadonlyMap<number, Classification> = new Map([
  // 不合法的access_token / access_token 超时 / 不合法的 secret-derived token: drop the token and refetch once.
  [40014, { code: 'api_token_expired', retryable: false }],
  [42001, { code: 'api_token_expired', retryable: false }],
  [40001, { code: 'api_token_expired', retryable: false }],
  // QPS per app per API, global QPS per API, corp-level throttling (§8.2, §8.4).
  [90018, { code: 'api_throttled', retryable: true }],
  [90002, { code: 'api_throttled', retryable: true }],
  [90005, { code: 'api_throttled', retryable: true }],
  [90006, { code: 'api_throttled', retryable: true }],
  // 系统繁忙: retry, at most 3 times (§8.3).
  [-1, { code: 'api_busy', retryable: true }],
  // Monthly quota: retrying this month is pointless (§8.2).
  [90020, { code: 'api_quota_exhausted', retryable: false }],
  // 不存在的临时授权码: a free-login code that is unknown, used or expired (§6.3).
  [40078, { code: 'api_auth_code_invalid', retryable: false }],
  // 不合法的corpId或corpSecret (global table) / 不合法的appKey或appSecret (what /gettoken answers today).
  [40089, { code: 'api_bad_credentials', retryable: false }],
  [40096, { code: 'api_bad_credentials', retryable: false }],
]);

/** New-style codes (§8.2, §8.4, §4.1). Any other 5xx counts as busy. */
const OPENAPI_CODES: ReadonlyMap<string, Classification> = new Map([
  ['InvalidAuthentication', { code: 'api_token_expired', retryable: false }],
  ['Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', { code: 'api_throttled', retryable: true }],
  ['Forbidden.AccessDenied.QpmLimitForAppkeyAndApi', { code: 'api_throttled', retryable: true }],
  ['Forbidden.AccessDenied.QpsLimitForApi', { code: 'api_throttled', retryable: true }],
  ['Forbidden.AccessDenied.ApiCountLimitForOrg', { code: 'api_quota_exhausted', retryable: false }],
  ['invalidClientIdOrSecret', { code: 'api_bad_credentials', retryable: false }],
  ['systemError', { code: 'api_busy', retryable: true }],
  ['service.timeout', { code: 'api_busy', retryable: true }],
]);

const OTHER: Classification = { code: 'api_error', retryable: false };

function stringField(body: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = body[name];
    if (typeof value === 'string' && value.length > 0) return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

function asRecord(body: unknown): Record<string, unknown> | undefined {
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

/**
 * The error in an old-style answer, or `undefined` when `errcode` is 0. A body without a numeric `errcode`
 * is itself an error (`api_bad_response`).
 */
export function oapiError(api: string, httpStatus: number, body: unknown): DingTalkApiError | undefined {
  const record = asRecord(body);
  const errcode = record === undefined ? undefined : Number(record.errcode);
  if (record === undefined || errcode === undefined || !Number.isInteger(errcode)) {
    return new DingTalkApiError('api_bad_response', `${api}: HTTP ${httpStatus} without an errcode`, {
      api,
      httpStatus,
      retryable: httpStatus >= 500,
    });
  }
  if (errcode === 0) return undefined;
  const subCode = stringField(record, 'sub_code');
  const effective = errcode === 88 && subCode !== undefined && /^-?\d+$/.test(subCode) ? Number(subCode) : errcode;
  const { code, retryable } = OAPI_CODES.get(effective) ?? OTHER;
  const detail = stringField(record, 'sub_msg', 'errmsg') ?? 'no message';
  return new DingTalkApiError(code, `${api}: errcode ${errcode}${subCode ? `/${subCode}` : ''} ${detail}`, {
    api,
    httpStatus,
    errcode,
    ...(subCode === undefined ? {} : { subCode }),
    requestId: stringField(record, 'request_id', 'requestid'),
    retryable,
  });
}

/** The error of a new-style answer with HTTP status ≥ 400. */
export function openApiError(api: string, httpStatus: number, body: unknown): DingTalkApiError {
  const record = asRecord(body) ?? {};
  const errcode = stringField(record, 'code', 'Code');
  const known = errcode === undefined ? undefined : OPENAPI_CODES.get(errcode);
  const { code, retryable } = known ?? (httpStatus >= 500 ? { code: 'api_busy' as const, retryable: true } : OTHER);
  const detail = stringField(record, 'message', 'Message') ?? 'no message';
  return new DingTalkApiError(code, `${api}: HTTP ${httpStatus} ${errcode ?? ''} ${detail}`.replace(/\s+/g, ' '), {
    api,
    httpStatus,
    ...(errcode === undefined ? {} : { errcode }),
    requestId: stringField(record, 'requestid', 'requestId', 'RequestId'),
    retryable,
  });
}
