/**
 * Who stands on each rung of the escalation ladder of a unit: its heads (单位负责人: a `unit_head` role scoped to
 * the unit, or the DingTalk 部门主管 flag) and its responsible leader (分管领导: `department.leader_user_id`, looked
 * up the parent chain when the unit itself has none, e.g. 秘书科 → 区政府办公室). Loaded once per planning pass;
 * the organisation is small next to the deadlines.
 */
import type { EntityManager } from 'typeorm';

type Row = Record<string, unknown>;

export class OrgDirectory {
  private constructor(
    private readonly departments: Map<string, { name: string; parentId: string | null; leaderUserId: string | null }>,
    private readonly heads: Map<string, string[]>,
    readonly rowsRead: number,
  ) {}

  static async load(manager: EntityManager): Promise<OrgDirectory> {
    const departments = new Map<string, { name: string; parentId: string | null; leaderUserId: string | null }>();
    const deptRows: Row[] = await manager.query('SELECT id, name, parent_id, leader_user_id FROM department');
    for (const row of deptRows) {
      departments.set(String(row.id), {
        name: String(row.name),
        parentId: row.parent_id === null || row.parent_id === undefined ? null : String(row.parent_id),
        leaderUserId: typeof row.leader_user_id === 'string' && row.leader_user_id ? row.leader_user_id : null,
      });
    }
    const heads = new Map<string, string[]>();
    const add = (departmentId: string, userId: string) => {
      const list = heads.get(departmentId) ?? [];
      if (!list.includes(userId)) list.push(userId);
      heads.set(departmentId, list);
    };
    const roleRows: Row[] = await manager.query(
      "SELECT user_id, scope FROM user_role WHERE role = 'unit_head' ORDER BY user_id",
    );
    for (const row of roleRows) add(String(row.scope), String(row.user_id));
    const headRows: Row[] = await manager.query(
      'SELECT user_id, department_id FROM user_department WHERE is_head = 1 ORDER BY user_id',
    );
    for (const row of headRows) add(String(row.department_id), String(row.user_id));
    return new OrgDirectory(departments, heads, deptRows.length + roleRows.length + headRows.length);
  }

  departmentName(departmentId: string | null): string | null {
    return departmentId ? (this.departments.get(departmentId)?.name ?? null) : null;
  }

  /** The unit's heads (role first, then the DingTalk flag), in a stable order. */
  unitHeads(departmentId: string | null): string[] {
    return departmentId ? (this.heads.get(departmentId) ?? []) : [];
  }

  /** The units whose heads hear of deadlines that name the unit but no person. */
  unitsHeadedBy(userId: string): string[] {
    return [...this.heads].filter(([, people]) => people.includes(userId)).map(([departmentId]) => departmentId);
  }

  /** The units whose responsible leader (their own, or the nearest parent's) is this person. */
  unitsLedBy(userId: string): string[] {
    return [...this.departments.keys()].filter((id) => this.leaderOf(id) === userId);
  }

  /** The responsible leader of the unit or, failing that, of the nearest parent that has one. */
  leaderOf(departmentId: string | null): string | null {
    const seen = new Set<string>();
    for (let id = departmentId; id && !seen.has(id); ) {
      seen.add(id);
      const department = this.departments.get(id);
      if (!department) return null;
      if (department.leaderUserId) return department.leaderUserId;
      id = department.parentId;
    }
    return null;
  }
}

/** Display names of users, one query per thousand. */
export async function userNames(manager: EntityManager, userIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows: Row[] = await manager.query(
      `SELECT id, name FROM app_user WHERE id IN (${chunk.map(() => '?').join(',')})`,
      chunk,
    );
    for (const row of rows) names.set(String(row.id), String(row.name));
  }
  return names;
}
