/**
 * The reminders area as the server runs it: the planner, the dispatcher and the send-result poller as background
 * loops (started once the database is there, stopped on close), and the queries the API and the command line use.
 */
import { Brackets, type DataSource, In, IsNull } from 'typeorm';
import { Deadline, OutboxNotification, ReminderCursor } from '../../entities';
import { audit } from '../audit/audit';
import { type CalendarsByScope, type Timing, timingOf } from '../deadlines/timing';
import type { DingTalkClients } from '../dingtalk';
import type { Logger } from '../logging/logger';
import { PollingLoop } from '../scheduler/polling-loop';
import { reportSent } from './deliveries';
import { describedKey, describeSubjects } from './describe';
import { ReminderDispatcher } from './dispatcher';
import type { OutboxItem, OutboxPayload } from './outbox';
import { type CalendarSource, NO_MORE_REMINDERS, ReminderPlanner } from './planner';
import { ReceiptPoller } from './receipts';
import { OrgDirectory, userNames } from './recipients';
import type { ReminderSettings } from './settings';

export interface ReminderLoopIntervals {
  plannerMs: number;
  dispatcherMs: number;
  receiptsMs: number;
}

const DEFAULT_INTERVALS: ReminderLoopIntervals = { plannerMs: 60_000, dispatcherMs: 5_000, receiptsMs: 60_000 };

export interface MyReminder {
  id: number;
  kind: string;
  title: string;
  items: OutboxItem[];
  url: string | null;
  status: string;
  scheduledAt: Date;
  sentAt: Date | null;
  readAt: Date | null;
}

/** An open deadline of the person's, named as the bot names it, and where it stands now (`timingOf`). */
export interface UpcomingReminder extends Timing {
  deadlineId: number;
  subjectType: string;
  subjectId: number;
  purpose: string;
  /** 《关于…的通知》, 会议《…》: as the bot's messages name it (describe.ts); null when its record is gone. */
  name: string | null;
  action: string | null;
  /** The mini-app page of its record. */
  path: string;
  nextReminderAt: Date | null;
  escalationLevel: number;
}

/** Someone else's open deadline the bot escalated to this person (their unit head, their responsible leader). */
export interface WatchedDeadline extends Omit<UpcomingReminder, 'nextReminderAt'> {
  assigneeName: string | null;
  unitName: string | null;
}

export interface OutboxStatus {
  counts: Record<string, number>;
  oldestPendingAt: Date | null;
  rows: OutboxNotification[];
}

