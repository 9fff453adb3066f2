import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Department } from '../../entities';
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
 * list shows as 已逾期. Most overdue first; equal counts by the unit's name in Chinese order.
 */
export async function overdueByUnit(manager: EntityManager, q: QueryContext, year: number): Promise<OverdueUnit[]> {
  const overdue = overdueMatter(q);
  const rows = (await manager.query(
    `SELECT m.lead_department_id AS unit, COUNT(*) AS n FROM ${DOMAINS.matters.from}
     WHERE m.year = ? AND ${overdue.sql} GROUP BY m.lead_department_id`,
    [year, ...overdue.params],
  )) as { unit: string; n: number | string }[];
  const ids = rows.map((r) => String(r.unit));
  const departments = ids.length
    ? await manager.getRepository(Department).find({ select: { id: true, name: true }, where: { id: In(ids) } })
    : [];
  const names = new Map(departments.map((d) => [d.id, d.name]));
  return rows
    .map((r) => ({ id: String(r.unit), name: names.get(String(r.unit)) ?? String(r.unit), count: Number(r.n) }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'))
    .map((unit, i) => ({ rank: i + 1, ...unit }));
}
