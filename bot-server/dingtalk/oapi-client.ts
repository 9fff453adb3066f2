/**
 * A small typed client for the old-style `oapi.dingtalk.com` endpoints Duban needs (docs/dingtalk.md §5.3, §6; the
 * § numbers below are that file's). Token in `?access_token=`, JSON bodies, HTTP 200 + `{errcode, errmsg}` answers
 * (§8.1). Rate limited per API and retried on throttling through `callWithPolicy`.
 */
import { type ApiCallContext, apiCallContext, callWithPolicy, type RetryPolicy } from './api-call';
import { oapiError } from './api-errors';
import { DINGTALK_OAPI_BASE } from './constants';
import { DingTalkApiError, DingTalkError } from './errors';
import { type FetchLike, requestJson } from './http-json';
import type { Logger } from './logger';
import type { RateLimiter } from './rate-limiter';
import type { TokenSource } from './token-cache';

export interface OapiClientOptions {
  tokens: TokenSource;
  /** `DINGTALK_OAPI_BASE`; default https://oapi.dingtalk.com. */
  oapiBase?: string;
  /** Shared with other clients of the same app when they call the same APIs; default 20 calls/s per API. */
  limiter?: RateLimiter;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  fetch?: FetchLike;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** `/topapi/v2/user/getuserinfo` result (§6.3; sys_level 1 主管理员, 2 子管理员, 100 老板, 0 others). */
export interface UserInfoByCode {
  userid: string;
  unionid?: string;
  name?: string;
  associated_unionid?: string;
  device_id?: string;
  sys?: boolean;
  sys_level?: number;
}

/** `/topapi/v2/user/get` result, and the items of `/topapi/v2/user/list` (§6.4–§6.5). */
export interface DingTalkUser {
  userid: string;
  unionid?: string;
  name: string;
  avatar?: string;
  mobile?: string;
  title?: string;
  job_number?: string;
  email?: string;
  dept_id_list: number[];
  leader_in_dept?: Array<{ dept_id: number; leader: boolean }>;
  /** Only in `/user/list` items. */
  leader?: boolean;
  manager_userid?: string;
  active?: boolean;
  admin?: boolean;
  boss?: boolean;
  [field: string]: unknown;
}

/** `/topapi/v2/department/listsub` items (§6.5). */
export interface DingTalkDepartment {
  dept_id: number;
  name: string;
  parent_id?: number;
  [field: string]: unknown;
}

export interface DepartmentUserPage {
  has_more: boolean;
  next_cursor?: number;
  list: DingTalkUser[];
}

/** A work-notice `msg` (§5.3); see messages.ts for builders. */
export type WorkNoticeMessage = { msgtype: string } & Record<string, unknown>;

export interface WorkNoticeRequest {
  agentId: number | string;
  userIds?: string[];
  deptIds?: number[];
  toAllUser?: boolean;
  msg: WorkNoticeMessage;
}

/** `getsendresult` → `send_result` (§5.3). */
export interface WorkNoticeSendResult {
  invalid_user_id_list?: string[];
  forbidden_user_id_list?: string[];
  failed_user_id_list?: string[];
  read_user_id_list?: string[];
  unread_user_id_list?: string[];
  invalid_dept_id_list?: number[];
  /** code 143103/143104 QPM, 143105 daily per-user cap, 143106 same content today, 1430000 no receiver. */
  forbidden_list?: Array<{ code: string; count: number; userid: string }>;
}

/** `getsendprogress` → `progress`; status 0 未开始, 1 处理中, 2 处理完毕. */
export interface WorkNoticeProgress {
  progress_in_percent: number;
  status: number;
}

/** Limits of `asyncsend_v2` (§5.3). */
export const WORK_NOTICE_LIMITS = { userIds: 100, deptIds: 20, msgBytes: 2048 } as const;

export class OapiClient {
  private readonly options: OapiClientOptions;
  private readonly base: string;
  private readonly context: ApiCallContext;
  private readonly now: () => number;
  private jsapiTicket: { ticket: string; expiresAt: number; refreshAt: number } | undefined;
  private jsapiTicketInFlight: Promise<string> | undefined;

