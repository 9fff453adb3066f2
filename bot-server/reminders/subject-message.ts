/**
 * A row with no words of its own but a subject (e.g. kind `urge` on a matter, written by supervision) is put into
 * words from its subject when the dispatcher sends it: 【催办】 or 【督办提醒】 with the subject's name and page.
 */
import type { EntityManager } from 'typeorm';
import type { OutboxNotification } from '../../entities';
import { describeSubjects } from './describe';
import { type ChannelMessage, messageFor } from './outbox';

/** The message of a row from its subject, or undefined when it names none (or one that is gone). */
export async function subjectMessage(
  manager: EntityManager,
  row: OutboxNotification,
  publicUrl: string,
): Promise<ChannelMessage | undefined> {
  if (!row.subjectType || row.subjectId === null) return undefined;
  const { subjects } = await describeSubjects(manager, [{ subjectType: row.subjectType, subjectId: row.subjectId }]);
  const subject = [...subjects.values()][0];
  if (!subject) return undefined;
  const sentence =
    row.kind === 'urge'
      ? `【催办】${subject.name}请抓紧办理，并及时报送办理进展。`
      : `【督办提醒】${subject.name}请及时办理。`;
  return messageFor(row.channel, {
    title: sentence.slice(0, 40),
    markdown: `### ${row.kind === 'urge' ? '【催办】' : '【督办提醒】'}\n\n${sentence}`,
    buttonTitle: '立即办理',
    url: `${publicUrl}${subject.path}`,
  });
}

/** Whether a row's `expiresAt` (an ISO instant in its payload) has come at `now`: it is then not sent at all. */
export function expiredAt(payload: { expiresAt?: unknown }, now: Date): boolean {
  if (typeof payload.expiresAt !== 'string') return false;
  const at = Date.parse(payload.expiresAt);
  return Number.isFinite(at) && now.getTime() >= at;
}
