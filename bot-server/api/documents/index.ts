import type Router from '@koa/router';
import type { Services } from '../../services';
import { reportService } from '../reports/service';
import { exactRouter } from '../router';
import { officeRoutes } from './office';
import { paperRoutes } from './paper';
import { recordRoutes } from './records';
import { stepRoutes } from './steps';

/**
 * 公文 for the mini-app. Who may do what (the documents area decides, from the user's roles and unit):
 *
 * | route | who |
 * |---|---|
 * | GET  /documents/my-steps                  | anyone: their own open steps, with working days left or overdue |
 * | GET  /documents                           | anyone: staff and unit heads see the documents of their unit (registered by it, or with a step in it) and those they originated or have a step in; 区政府办公室 and its 科室 (秘书科…), the supervision office (督查室), leaders and administrators see all |
 * | GET  /documents/:id, /documents/:id/link  | whoever sees the document (others get 404) |
 * | GET  /documents/figures, /problems, /templates | those who see all documents |
 * | PUT  /documents/templates/:processCode    | administrators |
 * | POST /documents/reconcile                 | administrators |
 * | POST /documents/paper                     | the office's staff (区政府办公室 and its 科室), the supervision office, administrators |
 * | POST /documents/:id/steps, /:id/close     | the same, for paper documents |
 * | POST /documents/steps/:stepId/complete    | a paper step's assignee, or the office's staff |
 * | POST /documents/steps/:stepId/execute     | the assignee of an open DingTalk task (approve or refuse in DingTalk) |
 *
 * Bad input is a 400 with a Chinese message and changes nothing; every change is audited by the documents area.
 * The nested routers are mounted in this order: the fixed paths (`/documents/my-steps`, `/documents/figures`…)
 * before `/documents/:id`.
 */
export function documentRoutes(services: () => Services): Router {
  const router = exactRouter();
  const documents = () => services().documents;
  router.use(stepRoutes(documents).routes());
  router.use(officeRoutes(documents, reportService(services)).routes());
  router.use(paperRoutes(documents).routes());
  router.use(recordRoutes(documents).routes());
  return router;
}
