/** Approval instances and their tasks (docs/dingtalk.md §7), with the events they push (§2.2–§2.3). */
import { OpenApiFailure } from './envelopes';
import { randomAlnum } from './ids';
import type { ApproverNode, SimProcess } from './org';
import type { Directory } from './state-org';

export interface SimTask {
  taskId: number;
  userId: string;
  nodeIndex: number;
  /** docs/dingtalk.md §7.1 tasks[].status / result. */
  status: 'RUNNING' | 'COMPLETED' | 'CANCELED' | 'TERMINATED';
  result?: 'AGREE' | 'REFUSE';
  remark?: string;
  createTime: number;
  finishTime?: number;
}

export interface SimInstance {
  processInstanceId: string;
  processCode: string;
  title: string;
  businessId: string;
  originatorUserId: string;
  originatorDeptId: string;
  originatorDeptName: string;
  formComponentValues: Array<{
    name: string;
    value: string;
    id?: string;
    componentType?: string;
    bizAlias?: string;
    extValue?: string;
  }>;
  ccUserIds: string[];
  nodes: ApproverNode[];
  currentNode: number;
  status: 'RUNNING' | 'COMPLETED' | 'TERMINATED';
  result?: 'agree' | 'refuse';
  createTime: number;
  finishTime?: number;
  tasks: SimTask[];
  operationRecords: Array<{
    userId: string;
    date: number;
    type: string;
    result: 'AGREE' | 'REFUSE' | 'NONE';
    remark?: string;
    /** The node acted on and its name (docs/dingtalk.md §7.1 operationRecords[].activityId / showName). */
    activityId?: string;
    showName?: string;
  }>;
}

export interface StartInstanceInput {
  processCode: string;
  originatorUserId: string;
  deptId?: number;
  approvers?: ApproverNode[];
  ccList?: string[];
  formComponentValues: SimInstance['formComponentValues'];
}

/** `yyyy-MM-ddTHH:mmZ`, UTC — the time format of the workflow API (SDK doc: "Use the UTC time format"). */
export function workflowTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

export interface ApprovalsOptions {
  corpId: string;
  directory: Directory;
  now: () => number;
  onEvent: (eventType: string, data: Record<string, unknown>) => void;
}

export class Approvals {
  readonly instances = new Map<string, SimInstance>();
  private readonly options: ApprovalsOptions;
  private nextTaskId = 60_000_000_001;

  constructor(options: ApprovalsOptions) {
    this.options = options;
  }

  private now(): number {
    return this.options.now();
  }

  startInstance(input: StartInstanceInput): string {
    const process = this.options.directory.processes.get(input.processCode);
    if (!process) throw new OpenApiFailure(400, 'aflowProcessCodeIsError', '获取审批模板失败或审批模板已被删除');
    const originator = this.options.directory.users.get(input.originatorUserId);
    if (!originator) throw new OpenApiFailure(400, 'staff.not.found', '钉钉员工不存在');
    if (!Array.isArray(input.formComponentValues) || input.formComponentValues.length === 0) {
      throw new OpenApiFailure(400, 'aflowProcessFormDataIsNull', '流程表单数据为空');
    }
    const nodes = (input.approvers && input.approvers.length > 0 ? input.approvers : process.approvers).filter(
      (node) => node.userIds.length > 0,
    );
    for (const node of nodes) {
      for (const userId of node.userIds) {
        if (!this.options.directory.users.has(userId))
          throw new OpenApiFailure(400, 'staff.not.found', `钉钉员工不存在: ${userId}`);
      }
    }
    const deptId = input.deptId === undefined || input.deptId === -1 ? (originator.dept_id_list[0] ?? 1) : input.deptId;
    const now = this.now();
    const instance: SimInstance = {
      processInstanceId: randomAlnum(22),
      processCode: process.processCode,
      title: `${originator.name}提交的${process.name}`,
      businessId: `${new Date(now + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '')}${String(this.instances.size + 1).padStart(6, '0')}`,
      originatorUserId: originator.userid,
      originatorDeptId: String(deptId),
      originatorDeptName: this.options.directory.departments.get(deptId)?.name ?? '',
      formComponentValues: input.formComponentValues,
      ccUserIds: input.ccList ?? [],
      nodes,
      currentNode: 0,
      status: 'RUNNING',
      createTime: now,
      tasks: [],
      operationRecords: [{ userId: originator.userid, date: now, type: 'START_PROCESS_INSTANCE', result: 'NONE' }],
    };
    this.instances.set(instance.processInstanceId, instance);
    this.emitInstance(instance, 'start');
    if (nodes.length === 0) this.finish(instance, 'agree');
    else this.openNode(instance, 0);
    return instance.processInstanceId;
  }

