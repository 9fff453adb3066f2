import type Router from '@koa/router';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { Department, User, UserRole } from '../../../entities';
import { audit } from '../../audit/audit';
import { sessions } from '../../organisation/sessions';
import { requireRole, type SignedInUser } from '../auth';
import { notFound } from '../errors';
import { exactRouter } from '../router';

/**
 * The organisation as the mini-app's forms need it (choosing a lead unit, a responsible person, the leader who
 * assigned a matter): departments, and the active users with their unit and roles. Anyone signed in may read it,
 * as anyone in DingTalk may read the corporation's address book.
 */
export function organisationRoutes(db: () => DataSource): Router {
  const router = exactRouter();
  router.get('/organisation', async (ctx) => {
    const departments = await db()
      .getRepository(Department)
      .find({ order: { sortOrder: 'ASC', id: 'ASC' } });
    const users = await db()
      .getRepository(User)
      .find({ where: { active: true }, order: { id: 'ASC' } });
    const roles = await db().getRepository(UserRole).find();
    ctx.body = {
      departments: departments.map((d) => ({ id: d.id, name: d.name, kind: d.kind, parentId: d.parentId })),
      users: users.map((u) => ({
        id: u.id,
        name: u.name,
        title: u.title,
        departmentId: u.primaryDepartmentId,
        roles: roles.filter((r) => r.userId === u.id).map((r) => r.role),
      })),
    };
  });

  // An administrator signs someone out everywhere (a lost phone, a role taken away in a hurry); audited.
  router.post('/organisation/users/:id/sessions/end', requireRole('admin'), async (ctx) => {
    const actor = ctx.state.user as SignedInUser;
    const userId = z.string().min(1).max(64).parse(ctx.params.id);
    const { reason } = z.object({ reason: z.string().trim().max(200).nullish() }).parse(ctx.request.body ?? {});
    ctx.body = await db().transaction(async (manager) => {
      if (!(await manager.getRepository(User).existsBy({ id: userId }))) throw notFound('没有这个用户');
      const ended = await sessions.revokeAllOf(manager, [userId], 'admin', new Date());
      await audit(manager, {
        actor: actor.id,
        action: 'user.sessions.ended',
        subjectType: 'user',
        subjectId: userId,
        after: { ended },
        reason: reason ?? null,
      });
      return { ended };
    });
  });
  return router;
}
