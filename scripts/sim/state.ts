/**
 * Everything the simulated DingTalk knows: the organisation, credentials, free-login codes, approval instances
 * and tasks, every message sent, and the faults a test asked for. No HTTP here; the routes translate.
 * Shapes follow docs/dingtalk.md (its section numbers, §, in comments). Error codes are DingTalk's where documented
 * (docs/dingtalk.md §5–§8; the global error-code table of §8.4; per-API pages);
 * the few DingTalk does not document are marked "simulator choice".
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { OapiFailure, OpenApiFailure } from './envelopes';
import type { ApproverNode, OrgSeed, SimDepartment, SimProcess, SimUser } from './org';

export interface SimApp {
  appKey: string;
  appSecret: string;
  agentId: number;
  /** The enterprise robot of the app; DingTalk uses the AppKey (docs/dingtalk.md §5.2). */
  robotCode: string;
}

/** A custom group robot (自定义机器人) reachable at `/robot/send?access_token=…`. */
export interface SimGroupRobot {
  accessToken: string;
  /** 加签 secret (`SEC…`); when set, `timestamp` + `sign` are required and checked (docs/dingtalk.md §5.1). */
  secret?: string;
  /** Security keywords: the message must contain one of them. */
  keywords?: string[];
  name?: string;
}

export type FaultKind = 'throttle' | 'busy' | 'token_expired';

export type SimMessage =
  | {
      id: number;
      kind: 'work_notice';
      at: string;
      agentId: number;
      taskId: number;
      userIds: string[];
      deptIds: number[];
      toAllUser: boolean;
      msg: Record<string, unknown>;
      /** Who DingTalk would really show it to; the others are in `refused` (same content today, daily cap). */
      deliveredTo: string[];
      refused: Array<{ userid: string; code: string }>;
      invalidUserIds: string[];
      /** Who opened it (set through the control API), for the send result's read list. */
      readBy: string[];
    }
  | {
      id: number;
      kind: 'robot_oto';
      at: string;
      robotCode: string;
      userIds: string[];
      msgKey: string;
      msgParam: unknown;
      processQueryKey: string;
    }
  | {
      id: number;
      kind: 'robot_group';
      at: string;
      robotCode: string;
      openConversationId: string;
      msgKey: string;
      msgParam: unknown;
      processQueryKey: string;
    }
  | { id: number; kind: 'group_webhook'; at: string; robot: string; msgtype: string; body: Record<string, unknown> };

/** A calendar event (日程) as `GET /v1.0/calendar/users/{unionId}/calendars/{calendarId}/events/{eventId}` shows it. */
export interface SimCalendarEvent {
  id: string;
  calendarId: string;
  organizerUserId: string;
  summary: string;
  description?: string;
  /** ISO-8601 with offset. */
  start: string;
  end: string;
  location?: string;
  attendeeUserIds: string[];
  status: 'confirmed' | 'cancelled';
  createTime: string;
  updateTime: string;
}

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

export interface SimulatorStateOptions {
  corpId: string;
  app: SimApp;
  org: OrgSeed;
  groupRobots: SimGroupRobot[];
  tokenTtlSeconds: number;
  authCodeTtlMs: number;
  /** Requests per second per API before the throttle answer; 0 = unlimited (docs/dingtalk.md §8.2: 20). */
  qpsLimit: number;
  now: () => number;
  /** Called for every event DingTalk would push (`bpms_instance_change`, `bpms_task_change`). */
  onEvent: (eventType: string, data: Record<string, unknown>) => void;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALNUM[byte % ALNUM.length];
  return out;
}

/** `yyyy-MM-ddTHH:mmZ`, UTC — the time format of the workflow API (SDK doc: "Use the UTC time format"). */
export function workflowTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/** Civil day in Asia/Shanghai (UTC+8, no DST), for DingTalk's per-day message limits. */
function shanghaiDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Work-notice limits (docs/dingtalk.md §5.3): one identical content per user per day, 500 notices per user per day. */
const WORK_NOTICE_DAILY_CAP = 500;