  /** Approves or refuses one running task of `actionerUserId` (docs/dingtalk.md §7.3). */
  executeTask(input: {
    processInstanceId: string;
    taskId: number;
    actionerUserId: string;
    result: string;
    remark?: string;
  }): void {
    const instance = this.instances.get(input.processInstanceId);
    if (!instance) throw new OpenApiFailure(400, 'aflowProcessInstNotExist', '审批实例不存在');
    if (input.result !== 'agree' && input.result !== 'refuse') {
      throw new OpenApiFailure(400, 'invalidInstanceExecuteResult', '审批结果只能是agree或refuse');
    }
    const task = instance.tasks.find((t) => t.taskId === Number(input.taskId));
    if (!task || instance.status !== 'RUNNING' || task.status !== 'RUNNING' || task.userId !== input.actionerUserId) {
      throw new OpenApiFailure(400, 'aflowProcessInstCanNotBeExecuted', '审批状态异常，无法执行');
    }
    const now = this.now();
    task.status = 'COMPLETED';
    task.result = input.result === 'agree' ? 'AGREE' : 'REFUSE';
    task.finishTime = now;
    if (input.remark !== undefined) task.remark = input.remark;
    instance.operationRecords.push({
      userId: task.userId,
      date: now,
      type: 'EXECUTE_TASK_NORMAL',
      result: task.result,
      ...(input.remark === undefined ? {} : { remark: input.remark }),
      activityId: activityIdOf(task.nodeIndex),
      showName: instance.nodes[task.nodeIndex]?.name ?? '审批人',
    });
    this.emitTask(instance, task, 'finish', input.result);

    const node = instance.nodes[task.nodeIndex];
    const siblings = instance.tasks.filter((t) => t.nodeIndex === task.nodeIndex && t.status === 'RUNNING');
    if (input.result === 'refuse') {
      this.cancel(instance, siblings);
      this.finish(instance, 'refuse');
      return;
    }
    // 或签: the first agreement decides and the others' tasks are cancelled (§2.3 type `cancel`); 会签 waits for all.
    if (node?.actionType === 'OR') this.cancel(instance, siblings);
    else if (siblings.length > 0) return;
    if (task.nodeIndex + 1 < instance.nodes.length) this.openNode(instance, task.nodeIndex + 1);
    else this.finish(instance, 'agree');
  }

  /** The originator revokes (撤销): TERMINATED, type `terminate` (docs/dingtalk.md §2.2). */
  terminateInstance(processInstanceId: string, operatingUserId?: string, remark?: string): void {
    const instance = this.instances.get(processInstanceId);
    if (!instance) throw new OpenApiFailure(400, 'aflowProcessInstNotExist', '审批实例不存在');
    if (instance.status !== 'RUNNING')
      throw new OpenApiFailure(400, 'aflowProcessInstStatusException', '审批单状态异常');
    const now = this.now();
    this.cancel(
      instance,
      instance.tasks.filter((t) => t.status === 'RUNNING'),
    );
    instance.status = 'TERMINATED';
    instance.finishTime = now;
    instance.operationRecords.push({
      userId: operatingUserId ?? instance.originatorUserId,
      date: now,
      type: 'TERMINATE_PROCESS_INSTANCE',
      result: 'NONE',
      ...(remark === undefined ? {} : { remark }),
    });
    this.emitInstance(instance, 'terminate');
  }

