import type Router from '@koa/router';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { kindSettings, setKind } from '../numbering/numbers';
import { requireRole, type SignedInUser } from './auth';
import { exactRouter } from './router';

const kindBody = z.object({
  agencyCode: z.string().max(40, '机关代字过长'),
  issuer: z.string().max(200, '发文机关名称过长'),
});

/**
 * 发文字号 settings: each numbered kind's 机关代字 and issuing body. Anyone signed in may read them; only an
 * administrator may change one (audited; numbers already issued keep theirs).
 *
 * | route | who |
 * |---|---|
 * | GET /numbering/kinds | anyone signed in |
 * | PUT /numbering/kinds/:kind `{agencyCode, issuer}` | admin |
 */
export function numberingRoutes(db: () => DataSource): Router {
  const router = exactRouter();

  router.get('/numbering/kinds', async (ctx) => {
    ctx.body = { kinds: await kindSettings(db().manager) };
  });

  router.put('/numbering/kinds/:kind', requireRole('admin'), async (ctx) => {
    const body = kindBody.parse(ctx.request.body ?? {});
    const user = ctx.state.user as SignedInUser;
    ctx.body = { kind: await setKind(db(), user.id, String(ctx.params.kind), body, new Date()) };
  });

  return router;
}
