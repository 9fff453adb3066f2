import { type DataSource, In, Not } from 'typeorm';
import { Department, User, UserDepartment } from '../../entities';
import type { DingTalkDepartment, DingTalkUser, OapiClient } from '../dingtalk';
import { sessions } from './sessions';

/** DingTalk's root department id. */
const ROOT_DEPT_ID = 1;

export interface OrgSyncResult {
  departments: number;
  users: number;
  deactivated: number;
}

/**
 * Pulls departments and users from DingTalk's contacts into the organisation tables. Names, titles, parents and
 * memberships follow DingTalk; what Duban adds (roles, a department's kind and responsible leader) is never
 * touched. Users who left DingTalk are deactivated, not deleted, so their history keeps its names.
 */
export async function syncOrganisation(db: DataSource, oapi: OapiClient): Promise<OrgSyncResult> {
  const departments = await fetchDepartmentTree(oapi);
  const users = new Map<string, DingTalkUser>();
  for (const dept of departments) {
    for (const user of await oapi.listAllDepartmentUsers(dept.dept_id)) users.set(user.userid, user);
  }

  return db.transaction(async (manager) => {
    const deptRepo = manager.getRepository(Department);
    const known = new Map((await deptRepo.find()).map((d) => [d.id, d]));
    for (const [index, dept] of departments.entries()) {
      const id = String(dept.dept_id);
      const parentId = dept.parent_id ? String(dept.parent_id) : null;
      if (known.has(id)) {
        await deptRepo.update({ id }, { name: dept.name, parentId, sortOrder: index, origin: 'dingtalk' });
      } else {
        await deptRepo.insert({
          id,
          name: dept.name,
          parentId,
          sortOrder: index,
          kind: dept.dept_id === ROOT_DEPT_ID ? 'office' : 'unit',
          origin: 'dingtalk',
        });
      }
    }

    const userRepo = manager.getRepository(User);
    const existing = new Set((await userRepo.find({ select: { id: true } })).map((u) => u.id));
    for (const user of users.values()) {
      const columns = {
        name: user.name,
        title: user.title ?? null,
        unionId: user.unionid ?? null,
        primaryDepartmentId: user.dept_id_list[0] !== undefined ? String(user.dept_id_list[0]) : null,
        active: user.active ?? true,
        origin: 'dingtalk' as const,
      };
      if (existing.has(user.userid)) await userRepo.update({ id: user.userid }, columns);
      else await userRepo.insert({ id: user.userid, ...columns });

      await manager.delete(UserDepartment, { userId: user.userid });
      const heads = new Set((user.leader_in_dept ?? []).filter((l) => l.leader).map((l) => l.dept_id));
      await manager.insert(
        UserDepartment,
        user.dept_id_list.map((deptId) => ({
          userId: user.userid,
          departmentId: String(deptId),
          isHead: heads.has(deptId) || (user.leader === true && user.dept_id_list.length === 1),
        })),
      );
    }

    const syncedIds = [...users.keys()];
    const leavers = await userRepo.find({
      select: { id: true },
      where: { origin: 'dingtalk', active: true, ...(syncedIds.length ? { id: Not(In(syncedIds)) } : {}) },
    });
    const leaverIds = leavers.map((u) => u.id);
    if (leaverIds.length) await userRepo.update({ id: In(leaverIds) }, { active: false });
    // Whoever is no longer active, in DingTalk or because they left it, is signed out at once.
    const inactive = [...users.values()].filter((u) => u.active === false).map((u) => u.userid);
    await sessions.revokeAllOf(manager, [...leaverIds, ...inactive], 'deactivated', new Date());
    return { departments: departments.length, users: users.size, deactivated: leaverIds.length };
  });
}

/** The root department and every department below it, parents before children. */
async function fetchDepartmentTree(oapi: OapiClient): Promise<DingTalkDepartment[]> {
  const all: DingTalkDepartment[] = [];
  const seen = new Set<number>();
  const queue = [ROOT_DEPT_ID];
  const root = await oapi.getDepartment(ROOT_DEPT_ID);
  all.push({ dept_id: ROOT_DEPT_ID, name: root.name });
  seen.add(ROOT_DEPT_ID);
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const child of await oapi.listSubDepartments(parent)) {
      if (seen.has(child.dept_id)) continue;
      seen.add(child.dept_id);
      all.push({ ...child, parent_id: child.parent_id ?? parent });
      queue.push(child.dept_id);
    }
  }
  return all;
}
