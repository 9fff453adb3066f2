/**
 * The month's roster posted to a DingTalk group through its robot (the outbox's `group_robot` channel, sent by the
 * reminders' dispatcher): one line a day with its shifts. Posting the same roster twice sends it once (the key is the
 * text's hash); a roster changed since is posted again.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { audit } from '../audit/audit';
import { DomainError } from '../errors/domain-error';
import { enqueueNotifications } from '../reminders/outbox';
import type { RosterDay } from './views';

/** What is posted of a month's roster (roster.ts's `RosterMonth`). */
interface RosterMonth {
  month: string;
  pattern: readonly { label: string; start: string; end: string }[];
  days: readonly RosterDay[];
}

const STATUS_NOTES: Record<RosterDay['status'], string> = {
  workday: '',
  weekend: '休息日',
  holiday: '节假日',
  makeup: '调休上班',
};

/** 12月5日（周六，休息日） 白班：带班 陈静，值班 郑磊；夜班：带班 赵志强，值班 周涛 */
function dayLine(day: RosterDay): string {
  const [, m, d] = day.date.split('-').map(Number);
  const weekday = `周${'一二三四五六日'[day.weekday - 1] ?? ''}`;
  const note = day.status === 'holiday' ? day.label : STATUS_NOTES[day.status];
  const shifts = day.shifts
    .map((s) => `${s.label}：带班 ${s.leader.name}，值班 ${s.staff.map((p) => p.name).join('、')}`)
    .join('；');
  return `- ${m}月${d}日（${note ? `${weekday}，${note}` : weekday}） ${shifts}`;
}

/** The message: the month's title, the shift times, then every day that has shifts. */
export function rosterMarkdown(roster: RosterMonth): { title: string; text: string } {
  const [year, month] = roster.month.split('-').map(Number);
  const title = `${year}年${month}月值班表`;
  const times = roster.pattern.map((p) => `${p.label} ${p.start}—${p.end}`).join('，');
  const lines = roster.days.filter((d) => d.shifts.length > 0).map(dayLine);
  return { title, text: [`### ${title}`, '', `班次时间：${times}`, '', ...lines].join('\n') };
}

/** Queues the month's roster for the group robot named `group`; false when this very roster was posted already. */
export async function publishRoster(
  manager: EntityManager,
  actor: string,
  roster: RosterMonth,
  group: string,
  now: Date,
): Promise<boolean> {
  const days = roster.days.filter((d) => d.shifts.length > 0);
  if (days.length === 0) throw new DomainError('invalid', 'empty_roster', '本月尚未排班，请先生成或调整值班表');
  const { title, text } = rosterMarkdown(roster);
  const hash = createHash('sha256').update(`${group}\n${text}`).digest('hex').slice(0, 24);
  const queued = await enqueueNotifications(
    manager,
    [
      {
        idempotencyKey: `duty-roster:${roster.month}:${hash}`,
        channel: 'group_robot',
        kind: 'duty_roster',
        recipientUserId: null,
        recipientGroup: group,
        payload: { title, text, linkPath: `/m/duty?month=${roster.month}` },
      },
    ],
    now,
  );
  if (queued > 0) {
    await audit(manager, {
      actor,
      action: 'duty.roster.published',
      subjectType: 'duty_roster',
      subjectId: roster.month,
      after: { group, days: days.length, key: hash },
      at: now,
    });
  }
  return queued > 0;
}
