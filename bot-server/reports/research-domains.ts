/**
 * The records the 调研 and 督查建议 figures (research-figures.ts) count, as the engine's domains (engine.ts spreads
 * them into DOMAINS). Kept apart from the figures so that the engine imports this file and nothing imports back.
 * Reports, suggestions and inspections are dated by a Shanghai civil date, kept as the instant it begins.
 */

const none = () => [];
const PROBLEMS = 'research_problem rp JOIN research_report rr ON rr.id = rp.report_id';

export const RESEARCH_DOMAINS = {
  /** 调研报告 by the day they were finished; only final reports (定稿) count. Office-wide. */
  researchReports: {
    from: 'research_report rr',
    key: 'rr.id',
    at: 'rr.finished_at',
    unit: null,
    type: null,
    always: () => [{ sql: "rr.status = 'final'", params: [] }],
    item: { id: 'rr.id', number: 'NULL', title: 'rr.title', at: 'rr.finished_at', link: 'research' },
    order: 'rr.finished_at, rr.id',
  },
  /** 存在问题 of final reports, by their report's day; by the unit the problem concerns; listed by their report. */
  researchProblems: {
    from: PROBLEMS,
    key: 'rp.id',
    at: 'rr.finished_at',
    unit: 'rp.department_id',
    type: null,
    always: () => [{ sql: "rr.status = 'final'", params: [] }],
    item: { id: 'rr.id', number: 'NULL', title: 'SUBSTR(rp.text, 1, 60)', at: 'rr.finished_at', link: 'research' },
    order: 'rr.finished_at, rp.id',
  },
  /** 督查建议 by the day they were made, by the unit addressed; typed by the matter's source; listed by the matter. */
  suggestions: {
    from: 'supervision_suggestion ss JOIN matter m ON m.id = ss.matter_id',
    key: 'ss.id',
    at: 'ss.made_at',
    unit: 'ss.department_id',
    type: 'm.source',
    always: none,
    item: { id: 'm.id', number: 'm.number', title: 'SUBSTR(ss.text, 1, 60)', at: 'ss.made_at', link: 'matter' },
    order: 'ss.made_at, ss.id',
  },
  /** 现场督查 and 电话督查 by their day, by the matter's lead unit; typed by the kind; listed by the matter. */
  inspections: {
    from: 'supervision_inspection si JOIN matter m ON m.id = si.matter_id',
    key: 'si.id',
    at: 'si.at',
    unit: 'm.lead_department_id',
    type: 'si.kind',
    always: none,
    item: { id: 'm.id', number: 'm.number', title: 'm.title', at: 'si.at', link: 'matter' },
    order: 'si.at, si.id',
  },
};

export type ResearchDomain = keyof typeof RESEARCH_DOMAINS;