  /** `GET /v1.0/workflow/processInstances` result (docs/dingtalk.md §7.1). */
  instanceView(processInstanceId: string): Record<string, unknown> {
    const instance = this.instances.get(processInstanceId);
    if (!instance) throw new OpenApiFailure(400, 'aflowProcessInstNotExist', '审批实例不存在');
    return {
      title: instance.title,
      status: instance.status,
      ...(instance.result === undefined ? {} : { result: instance.result }),
      businessId: instance.businessId,
      originatorUserId: instance.originatorUserId,
      originatorDeptId: instance.originatorDeptId,
      originatorDeptName: instance.originatorDeptName,
      createTime: workflowTime(instance.createTime),
      ...(instance.finishTime === undefined ? {} : { finishTime: workflowTime(instance.finishTime) }),
      approverUserIds: [...new Set(instance.nodes.flatMap((node) => node.userIds))],
      ccUserIds: instance.ccUserIds,
      formComponentValues: instance.formComponentValues.map((v, i) => ({
        id: v.id ?? `TextField-${i + 1}`,
        name: v.name,
        value: v.value,
        componentType: v.componentType ?? 'TextField',
        ...(v.bizAlias === undefined ? {} : { bizAlias: v.bizAlias }),
        ...(v.extValue === undefined ? {} : { extValue: v.extValue }),
      })),
      operationRecords: instance.operationRecords.map((r) => ({
        userId: r.userId,
        date: workflowTime(r.date),
        type: r.type,
        result: r.result,
        ...(r.remark === undefined ? {} : { remark: r.remark }),
        ...(r.activityId === undefined ? {} : { activityId: r.activityId, showName: r.showName }),
        attachments: [],
        images: [],
      })),
      tasks: instance.tasks.map((t) => ({
        taskId: t.taskId,
        userId: t.userId,
        status: t.status,
        ...(t.result === undefined ? {} : { result: t.result }),
        createTime: workflowTime(t.createTime),
        ...(t.finishTime === undefined ? {} : { finishTime: workflowTime(t.finishTime) }),
        mobileUrl: this.approvalUrl(instance, t.taskId),
        pcUrl: this.approvalUrl(instance, t.taskId),
        processInstanceId: instance.processInstanceId,
        activityId: activityIdOf(t.nodeIndex),
      })),
      bizAction: 'NONE',
      attachedProcessInstanceIds: [],
    };
  }

  /** `POST /v1.0/workflow/processes/instanceIds/query` (SDK ListProcessInstanceIds): ≤20 per page, numeric cursor. */
  listInstanceIds(query: {
    processCode: string;
    startTime: number;
    endTime?: number;
    statuses?: string[];
    userIds?: string[];
    maxResults: number;
    nextToken: number;
  }): { list: string[]; nextToken?: string } {
    if (!this.options.directory.processes.has(query.processCode)) {
      throw new OpenApiFailure(400, 'aflowProcessCodeIsError', '获取审批模板失败或审批模板已被删除');
    }
    if (!(query.maxResults >= 1 && query.maxResults <= 20))
      throw new OpenApiFailure(400, 'maxResults.invalid', 'maxResults最大为20');
    const end = query.endTime ?? this.now();
    const matching = [...this.instances.values()]
      .filter(
        (i) =>
          i.processCode === query.processCode &&
          i.createTime >= query.startTime &&
          i.createTime <= end &&
          (!query.statuses?.length || query.statuses.includes(i.status)) &&
          (!query.userIds?.length || query.userIds.includes(i.originatorUserId)),
      )
      .sort((a, b) => a.createTime - b.createTime);
    const list = matching.slice(query.nextToken, query.nextToken + query.maxResults).map((i) => i.processInstanceId);
    const next = query.nextToken + query.maxResults;
    return next < matching.length ? { list, nextToken: String(next) } : { list };
  }

  private openNode(instance: SimInstance, nodeIndex: number): void {
    const node = instance.nodes[nodeIndex];
    if (!node) return;
    instance.currentNode = nodeIndex;
    const now = this.now();
    for (const userId of node.userIds) {
      const task: SimTask = { taskId: this.nextTaskId++, userId, nodeIndex, status: 'RUNNING', createTime: now };
      instance.tasks.push(task);
      this.emitTask(instance, task, 'start');
    }
  }

  private cancel(instance: SimInstance, tasks: SimTask[]): void {
    const now = this.now();
    for (const task of tasks) {
      task.status = 'CANCELED';
      task.finishTime = now;
      this.emitTask(instance, task, 'cancel');
    }
  }

