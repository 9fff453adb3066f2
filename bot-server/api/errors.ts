import type { Context, Next } from 'koa';
import { ZodError, z } from 'zod';
import { DomainError, type ErrorKind } from '../errors/domain-error';
import type { Logger } from '../logging/logger';

// What a schema does not word itself (a parameter nobody asked for, a number that is not one) is answered in zod's
// own Chinese (its zh-CN locale): no 400 speaks English to the user.
z.config(z.locales.zhCN());

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

/** The one place a refusal's kind becomes an HTTP status. */
const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  too_many: 429,
  unavailable: 503,
};

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
      } else if (err instanceof DomainError) {
        ctx.status = STATUS_OF_KIND[err.kind];
        ctx.body = { error: { code: err.code, message: err.messageZh, details: err.details } };
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
