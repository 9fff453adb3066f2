/**
 * What reminders say, in the register of a government office: one sentence per item, a work-notice action card
 * per message, a digest when several items reach one person at once. Pure: dates are formatted in Asia/Shanghai
 * by our own calendar code.
 */
import { isoWeekday, parseISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { civilDateOf } from '../calendar/civil-date';
import { chineseDate, dueClockTime, dueDateOf } from '../timelimits';
import type { ReminderPoint } from './schedule';

/** How a deadline's subject is named in a message, and where the mini-app shows it. */
export interface SubjectInfo {
  /** 《关于…的通知》, 督办事项《…》, 会议《…》. */
  name: string;
  /** What has to be done: 拟办呈送, 办结, 签发, 报送进展… (none when the name says it). */
  action: string | null;
  /** A second line: 文号, 编号, 承办单位. */
  detail: string | null;
  /** The mini-app page, under PUBLIC_URL: `/m/<subjectType>/<id>`. */
  path: string;
  /** Meetings: when it starts, for the receipt texts. */
  meetingStartsAt?: Date;
}

/** One reminder point of one deadline, ready to be put into words. */
export interface ReminderItem {
  deadlineId: number;
  subjectType: string;
  subjectId: number;
  point: ReminderPoint;
  subject: SubjectInfo;
  dueDate: string;
  dueAt: Date;
  /** Working days overdue when the message is composed (`countWorkdays`), not the point's rung on the ladder. */
  overdueDays: number;
  assigneeName: string | null;
  unitName: string | null;
  urgent: boolean;
}

/** A message before it is shaped for a channel (work notice, robot, group robot). */
export interface MessageContent {
  title: string;
  markdown: string;
  buttonTitle: string;
  /** Absolute URL of the mini-app page. */
  url: string;
}

const WEEKDAYS = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

/** `2026年3月3日（星期二）`. */
export function chineseDateWithWeekday(isoDate: string): string {
  return `${chineseDate(isoDate)}（${WEEKDAYS[isoWeekday(parseISODate(isoDate))]}）`;
}

function hhmm(instant: Date): string {
  const day = shanghaiDayNumber(instant);
  const minutes = Math.round((instant.getTime() - shanghaiInstant(day, 0).getTime()) / 60_000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `2026年3月3日（星期二）` or `2026年3月3日（星期二）17:30`. */
export function dueWhen(dueDate: string, dueAt: Date): string {
  const time = dueClockTime(dueDate, dueAt);
  return `${chineseDateWithWeekday(dueDate)}${time ?? ''}`;
}

/** `3月5日9:00`. */
function shortInstant(instant: Date): string {
  const { month, day } = civilDateOf(shanghaiDayNumber(instant));
  return `${month}月${day}日${hhmm(instant)}`;
}

const MAX_NAME = 60;

function clip(text: string, max = MAX_NAME): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function who(item: ReminderItem): string {
  if (item.assigneeName) return `承办人：${item.assigneeName}`;
  return item.unitName ? `承办单位：${item.unitName}` : '承办人未明确';
}

/** The tag a message starts with. */
export function tagOf(item: ReminderItem): string {
  if (item.subjectType === 'meeting_attendee') return '【会议回执】';
  switch (item.point.kind) {
    case 'warning':
      return '【督办提醒】';
    case 'due':
      return '【到期提醒】';
    case 'overdue':
      return '【逾期提醒】';
    case 'escalation':
      return '【逾期督办】';
  }
}

/** Sentences already made: a planner row says each item's sentence in its message and again in its payload. */
const sentences = new WeakMap<ReminderItem, string>();

/** One item as one sentence, starting with its tag. */
export function itemSentence(item: ReminderItem): string {
  let sentence = sentences.get(item);
  if (sentence === undefined) {
    sentence = sentenceOf(item);
    sentences.set(item, sentence);
  }
  return sentence;
}

function sentenceOf(item: ReminderItem): string {
  const name = clip(item.subject.name);
  const action = item.subject.action ? `（${item.subject.action}）` : '';
  const days = item.overdueDays;
  const tag = tagOf(item);
  if (item.subjectType === 'meeting_attendee') {
    const held = item.subject.meetingStartsAt ? `（${shortInstant(item.subject.meetingStartsAt)}召开）` : '';
    switch (item.point.kind) {
      case 'warning':
      case 'due':
        return `${tag}请于${dueWhen(dueDateOf(item.dueAt), item.dueAt)}前确认是否参加${name}${held}。`;
      case 'overdue':
        return `${tag}${name}${held}的参会回执已逾期，请尽快确认。`;
      case 'escalation':
        return `${tag}${name}${held}（参会人：${item.assigneeName ?? '未明确'}）尚未回执，请督促确认。`;
    }
  }
  switch (item.point.kind) {
    case 'warning':
      return `${tag}${name}${action}将于${dueWhen(item.dueDate, item.dueAt)}到期，请抓紧办理。`;
    case 'due': {
      const time = dueClockTime(item.dueDate, item.dueAt) ?? '';
      const weekday = WEEKDAYS[isoWeekday(parseISODate(item.dueDate))];
      return `${tag}${name}${action}将于今日（${chineseDate(item.dueDate)}，${weekday}）${time}到期，请抓紧办理。`;
    }
    case 'overdue':
      return `${tag}${name}${action}已逾期${days}个工作日（办理时限：${chineseDate(item.dueDate)}），请尽快办理。`;
    case 'escalation':
      return `${tag}${name}${action}（${who(item)}）已逾期${days}个工作日，请督促办理。`;
  }
}

function joinUrl(publicUrl: string, path: string): string {
  if (/^https?:\/\//.test(path)) return path;
  return `${publicUrl.replace(/\/$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

/** A message about one item. */
export function singleMessage(item: ReminderItem, publicUrl: string): MessageContent {
  const sentence = itemSentence(item);
  const lines = [`### ${tagOf(item)}`, '', sentence];
  if (item.subject.detail) lines.push('', `> ${item.subject.detail}`);
  return {
    title: `${tagOf(item)}${clip(item.subject.name, 40)}`,
    markdown: lines.join('\n'),
    buttonTitle: item.point.kind === 'escalation' ? '查看详情' : '立即办理',
    url: joinUrl(publicUrl, item.subject.path),
  };
}

/** The mini-app page listing a person's reminders. */
export const MY_REMINDERS_PATH = '/m/reminders';

/** Work notices carry at most 2048 bytes of `msg` (docs/dingtalk.md §5.3); a digest keeps well inside. */
const DIGEST_MARKDOWN_BYTES = 1500;

/** One line of a digest: the point's kind, the sentence said of it, the page it opens. */
export interface DigestLine {
  kind: string;
  text: string;
  path: string;
}

/** Several items for one person at one time, as one message: a numbered list, each line a link to its record. */
export function digestMessage(items: readonly ReminderItem[], publicUrl: string): MessageContent {
  return digestOfLines(
    items.map((i) => ({ kind: i.point.kind, text: itemSentence(i), path: i.subject.path })),
    publicUrl,
  );
}

/**
 * The digest of its lines. A planner row keeps the lines (its items, for 我的提醒) and not the words: the dispatcher
 * words it from them when it goes out (outbox.ts, `contentOfPayload`), so a row is written and read once as small.
 */
export function digestOfLines(items: readonly DigestLine[], publicUrl: string): MessageContent {
  const overdue = items.filter((i) => i.kind === 'overdue' || i.kind === 'escalation').length;
  const heading = `【督办提醒】您有${items.length}项工作需要关注${overdue > 0 ? `（其中逾期${overdue}项）` : ''}`;
  const lines = [`### ${heading}`, ''];
  let bytes = Buffer.byteLength(lines.join('\n'), 'utf8');
  let shown = 0;
  for (const item of items) {
    // Each line opens its own record: a digest that only led to a list left people searching for the item.
    const line = `${shown + 1}. [${item.text}](${joinUrl(publicUrl, item.path)})`;
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (bytes + size > DIGEST_MARKDOWN_BYTES) break;
    lines.push(line);
    bytes += size;
    shown++;
  }
  if (shown < items.length) lines.push('', `另有${items.length - shown}项，请在“督办”中查看。`);
  return {
    title: heading,
    markdown: lines.join('\n'),
    buttonTitle: '查看全部',
    url: joinUrl(publicUrl, MY_REMINDERS_PATH),
  };
}

export { joinUrl };