  constructor(options: OapiClientOptions) {
    this.options = options;
    this.base = options.oapiBase ?? DINGTALK_OAPI_BASE;
    this.now = options.now ?? Date.now;
    this.context = apiCallContext(options);
  }

  /** 免登: the user behind a free-login code (valid 5 min, single use; 40078 otherwise) (§6.2–§6.3). */
  async getUserInfoByCode(code: string): Promise<UserInfoByCode> {
    const body = await this.post('/topapi/v2/user/getuserinfo', { code });
    return this.result<UserInfoByCode>('/topapi/v2/user/getuserinfo', body);
  }

  /** `POST /topapi/v2/user/get {userid, language}` (§6.4). */
  async getUser(userId: string, language: 'zh_CN' | 'en_US' = 'zh_CN'): Promise<DingTalkUser> {
    const body = await this.post('/topapi/v2/user/get', { userid: userId, language });
    return this.result<DingTalkUser>('/topapi/v2/user/get', body);
  }

  /** `POST /topapi/v2/department/get {dept_id}`: one department, e.g. the root (1) for the organisation's name. */
  async getDepartment(deptId: number): Promise<DingTalkDepartment> {
    const body = await this.post('/topapi/v2/department/get', { dept_id: deptId, language: 'zh_CN' });
    return this.result<DingTalkDepartment>('/topapi/v2/department/get', body);
  }

  /** Direct sub-departments; root dept id = 1 (§6.5). */
  async listSubDepartments(deptId = 1): Promise<DingTalkDepartment[]> {
    const body = await this.post('/topapi/v2/department/listsub', { dept_id: deptId });
    return this.result<DingTalkDepartment[]>('/topapi/v2/department/listsub', body);
  }

  /** One page of a department's own users, sub-departments excluded (§6.5). */
  async listDepartmentUsers(deptId: number, cursor = 0, size = 100): Promise<DepartmentUserPage> {
    const body = await this.post('/topapi/v2/user/list', { dept_id: deptId, cursor, size });
    return this.result<DepartmentUserPage>('/topapi/v2/user/list', body);
  }

  /** Every user of one department, following `next_cursor` (at most `maxPages` pages). */
  async listAllDepartmentUsers(deptId: number, maxPages = 1000): Promise<DingTalkUser[]> {
    const users: DingTalkUser[] = [];
    let cursor = 0;
    for (let page = 0; page < maxPages; page++) {
      const result = await this.listDepartmentUsers(deptId, cursor);
      users.push(...result.list);
      if (!result.has_more || result.next_cursor === undefined) return users;
      cursor = result.next_cursor;
    }
    throw new DingTalkError('api_error', `department ${deptId} has more than ${maxPages} pages of users`);
  }

  /**
   * Sends a work notice (工作通知) asynchronously (§5.3).
   * DingTalk answers success even when it will drop the message (same content to the same user twice a day,
   * more than 500 a day); read the outcome with `getWorkNoticeSendResult`.
   */
  async sendWorkNotice(request: WorkNoticeRequest): Promise<{ taskId: number; requestId?: string }> {
    const userIds = request.userIds ?? [];
    const deptIds = request.deptIds ?? [];
    if (userIds.length > WORK_NOTICE_LIMITS.userIds || deptIds.length > WORK_NOTICE_LIMITS.deptIds) {
      throw new DingTalkError('message_invalid', 'a work notice goes to at most 100 users and 20 departments per call');
    }
    if (userIds.length === 0 && deptIds.length === 0 && request.toAllUser !== true) {
      throw new DingTalkError('message_invalid', 'a work notice needs recipients');
    }
    if (Buffer.byteLength(JSON.stringify(request.msg), 'utf8') > WORK_NOTICE_LIMITS.msgBytes) {
      throw new DingTalkError('message_invalid', 'a work notice msg is limited to 2048 bytes');
    }
    const api = '/topapi/message/corpconversation/asyncsend_v2';
    const body = await this.post(api, {
      agent_id: request.agentId,
      ...(userIds.length > 0 ? { userid_list: userIds.join(',') } : {}),
      ...(deptIds.length > 0 ? { dept_id_list: deptIds.join(',') } : {}),
      ...(request.toAllUser === true ? { to_all_user: true } : {}),
      msg: request.msg,
    });
    const taskId = Number(body.task_id);
    if (!Number.isFinite(taskId)) throw new DingTalkApiError('api_bad_response', `${api}: no task_id`, { api });
    const requestId = typeof body.request_id === 'string' ? body.request_id : undefined;
    return requestId === undefined ? { taskId } : { taskId, requestId };
  }

