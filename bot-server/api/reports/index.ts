import type Router from '@koa/router';
import type { Services } from '../../services';
import { requireRole } from '../auth';
import { exactRouter } from '../router';
import { annualRoutes } from './annual';
import { figureRoutes } from './figures';
import { reportService } from './service';

/**
 * `/api/reports`: the dashboard figures, their drill-downs, the overdue ranking of units and the year-end figures —
 * for leaders and the supervision office (administrators hold every role). The one guard is on this router, before
 * every route of the nested routers.
 */
export function reportRoutes(services: () => Services): Router {
  const router = exactRouter('/reports');
  const reports = reportService(services);
  router.use(requireRole('leader', 'supervision_office'));
  router.use(figureRoutes(reports).routes());
  router.use(annualRoutes(reports).routes());
  return router;
}
