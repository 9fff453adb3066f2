import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Services } from '../../services';
import { requireRole, type SignedInUser } from '../auth';
import { exactRouter } from '../router';
import { id, stepBodies } from './schemas';

/**
 * The steps of a matter's lifecycle: the lead unit accepts, reports progress (co-units too), asks for an extension,
 * completes or returns it; the supervision office decides extensions (or a leader, where the rule names one),
 * sends back, reassigns, urges, records the deputies' opinions and evaluates. Every answer is the matter as it stands.
 */
export function stepRoutes(services: () => Services): Router {
  const router = exactRouter();
  const matters = () => services().supervision.matters;
  const user = (ctx: Context) => ctx.state.user as SignedInUser;
  const matterId = (ctx: Context) => id.parse(ctx.params.id);

  router.post('/matters/:id/accept', async (ctx) => {
    const { note } = stepBodies.accept.parse(ctx.request.body ?? {});
    ctx.body = { matter: await matters().accept(user(ctx), matterId(ctx), note) };
  });

  router.post('/matters/:id/progress', async (ctx) => {
    const body = stepBodies.progress.parse(ctx.request.body);
    ctx.body = { matter: await matters().reportProgress(user(ctx), matterId(ctx), body) };
  });

  router.post('/matters/:id/co-opinion', async (ctx) => {
    const body = stepBodies.coOpinion.parse(ctx.request.body);
    ctx.body = { matter: await matters().reportCoOpinion(user(ctx), matterId(ctx), body) };
  });

  router.post('/matters/:id/extensions', async (ctx) => {
    const body = stepBodies.extension.parse(ctx.request.body);
    ctx.status = 201;
    ctx.body = { matter: await matters().requestExtension(user(ctx), matterId(ctx), body) };
  });

  router.post(
    '/matters/:id/extensions/:requestId/decision',
    requireRole('supervision_office', 'leader'),
    async (ctx) => {
      const body = stepBodies.decision.parse(ctx.request.body);
      const [matter, request] = [matterId(ctx), id.parse(ctx.params.requestId)];
      ctx.body = { matter: await matters().decideExtension(user(ctx), matter, request, body) };
    },
  );

  router.post('/matters/:id/complete', async (ctx) => {
    const body = stepBodies.complete.parse(ctx.request.body);
    ctx.body = { matter: await matters().complete(user(ctx), matterId(ctx), body) };
  });

  router.post('/matters/:id/return', async (ctx) => {
    const { reason } = stepBodies.return.parse(ctx.request.body);
    ctx.body = { matter: await matters().returnMatter(user(ctx), matterId(ctx), reason) };
  });

  router.post('/matters/:id/redo', requireRole('supervision_office'), async (ctx) => {
    const { reason } = stepBodies.redo.parse(ctx.request.body);
    ctx.body = { matter: await matters().redo(user(ctx), matterId(ctx), reason) };
  });

  router.post('/matters/:id/reassign', requireRole('supervision_office'), async (ctx) => {
    const body = stepBodies.reassign.parse(ctx.request.body);
    ctx.body = { matter: await matters().reassign(user(ctx), matterId(ctx), body) };
  });

  router.post('/matters/:id/urge', requireRole('supervision_office', 'leader'), async (ctx) => {
    const { note } = stepBodies.urge.parse(ctx.request.body ?? {});
    ctx.body = { matter: await matters().urge(user(ctx), matterId(ctx), note) };
  });

  router.post('/matters/:id/feedback', requireRole('supervision_office'), async (ctx) => {
    const body = stepBodies.feedback.parse(ctx.request.body);
    ctx.body = { matter: await matters().recordFeedback(user(ctx), matterId(ctx), body) };
  });

  router.post('/matters/:id/evaluate', requireRole('supervision_office'), async (ctx) => {
    const body = stepBodies.evaluate.parse(ctx.request.body);
    ctx.body = { matter: await matters().evaluate(user(ctx), matterId(ctx), body) };
  });

  return router;
}
