import type Router from '@koa/router';
import { z } from 'zod';
import { monthlySummary, SUMMARY_ROLES } from '../../duty/monthly-summary';
import { renderMonthlySummaryDocx, summaryFileName } from '../../duty/monthly-summary-docx';
import { DOCX_TYPE } from '../../render';
import type { Services } from '../../services';
import { requireRole } from '../auth';
import { exactRouter } from '../router';
import { userOf } from './petitions';

const summaryQuery = z
  .object({
    month: z.string({ error: '请选择月份（YYYY-MM）' }),
    format: z.enum(['docx'], { error: '值班工作月报目前只提供 Word（docx）格式' }).optional(),
  })
  .strict();

/**
 * `GET /api/duty/summary?month=YYYY-MM[&format=docx]`: the 值班工作月报 of a month as .docx (duty/monthly-summary.ts)
 * — for 会务, 督查室, the district leaders and administrators (the readers of the duty figures); a leader reads the
 * petitioners' names masked, as on the register.
 */
export function dutySummaryRoutes(services: () => Services): Router {
  const router = exactRouter();

  router.get('/duty/summary', requireRole(...SUMMARY_ROLES), async (ctx) => {
    const { month } = summaryQuery.parse(ctx.query);
    const s = services();
    const summary = await monthlySummary(s.db, s.deadlines.calendar(), userOf(ctx), month, s.duty.now());
    ctx.set('Content-Type', DOCX_TYPE);
    ctx.set(
      'Content-Disposition',
      `attachment; filename="duty-summary-${summary.month}.docx"; filename*=UTF-8''${encodeURIComponent(
        summaryFileName(summary.month),
      )}`,
    );
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await renderMonthlySummaryDocx(summary);
  });

  return router;
}
