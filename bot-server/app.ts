import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bodyParser } from '@koa/bodyparser';
import type Router from '@koa/router';
import Koa from 'koa';
import type { DataSource } from 'typeorm';
import { adminRoutes } from './api/admin';
import { authRoutes } from './api/auth-routes';
import { calendarRoutes } from './api/calendar';
import { documentRoutes } from './api/documents';
import { phoneCallRoutes } from './api/duty/calls';
import { incidentRoutes } from './api/duty/incidents';
import { petitionRoutes } from './api/duty/petitions';
import { dutyRosterRoutes } from './api/duty/roster';
import { dutySummaryRoutes } from './api/duty/summary';
import { dutySwapRoutes } from './api/duty/swaps';
import { errorMiddleware } from './api/errors';
import { informationRoutes } from './api/information';
import { ledgerRoutes } from './api/ledgers';
import { meetingRoutes } from './api/meetings';
import { numberingRoutes } from './api/numbering';
import { meRoutes, organisationRoutes } from './api/organisation';
import { reminderRoutes } from './api/reminders';
import { reportRoutes } from './api/reports';
import { researchRoutes } from './api/research/reports';
import { exactRouter } from './api/router';
import { apiGate } from './api/security/gate';
import { securityHeaders } from './api/security/headers';
import { type RouteInfo, routeTable } from './api/security/route-table';
import { SessionTokens } from './api/session';
import { supervisionRoutes } from './api/supervision';
import type { Config } from './config/config';
import type { DatabaseHandle } from './db/database-handle';
import type { Logger } from './logging/logger';
import { createMetrics } from './metrics';
import { miniappFiles } from './miniapp-files';
import type { Services } from './services';

export interface AppDependencies {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  /** The domain services; throws a 503 ApiError while the database is not there yet. */
  services: () => Services;
  /** `POST /dingtalk/callback` when events arrive by HTTP push. */
  callbackRoutes?: Koa.Middleware | null;
}

/** The built mini-app when there is one, else the placeholder page beside it. */
function miniappRoot(): string {
  const built = join(__dirname, '..', 'miniapp', 'dist');
  return existsSync(join(built, 'index.html')) ? built : join(__dirname, '..', 'miniapp');
}

/** The Koa application: health and readiness, the API behind sign-in, the mini-app; and every route it declares. */
export function createApp({ config, logger, database, services, callbackRoutes }: AppDependencies): {
  app: Koa;
  routes: RouteInfo[];
} {
  const app = new Koa({ proxy: config.trustProxy });
  const tokens = new SessionTokens(config.sessionSecret);
  const db = () => services().db;

  const probes = exactRouter();
  probes.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  probes.get('/ready', async (ctx) => {
    const ready = await database.ping();
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'database_unavailable' };
  });

  const signIn = authRoutes({
    demo: config.demo,
    corpId: config.dingtalk.corpId,
    tokens,
    db,
    oapi: () => services().dingtalk.oapi,
  });
  const api = apiRoutes(services, db, config);
  const publicUrlOrigin = new URL(config.publicUrl).origin;
  const metrics = createMetrics({
    token: config.metricsToken,
    queues: { db, ready: () => database.ping() },
  });

  app.use(metrics.timer);
  app.use(securityHeaders());
  app.use(errorMiddleware(logger));
  // Before the body parser: the callback verifies its signature over the raw body.
  if (callbackRoutes) app.use(callbackRoutes);
  app.use(
    apiGate({
      tokens,
      db,
      publicRoutes: new Set(routeTable(signIn).map((r) => `${r.method} ${r.path}` as const)),
      ownOrigins: (ctx) => [publicUrlOrigin, `${ctx.protocol}://${ctx.host}`],
    }),
  );
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb' }));
  app.use(probes.routes());
  app.use(metrics.routes.routes());
  app.use(signIn.routes());
  app.use(api.routes());
  app.use(miniappFiles(miniappRoot()));
  return {
    app,
    routes: [...routeTable(probes), ...routeTable(metrics.routes), ...routeTable(signIn), ...routeTable(api)],
  };
}

/** Every area's routes under `/api`, each router matching one spelling; the gate has signed the caller in. */
export function apiRoutes(services: () => Services, db: () => DataSource, config: Config): Router {
  const api = exactRouter('/api');
  for (const area of [
    meRoutes(db),
    organisationRoutes(db),
    calendarRoutes(services),
    reminderRoutes(services),
    documentRoutes(services),
    supervisionRoutes(services, { bulletinReaders: config.bulletinReaders }),
    meetingRoutes(services),
    reportRoutes(services),
    adminRoutes(services, db, config),
    numberingRoutes(db),
    dutyRosterRoutes(services, config),
    dutySwapRoutes(services),
    petitionRoutes(services),
    phoneCallRoutes(services),
    incidentRoutes(services),
    researchRoutes(services),
    dutySummaryRoutes(services),
    informationRoutes(services),
    ledgerRoutes(services),
  ]) {
    api.use(area.routes());
  }
  return api;
}
