/** A JSON-over-HTTP call with a timeout, for the hand-written DingTalk clients (Node's global fetch). */
import { DingTalkApiError } from './errors';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface JsonRequest {
  method: 'GET' | 'POST';
  /** Full URL; it may carry `?access_token=` and is therefore never logged or put into an error. */
  url: string;
  /** Label for errors and logs: the API path. */
  api: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  fetch?: FetchLike;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

export async function requestJson(request: JsonRequest): Promise<JsonResponse> {
  const fetchImpl = request.fetch ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        ...request.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    throw new DingTalkApiError(
      'api_unreachable',
      `${request.api}: no answer from DingTalk (${err instanceof Error ? err.name : 'error'})`,
      { api: request.api, retryable: true },
      { cause: err },
    );
  }
  try {
    return { status: response.status, body: text.length === 0 ? undefined : JSON.parse(text) };
  } catch (err) {
    throw new DingTalkApiError(
      'api_bad_response',
      `${request.api}: HTTP ${response.status} with a body that is not JSON`,
      { api: request.api, httpStatus: response.status, retryable: response.status >= 500 },
      { cause: err },
    );
  }
}
