/**
 * 政务信息 scores: a table the office sets (points per level × form of adoption, and a 批示 bonus per level of the
 * leader), changed by an administrator and audited. An item's score is the sum over its adoptions of the points of
 * its level and form, plus the bonus of the 批示's level when a leader gave one.
 */
import type { DataSource, EntityManager } from 'typeorm';
import {
  ADOPTION_LEVELS,
  type AdoptionLevel,
  InformationScoreRule,
  type JsonObject,
  SCORE_KINDS,
  type ScoreKind,
} from '../../entities';
import { audit } from '../audit/audit';
import { invalid, requireRoles } from '../duty/petition-access';
import type { Actor } from '../supervision/types';
import { KIND_NAMES, LEVEL_NAMES, RULE_ROLES } from './access';

/**
 * THIS OFFICE'S DEFAULTS, not a legal rule: no law or regulation fixes 政务信息 points. Each office (and each
 * city's 政务信息考核办法) sets its own; these are placeholders in the usual shape of such schemes — a higher level
 * weighs more, 全篇 more than 部分 more than 综合, and a 批示 adds as much as a whole adoption at its level — for the
 * office to replace through `PUT /api/information/score-rules`. The migration
 * (entities/migrations/1796420010000-GovernmentInformation.ts) writes the same values.
 */
export const DEFAULT_SCORE_RULES: Record<AdoptionLevel, Record<ScoreKind, number>> = {
  city: { whole: 10, part: 6, combined: 3, instruction: 10 },
  province: { whole: 20, part: 12, combined: 6, instruction: 20 },
  state: { whole: 40, part: 24, combined: 12, instruction: 40 },
};

/** The points of one adoption row `ia` (its form at its level, plus the 批示 bonus): the one definition in SQL. */
export const ADOPTION_POINTS_SQL =
  '(COALESCE((SELECT r.points FROM information_score_rule r WHERE r.level = ia.level AND r.kind = ia.form), 0) + ' +
  "COALESCE((SELECT r.points FROM information_score_rule r WHERE r.level = ia.instruction_level AND r.kind = 'instruction'), 0))";

export const POINTS_MAX = 1000;

export interface ScoreRuleView {
  level: AdoptionLevel;
  levelName: string;
  kind: ScoreKind;
  kindName: string;
  points: number;
  updatedBy: string | null;
  updatedAt: string;
}

export type RuleTable = Map<string, number>;
export const ruleKey = (level: string, kind: string) => `${level}.${kind}`;

/** Points of one adoption from a rule table (as ADOPTION_POINTS_SQL counts them). */
export const pointsOf = (rules: RuleTable, a: { level: string; form: string; instructionLevel: string | null }) =>
  (rules.get(ruleKey(a.level, a.form)) ?? 0) +
  (a.instructionLevel ? (rules.get(ruleKey(a.instructionLevel, 'instruction')) ?? 0) : 0);

export async function ruleTable(manager: EntityManager): Promise<RuleTable> {
  const rows = await manager.getRepository(InformationScoreRule).find();
  return new Map(rows.map((r) => [ruleKey(r.level, r.kind), r.points]));
}

export async function scoreRules(db: DataSource): Promise<ScoreRuleView[]> {
  const rows = await db.getRepository(InformationScoreRule).find();
  const order = (r: InformationScoreRule) =>
    ADOPTION_LEVELS.indexOf(r.level) * 10 + SCORE_KINDS.indexOf(r.kind as ScoreKind);
  return rows
    .sort((a, b) => order(a) - order(b))
    .map((r) => ({
      level: r.level,
      levelName: LEVEL_NAMES[r.level] ?? r.level,
      kind: r.kind,
      kindName: KIND_NAMES[r.kind] ?? r.kind,
      points: r.points,
      updatedBy: r.updatedBy,
      updatedAt: r.updatedAt.toISOString(),
    }));
}

/** Sets the points given (the rest stay), audited with the table before and after; a bad entry changes nothing. */
export async function setScoreRules(
  db: DataSource,
  actor: Actor,
  entries: { level: string; kind: string; points: number }[],
  now: Date,
): Promise<ScoreRuleView[]> {
  requireRoles(actor, RULE_ROLES, '只有管理员可以修改政务信息计分规则');
  if (!entries.length) throw invalid('invalid_input', '请至少填写一项计分规则');
  for (const e of entries) {
    if (!(ADOPTION_LEVELS as readonly string[]).includes(e.level)) {
      throw invalid('unknown_level', `采用层级“${e.level}”不存在，应为市政府办公室、省政府办公厅或国务院办公厅`);
    }
    if (!(SCORE_KINDS as readonly string[]).includes(e.kind)) {
      throw invalid('unknown_kind', `计分项“${e.kind}”不存在，应为全篇采用、部分采用、综合采用或领导批示加分`);
    }
    if (!Number.isInteger(e.points) || e.points < 0 || e.points > POINTS_MAX) {
      throw invalid('invalid_points', `分值应为0至${POINTS_MAX}之间的整数`);
    }
  }
  await db.transaction(async (manager) => {
    const repo = manager.getRepository(InformationScoreRule);
    const before = Object.fromEntries((await repo.find()).map((r) => [ruleKey(r.level, r.kind), r.points]));
    for (const e of entries) {
      await repo.upsert(
        { level: e.level as AdoptionLevel, kind: e.kind as ScoreKind, points: e.points, updatedBy: actor.id },
        ['level', 'kind'],
      );
    }
    const after = Object.fromEntries((await repo.find()).map((r) => [ruleKey(r.level, r.kind), r.points]));
    await audit(manager, {
      actor: actor.id,
      action: 'information.score_rules.changed',
      subjectType: 'information_score_rule',
      subjectId: 'table',
      before: before as JsonObject,
      after: after as JsonObject,
      at: now,
    });
  });
  return scoreRules(db);
}
