import type Router from '@koa/router';
import type { MeetingService } from '../../meetings/service';
import { exactRouter } from '../router';
import { id, nominateBody, receiptBody, signInBody, userOf } from './schemas';

/** The invitee's side: reading the notice, the receipt (回执), naming a unit's attendees (报名), signing in. */
export function invitationRoutes(meetings: () => MeetingService): Router {
  const router = exactRouter();

  router.post('/meetings/:id/read', async (ctx) => {
    await meetings().markRead(userOf(ctx), id.parse(ctx.params.id));
    ctx.status = 204;
  });

  router.post('/meetings/:id/receipt', async (ctx) => {
    const receipt = receiptBody.parse(ctx.request.body ?? {});
    ctx.body = { meeting: await meetings().respond(userOf(ctx), id.parse(ctx.params.id), receipt) };
  });

  router.post('/meetings/:id/attendees/:attendeeId/nominate', async (ctx) => {
    const { userIds } = nominateBody.parse(ctx.request.body ?? {});
    const [meetingId, attendeeId] = [id.parse(ctx.params.id), id.parse(ctx.params.attendeeId)];
    ctx.body = { meeting: await meetings().nominate(userOf(ctx), meetingId, attendeeId, userIds) };
  });

  router.post('/meetings/:id/sign-in', async (ctx) => {
    const { code } = signInBody.parse(ctx.request.body ?? {});
    ctx.body = { meeting: await meetings().signIn(userOf(ctx), id.parse(ctx.params.id), code) };
  });

  return router;
}
