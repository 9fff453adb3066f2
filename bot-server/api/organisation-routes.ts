import Router from '@koa/router';
import type { DataSource } from 'typeorm';
import { Department, User, UserRole } from '../../entities';

/**
 * The organisation as the mini-app's forms need it (choosing a lead unit, a responsible person, the leader who
 * assigned a matter): departments, and the active users with their unit and roles. Anyone signed in may read it,
 * as anyone in DingTalk may read the corporation's address book.
 */
export function organisationRoutes(db: () => DataSource): Router {
  const router = new Router();
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
  return router;
}
