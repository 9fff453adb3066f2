/**
 * The words of the meeting messages (work notices, as action cards opening the mini-app), in the register of an
 * office notice: 会议通知, 会前提醒, 取消通知, 变更通知. Each names the meeting, its time and place, so two meetings
 * never send the same content to one person on one day (DingTalk drops a repeat silently).
 */
import type { Meeting } from '../../entities';
import { formatShanghaiInstant, isoWeekday, shanghaiDayNumber } from '../calendar';
import { civilDateOf } from '../calendar/civil-date';
import type { OutboxPayload } from '../reminders/outbox';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

/** `11月26日（星期四）09:30`, in Shanghai time. */
export function meetingTime(instant: Date): string {
  const day = shanghaiDayNumber(instant);
  const { month, day: dom } = civilDateOf(day);
  const weekday = WEEKDAYS[isoWeekday(day) - 1];
  return `${month}月${dom}日（星期${weekday}）${formatShanghaiInstant(instant).slice(11, 16)}`;
}

function facts(meeting: Meeting): string[] {
  return [
    `**会议名称：**${meeting.title}`,
    `**会议时间：**${meetingTime(meeting.startsAt)}`,
    ...(meeting.place ? [`**会议地点：**${meeting.place}`] : []),
  ];
}

function card(title: string, lines: string[], path: string, buttonTitle: string, urgent = true): OutboxPayload {
  return { title, markdown: [`### ${title}`, ...lines].join('\n\n'), url: path, buttonTitle, urgent };
}

export function noticePayload(meeting: Meeting, attendeePath: string, options: { unit?: string | null } = {}) {
  const ask = options.unit
    ? `请${options.unit}确定参会人员，并于${meetingTime(meeting.confirmBy ?? meeting.startsAt)}前在督办应用中报名。`
    : `请于${meetingTime(meeting.confirmBy ?? meeting.startsAt)}前确认参会；不能参会的，请说明事由请假或指派他人参会。`;
  return card(
    '会议通知',
    [...facts(meeting), ...(meeting.agenda ? [`**会议内容：**${meeting.agenda}`] : []), ask],
    attendeePath,
    options.unit ? '确定参会人员' : '确认参会',
  );
}

export function startReminderPayload(meeting: Meeting, attendeePath: string) {
  return card(
    '会前提醒',
    [...facts(meeting), '会议即将开始，请准时参会并在会场扫码或输入签到码签到。'],
    attendeePath,
    '会议签到',
  );
}

export function cancelledPayload(meeting: Meeting, attendeePath: string, reason: string) {
  return card(
    '会议取消通知',
    [...facts(meeting), `该会议已取消。${reason ? `原因：${reason}` : ''}`],
    attendeePath,
    '查看',
  );
}

export function rescheduledPayload(meeting: Meeting, attendeePath: string, before: Date) {
  return card(
    '会议变更通知',
    [...facts(meeting), `会议时间由${meetingTime(before)}调整为${meetingTime(meeting.startsAt)}，请合理安排。`],
    attendeePath,
    '查看',
  );
}
