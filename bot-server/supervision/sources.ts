import type { MatterSource, MatterStatus } from '../../entities';

/** How each source of a matter is named, numbered and timed. */
export interface SourceInfo {
  source: MatterSource;
  /** Chinese name as users read it. */
  name: string;
  /**
   * The word before 〔year〕 in the matter's number (督办编号): 督〔2026〕12号. Each source has its own series per
   * year, so the prefix tells the series apart: 督 领导批示/交办, 重点 重点工作, 会督 会议议定事项, 建议 人大代表建议,
   * 提案 政协委员提案, 信访 信访交办函, 留言 网民留言, 约稿 约稿.
   */
  prefix: string;
  /** The time-limit rule of the matter's own deadline (null: the date must be given, as for 重点工作). */
  ruleCode: (urgent: boolean) => string | null;
  /** A periodic matter reports every month (重点工作 月报); its periods each have a deadline. */
  periodic: boolean;
  /** 人大建议 and 政协提案 carry a reply class, a meeting with the deputy and the deputy's satisfaction. */
  deputyFeedback: boolean;
}

export const SOURCES: Record<MatterSource, SourceInfo> = {
  key_work: {
    source: 'key_work',
    name: '重点工作',
    prefix: '重点',
    ruleCode: () => null,
    periodic: true,
    deputyFeedback: false,
  },
  leader_instruction: {
    source: 'leader_instruction',
    name: '领导批示',
    prefix: '督',
    ruleCode: (urgent) => (urgent ? 'supervision.leader_instruction.urgent' : 'supervision.leader_instruction.routine'),
    periodic: false,
    deputyFeedback: false,
  },
  meeting_decision: {
    source: 'meeting_decision',
    name: '会议议定事项',
    prefix: '会督',
    ruleCode: () => 'supervision.meeting_decision',
    periodic: false,
    deputyFeedback: false,
  },
  npc_suggestion: {
    source: 'npc_suggestion',
    name: '人大代表建议',
    prefix: '建议',
    ruleCode: () => 'supervision.npc_suggestion.reply',
    periodic: false,
    deputyFeedback: true,
  },
  cppcc_proposal: {
    source: 'cppcc_proposal',
    name: '政协委员提案',
    prefix: '提案',
    ruleCode: () => 'supervision.cppcc_proposal.reply',
    periodic: false,
    deputyFeedback: true,
  },
  petition: {
    source: 'petition',
    name: '信访交办',
    prefix: '信访',
    // Assigned: the acceptance notice (受理告知, 15 days); once accepted, completion (办结, 60 days from 受理).
    ruleCode: () => PETITION_NOTICE_RULE,
    periodic: false,
    deputyFeedback: false,
  },
  netizen_message: {
    source: 'netizen_message',
    name: '网民留言',
    prefix: '留言',
    ruleCode: () => 'supervision.online_message.reply',
    periodic: false,
    deputyFeedback: false,
  },
  commissioned_article: {
    source: 'commissioned_article',
    name: '约稿',
    prefix: '约稿',
    ruleCode: () => 'supervision.commissioned_article.submit',
    periodic: false,
    deputyFeedback: false,
  },
};

export const PETITION_NOTICE_RULE = 'supervision.petition.acceptance_notice';
export const PETITION_COMPLETE_RULE = 'supervision.petition.complete';
export const KEY_WORK_REPORT_RULE = 'supervision.key_work.monthly_report';

/** Other names a sheet may give a source: a Map, so that a cell reading `toString` or `__proto__` is none. */
const SOURCE_ALIASES = new Map<string, MatterSource>([
  ['重点项目', 'key_work'],
  ['交办事项', 'leader_instruction'],
  ['领导交办', 'leader_instruction'],
  ['会议事项', 'meeting_decision'],
  ['人大建议', 'npc_suggestion'],
  ['政协提案', 'cppcc_proposal'],
  ['信访交办函', 'petition'],
  ['信访', 'petition'],
  ['留言', 'netizen_message'],
]);

/** Chinese source names accepted in an imported sheet, besides the codes. */
export function sourceByName(text: string): MatterSource | null {
  const value = text.trim();
  for (const info of Object.values(SOURCES)) {
    if (value === info.source || value === info.name || value === info.prefix) return info.source;
  }
  return SOURCE_ALIASES.get(value) ?? null;
}

export const STATUS_NAMES: Record<MatterStatus, string> = {
  assigned: '已交办',
  accepted: '已签收',
  in_progress: '办理中',
  completed: '已办结',
  evaluated: '已评价',
  returned: '已退回',
};

/** Statuses in which the matter is still being handled (its deadline runs). */
export const OPEN_STATUSES: readonly MatterStatus[] = ['assigned', 'accepted', 'in_progress', 'returned'];
export const DONE_STATUSES: readonly MatterStatus[] = ['completed', 'evaluated'];

export const OUTCOME_NAMES = {
  A: '已解决或基本解决',
  B: '正在解决或列入计划解决',
  C: '因条件限制以后解决',
  D: '留作参考',
} as const;

export const SATISFACTION_NAMES = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
} as const;

export const GRADE_NAMES = { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' } as const;

/** `督〔2026〕12号`. */
export function formatMatterNumber(source: MatterSource, year: number, sequence: number): string {
  return `${SOURCES[source].prefix}〔${year}〕${sequence}号`;
}