export class ReminderService {
  private loops: PollingLoop[] = [];
  private dispatchLoop: PollingLoop | null = null;
  private runningDispatcher: ReminderDispatcher | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly logger: Logger,
    private readonly dingtalk: DingTalkClients,
  ) {}

  planner(calendars: CalendarSource, settings: ReminderSettings, now?: () => Date): ReminderPlanner {
    return new ReminderPlanner({
      db: this.db,
      calendars,
      officeHours: settings.officeHours,
      publicUrl: settings.publicUrl,
      logger: this.logger,
      now,
    });
  }

  dispatcher(calendars: CalendarSource, settings: ReminderSettings, now?: () => Date): ReminderDispatcher {
    return new ReminderDispatcher({
      db: this.db,
      sender: this.dingtalk.sender,
      calendars,
      officeHours: settings.officeHours,
      publicUrl: settings.publicUrl,
      groupRobots: settings.groupRobots,
      logger: this.logger,
      now,
      hooks: { afterSend: async (row) => reportSent(row) },
    });
  }

  receipts(calendars: CalendarSource, settings: ReminderSettings, now?: () => Date): ReceiptPoller {
    return new ReceiptPoller({
      db: this.db,
      oapi: this.dingtalk.oapi,
      agentId: settings.agentId,
      calendars,
      officeHours: settings.officeHours,
      logger: this.logger,
      now,
    });
  }

  /** Starts the three loops. The dispatcher is woken whenever the planner wrote something. */
  start(calendars: CalendarSource, settings: ReminderSettings, intervals: Partial<ReminderLoopIntervals> = {}): void {
    if (this.loops.length > 0) return;
    const every = { ...DEFAULT_INTERVALS, ...intervals };
    const planner = this.planner(calendars, settings);
    const dispatcher = this.dispatcher(calendars, settings);
    const receipts = this.receipts(calendars, settings);
    const dispatch = new PollingLoop(
      'reminders.dispatch',
      () => dispatcher.dispatchDue(),
      this.logger,
      every.dispatcherMs,
    );
    const plan = new PollingLoop(
      'reminders.plan',
      async () => {
        const report = await planner.pass();
        if (report.written > 0) dispatch.wake();
        return report.written;
      },
      this.logger,
      every.plannerMs,
    );
    const poll = new PollingLoop('reminders.receipts', () => receipts.pollDue(), this.logger, every.receiptsMs);
    this.dispatchLoop = dispatch;
    this.runningDispatcher = dispatcher;
    this.loops = [plan, dispatch, poll];
    for (const loop of this.loops) loop.start();
  }

  /** Whether the loops are running. */
  get running(): boolean {
    return this.loops.length > 0;
  }

  /** Asks the dispatcher to look at the outbox now (after another area enqueued something). */
  wake(): void {
    this.dispatchLoop?.wake();
  }

  /** Stops the loops; a batch being sent ends after the row in hand and gives its other rows back. */
  async stop(): Promise<void> {
    const loops = this.loops;
    this.loops = [];
    this.dispatchLoop = null;
    this.runningDispatcher?.halt();
    this.runningDispatcher = null;
    await Promise.all(loops.map((loop) => loop.stop()));
  }

  /**
   * What was sent to one person (latest first), each line with the page it opens; their open deadlines named as the
   * bot names them, with where each stands now and the next reminder; and the deadlines of others the bot has
   * escalated to them (as unit head or responsible leader), for them to press on.
   */
  async mine(
    userId: string,
    calendars: CalendarsByScope,
    options: { limit?: number; now?: Date } = {},
  ): Promise<{ sent: MyReminder[]; upcoming: UpcomingReminder[]; watching: WatchedDeadline[] }> {
    const { limit = 30, now = new Date() } = options;
    const rows = await this.db.getRepository(OutboxNotification).find({
      where: { recipientUserId: userId },
      order: { scheduledAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    const org = await OrgDirectory.load(this.db.manager);
    const headed = org.unitsHeadedBy(userId);
    const led = org.unitsLedBy(userId);
    const repo = this.db.getRepository(Deadline);
    const order = { dueAt: 'ASC' as const, id: 'ASC' as const };
    // The deadlines the planner speaks to this person of: their own, and their units' that name no person.
    const deadlines = await repo.find({
      where: [
        { assigneeUserId: userId, status: 'open' },
        ...(headed.length ? [{ assigneeUserId: IsNull(), departmentId: In(headed), status: 'open' as const }] : []),
      ],
      order,
      take: limit,
    });
    const own = new Set(deadlines.map((d) => d.id));
    const escalated = (await this.escalatedTo(headed, led, limit)).filter(
      (d) => !own.has(d.id) && d.assigneeUserId !== userId,
    );
    const listed = [...deadlines, ...escalated].map((d) => d.id);
    const cursors = new Map(
      (listed.length ? await this.db.getRepository(ReminderCursor).findBy({ deadlineId: In(listed) }) : []).map((c) => [
        c.deadlineId,
        c,
      ]),
    );
    const { subjects } = await describeSubjects(this.db.manager, [...deadlines, ...escalated]);
    const names = await userNames(
      this.db.manager,
      escalated.flatMap((d) => (d.assigneeUserId ? [d.assigneeUserId] : [])),
    );
    const viewOf = (d: Deadline) => {
      const subject = subjects.get(describedKey(d));
      return {
        deadlineId: d.id,
        subjectType: d.subjectType,
        subjectId: d.subjectId,
        purpose: d.purpose,
        name: subject?.name ?? null,
        action: subject?.action ?? null,
        path: subject?.path ?? `/m/${d.subjectType}/${d.subjectId}`,
        ...timingOf(calendars, d, now),
        escalationLevel: cursors.get(d.id)?.escalationLevel ?? 0,
      };
    };
    return {
      sent: rows.map((row) => {
        const payload = row.payload as OutboxPayload & Record<string, unknown>;
        return {
          id: row.id,
          kind: row.kind,
          title: typeof payload.title === 'string' ? payload.title : row.kind,
          items: Array.isArray(payload.items) ? payload.items : [],
          url: typeof payload.url === 'string' ? payload.url : null,
          status: row.status,
          scheduledAt: row.scheduledAt,
          sentAt: row.sentAt,
          readAt: row.readAt,
        };
      }),
      upcoming: deadlines.map((d) => {
        const next = cursors.get(d.id)?.nextReminderAt ?? null;
        return { ...viewOf(d), nextReminderAt: next && next.getTime() < NO_MORE_REMINDERS.getTime() ? next : null };
      }),
      watching: escalated.map((d) => ({
        ...viewOf(d),
        assigneeName: d.assigneeUserId ? (names.get(d.assigneeUserId) ?? d.assigneeUserId) : null,
        unitName: org.departmentName(d.departmentId),
      })),
    };
  }

  /**
   * The open deadlines escalated to the rungs a person stands on: unit head of `headed` (level 1 and up),
   * responsible leader of `led` (level 2), by the planner's cursor.
   */
  private async escalatedTo(headed: string[], led: string[], limit: number): Promise<Deadline[]> {
    if (headed.length === 0 && led.length === 0) return [];
    return this.db
      .getRepository(Deadline)
      .createQueryBuilder('d')
      .innerJoin(ReminderCursor, 'c', 'c.deadlineId = d.id')
      .where("d.status = 'open'")
      .andWhere(
        new Brackets((rungs) => {
          if (headed.length) {
            rungs.orWhere(
              '(d.assigneeUserId IS NOT NULL AND d.departmentId IN (:...headed) AND c.escalationLevel >= 1)',
              {
                headed,
              },
            );
          }
          if (led.length) rungs.orWhere('(d.departmentId IN (:...led) AND c.escalationLevel >= 2)', { led });
        }),
      )
      .orderBy('d.dueAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Counts by status, the oldest pending row, and the latest rows (of one status, or all). */
  async outboxStatus(options: { status?: string; limit?: number } = {}): Promise<OutboxStatus> {
    const repo = this.db.getRepository(OutboxNotification);
    const grouped = await repo
      .createQueryBuilder('o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('o.status')
      .getRawMany<{ status: string; count: string | number }>();
    const counts: Record<string, number> = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
    for (const g of grouped) counts[g.status] = Number(g.count);
    const oldest = await repo.findOne({
      select: { id: true, nextAttemptAt: true },
      where: { status: 'pending' },
      order: { nextAttemptAt: 'ASC' },
    });
    const rows = await repo.find({
      where: options.status ? { status: options.status as OutboxNotification['status'] } : {},
      order: { id: 'DESC' },
      take: options.limit ?? 20,
    });
    return { counts, oldestPendingAt: oldest?.nextAttemptAt ?? null, rows };
  }

  /** Puts a failed (or cancelled) row back in the queue; audited. Returns false when there is no such row. */
  async retry(id: number, actor: string, now: Date = new Date()): Promise<boolean> {
    const changed = await this.db.transaction(async (manager) => {
      const row = await manager.getRepository(OutboxNotification).findOneBy({ id });
      if (!row || (row.status !== 'failed' && row.status !== 'cancelled')) return false;
      await manager.update(
        OutboxNotification,
        { id, status: row.status },
        { status: 'pending', attempts: 0, nextAttemptAt: now, sentAt: null, claimedBy: null, claimedUntil: null },
      );
      await audit(manager, {
        actor,
        action: 'reminders.outbox.retry',
        subjectType: 'outbox_notification',
        subjectId: id,
        before: { status: row.status, lastError: row.lastError },
        after: { status: 'pending' },
      });
      return true;
    });
    if (changed) this.wake();
    return changed;
  }
}
