import type Router from '@koa/router';
import type { DataSource } from 'typeorm';
import { readAuditLog } from '../../audit/queries';
import { requireRole } from '../auth';
import { exactRouter } from '../router';
import { auditQuery } from './schemas';

/** The audit log for administrators: filtered by actor, action, subject and dates, newest first, page by page. */
export function auditRoutes(db: () => DataSource): Router {
  const router = exactRouter();
  router.get('/admin/audit', requireRole('admin'), async (ctx) => {
    const query = auditQuery.parse(ctx.query);
    ctx.body = await readAuditLog(db().manager, query);
  });
  return router;
}
