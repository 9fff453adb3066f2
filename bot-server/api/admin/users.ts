import type Router from '@koa/router';
import { type DataSource, In } from 'typeorm';
import { Department, User, UserDepartment, UserRole } from '../../../entities';
import { readAuditLog } from '../../audit/queries';
import { grantRole, revokeRole, rolesOf } from '../../organisation/roles';
import { requireRole } from '../auth';
import { notFound } from '../errors';
import { exactRouter } from '../router';
import { grantBody, revokeBody, userId, userOf, userQuery } from './schemas';

/** `%` and `_` typed in a search mean themselves (`!` escapes them the same on both dialects). */
const contains = (text: string) => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/**
 * Users and their roles, for administrators: search the organisation, open a person, grant and revoke roles (each
 * audited; the person's next request already sees the change, since roles are read on every request).
 */
export function userRoutes(db: () => DataSource): Router {
  const router = exactRouter();

  router.get('/admin/users', requireRole('admin'), async (ctx) => {
    const query = userQuery.parse(ctx.query);
    const users = db().getRepository(User).createQueryBuilder('u');
    if (query.q) {
      users.andWhere("(u.name LIKE :q ESCAPE '!' OR u.id LIKE :q ESCAPE '!' OR u.title LIKE :q ESCAPE '!')", {
        q: contains(query.q),
      });
    }
    if (query.departmentId) {
      const members = users.subQuery().select('d.userId').from(UserDepartment, 'd').where('d.departmentId = :dept');
      users.andWhere(`u.id IN ${members.getQuery()}`, { dept: query.departmentId });
    }
    if (query.role) {
      const holders = users.subQuery().select('r.userId').from(UserRole, 'r').where('r.role = :role');
      users.andWhere(`u.id IN ${holders.getQuery()}`, { role: query.role });
    }
    const [rows, total] = await users
      .orderBy('u.active', 'DESC')
      .addOrderBy('u.name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    const roles = await rolesOf(
      db().manager,
      rows.map((u) => u.id),
    );
    const unitIds = [...new Set(rows.flatMap((u) => (u.primaryDepartmentId ? [u.primaryDepartmentId] : [])))];
    const units = unitIds.length
      ? await db()
          .getRepository(Department)
          .findBy({ id: In(unitIds) })
      : [];
    ctx.body = {
      total,
      users: rows.map((u) => ({
        id: u.id,
        name: u.name,
        title: u.title,
        active: u.active,
        departmentName: units.find((d) => d.id === u.primaryDepartmentId)?.name ?? null,
        roles: roles.get(u.id) ?? [],
      })),
    };
  });

  router.get('/admin/users/:id', requireRole('admin'), async (ctx) => {
    const id = userId.parse(ctx.params.id);
    const user = await db().getRepository(User).findOneBy({ id });
    if (!user) throw notFound('没有这个用户');
    const memberships = await db().getRepository(UserDepartment).findBy({ userId: id });
    const departments = memberships.length
      ? await db()
          .getRepository(Department)
          .findBy({ id: In(memberships.map((m) => m.departmentId)) })
      : [];
    const history = await readAuditLog(db().manager, { subjectType: 'user', subjectId: id, limit: 10 });
    ctx.body = {
      user: { id: user.id, name: user.name, title: user.title, active: user.active, origin: user.origin },
      departments: departments.map((d) => ({
        id: d.id,
        name: d.name,
        isHead: memberships.some((m) => m.departmentId === d.id && m.isHead),
        primary: d.id === user.primaryDepartmentId,
      })),
      roles: (await rolesOf(db().manager, [id])).get(id) ?? [],
      history: history.entries,
    };
  });

  router.post('/admin/users/:id/roles', requireRole('admin'), async (ctx) => {
    const id = userId.parse(ctx.params.id);
    const body = grantBody.parse(ctx.request.body);
    await db().transaction((manager) => grantRole(manager, userOf(ctx).id, { userId: id, ...body }));
    ctx.body = { roles: (await rolesOf(db().manager, [id])).get(id) ?? [] };
  });

  router.post('/admin/users/:id/roles/revoke', requireRole('admin'), async (ctx) => {
    const id = userId.parse(ctx.params.id);
    const { reason, ...grant } = revokeBody.parse(ctx.request.body);
    await db().transaction((manager) => revokeRole(manager, userOf(ctx).id, { userId: id, ...grant }, reason ?? null));
    ctx.body = { roles: (await rolesOf(db().manager, [id])).get(id) ?? [] };
  });

  return router;
}
