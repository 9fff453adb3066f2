import type Router from '@koa/router';
import { z } from 'zod';
import { parseISODate } from '../../calendar';
import type { DocumentService } from '../../documents/service';
import { templateBody } from '../../documents/templates';
import type { ReportService } from '../../reports/report-service';
import { requireRole } from '../auth';
import { exactRouter } from '../router';
import { isoDate } from '../schemas';
import { reconcileBody, userOf } from './schemas';

/**
 * What those who see all documents read — the figures (counted by the reports area), the problems, the templates —
 * and what only administrators do: configure a template, reconcile with DingTalk.
 */
export function officeRoutes(documents: () => DocumentService, reports: ReportService): Router {
  const router = exactRouter();

  router.get('/documents/figures', async (ctx) => {
    const { from, to } = z.object({ from: isoDate, to: isoDate }).parse(ctx.query);
    parseISODate(from);
    parseISODate(to);
    await documents().checkFigures(userOf(ctx), from, to);
    ctx.body = await reports.documentFigures({ from, to });
  });

  router.get('/documents/problems', async (ctx) => {
    ctx.body = await documents().problems(userOf(ctx));
  });

  router.get('/documents/templates', async (ctx) => {
    ctx.body = { templates: await documents().templates(userOf(ctx)) };
  });

  router.put('/documents/templates/:processCode', requireRole('admin'), async (ctx) => {
    const body = templateBody.parse(ctx.request.body);
    ctx.body = await documents().saveTemplate(userOf(ctx), String(ctx.params.processCode), body);
  });

  router.post('/documents/reconcile', requireRole('admin'), async (ctx) => {
    const { full } = reconcileBody.parse(ctx.request.body ?? {});
    const report = await documents().reconcile({ full: full ?? false });
    const synced = await documents().syncDue(1000);
    ctx.body = { ...report, synced };
  });

  return router;
}
