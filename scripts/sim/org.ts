/**
 * The organisation the simulator pretends to be: departments, users and approval templates, given by whoever starts
 * it (the demo passes its district government office, `demoOrg` in bot-server/demo/demo-dingtalk.ts; `duban sim
 * --seed` a JSON file; the tests their own).
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
