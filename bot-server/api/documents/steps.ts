import type Router from '@koa/router';
import type { DocumentService } from '../../documents/service';
import { exactRouter } from '../router';
import { completeBody, executeBody, id, stageOf, userOf } from './schemas';

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
    const body = completeBody.parse(ctx.request.body ?? {});
    const next = body.next ? { stage: stageOf(body.next.stage), assigneeUserId: body.next.assigneeUserId } : null;
    const nextStepId = await documents().completeStep(userOf(ctx), stepId, { comment: body.comment ?? null, next });
    ctx.body = { ok: true, nextStepId };
  });

  return router;
}
