import type Router from '@koa/router';
import type { BulletinReaders } from '../../config/config';
import type { Services } from '../../services';
import { exactRouter } from '../router';
import { bulletinRoutes } from './bulletins';
import { importRoutes } from './imports';
import { matterRoutes } from './matters';
import { stepRoutes } from './steps';

/**
 * `/api/supervision` (督查督办) for the mini-app: the matters (`matters.ts`), the steps of their lifecycle
 * (`steps.ts`), the batch import (`imports.ts`) and the monthly bulletin (`bulletins.ts`). Role guards stand on the
 * routes; where the answer depends on the matter (a unit's own matters), the supervision service decides.
 */
export function supervisionRoutes(
  services: () => Services,
  options: { bulletinReaders: BulletinReaders } = { bulletinReaders: 'office' },
): Router {
  const router = exactRouter('/supervision');
  for (const area of [
    matterRoutes(services),
    stepRoutes(services),
    importRoutes(services),
    bulletinRoutes(services, options.bulletinReaders),
  ]) {
    router.use(area.routes());
  }
  return router;
}
