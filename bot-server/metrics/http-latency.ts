import type { Context, Middleware } from 'koa';
import { Histogram, type Registry } from 'prom-client';

/**
 * The route a request matched, as its router declares it (`/api/supervision/matters/:id`), never the raw path, so
 * the label takes as many values as there are routes. Requests no route answered (the mini-app's files, and those
 * the API gate refused before routing) share one value.
 */
function routeOf(ctx: Context): string {
  const matched = (ctx as Context & { _matchedRoute?: unknown })._matchedRoute;
  return typeof matched === 'string' ? matched : 'unmatched';
}

/** Times every request until its handler returns: method, matched route template and status class (2xx…5xx). */
export function requestTimer(registry: Registry): Middleware {
  const latency = new Histogram({
    name: 'duban_http_request_duration_seconds',
    help: 'HTTP requests by method, matched route template (unmatched: no route answered) and status class.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return async (ctx, next) => {
    const end = latency.startTimer();
    let failed = false;
    try {
      await next();
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      end({ method: ctx.method, route: routeOf(ctx), status: failed ? '5xx' : `${Math.floor(ctx.status / 100)}xx` });
    }
  };
}
