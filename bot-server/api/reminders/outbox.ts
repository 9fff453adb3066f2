import type Router from '@koa/router';
import { z } from 'zod';
import { OUTBOX_STATUSES } from '../../../entities';
import type { Services } from '../../services';
import { requireRole, type SignedInUser } from '../auth';
import { notFound } from '../errors';
import { exactRouter } from '../router';

/** The outbox for administrators: counts, failures with their reasons, and putting a failed message back. */
export function outboxRoutes(services: () => Services): Router {
  const router = exactRouter();

  router.get('/reminders/outbox', requireRole('admin'), async (ctx) => {
    const { status, limit } = z
      .object({
        status: z.enum(OUTBOX_STATUSES).optional(),
        limit: z.coerce.number().int().min(1).max(200).optional(),
      })
      .parse(ctx.query);
    ctx.body = await services().reminders.outboxStatus({ status, limit });
  });

  router.post('/reminders/outbox/:id/retry', requireRole('admin'), async (ctx) => {
    const id = z.coerce.number().int().positive().parse(ctx.params.id);
    const user = ctx.state.user as SignedInUser;
    if (!(await services().reminders.retry(id, user.id))) throw notFound('没有这条发送失败或已取消的消息');
    ctx.body = { id, status: 'pending' };
  });

  return router;
}
