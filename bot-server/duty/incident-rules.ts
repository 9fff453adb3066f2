/**
 * The reporting rules of 应急值班信息, per level: minutes from 接报时间 for the 电话初报 and the 书面初报, the 续报
 * interval while the incident is open, the warning before a limit and the delay before the shift's 带班领导 is told.
 * The built-in defaults come from the local rules of docs/time-limits.md §4.8 — secondary copies, to be **verified
 * against the office's own province and city rules** before use; an administrator changes them in 系统管理 (table
 * `duty_incident_rule`, one row per level, absent while the default stands, every change audited). A change applies to
 * the limits computed afterwards (incidents recorded later, and 续报 limits opened later), never to those already set.
 */
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { DutyIncidentRule, INCIDENT_LEVELS, type IncidentLevel, type JsonObject } from '../../entities';
import { audit } from '../audit/audit';
import { DomainError } from '../errors/domain-error';

export interface IncidentRule {
  /** 电话初报 within this many minutes of 接报时间; null: no phone report is required at this level. */
  phoneMinutes: number | null;
  /** 书面初报 within this many minutes of 接报时间. */
  writtenMinutes: number;
  /** While open, a 续报 within this many hours of the last written report or 续报; null: none required. */
  followUpHours: number | null;
  /** The recorder is warned this many minutes before a limit (at 接报时间 when the limit is shorter). */
  warnMinutes: number;
  /** The shift's 带班领导 is told this many minutes after a limit ran over. */
  escalateMinutes: number;
}

export const LEVEL_NAMES: Record<IncidentLevel, string> = {
  extraordinary: '特别重大',
  major: '重大',
  large: '较大',
  general: '一般',
};

/**
 * The defaults (docs/time-limits.md §4.8). 特别重大、重大: 电话 15 min, 书面 30 min (a city 人民政府办公室 notice;
 * 河南省应急管理厅 2021: 15/35). 较大: 30/60 (the same city notice; 河南: 书面 1 h). 一般: 书面 6 h, no phone limit
 * (河南省应急管理厅 2021). 续报: 河南 asks for 较大 and above twice a day (before 8:00 and 17:00), kept here as every
 * 12 hours; none for 一般. The warning (5 minutes before, 30 for 一般) and the escalation delays are the office's own
 * choice, not from a source.
 */
export const DEFAULT_INCIDENT_RULES: Readonly<Record<IncidentLevel, IncidentRule>> = Object.freeze({
  extraordinary: { phoneMinutes: 15, writtenMinutes: 30, followUpHours: 12, warnMinutes: 5, escalateMinutes: 10 },
  major: { phoneMinutes: 15, writtenMinutes: 30, followUpHours: 12, warnMinutes: 5, escalateMinutes: 10 },
  large: { phoneMinutes: 30, writtenMinutes: 60, followUpHours: 12, warnMinutes: 5, escalateMinutes: 15 },
  general: { phoneMinutes: null, writtenMinutes: 360, followUpHours: null, warnMinutes: 30, escalateMinutes: 30 },
});

/** What the admin page says under the rules. */
export const RULES_NOTE =
  '默认时限参照部分省市突发事件信息报送规定（河南省应急管理厅2021年通知等），请对照本省、市现行规定核实后使用。修改后的时限适用于此后登记的突发事件和此后开始计算的续报时限，已计算的时限不变。';

const minutes = (what: string, max: number) =>
  z
    .number({ error: `请填写${what}` })
    .int(`${what}应为整数`)
    .min(1, `${what}至少为1`)
    .max(max, `${what}不得超过${max}`);

export const incidentRuleSchema = z
  .object({
    phoneMinutes: minutes('电话初报时限（分钟）', 1440).nullable(),
    writtenMinutes: minutes('书面初报时限（分钟）', 2880),
    followUpHours: minutes('续报间隔（小时）', 72).nullable(),
    warnMinutes: minutes('提前提醒（分钟）', 720),
    escalateMinutes: z
      .number({ error: '请填写超时后告知带班领导的时间（分钟）' })
      .int('告知带班领导的时间应为整数')
      .min(0, '告知带班领导的时间不能为负')
      .max(1440, '告知带班领导的时间不得超过1440分钟'),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.phoneMinutes !== null && rule.writtenMinutes < rule.phoneMinutes) {
      ctx.addIssue({ code: 'custom', message: '书面初报时限不能短于电话初报时限', path: ['writtenMinutes'] });
    }
  });

export interface IncidentRuleView extends IncidentRule {
  level: IncidentLevel;
  levelName: string;
  /** The office changed it (else the default stands). */
  changed: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** Every level's rule in force, the office's changes over the defaults. */
export async function incidentRules(manager: EntityManager): Promise<IncidentRuleView[]> {
  const rows = await manager.getRepository(DutyIncidentRule).find();
  return INCIDENT_LEVELS.map((level) => {
    const row = rows.find((r) => r.level === level);
    // Saving checks the fields; a row that does not parse (edited by hand) leaves the default in force.
    const parsed = row ? incidentRuleSchema.safeParse(JSON.parse(row.value)) : null;
    const rule = parsed?.success ? parsed.data : DEFAULT_INCIDENT_RULES[level];
    return {
      level,
      levelName: LEVEL_NAMES[level],
      ...rule,
      changed: parsed?.success === true,
      updatedBy: parsed?.success ? (row?.updatedBy ?? null) : null,
      updatedAt: parsed?.success ? (row?.updatedAt.toISOString() ?? null) : null,
    };
  });
}

export async function ruleOf(manager: EntityManager, level: IncidentLevel): Promise<IncidentRule> {
  const view = (await incidentRules(manager)).find((r) => r.level === level) as IncidentRuleView;
  return {
    phoneMinutes: view.phoneMinutes,
    writtenMinutes: view.writtenMinutes,
    followUpHours: view.followUpHours,
    warnMinutes: view.warnMinutes,
    escalateMinutes: view.escalateMinutes,
  };
}

const ruleJson = (rule: IncidentRule): JsonObject => ({ ...rule });

/** Sets a level's rule (null: back to the default), audited `duty.incident_rule.saved` with before and after. */
export async function saveIncidentRule(
  manager: EntityManager,
  actorId: string,
  level: string,
  input: unknown,
  now: Date,
): Promise<IncidentRuleView[]> {
  if (!(INCIDENT_LEVELS as readonly string[]).includes(level)) {
    throw new DomainError('invalid', 'invalid_level', '事件等级应为特别重大、重大、较大或一般');
  }
  const lvl = level as IncidentLevel;
  let rule: IncidentRule | null = null;
  if (input !== null) {
    const parsed = incidentRuleSchema.safeParse(input);
    if (!parsed.success) {
      throw new DomainError('invalid', 'invalid_rule', parsed.error.issues.map((i) => i.message).join('；'));
    }
    rule = parsed.data;
  }
  const before = await ruleOf(manager, lvl);
  const repo = manager.getRepository(DutyIncidentRule);
  if (rule === null) await repo.delete({ level: lvl });
  else await repo.save({ level: lvl, value: JSON.stringify(rule), updatedBy: actorId });
  await audit(manager, {
    actor: actorId,
    action: 'duty.incident_rule.saved',
    subjectType: 'duty_incident_rule',
    subjectId: lvl,
    before: ruleJson(before),
    after: ruleJson(rule ?? DEFAULT_INCIDENT_RULES[lvl]),
    at: now,
  });
  return incidentRules(manager);
}
