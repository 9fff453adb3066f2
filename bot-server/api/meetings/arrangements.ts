import type Router from '@koa/router';
import type { MeetingService } from '../../meetings/service';
import { requireRole } from '../auth';
import { exactRouter } from '../router';
import { cancelBody, decisionBody, id, listQuery, meetingBody, userOf } from './schemas';

/**
 * The meetings the caller sees, and running one: create, change the draft, adopt a DingTalk draft, notify, cancel,
 * renew the sign-in code, record decisions. Who may is decided by the meetings service (meetings/lifecycle.ts).
 */
export function arrangementRoutes(meetings: () => MeetingService): Router {
  const router = exactRouter();

  router.get('/meetings', async (ctx) => {
    ctx.body = { meetings: await meetings().list(userOf(ctx), listQuery.parse(ctx.query)) };
  });

  router.post('/meetings', requireRole('meeting_office'), async (ctx) => {
    ctx.status = 201;
    ctx.body = { meeting: await meetings().create(userOf(ctx), meetingBody.parse(ctx.request.body)) };
  });

  router.get('/meetings/attendee/:id', async (ctx) => {
    ctx.body = { meeting: await meetings().meetingOfAttendee(userOf(ctx), id.parse(ctx.params.id)) };
  });

  router.get('/meetings/:id', async (ctx) => {
    ctx.body = { meeting: await meetings().get(userOf(ctx), id.parse(ctx.params.id)) };
  });

  router.put('/meetings/:id', async (ctx) => {
    const body = meetingBody.parse(ctx.request.body);
    ctx.body = { meeting: await meetings().update(userOf(ctx), id.parse(ctx.params.id), body) };
  });

  router.post('/meetings/:id/adopt', async (ctx) => {
    ctx.body = { meeting: await meetings().adopt(userOf(ctx), id.parse(ctx.params.id)) };
  });

  router.post('/meetings/:id/notify', async (ctx) => {
    ctx.body = { meeting: await meetings().notify(userOf(ctx), id.parse(ctx.params.id)) };
  });

  router.post('/meetings/:id/cancel', async (ctx) => {
    const { reason } = cancelBody.parse(ctx.request.body ?? {});
    ctx.body = { meeting: await meetings().cancel(userOf(ctx), id.parse(ctx.params.id), reason) };
  });

  router.post('/meetings/:id/sign-in-code', async (ctx) => {
    ctx.body = { meeting: await meetings().renewSignInCode(userOf(ctx), id.parse(ctx.params.id)) };
  });

  router.post('/meetings/:id/decisions', async (ctx) => {
    const body = decisionBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { meeting: await meetings().addDecision(userOf(ctx), id.parse(ctx.params.id), body) };
  });

  return router;
}
