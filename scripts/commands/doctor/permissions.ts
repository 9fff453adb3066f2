/**
 * The DingTalk permissions (权限点) Duban needs, each with one harmless call that shows whether the app holds it:
 * a read, or a write naming nothing that exists, so DingTalk checks the permission and then refuses the arguments.
 * Codes and console names: docs/setup.md §3.
 */
import type { Config } from '../../../bot-server/config/config';

/** A call: old style (`oapi`, token in the query) or new style (`/v1.0`, token in a header). */
export type ProbeCall =
  | { style: 'oapi'; path: string; body: Record<string, unknown> }
  | { style: 'openapi'; method: 'GET' | 'POST' | 'PUT'; path: string; body?: Record<string, unknown> };

export interface PermissionProbe {
  /** The permission code, as DingTalk's answers and the console's search name it. */
  scope: string;
  /** Its name in the developer console (权限管理). */
  name: string;
  /** What Duban does with it. */
  use: string;
  call(app: { agentId: string; appKey: string }): ProbeCall;
  /** Why this site does not need it, when it does not (default: every site does). */
  notNeeded?(config: Pick<Config, 'todoKinds'>): string | undefined;
}

/** An id no organisation has: the calls that name one read or change nothing. */
export const PROBE_ID = 'duban-doctor-probe';

const todosOff = (config: Pick<Config, 'todoKinds'>) =>
  config.todoKinds.length === 0 ? '未启用钉钉待办（DINGTALK_TODO_KINDS=none）' : undefined;

export const PERMISSION_PROBES: readonly PermissionProbe[] = [
  {
    scope: 'qyapi_get_department_list',
    name: '通讯录部门信息读权限',
    use: '同步部门',
    call: () => ({ style: 'oapi', path: '/topapi/v2/department/listsub', body: { dept_id: 1 } }),
  },
  {
    scope: 'qyapi_get_department_member',
    name: '通讯录部门成员读权限',
    use: '同步各部门人员',
    call: () => ({ style: 'oapi', path: '/topapi/v2/user/list', body: { dept_id: 1, cursor: 0, size: 1 } }),
  },
  {
    scope: 'qyapi_get_member',
    name: '成员信息读权限',
    use: '读取人员详情',
    call: () => ({ style: 'oapi', path: '/topapi/v2/user/get', body: { userid: PROBE_ID } }),
  },
  {
    scope: 'qyapi_base',
    name: '基础权限',
    use: '免登和发送工作通知',
    call: ({ agentId }) => ({
      style: 'oapi',
      path: '/topapi/message/corpconversation/getsendprogress',
      body: { agent_id: Number(agentId), task_id: 1 },
    }),
  },
  {
    scope: 'qyapi_robot_sendmsg',
    name: '企业内机器人发送消息权限',
    use: '机器人单聊提醒',
    call: ({ appKey }) => ({
      style: 'openapi',
      method: 'POST',
      path: '/v1.0/robot/oToMessages/batchSend',
      body: { robotCode: appKey, userIds: [], msgKey: 'sampleText', msgParam: '{"content":"督办系统配置检查"}' },
    }),
  },
  {
    scope: 'Workflow.Instance.Read',
    name: '工作流实例读权限',
    use: '读取收文、发文的审批实例',
    call: () => ({
      style: 'openapi',
      method: 'GET',
      path: `/v1.0/workflow/processInstances?processInstanceId=${PROBE_ID}`,
    }),
  },
  {
    scope: 'Workflow.Instance.Write',
    name: '工作流实例写权限',
    use: '在督办中同意或拒绝审批任务',
    call: () => ({
      style: 'openapi',
      method: 'POST',
      path: '/v1.0/workflow/processInstances/execute',
      body: { processInstanceId: PROBE_ID, taskId: 1, actionerUserId: PROBE_ID, result: 'agree' },
    }),
  },
  {
    scope: 'Workflow.Form.Read',
    name: '工作流模板读权限',
    use: '在系统管理中列出本单位的审批模板',
    call: () => ({
      style: 'openapi',
      method: 'GET',
      path: '/v1.0/workflow/processes/userVisibilities/templates?maxResults=1&nextToken=0',
    }),
  },
  {
    scope: 'Calendar.Event.Read',
    name: '日程读权限',
    use: '读取钉钉日程中的会议',
    call: () => ({
      style: 'openapi',
      method: 'GET',
      path: `/v1.0/calendar/users/${PROBE_ID}/calendars/primary/events/${PROBE_ID}`,
    }),
  },
  {
    scope: 'Todo.Todo.Read',
    name: '待办读权限',
    use: '查找已建的钉钉待办，避免重复创建',
    notNeeded: todosOff,
    call: () => ({ style: 'openapi', method: 'GET', path: `/v1.0/todo/users/${PROBE_ID}/tasks/sources/${PROBE_ID}` }),
  },
  {
    scope: 'Todo.Todo.Write',
    name: '待办写权限',
    use: '把期限同步到钉钉待办',
    notNeeded: todosOff,
    call: () => ({
      style: 'openapi',
      method: 'PUT',
      path: `/v1.0/todo/users/${PROBE_ID}/tasks/${PROBE_ID}`,
      body: { done: false },
    }),
  },
];
