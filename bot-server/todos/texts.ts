/**
 * What a DingTalk 待办 says: its subject named as the bot's messages name it (reminders/describe.ts), what is to be
 * done, the time limit in Asia/Shanghai, and the mini-app page it opens. Pure.
 */
import type { Deadline } from '../../entities';
import type { NewTodoTask, TodoTaskChanges } from '../dingtalk/todo-client';
import { dueWhen, type SubjectInfo } from '../reminders/texts';

/** DingTalk's limits are 1024 and 4096 characters; ours stay well inside. */
const SUBJECT_MAX = 200;
const DESCRIPTION_MAX = 1000;

/** DingTalk's priorities: 20 普通, 30 紧急 (docs/dingtalk.md §12). */
const PRIORITY_NORMAL = 20;
const PRIORITY_URGENT = 30;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** `《关于…的通知》（签发）`, `会议《区政府常务会议》（回执）`. */
export function todoSubject(subject: SubjectInfo, fallbackAction: string | null): string {
  const action = subject.action ?? fallbackAction;
  return clip(`${subject.name}${action ? `（${action}）` : ''}`, SUBJECT_MAX);
}

/** The detail line, then the time limit: `办理时限：2026年3月5日（星期四）17:30`, `（预计）` when estimated. */
export function todoDescription(subject: SubjectInfo, deadline: Pick<Deadline, 'dueDate' | 'dueAt' | 'approximate'>) {
  const limit = `办理时限：${dueWhen(deadline.dueDate, deadline.dueAt)}${deadline.approximate ? '（预计）' : ''}`;
  return clip([subject.detail, limit].filter(Boolean).join('\n'), DESCRIPTION_MAX);
}

/** The absolute address of the mini-app page, for the phone and the PC alike. */
export function todoUrl(publicUrl: string, path: string): { appUrl: string; pcUrl: string } {
  const url = `${publicUrl.replace(/\/$/, '')}${path}`;
  return { appUrl: url, pcUrl: url };
}

/** The create request of one deadline's to-do for the person with `unionId`. */
export function newTodoTask(input: {
  sourceId: string;
  unionId: string;
  subject: SubjectInfo;
  fallbackAction: string | null;
  deadline: Pick<Deadline, 'dueDate' | 'dueAt' | 'approximate' | 'urgent'>;
  publicUrl: string;
}): NewTodoTask {
  return {
    sourceId: input.sourceId,
    subject: todoSubject(input.subject, input.fallbackAction),
    description: todoDescription(input.subject, input.deadline),
    dueTime: input.deadline.dueAt.getTime(),
    executorIds: [input.unionId],
    detailUrl: todoUrl(input.publicUrl, input.subject.path),
    priority: input.deadline.urgent ? PRIORITY_URGENT : PRIORITY_NORMAL,
    isOnlyShowExecutor: true,
  };
}

/** The update that moves a to-do to the deadline's due instant (its time limit line with it). */
export function movedTodo(
  subject: SubjectInfo,
  deadline: Pick<Deadline, 'dueDate' | 'dueAt' | 'approximate'>,
): TodoTaskChanges {
  return { dueTime: deadline.dueAt.getTime(), description: todoDescription(subject, deadline) };
}
