/**
 * Rankings of 政务信息: the units of the district by their score for a month or a year (counted and ordered by the
 * database), and the office's own places in the city's and the province's rankings (全市排名第X位, 全省排名第X位),
 * recorded when the notice arrives.
 */
import type { DataSource } from 'typeorm';
import { InformationRanking, RANKING_SCOPES, type RankingScope, User } from '../../entities';
import { audit } from '../audit/audit';
import { formatISODate, parseISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { invalid, requireRoles } from '../duty/petition-access';
import type { Actor } from '../supervision/types';
import { OFFICE_ROLES, OVERSEER_ROLES } from './access';
import { monthBounds } from './items';
import { ADOPTION_POINTS_SQL } from './rules';

export interface UnitRankingRow {
  rank: number;
  unit: { id: string; name: string };
  /** The points of the adoptions of the period (rules.ts). */
  score: number;
  /** Distinct items with an adoption in the period. */
  adopted: number;
  /** Items reported upward in the period. */
  reported: number;
}

/** A month (YYYY-MM), a year (YYYY), or a year up to the end of one of its months (`through`: YYYY-MM). */
export type RankingPeriod = { month?: string; year?: number; through?: string };

/** A ranking period as Shanghai instants [start, end). */
export function periodOf(period: RankingPeriod): { start: Date; end: Date; label: string } {
  if (period.month) return { ...monthBounds(period.month), label: period.month };
  const year = Number(period.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw invalid('invalid_period', '请选择年份或月份');
  // 年度累计 of a month's bulletin: January to the end of that month.
  if (period.through?.startsWith(`${year}-`)) {
    return {
      start: monthBounds(`${year}-01`).start,
      end: monthBounds(period.through).end,
      label: `${year}-01/${period.through}`,
    };
  }
  return {
    start: shanghaiInstant(parseISODate(`${year}-01-01`)),
    end: shanghaiInstant(parseISODate(`${year + 1}-01-01`)),
    label: String(year),
  };
}

/**
 * The units (every 区直 unit, and any other that has written an item) by score, then adopted items, then reported
 * items, then the office's order; equal scores share a place (1, 2, 2, 4).
 */
export async function unitRanking(
  db: DataSource,
  actor: Actor,
  period: RankingPeriod,
): Promise<{ period: string; units: UnitRankingRow[] }> {
  requireRoles(actor, OVERSEER_ROLES, '您没有查看政务信息排名的权限');
  const { start, end, label } = periodOf(period);
  const [s, e] = [sqlInstant(db, start), sqlInstant(db, end)];
  const rows = (await db.query(
    `SELECT d.id AS unit_id, d.name AS unit_name, COALESCE(a.score, 0) AS score, COALESCE(a.adopted, 0) AS adopted,
       COALESCE(r.reported, 0) AS reported, RANK() OVER (ORDER BY COALESCE(a.score, 0) DESC) AS place
     FROM department d
     LEFT JOIN (SELECT ii.department_id AS unit_id, SUM(${ADOPTION_POINTS_SQL}) AS score,
         COUNT(DISTINCT ia.item_id) AS adopted
       FROM information_adoption ia JOIN information_item ii ON ii.id = ia.item_id
       WHERE ia.adopted_at >= ? AND ia.adopted_at < ? GROUP BY ii.department_id) a ON a.unit_id = d.id
     LEFT JOIN (SELECT x.department_id AS unit_id, COUNT(*) AS reported FROM information_item x
       WHERE x.reported_at >= ? AND x.reported_at < ? GROUP BY x.department_id) r ON r.unit_id = d.id
     WHERE d.kind <> 'leadership'
       AND (d.kind = 'unit' OR EXISTS (SELECT 1 FROM information_item y WHERE y.department_id = d.id))
     ORDER BY COALESCE(a.score, 0) DESC, COALESCE(a.adopted, 0) DESC, COALESCE(r.reported, 0) DESC,
       d.sort_order, d.id`,
    [s, e, s, e],
  )) as Record<string, unknown>[];
  return {
    period: label,
    units: rows.map((r) => ({
      rank: Number(r.place),
      unit: { id: String(r.unit_id), name: String(r.unit_name) },
      score: Number(r.score),
      adopted: Number(r.adopted),
      reported: Number(r.reported),
    })),
  };
}

export interface OutsideRankingView {
  scope: RankingScope;
  scopeName: string;
  rank: number;
  recordedBy: { id: string; name: string };
  recordedAt: string;
}

const SCOPE_NAMES: Record<RankingScope, string> = { city: '全市排名', province: '全省排名' };

const checkedYear = (year: number, now: Date) => {
  const latest = Number(formatISODate(shanghaiDayNumber(now)).slice(0, 4)) + 1;
  if (!Number.isInteger(year) || year < 2000 || year > latest)
    throw invalid('invalid_year', `年份应在2000至${latest}之间`);
  return year;
};

/** The office's places of a year, city and province, as recorded. */
export async function outsideRankings(db: DataSource, actor: Actor, year: number, now: Date) {
  requireRoles(actor, OVERSEER_ROLES, '您没有查看政务信息排名的权限');
  checkedYear(year, now);
  const rows = await db.getRepository(InformationRanking).find({ where: { year }, order: { scope: 'ASC' } });
  const users = rows.length ? await db.getRepository(User).findBy(rows.map((r) => ({ id: r.recordedBy }))) : [];
  return {
    year,
    rankings: rows.map(
      (r): OutsideRankingView => ({
        scope: r.scope,
        scopeName: SCOPE_NAMES[r.scope] ?? r.scope,
        rank: r.rankNo,
        recordedBy: { id: r.recordedBy, name: users.find((u) => u.id === r.recordedBy)?.name ?? r.recordedBy },
        recordedAt: r.recordedAt.toISOString(),
      }),
    ),
  };
}

/** Records (or corrects) the office's place of a year in the city's or the province's ranking, audited. */
export async function setOutsideRanking(
  db: DataSource,
  actor: Actor,
  input: { year: number; scope: string; rank: number },
  now: Date,
) {
  requireRoles(actor, OFFICE_ROLES, '只有督查室、秘书科可以登记政务信息排名');
  const year = checkedYear(input.year, now);
  if (!(RANKING_SCOPES as readonly string[]).includes(input.scope)) {
    throw invalid('unknown_scope', '排名范围应为全市或全省');
  }
  if (!Number.isInteger(input.rank) || input.rank < 1 || input.rank > 1000) {
    throw invalid('invalid_rank', '名次应为1至1000之间的整数');
  }
  const scope = input.scope as RankingScope;
  await db.transaction(async (manager) => {
    const repo = manager.getRepository(InformationRanking);
    const before = await repo.findOneBy({ year, scope });
    if (before) await repo.update({ id: before.id }, { rankNo: input.rank, recordedBy: actor.id, recordedAt: now });
    else await repo.insert({ year, scope, rankNo: input.rank, recordedBy: actor.id, recordedAt: now });
    await audit(manager, {
      actor: actor.id,
      action: 'information.outside_ranking.set',
      subjectType: 'information_ranking',
      subjectId: `${year}.${scope}`,
      before: before ? { rank: before.rankNo } : null,
      after: { year, scope, rank: input.rank },
      at: now,
    });
  });
  return outsideRankings(db, actor, year, now);
}
