/** The app's credentials (docs/dingtalk.md §4.1), the JSAPI ticket and the free-login codes. */
import { OapiFailure } from './envelopes';
import { randomAlnum } from './ids';
import type { SimUser } from './org';
import type { Directory } from './state-org';

export interface SimApp {
  appKey: string;
  appSecret: string;
  agentId: number;
  /** The enterprise robot of the app; DingTalk uses the AppKey (docs/dingtalk.md §5.2). */
  robotCode: string;
}

export interface CredentialsOptions {
  app: SimApp;
  directory: Directory;
  tokenTtlSeconds: number;
  authCodeTtlMs: number;
  now: () => number;
}

export class Credentials {
  private readonly options: CredentialsOptions;
  private token: { value: string; expiresAt: number } | undefined;
  private jsapi: { ticket: string; expiresAt: number } | undefined;
  private readonly authCodes = new Map<string, { userId: string; expiresAt: number }>();

  constructor(options: CredentialsOptions) {
    this.options = options;
  }

  private now(): number {
    return this.options.now();
  }

  /** The app token: the same value while valid, its lifetime extended on each fetch; `undefined` = bad credentials. */
  issueToken(appKey: string, appSecret: string): { token: string; expiresIn: number } | undefined {
    if (appKey !== this.options.app.appKey || appSecret !== this.options.app.appSecret) return undefined;
    const now = this.now();
    const expiresAt = now + this.options.tokenTtlSeconds * 1000;
    if (this.token && now < this.token.expiresAt) this.token.expiresAt = expiresAt;
    else this.token = { value: randomAlnum(32).toLowerCase(), expiresAt };
    return { token: this.token.value, expiresIn: this.options.tokenTtlSeconds };
  }

  tokenValid(token: string | undefined): boolean {
    return token !== undefined && this.token?.value === token && this.now() < this.token.expiresAt;
  }

  /** Every issued token stops working at once (as after expiry); the next fetch yields a new one. */
  expireTokens(): void {
    this.token = undefined;
  }

  /** JSAPI ticket: 7200 s, the same while valid (docs/dingtalk.md §6.7). */
  jsapiTicket(): { ticket: string; expiresIn: number } {
    const now = this.now();
    if (!this.jsapi || now >= this.jsapi.expiresAt) this.jsapi = { ticket: randomAlnum(64), expiresAt: now + 7200_000 };
    else this.jsapi.expiresAt = now + 7200_000;
    return { ticket: this.jsapi.ticket, expiresIn: 7200 };
  }

  // ---- free-login codes (docs/dingtalk.md §6.2: valid 5 minutes, single use) ----

  issueAuthCode(userId: string): string {
    if (!this.options.directory.users.has(userId)) throw new Error(`unknown user ${userId}`);
    const code = randomAlnum(32).toLowerCase();
    this.authCodes.set(code, { userId, expiresAt: this.now() + this.options.authCodeTtlMs });
    return code;
  }

  /** Consumes the code; 40078 when it is unknown, used or expired (docs/dingtalk.md §6.3). */
  redeemAuthCode(code: string): SimUser {
    const entry = this.authCodes.get(code);
    this.authCodes.delete(code);
    const user = entry && this.now() < entry.expiresAt ? this.options.directory.users.get(entry.userId) : undefined;
    if (!user) throw new OapiFailure(40078, '不存在的临时授权码');
    return user;
  }
}
