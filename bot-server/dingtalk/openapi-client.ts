/**
 * The new-style `api.dingtalk.com/v1.0` APIs through the official `@alicloud/dingtalk` SDK (docs/dingtalk.md §4.2,
 * §7, §5.2; the § numbers below are that file's). The SDK is pointed at `apiBase` (`DINGTALK_API_BASE`) through
 * `Config.protocol` + `Config.endpoint` and nothing else; the simulator tests show it works unchanged against a
 * local endpoint.
 *
 * The product modules are imported from `dist/<product>/client` rather than the root shims
 * (`@alicloud/dingtalk/workflow_1_0`): the shims carry no type declarations, and the package root loads all
 * ~200 products (≈3× slower start).
 */
import CalendarClient, * as $calendar from '@alicloud/dingtalk/dist/calendar_1_0/client';
import RobotClient, * as $robot from '@alicloud/dingtalk/dist/robot_1_0/client';
import WorkflowClient, * as $workflow from '@alicloud/dingtalk/dist/workflow_1_0/client';
import * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';
import { type ApiCallContext, apiCallContext, callWithPolicy, type RetryPolicy } from './api-call';
import { openApiError } from './api-errors';
import { DINGTALK_API_BASE } from './constants';
import { DingTalkApiError, DingTalkError } from './errors';
import type { Logger } from './logger';
import type { RateLimiter } from './rate-limiter';
import type { TokenSource } from './token-cache';

export interface OpenApiClientOptions {
  tokens: TokenSource;
  /** `DINGTALK_API_BASE`: scheme + host (+ port) only, e.g. `http://127.0.0.1:4010`; default https://api.dingtalk.com. */
  apiBase?: string;
  limiter?: RateLimiter;
  retry?: Partial<RetryPolicy>;
  /** Read and connect timeout handed to the SDK. Default 10 s. */
  timeoutMs?: number;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * SDK configuration for a base URL. The SDK builds `${protocol}://${endpoint}${pathname}` (§4.2,
 * darabonba-openapi `execute`, gateway-dingtalk `modifyRequest` host = endpoint), so a path prefix cannot work.
 */
export function sdkConfig(apiBase: string): $OpenApi.Config {
  const url = new URL(apiBase);
  if (url.pathname !== '/' || url.search !== '') {
    throw new DingTalkError('config_invalid', 'the DingTalk API base must be scheme://host[:port] without a path');
  }
  return new $OpenApi.Config({ protocol: url.protocol.replace(':', ''), endpoint: url.host, regionId: 'central' });
}

export type ProcessInstance = $workflow.GetProcessInstanceResponseBodyResult;
export type CalendarEvent = $calendar.GetEventResponseBody;

export interface ListProcessInstanceIdsRequest {
  processCode: string;
  /** Creation time window, epoch ms. */
  startTime: number;
  endTime?: number;
  /** `RUNNING` | `TERMINATED` | `COMPLETED` (§7.1). */
  statuses?: string[];
  /** Originators. */
  userIds?: string[];
  /** Page size, ≤ 20. */
  maxResults?: number;
  /** The `nextToken` of the previous page; 0 or absent for the first. */
  nextToken?: number | string;
}

export interface StartProcessInstanceRequest {
  processCode: string;
  originatorUserId: string;
  /** Required when no approvers are given; -1 = root department (§7.2). */
  deptId?: number;
  microappAgentId?: number;
  approvers?: Array<{ actionType: 'AND' | 'OR' | 'NONE'; userIds: string[] }>;
  ccList?: string[];
  formComponentValues: Array<{
    name: string;
    value: string;
    id?: string;
    bizAlias?: string;
    extValue?: string;
    componentType?: string;
  }>;
}

export interface ExecuteTaskRequest {
  processInstanceId: string;
  taskId: number;
  actionerUserId: string;
  result: 'agree' | 'refuse';
  remark?: string;
}

/** One approval form (审批模板) of the corp as `listProcessTemplates` answers it (§7.6). */
export interface ProcessTemplate {
  processCode: string;
  name: string;
  /** The group (分组) it is filed under in the approval admin, when any. */
  dirName: string | null;
}

/**
 * One node of an approval form's flow as `POST /v1.0/workflow/processes/forecast` predicts it
 * (`workflowActivityRules[]`; open.dingtalk.com/document/orgapp/approval-process-prediction). The activity id is the
 * node's id in the running instance too (the 退回审批任务 page, …/development/api-premiumreverttask, takes a task's
 * target node from this answer), so it keys a stage map as `tasks[].activityId` does.
 */
export interface ForecastNode {
  activityId: string;
  /** 节点名称 as the form's designer names it. */
  activityName: string | null;
  /** `target_approval` (approvers set in the form) or `target_select` (chosen by the originator). */
  activityType: string | null;
}

export interface ForecastProcessRequest {
  processCode: string;
  /** The DingTalk user the approval would be started by, and their department: both required by DingTalk. */
  userId: string;
  deptId: number;
  /** Required, not empty (`componentIsNull` otherwise); branch conditions are evaluated on these values. */
  formComponentValues: Array<{ name: string; value: string }>;
}

/** DingTalk's new-style refusal of a call whose permission (权限点) the app lacks (docs/setup.md §3). */
export const PERMISSION_DENIED = 'Forbidden.AccessDenied.AccessTokenPermissionDenied';

/** Enterprise-robot message: `msgKey` + `msgParam` (a JSON *string*) (§5.2); see messages.ts. */
export interface RobotMessage {
  msgKey: string;
  msgParam: string;
}

export interface RobotOneToOneResult {
  processQueryKey?: string;
  invalidStaffIdList: string[];
  flowControlledStaffIdList: string[];
}

/** At most 20 users per one-to-one batch (§5.2: the doc's own error table says 100; 20 is safe). */
export const ROBOT_ONE_TO_ONE_MAX_USERS = 20;

export class OpenApiClient {
  /** The raw SDK clients, already pointed at `apiBase`, for calls not wrapped here. */
  readonly workflow: WorkflowClient;
  readonly robot: RobotClient;
  readonly calendar: CalendarClient;
  private readonly context: ApiCallContext;
  private readonly timeoutMs: number;

