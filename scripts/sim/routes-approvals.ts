/** Workflow: approval instances and tasks (docs/dingtalk.md §7). */
import type Router from '@koa/router';
import { OpenApiFailure, openApiOk } from './envelopes';
import type { ApproverNode } from './org';
import { body, queryString } from './request';
import { openApiGuard } from './routes-auth';
import type { SimulatorState } from './state';
import { forecastProcess, visibleTemplates } from './state-approvals';

/** Calls to the approval-form APIs past the token and permission checks, by API, of one simulated DingTalk (tests count them). */
const formCalls = new WeakMap<SimulatorState, Map<string, number>>();

export function approvalFormCalls(state: SimulatorState): Map<string, number> {
  let calls = formCalls.get(state);
  if (!calls) {
    calls = new Map();
    formCalls.set(state, calls);
  }
  return calls;
}

function countCall(state: SimulatorState, api: string): void {
  const calls = approvalFormCalls(state);
  calls.set(api, (calls.get(api) ?? 0) + 1);
}

/** `approvers[{actionType: AND|OR|NONE, userIds[]}]`, ≤ 20 nodes (docs/dingtalk.md §7.2). */
function approverNodes(value: unknown): ApproverNode[] {
  const valid =
    Array.isArray(value) &&
    value.length <= 20 &&
    value.every(
      (node: Partial<ApproverNode> | null) =>
        node !== null &&
        typeof node === 'object' &&
        (node.actionType === 'AND' || node.actionType === 'OR' || node.actionType === 'NONE') &&
        Array.isArray(node.userIds) &&
        node.userIds.every((id) => typeof id === 'string'),
    );
  if (!valid) throw new OpenApiFailure(400, 'invalidParameter', 'approvers 格式错误'); // simulator choice
  return value as ApproverNode[];
}

export function approvalRoutes(router: Router, state: SimulatorState): void {
  const openApiAuth = openApiGuard(state);

  router.get('/v1.0/workflow/processInstances', openApiAuth, (ctx) => {
    const id = queryString(ctx, 'processInstanceId');
    if (!id)
      throw new OpenApiFailure(400, 'MissingprocessInstanceId', 'processInstanceId is mandatory for this action.');
    openApiOk(ctx, { success: 'true', result: state.instanceView(id) });
  });

  router.post('/v1.0/workflow/processInstances', openApiAuth, (ctx) => {
    const b = body(ctx);
    const instanceId = state.startInstance({
      processCode: String(b.processCode ?? ''),
      originatorUserId: String(b.originatorUserId ?? ''),
      ...(b.deptId === undefined ? {} : { deptId: Number(b.deptId) }),
      ...(b.approvers === undefined ? {} : { approvers: approverNodes(b.approvers) }),
      ...(Array.isArray(b.ccList) ? { ccList: b.ccList.map(String) } : {}),
      formComponentValues: Array.isArray(b.formComponentValues)
        ? (b.formComponentValues as Array<Record<string, unknown>>).map((v) => ({
            name: String(v.name ?? ''),
            value: String(v.value ?? ''),
            ...(typeof v.id === 'string' ? { id: v.id } : {}),
            ...(typeof v.componentType === 'string' ? { componentType: v.componentType } : {}),
            ...(typeof v.bizAlias === 'string' ? { bizAlias: v.bizAlias } : {}),
            ...(typeof v.extValue === 'string' ? { extValue: v.extValue } : {}),
          }))
        : [],
    });
    openApiOk(ctx, { instanceId });
  });

  router.post('/v1.0/workflow/processes/instanceIds/query', openApiAuth, (ctx) => {
    const b = body(ctx);
    if (typeof b.processCode !== 'string' || b.startTime === undefined) {
      throw new OpenApiFailure(400, 'invalidParameter', 'processCode and startTime are required'); // simulator choice
    }
    openApiOk(ctx, {
      success: true,
      result: state.listInstanceIds({
        processCode: b.processCode,
        startTime: Number(b.startTime),
        ...(b.endTime === undefined ? {} : { endTime: Number(b.endTime) }),
        ...(Array.isArray(b.statuses) ? { statuses: b.statuses.map(String) } : {}),
        ...(Array.isArray(b.userIds) ? { userIds: b.userIds.map(String) } : {}),
        maxResults: Number(b.maxResults ?? 20),
        nextToken: Number(b.nextToken ?? 0),
      }),
    });
  });

  router.get('/v1.0/workflow/processes/userVisibilities/templates', openApiAuth, (ctx) => {
    const number = (name: string) => {
      const value = queryString(ctx, name);
      return value === undefined || value === '' ? undefined : Number(value);
    };
    const userId = queryString(ctx, 'userId');
    countCall(state, 'GET /v1.0/workflow/processes/userVisibilities/templates');
    openApiOk(ctx, {
      result: visibleTemplates(state.processes, state.users, {
        ...(userId ? { userId } : {}),
        maxResults: number('maxResults'),
        nextToken: number('nextToken'),
      }),
    });
  });

  router.post('/v1.0/workflow/processes/forecast', openApiAuth, (ctx) => {
    countCall(state, 'POST /v1.0/workflow/processes/forecast');
    openApiOk(ctx, { result: forecastProcess(state, body(ctx)) });
  });

  router.post('/v1.0/workflow/processInstances/execute', openApiAuth, (ctx) => {
    const b = body(ctx);
    state.executeTask({
      processInstanceId: String(b.processInstanceId ?? ''),
      taskId: Number(b.taskId),
      actionerUserId: String(b.actionerUserId ?? ''),
      result: String(b.result ?? ''),
      ...(typeof b.remark === 'string' ? { remark: b.remark } : {}),
    });
    openApiOk(ctx, { result: true, success: true });
  });

  router.post('/v1.0/workflow/processInstances/terminate', openApiAuth, (ctx) => {
    const b = body(ctx);
    state.terminateInstance(
      String(b.processInstanceId ?? ''),
      typeof b.operatingUserId === 'string' ? b.operatingUserId : undefined,
      typeof b.remark === 'string' ? b.remark : undefined,
    );
    openApiOk(ctx, { result: true, success: true });
  });
}
