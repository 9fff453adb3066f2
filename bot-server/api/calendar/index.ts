import type Router from '@koa/router';
import type { Services } from '../../services';
import { exactRouter } from '../router';
import { dayRoutes } from './days';
import { ruleRoutes } from './rules';

/**
 * The working-day calendar (`/calendar/…`) and the time-limit rules (`/timelimits/…`): anyone signed in may read
 * them; only an administrator may change a day or a rule, and every change is audited and recomputes the open
 * deadlines it moves.
 */
export function calendarRoutes(services: () => Services): Router {
  const router = exactRouter();
  router.use(dayRoutes(services).routes());
  router.use(ruleRoutes(services).routes());
  return router;
}
