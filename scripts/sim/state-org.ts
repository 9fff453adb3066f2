import { OapiFailure } from './envelopes';
import type { OrgSeed, SimDepartment, SimProcess, SimUser } from './org';

/** The organisation, answering the contact APIs (docs/dingtalk.md §6.4–§6.5). */
export class Directory {
  readonly departments = new Map<number, SimDepartment>();
  readonly users = new Map<string, SimUser>();
  readonly processes = new Map<string, SimProcess>();

  /** Replaces the organisation (departments, users, processes). Instances and messages are kept. */
  seed(org: OrgSeed): void {
    this.departments.clear();
    this.users.clear();
    this.processes.clear();
    for (const dept of org.departments) this.departments.set(dept.dept_id, dept);
    if (!this.departments.has(1)) this.departments.set(1, { dept_id: 1, name: '根部门' });
    for (const user of org.users) {
      this.users.set(user.userid, { unionid: `union-${user.userid}`, active: true, ...user });
    }
    for (const process of org.processes ?? []) this.processes.set(process.processCode, process);
  }

  userDetail(userId: string): Record<string, unknown> {
    const user = this.users.get(userId);
    if (!user) throw new OapiFailure(60121, '找不到该用户');
    return this.userFields(user);
  }

  department(deptId: number): SimDepartment {
    const dept = this.departments.get(deptId);
    if (!dept) throw new OapiFailure(60003, '部门不存在'); // simulator choice
    return { ...dept };
  }

  subDepartments(deptId: number): SimDepartment[] {
    if (!this.departments.has(deptId)) throw new OapiFailure(60003, '部门不存在'); // simulator choice
    return [...this.departments.values()]
      .filter((dept) => dept.parent_id === deptId)
      .map((dept) => ({ ...dept, parent_id: deptId }));
  }

  departmentUsers(
    deptId: number,
    cursor: number,
    size: number,
  ): { has_more: boolean; next_cursor?: number; list: unknown[] } {
    if (!this.departments.has(deptId)) throw new OapiFailure(60003, '部门不存在'); // simulator choice
    // 40035 参数非法: dept_id/cursor/size out of range (docs/dingtalk.md §6.5).
    if (!(size >= 1 && size <= 100) || !(cursor >= 0)) throw new OapiFailure(40035, '参数非法');
    const members = [...this.users.values()].filter((user) => user.dept_id_list.includes(deptId));
    const page = members.slice(cursor, cursor + size).map((user) => ({
      ...this.userFields(user),
      leader: user.leader_dept_ids?.includes(deptId) ?? false,
    }));
    const hasMore = cursor + size < members.length;
    return hasMore ? { has_more: true, next_cursor: cursor + size, list: page } : { has_more: false, list: page };
  }

  private userFields(user: SimUser): Record<string, unknown> {
    return {
      userid: user.userid,
      unionid: user.unionid,
      name: user.name,
      title: user.title ?? '',
      ...(user.mobile === undefined ? {} : { mobile: user.mobile }),
      dept_id_list: user.dept_id_list,
      leader_in_dept: user.dept_id_list.map((deptId) => ({
        dept_id: deptId,
        leader: user.leader_dept_ids?.includes(deptId) ?? false,
      })),
      ...(user.manager_userid === undefined ? {} : { manager_userid: user.manager_userid }),
      active: user.active ?? true,
      admin: user.admin ?? false,
      boss: user.boss ?? false,
    };
  }

  /** The users of the department and of every department below it. */
  usersUnder(deptId: number): SimUser[] {
    const ids = new Set([deptId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const dept of this.departments.values()) {
        if (dept.parent_id !== undefined && ids.has(dept.parent_id) && !ids.has(dept.dept_id)) {
          ids.add(dept.dept_id);
          grew = true;
        }
      }
    }
    return [...this.users.values()].filter((user) => user.dept_id_list.some((id) => ids.has(id)));
  }
}
