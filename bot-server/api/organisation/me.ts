import type Router from '@koa/router';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { Department, UserDepartment } from '../../../entities';
import { sessions } from '../../organisation/sessions';
import type { SignedInUser } from '../auth';
import { exactRouter } from '../router';
import { SESSION_COOKIE } from '../session';

/** Who is signed in, with the units they belong to (and head), for the mini-app's 我的 page. */
export function meRoutes(db: () => DataSource): Router {
  const router = exactRouter();
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
  // 退出所有设备: every session of the caller ends, this one included.
  router.post('/me/sessions/end-all', async (ctx) => {
    const user = ctx.state.user as SignedInUser;
    const ended = await sessions.revokeAllOf(db().manager, [user.id], 'logout_all', new Date());
    ctx.cookies.set(SESSION_COOKIE, null);
    ctx.body = { ended };
  });
  return router;
}
