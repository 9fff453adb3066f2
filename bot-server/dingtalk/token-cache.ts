/**
 * The app access token, cached per app (docs/dingtalk.md §4.1): 7200 s lifetime, fetching again while valid returns the
 * same token extended, refresh ~10 min before expiry, never fetch per call (token fetches are throttled too).
 * One token serves both API styles: new APIs take it in `x-acs-dingtalk-access-token`, old ones in
 * `?access_token=` (the same section), so one cache per app is enough.
 */
import { oapiError, openApiError } from './api-errors';
import { DINGTALK_API_BASE, DINGTALK_OAPI_BASE } from './constants';
import { DingTalkApiError } from './errors';
import { type FetchLike, requestJson } from './http-json';
import { describeError, type Logger, silentLogger } from './logger';

export interface TokenSource {
  /** A token valid for at least a little longer; concurrent callers share one fetch. */
  get(): Promise<string>;
  /** Forget `token` after DingTalk rejected it (a newer token is kept). */
  invalidate(token: string): void;
}

export interface AccessTokenCacheOptions {
  appKey: string;
  appSecret: string;
  /**
   * `oauth2` = `POST {apiBase}/v1.0/oauth2/accessToken` (recommended);
   * `gettoken` = `GET {oapiBase}/gettoken?appkey&appsecret` (legacy, same token semantics). Default `oauth2`.
   */
  endpoint?: 'oauth2' | 'gettoken';
  apiBase?: string;
  oapiBase?: string;
  /** Refresh this long before expiry. Default 10 minutes (docs/dingtalk.md §4.1). */
  refreshMarginMs?: number;
  timeoutMs?: number;
  now?: () => number;
  fetch?: FetchLike;
  logger?: Logger;
}

interface CachedToken {
  token: string;
  /** From here on, `get` refreshes: the margin before expiry, or half the lifetime for short-lived tokens. */
  refreshAt: number;
  expiresAt: number;
}

export class AccessTokenCache implements TokenSource {
  private readonly options: AccessTokenCacheOptions;
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly refreshMarginMs: number;
  private cached: CachedToken | undefined;
  private inFlight: Promise<CachedToken> | undefined;

  constructor(options: AccessTokenCacheOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.refreshMarginMs = options.refreshMarginMs ?? 10 * 60 * 1000;
  }

  async get(): Promise<string> {
    const now = this.now();
    const cached = this.cached;
    if (cached && now < cached.refreshAt) return cached.token;
    if (cached && now < cached.expiresAt) {
      // Inside the refresh margin: refresh, but a failed refresh must not fail a call the old token can still make.
      try {
        return (await this.fetchOnce()).token;
      } catch (err) {
        this.logger.warn(
          { appKey: this.options.appKey, ...describeError(err) },
          'token refresh failed; using the old token',
        );
        return cached.token;
      }
    }
    return (await this.fetchOnce()).token;
  }

  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  /** Single flight: at most one token request is out at any time. */
  private fetchOnce(): Promise<CachedToken> {
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchToken(): Promise<CachedToken> {
    const startedAt = this.now();
    const { token, expiresInSeconds } =
      this.options.endpoint === 'gettoken' ? await this.fetchLegacy() : await this.fetchOAuth2();
    const lifetimeMs = expiresInSeconds * 1000;
    const expiresAt = startedAt + lifetimeMs;
    const fresh = { token, expiresAt, refreshAt: expiresAt - Math.min(this.refreshMarginMs, lifetimeMs / 2) };
    this.cached = fresh;
    this.logger.debug({ appKey: this.options.appKey, expiresInSeconds }, 'fetched a DingTalk access token');
    return fresh;
  }

  /** `POST /v1.0/oauth2/accessToken {appKey, appSecret}` → `{accessToken, expireIn}` (docs/dingtalk.md §4.1). */
  private async fetchOAuth2(): Promise<{ token: string; expiresInSeconds: number }> {
    const api = '/v1.0/oauth2/accessToken';
    const response = await requestJson({
      method: 'POST',
      url: `${this.options.apiBase ?? DINGTALK_API_BASE}${api}`,
      api,
      body: { appKey: this.options.appKey, appSecret: this.options.appSecret },
      timeoutMs: this.options.timeoutMs ?? 10_000,
      fetch: this.options.fetch,
    });
    if (response.status >= 400) throw openApiError(api, response.status, response.body);
    const body = response.body as { accessToken?: unknown; expireIn?: unknown } | undefined;
    return this.checked(api, response.status, body?.accessToken, body?.expireIn);
  }

  /** `GET /gettoken?appkey&appsecret` → `{errcode:0, access_token, expires_in}` (docs/dingtalk.md §4.1). */
  private async fetchLegacy(): Promise<{ token: string; expiresInSeconds: number }> {
    const api = '/gettoken';
    const query = new URLSearchParams({ appkey: this.options.appKey, appsecret: this.options.appSecret });
    const response = await requestJson({
      method: 'GET',
      url: `${this.options.oapiBase ?? DINGTALK_OAPI_BASE}${api}?${query}`,
      api,
      timeoutMs: this.options.timeoutMs ?? 10_000,
      fetch: this.options.fetch,
    });
    const error = oapiError(api, response.status, response.body);
    if (error) throw error;
    const body = response.body as { access_token?: unknown; expires_in?: unknown };
    return this.checked(api, response.status, body.access_token, body.expires_in);
  }

  private checked(api: string, httpStatus: number, token: unknown, expiresIn: unknown) {
    const expiresInSeconds = Number(expiresIn);
    if (typeof token !== 'string' || token.length === 0 || !(expiresInSeconds > 0)) {
      throw new DingTalkApiError('api_bad_response', `${api}: the answer has no token or lifetime`, {
        api,
        httpStatus,
      });
    }
    return { token, expiresInSeconds };
  }
}
