import type Router from '@koa/router';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config/config';
import type { Services } from '../../services';
import { exactRouter } from '../router';
import { auditRoutes } from './audit';
import { robotRoutes } from './robots';
import { settingsRoutes } from './settings';
import { templateRoutes } from './templates';
import { userRoutes } from './users';

/**
 * Administration (`/admin/…`), for administrators only, every route guarded: users and their roles, the audit
 * log, the approval templates to map, the group robots, the stored rule overrides and the reminder settings (read
 * only). Saving a template, a rule, a calendar change or a meeting type goes through its own area's routes.
 */
export function adminRoutes(services: () => Services, db: () => DataSource, config: Config): Router {
  const router = exactRouter();
  router.use(userRoutes(db).routes());
  router.use(auditRoutes(db).routes());
  router.use(templateRoutes(services, config.dingtalk.corpId).routes());
  router.use(settingsRoutes(db, config).routes());
  router.use(robotRoutes(services, config).routes());
  return router;
}
