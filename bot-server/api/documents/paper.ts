import type Router from '@koa/router';
import { parseInstant } from '../../calendar';
import type { DocumentService } from '../../documents/service';
import { exactRouter } from '../router';
import { assignBody, commentBody, id, paperBody, stageOf, userOf } from './schemas';

/** Paper documents: 收文登记, routing stage by stage, 办结 (the documents area decides who may). */
export function paperRoutes(documents: () => DocumentService): Router {
  const router = exactRouter();

  router.post('/documents/paper', async (ctx) => {
    const body = paperBody.parse(ctx.request.body);
    const receivedAt = body.receivedAt ? parseInstant(body.receivedAt) : undefined;
    const documentId = await documents().registerPaper(userOf(ctx), {
      title: body.title,
      docNumber: body.docNumber || null,
      issuingOrg: body.issuingOrg || null,
      urgency: body.urgency,
      securityLevel: body.securityLevel || null,
      ...(receivedAt ? { receivedAt } : {}),
      proposerUserId: body.proposerUserId ?? null,
    });
    ctx.status = 201;
    ctx.body = await documents().detail(userOf(ctx), documentId);
  });

  router.post('/documents/:id/steps', async (ctx) => {
    const documentId = id.parse(ctx.params.id);
    const body = assignBody.parse(ctx.request.body);
    const stepId = await documents().assignStep(userOf(ctx), documentId, {
      stage: stageOf(body.stage),
      assigneeUserId: body.assigneeUserId,
    });
    ctx.status = 201;
    ctx.body = { stepId };
  });

  router.post('/documents/:id/close', async (ctx) => {
    const documentId = id.parse(ctx.params.id);
    const body = commentBody.parse(ctx.request.body ?? {});
    await documents().closeDocument(userOf(ctx), documentId, { comment: body.comment ?? null });
    ctx.body = { ok: true };
  });

  return router;
}
