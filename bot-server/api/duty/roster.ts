import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Config } from '../../config/config';
import { DUTY_OFFICE_ROLES, MAX_HANDOVER_LENGTH } from '../../duty/roster';
import { groupRobots } from '../../reminders/group-robots';
import { SUPERVISION_GROUP } from '../../reminders/settings';
import type { Services } from '../../services';
import { hasRole, requireRole, type SignedInUser } from '../auth';
import { exactRouter } from '../router';

const userId = z.string({ error: '请选择人员' }).trim().min(1, '请选择人员').max(64, '用户标识过长');
const people = {
  leaderUserIds: z.array(userId, { error: '请选择带班领导' }).max(100, '带班领导人数过多'),
  staffUserIds: z.array(userId, { error: '请选择值班人员' }).max(200, '值班人员人数过多'),
  staffPerShift: z.number({ error: '每班值班人数应为数字' }).int('每班值班人数应为整数').optional(),
  overwrite: z.boolean().optional(),
};
const generateBody = z.union([
  z.object({ month: z.string({ error: '请选择月份' }), ...people }).strict(),
  z
    .object({ from: z.string({ error: '请选择开始日期' }), to: z.string({ error: '请选择结束日期' }), ...people })
    .strict(),
]);
const shiftBody = z.object({
  leaderUserId: userId,
  staffUserIds: z.array(userId, { error: '请选择值班人员' }),
  reason: z.string().max(200, '说明不超过200字').nullish(),
});
const handoverBody = z.object({
  text: z.string({ error: '请填写交接班记录' }).max(MAX_HANDOVER_LENGTH, `交接班记录不超过${MAX_HANDOVER_LENGTH}字`),
});
const shiftId = z.coerce.number({ error: '班次编号有误' }).int('班次编号有误').positive('班次编号有误');
const monthQuery = z.object({ month: z.string({ error: '请选择月份（YYYY-MM）' }) });

/** The group robot a roster goes to: one named `duty` (值班工作群) where the office keeps one, else the office's own. */
export const DUTY_GROUP = 'duty';

const userOf = (ctx: Context) => ctx.state.user as SignedInUser;
const isOffice = (user: SignedInUser) => hasRole(user, 'admin', ...DUTY_OFFICE_ROLES);

/**
 * 值班表 (the 24-hour duty roster). Everyone signed in reads the roster and who is on duty now; the office (会务,
 * `meeting_office`, and administrators) generates and edits it; the people of a shift and the office write its
 * 交接班记录 (checked in the service: the route admits everyone signed in).
 *
 * | route | who |
 * |---|---|
 * | GET /duty/roster?month=YYYY-MM | anyone signed in |
 * | GET /duty/now | anyone signed in |
 * | POST /duty/roster/generate `{month \| from,to, leaderUserIds, staffUserIds, staffPerShift?, overwrite?}` | 会务, admin |
 * | PUT /duty/shifts/:date/:kind `{leaderUserId, staffUserIds, reason?}` | 会务, admin |
 * | GET /duty/shifts/:id (with its handover log) | anyone signed in |
 * | POST /duty/shifts/:id/handovers `{text}` | the shift's leader and staff, 会务, admin |
 * | POST /duty/roster/publish `{month}` (to the group robot `duty`, else `supervision`) | 会务, admin |
 */
export function dutyRosterRoutes(services: () => Services, config: Pick<Config, 'groupRobots'>): Router {
  const router = exactRouter();
  const duty = () => services().duty;

  router.get('/duty/roster', async (ctx) => {
    const { month } = monthQuery.parse(ctx.query);
    ctx.body = { ...(await duty().month(month)), canEdit: isOffice(userOf(ctx)) };
  });

  router.get('/duty/now', async (ctx) => {
    ctx.body = await duty().onDutyNow();
  });

  router.post('/duty/roster/generate', requireRole(...DUTY_OFFICE_ROLES), async (ctx) => {
    const body = generateBody.parse(ctx.request.body ?? {});
    ctx.body = { result: await duty().generate(userOf(ctx).id, body) };
  });

  router.post('/duty/roster/publish', requireRole(...DUTY_OFFICE_ROLES), async (ctx) => {
    const { month } = monthQuery.parse(ctx.request.body ?? {});
    const robots = await groupRobots(services().db.manager, config.groupRobots);
    const group = robots.some((r) => r.name === DUTY_GROUP) ? DUTY_GROUP : SUPERVISION_GROUP;
    ctx.body = { published: await duty().publish(userOf(ctx).id, month, group), group };
  });

  router.put('/duty/shifts/:date/:kind', requireRole(...DUTY_OFFICE_ROLES), async (ctx) => {
    const body = shiftBody.parse(ctx.request.body ?? {});
    const shift = await duty().editShift(userOf(ctx).id, String(ctx.params.date), String(ctx.params.kind), body);
    ctx.body = { shift };
  });

  router.get('/duty/shifts/:id', async (ctx) => {
    const user = userOf(ctx);
    const detail = await duty().shift(shiftId.parse(ctx.params.id));
    const onShift = [detail.shift.leader.id, ...detail.shift.staff.map((p) => p.id)].includes(user.id);
    ctx.body = { ...detail, canWriteHandover: onShift || isOffice(user) };
  });

  router.post('/duty/shifts/:id/handovers', async (ctx) => {
    const user = userOf(ctx);
    const { text } = handoverBody.parse(ctx.request.body ?? {});
    const handover = await duty().addHandover(
      { id: user.id, office: isOffice(user) },
      shiftId.parse(ctx.params.id),
      text,
    );
    ctx.status = 201;
    ctx.body = { handover };
  });

  return router;
}
