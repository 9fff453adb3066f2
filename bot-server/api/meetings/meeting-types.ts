import type Router from '@koa/router';
import type { DataSource } from 'typeorm';
import { meetingTypes, saveMeetingType } from '../../meetings/types';
import { requireRole } from '../auth';
import { exactRouter } from '../router';
import { typeBody, typeCode, userOf } from './schemas';

/** The meeting types: read by everyone (the form's choices), renamed and added by administrators. */
export function meetingTypeRoutes(db: () => DataSource): Router {
  const router = exactRouter();

  router.get('/meetings/types', async (ctx) => {
    ctx.body = { types: await meetingTypes(db().manager) };
  });

  router.put('/meetings/types/:code', requireRole('admin'), async (ctx) => {
    const code = typeCode.parse(ctx.params.code);
    const body = typeBody.parse(ctx.request.body ?? {});
    ctx.body = { types: await db().transaction((m) => saveMeetingType(m, userOf(ctx).id, { code, ...body })) };
  });

  return router;
}