  private finish(instance: SimInstance, result: 'agree' | 'refuse'): void {
    instance.status = 'COMPLETED';
    instance.result = result;
    instance.finishTime = this.now();
    this.emitInstance(instance, 'finish', result);
  }

  /** The aflow URL of the event (docs/dingtalk.md §7.5; DingTalk's sample format). */
  private approvalUrl(instance: SimInstance, taskId?: number): string {
    return (
      `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?corpid=${this.options.corpId}&dd_share=false&showmenu=true` +
      `&dd_progress=false&back=native&procInstId=${instance.processInstanceId}&taskId=${taskId ?? ''}` +
      '&dinghash=approval#approval'
    );
  }

  /** `bpms_instance_change` business fields (docs/dingtalk.md §2.2). */
  private emitInstance(
    instance: SimInstance,
    type: 'start' | 'finish' | 'terminate',
    result?: 'agree' | 'refuse',
  ): void {
    this.options.onEvent('bpms_instance_change', {
      ...instanceFields(instance),
      type,
      ...(result === undefined ? {} : { result }),
      staffId: instance.originatorUserId,
      createTime: instance.createTime,
      ...(instance.finishTime === undefined ? {} : { finishTime: instance.finishTime }),
      url: this.approvalUrl(instance),
    });
  }

  /** `bpms_task_change` business fields (docs/dingtalk.md §2.3); `staffId` is the approver. */
  private emitTask(instance: SimInstance, task: SimTask, type: 'start' | 'finish' | 'cancel', result?: string): void {
    this.options.onEvent('bpms_task_change', {
      ...instanceFields(instance),
      type,
      ...(result === undefined ? {} : { result }),
      ...(task.remark === undefined ? {} : { remark: task.remark }),
      taskId: task.taskId,
      staffId: task.userId,
      createTime: task.createTime,
      ...(task.finishTime === undefined ? {} : { finishTime: task.finishTime }),
    });
  }
}

/**
 * `GET /v1.0/workflow/processes/userVisibilities/templates` (SDK ListUserVisibleBpmsProcesses, docs/dingtalk.md §7.6):
 * the approval forms, ≤ 100 a page, `nextToken` 0 first and absent on the last page; without `userId` every form of
 * the corp. Simulator choices: every form is visible to every user, all filed under one group, and an unknown
 * `userId` gets the page's generic `invalidParameter`.
 */
export function visibleTemplates(
  processes: ReadonlyMap<string, SimProcess>,
  users: ReadonlyMap<string, unknown>,
  query: { userId?: string; maxResults?: number; nextToken?: number },
): { processList: Array<Record<string, string>>; nextToken?: number } {
  const { maxResults, nextToken } = query;
  if (nextToken === undefined || !Number.isInteger(nextToken) || nextToken < 0) {
    throw new OpenApiFailure(400, 'invalidNextToken', '获取指定用户可见的审批表单列表，分页查询的游标不能为空');
  }
  if (maxResults === undefined || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw new OpenApiFailure(
      400,
      'invalidMaxResults',
      '获取指定用户可见的审批表单列表，分页参数非法，每页大小，最多传100。',
    );
  }
  if (query.userId !== undefined && !users.has(query.userId)) {
    throw new OpenApiFailure(400, 'invalidParameter', '获取指定用户可见的审批表单列表参数错误');
  }
  const all = [...processes.values()];
  const processList = all.slice(nextToken, nextToken + maxResults).map((p) => ({
    name: p.name,
    processCode: p.processCode,
    iconUrl: 'https://gw.alicdn.com/tfs/TB1bHOWCSzqK1RjSZFjXXblCFXa-112-112.png',
    url: `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?processCode=${encodeURIComponent(p.processCode)}`,
    dirId: '1',
    dirName: '公文管理',
  }));
  const next = nextToken + maxResults;
  return next < all.length ? { processList, nextToken: next } : { processList };
}

/** The start node's id: DingTalk's fixed `sid-startevent` (open.dingtalk.com/document/development/api-premiumreverttask). */
const START_ACTIVITY_ID = 'sid-startevent';

