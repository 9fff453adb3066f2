import type { EntityManager } from 'typeorm';
import { DocumentProblem } from '../../entities';

export interface ProblemInput {
  kind: DocumentProblem['kind'];
  /** What makes two occurrences the same problem: the process code, the event id. */
  key: string;
  processCode?: string | null;
  processInstanceId?: string | null;
  eventId?: string | null;
  message: string;
  at: Date;
}

/**
 * Records an event Duban could not use, once per kind and key, counting repeats. Never throws for the event's
 * sake: the event is then marked done (it was looked at) and the problem is what a person sees.
 */
export async function recordProblem(manager: EntityManager, input: ProblemInput): Promise<void> {
  const key = input.key.slice(0, 160);
  const repo = manager.getRepository(DocumentProblem);
  const existing = await repo.findOneBy({ kind: input.kind, problemKey: key });
  const fields = {
    processCode: input.processCode?.slice(0, 64) ?? null,
    processInstanceId: input.processInstanceId?.slice(0, 64) ?? null,
    lastEventId: input.eventId?.slice(0, 128) ?? null,
    message: input.message.slice(0, 500),
    lastSeenAt: input.at,
  };
  if (existing) {
    await repo.update({ id: existing.id }, { ...fields, occurrences: existing.occurrences + 1 });
    return;
  }
  // A second worker inserting the same key at the same moment fails on the unique index; the event is retried
  // and then counts as a repeat.
  await repo.insert({ kind: input.kind, problemKey: key, ...fields, occurrences: 1, firstSeenAt: input.at });
}
