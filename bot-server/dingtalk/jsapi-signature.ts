/**
 * The `dd.config` signature for JSAPIs that need authentication (docs/dingtalk.md §6.7; `requestAuthCode` does not):
 * hex digest of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`. The URL is the page without its `#fragment`, with
 * its query decoded once (iOS hands over encoded URLs) and its port kept. Historical SDKs and the verified vector
 * use SHA-1, the current official page SHA-256 — which one DingTalk accepts today is UNCONFIRMED, so it is a
 * parameter.
 */
import { createHash } from 'node:crypto';

export interface JsapiSignatureInput {
  ticket: string;
  nonceStr: string;
  /** The `timeStamp` passed to `dd.config`, as a string or number (seconds or ms, signed as given). */
  timeStamp: string | number;
  url: string;
  algorithm?: 'sha1' | 'sha256';
}

/** The URL exactly as it must be signed: no fragment, query decoded once. */
export function urlForJsapiSignature(url: string): string {
  const withoutFragment = url.split('#', 1)[0] ?? '';
  const queryAt = withoutFragment.indexOf('?');
  if (queryAt < 0) return withoutFragment;
  const query = withoutFragment.slice(queryAt + 1);
  try {
    return `${withoutFragment.slice(0, queryAt)}?${decodeURIComponent(query)}`;
  } catch {
    return withoutFragment; // malformed escapes: sign what the client will send
  }
}

export function jsapiSignature(input: JsapiSignatureInput): string {
  const plain =
    `jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}` +
    `&timestamp=${input.timeStamp}&url=${urlForJsapiSignature(input.url)}`;
  return createHash(input.algorithm ?? 'sha1')
    .update(plain, 'utf8')
    .digest('hex');
}
