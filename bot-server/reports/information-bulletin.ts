/**
 * 政务信息工作通报: the office's monthly circular on 政务信息 — each unit's items reported, adopted, 批示 and score with
 * its place for the month and for the year to the month's end, the month's adoptions listed, and the totals. Data
 * only, every number from an existing definition: the units' rows are `unitRanking` (rankings.ts), the totals the
 * figures of reports/information-figures.ts (the adoptions at each level: the records of `information.score`
 * narrowed to that level; 领导批示 `information.instructions`). A unit's 批示 are its adoptions listed that carry one
 * (the same condition, by unit). Printed by `information-bulletin-docx.ts`; the API is `api/information/bulletin.ts`.
 */
import { type DataSource, type EntityManager, In } from 'typeorm';
import { ADOPTION_LEVELS, type AdoptionLevel, InformationAdoption, InformationItem } from '../../entities';
import { formatISODate, shanghaiDayNumber, type WorkCalendar } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { invalid, requireRoles } from '../duty/petition-access';
import { DomainError } from '../errors/domain-error';
import { departmentNames, FORM_NAMES, LEADER_LEVEL_NAMES, LEVEL_NAMES, OVERSEER_ROLES } from '../information/access';
import { monthBounds } from '../information/items';
import { type UnitRankingRow, unitRanking } from '../information/rankings';
import { pointsOf, ruleTable } from '../information/rules';
import { kindSetting } from '../numbering/numbers';
import type { Actor } from '../supervision/types';
import { computeFigures, type Period } from './engine';
import { INFORMATION_SPECS, informationFigures, informationSpec } from './information-figures';

/** Who may read the bulletin: those who read the unit ranking (督查室, 会务, leaders; administrators). */
export const BULLETIN_ROLES = OVERSEER_ROLES;

/** A period's totals: 报送, 采用 (distinct items), adoptions by level, 全篇采用, 批示, 得分. */
export interface BulletinTotals {
  from: string;
  to: string;
  reported: number;
  adopted: number;
  byLevel: Record<AdoptionLevel, number>;
  whole: number;
  instructions: number;
  score: number;
}

/** A unit's figures of a period, as the ranking gives them, with its 批示. */
export interface UnitFigures {
  rank: number;
  reported: number;
  adopted: number;
  instructions: number;
  score: number;
}

export interface BulletinUnitRow {
  unit: { id: string; name: string };
  month: UnitFigures;
  year: UnitFigures;
}

export interface BulletinAdoption {
  itemId: number;
  title: string;
  unit: { id: string; name: string };
  level: AdoptionLevel;
  levelName: string;
  formName: string;
  adoptedOn: string;
  instructionName: string | null;
  points: number;
}

export interface MonthlyBulletin {
  month: string;
  year: number;
  monthNumber: number;
  /** 2026年第11期: one issue a month. */
  issue: string;
  /** 关于2026年11月政务信息工作情况的通报. */
  title: string;
  /** The month is still under way: counted up to today. */
  partial: boolean;
  /** The office that issues it (the issuer configured for the year-end summary, 系统管理 → 文号). */
  office: string;
  madeOn: string;
  monthTotals: BulletinTotals;
  /** January to the month's end (to today in the month under way). */
  yearTotals: BulletinTotals;
  /** Every unit the ranking lists (units with nothing included, at 0), in the month's order. */
  units: BulletinUnitRow[];
  /** The month's adoptions, by day. */
  adoptions: BulletinAdoption[];
  /** What the figures count, as the reports define them. */
  definitions: { label: string; definition: string }[];
}

const FIGURES_SHOWN = ['information.reported', 'information.adopted', 'information.adoptedWhole', 'information.score'];

/** The adoptions of [start, end) with their items, by day (the period as the figures' domain takes it). */
async function adoptionsBetween(manager: EntityManager, start: Date, end: Date) {
  const db = manager.connection;
  const rows = await manager
    .getRepository(InformationAdoption)
    .createQueryBuilder('ia')
    .where('ia.adoptedAt >= :start AND ia.adoptedAt < :end', { start: sqlInstant(db, start), end: sqlInstant(db, end) })
    .orderBy('ia.adoptedAt', 'ASC')
    .addOrderBy('ia.id', 'ASC')
    .getMany();
  const ids = [...new Set(rows.map((r) => r.itemId))];
  const items = ids.length ? await manager.getRepository(InformationItem).findBy({ id: In(ids) }) : [];
  const byId = new Map(items.map((i) => [i.id, i]));
  return rows.map((a) => ({ adoption: a, item: byId.get(a.itemId) as InformationItem }));
}

/** The totals of a period: the figures, and the adoptions at each level. */
async function totalsOf(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: { db: DataSource; now: Date },
  period: Period,
): Promise<BulletinTotals> {
  const figures = await informationFigures(manager, calendar, q, period);
  const value = (id: string) => figures.figures.find((f) => f.id === id)?.value ?? 0;
  const score = informationSpec('information.score');
  if (!score) throw new Error('information.score is not defined');
  const byLevel = Object.fromEntries(
    await Promise.all(
      ADOPTION_LEVELS.map(async (level) => {
        const counted = await computeFigures(manager, calendar, q, [score], period, { type: level });
        return [level, counted.get(score.id)?.records ?? 0] as const;
      }),
    ),
  ) as Record<AdoptionLevel, number>;
  return {
    ...period,
    reported: value('information.reported'),
    adopted: value('information.adopted'),
    byLevel,
    whole: value('information.adoptedWhole'),
    instructions: value('information.instructions'),
    score: value('information.score'),
  };
}

