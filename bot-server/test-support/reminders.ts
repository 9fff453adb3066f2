/**
 * Test support for the reminders area (imported by tests and the multi-process test worker only): a settable
 * clock, DingTalk clients pointed at a simulator that shares the clock (no real sleeps between retries), the demo
 * organisation, and subjects to remind about.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Deadline, Department, Matter, OutboxNotification, ReminderCursor } from '../../entities';
import { parseInstant } from '../calendar';
import { DeadlineService } from '../deadlines/deadline-service';
import { DEMO_DEPARTMENTS } from '../demo/demo-organisation';
import { insertDemoOrganisation } from '../demo/seed-demo';
import { AccessTokenCache, MessageSender, OapiClient, OpenApiClient, RateLimiter } from '../dingtalk';
import type { FetchLike } from '../dingtalk/http-json';
import { createLogger, type Logger } from '../logging/logger';
import { DEFAULT_OFFICE_HOURS } from '../reminders/office-hours';
import type { ReminderSettings } from '../reminders/settings';
import { type TestDatabase, useScratchDatabase } from './databases';
import { type Simulator, startSimulator } from './simulator';

export const silent: Logger = createLogger('silent');

/** A clock tests move by hand. `at('2026-03-02T08:30')` reads Shanghai wall time. */
export class TestClock {
  private current: number;
  constructor(start: string | Date) {
    this.current = (typeof start === 'string' ? parseInstant(start) : start).getTime();
  }
  readonly now = (): Date => new Date(this.current);
  readonly ms = (): number => this.current;
  set(instant: string | Date): Date {
    this.current = (typeof instant === 'string' ? parseInstant(instant) : instant).getTime();
    return this.now();
  }
  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
}

export interface TestDingTalk {
  sim: Simulator;
  tokens: AccessTokenCache;
  oapi: OapiClient;
  openApi: OpenApiClient;
  sender: MessageSender;
  agentId: number;
}

const noSleep = async () => {};

/** DingTalk clients for a simulator, on `clock`; a retried call does not wait for real. */
export function clientsFor(sim: Simulator, clock: { ms(): number }, options: { fetch?: FetchLike } = {}): TestDingTalk {
  const s = sim.settings;
  const tokens = new AccessTokenCache({
    appKey: s.DINGTALK_APP_KEY ?? '',
    appSecret: s.DINGTALK_APP_SECRET ?? '',
    apiBase: sim.apiBase,
    oapiBase: sim.oapiBase,
    now: clock.ms,
  });
  const limiter = new RateLimiter({ limit: 1000, intervalMs: 1000, sleep: noSleep });
  const retry = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 };
  const oapi = new OapiClient({
    tokens,
    oapiBase: sim.oapiBase,
    limiter,
    retry,
    sleep: noSleep,
    now: clock.ms,
    fetch: options.fetch,
  });
  const openApi = new OpenApiClient({ tokens, apiBase: sim.apiBase, limiter, retry, sleep: noSleep });
  const agentId = Number(s.DINGTALK_AGENT_ID);
  const sender = new MessageSender({
    oapi,
    openApi,
    agentId,
    robotCode: s.DINGTALK_APP_KEY ?? '',
    oapiBase: sim.oapiBase,
    now: clock.ms,
    groupRobotLimiter: new RateLimiter({ limit: 20, intervalMs: 60_000, now: clock.ms, sleep: noSleep }),
    timeoutMs: 2000,
  });
  return { sim, tokens, oapi, openApi, sender, agentId };
}

export const GROUP_ROBOT = { accessToken: 'test-supervision-group', secret: 'SECtest-supervision-group' };

/** A simulator on the test clock, with the 督查室 group robot and no QPS throttling of its own. */
export async function startTestSimulator(clock: { ms(): number }, port = 0): Promise<Simulator> {
  return startSimulator({
    port,
    now: clock.ms,
    qpsLimit: 0,
    groupRobots: [{ ...GROUP_ROBOT, name: '督查室工作群' }],
  });
}

export function testSettings(agentId: number, publicUrl = 'https://duban.example.gov.cn'): ReminderSettings {
  return {
    officeHours: DEFAULT_OFFICE_HOURS,
    publicUrl,
    groupRobots: { supervision: { accessToken: GROUP_ROBOT.accessToken, secret: GROUP_ROBOT.secret } },
    agentId,
  };
}

/**
 * The demo organisation alone (not the other areas' demo data, so a test sees only its own deadlines), and a
 * deadline service on `db`.
 */
export async function prepareDatabase(db: DataSource): Promise<DeadlineService> {
  await db.transaction(async (manager) => {
    if (await manager.getRepository(Department).existsBy({ id: DEMO_DEPARTMENTS[0]?.id ?? '1' })) return;
    await insertDemoOrganisation(manager);
  });
  return DeadlineService.load(() => db, silent);
}