export class SimulatorState {
  readonly corpId: string;
  readonly app: SimApp;
  readonly departments = new Map<number, SimDepartment>();
  readonly users = new Map<string, SimUser>();
  readonly processes = new Map<string, SimProcess>();
  readonly instances = new Map<string, SimInstance>();
  readonly groupRobots = new Map<string, SimGroupRobot>();
  readonly messages: SimMessage[] = [];
  readonly calendarEvents = new Map<string, SimCalendarEvent>();
  private nextCalendarEvent = 1;
  private readonly options: SimulatorStateOptions;
  private token: { value: string; expiresAt: number } | undefined;
  private jsapi: { ticket: string; expiresAt: number } | undefined;
  private readonly authCodes = new Map<string, { userId: string; expiresAt: number }>();
  private readonly faults = new Map<string, FaultKind[]>();
  private readonly qpsWindows = new Map<string, { second: number; count: number }>();
  private readonly workNoticeLedger = new Map<string, { day: string; count: number; contents: Set<string> }>();
  private readonly groupRobotMinutes = new Map<string, number[]>();
  private nextTaskId = 60_000_000_001;
  private nextNoticeTaskId = 256_000_000_001;
  private nextMessageId = 1;

  constructor(options: SimulatorStateOptions) {
    this.options = options;
    this.corpId = options.corpId;
    this.app = options.app;
    this.seed(options.org);
    for (const robot of options.groupRobots) this.groupRobots.set(robot.accessToken, robot);
  }

  now(): number {
    return this.options.now();
  }

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

  // ---- credentials (docs/dingtalk.md §4.1) ----

  /** The app token: the same value while valid, its lifetime extended on each fetch; `undefined` = bad credentials. */
  issueToken(appKey: string, appSecret: string): { token: string; expiresIn: number } | undefined {
    if (appKey !== this.app.appKey || appSecret !== this.app.appSecret) return undefined;
    const now = this.now();
    const expiresAt = now + this.options.tokenTtlSeconds * 1000;
    if (this.token && now < this.token.expiresAt) this.token.expiresAt = expiresAt;
    else this.token = { value: randomAlnum(32).toLowerCase(), expiresAt };
    return { token: this.token.value, expiresIn: this.options.tokenTtlSeconds };
  }

  tokenValid(token: string | undefined): boolean {
    return token !== undefined && this.token?.value === token && this.now() < this.token.expiresAt;
  }

  /** Every issued token stops working at once (as after expiry); the next fetch yields a new one. */
  expireTokens(): void {
    this.token = undefined;
  }

  /** JSAPI ticket: 7200 s, the same while valid (docs/dingtalk.md §6.7). */
  jsapiTicket(): { ticket: string; expiresIn: number } {
    const now = this.now();
    if (!this.jsapi || now >= this.jsapi.expiresAt) this.jsapi = { ticket: randomAlnum(64), expiresAt: now + 7200_000 };
    else this.jsapi.expiresAt = now + 7200_000;
    return { ticket: this.jsapi.ticket, expiresIn: 7200 };
  }

  // ---- free-login codes (docs/dingtalk.md §6.2: valid 5 minutes, single use) ----

  issueAuthCode(userId: string): string {
    if (!this.users.has(userId)) throw new Error(`unknown user ${userId}`);
    const code = randomAlnum(32).toLowerCase();
    this.authCodes.set(code, { userId, expiresAt: this.now() + this.options.authCodeTtlMs });
    return code;
  }

  /** Consumes the code; 40078 when it is unknown, used or expired (docs/dingtalk.md §6.3). */
  redeemAuthCode(code: string): SimUser {
    const entry = this.authCodes.get(code);
    this.authCodes.delete(code);
    const user = entry && this.now() < entry.expiresAt ? this.users.get(entry.userId) : undefined;
    if (!user) throw new OapiFailure(40078, '不存在的临时授权码');
    return user;
  }

  // ---- faults and limits ----

  addFault(path: string, kind: FaultKind, times: number): void {
    const queue = this.faults.get(path) ?? [];
    for (let i = 0; i < times; i++) queue.push(kind);
    this.faults.set(path, queue);
  }

  takeFault(path: string): FaultKind | undefined {
    const queue = this.faults.get(path);
    const fault = queue?.shift();
    if (queue && queue.length === 0) this.faults.delete(path);
    return fault;
  }

  /** Counts a call to `path` and tells whether it is over the per-second limit (§8.2: 20/s per app per API). */
  overQps(path: string): boolean {
    if (this.options.qpsLimit <= 0) return false;
    const second = Math.floor(this.now() / 1000);
    const window = this.qpsWindows.get(path);
    if (!window || window.second !== second) {
      this.qpsWindows.set(path, { second, count: 1 });
      return false;
    }
    window.count++;
    return window.count > this.options.qpsLimit;
  }

  // ---- contacts (docs/dingtalk.md §6.4–§6.5) ----

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

