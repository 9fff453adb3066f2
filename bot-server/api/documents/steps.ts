import type Router from '@koa/router';
import type { DocumentService } from '../../documents/service';
import { exactRouter } from '../router';
import { commentBody, executeBody, id, userOf } from './schemas';

/** The caller's own steps: what is open, approving a DingTalk task, completing a paper step. */
export function stepRoutes(documents: () => DocumentService): Router {
  const router = exactRouter();

  router.get('/documents/my-steps', async (ctx) => {
    ctx.body = { steps: await documents().mySteps(userOf(ctx)) };
  });

  router.post('/documents/steps/:stepId/execute', async (ctx) => {
    const stepId = id.parse(ctx.params.stepId);
    const body = executeBody.parse(ctx.request.body);
    ctx.status = 202;
    ctx.body = await documents().executeStep(userOf(ctx), stepId, {
      result: body.result,
      comment: body.comment ?? null,
    });
  });

  router.post('/documents/steps/:stepId/complete', async (ctx) => {
    const stepId = id.parse(ctx.params.stepId);
    const body = commentBody.parse(ctx.request.body ?? {});
    await documents().completeStep(userOf(ctx), stepId, { comment: body.comment ?? null });
    ctx.body = { ok: true };
  });

  return router;
}
