/**
 * The kinds of deadline that become DingTalk 待办, each switched on or off in the configuration
 * (`DINGTALK_TODO_KINDS`): documents (公文 and their steps), matters (督办事项, their reporting periods and extension
 * requests), meetings (会议回执). Pure: no I/O.
 */
import type { DeadlineSubject } from '../../entities';

export const TODO_KINDS = ['documents', 'matters', 'meetings'] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

export const TODO_KIND_SUBJECTS: Record<TodoKind, readonly DeadlineSubject[]> = {
  documents: ['document', 'document_step'],
  matters: ['matter', 'matter_period', 'extension_request'],
  meetings: ['meeting_attendee'],
};

/** The deadline subject types of the kinds switched on. */
export function subjectsOf(kinds: readonly TodoKind[]): DeadlineSubject[] {
  return kinds.flatMap((kind) => TODO_KIND_SUBJECTS[kind]);
}
