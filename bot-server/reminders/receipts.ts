/**
 * Read receipts and silent refusals of work notices. DingTalk answers `asyncsend_v2` with success even when it
 * will not deliver (the same content twice a day, more than 500 a day, an invalid user); the send result of the
 * task (kept 24 h) says who read it, who has not yet, and who was refused (docs/dingtalk.md §5.3). Each sent work notice
 * is looked at a few times over its first day: `read_at` when read, `failed` with the reason when refused, back to
 * `pending` for the next working day when refused for a daily limit (so nothing is lost).
 */
import type { DataSource } from 'typeorm';
import { OutboxNotification } from '../../entities';
import { OFFICE_SCOPE, shanghaiDayNumber } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import type { OapiClient, WorkNoticeSendResult } from '../dingtalk';
import type { Logger } from '../logging/logger';
import { type OfficeHours, openingOf } from './office-hours';
import { currentOfficeHours } from './office-hours-setting';
import type { OutboxPayload } from './outbox';
import type { CalendarSource } from './planner';

export interface ReceiptPollerOptions {
  db: DataSource;
  oapi: OapiClient;
  agentId: string | number;
  calendars: CalendarSource;
  officeHours: OfficeHours;
  logger: Logger;
  now?: () => Date;
  batchSize?: number;
}

/** Refusal codes in `forbidden_list` ([OD:gets-the-result-of-sending-messages-asynchronously-to-the-enterprise]). */
const REFUSALS: Record<string, string> = {
  '143103': '超过钉钉每分钟发送频率限制',
  '143104': '超过钉钉每分钟发送频率限制',
  '143105': '超过钉钉每人每日工作通知上限',
  '143106': '当日已向该人员发送过相同内容',
  '1430000': '没有有效的接收人',
};
/** Why DingTalk refused a notice, from the code it gave (its own entries only: a code `constructor` is unknown). */
export function refusalReason(code: string): string {
  return `${Object.hasOwn(REFUSALS, code) ? REFUSALS[code] : '被钉钉拒绝'}（${code}）`;
}

/** Refusals that a later day can fix: the row goes back to pending. */
const REQUEUE = new Set(['143103', '143104', '143105']);
const DAY_MS = 86_400_000;

export type ReceiptOutcome = 'read' | 'unread' | 'delivered_earlier' | 'refused' | 'requeued' | 'expired' | 'skipped';

export class ReceiptPoller {
  private readonly db: DataSource;
  private readonly now: () => Date;

  constructor(private readonly options: ReceiptPollerOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
  }

  /** Looks at the work notices whose check is due; returns how many it looked at. */
  async pollDue(): Promise<number> {
    const now = this.now();
    const rows = await this.db
      .getRepository(OutboxNotification)
      .createQueryBuilder('o')
      .where('o.receiptCheckAt <= :now', { now: sqlInstant(this.db, now) })
      .orderBy('o.receiptCheckAt', 'ASC')
      .limit(this.options.batchSize ?? 50)
      .getMany();
    let looked = 0;
    for (const row of rows) {
      try {
        if ((await this.check(row, now)) !== 'skipped') looked++;
      } catch (err) {
        this.options.logger.warn({ err, outboxId: row.id }, 'could not read the send result of a work notice');
      }
    }
    return looked;
  }

  async check(row: OutboxNotification, now: Date): Promise<ReceiptOutcome> {
    const repo = this.db.getRepository(OutboxNotification);
    const previous = row.receiptCheckAt;
    if (!previous || !row.dingtalkTaskId || !row.recipientUserId) {
      await repo.update({ id: row.id }, { receiptCheckAt: null });
      return 'skipped';
    }
    // Claim the check (another process may look at the same row): whoever moves the time first does it.
    const claimed = await repo.update(
      { id: row.id, receiptCheckAt: previous },
      { receiptCheckAt: new Date(now.getTime() + 10 * 60_000) },
    );
    if (!claimed.affected) return 'skipped';
    const result = await this.options.oapi.getWorkNoticeSendResult(this.options.agentId, Number(row.dingtalkTaskId));
    const outcome = this.outcomeOf(result, row.recipientUserId);
    const payload = row.payload as OutboxPayload;
    switch (outcome.kind) {
      case 'read':
        await repo.update({ id: row.id }, { readAt: now, receiptCheckAt: null });
        return 'read';
      case 'refused':
        if (outcome.code === '143106' && payload.resumed === true) {
          // The interrupted attempt had got through; this resend was dropped as a repeat: delivered once.
          await repo.update(
            { id: row.id },
            { receiptCheckAt: null, lastError: '中断前的发送已送达（重发被钉钉按同日同内容去重）' },
          );
          return 'delivered_earlier';
        }
        if (outcome.code !== null && REQUEUE.has(outcome.code)) {
          const calendar = this.options.calendars.calendar(OFFICE_SCOPE);
          const hours = await currentOfficeHours(this.db.manager, this.options.officeHours);
          const next = openingOf(calendar.addWorkdaysToDay(shanghaiDayNumber(now), 1), hours);
          await repo.update(
            { id: row.id, status: 'sent' },
            {
              status: 'pending',
              nextAttemptAt: next,
              sentAt: null,
              dingtalkTaskId: null,
              receiptCheckAt: null,
              lastError: `钉钉未送达：${outcome.reason}，顺延至下一工作日重发`,
            },
          );
          return 'requeued';
        }
        await repo.update(
          { id: row.id, status: 'sent' },
          { status: 'failed', receiptCheckAt: null, lastError: `钉钉未送达：${outcome.reason}` },
        );
        return 'refused';
      case 'unread': {
        const age = now.getTime() - (row.sentAt ?? now).getTime();
        if (age >= DAY_MS) {
          await repo.update({ id: row.id }, { receiptCheckAt: null });
          return 'expired';
        }
        // Look again after half the age so far: 1 min, 2, 4 … at most every 2 hours, within the first day.
        const wait = Math.min(2 * 3600_000, Math.max(5 * 60_000, age / 2));
        await repo.update({ id: row.id }, { receiptCheckAt: new Date(now.getTime() + wait) });
        return 'unread';
      }
    }
  }

  private outcomeOf(
    result: WorkNoticeSendResult,
    userId: string,
  ): { kind: 'read' } | { kind: 'unread' } | { kind: 'refused'; code: string | null; reason: string } {
    if (result.read_user_id_list?.includes(userId)) return { kind: 'read' };
    const refusal = result.forbidden_list?.find((f) => f.userid === userId);
    if (refusal) {
      const code = String(refusal.code);
      return { kind: 'refused', code, reason: refusalReason(code) };
    }
    if (result.invalid_user_id_list?.includes(userId)) {
      return { kind: 'refused', code: null, reason: '接收人无效（不在应用可见范围或已离职）' };
    }
    if (result.forbidden_user_id_list?.includes(userId)) {
      return { kind: 'refused', code: null, reason: '接收人被禁止接收' };
    }
    if (result.failed_user_id_list?.includes(userId)) return { kind: 'refused', code: null, reason: '发送失败' };
    return { kind: 'unread' };
  }
}
