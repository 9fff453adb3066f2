import { DEMO_DEPARTMENTS, DEMO_USERS } from '../../bot-server/demo/demo-organisation';

/**
 * The organisation the simulator pretends to be: departments, users and approval templates. Seedable from a
 * JSON file or an object; by default the demo's district government office (bot-server/demo).
 * Field names follow DingTalk's contact APIs (docs/dingtalk.md §6.4–§6.5) so answers can be built without translation.
 */

export interface SimDepartment {
  dept_id: number;
  name: string;
  /** Absent only for the root department (id 1). */
  parent_id?: number;
}

export interface SimUser {
  userid: string;
  name: string;
  unionid?: string;
  title?: string;
  mobile?: string;
  dept_id_list: number[];
  /** Departments this user heads. */
  leader_dept_ids?: number[];
  manager_userid?: string;
  admin?: boolean;
  boss?: boolean;
  active?: boolean;
}

/** One approval step: AND = everyone must agree (会签), OR = first one decides (或签) (docs/dingtalk.md §7.2 approvers). */
export interface ApproverNode {
  actionType: 'AND' | 'OR' | 'NONE';
  userIds: string[];
  /** The node's name in the template designer (审批节点名称); shown as `operationRecords[].showName`. */
  name?: string;
}

/** An approval template (审批模板) with its default approval chain. */
export interface SimProcess {
  processCode: string;
  name: string;
  approvers: ApproverNode[];
}

export interface OrgSeed {
  corpId?: string;
  departments: SimDepartment[];
  users: SimUser[];
  processes?: SimProcess[];
}

/**
 * The demo organisation as DingTalk would report it: the same departments and people as Duban's demo seed, so a
 * free-login code issued by the simulator signs in a demo user. Approval templates follow the office's 收文 and
 * 发文 routes.
 */
export function demoOrg(): OrgSeed {
  return {
    departments: DEMO_DEPARTMENTS.map((d) => ({
      dept_id: Number(d.id),
      name: d.name,
      ...(d.parentId ? { parent_id: Number(d.parentId) } : {}),
    })),
    users: DEMO_USERS.map((u) => ({
      userid: u.id,
      name: u.name,
      title: u.title,
      dept_id_list: [Number(u.departmentId)],
      ...(u.head ? { leader_dept_ids: [Number(u.departmentId)] } : {}),
    })),
    processes: [
      {
        processCode: 'PROC-DUBAN-SHOUWEN',
        name: '收文办理',
        approvers: [
          { actionType: 'NONE', userIds: ['wufang'], name: '拟办' },
          { actionType: 'OR', userIds: ['zhaozhiqiang', 'liming'], name: '领导批办' },
          { actionType: 'NONE', userIds: ['zhenglei'], name: '承办' },
        ],
      },
      {
        processCode: 'PROC-DUBAN-FAWEN',
        name: '发文审批',
        approvers: [
          { actionType: 'NONE', userIds: ['wufang'], name: '核稿' },
          { actionType: 'NONE', userIds: ['zhaozhiqiang'], name: '签发' },
          { actionType: 'NONE', userIds: ['zhenglei'], name: '印发' },
        ],
      },
    ],
  };
}
