import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { BulletinReaders } from '../../config/config';
import type { Services } from '../../services';
import { monthName } from '../../supervision/bulletin';
import { renderBulletinDocx } from '../../supervision/bulletin-docx';
import { DOCX_TYPE, renderBulletinXlsx, XLSX_TYPE } from '../../supervision/xlsx';
import { requireRole, type SignedInUser } from '../auth';
import { exactRouter } from '../router';
import { download } from './download';
import { id, monthQuery, yearQuery } from './schemas';

/**
 * The monthly 督查通报: published issues for their readers, previews for the supervision office and leaders, and
 * publishing by the supervision office; each also as .docx and .xlsx.
 */
export function bulletinRoutes(services: () => Services, readers: BulletinReaders): Router {
  const router = exactRouter();
  // Published bulletins name other units' overdue matters: everyone signed in, or only those who lead (BULLETIN_READERS).
  const bulletinReaders =
    readers === 'heads'
      ? requireRole('leader', 'supervision_office', 'meeting_office', 'unit_head')
      : async (_ctx: Context, next: Next) => next();
  const bulletins = () => services().supervision.bulletins;

  router.get('/bulletins', bulletinReaders, async (ctx) => {
    const { year } = yearQuery.parse(ctx.query);
    ctx.body = { bulletins: await bulletins().list(year) };
  });

  router.get('/bulletins/preview', requireRole('supervision_office', 'leader'), async (ctx) => {
    ctx.body = { figures: await bulletins().preview(monthQuery.parse(ctx.query).month) };
  });

  // Each bulletin, published or previewed, also as a Word document and as a workbook.
  const formats = [
    { ext: 'docx', type: DOCX_TYPE, render: renderBulletinDocx },
    { ext: 'xlsx', type: XLSX_TYPE, render: renderBulletinXlsx },
  ];
  const fileName = (b: { year: number; issueNo: number }) => `督查通报${b.year}年第${b.issueNo}期`;
  for (const { ext, type, render } of formats) {
    router.get(`/bulletins/preview.${ext}`, requireRole('supervision_office', 'leader'), async (ctx) => {
      const { month: m } = monthQuery.parse(ctx.query);
      const body = await render(await bulletins().preview(m));
      download(ctx, body, type, `bulletin-${m}-preview.${ext}`, `督查通报（预览）${monthName(m)}.${ext}`);
    });
    router.get(`/bulletins/:id/bulletin.${ext}`, bulletinReaders, async (ctx) => {
      const b = await bulletins().get(id.parse(ctx.params.id));
      const body = await render(b.figures, b.publishedAt ? new Date(b.publishedAt) : null);
      download(ctx, body, type, `bulletin-${b.year}-${b.issueNo}.${ext}`, `${fileName(b)}.${ext}`);
    });
  }

  router.post('/bulletins', requireRole('supervision_office'), async (ctx) => {
    const { month: m } = monthQuery.parse(ctx.request.body);
    const { bulletin, created } = await bulletins().publish((ctx.state.user as SignedInUser).id, m);
    ctx.status = created ? 201 : 200;
    ctx.body = { created, bulletin: await bulletins().get(bulletin.id) };
  });

  router.get('/bulletins/:id', bulletinReaders, async (ctx) => {
    ctx.body = { bulletin: await bulletins().get(id.parse(ctx.params.id)) };
  });

  return router;
}
