/**
 * Everything the simulated DingTalk knows: the organisation, credentials, free-login codes, approval instances
 * and tasks, every message sent, and the faults a test asked for. No HTTP here; the routes translate.
 * Shapes follow docs/dingtalk.md (its section numbers, §, in comments). Error codes are DingTalk's where documented
 * (docs/dingtalk.md §5–§8; the global error-code table of §8.4; per-API pages);
 * the few DingTalk does not document are marked "simulator choice".
 *
 * A facade over one store per concern (state-*.ts), so routes, the control API and tests keep one handle.
 */
import type { OrgSeed, SimDepartment, SimProcess, SimUser } from './org';
import { Approvals, type SimInstance, type StartInstanceInput } from './state-approvals';
import { Calendar, type SimCalendarEvent } from './state-calendar';
import { Credentials, type SimApp } from './state-credentials';
import { type FaultKind, Limits } from './state-limits';
import { MessageLog, type SimGroupRobot, type SimMessage } from './state-messages';
import { Directory } from './state-org';
import { TodoStore } from './state-todo';

export type { SimInstance, SimTask, StartInstanceInput } from './state-approvals';
export type { SimCalendarEvent } from './state-calendar';
export type { SimApp } from './state-credentials';
export type { FaultKind } from './state-limits';
export type { SimGroupRobot, SimMessage } from './state-messages';

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

export class SimulatorState {
  readonly corpId: string;
  readonly app: SimApp;
  readonly departments: Map<number, SimDepartment>;
  readonly users: Map<string, SimUser>;
  readonly processes: Map<string, SimProcess>;
  readonly instances: Map<string, SimInstance>;
  readonly groupRobots: Map<string, SimGroupRobot>;
  readonly messages: SimMessage[];
  readonly calendarEvents: Map<string, SimCalendarEvent>;
  private readonly options: SimulatorStateOptions;
  private readonly directory = new Directory();
  readonly todos = new TodoStore(this.directory, () => this.now());
  private readonly credentials: Credentials;
  private readonly limits: Limits;
  private readonly messageLog: MessageLog;
  private readonly calendar: Calendar;
  private readonly approvals: Approvals;

  constructor(options: SimulatorStateOptions) {
    const { corpId, app, now, onEvent } = options;
    const directory = this.directory;
    this.options = options;
    this.corpId = corpId;
    this.app = app;
    directory.seed(options.org);
    this.credentials = new Credentials({
      app,
      directory,
      tokenTtlSeconds: options.tokenTtlSeconds,
      authCodeTtlMs: options.authCodeTtlMs,
      now,
    });
    this.limits = new Limits(options.qpsLimit, now);
    this.messageLog = new MessageLog({ app, directory, groupRobots: options.groupRobots, now });
    this.calendar = new Calendar({ directory, now, onEvent });
    this.approvals = new Approvals({ corpId, directory, now, onEvent });
    this.departments = directory.departments;
    this.users = directory.users;
    this.processes = directory.processes;
    this.instances = this.approvals.instances;
    this.groupRobots = this.messageLog.groupRobots;
    this.messages = this.messageLog.messages;
    this.calendarEvents = this.calendar.events;
  }

  now(): number {
    return this.options.now();
  }

  /** Replaces the organisation (departments, users, processes). Instances and messages are kept. */
  seed(org: OrgSeed): void {
    this.directory.seed(org);
  }

  // ---- credentials (docs/dingtalk.md §4.1) and free-login codes (§6.2) ----

  issueToken(appKey: string, appSecret: string): { token: string; expiresIn: number } | undefined {
    return this.credentials.issueToken(appKey, appSecret);
  }

  tokenValid(token: string | undefined): boolean {
    return this.credentials.tokenValid(token);
  }

  expireTokens(): void {
    this.credentials.expireTokens();
  }

  jsapiTicket(): { ticket: string; expiresIn: number } {
    return this.credentials.jsapiTicket();
  }

  issueAuthCode(userId: string): string {
    return this.credentials.issueAuthCode(userId);
  }

  redeemAuthCode(code: string): SimUser {
    return this.credentials.redeemAuthCode(code);
  }

  // ---- faults and limits ----

  addFault(path: string, kind: FaultKind, times: number): void {
    this.limits.addFault(path, kind, times);
  }

  takeFault(path: string): FaultKind | undefined {
    return this.limits.takeFault(path);
  }

  overQps(path: string): boolean {
    return this.limits.overQps(path);
  }

  // ---- contacts (docs/dingtalk.md §6.4–§6.5) ----

  userDetail(userId: string): Record<string, unknown> {
    return this.directory.userDetail(userId);
  }

  department(deptId: number): SimDepartment {
    return this.directory.department(deptId);
  }

  subDepartments(deptId: number): SimDepartment[] {
    return this.directory.subDepartments(deptId);
  }

  departmentUsers(deptId: number, cursor: number, size: number): ReturnType<Directory['departmentUsers']> {
    return this.directory.departmentUsers(deptId, cursor, size);
  }

  // ---- messages (docs/dingtalk.md §5) ----

  sendWorkNotice(input: Parameters<MessageLog['sendWorkNotice']>[0]): number {
    return this.messageLog.sendWorkNotice(input);
  }

  /** Turns DingTalk's same-day repeat filter for work notices on (as DingTalk has it) or off. */
  setWorkNoticeRepeatFilter(on: boolean): void {
    this.messageLog.repeatFilter = on;
  }

  markNoticeRead(taskId: number, userId: string): void {
    this.messageLog.markNoticeRead(taskId, userId);
  }

  workNoticeResult(agentId: number, taskId: number): Record<string, unknown> {
    return this.messageLog.workNoticeResult(agentId, taskId);
  }

  workNoticeProgress(agentId: number, taskId: number): Record<string, unknown> {
    return this.messageLog.workNoticeProgress(agentId, taskId);
  }

  robotOneToOne(input: Parameters<MessageLog['robotOneToOne']>[0]): ReturnType<MessageLog['robotOneToOne']> {
    return this.messageLog.robotOneToOne(input);
  }

  robotGroup(input: Parameters<MessageLog['robotGroup']>[0]): ReturnType<MessageLog['robotGroup']> {
    return this.messageLog.robotGroup(input);
  }

  groupWebhook(...args: Parameters<MessageLog['groupWebhook']>): void {
    this.messageLog.groupWebhook(...args);
  }

  // ---- calendar (docs/dingtalk.md §2.5) ----

  saveCalendarEvent(input: Parameters<Calendar['saveCalendarEvent']>[0]): ReturnType<Calendar['saveCalendarEvent']> {
    return this.calendar.saveCalendarEvent(input);
  }

  calendarEventView(unionId: string, eventId: string): Record<string, unknown> | undefined {
    return this.calendar.calendarEventView(unionId, eventId);
  }

  // ---- workflow (docs/dingtalk.md §7, events §2.2–§2.3) ----

  startInstance(input: StartInstanceInput): string {
    return this.approvals.startInstance(input);
  }

  executeTask(input: Parameters<Approvals['executeTask']>[0]): void {
    this.approvals.executeTask(input);
  }

  terminateInstance(processInstanceId: string, operatingUserId?: string, remark?: string): void {
    this.approvals.terminateInstance(processInstanceId, operatingUserId, remark);
  }

  instanceView(processInstanceId: string): Record<string, unknown> {
    return this.approvals.instanceView(processInstanceId);
  }

  listInstanceIds(query: Parameters<Approvals['listInstanceIds']>[0]): ReturnType<Approvals['listInstanceIds']> {
    return this.approvals.listInstanceIds(query);
  }
}
