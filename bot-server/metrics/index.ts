/**
 * `GET /metrics` in the Prometheus text format, for a scraper holding METRICS_TOKEN; the request timer every
 * request passes. What each metric means: README.md beside this file.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { Registry } from 'prom-client';
import { notFound, unauthorized } from '../api/errors';
import { exactRouter } from '../api/router';
import { requestTimer } from './http-latency';
import { processRegistry } from './process-metrics';
import { type QueueSource, registerQueueGauges } from './queue-gauges';

export interface MetricsOptions {
  /** METRICS_TOKEN; null turns /metrics off (404). */
  token: string | null;
  queues: QueueSource;
  /** How long one reading of the database serves scrapes (default 5 s). */
  cacheMs?: number;
}

export interface Metrics {
  /** Times each request; mount it first. */
  timer: Middleware;
  /** `GET /metrics`. */
  routes: Router;
}

/** Equal-length digests compared in constant time: neither the token's content nor its length shows in the timing. */
const digest = (text: string) => createHash('sha256').update(text).digest();

export function createMetrics(options: MetricsOptions): Metrics {
  // The process's counters start now, with the first app, not at the first scrape.
  const shared = processRegistry();
  const own = new Registry();
  const timer = requestTimer(own);
  registerQueueGauges(own, options.queues, { cacheMs: options.cacheMs });
  const expected = options.token === null ? null : digest(options.token);

  const routes = exactRouter();
  routes.get('/metrics', async (ctx) => {
    if (!expected) throw notFound('未启用监控指标接口');
    const presented = /^Bearer (\S+)$/.exec(ctx.get('authorization'))?.[1];
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
      throw unauthorized('需要有效的监控指标令牌');
    }
    const registry = Registry.merge([shared, own]);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  });
  return { timer, routes };
}
