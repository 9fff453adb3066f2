/**
 * The dispatcher: sends every pending outbox row through its channel (work notice, robot one-to-one, group robot),
 * within office hours unless urgent, within DingTalk's limits, with retries and exponential backoff, recording
 * sent (with DingTalk's task id), failed (with the reason) or cancelled.
 *
 * Several processes share the outbox: rows are claimed with `SELECT … FOR UPDATE SKIP LOCKED` (claimDueRows) and
 * every state change is conditional on still holding the claim, so one row is worked on by one process at a time.
 *
 * EXACTLY ONCE — what is guaranteed, and how. A send is a DingTalk call the database cannot share a transaction
 * with, so the row is marked `sending` (with a lease, the attempt's instant and the exact message) and committed
 * BEFORE the call, and marked `sent` after it. A process that dies in between leaves the row `sending`; once the
 * lease has run out another process takes it over, without knowing whether DingTalk got the call:
 *
 * - Work notices (the reminders): DingTalk's answer carries a task id, written to the row as soon as it comes. A
 *   takeover of a row with a task id asks DingTalk for that task's send result (`getsendresult`) and, DingTalk
 *   having it, marks the row sent without sending again. Without one (the process died before the answer was
 *   written), the rule below applies.
 *   DingTalk delivers the same content to the same person at most once a day
 *   ("same content to the same user once per day": a repeat is answered with success and dropped, code 143106 in
 *   the send result; docs/dingtalk.md §5.3). The takeover therefore resends the byte-identical message stored in the row,
 *   but only on the same Asia/Shanghai day as the interrupted attempt: if the first call got through, DingTalk
 *   drops the second, otherwise the second delivers — one delivery either way. The send result then tells which
 *   (143106 = the first had arrived) and is recorded. A network failure whose outcome is unknown (timeout, no
 *   answer) is retried under the same rule. Past that day the outcome cannot be settled without risking a second
 *   copy, and the row is marked failed with the reason (at most once), for a person to look at: with office hours
 *   and leases of minutes this needs a process to die mid-send within minutes of midnight.
 *   The dispatcher also keeps DingTalk's rule itself: it never sends a row whose content already went to that
 *   person today (it waits for the next working day), so the rule only ever drops a resend of the same row.
 * - Group robots: the webhook takes `msgUuid` as an idempotency key ([OD:custom-robots-send-group-messages]); the
 *   row's key is passed and a takeover resends safely on any day.
 * - Robot one-to-one messages have no idempotency key and no content rule: a takeover marks the row failed (at
 *   most once) rather than risk a duplicate.
 *
 * Nothing is lost: a row is written before anything is sent (the planner's transaction), throttling and outages
 * put it back with backoff, and a failure is a visible row with its reason (`duban reminders status`).
 */
