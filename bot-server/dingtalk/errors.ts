/**
 * Errors raised by the DingTalk area. Every error carries a stable `code` that callers switch on and that
 * HTTP answers expose; messages never contain secrets (tokens, AES keys, app secrets, access tokens in URLs).
 */

export type DingTalkErrorCode =
  /** A setting is missing or malformed (e.g. an AES key that is not 43 characters). */
  | 'config_invalid'
  /** HTTP push: the signature does not match (or the signature/timestamp/nonce parameters are missing). */
  | 'callback_bad_signature'
  /** HTTP push: a signature, timestamp or nonce parameter is given more than once. */
  | 'callback_bad_query'
  /** HTTP push: the signed timestamp is not a time, or lies outside the window we accept. */
  | 'callback_bad_timestamp'
  /** HTTP push: the decrypted owner key is not our AppKey (DingTalk SDK error 900010). */
  | 'callback_bad_owner'
  /** HTTP push: the decrypted event names another organisation (its `CorpId` is not our DINGTALK_CORP_ID). */
  | 'callback_foreign_corp'
  /** HTTP push: the body could not be read to its end (the sender broke off). */
  | 'callback_body_unreadable'
  /** HTTP push: the body is not JSON. */
  | 'callback_not_json'
  /** HTTP push: the JSON body has no `encrypt` string. */
  | 'callback_no_encrypt'
  /** HTTP push: `encrypt` does not decrypt to a well-framed message. */
  | 'callback_undecryptable'
  /** HTTP push: the decrypted message is not a JSON object with an `EventType`, or not one the inbox can hold. */
  | 'callback_bad_event'
  /** HTTP push: the body, or the event in it, is larger than we accept. */
  | 'callback_too_large'
  /** API: DingTalk kept throttling after our retries (QPS/QPM limits). */
  | 'api_throttled'
  /** API: DingTalk rejected the access token even after one refetch. */
  | 'api_token_expired'
  /** API: the app key / app secret pair is wrong. */
  | 'api_bad_credentials'
  /** API: a free-login code is unknown, used or expired (errcode 40078). */
  | 'api_auth_code_invalid'
  /** API: the monthly call quota of the organisation is used up (90020). */
  | 'api_quota_exhausted'
  /** API: DingTalk stayed busy (errcode -1, systemError, 5xx) after our retries. */
  | 'api_busy'
  /** API: no answer (network error or timeout). */
  | 'api_unreachable'
  /** API: the answer is not the JSON we expect. */
  | 'api_bad_response'
  /** API: any other refusal; see `errcode`. */
  | 'api_error'
  /** A message we were asked to build or send breaks DingTalk's rules (size, recipients, fields). */
  | 'message_invalid'
  /** Stream: the gateway refused to open a connection (bad credentials or a bad answer). */
  | 'stream_connect_failed';

export class DingTalkError extends Error {
  override name = 'DingTalkError';
  readonly code: DingTalkErrorCode;

  constructor(code: DingTalkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A rejected HTTP push. `status` is the HTTP status we answer with (always 4xx). */
export class CallbackError extends DingTalkError {
  override name = 'CallbackError';
  readonly status: number;

  constructor(code: DingTalkErrorCode, status: number, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.status = status;
  }
}

export interface ApiErrorDetails {
  /** Which API failed: its path, never its full URL (the URL may carry an access token). */
  api: string;
  /** HTTP status of DingTalk's answer, when there was one. */
  httpStatus?: number;
  /** DingTalk's own code: `errcode` (old oapi, number) or `code` (new api, string). */
  errcode?: number | string;
  /** The `sub_code` of an old-style errcode 88 answer, when present. */
  subCode?: string;
  /** `request_id` / `requestid` from the answer, for DingTalk support. */
  requestId?: string;
  /** Whether retrying later can succeed. */
  retryable?: boolean;
}

/** DingTalk (or the network on the way) refused an API call. */
export class DingTalkApiError extends DingTalkError {
  override name = 'DingTalkApiError';
  readonly api: string;
  readonly httpStatus: number | undefined;
  readonly errcode: number | string | undefined;
  readonly subCode: string | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;

  constructor(code: DingTalkErrorCode, message: string, details: ApiErrorDetails, options?: { cause?: unknown }) {
    super(code, message, options);
    this.api = details.api;
    this.httpStatus = details.httpStatus;
    this.errcode = details.errcode;
    this.subCode = details.subCode;
    this.requestId = details.requestId;
    this.retryable = details.retryable ?? false;
  }
}

export function isDingTalkError(err: unknown): err is DingTalkError {
  return err instanceof DingTalkError;
}
