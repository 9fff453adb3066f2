/**
 * The reminders area as the server runs it: the planner, the dispatcher and the send-result poller as background
 * loops (started once the database is there, stopped on close), and the queries the API and the command line use.
 */
import type { DataSource } from 'typeorm';
import { Deadline, OutboxNotification } from '../../entities';
import { audit } from '../audit/audit';
import type { DingTalkClients } from '../dingtalk';
import type { Logger } from '../logging/logger';
import { PollingLoop } from '../scheduler/polling-loop';
import { ReminderDispatcher } from './dispatcher';
import type { OutboxPayload } from './outbox';
import { type CalendarSource, NO_MORE_REMINDERS, ReminderPlanner } from './planner';
import { ReceiptPoller } from './receipts';
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
  items: { deadlineId: number; kind: string; overdueDays?: number }[];
  url: string | null;
  status: string;
  scheduledAt: Date;
  sentAt: Date | null;
  readAt: Date | null;
}

export interface UpcomingReminder {
  deadlineId: number;
  subjectType: string;
  subjectId: number;
  purpose: string;
  /** The last day, as every page shows it; `dueAt` is that day's end (24:00 = the next midnight). */
  dueDate: string;
  dueAt: Date;
  nextReminderAt: Date | null;
  escalationLevel: number;
}

export interface OutboxStatus {
  counts: Record<string, number>;
  oldestPendingAt: Date | null;
  rows: OutboxNotification[];
}

export class ReminderService {
  private loops: PollingLoop[] = [];
  private dispatchLoop: PollingLoop | null = null;

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

  async stop(): Promise<void> {
    const loops = this.loops;
    this.loops = [];
    this.dispatchLoop = null;
    await Promise.all(loops.map((loop) => loop.stop()));
  }

  /** What was sent to one person (latest first), and their open deadlines with the next reminder. */
  async mine(userId: string, limit = 30): Promise<{ sent: MyReminder[]; upcoming: UpcomingReminder[] }> {
    const rows = await this.db.getRepository(OutboxNotification).find({
      where: { recipientUserId: userId },
      order: { scheduledAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    const deadlines = await this.db.getRepository(Deadline).find({
      select: {
        id: true,
        subjectType: true,
        subjectId: true,
        purpose: true,
        dueDate: true,
        dueAt: true,
        nextReminderAt: true,
        escalationLevel: true,
      },
      where: { assigneeUserId: userId, status: 'open' },
      order: { dueAt: 'ASC' },
      take: limit,
    });
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
      upcoming: deadlines.map((d) => ({
        deadlineId: d.id,
        subjectType: d.subjectType,
        subjectId: d.subjectId,
        purpose: d.purpose,
        dueDate: d.dueDate,
        dueAt: d.dueAt,
        nextReminderAt:
          d.nextReminderAt && d.nextReminderAt.getTime() < NO_MORE_REMINDERS.getTime() ? d.nextReminderAt : null,
        escalationLevel: d.escalationLevel,
      })),
    };
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
