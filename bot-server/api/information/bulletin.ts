import type Router from '@koa/router';
import { z } from 'zod';
import { DOCX_TYPE } from '../../render';
import { BULLETIN_ROLES, monthlyBulletin } from '../../reports/information-bulletin';
import { bulletinFileName, renderMonthlyBulletinDocx } from '../../reports/information-bulletin-docx';
import type { Services } from '../../services';
import { requireRole } from '../auth';
import { userOf } from '../duty/petitions';
import { exactRouter } from '../router';

const bulletinQuery = z
  .object({
    month: z
      .string({ error: '请选择月份（YYYY-MM）' })
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM，例如 2026-11'),
    format: z.enum(['docx'], { error: '政务信息工作通报目前只提供 Word（docx）格式' }).optional(),
  })
  .strict();

/**
 * `GET /api/information/bulletin?month=YYYY-MM[&format=docx]`: the month's 政务信息工作通报
 * (reports/information-bulletin.ts) as data, or as a Word file with `format=docx` — for 督查室, 会务, the district
 * leaders and administrators (the readers of the unit ranking).
 */
export function informationBulletinRoutes(services: () => Services): Router {
  const router = exactRouter();

  router.get('/information/bulletin', requireRole(...BULLETIN_ROLES), async (ctx) => {
    const { month, format } = bulletinQuery.parse(ctx.query);
    const s = services();
    const bulletin = await monthlyBulletin(s.db, s.deadlines.calendar(), userOf(ctx), month, s.information.now());
    ctx.set('Cache-Control', 'no-store');
    if (format !== 'docx') {
      ctx.body = { bulletin };
      return;
    }
    ctx.set('Content-Type', DOCX_TYPE);
    ctx.set(
      'Content-Disposition',
      `attachment; filename="information-bulletin-${month}.docx"; filename*=UTF-8''${encodeURIComponent(
        bulletinFileName(month),
      )}`,
    );
    ctx.body = await renderMonthlyBulletinDocx(bulletin);
  });

  return router;
}