  // ---- messages (docs/dingtalk.md §5) ----

  private record(message: SimMessage): void {
    this.messages.push(message);
  }

  private stamp(): { id: number; at: string } {
    return { id: this.nextMessageId++, at: new Date(this.now()).toISOString() };
  }

  /** `asyncsend_v2`: records the notice and who would really get it (limits of docs/dingtalk.md §5.3). */
  sendWorkNotice(input: {
    agentId: number;
    userIds: string[];
    deptIds: number[];
    toAllUser: boolean;
    msg: Record<string, unknown>;
  }): number {
    if (input.agentId !== this.app.agentId) throw new OapiFailure(400002, '无效的参数: agent_id');
    if (typeof input.msg.msgtype !== 'string') throw new OapiFailure(40035, '参数非法: msg.msgtype');
    if (Buffer.byteLength(JSON.stringify(input.msg), 'utf8') > 2048)
      throw new OapiFailure(40035, '参数非法: msg 超过 2048 字节');
    if (input.userIds.length > 100 || input.deptIds.length > 20) throw new OapiFailure(40035, '参数非法: 接收人过多');
    const recipients = new Set<string>();
    const invalidUserIds: string[] = [];
    for (const userId of input.userIds) {
      if (this.users.has(userId)) recipients.add(userId);
      else invalidUserIds.push(userId);
    }
    for (const deptId of input.deptIds) for (const user of this.usersUnder(deptId)) recipients.add(user.userid);
    if (input.toAllUser) for (const user of this.users.values()) recipients.add(user.userid);
    if (recipients.size === 0 && invalidUserIds.length === 0) throw new OapiFailure(1430000, '没有接收人');

    const day = shanghaiDay(this.now());
    const content = createHash('sha256').update(JSON.stringify(input.msg)).digest('hex');
    const deliveredTo: string[] = [];
    const refused: Array<{ userid: string; code: string }> = [];
    for (const userId of recipients) {
      const ledger = this.workNoticeLedger.get(userId);
      const today = ledger && ledger.day === day ? ledger : { day, count: 0, contents: new Set<string>() };
      this.workNoticeLedger.set(userId, today);
      if (today.contents.has(content)) refused.push({ userid: userId, code: '143106' });
      else if (today.count >= WORK_NOTICE_DAILY_CAP) refused.push({ userid: userId, code: '143105' });
      else {
        today.contents.add(content);
        today.count++;
        deliveredTo.push(userId);
      }
    }
    const taskId = this.nextNoticeTaskId++;
    this.record({
      ...this.stamp(),
      kind: 'work_notice',
      ...input,
      taskId,
      deliveredTo,
      refused,
      invalidUserIds,
      readBy: [],
    });
    return taskId;
  }

  /** The person opened the work notice: the send result lists them as read from now on. */
  markNoticeRead(taskId: number, userId: string): void {
    const notice = this.messages.find((m) => m.kind === 'work_notice' && m.taskId === taskId);
    if (notice?.kind !== 'work_notice' || !notice.deliveredTo.includes(userId)) {
      throw new Error(`work notice ${taskId} was not delivered to ${userId}`);
    }
    if (!notice.readBy.includes(userId)) notice.readBy.push(userId);
  }

  // ---- calendar (docs/dingtalk.md §2.5) ----

  /**
   * Creates or changes a calendar event, as a user would in DingTalk's calendar, and pushes `calendar_event_change`
   * naming it (the event carries the id and the attendees' unionIds, not the details).
   */
  saveCalendarEvent(
    input: Omit<SimCalendarEvent, 'id' | 'calendarId' | 'createTime' | 'updateTime' | 'status'> & {
      id?: string;
      status?: SimCalendarEvent['status'];
    },
  ): SimCalendarEvent {
    for (const userId of [input.organizerUserId, ...input.attendeeUserIds]) {
      if (!this.users.has(userId)) throw new Error(`unknown user ${userId}`);
    }
    if (Number.isNaN(Date.parse(input.start)) || Number.isNaN(Date.parse(input.end))) {
      throw new Error('start and end must be ISO-8601 instants');
    }
    const existing = input.id ? this.calendarEvents.get(input.id) : undefined;
    if (input.id && !existing) throw new Error(`unknown calendar event ${input.id}`);
    const now = new Date(this.now()).toISOString();
    const event: SimCalendarEvent = {
      ...input,
      id: existing?.id ?? `cal-evt-${this.nextCalendarEvent++}`,
      calendarId: 'primary',
      status: input.status ?? 'confirmed',
      createTime: existing?.createTime ?? now,
      updateTime: now,
    };
    this.calendarEvents.set(event.id, event);
    const unionIds = [event.organizerUserId, ...event.attendeeUserIds].map((id) => this.users.get(id)?.unionid);
    this.options.onEvent('calendar_event_change', {
      calendarEventId: event.id,
      calendarId: event.calendarId,
      calendarEventUpdateTime: Date.parse(now),
      unionIdList: unionIds,
      changeType: existing ? (event.status === 'cancelled' ? 'delete' : 'update') : 'create',
      operator: { type: 'user' },
      legacyCalendarEventId: event.id,
    });
    return event;
  }

