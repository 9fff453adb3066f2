import type Router from '@koa/router';
import { parseISODate } from '../../calendar';
import type { DocumentService } from '../../documents/service';
import { badRequest } from '../errors';
import { exactRouter } from '../router';
import { id, listQuery, userOf } from './schemas';

/** The list of documents the caller sees, one document with its timeline, and its DingTalk link. */
export function recordRoutes(documents: () => DocumentService): Router {
  const router = exactRouter();

  router.get('/documents', async (ctx) => {
    const query = listQuery.parse(ctx.query);
    if (query.from) parseISODate(query.from);
    if (query.to) parseISODate(query.to);
    if (query.from && query.to && query.from > query.to) throw badRequest('invalid_range', '起始日期不能晚于结束日期');
    ctx.body = await documents().list(userOf(ctx), {
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.overdue ? { overdue: query.overdue === 'true' } : {}),
      ...(query.unit ? { unit: query.unit } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(query.q ? { q: query.q } : {}),
      page: query.page,
      pageSize: query.pageSize,
    });
  });

  router.get('/documents/:id', async (ctx) => {
    ctx.body = await documents().detail(userOf(ctx), id.parse(ctx.params.id));
  });

  router.get('/documents/:id/link', async (ctx) => {
    ctx.body = await documents().link(userOf(ctx), id.parse(ctx.params.id));
  });

  return router;
}