  constructor(options: OpenApiClientOptions) {
    const config = sdkConfig(options.apiBase ?? DINGTALK_API_BASE);
    this.workflow = new WorkflowClient(config);
    this.robot = new RobotClient(config);
    this.calendar = new CalendarClient(config);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.context = apiCallContext(options);
  }

  /** `GET /v1.0/workflow/processInstances?processInstanceId` (§7.1). */
  async getProcessInstance(processInstanceId: string): Promise<ProcessInstance> {
    const api = 'GET /v1.0/workflow/processInstances';
    const body = await this.sdk(api, (token, runtime) =>
      this.workflow.getProcessInstanceWithOptions(
        new $workflow.GetProcessInstanceRequest({ processInstanceId }),
        new $workflow.GetProcessInstanceHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      ),
    );
    if (!body.result) throw new DingTalkApiError('api_bad_response', `${api}: no result`, { api });
    return body.result;
  }

  /**
   * `GET /v1.0/calendar/users/{unionId}/calendars/{calendarId}/events/{eventId}` (SDK `GetEvent`): one calendar
   * event as its attendee `unionId` sees it; `calendar_event_change` names the event, not its details
   * (§2.5).
   */
  async getCalendarEvent(unionId: string, calendarId: string, eventId: string): Promise<CalendarEvent> {
    const api = 'GET /v1.0/calendar/users/{userId}/calendars/{calendarId}/events/{eventId}';
    return this.sdk(api, (token, runtime) =>
      this.calendar.getEventWithOptions(
        unionId,
        calendarId,
        eventId,
        new $calendar.GetEventRequest({}),
        new $calendar.GetEventHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      ),
    );
  }

  /** `POST /v1.0/workflow/processes/instanceIds/query` (SDK `ListProcessInstanceIds`): one page of instance ids. */
  async listProcessInstanceIds(
    request: ListProcessInstanceIdsRequest,
  ): Promise<{ list: string[]; nextToken?: string }> {
    const api = '/v1.0/workflow/processes/instanceIds/query';
    const body = await this.sdk(api, (token, runtime) =>
      this.workflow.listProcessInstanceIdsWithOptions(
        new $workflow.ListProcessInstanceIdsRequest({
          ...request,
          maxResults: request.maxResults ?? 20,
          nextToken: Number(request.nextToken ?? 0),
        }),
        new $workflow.ListProcessInstanceIdsHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      ),
    );
    const list = body.result?.list ?? [];
    const nextToken = body.result?.nextToken;
    return nextToken === undefined || nextToken === null || nextToken === ''
      ? { list }
      : { list, nextToken: String(nextToken) };
  }

