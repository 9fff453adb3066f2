/** Every message sent: work notices (docs/dingtalk.md §5.3), robot messages (§5.2) and group webhooks (§5.1). */
import { createHash, createHmac } from 'node:crypto';
import { OapiFailure, OpenApiFailure } from './envelopes';
import { randomAlnum } from './ids';
import type { SimApp } from './state-credentials';
import type { Directory } from './state-org';

/** A custom group robot (自定义机器人) reachable at `/robot/send?access_token=…`. */
export interface SimGroupRobot {
  accessToken: string;
  /** 加签 secret (`SEC…`); when set, `timestamp` + `sign` are required and checked (docs/dingtalk.md §5.1). */
  secret?: string;
  /** Security keywords: the message must contain one of them. */
  keywords?: string[];
  name?: string;
}

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

/** Civil day in Asia/Shanghai (UTC+8, no DST), for DingTalk's per-day message limits. */
function shanghaiDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Work-notice limits (docs/dingtalk.md §5.3): one identical content per user per day, 500 notices per user per day. */
const WORK_NOTICE_DAILY_CAP = 500;

export interface MessageLogOptions {
  app: SimApp;
  directory: Directory;
  groupRobots: SimGroupRobot[];
  now: () => number;
}

export class MessageLog {
  readonly messages: SimMessage[] = [];
  readonly groupRobots = new Map<string, SimGroupRobot>();
  private readonly options: MessageLogOptions;
  private readonly workNoticeLedger = new Map<string, { day: string; count: number; contents: Set<string> }>();
  private readonly groupRobotMinutes = new Map<string, number[]>();
  /**
   * DingTalk's "same content to the same person once a day" rule for work notices. Off, a repeat is delivered
   * again: for tests that must show Duban itself, not the rule, prevents a second copy.
   */
  repeatFilter = true;
  private nextNoticeTaskId = 256_000_000_001;
  private nextMessageId = 1;

  constructor(options: MessageLogOptions) {
    this.options = options;
    for (const robot of options.groupRobots) this.groupRobots.set(robot.accessToken, robot);
  }

  private now(): number {
    return this.options.now();
  }

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
    if (input.agentId !== this.options.app.agentId) throw new OapiFailure(400002, '无效的参数: agent_id');
    if (typeof input.msg.msgtype !== 'string') throw new OapiFailure(40035, '参数非法: msg.msgtype');
    if (Buffer.byteLength(JSON.stringify(input.msg), 'utf8') > 2048)
      throw new OapiFailure(40035, '参数非法: msg 超过 2048 字节');
    if (input.userIds.length > 100 || input.deptIds.length > 20) throw new OapiFailure(40035, '参数非法: 接收人过多');
    const recipients = new Set<string>();
    const invalidUserIds: string[] = [];
    for (const userId of input.userIds) {
      if (this.options.directory.users.has(userId)) recipients.add(userId);
      else invalidUserIds.push(userId);
    }
    for (const deptId of input.deptIds)
      for (const user of this.options.directory.usersUnder(deptId)) recipients.add(user.userid);
    if (input.toAllUser) for (const user of this.options.directory.users.values()) recipients.add(user.userid);
    if (recipients.size === 0 && invalidUserIds.length === 0) throw new OapiFailure(1430000, '没有接收人');

    const day = shanghaiDay(this.now());
    const content = createHash('sha256').update(JSON.stringify(input.msg)).digest('hex');
    const deliveredTo: string[] = [];
    const refused: Array<{ userid: string; code: string }> = [];
    for (const userId of recipients) {
      const ledger = this.workNoticeLedger.get(userId);
      const today = ledger && ledger.day === day ? ledger : { day, count: 0, contents: new Set<string>() };
      this.workNoticeLedger.set(userId, today);
      if (this.repeatFilter && today.contents.has(content)) refused.push({ userid: userId, code: '143106' });
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

  workNoticeResult(agentId: number, taskId: number): Record<string, unknown> {
    const notice = this.messages.find((m) => m.kind === 'work_notice' && m.taskId === taskId);
    if (notice?.kind !== 'work_notice' || notice.agentId !== agentId) throw new OapiFailure(40035, '参数非法: task_id');
    return {
      invalid_user_id_list: notice.invalidUserIds,
      forbidden_user_id_list: notice.refused.map((r) => r.userid),
      failed_user_id_list: [],
      read_user_id_list: notice.readBy,
      unread_user_id_list: notice.deliveredTo.filter((id) => !notice.readBy.includes(id)),
      invalid_dept_id_list: notice.deptIds.filter((id) => !this.options.directory.departments.has(id)),
      forbidden_list: notice.refused.map((r) => ({ code: r.code, count: 1, userid: r.userid })),
    };
  }

  workNoticeProgress(agentId: number, taskId: number): Record<string, unknown> {
    this.workNoticeResult(agentId, taskId);
    return { progress_in_percent: 100, status: 2 };
  }

  /** Robot one-to-one (docs/dingtalk.md §5.2): ≤20 users, msgParam must be a JSON string. */
  robotOneToOne(input: { robotCode: string; userIds: string[]; msgKey: string; msgParam: string }) {
    if (input.robotCode !== this.options.app.robotCode)
      throw new OpenApiFailure(400, 'chatbotNotFound', '机器人不存在');
    if (input.userIds.length === 0) throw new OpenApiFailure(400, 'emptyUserId', '用户ID为空');
    if (input.userIds.length > 20) throw new OpenApiFailure(400, 'batch.toolarge', '每批接受人数超20');
    const msgParam = parseJsonParam(input.msgParam);
    const invalidStaffIdList = input.userIds.filter((id) => !this.options.directory.users.has(id));
    const processQueryKey = randomAlnum(43);
    this.record({
      ...this.stamp(),
      kind: 'robot_oto',
      robotCode: input.robotCode,
      userIds: input.userIds.filter((id) => this.options.directory.users.has(id)),
      msgKey: input.msgKey,
      msgParam,
      processQueryKey,
    });
    return { processQueryKey, invalidStaffIdList, flowControlledStaffIdList: [] as string[] };
  }

  robotGroup(input: { robotCode: string; openConversationId: string; msgKey: string; msgParam: string }) {
    if (input.robotCode !== this.options.app.robotCode)
      throw new OpenApiFailure(400, 'chatbotNotFound', '机器人不存在');
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
}

function parseJsonParam(msgParam: string): unknown {
  try {
    return JSON.parse(msgParam);
  } catch {
    throw new OpenApiFailure(400, 'invalidParameter', 'msgParam 必须是 JSON 字符串'); // simulator choice
  }
}
