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

/** `11月26日（星期四）09:30`, or with the end `11月26日（星期四）09:30至11:00` (the end's date when another day). */
function meetingSpan(meeting: Meeting): string {
  const start = meetingTime(meeting.startsAt);
  if (!meeting.endsAt) return start;
  const end = meetingTime(meeting.endsAt);
  const sameDay = shanghaiDayNumber(meeting.endsAt) === shanghaiDayNumber(meeting.startsAt);
  return `${start}至${sameDay ? end.slice(-5) : end}`;
}

function facts(meeting: Meeting, presider?: string): string[] {
  return [
    `**会议名称：**${meeting.title}`,
    `**会议时间：**${meetingSpan(meeting)}`,
    ...(meeting.place ? [`**会议地点：**${meeting.place}`] : []),
    ...(presider ? [`**主持人：**${presider}`] : []),
  ];
}

/** What the 会议通知 says beyond the meeting itself: who attends, who to ask, and on whose behalf it came. */
export interface NoticeContext {
  /** 主持人's name, when the meeting names one. */
  presider?: string;
  /** 参会范围: the units and people invited. */
  scope?: string;
  /** 联系人: the organiser, with their unit. */
  contact?: string;
  /** The invited unit whose head is asked to name the attendees. */
  unit?: string | null;
  /** The invitee who sent this person instead (指派他人). */
  delegatedBy?: string;
}

function card(title: string, lines: string[], path: string, buttonTitle: string, urgent = true): OutboxPayload {
  return { title, markdown: [`### ${title}`, ...lines].join('\n\n'), url: path, buttonTitle, urgent };
}

export function noticePayload(meeting: Meeting, attendeePath: string, options: NoticeContext = {}) {
  const ask = options.unit
    ? `请${options.unit}确定参会人员，并于${meetingTime(meeting.confirmBy ?? meeting.startsAt)}前在督办应用中报名。`
    : `请于${meetingTime(meeting.confirmBy ?? meeting.startsAt)}前确认参会；不能参会的，请说明事由请假或指派他人参会。`;
  return card(
    '会议通知',
    [
      ...(options.delegatedBy ? [`您受${options.delegatedBy}指派参加以下会议。`] : []),
      ...facts(meeting, options.presider),
      ...(options.scope ? [`**参会范围：**${options.scope}`] : []),
      ...(meeting.agenda ? [`**会议内容：**${meeting.agenda}`] : []),
      ...(options.contact ? [`**联系人：**${options.contact}`] : []),
      ask,
    ],
    attendeePath,
    options.unit ? '确定参会人员' : '确认参会',
  );
}

export function startReminderPayload(meeting: Meeting, attendeePath: string) {
  return card(
    '会前提醒',
    [...facts(meeting), '会议即将开始，请准时参会，到场后在督办应用中输入会场公布的签到码签到。'],
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

/** To someone a unit head took off the list (报名 changed). */
export function withdrawnPayload(meeting: Meeting, unit: string) {
  return {
    title: '参会安排调整通知',
    markdown: ['### 参会安排调整通知', ...facts(meeting), `经${unit}调整，您不再参加本次会议，原会议通知作废。`].join(
      '\n\n',
    ),
    urgent: true,
  };
}
