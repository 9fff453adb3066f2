import type Router from '@koa/router';
import { z } from 'zod';
import { INCIDENT_ROUTE_ROLES } from '../../duty/incident-access';
import { READER_ROLES, RECORDER_ROLES } from '../../duty/petition-access';
import type { Services } from '../../services';
import { requireRole } from '../auth';
import { exactRouter } from '../router';
import { instant } from '../schemas';
import { id, page, periodFilter, unitId, userOf } from './petitions';

const callerType = z.enum(['public', 'superior', 'department', 'other'], {
  error: '来电类型应为群众、上级机关、部门单位或其他',
});
const outcome = z.enum(['answered', 'referred'], { error: '处理结果应为“已答复”或“已转办”' });

const callFields = {
  calledAt: instant('请填写有效的来电时间'),
  callerType,
  topic: z.string().trim().min(1, '请填写来电事由').max(200, '来电事由不得超过200字'),
  outcome,
  referredDepartmentId: unitId.nullish(),
};
/** A new entry: the time (now) and the caller type (群众) may be left out. */
const callBody = z
  .object({ ...callFields, calledAt: callFields.calledAt.optional(), callerType: callerType.optional() })
  .strict();
const editBody = z.object(callFields).partial().strict();
const listQuery = z.object({ ...periodFilter, callerType: callerType.optional(), ...page });

/**
 * `/api/duty/calls`: the duty phone log — 督查室 and 会务 record and correct entries, the people on duty record the
 * calls of their shift; 督查室, 会务 and the leaders read.
 */
export function phoneCallRoutes(services: () => Services): Router {
  const router = exactRouter();
  const log = () => services().phoneLog;
  const readers = requireRole(...READER_ROLES);
  const recorders = requireRole(...RECORDER_ROLES);

  router.get('/duty/calls', readers, async (ctx) => {
    ctx.body = await log().list(userOf(ctx), listQuery.parse(ctx.query));
  });

  // Whoever is on duty records the calls of their shift: the route lets in the roles the roster names, the service
  // lets through 督查室, 会务 and the people on duty now.
  router.post('/duty/calls', requireRole(...INCIDENT_ROUTE_ROLES), async (ctx) => {
    const body = callBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { call: await log().record(userOf(ctx), body) };
  });

  router.get('/duty/calls/:id', readers, async (ctx) => {
    ctx.body = { call: await log().get(userOf(ctx), id.parse(ctx.params.id)) };
  });

  router.put('/duty/calls/:id', recorders, async (ctx) => {
    const body = editBody.parse(ctx.request.body ?? {});
    ctx.body = { call: await log().edit(userOf(ctx), id.parse(ctx.params.id), body) };
  });

  return router;
}