import { randomUUID } from 'node:crypto';
import { type DataSource, In } from 'typeorm';
import { Deadline, type JsonObject, type OutboxChannel, OutboxNotification } from '../../entities';
import { formatISODate, OFFICE_SCOPE, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { claimDueRows } from '../db/claim';
import { isDatabaseUnavailable } from '../db/database-handle';
import { sqlInstant } from '../db/sql-instant';
import {
  DingTalkApiError,
  DingTalkError,
  type GroupRobotMessage,
  type GroupRobotWebhook,
  type MessageSender,
  type RobotMessage,
  type WorkNoticeMessage,
} from '../dingtalk';
import type { Logger } from '../logging/logger';
import { composeItems, contentOf, payloadItems } from './compose';
import { groupRobotNamed } from './group-robots';
import { nextOfficeInstant, type OfficeHours, openingOf } from './office-hours';
import { currentOfficeHours } from './office-hours-setting';
import {
  type ChannelMessage,
  contentHash,
  contentOfPayload,
  messageFor,
  type OutboxPayload,
  readyMessage,
} from './outbox';
import type { CalendarSource } from './planner';
import type { PointKind } from './schedule';
import { reasonOf, uncertain } from './send-errors';
import { expiredAt, subjectMessage } from './subject-message';

/** DingTalk's daily cap of work notices per person for an internal app (docs/dingtalk.md §5.3). */
export const WORK_NOTICE_DAILY_CAP = 500;
/** Custom group robots: 20 messages a minute, then muted for 10 minutes (docs/dingtalk.md §5.1). */
export const GROUP_ROBOT_PER_MINUTE = 20;
const GROUP_ROBOT_MUTE_MS = 10 * 60_000;

export interface DispatcherHooks {
  /** Test seam: called after the row is marked `sending` and before DingTalk is called. */
  beforeSend?(row: OutboxNotification): Promise<void>;
  /** Test seam: called as soon as DingTalk answered, before anything of the answer is written. */
  afterCall?(row: OutboxNotification): Promise<void>;
  /** Test seam: called after DingTalk answered and its task id was written, before the row is marked `sent`. */
  afterSend?(row: OutboxNotification): Promise<void>;
}

export interface DispatcherOptions {
  db: DataSource;
  sender: MessageSender;
  calendars: CalendarSource;
  officeHours: OfficeHours;
  publicUrl: string;
  /** Configured group robots by name (`DINGTALK_GROUP_ROBOTS`); the admin pages' robots come first (group-robots.ts). */
  groupRobots: Record<string, GroupRobotWebhook>;
  logger: Logger;
  now?: () => Date;
  worker?: string;
  batchSize?: number;
  /** How long a claim on a pending row lasts before another process may take it. */
  claimLeaseMs?: number;
  /** How long a `sending` row is left to its process: longer than the longest DingTalk call with its retries. */
  sendLeaseMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  dailyCapPerUser?: number;
  groupRobotPerMinute?: number;
  hooks?: DispatcherHooks;
}

export type DeliveryOutcome = 'sent' | 'deferred' | 'retry' | 'failed' | 'cancelled' | 'lost_claim';

interface SendResult {
  taskId: string | null;
}

/** A refusal that retrying cannot fix (bad recipient, bad message, no such group robot). */
class PermanentFailure extends Error {}
/** DingTalk asked us to slow down for this recipient (robot flow control). */
class Throttled extends Error {}

const COLUMNS = { status: 'status', due: 'next_attempt_at', lockedBy: 'claimed_by', lockedUntil: 'claimed_until' };

export class ReminderDispatcher {
  readonly worker: string;
  private readonly db: DataSource;
  private readonly now: () => Date;
  /** Rows this dispatcher held when the database went away (see guard). */
  private readonly abandoned = new Set<number>();
  private halted = false;
  /** The office hours of the current pass: an administrator's change holds from the next pass. */
  private hours: OfficeHours;
  private readonly o: Required<
    Pick<
      DispatcherOptions,
      | 'batchSize'
      | 'claimLeaseMs'
      | 'sendLeaseMs'
      | 'maxAttempts'
      | 'backoffBaseMs'
      | 'backoffMaxMs'
      | 'dailyCapPerUser'
      | 'groupRobotPerMinute'
    >
  >;

  constructor(private readonly options: DispatcherOptions) {
    this.db = options.db;
    this.hours = options.officeHours;
    this.now = options.now ?? (() => new Date());
    this.worker = options.worker ?? `reminders-${randomUUID().slice(0, 8)}`;
    this.o = {
      batchSize: options.batchSize ?? 50,
      claimLeaseMs: options.claimLeaseMs ?? 2 * 60_000,
      sendLeaseMs: options.sendLeaseMs ?? 3 * 60_000,
      maxAttempts: options.maxAttempts ?? 12,
      backoffBaseMs: options.backoffBaseMs ?? 30_000,
      backoffMaxMs: options.backoffMaxMs ?? 60 * 60_000,
      dailyCapPerUser: options.dailyCapPerUser ?? WORK_NOTICE_DAILY_CAP,
      groupRobotPerMinute: options.groupRobotPerMinute ?? GROUP_ROBOT_PER_MINUTE,
    };
  }

  /** Takes over interrupted sends, then sends one batch of due rows. Returns how many rows it worked on. */
  async dispatchDue(): Promise<number> {
    this.hours = await currentOfficeHours(this.db.manager, this.options.officeHours);
    await this.releaseAbandoned();
    const base = { table: 'outbox_notification', columns: COLUMNS, worker: this.worker, limit: this.o.batchSize };
    const interrupted = await claimDueRows(this.db, {
      ...base,
      dueStatus: 'sending',
      leaseMs: this.o.sendLeaseMs,
      now: this.now(),
    });
    for (const id of interrupted) await this.guard(id, () => this.resume(id));
    if (this.halted) return interrupted.length;
    const due = await claimDueRows(this.db, {
      ...base,
      dueStatus: 'pending',
      leaseMs: this.o.claimLeaseMs,
      now: this.now(),
    });
    for (const id of due) {
      if (this.halted) break;
      await this.guard(id, () => this.deliver(id));
    }
    // Rows claimed but not begun go back at once, for another process to send now rather than after the lease.
    if (this.halted)
      await this.repo().update({ claimedBy: this.worker, status: 'pending' }, { claimedBy: null, claimedUntil: null });
    return interrupted.length + due.length;
  }

  /** Shutting down: the batch in hand ends after the row being sent. */
  halt(): void {
    this.halted = true;
  }

  /** Dispatches until nothing is due (tests, the command line). */
  async drain(maxRounds = 1000): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const n = await this.dispatchDue();
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  /**
   * A bug or a database error must not stop the batch; the claim runs out and the row is tried again. When the
   * database went away, the next round releases the claim instead (no process works on the row any more), so the
   * row is taken up again as soon as the database answers, not a lease later.
   */
  private async guard(id: number, work: () => Promise<DeliveryOutcome>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (isDatabaseUnavailable(err)) this.abandoned.add(id);
      this.options.logger.error({ err, outboxId: id }, 'outbox row could not be processed; it will be retried');
    }
  }

  private async releaseAbandoned(): Promise<void> {
    if (this.abandoned.size === 0) return;
    const ids = [...this.abandoned];
    await this.repo().update({ id: In(ids), claimedBy: this.worker }, { claimedBy: null, claimedUntil: null });
    for (const id of ids) this.abandoned.delete(id);
  }

  private repo() {
    return this.db.getRepository(OutboxNotification);
  }

  /** Sends one claimed pending row. */
  async deliver(id: number): Promise<DeliveryOutcome> {
    const row = await this.repo().findOneBy({ id });
    if (row?.status !== 'pending' || row.claimedBy !== this.worker) return 'lost_claim';
    const now = this.now();
    const payload = row.payload as OutboxPayload & JsonObject;

    // A notice that could not go out in time does not go out late (a shift's reminder after the shift began).
    if (expiredAt(payload, now)) return this.finish(row, 'cancelled', '已过时效，不再发送');
    if (Array.isArray(payload.deadlineIds) && payload.deadlineIds.length > 0) {
      const open = await this.db.getRepository(Deadline).find({
        select: { id: true, dueAt: true },
        where: { id: In(payload.deadlineIds.map(Number)), status: 'open' },
      });
      if (open.length === 0) return this.finish(row, 'cancelled', '相关时限均已办结，不再提醒');
      // A "due soon / due today" notice held back (quiet hours, limits, retries) until after the deadline
      // would be wrong: the overdue notices take over.
      if ((row.kind === 'warning' || row.kind === 'due') && open.every((d) => d.dueAt <= now)) {
        return this.finish(row, 'cancelled', '已过办理时限，到期前提醒不再发送（改由逾期提醒）');
      }
    }
    // A previous attempt ended without knowing whether DingTalk got it: resending is safe on the same day only,
    // so such a resend does not wait for office hours (the send began inside them).
    const previousAttempt = row.sentAt;
    if (previousAttempt && !this.resendIsSafe(row.channel, previousAttempt, now)) {
      return this.finish(row, 'failed', this.unsettledReason(row.lastError));
    }
    if (payload.urgent !== true && !previousAttempt) {
      const opening = nextOfficeInstant(now, this.officeCalendar(), this.hours);
      if (opening > now) return this.defer(row, opening, null);
    }

    await this.recountIfStale(row, now);
    const message = await this.messageOf(row);
    if (!message) return this.finish(row, 'failed', '消息内容为空，无法发送');
    const hash = contentHash(message);
    const wait = await this.limitWait(row, hash, now);
    if (wait) return this.defer(row, wait.until, wait.reason);
    return this.send(row, message, hash, now, previousAttempt !== null);
  }

  /** Takes over a row left `sending` by a process that died or stalled past its lease (see the header). */
  async resume(id: number): Promise<DeliveryOutcome> {
    const row = await this.repo().findOneBy({ id });
    if (row?.status !== 'sending' || row.claimedBy !== this.worker) return 'lost_claim';
    // DingTalk keeps a task's send result for a day: asked first, whatever day the send began.
    if (row.channel === 'work_notice' && row.dingtalkTaskId && (await this.dingTalkHas(row.dingtalkTaskId))) {
      this.options.logger.info({ outboxId: id }, 'interrupted send had reached DingTalk; not resent');
      return this.markSent(row, row.dingtalkTaskId);
    }
    const now = this.now();
    const stored = readyMessage(row.channel, (row.payload as OutboxPayload).msg);
    const attemptedAt = row.sentAt ?? now;
    if (!stored || !this.resendIsSafe(row.channel, attemptedAt, now)) {
      this.options.logger.warn(
        { outboxId: id, channel: row.channel },
        'interrupted send cannot be settled; not resent',
      );
      return this.finish(row, 'failed', this.unsettledReason('发送过程中断'));
    }
    this.options.logger.info({ outboxId: id, channel: row.channel }, 'resuming an interrupted send');
    return this.send(row, stored, contentHash(stored), now, true);
  }

  /**
   * Whether DingTalk took the work notice of `taskId`: it answers the send result of a task it has, and refuses
   * one it does not know. Any other failure (network, throttling) is thrown: the takeover is tried again later.
   */
  private async dingTalkHas(taskId: string): Promise<boolean> {
    try {
      await this.options.sender.workNoticeSendResult(Number(taskId));
      return true;
    } catch (err) {
      if (err instanceof DingTalkApiError && err.code === 'api_error' && !err.retryable) return false;
      throw err;
    }
  }

  private resendIsSafe(channel: OutboxChannel, attemptedAt: Date, now: Date): boolean {
    if (channel === 'group_robot') return true;
    if (channel === 'robot_o2o') return false;
    return shanghaiDayNumber(attemptedAt) === shanghaiDayNumber(now);
  }

  private unsettledReason(cause: string | null): string {
    return `${cause ?? '发送结果未知'}；无法确认是否已送达，为避免重复未再发送`.slice(0, 2000);
  }

  private officeCalendar() {
    return this.options.calendars.calendar(OFFICE_SCOPE);
  }

  /** The message of a row: stored or ready in the payload, in words, or put into words from its subject. */
  private async messageOf(row: OutboxNotification): Promise<ChannelMessage | undefined> {
    const payload = row.payload as Record<string, unknown>;
    const ready = readyMessage(row.channel, payload.msg);
    if (ready) return ready;
    const content = contentOfPayload(payload, this.options.publicUrl);
    if (content) return messageFor(row.channel, content);
    return subjectMessage(this.db.manager, row, this.options.publicUrl);
  }

  /**
   * A planner row held back past the day it was counted on (quiet hours, limits, a stopped server) is put into words
   * again before it goes out: 「已逾期N个工作日」 is what it is on the day it is read. Items whose deadlines have
   * closed meanwhile are left out (all closed: cancelled above).
   */
  private async recountIfStale(row: OutboxNotification, now: Date): Promise<void> {
    const payload = row.payload as OutboxPayload & JsonObject;
    const today = formatISODate(shanghaiDayNumber(now));
    if (typeof payload.countedOn !== 'string' || payload.countedOn === today || !payload.items?.length) return;
    const stored = payload.items;
    const open = await this.db.getRepository(Deadline).findBy({
      id: In(stored.map((i) => i.deadlineId)),
      status: 'open',
    });
    const byId = new Map(open.map((d) => [d.id, d]));
    const entries = stored.flatMap((i) => {
      const deadline = byId.get(i.deadlineId);
      if (!deadline) return [];
      const point = { at: now, kind: i.kind as PointKind, audience: i.audience ?? 'assignee', key: '' };
      return [{ row: deadline, points: [point], urgent: payload.urgent === true }];
    });
    const items = (await composeItems(this.db.manager, this.options.calendars, entries, now)).items.flat();
    if (items.length === 0) return;
    const recounted = {
      ...payload,
      ...contentOf(items, this.options.publicUrl),
      items: payloadItems(items),
      countedOn: today,
    };
    await this.repo().update({ id: row.id }, { payload: recounted as unknown as JsonObject });
    row.payload = recounted as unknown as JsonObject;
  }

  /** When DingTalk's limits say "not now": the daily cap, the same content today, a group robot's minute. */
  private async limitWait(
    row: OutboxNotification,
    hash: string,
    now: Date,
  ): Promise<{ until: Date; reason: string } | null> {
    const nextDay = () => openingOf(this.officeCalendar().addWorkdaysToDay(shanghaiDayNumber(now), 1), this.hours);
    if (row.channel === 'group_robot') {
      const since = new Date(now.getTime() - 60_000);
      const recent = await this.repo()
        .createQueryBuilder('o')
        .select('o.sentAt', 'sentAt')
        .where('o.recipientGroup = :group', { group: row.recipientGroup })
        .andWhere('o.sentAt > :since', { since: this.sqlDate(since) })
        .andWhere("o.status IN ('sending', 'sent')")
        .andWhere('o.id <> :id', { id: row.id })
        .orderBy('o.sentAt', 'ASC')
        .getRawMany<{ sentAt: unknown }>();
      if (recent.length < this.o.groupRobotPerMinute) return null;
      return {
        until: new Date(now.getTime() + 60_000),
        reason: `群机器人每分钟限发${this.o.groupRobotPerMinute}条，顺延`,
      };
    }
    if (row.channel !== 'work_notice' || !row.recipientUserId) return null;
    const dayStart = shanghaiInstant(shanghaiDayNumber(now), 0);
    const today = await this.repo()
      .createQueryBuilder('o')
      .select('o.contentHash', 'hash')
      .where('o.recipientUserId = :user', { user: row.recipientUserId })
      .andWhere('o.sentAt >= :dayStart', { dayStart: this.sqlDate(dayStart) })
      .andWhere("o.channel = 'work_notice'")
      .andWhere("o.status IN ('sending', 'sent')")
      .andWhere('o.id <> :id', { id: row.id })
      .getRawMany<{ hash: string | null }>();
    if (today.length >= this.o.dailyCapPerUser) {
      return { until: nextDay(), reason: `已达钉钉工作通知每人每日${this.o.dailyCapPerUser}条上限，顺延至下一工作日` };
    }
    if (today.some((r) => r.hash === hash)) {
      return {
        until: nextDay(),
        reason: '今日已向该人员发送过相同内容（钉钉同一内容每人每日限一次），顺延至下一工作日',
      };
    }
    return null;
  }

  private sqlDate(date: Date): Date | string {
    return sqlInstant(this.db, date);
  }

  /** Marks the row `sending` (committed), calls DingTalk, records the answer. */
  private async send(
    row: OutboxNotification,
    message: ChannelMessage,
    hash: string,
    now: Date,
    resumed: boolean,
  ): Promise<DeliveryOutcome> {
    const payload: JsonObject = { ...(row.payload as JsonObject), msg: message as unknown as JsonObject };
    if (resumed) payload.resumed = true;
    const marked = await this.repo()
      .createQueryBuilder()
      .update(OutboxNotification)
      .set({
        status: 'sending',
        attempts: () => 'attempts + 1',
        sentAt: row.sentAt ?? now,
        contentHash: hash,
        payload,
        claimedUntil: new Date(now.getTime() + this.o.sendLeaseMs),
      })
      .where('id = :id AND claimed_by = :worker AND status = :status', {
        id: row.id,
        worker: this.worker,
        status: row.status,
      })
      .execute();
    if (!marked.affected) return 'lost_claim';
    const sending = {
      ...row,
      status: 'sending' as const,
      attempts: row.attempts + 1,
      payload,
      sentAt: row.sentAt ?? now,
    };
    await this.options.hooks?.beforeSend?.(sending);

    let result: SendResult;
    try {
      result = await this.call(row, message);
    } catch (err) {
      return this.failed(sending, err);
    }
    await this.options.hooks?.afterCall?.(sending);
    // DingTalk's receipt for the call, kept at once: a takeover asks DingTalk about it instead of sending again.
    if (row.channel === 'work_notice' && result.taskId) {
      await this.repo().update(
        { id: row.id, claimedBy: this.worker, status: 'sending' },
        { dingtalkTaskId: result.taskId },
      );
    }
    await this.options.hooks?.afterSend?.(sending);
    return this.markSent(row, result.taskId);
  }

  private async markSent(row: OutboxNotification, taskId: string | null): Promise<DeliveryOutcome> {
    const done = await this.repo().update(
      { id: row.id, claimedBy: this.worker, status: 'sending' },
      {
        status: 'sent',
        dingtalkTaskId: taskId,
        claimedBy: null,
        claimedUntil: null,
        lastError: null,
        receiptCheckAt: row.channel === 'work_notice' && taskId ? new Date(this.now().getTime() + 60_000) : null,
      },
    );
    if (!done.affected) {
      this.options.logger.warn({ outboxId: row.id }, 'sent, but another process had taken the row over meanwhile');
      return 'lost_claim';
    }
    return 'sent';
  }

  private async call(row: OutboxNotification, message: ChannelMessage): Promise<SendResult> {
    const { sender } = this.options;
    switch (row.channel) {
      case 'work_notice': {
        if (!row.recipientUserId) throw new PermanentFailure('工作通知缺少接收人');
        const { taskId } = await sender.sendWorkNotice([row.recipientUserId], message as WorkNoticeMessage);
        return { taskId: String(taskId) };
      }
      case 'robot_o2o': {
        if (!row.recipientUserId) throw new PermanentFailure('机器人消息缺少接收人');
        const result = await sender.sendRobotOneToOne([row.recipientUserId], message as RobotMessage);
        if (result.invalidStaffIdList.includes(row.recipientUserId)) {
          throw new PermanentFailure(`接收人 ${row.recipientUserId} 无效（不在机器人可见范围或已离职）`);
        }
        if (result.flowControlledStaffIdList.includes(row.recipientUserId)) {
          throw new Throttled(`接收人 ${row.recipientUserId} 被钉钉流控`);
        }
        return { taskId: result.processQueryKey ?? null };
      }
      case 'group_robot': {
        const group = row.recipientGroup;
        const webhook = group ? await groupRobotNamed(this.db.manager, group, this.options.groupRobots) : undefined;
        if (!webhook)
          throw new PermanentFailure(`群机器人“${row.recipientGroup ?? ''}”未配置（DINGTALK_GROUP_ROBOTS）`);
        await sender.sendGroupRobot(webhook, message as GroupRobotMessage, row.idempotencyKey);
        return { taskId: null };
      }
    }
  }

  /** A failed call: back off and try again, or give up with the reason. */
  private async failed(row: OutboxNotification, err: unknown): Promise<DeliveryOutcome> {
    const now = this.now();
    const reason = err instanceof PermanentFailure || err instanceof Throttled ? err.message : reasonOf(err);
    const permanent =
      err instanceof PermanentFailure ||
      (err instanceof DingTalkApiError && !err.retryable && err.code !== 'api_token_expired') ||
      (err instanceof DingTalkError && !(err instanceof DingTalkApiError));
    // Unknown outcome: keep the attempt's instant (`sent_at`) so a retry happens only while resending is safe.
    const keepAttempt = uncertain(err) && row.channel !== 'group_robot';
    if (permanent || row.attempts >= this.o.maxAttempts || (keepAttempt && row.channel === 'robot_o2o')) {
      this.options.logger.warn({ outboxId: row.id, attempts: row.attempts, reason }, 'outbox row failed');
      return this.finish(
        row,
        'failed',
        keepAttempt && row.channel === 'robot_o2o' ? this.unsettledReason(reason) : reason,
        'sending',
      );
    }
    let delay = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** (row.attempts - 1));
    const throttled = err instanceof Throttled || (err instanceof DingTalkApiError && err.code === 'api_throttled');
    if (throttled && row.channel === 'group_robot') delay = Math.max(delay, GROUP_ROBOT_MUTE_MS);
    let next = new Date(now.getTime() + delay);
    if ((row.payload as OutboxPayload).urgent !== true && !keepAttempt) {
      next = nextOfficeInstant(next, this.officeCalendar(), this.hours);
    }
    this.options.logger.warn(
      { outboxId: row.id, attempts: row.attempts, retryAt: next.toISOString(), reason },
      'outbox send failed; will retry',
    );
    const updated = await this.repo().update(
      { id: row.id, claimedBy: this.worker, status: 'sending' },
      {
        status: 'pending',
        nextAttemptAt: next,
        lastError: reason,
        claimedBy: null,
        claimedUntil: null,
        ...(keepAttempt ? {} : { sentAt: null }),
      },
    );
    return updated.affected ? 'retry' : 'lost_claim';
  }

  private async defer(row: OutboxNotification, until: Date, reason: string | null): Promise<DeliveryOutcome> {
    const updated = await this.repo().update(
      { id: row.id, claimedBy: this.worker, status: 'pending' },
      { nextAttemptAt: until, claimedBy: null, claimedUntil: null, ...(reason ? { lastError: reason } : {}) },
    );
    return updated.affected ? 'deferred' : 'lost_claim';
  }

  private async finish(
    row: OutboxNotification,
    status: 'failed' | 'cancelled',
    reason: string,
    from: 'pending' | 'sending' = row.status as 'pending' | 'sending',
  ): Promise<DeliveryOutcome> {
    const updated = await this.repo().update(
      { id: row.id, claimedBy: this.worker, status: from },
      { status, lastError: reason, claimedBy: null, claimedUntil: null, receiptCheckAt: null },
    );
    return updated.affected ? status : 'lost_claim';
  }
}
