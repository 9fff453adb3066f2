import type Router from '@koa/router';
import { z } from 'zod';
import { INCIDENT_ROUTE_ROLES, RECIPIENT_SUGGESTIONS } from '../../duty/incident-access';
import type { Services } from '../../services';
import { requireRole } from '../auth';
import { exactRouter } from '../router';
import { instant } from '../schemas';
import { id, page, periodFilter, userOf } from './petitions';

const incidentBody = z
  .object({
    occurredAt: instant('请填写有效的事发时间'),
    knownAt: instant('请填写有效的接报时间').optional(),
    place: z.string({ error: '请填写事发地点' }).trim().min(1, '请填写事发地点').max(200, '事发地点不得超过200字'),
    category: z.enum(['natural_disaster', 'accident', 'public_health', 'social_security'], {
      error: '事件类别应为自然灾害、事故灾难、公共卫生事件或社会安全事件',
    }),
    level: z.enum(['extraordinary', 'major', 'large', 'general'], { error: '事件等级应为特别重大、重大、较大或一般' }),
    summary: z.string({ error: '请填写事件概要' }).trim().min(1, '请填写事件概要').max(5000, '事件概要不得超过5000字'),
    source: z.string({ error: '请填写信息来源' }).trim().min(1, '请填写信息来源').max(200, '信息来源不得超过200字'),
    measures: z.string().trim().max(5000, '已采取的措施不得超过5000字').nullish(),
  })
  .strict();

const reportBody = z
  .object({
    kind: z.enum(['phone', 'written', 'follow_up', 'final'], { error: '报送类型应为电话初报、书面初报、续报或终报' }),
    recipient: z.string({ error: '请填写报送对象' }).trim().min(1, '请填写报送对象').max(100, '报送对象不得超过100字'),
    reportedAt: instant('请填写有效的报送时间').optional(),
    channel: z.enum(['phone', 'fax', 'dingtalk', 'intranet', 'other'], {
      error: '报送方式应为电话、传真、钉钉、政务内网或其他',
    }),
    reporter: z.string().trim().max(50, '报送人不得超过50字').nullish(),
    content: z.string().trim().max(5000, '报送内容不得超过5000字').nullish(),
  })
  .strict();

const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));
const listQuery = z.object({ ...periodFilter, open: flag, ...page });
const level = z.enum(['extraordinary', 'major', 'large', 'general'], {
  error: '事件等级应为特别重大、重大、较大或一般',
});

/**
 * `/api/duty/incidents`: 应急值班信息. The person on duty now (带班领导 or 值班人员), 会务 and administrators record
 * incidents and reports; leaders and 督查室 read (the service checks who is on duty). `/api/duty/incident-rules`: the
 * reporting limits per level, read by the same roles, changed by administrators.
 */
export function incidentRoutes(services: () => Services): Router {
  const router = exactRouter();
  const incidents = () => services().incidents;
  const onDuty = requireRole(...INCIDENT_ROUTE_ROLES);

  router.get('/duty/incidents', onDuty, async (ctx) => {
    ctx.body = { ...(await incidents().list(userOf(ctx), listQuery.parse(ctx.query))), now: incidents().now() };
  });

  router.post('/duty/incidents', onDuty, async (ctx) => {
    const body = incidentBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { incident: await incidents().record(userOf(ctx), body) };
  });

  router.get('/duty/incident-rules', onDuty, async (ctx) => {
    ctx.body = { ...(await incidents().rules()), recipients: RECIPIENT_SUGGESTIONS };
  });

  router.put('/duty/incident-rules/:level', requireRole('admin'), async (ctx) => {
    const lvl = level.parse(ctx.params.level);
    const body = ctx.request.body ?? {};
    ctx.body = await incidents().saveRule(userOf(ctx), lvl, body);
  });

  router.delete('/duty/incident-rules/:level', requireRole('admin'), async (ctx) => {
    ctx.body = await incidents().saveRule(userOf(ctx), level.parse(ctx.params.level), null);
  });

  router.get('/duty/incidents/:id', onDuty, async (ctx) => {
    ctx.body = { incident: await incidents().get(userOf(ctx), id.parse(ctx.params.id)), now: incidents().now() };
  });

  router.post('/duty/incidents/:id/reports', onDuty, async (ctx) => {
    const body = reportBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { incident: await incidents().addReport(userOf(ctx), id.parse(ctx.params.id), body) };
  });

  return router;
}