  /** `POST /v1.0/workflow/processInstances` → the new instance id (§7.2). */
  async startProcessInstance(request: StartProcessInstanceRequest): Promise<string> {
    const api = 'POST /v1.0/workflow/processInstances';
    const body = await this.sdk(api, (token, runtime) =>
      this.workflow.startProcessInstanceWithOptions(
        new $workflow.StartProcessInstanceRequest({
          ...request,
          approvers: request.approvers?.map((a) => new $workflow.StartProcessInstanceRequestApprovers(a)),
          formComponentValues: request.formComponentValues.map(
            (v) => new $workflow.StartProcessInstanceRequestFormComponentValues(v),
          ),
        }),
        new $workflow.StartProcessInstanceHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      ),
    );
    if (!body.instanceId) throw new DingTalkApiError('api_bad_response', `${api}: no instanceId`, { api });
    return body.instanceId;
  }

  /** Approves or refuses a task: `POST /v1.0/workflow/processInstances/execute` (§7.3). */
  async executeTask(request: ExecuteTaskRequest): Promise<boolean> {
    const api = '/v1.0/workflow/processInstances/execute';
    const body = await this.sdk(api, (token, runtime) =>
      this.workflow.executeProcessInstanceWithOptions(
        new $workflow.ExecuteProcessInstanceRequest(request),
        new $workflow.ExecuteProcessInstanceHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      ),
    );
    return body.result === true;
  }

  /**
   * One page of the corp's approval forms: `GET /v1.0/workflow/processes/userVisibilities/templates` (SDK
   * `ListUserVisibleBpmsProcesses`, permission `Workflow.Form.Read`, §7.6). Without `userId` DingTalk lists every
   * form of the corp, so the answer does not depend on who asks; ≤ 100 a page, `nextToken` 0 first, absent at the end.
   */
  async listProcessTemplates(page: { maxResults?: number; nextToken?: number | string } = {}): Promise<{
    templates: ProcessTemplate[];
    nextToken?: string;
  }> {
    const api = 'GET /v1.0/workflow/processes/userVisibilities/templates';
    const body = await this.sdk(api, (token, runtime) =>
      this.workflow.listUserVisibleBpmsProcessesWithOptions(
        new $workflow.ListUserVisibleBpmsProcessesRequest({
          maxResults: page.maxResults ?? 100,
          nextToken: Number(page.nextToken ?? 0),
        }),
        new $workflow.ListUserVisibleBpmsProcessesHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      ),
    );
    const templates = (body.result?.processList ?? []).flatMap((p) =>
      p.processCode ? [{ processCode: p.processCode, name: p.name ?? '', dirName: p.dirName || null }] : [],
    );
    const nextToken = body.result?.nextToken;
    return nextToken === undefined || nextToken === null ? { templates } : { templates, nextToken: String(nextToken) };
  }

  /**
   * The nodes an approval of the form would pass through, predicted before any is started:
   * `POST /v1.0/workflow/processes/forecast` (SDK `ProcessForecast`, permission `Workflow.Instance.Write`
   * 工作流实例写权限, open.dingtalk.com/document/orgapp/approval-process-prediction). An answer with
   * `isForecastSuccess` false is refused as DingTalk's own `forecastError` (流程预测失败) is.
   */
  async forecastProcess(request: ForecastProcessRequest): Promise<ForecastNode[]> {
    const api = 'POST /v1.0/workflow/processes/forecast';
    const body = await this.sdk(api, (token, runtime) =>
      this.workflow.processForecastWithOptions(
        new $workflow.ProcessForecastRequest({
          ...request,
          formComponentValues: request.formComponentValues.map(
            (v) => new $workflow.ProcessForecastRequestFormComponentValues(v),
          ),
        }),
        new $workflow.ProcessForecastHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      ),
    );
    if (body.result?.isForecastSuccess !== true) {
      throw new DingTalkApiError('api_bad_response', `${api}: the forecast did not succeed`, {
        api,
        errcode: 'forecastError',
      });
    }
    return (body.result.workflowActivityRules ?? []).flatMap((rule) =>
      rule.activityId
        ? [
            {
              activityId: rule.activityId,
              activityName: rule.activityName || null,
              activityType: rule.activityType || null,
            },
          ]
        : [],
    );
  }

