import type { Context, Next } from 'koa';
import { ZodError } from 'zod';
import { CalendarError } from '../calendar/errors';
import type { Logger } from '../logging/logger';
import { TimeLimitError } from '../timelimits/errors';

/**
 * An error the API answers with: an HTTP status, a stable machine code and a message fit for the user.
 * Anything else that escapes a route is a bug: logged in full, answered as 500 without detail.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const unauthorized = (message = '请先登录') => new ApiError(401, 'unauthorized', message);
export const forbidden = (message = '您没有此项操作的权限') => new ApiError(403, 'forbidden', message);
export const notFound = (message = '未找到') => new ApiError(404, 'not_found', message);
export const badRequest = (code: string, message: string, details?: unknown) =>
  new ApiError(400, code, message, details);

/** What the pure areas refuse (calendar, time limits) is the caller's input: 400, with the Chinese message. */
const isInputError = (err: unknown): err is CalendarError | TimeLimitError =>
  err instanceof CalendarError || err instanceof TimeLimitError;

function isClientHttpError(err: unknown): err is { status: number; type?: string; body?: unknown } {
  const status = (err as { status?: unknown })?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export function errorMiddleware(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
    } catch (err) {
      if (err instanceof ApiError) {
        ctx.status = err.status;
        ctx.body = { error: { code: err.code, message: err.message, details: err.details } };
      } else if (err instanceof ZodError) {
        ctx.status = 400;
        ctx.body = {
          error: {
            code: 'invalid_body',
            message: '提交的内容有误',
            details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          },
        };
      } else if (isInputError(err)) {
        ctx.status = 400;
        ctx.body = { error: { code: err.code, message: err.messageZh } };
      } else if (isClientHttpError(err)) {
        // http-errors from Koa's own middleware, e.g. the body parser meeting a body that is not JSON.
        ctx.status = err.status;
        ctx.body = {
          error: {
            code: err.type === 'entity.parse.failed' || err.body ? 'invalid_json' : 'bad_request',
            message: '请求格式有误',
          },
        };
      } else {
        logger.error({ err, path: ctx.path, method: ctx.method }, 'unhandled error');
        ctx.status = 500;
        ctx.body = { error: { code: 'internal', message: '系统繁忙，请稍后再试' } };
      }
    }
  };
}