export interface ReminderWorld {
  readonly db: DataSource;
  readonly deadlines: DeadlineService;
  /** There with a clock only; a test that stops it may start another in its place. */
  sim: Simulator;
}

/**
 * For the tests of a `describe` block: a scratch database of `target` made ready by `prepareDatabase` and, given a
 * clock, a test simulator on it. Its members may be read once the tests run.
 */
export function useReminderWorld(target: TestDatabase, clock?: { ms(): number }): ReminderWorld {
  const scratch = useScratchDatabase(target);
  let deadlines: DeadlineService | undefined;
  let sim: Simulator | undefined;
  beforeAll(async () => {
    deadlines = await prepareDatabase(scratch.db);
    if (clock) sim = await startTestSimulator(clock);
  });
  afterAll(async () => {
    await sim?.close();
  });
  return {
    get db() {
      return scratch.db;
    },
    get deadlines() {
      if (!deadlines) throw new Error('the deadline service is read before the database was prepared');
      return deadlines;
    },
    get sim() {
      if (!sim) throw new Error('no simulator: the world was made without a clock, or has not started');
      return sim;
    },
    set sim(restarted: Simulator) {
      sim = restarted;
    },
  };
}

let matterSequence = 0;

/** A 督办事项 led by `departmentId`, for deadlines to point at. */
export async function insertMatter(
  manager: EntityManager,
  input: { title: string; departmentId: string; responsibleUserId?: string | null; assignedAt?: Date },
): Promise<number> {
  matterSequence++;
  const result = await manager.insert(Matter, {
    year: 2026,
    source: 'leader_instruction',
    sequence: matterSequence + Math.floor(Math.random() * 1_000_000),
    number: `督〔2026〕${matterSequence}号`,
    title: input.title,
    leadDepartmentId: input.departmentId,
    responsibleUserId: input.responsibleUserId ?? null,
    assignedAt: input.assignedAt ?? new Date('2026-02-20T09:00:00+08:00'),
  });
  return Number(result.identifiers[0]?.id);
}

/** A matter with an explicit due date (no warnings), assigned to one person of a unit. */
export async function matterDueOn(
  db: DataSource,
  deadlines: DeadlineService,
  input: { title: string; dueDate: string; assignee: string | null; departmentId: string; urgent?: boolean },
): Promise<Deadline> {
  return db.transaction(async (manager) => {
    const matterId = await insertMatter(manager, {
      title: input.title,
      departmentId: input.departmentId,
      responsibleUserId: input.assignee,
    });
    return deadlines.createExplicit(manager, {
      subjectType: 'matter',
      subjectId: matterId,
      purpose: 'complete',
      receivedAt: new Date('2026-02-20T09:00:00+08:00'),
      dueDate: input.dueDate,
      assigneeUserId: input.assignee,
      departmentId: input.departmentId,
      urgent: input.urgent ?? false,
    });
  });
}

/** The text of a work notice the simulator got (action card or markdown). */
export function noticeText(message: { kind: string; msg?: Record<string, unknown> }): string {
  const msg = message.msg ?? {};
  const card = msg.action_card as { markdown?: string } | undefined;
  const markdown = msg.markdown as { text?: string } | undefined;
  const text = msg.text as { content?: string } | undefined;
  return card?.markdown ?? markdown?.text ?? text?.content ?? '';
}

/** Work notices the simulator would really show `userId` (DingTalk's silent refusals left out). */
export function deliveredNotices(sim: Simulator, userId: string) {
  return sim
    .messages({ kind: 'work_notice', userId })
    .filter((m) => m.kind === 'work_notice' && m.deliveredTo.includes(userId)) as Array<
    Extract<ReturnType<Simulator['messages']>[number], { kind: 'work_notice' }>
  >;
}

export async function outboxRows(db: DataSource): Promise<OutboxNotification[]> {
  return db.getRepository(OutboxNotification).find({ order: { id: 'ASC' } });
}

/** A deadline with the reminder planner's cursor (none: not planned yet, as a fresh cursor says). */
export async function deadlineRow(db: DataSource, id: number): Promise<Deadline & Omit<ReminderCursor, 'deadlineId'>> {
  const row = await db.getRepository(Deadline).findOneByOrFail({ id });
  const cursor = await db.getRepository(ReminderCursor).findOneBy({ deadlineId: id });
  return {
    ...row,
    nextReminderAt: cursor?.nextReminderAt ?? null,
    remindedThrough: cursor?.remindedThrough ?? null,
    reminderDueAt: cursor?.reminderDueAt ?? null,
    escalationLevel: cursor?.escalationLevel ?? 0,
  };
}