  /** Robot one-to-one messages: `POST /v1.0/robot/oToMessages/batchSend` (§5.2). */
  async sendRobotOneToOne(robotCode: string, userIds: string[], message: RobotMessage): Promise<RobotOneToOneResult> {
    if (userIds.length === 0 || userIds.length > ROBOT_ONE_TO_ONE_MAX_USERS) {
      throw new DingTalkError(
        'message_invalid',
        `a robot one-to-one batch goes to 1–${ROBOT_ONE_TO_ONE_MAX_USERS} users`,
      );
    }
    const api = '/v1.0/robot/oToMessages/batchSend';
    const body = await this.sdk(api, (token, runtime) =>
      this.robot.batchSendOTOWithOptions(
        new $robot.BatchSendOTORequest({ robotCode, userIds, ...message }),
        new $robot.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      ),
    );
    return {
      ...(body.processQueryKey === undefined ? {} : { processQueryKey: body.processQueryKey }),
      invalidStaffIdList: body.invalidStaffIdList ?? [],
      flowControlledStaffIdList: body.flowControlledStaffIdList ?? [],
    };
  }

  /** Robot message into a group: `POST /v1.0/robot/groupMessages/send` (§5.2). */
  async sendRobotGroup(
    robotCode: string,
    openConversationId: string,
    message: RobotMessage,
  ): Promise<{ processQueryKey?: string }> {
    const api = '/v1.0/robot/groupMessages/send';
    const body = await this.sdk(api, (token, runtime) =>
      this.robot.orgGroupSendWithOptions(
        new $robot.OrgGroupSendRequest({ robotCode, openConversationId, ...message }),
        new $robot.OrgGroupSendHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      ),
    );
    return body.processQueryKey === undefined ? {} : { processQueryKey: body.processQueryKey };
  }

  private sdk<B>(
    api: string,
    run: (token: string, runtime: $Util.RuntimeOptions) => Promise<{ body?: B }>,
  ): Promise<B> {
    return callSdk(this.context, this.timeoutMs, api, run);
  }
}

/** Runs one SDK call under the shared policy; the SDK's own retries stay off (`autoretry: false`). */
export function callSdk<B>(
  context: ApiCallContext,
  timeoutMs: number,
  api: string,
  run: (token: string, runtime: $Util.RuntimeOptions) => Promise<{ body?: B }>,
): Promise<B> {
  return callWithPolicy(context, api, async (token) => {
    const runtime = new $Util.RuntimeOptions({ autoretry: false, readTimeout: timeoutMs, connectTimeout: timeoutMs });
    let response: { body?: B };
    try {
      response = await run(token, runtime);
    } catch (err) {
      throw sdkError(api, err);
    }
    if (response.body === undefined) throw new DingTalkApiError('api_bad_response', `${api}: empty answer`, { api });
    return response.body;
  });
}

/**
 * The SDK throws `{code, message, data: {code, message, requestid, statusCode}, statusCode}` for HTTP 4xx/5xx
 * (gateway-dingtalk `modifyResponse`, §4.2); anything without a status is a network failure.
 */
function sdkError(api: string, err: unknown): DingTalkApiError {
  const data = (err as { data?: unknown } | null)?.data as Record<string, unknown> | undefined;
  const status = Number(data?.statusCode ?? (err as { statusCode?: unknown } | null)?.statusCode);
  if (Number.isInteger(status) && status >= 400) return openApiError(api, status, data ?? {});
  return new DingTalkApiError(
    'api_unreachable',
    `${api}: no answer from DingTalk (${err instanceof Error ? err.name : 'error'})`,
    { api, retryable: true },
    { cause: err },
  );
}
