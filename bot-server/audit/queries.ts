import { type EntityManager, In } from 'typeorm';
import { AuditLog, type JsonObject, User } from '../../entities';
import { sqlInstant } from '../db/sql-instant';

export interface AuditFilter {
  /** A user id, or 'system'. */
  actor?: string;
  /** An action or the start of one: `user.role` finds `user.role.granted` and `user.role.revoked`. */
  action?: string;
  subjectType?: string;
  subjectId?: string;
  /** From this instant (inclusive) … */
  from?: Date;
  /** … to this instant (exclusive). */
  to?: Date;
  /** Entries recorded before the entry with this id: the cursor of the next page. */
  before?: number;
  limit: number;
}

export interface AuditEntryView {
  id: number;
  at: Date;
  actor: string;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: JsonObject | null;
  after: JsonObject | null;
  reason: string | null;
}

/** `%` and `_` are wildcards of LIKE (`!` escapes them, the same on both dialects): typed, they mean themselves. */
const likePrefix = (text: string) => `${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/**
 * One page of the audit log, newest first (in the order the entries were recorded), with the actors' names and
 * the cursor of the next page (null on the last).
 */
export async function readAuditLog(
  manager: EntityManager,
  filter: AuditFilter,
): Promise<{ entries: AuditEntryView[]; next: number | null }> {
  const query = manager.getRepository(AuditLog).createQueryBuilder('a');
  if (filter.actor) query.andWhere('a.actor = :actor', { actor: filter.actor });
  if (filter.action) query.andWhere("a.action LIKE :action ESCAPE '!'", { action: likePrefix(filter.action) });
  if (filter.subjectType) query.andWhere('a.subjectType = :subjectType', { subjectType: filter.subjectType });
  if (filter.subjectId) query.andWhere('a.subjectId = :subjectId', { subjectId: filter.subjectId });
  if (filter.from) query.andWhere('a.at >= :from', { from: sqlInstant(manager.connection, filter.from) });
  if (filter.to) query.andWhere('a.at < :to', { to: sqlInstant(manager.connection, filter.to) });
  if (filter.before) query.andWhere('a.id < :before', { before: filter.before });
  const rows = await query
    .orderBy('a.id', 'DESC')
    .take(filter.limit + 1)
    .getMany();
  const page = rows.slice(0, filter.limit);
  const actorIds = [...new Set(page.map((r) => r.actor))];
  const actors = actorIds.length ? await manager.getRepository(User).findBy({ id: In(actorIds) }) : [];
  const names = new Map(actors.map((u) => [u.id, u.name]));
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      actorName: names.get(r.actor) ?? null,
      action: r.action,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      before: r.before,
      after: r.after,
      reason: r.reason,
    })),
    next: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
