import Router from '@koa/router';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { Department, UserDepartment } from '../../entities';
import type { SignedInUser } from './auth';

/** Who is signed in, with the units they belong to (and head), for the mini-app's 我的 page. */
export function meRoutes(db: () => DataSource): Router {
  const router = new Router();
  router.get('/me', async (ctx) => {
    const user = ctx.state.user as SignedInUser;
    const memberships = await db().getRepository(UserDepartment).findBy({ userId: user.id });
    const departments = memberships.length
      ? await db()
          .getRepository(Department)
          .findBy({ id: In(memberships.map((m) => m.departmentId)) })
      : [];
    ctx.body = {
      user,
      departments: departments
        .sort((a, b) => a.sortOrder - b.sortOrder || a.id.localeCompare(b.id))
        .map((d) => ({
          id: d.id,
          name: d.name,
          isHead: memberships.some((m) => m.departmentId === d.id && m.isHead),
          primary: d.id === user.primaryDepartmentId,
        })),
    };
  });
  return router;
}
