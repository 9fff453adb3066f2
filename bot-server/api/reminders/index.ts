import type Router from '@koa/router';
import { z } from 'zod';
import type { Services } from '../../services';
import type { SignedInUser } from '../auth';
import { exactRouter } from '../router';
import { outboxRoutes } from './outbox';

/**
 * Reminders for the mini-app: anyone sees what was sent to them and their open deadlines with the next reminder;
 * an administrator sees the outbox (counts, failures with their reasons) and can put a failed message back.
 */
export function reminderRoutes(services: () => Services): Router {
  const router = exactRouter();

  router.get('/reminders/mine', async (ctx) => {
    const { limit } = z.object({ limit: z.coerce.number().int().min(1).max(100).optional() }).parse(ctx.query);
    const user = ctx.state.user as SignedInUser;
    ctx.body = await services().reminders.mine(user.id, services().deadlines, { limit });
  });

  router.use(outboxRoutes(services).routes());
  return router;
}
