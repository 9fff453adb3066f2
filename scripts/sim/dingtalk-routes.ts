/**
 * The simulated DingTalk endpoints: old `oapi` (token in `?access_token=`, HTTP 200 + errcode) and new `/v1.0`
 * (token in `x-acs-dingtalk-access-token`, 4xx/5xx + `{code, message, requestid}`). The endpoint list is the
 * simulator checklist of docs/dingtalk.md §10; shapes are those of its §4–§7.
 */
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { ACCESS_TOKEN_HEADER } from '../../bot-server/dingtalk/constants';
import {
  OAPI_BAD_TOKEN,
  OAPI_BUSY,
  OAPI_THROTTLED,
  OapiFailure,
  OPENAPI_BAD_TOKEN,
  OPENAPI_BUSY,
  OPENAPI_NO_TOKEN,
  OPENAPI_THROTTLED,
  OpenApiFailure,
  oapiFail,
  oapiOk,
  openApiFail,
  openApiOk,
} from './envelopes';
import type { ApproverNode } from './org';
import type { SimulatorState } from './state';
import type { StreamGateway } from './stream-gateway';

type Body = Record<string, unknown>;

function body(ctx: Context): Body {
  const parsed = ctx.request.body;
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Body) : {};
}

function queryString(ctx: Context, name: string): string | undefined {
  const value = ctx.query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Old-style clients may send numbers as form strings; both are accepted. */
function num(value: unknown, fallback?: number): number {
  if (value === undefined || value === null || value === '') {
    if (fallback !== undefined) return fallback;
    throw new OapiFailure(40035, '参数非法');
  }
  const n = Number(value);
  if (!Number.isFinite(n)) throw new OapiFailure(40035, '参数非法');
  return n;
}

function csv(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value.trim() === '') return [];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
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

/** Translates failures thrown by the state into the envelope of the API style at hand. */
async function envelopes(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (err) {
    if (err instanceof OapiFailure) oapiFail(ctx, err);
    else if (err instanceof OpenApiFailure) openApiFail(ctx, err);
    else if (ctx.path.startsWith('/v1.0/')) openApiFail(ctx, new OpenApiFailure(500, 'systemError', '系统繁忙'));
    else oapiFail(ctx, OAPI_BUSY);
  }
}

export function dingtalkRoutes(state: SimulatorState, gateway: StreamGateway): Router {
  const router = new Router();
  router.use(envelopes);

  /** Old style: valid `access_token` (query, or form body as the official curl samples send it), faults, QPS. */
  const oapiAuth = async (ctx: Context, next: Next) => {
    const token = queryString(ctx, 'access_token') ?? (body(ctx).access_token as string | undefined);
    if (!state.tokenValid(token)) throw OAPI_BAD_TOKEN;
    const fault = state.takeFault(ctx.path);
    if (fault === 'token_expired') throw OAPI_BAD_TOKEN;
    if (fault === 'throttle' || state.overQps(ctx.path)) throw OAPI_THROTTLED;
    if (fault === 'busy') throw OAPI_BUSY;
    await next();
  };

  /** New style: only the header counts (docs/dingtalk.md §4.1; a query token is "missing"). */
  const openApiAuth = async (ctx: Context, next: Next) => {
    const token = ctx.get(ACCESS_TOKEN_HEADER);
    if (!token) throw OPENAPI_NO_TOKEN;
    if (!state.tokenValid(token)) throw OPENAPI_BAD_TOKEN;
    const fault = state.takeFault(ctx.path);
    if (fault === 'token_expired') throw OPENAPI_BAD_TOKEN;
    if (fault === 'throttle' || state.overQps(ctx.path)) throw OPENAPI_THROTTLED;
    if (fault === 'busy') throw OPENAPI_BUSY;
    await next();
  };

  // ---- tokens (docs/dingtalk.md §4.1) ----

  router.post('/v1.0/oauth2/accessToken', (ctx) => {
    const { appKey, appSecret } = body(ctx);
    const issued = state.issueToken(String(appKey ?? ''), String(appSecret ?? ''));
    if (!issued) throw new OpenApiFailure(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    openApiOk(ctx, { accessToken: issued.token, expireIn: issued.expiresIn });
  });

  router.get('/gettoken', (ctx) => {
    const appKey = queryString(ctx, 'appkey');
    const appSecret = queryString(ctx, 'appsecret');
    if (!appKey || !appSecret) throw new OapiFailure(40035, '缺少参数 corpid or appkey');
    const issued = state.issueToken(appKey, appSecret);
    if (!issued) throw new OapiFailure(40096, '不合法的appKey或appSecret');
    ctx.body = { errcode: 0, errmsg: 'ok', access_token: issued.token, expires_in: issued.expiresIn };
  });

  // ---- Stream gateway (docs/dingtalk.md §3.1) ----

  router.post('/v1.0/gateway/connections/open', (ctx) => {
    openApiOk(ctx, { ...gateway.openConnection(body(ctx)) });
  });

  // ---- identity and contacts (docs/dingtalk.md §6) ----

  router.post('/topapi/v2/user/getuserinfo', oapiAuth, (ctx) => {
    const code = body(ctx).code;
    if (typeof code !== 'string' || code === '') throw new OapiFailure(40035, '缺少参数 code');
    const user = state.redeemAuthCode(code);
    const sysLevel = user.boss ? 100 : user.admin ? 1 : 0;
    oapiOk(ctx, {
      result: {
        userid: user.userid,
        unionid: user.unionid,
        name: user.name,
        associated_unionid: '',
        device_id: `device-${user.userid}`,
        sys: sysLevel > 0,
        sys_level: sysLevel,
      },
    });
  });

  router.post('/topapi/v2/user/get', oapiAuth, (ctx) => {
    const userId = body(ctx).userid;
    if (typeof userId !== 'string' || userId === '') throw new OapiFailure(40035, '缺少参数 userid');
    oapiOk(ctx, { result: state.userDetail(userId) });
  });

  router.post('/topapi/v2/department/listsub', oapiAuth, (ctx) => {
    oapiOk(ctx, { result: state.subDepartments(num(body(ctx).dept_id, 1)) });
  });

  router.post('/topapi/v2/department/get', oapiAuth, (ctx) => {
    oapiOk(ctx, { result: state.department(num(body(ctx).dept_id)) });
  });

  router.post('/topapi/v2/user/list', oapiAuth, (ctx) => {
    const b = body(ctx);
    oapiOk(ctx, { result: state.departmentUsers(num(b.dept_id), num(b.cursor, 0), num(b.size)) });
  });

  router.get('/get_jsapi_ticket', oapiAuth, (ctx) => {
    const { ticket, expiresIn } = state.jsapiTicket();
    oapiOk(ctx, { ticket, expires_in: expiresIn });
  });

  // ---- work notices (docs/dingtalk.md §5.3) ----

  router.post('/topapi/message/corpconversation/asyncsend_v2', oapiAuth, (ctx) => {
    const b = body(ctx);
    let msg = b.msg;
    if (typeof msg === 'string') {
      try {
        msg = JSON.parse(msg);
      } catch {
        throw new OapiFailure(40035, '参数非法: msg');
      }
    }
    if (msg === null || typeof msg !== 'object') throw new OapiFailure(40035, '缺少参数 msg');
    const taskId = state.sendWorkNotice({
      agentId: num(b.agent_id),
      userIds: csv(b.userid_list),
      deptIds: csv(b.dept_id_list).map(Number),
      toAllUser: b.to_all_user === true || b.to_all_user === 'true',
      msg: msg as Record<string, unknown>,
    });
    oapiOk(ctx, { task_id: taskId });
  });

  router.post('/topapi/message/corpconversation/getsendresult', oapiAuth, (ctx) => {
    const b = body(ctx);
    oapiOk(ctx, { send_result: state.workNoticeResult(num(b.agent_id), num(b.task_id)) });
  });

  router.post('/topapi/message/corpconversation/getsendprogress', oapiAuth, (ctx) => {
    const b = body(ctx);
    oapiOk(ctx, { progress: state.workNoticeProgress(num(b.agent_id), num(b.task_id)) });
  });

  // ---- custom group robot webhook (docs/dingtalk.md §5.1): authenticated by its own access_token + sign ----

  router.post('/robot/send', (ctx) => {
    state.groupWebhook(
      {
        accessToken: queryString(ctx, 'access_token'),
        timestamp: queryString(ctx, 'timestamp'),
        sign: queryString(ctx, 'sign'),
      },
      body(ctx),
    );
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });

  // ---- enterprise robot (docs/dingtalk.md §5.2) ----

  router.post('/v1.0/robot/oToMessages/batchSend', openApiAuth, (ctx) => {
    const b = body(ctx);
    openApiOk(
      ctx,
      state.robotOneToOne({
        robotCode: String(b.robotCode ?? ''),
        userIds: Array.isArray(b.userIds) ? b.userIds.map(String) : [],
        msgKey: String(b.msgKey ?? ''),
        msgParam: String(b.msgParam ?? ''),
      }),
    );
  });

  router.post('/v1.0/robot/groupMessages/send', openApiAuth, (ctx) => {
    const b = body(ctx);
    openApiOk(
      ctx,
      state.robotGroup({
        robotCode: String(b.robotCode ?? ''),
        openConversationId: String(b.openConversationId ?? ''),
        msgKey: String(b.msgKey ?? ''),
        msgParam: String(b.msgParam ?? ''),
      }),
    );
  });

  // ---- calendar (docs/dingtalk.md §2.5) ----

  router.get('/v1.0/calendar/users/:unionId/calendars/:calendarId/events/:eventId', openApiAuth, (ctx) => {
    const event = state.calendarEventView(String(ctx.params.unionId), String(ctx.params.eventId));
    if (!event) throw new OpenApiFailure(404, 'eventNotFound', 'event not found'); // simulator choice
    openApiOk(ctx, event);
  });

  // ---- workflow (docs/dingtalk.md §7) ----

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

  return router;
}

/** After every router: an unknown path gets its style's "no such API" answer (old style: observed errcode 404). */
export async function unknownApi(ctx: Context, next: Next): Promise<void> {
  await next();
  if (ctx.status !== 404 || ctx.body !== undefined) return;
  if (ctx.path.startsWith('/v1.0/'))
    openApiFail(ctx, new OpenApiFailure(404, 'NotFound', `no such API: ${ctx.method} ${ctx.path}`));
  else oapiFail(ctx, new OapiFailure(404, '请求的URI地址不存在'));
}
