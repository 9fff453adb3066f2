import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { DUTY_OFFICE_ROLES } from '../../duty/roster';
import { MAX_SWAP_NOTE } from '../../duty/swaps';
import type { Services } from '../../services';
import { hasRole, requireRole, type SignedInUser } from '../auth';
import { exactRouter } from '../router';

const id = z.coerce.number({ error: '编号有误' }).int('编号有误').positive('编号有误').max(2_147_483_647, '编号有误');
const noteText = (what: string) => z.string().max(MAX_SWAP_NOTE, `${what}不超过${MAX_SWAP_NOTE}字`).nullish();
const requestBody = z
  .object({
    shiftId: z.number({ error: '请选择要换出的班次' }).int().positive(),
    kind: z.enum(['cover', 'exchange'], { error: '请选择替班或换班' }),
    counterpartUserId: z.string({ error: '请选择换班同事' }).trim().min(1, '请选择换班同事').max(64),
    returnShiftId: z.number({ error: '请选择对方的班次' }).int().positive().nullish(),
    reason: noteText('换班事由'),
  })
  .strict();
const declineBody = z.object({ note: noteText('说明') }).strict();
const refuseBody = z.object({ note: z.string({ error: '请填写不予批准的理由' }).max(MAX_SWAP_NOTE) }).strict();
const optionsQuery = z.object({ shiftId: id });

const actorOf = (ctx: Context) => {
  const user = ctx.state.user as SignedInUser;
  return { id: user.id, office: hasRole(user, 'admin', ...DUTY_OFFICE_ROLES) };
};

/**
 * 换班 and 我的班次. Everyone signed in may be on the roster (whatever their roles), so the routes of a person's own
 * shifts and requests admit everyone signed in, and the service checks the person: only someone on the shift asks,
 * only the colleague asked accepts or declines, only the requester withdraws, and a request is shown to its two
 * people and the office. The office's list and decisions need 会务 or an administrator (`requireRole`).
 *
 * | route | who |
 * |---|---|
 * | GET /duty/my-shifts | anyone signed in (their own) |
 * | GET /duty/swaps | anyone signed in (the requests they made or were asked) |
 * | GET /duty/swaps/options?shiftId= | anyone signed in (someone on the shift) |
 * | POST /duty/swaps `{shiftId, kind, counterpartUserId, returnShiftId?, reason?}` | anyone signed in (on the shift) |
 * | GET /duty/swaps/office | 会务, admin |
 * | GET /duty/swaps/:id | its requester and colleague, 会务, admin |
 * | POST /duty/swaps/:id/accept, /decline `{note?}` | the colleague asked |
 * | POST /duty/swaps/:id/withdraw | the requester |
 * | POST /duty/swaps/:id/approve, /refuse `{note}` | 会务, admin (not a party to it) |
 */
export function dutySwapRoutes(services: () => Services): Router {
  const router = exactRouter();
  const swaps = () => services().dutySwaps;

  router.get('/duty/my-shifts', async (ctx) => {
    ctx.body = await swaps().myShifts(actorOf(ctx).id);
  });

  router.get('/duty/swaps', async (ctx) => {
    ctx.body = { swaps: await swaps().mine(actorOf(ctx)) };
  });

  router.get('/duty/swaps/options', async (ctx) => {
    const { shiftId } = optionsQuery.parse(ctx.query);
    ctx.body = await swaps().options(actorOf(ctx).id, shiftId);
  });

  router.post('/duty/swaps', async (ctx) => {
    const body = requestBody.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { swap: await swaps().request(actorOf(ctx), body) };
  });

  router.get('/duty/swaps/office', requireRole(...DUTY_OFFICE_ROLES), async (ctx) => {
    ctx.body = { swaps: await swaps().forOffice(actorOf(ctx)) };
  });

  router.get('/duty/swaps/:id', async (ctx) => {
    ctx.body = { swap: await swaps().get(actorOf(ctx), id.parse(ctx.params.id)) };
  });

  router.post('/duty/swaps/:id/accept', async (ctx) => {
    ctx.body = { swap: await swaps().accept(actorOf(ctx), id.parse(ctx.params.id)) };
  });

  router.post('/duty/swaps/:id/decline', async (ctx) => {
    const { note } = declineBody.parse(ctx.request.body ?? {});
    ctx.body = { swap: await swaps().decline(actorOf(ctx), id.parse(ctx.params.id), note) };
  });

  router.post('/duty/swaps/:id/withdraw', async (ctx) => {
    ctx.body = { swap: await swaps().withdraw(actorOf(ctx), id.parse(ctx.params.id)) };
  });

  router.post('/duty/swaps/:id/approve', requireRole(...DUTY_OFFICE_ROLES), async (ctx) => {
    ctx.body = { swap: await swaps().approve(actorOf(ctx), id.parse(ctx.params.id)) };
  });

  router.post('/duty/swaps/:id/refuse', requireRole(...DUTY_OFFICE_ROLES), async (ctx) => {
    const { note } = refuseBody.parse(ctx.request.body ?? {});
    ctx.body = { swap: await swaps().refuse(actorOf(ctx), id.parse(ctx.params.id), note) };
  });

  return router;
}