  calendarEventView(unionId: string, eventId: string): Record<string, unknown> | undefined {
    const event = this.calendarEvents.get(eventId);
    if (!event) return undefined;
    const byUnion = (userId: string) => this.users.get(userId);
    const visible = [event.organizerUserId, ...event.attendeeUserIds].some((id) => byUnion(id)?.unionid === unionId);
    if (!visible) return undefined;
    const person = (userId: string, responseStatus: string) => ({
      id: byUnion(userId)?.unionid,
      displayName: byUnion(userId)?.name,
      responseStatus,
      self: byUnion(userId)?.unionid === unionId,
    });
    return {
      id: event.id,
      summary: event.summary,
      ...(event.description ? { description: event.description } : {}),
      start: { dateTime: event.start, timeZone: 'Asia/Shanghai' },
      end: { dateTime: event.end, timeZone: 'Asia/Shanghai' },
      isAllDay: false,
      ...(event.location ? { location: { displayName: event.location } } : {}),
      organizer: person(event.organizerUserId, 'accepted'),
      attendees: event.attendeeUserIds.map((id) => person(id, 'needsAction')),
      status: event.status,
      createTime: event.createTime,
      updateTime: event.updateTime,
    };
  }

  workNoticeResult(agentId: number, taskId: number): Record<string, unknown> {
    const notice = this.messages.find((m) => m.kind === 'work_notice' && m.taskId === taskId);
    if (notice?.kind !== 'work_notice' || notice.agentId !== agentId) throw new OapiFailure(40035, '参数非法: task_id');
    return {
      invalid_user_id_list: notice.invalidUserIds,
      forbidden_user_id_list: notice.refused.map((r) => r.userid),
      failed_user_id_list: [],
      read_user_id_list: notice.readBy,
      unread_user_id_list: notice.deliveredTo.filter((id) => !notice.readBy.includes(id)),
      invalid_dept_id_list: notice.deptIds.filter((id) => !this.departments.has(id)),
      forbidden_list: notice.refused.map((r) => ({ code: r.code, count: 1, userid: r.userid })),
    };
  }

  workNoticeProgress(agentId: number, taskId: number): Record<string, unknown> {
    this.workNoticeResult(agentId, taskId);
    return { progress_in_percent: 100, status: 2 };
  }