const figuresOf = (row: UnitRankingRow | undefined, instructions: number): UnitFigures => ({
  rank: row?.rank ?? 0,
  reported: row?.reported ?? 0,
  adopted: row?.adopted ?? 0,
  instructions,
  score: row?.score ?? 0,
});

/** The month's bulletin as data; a month not yet begun (or before 2000) is refused. */
export async function monthlyBulletin(
  db: DataSource,
  calendar: WorkCalendar,
  viewer: Actor,
  month: string,
  now: Date,
): Promise<MonthlyBulletin> {
  requireRoles(viewer, BULLETIN_ROLES, '您没有查看政务信息工作通报的权限');
  const bounds = monthBounds(month);
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  if (year < 2000) throw invalid('invalid_period', '月份应在2000年1月以后');
  const today = shanghaiDayNumber(now);
  const first = shanghaiDayNumber(bounds.start);
  if (first > today) {
    throw new DomainError('invalid', 'month_not_begun', `${year}年${monthNumber}月尚未开始，无法生成政务信息工作通报`);
  }
  const last = shanghaiDayNumber(bounds.end) - 1;
  const partial = last >= today;
  const to = formatISODate(partial ? today : last);
  const manager = db.manager;
  const q = { db, now };
  const yearStart = monthBounds(`${year}-01`).start;

  const [office, rules, listed, monthRanking, yearRanking] = await Promise.all([
    kindSetting(manager, 'annual_summary').then((s) => s.issuer),
    ruleTable(manager),
    adoptionsBetween(manager, yearStart, bounds.end),
    unitRanking(db, viewer, { month }),
    unitRanking(db, viewer, { year, through: month }),
  ]);
  const ofMonth = listed.filter((x) => x.adoption.adoptedAt >= bounds.start);
  const instructionsOf = (rows: typeof listed, unit: string) =>
    rows.filter((x) => x.adoption.instructionLevel && x.item.departmentId === unit).length;
  const [monthTotals, yearTotals] = await Promise.all([
    totalsOf(manager, calendar, q, { from: `${month}-01`, to }),
    totalsOf(manager, calendar, q, { from: `${year}-01-01`, to }),
  ]);
  const names = await departmentNames(
    manager,
    ofMonth.map((x) => x.item.departmentId),
  );
  const yearRows = new Map(yearRanking.units.map((r) => [r.unit.id, r]));
  return {
    month,
    year,
    monthNumber,
    issue: `${year}年第${monthNumber}期`,
    title: `关于${year}年${monthNumber}月政务信息工作情况的通报`,
    partial,
    office,
    madeOn: formatISODate(today),
    monthTotals,
    yearTotals,
    units: monthRanking.units.map((r) => ({
      unit: r.unit,
      month: figuresOf(r, instructionsOf(ofMonth, r.unit.id)),
      year: figuresOf(yearRows.get(r.unit.id), instructionsOf(listed, r.unit.id)),
    })),
    adoptions: ofMonth.map(({ adoption: a, item }) => ({
      itemId: item.id,
      title: item.title,
      unit: { id: item.departmentId, name: names.get(item.departmentId) ?? item.departmentId },
      level: a.level,
      levelName: LEVEL_NAMES[a.level] ?? a.level,
      formName: FORM_NAMES[a.form] ?? a.form,
      adoptedOn: formatISODate(shanghaiDayNumber(a.adoptedAt)),
      instructionName: a.instructionLevel ? `${LEADER_LEVEL_NAMES[a.instructionLevel]}批示` : null,
      points: pointsOf(rules, a),
    })),
    definitions: INFORMATION_SPECS.filter((s) => FIGURES_SHOWN.includes(s.id)).map((s) => ({
      label: s.label,
      definition: s.definition,
    })),
  };
}

/** 报送信息X条，被采用X条，共采用X次，其中国办X次、省办X次、市政府办公室X次(，全篇采用X条)；领导批示X条；得分X分. */
export function totalsText(t: BulletinTotals): string {
  // An item adopted at two levels is one item adopted and two adoptions: the levels count adoptions (次).
  const times = t.byLevel.state + t.byLevel.province + t.byLevel.city;
  const levels = `共采用${times}次，其中国办${t.byLevel.state}次、省办${t.byLevel.province}次、市政府办公室${t.byLevel.city}次`;
  return (
    `报送信息${t.reported}条，被采用${t.adopted}条` +
    (t.adopted ? `，${levels}${t.whole ? `，全篇采用${t.whole}条` : ''}` : '') +
    `；领导批示${t.instructions}条；得分${t.score}分`
  );
}

/** The opening paragraphs of 一、总体情况, written from the figures. */
export function overallText(b: MonthlyBulletin): string[] {
  const lastDay = Number(b.monthTotals.to.slice(8));
  const top = b.units.filter((u) => u.month.score > 0 && u.month.rank <= 3);
  return [
    `${b.year}年${b.monthNumber}月${b.partial ? `（截至${b.monthNumber}月${lastDay}日）` : ''}，全区各单位共` +
      `${totalsText(b.monthTotals)}。` +
      (top.length
        ? `本月得分居前的单位是：${top.map((u) => `${u.unit.name}（${u.month.score}分）`).join('、')}。`
        : '本月暂无被采用信息。'),
    `截至${b.monthNumber}月${lastDay}日，全年累计${totalsText(b.yearTotals)}。`,
  ];
}
