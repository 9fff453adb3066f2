import type { EntityManager } from 'typeorm';
import { overdueMatter } from './dashboard';
import { DOMAINS, type QueryContext } from './engine';

/** A lead unit with matters overdue and not completed, and its place in the ranking (1 = most overdue). */
export interface OverdueUnit {
  rank: number;
  id: string;
  name: string;
  count: number;
}

/**
 * 逾期未办结 · 单位排名 (the leaders' 看板): the matters of a year (by their number's year) not completed whose due
 * instant in force (after extensions) has passed when asked, counted by lead unit — the matters the supervision
 * list shows as 已逾期. Counted and ordered by the database: most overdue first; equal counts in the office's own
 * order of units (as the bulletin lists them), then by the unit's id.
 */
export async function overdueByUnit(manager: EntityManager, q: QueryContext, year: number): Promise<OverdueUnit[]> {
  const overdue = overdueMatter(q);
  const rows = (await manager.query(
    `SELECT m.lead_department_id AS unit, d.name AS name, COUNT(*) AS n
     FROM ${DOMAINS.matters.from} LEFT JOIN department d ON d.id = m.lead_department_id
     WHERE m.year = ? AND ${overdue.sql}
     GROUP BY m.lead_department_id, d.name, d.sort_order
     ORDER BY COUNT(*) DESC, d.sort_order, m.lead_department_id`,
    [year, ...overdue.params],
  )) as { unit: string; name: string | null; n: number | string }[];
  return rows.map((r, i) => ({ rank: i + 1, id: String(r.unit), name: r.name ?? String(r.unit), count: Number(r.n) }));
}
