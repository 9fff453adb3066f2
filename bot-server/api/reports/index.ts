import type Router from '@koa/router';
import type { Services } from '../../services';
import { requireRole } from '../auth';
import { exactRouter } from '../router';
import { annualRoutes } from './annual';
import { figureRoutes } from './figures';
import { kanbanRoutes } from './kanban';
import { reportService } from './service';

/**
 * `/api/reports`: the dashboard figures, their drill-downs, the overdue ranking of units, the year-end figures and
 * the leaders' 看板 in one answer — for leaders and the supervision office (administrators hold every role). The one
 * guard is on this router, before every route of the nested routers.
 */
export function reportRoutes(services: () => Services): Router {
  const router = exactRouter('/reports');
  const reports = reportService(services);
  router.use(requireRole('leader', 'supervision_office'));
  router.use(figureRoutes(reports).routes());
  router.use(annualRoutes(reports).routes());
  router.use(kanbanRoutes(services, reports).routes());
  return router;
}