  private usersUnder(deptId: number): SimUser[] {
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

  /** Robot one-to-one (docs/dingtalk.md §5.2): ≤20 users, msgParam must be a JSON string. */
  robotOneToOne(input: { robotCode: string; userIds: string[]; msgKey: string; msgParam: string }) {
    if (input.robotCode !== this.app.robotCode) throw new OpenApiFailure(400, 'chatbotNotFound', '机器人不存在');
    if (input.userIds.length === 0) throw new OpenApiFailure(400, 'emptyUserId', '用户ID为空');
    if (input.userIds.length > 20) throw new OpenApiFailure(400, 'batch.toolarge', '每批接受人数超20');
    const msgParam = parseJsonParam(input.msgParam);
    const invalidStaffIdList = input.userIds.filter((id) => !this.users.has(id));
    const processQueryKey = randomAlnum(43);
    this.record({
      ...this.stamp(),
      kind: 'robot_oto',
      robotCode: input.robotCode,
      userIds: input.userIds.filter((id) => this.users.has(id)),
      msgKey: input.msgKey,
      msgParam,
      processQueryKey,
    });
    return { processQueryKey, invalidStaffIdList, flowControlledStaffIdList: [] as string[] };
  }

  robotGroup(input: { robotCode: string; openConversationId: string; msgKey: string; msgParam: string }) {
    if (input.robotCode !== this.app.robotCode) throw new OpenApiFailure(400, 'chatbotNotFound', '机器人不存在');
    if (!input.openConversationId) throw new OpenApiFailure(400, 'chat.notExist', '会话不存在');
    const msgParam = parseJsonParam(input.msgParam);
    const processQueryKey = randomAlnum(43);
    this.record({ ...this.stamp(), kind: 'robot_group', ...input, msgParam, processQueryKey });
    return { processQueryKey };
  }

  /**
   * Custom group robot webhook (docs/dingtalk.md §5.1): token, 加签 within 1 h, keywords, 20 messages a minute
   * (410100 after), supported msgtypes.
   */
  groupWebhook(
    query: { accessToken?: string; timestamp?: string; sign?: string },
    body: Record<string, unknown>,
  ): void {
    const robot = query.accessToken ? this.groupRobots.get(query.accessToken) : undefined;
    if (!robot) throw new OapiFailure(400101, 'access_token不存在');
    const now = this.now();
    if (robot.secret !== undefined) {
      const timestamp = Number(query.timestamp);
      if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > 3600_000) {
        throw new OapiFailure(310000, 'invalid timestamp');
      }
      // Checked here independently of bot-server's signer, so a shared bug cannot pass both sides.
      const expected = createHmac('sha256', robot.secret)
        .update(`${query.timestamp}\n${robot.secret}`, 'utf8')
        .digest('base64');
      if (query.sign !== expected) throw new OapiFailure(310000, 'sign not match');
    }
    const msgtype = body.msgtype;
    if (
      msgtype !== 'text' &&
      msgtype !== 'markdown' &&
      msgtype !== 'actionCard' &&
      msgtype !== 'link' &&
      msgtype !== 'feedCard'
    ) {
      throw new OapiFailure(400105, '不支持的消息类型');
    }
    if (robot.keywords && robot.keywords.length > 0) {
      const text = JSON.stringify(body);
      if (!robot.keywords.some((keyword) => text.includes(keyword)))
        throw new OapiFailure(310000, 'keywords not in content');
    }
    const recent = (this.groupRobotMinutes.get(robot.accessToken) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= 20) throw new OapiFailure(410100, '发送速度太快而限流');
    recent.push(now);
    this.groupRobotMinutes.set(robot.accessToken, recent);
    this.record({ ...this.stamp(), kind: 'group_webhook', robot: robot.name ?? robot.accessToken, msgtype, body });
  }

  // ---- workflow (docs/dingtalk.md §7, events §2.2–§2.3) ----

  startInstance(input: StartInstanceInput): string {
    const process = this.processes.get(input.processCode);
    if (!process) throw new OpenApiFailure(400, 'aflowProcessCodeIsError', '获取审批模板失败或审批模板已被删除');
    const originator = this.users.get(input.originatorUserId);
    if (!originator) throw new OpenApiFailure(400, 'staff.not.found', '钉钉员工不存在');
    if (!Array.isArray(input.formComponentValues) || input.formComponentValues.length === 0) {
      throw new OpenApiFailure(400, 'aflowProcessFormDataIsNull', '流程表单数据为空');
    }
    const nodes = (input.approvers && input.approvers.length > 0 ? input.approvers : process.approvers).filter(
      (node) => node.userIds.length > 0,
    );
    for (const node of nodes) {
      for (const userId of node.userIds) {
        if (!this.users.has(userId)) throw new OpenApiFailure(400, 'staff.not.found', `钉钉员工不存在: ${userId}`);
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
      originatorDeptName: this.departments.get(deptId)?.name ?? '',
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
    if (!this.processes.has(query.processCode)) {
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
      `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?corpid=${this.corpId}&dd_share=false&showmenu=true` +
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
      processInstanceId: instance.processInstanceId,
      processCode: instance.processCode,
      bizCategoryId: '',
      businessId: instance.businessId,
      title: instance.title,
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
      processInstanceId: instance.processInstanceId,
      processCode: instance.processCode,
      bizCategoryId: '',
      businessId: instance.businessId,
      title: instance.title,
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

/** The node's activity id as `tasks[].activityId` gives it (simulator choice: `node-<n>`, counted from 1). */
export function activityIdOf(nodeIndex: number): string {
  return `node-${nodeIndex + 1}`;
}

function parseJsonParam(msgParam: string): unknown {
  try {
    return JSON.parse(msgParam);
  } catch {
    throw new OpenApiFailure(400, 'invalidParameter', 'msgParam 必须是 JSON 字符串'); // simulator choice
  }
}
