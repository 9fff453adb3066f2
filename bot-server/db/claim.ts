import type { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { isMysql } from '../../entities/data-source';
import { sqlInstant } from './sql-instant';

/**
 * Claims up to `limit` due rows of a work table for one worker, for `leaseMs`: the rows get `lockedBy = worker`
 * and `lockedUntil = now + lease`, and their ids come back. A row whose lease ran out (its worker died) is due
 * again. On MySQL/MariaDB several processes claim side by side without waiting on each other
 * (`SELECT … FOR UPDATE SKIP LOCKED`); on SQLite the single writer makes the same statements safe.
 */
export async function claimDueRows(
  db: DataSource,
  options: {
    table: string;
    /** Column names of the work table. */
    columns: { status: string; due: string; lockedBy: string; lockedUntil: string };
    dueStatus: string;
    worker: string;
    limit: number;
    leaseMs: number;
    now: Date;
  },
): Promise<number[]> {
  const { table, columns: c, dueStatus, worker, limit, leaseMs, now } = options;
  const at = sqlInstant(db, now);
  const until = sqlInstant(db, new Date(now.getTime() + leaseMs));
  // READ COMMITTED on MySQL: the range scan then takes no gap locks, which would otherwise block (and deadlock
  // with) the INSERTs of new rows arriving meanwhile — the inbox takes DingTalk's pushes while it is claimed.
  const work = async (manager: EntityManager) => {
    const skipLocked = isMysql(db) ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows: ObjectLiteral[] = await manager.query(
      `SELECT id FROM ${table} WHERE ${c.status} = ? AND ${c.due} <= ? AND (${c.lockedUntil} IS NULL OR ${c.lockedUntil} < ?) ORDER BY ${c.due}, id LIMIT ${Math.floor(limit)}${skipLocked}`,
      [dueStatus, at, at],
    );
    const ids = rows.map((r) => Number(r.id));
    if (ids.length === 0) return [];
    await manager.query(
      `UPDATE ${table} SET ${c.lockedBy} = ?, ${c.lockedUntil} = ? WHERE id IN (${ids.map(() => '?').join(',')})`,
      [worker, until, ...ids],
    );
    return ids;
  };
  return isMysql(db) ? db.transaction('READ COMMITTED', work) : db.transaction(work);
}
