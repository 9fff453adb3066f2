import type Router from '@koa/router';
import type { Context } from 'koa';
import { ExtensionRequest, MatterPeriod } from '../../../entities';
import { parseInstant } from '../../calendar';
import type { Services } from '../../services';
import { exportMattersXlsx, XLSX_TYPE } from '../../supervision/xlsx';
import { requireRole, type SignedInUser } from '../auth';
import { notFound } from '../errors';
import { exactRouter } from '../router';
import { download } from './download';
import { assignBody, id, listQuery, yearQuery } from './schemas';

/**
 * The matters as each reader may see them (a unit its own, where it leads or co-leads; the supervision office and
 * leaders everything), their export, the figures at a glance, and the assignment of a new matter.
 */
export function matterRoutes(services: () => Services): Router {
  const router = exactRouter();
  const matters = () => services().supervision.matters;
  const user = (ctx: Context) => ctx.state.user as SignedInUser;

  router.get('/matters', async (ctx) => {
    ctx.body = await matters().list(user(ctx), listQuery.parse(ctx.query));
  });

  router.get('/matters/export.xlsx', async (ctx) => {
    const { limit: _limit, offset: _offset, ...filter } = listQuery.parse(ctx.query);
    const { matters: list } = await matters().list(user(ctx), filter);
    const stamp = new Date().toISOString().slice(0, 10);
    download(ctx, await exportMattersXlsx(list), XLSX_TYPE, `matters-${stamp}.xlsx`, `督办事项-${stamp}.xlsx`);
  });

  router.get('/overview', async (ctx) => {
    const { year } = yearQuery.parse(ctx.query);
    ctx.body = await matters().overview(user(ctx), year);
  });

  router.post('/matters', requireRole('supervision_office'), async (ctx) => {
    const body = assignBody.parse(ctx.request.body);
    const matter = await matters().assign(user(ctx), {
      ...body,
      assignedAt: body.assignedAt ? parseInstant(body.assignedAt) : null,
    });
    ctx.status = 201;
    ctx.body = { matter };
  });

  // 督查室's work queue: the service refuses anyone without the role itself (an administrator too).
  router.get('/queue', async (ctx) => {
    ctx.body = await matters().queue(user(ctx));
  });

  router.get('/extension-requests', async (ctx) => {
    ctx.body = { requests: await matters().pendingDecisions(user(ctx)) };
  });

  router.get('/matters/:id', async (ctx) => {
    ctx.body = { matter: await matters().get(user(ctx), id.parse(ctx.params.id)) };
  });

  // A bot message names a report period or an extension request; the mini-app opens the matter it belongs to.
  // Reading the matter checks that the user may see it.
  const openMatterOf =
    (entity: typeof MatterPeriod | typeof ExtensionRequest, missing: string) => async (ctx: Context) => {
      const row = await services()
        .db.getRepository(entity)
        .findOneBy({ id: id.parse(ctx.params.id) });
      if (!row) throw notFound(missing);
      ctx.body = { matterId: (await matters().get(user(ctx), row.matterId)).id };
    };
  router.get('/periods/:id', openMatterOf(MatterPeriod, '没有这个报送期次'));
  router.get('/extension-requests/:id', openMatterOf(ExtensionRequest, '没有这条延期申请'));

  return router;
}