/**
 * `POST /v1.0/workflow/processes/forecast` (SDK ProcessForecast, open.dingtalk.com/document/orgapp/
 * approval-process-prediction) `result`: the nodes an approval of the form started by `userId` would pass, with the
 * activity ids its instance's tasks will carry (the template's approvers that have someone, as `startInstance`
 * keeps them). The refusals are the page's error table. Simulator choices: every node is `target_approval` with
 * its approvers named (no 自选 nodes, no branch conditions: the answer does not depend on the form values), and a
 * `deptId` the organisation does not have is `invalidParameter`.
 */
export function forecastProcess(
  directory: Pick<Directory, 'processes' | 'users' | 'departments'>,
  request: { processCode?: unknown; userId?: unknown; deptId?: unknown; formComponentValues?: unknown },
): Record<string, unknown> {
  const { processCode, userId, deptId, formComponentValues } = request;
  if (typeof userId !== 'string' || userId === '') throw new OpenApiFailure(400, 'invalidUserId', '用户userId为空');
  if (!Array.isArray(formComponentValues) || formComponentValues.length === 0) {
    throw new OpenApiFailure(400, 'componentIsNull', '表单数据为空');
  }
  if (formComponentValues.length > 150) throw new OpenApiFailure(400, 'invalidParameter', '参数错误');
  if (typeof deptId !== 'number' || !directory.departments.has(deptId)) {
    throw new OpenApiFailure(400, 'invalidParameter', '参数错误');
  }
  const process = typeof processCode === 'string' ? directory.processes.get(processCode) : undefined;
  if (!process) throw new OpenApiFailure(400, 'processCodeError', '获取审批模板失败或模板已删除');
  if (!directory.users.has(userId)) throw new OpenApiFailure(400, 'userNotExist', '用户不存在');
  const nodes = process.approvers.filter((node) => node.userIds.length > 0);
  const person = (id: string) => ({ userId: id, name: directory.users.get(id)?.name ?? id });
  const rules = nodes.map((node, i) => ({
    activityId: activityIdOf(i),
    prevActivityId: i === 0 ? START_ACTIVITY_ID : activityIdOf(i - 1),
    activityName: node.name ?? '审批人',
    activityType: 'target_approval',
    isTargetSelect: false,
    workflowActor: {
      actorKey: `manual_${activityIdOf(i)}`,
      actorType: 'approver',
      actorSelectionType: 'approvals',
      actorSelectionRange: {
        approvals: node.userIds.map((id) => ({ workNo: id, userName: person(id).name })),
        labels: [],
      },
      allowedMulti: node.userIds.length > 1,
      approvalType: 'MANUAL',
      approvalMethod: node.actionType === 'AND' || node.actionType === 'OR' ? node.actionType : 'ONE_BY_ONE',
      actorActivateType: 'ONE_BY_ONE',
      required: true,
    },
    activityActioners: node.userIds.map((id) => ({ ...person(id), avatar: '' })),
  }));
  const ids = [START_ACTIVITY_ID, ...rules.map((r) => r.activityId)];
  return {
    isForecastSuccess: true,
    processCode: process.processCode,
    userId,
    processId: processIdOf(process.processCode),
    isStaticWorkflow: true,
    workflowActivityRules: rules,
    workflowForecastNodes: ids.map((id, i) => ({ activityId: id, outId: `line-random-${id}-${ids[i + 1] ?? 'end'}` })),
  };
}

/** A stable numeric process id for a code (DingTalk's `processId`, "暂无使用场景"). */
function processIdOf(processCode: string): number {
  let hash = 0;
  for (const ch of processCode) hash = (hash * 31 + ch.charCodeAt(0)) % 1_000_000_007;
  return 60_000_000_000 + hash;
}

/** The node's activity id as `tasks[].activityId` gives it (simulator choice: `node-<n>`, counted from 1). */
export function activityIdOf(nodeIndex: number): string {
  return `node-${nodeIndex + 1}`;
}

/** What both approval events say of their instance (docs/dingtalk.md §2.2, §2.3). */
function instanceFields(instance: SimInstance) {
  return {
    processInstanceId: instance.processInstanceId,
    processCode: instance.processCode,
    bizCategoryId: '',
    businessId: instance.businessId,
    title: instance.title,
  };
}
