import { z } from 'zod';
import { session } from './session';

/** An answer the server refused, with its stable code and a message fit to show (Chinese, from the server). */
class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

type Unauthorized = () => void;
let onUnauthorized: Unauthorized = () => {};

/** What to do when the server answers 401: the app sends the user back to sign-in. */
export function setUnauthorizedHandler(handler: Unauthorized): void {
  onUnauthorized = handler;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

function messageOf(body: unknown, status: number): { code: string; message: string } {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) {
    return { code: 'http_error', message: status >= 500 ? '服务暂时不可用，请稍后再试' : `请求失败（${status}）` };
  }
  const { code, message, details } = parsed.data.error;
  // A refused form names its first bad field's message, which says more than 「提交的内容有误」.
  const first = details?.[0]?.message;
  return { code, message: code === 'invalid_body' && first ? first : message };
}

/**
 * The one way the mini-app talks to bot-server: JSON over `/api/`, the session as a Bearer token (or the session
 * cookie), every answer checked against its schema. A 401 clears the session and hands over to sign-in.
 */
export async function apiRequest<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const token = session.token();
  const method = options.method ?? 'GET';
  // Every write is JSON, even without a body: the server refuses writes of any other type (cross-site forms).
  const payload = options.body === undefined && method !== 'GET' ? {} : options.body;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(withQuery(`/api${path}`, options.query), {
      method,
      headers,
      body: payload === undefined ? undefined : JSON.stringify(payload),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', '网络连接失败，请检查网络后重试');
  }
  const body: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const { code, message } = messageOf(body, res.status);
    if (res.status === 401) {
      session.clear();
      onUnauthorized();
    }
    throw new ApiError(res.status, code, message);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(res.status, 'unexpected_answer', '服务器返回的数据格式有误，请稍后再试');
  return parsed.data;
}

/** Whether the server refused because the user's role does not allow it (403). */
export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403;
}

/**
 * What a failure means to the user: `retry` (the network, the server's fault, a garbled answer: trying again may
 * help), `signIn` (the session ended), `forbidden` (the role does not allow it: trying again cannot help), `input`
 * (the server refused what was sent, and says why).
 */
export type FailureKind = 'retry' | 'signIn' | 'forbidden' | 'input';

export function failureKind(err: unknown): FailureKind {
  if (!(err instanceof ApiError)) return 'retry';
  if (err.status === 401) return 'signIn';
  if (err.status === 403) return 'forbidden';
  if (err.status >= 400 && err.status < 500) return 'input';
  return 'retry';
}

/** The user-facing text of any error a request can raise. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return '操作失败，请稍后再试';
}
