import type { EntityManager } from 'typeorm';
import { AuditLog, type JsonObject } from '../../entities';

/** The actor for changes Duban makes by itself (recomputations, event processing). */
export const SYSTEM_ACTOR = 'system';

export interface AuditEntry {
  actor: string;
  /** Dotted verb, e.g. `calendar.override.set`, `deadline.recomputed`, `matter.extended`. */
  action: string;
  subjectType: string;
  subjectId: string | number;
  before?: JsonObject | null;
  after?: JsonObject | null;
  reason?: string | null;
  at?: Date;
}

/** Records a change in the same transaction as the change itself, so neither exists without the other. */
export async function audit(manager: EntityManager, entry: AuditEntry): Promise<void> {
  await manager.insert(AuditLog, {
    at: entry.at ?? new Date(),
    actor: entry.actor,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: String(entry.subjectId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
  });
}
