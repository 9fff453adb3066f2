/**
 * DingTalk's side of HTTP event push: encrypt the event, POST it to the app's callback URL, and count the push as
 * delivered only if the answer decrypts to "success" (docs/dingtalk.md §1.2, §1.6; section numbers below are that
 * file's). Retries when it does not; DingTalk's real retry schedule is undocumented (§1.9, §11), so the delays are
 * a setting.
 */
import { CallbackCrypto, randomNonce } from '../../bot-server/dingtalk/callback-crypto';

export interface HttpPushOptions {
  token: string;
  aesKey: string;
  /** The owner key DingTalk frames with: the AppKey for console subscriptions (docs/dingtalk.md §1.1). */
  ownerKey: string;
  /** Delays before each retry; the number of entries is the number of retries. */
  retryDelaysMs: number[];
  /** DingTalk's client timeout is about 1.5 s (docs/dingtalk.md §1.8). */
  timeoutMs: number;
  now: () => number;
}

export interface PushAttempt {
  at: string;
  /** HTTP status, or 0 when there was no answer. */
  status: number;
  ok: boolean;
  /** Why the answer did not count as success. */
  reason?: string;
}

export class HttpPusher {
  url: string | undefined;
  private readonly crypto: CallbackCrypto;
  private readonly options: HttpPushOptions;

  constructor(options: HttpPushOptions, url?: string) {
    this.options = options;
    this.url = url;
    this.crypto = new CallbackCrypto({ token: options.token, aesKey: options.aesKey, ownerKey: options.ownerKey });
  }

  /** Pushes `plaintext` until acknowledged or out of retries; `attempts` tells what happened. */
  async push(plaintext: Record<string, unknown>, attempts: PushAttempt[], shouldStop: () => boolean): Promise<boolean> {
    for (let retry = 0; ; retry++) {
      const attempt = await this.pushOnce(plaintext);
      attempts.push(attempt);
      if (attempt.ok) return true;
      const delay = this.options.retryDelaysMs[retry];
      if (delay === undefined || shouldStop()) return false;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** One POST with both signature parameter spellings, as a real push carried them (docs/dingtalk.md §1.2). */
  async pushOnce(plaintext: Record<string, unknown>): Promise<PushAttempt> {
    const at = new Date(this.options.now()).toISOString();
    if (!this.url) return { at, status: 0, ok: false, reason: 'no callback URL configured' };
    const encrypt = this.crypto.seal(JSON.stringify(plaintext));
    const timestamp = String(this.options.now());
    const nonce = randomNonce(8);
    const signature = this.crypto.sign(timestamp, nonce, encrypt);
    const query = new URLSearchParams({ signature, msg_signature: signature, timestamp, nonce });
    const separator = this.url.includes('?') ? '&' : '?';
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.url}${separator}${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ encrypt }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      return { at, status: 0, ok: false, reason: err instanceof Error ? err.name : 'no answer' };
    }
    const reason = this.judgeAnswer(response.status, text);
    return reason === undefined
      ? { at, status: response.status, ok: true }
      : { at, status: response.status, ok: false, reason };
  }

  /** `undefined` when the answer is the encrypted success map (§1.6); otherwise what is wrong with it. */
  private judgeAnswer(status: number, text: string): string | undefined {
    if (status !== 200) return `HTTP ${status}`;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return 'answer is not JSON';
    }
    const { msg_signature: signature, timeStamp, nonce, encrypt } = body;
    if (
      typeof signature !== 'string' ||
      typeof timeStamp !== 'string' ||
      typeof nonce !== 'string' ||
      typeof encrypt !== 'string'
    ) {
      return 'answer lacks msg_signature/timeStamp/nonce/encrypt strings';
    }
    if (!this.crypto.verify(signature, timeStamp, nonce, encrypt)) return 'answer signature does not match';
    try {
      const { message } = this.crypto.open(encrypt);
      return message === 'success' ? undefined : `answer decrypts to "${message.slice(0, 40)}"`;
    } catch (err) {
      return `answer cannot be decrypted (${err instanceof Error ? err.message : 'error'})`;
    }
  }
}