  /** Who received, read or was refused a work notice (tasks of the last 24 h). */
  async getWorkNoticeSendResult(agentId: number | string, taskId: number): Promise<WorkNoticeSendResult> {
    const api = '/topapi/message/corpconversation/getsendresult';
    const body = await this.post(api, { agent_id: agentId, task_id: taskId });
    return this.field<WorkNoticeSendResult>(api, body, 'send_result');
  }

  async getWorkNoticeSendProgress(agentId: number | string, taskId: number): Promise<WorkNoticeProgress> {
    const api = '/topapi/message/corpconversation/getsendprogress';
    const body = await this.post(api, { agent_id: agentId, task_id: taskId });
    return this.field<WorkNoticeProgress>(api, body, 'progress');
  }

  /**
   * The JSAPI ticket for `dd.config` signatures, cached like the token: 7200 s, the same ticket while valid
   * (§6.7).
   */
  async getJsapiTicket(): Promise<string> {
    const cached = this.jsapiTicket;
    if (cached && this.now() < cached.refreshAt) return cached.ticket;
    this.jsapiTicketInFlight ??= this.fetchJsapiTicket().finally(() => {
      this.jsapiTicketInFlight = undefined;
    });
    try {
      return await this.jsapiTicketInFlight;
    } catch (err) {
      if (cached && this.now() < cached.expiresAt) return cached.ticket;
      throw err;
    }
  }

  private async fetchJsapiTicket(): Promise<string> {
    const api = '/get_jsapi_ticket';
    const startedAt = this.now();
    const body = await this.call(api, 'GET');
    const ticket = body.ticket;
    const lifetimeMs = Number(body.expires_in) * 1000;
    if (typeof ticket !== 'string' || !(lifetimeMs > 0)) {
      throw new DingTalkApiError('api_bad_response', `${api}: no ticket`, { api });
    }
    const expiresAt = startedAt + lifetimeMs;
    this.jsapiTicket = { ticket, expiresAt, refreshAt: expiresAt - Math.min(10 * 60 * 1000, lifetimeMs / 2) };
    return ticket;
  }

  private post(api: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.call(api, 'POST', body);
  }

  private call(api: string, method: 'GET' | 'POST', body?: Record<string, unknown>): Promise<Record<string, unknown>> {
    return callWithPolicy(this.context, api, async (token) => {
      const response = await requestJson({
        method,
        url: `${this.base}${api}?access_token=${encodeURIComponent(token)}`,
        api,
        body,
        timeoutMs: this.options.timeoutMs ?? 10_000,
        fetch: this.options.fetch,
      });
      const error = oapiError(api, response.status, response.body);
      if (error) throw error;
      return response.body as Record<string, unknown>;
    });
  }

  private result<T>(api: string, body: Record<string, unknown>): T {
    return this.field<T>(api, body, 'result');
  }

  private field<T>(api: string, body: Record<string, unknown>, name: string): T {
    const value = body[name];
    if (value === undefined || value === null) {
      throw new DingTalkApiError('api_bad_response', `${api}: the answer has no "${name}"`, { api });
    }
    return value as T;
  }
}
