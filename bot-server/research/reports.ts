/**
 * 调研报告: reports recorded, edited and finalised, with the problems they found (存在问题); a problem of a final
 * report becomes a supervised matter (交办事项, source 领导批示/交办 — the report goes to a leader, whose instruction
 * assigns it) in one step. Every change is audited in its own transaction; a refusal changes nothing. Domain only:
 * the API is `api/research/reports.ts`.
 */
import { type DataSource, type EntityManager, In } from 'typeorm';
import { type JsonObject, Matter, ResearchProblem, ResearchReport, type ResearchStatus, User } from '../../entities';
import { audit } from '../audit/audit';
import { lockedRow } from '../db/lock';
import { sqlInstant } from '../db/sql-instant';
import { holds, invalid, pageOf, periodBounds, requireRoles, text, unitNames, unitOf } from '../duty/petition-access';
import { DomainError } from '../errors/domain-error';
import type { SupervisionService } from '../supervision/matter-service';
import { STATUS_NAMES } from '../supervision/sources';
import type { Actor } from '../supervision/types';
import { civilDateOf, pastCivilDate, RESEARCH_READERS, RESEARCH_RECORDERS, RESEARCH_TURN_ROLES } from './access';

export const RESEARCH_STATUS_NAMES: Record<ResearchStatus, string> = { draft: '草稿', final: '定稿' };
const AUTHORS_MAX = 20;
const PLACES_MAX = 30;
const PROBLEMS_MAX = 100;

export interface ReportInput {
  title?: string;
  topic?: string;
  authorIds?: string[];
  places?: string[];
  /** YYYY-MM-DD, Shanghai. */
  finishedOn?: string;
  summary?: string | null;
}

export interface ProblemInput {
  text?: string;
  departmentId?: string | null;
}

export interface ProblemTurnInput {
  /** 牵头单位; the problem's unit when not given. */
  leadDepartmentId?: string | null;
  coDepartmentIds?: string[];
  responsibleUserId?: string | null;
  /** 交办领导. */
  assignedByUserId?: string | null;
  urgent?: boolean;
  title?: string | null;
}

export interface ProblemView {
  id: number;
  text: string;
  unit: { id: string; name: string } | null;
  matter: { id: number; number: string; status: string; statusName: string } | null;
  canTurn: boolean;
}

export interface ReportView {
  id: number;
  title: string;
  topic: string;
  authors: { id: string; name: string }[];
  places: string[];
  finishedOn: string;
  summary: string | null;
  status: ResearchStatus;
  statusName: string;
  finalisedAt: string | null;
  recordedBy: { id: string; name: string };
  problems: ProblemView[];
}

export interface ReportFilter {
  from?: string;
  to?: string;
  status?: ResearchStatus;
  limit?: number;
  offset?: number;
}

/** The authors: one or more distinct, existing, active users. */
async function authorsOf(manager: EntityManager, ids: unknown): Promise<string[]> {
  if (!Array.isArray(ids) || ids.length === 0) throw invalid('invalid_input', '请至少选择一位调研报告执笔人');
  const wanted = [...new Set(ids.map((id) => String(id).trim()).filter(Boolean))];
  if (wanted.length === 0) throw invalid('invalid_input', '请至少选择一位调研报告执笔人');
  if (wanted.length > AUTHORS_MAX) throw invalid('invalid_input', `执笔人不得超过${AUTHORS_MAX}人`);
  const users = await manager.getRepository(User).findBy({ id: In(wanted) });
  const missing = wanted.filter((id) => !users.some((u) => u.id === id && u.active));
  if (missing.length) throw invalid('unknown_user', `执笔人“${missing.join('、')}”不存在或已停用`);
  return wanted;
}

function placesOf(places: unknown): string[] {
  if (places === undefined || places === null) return [];
  if (!Array.isArray(places)) throw invalid('invalid_input', '调研地点格式有误');
  const kept = places.map((p) => text(p, '调研地点', 100)).filter((p): p is string => p !== null);
  if (kept.length > PLACES_MAX) throw invalid('invalid_input', `调研地点不得超过${PLACES_MAX}处`);
  return [...new Set(kept)];
}

/** The checked values of a whole report (a new one, or an existing one with the edit applied). */
async function checked(manager: EntityManager, r: Required<ReportInput>, now: Date) {
  return {
    title: text(r.title, '调研报告标题', 200, true),
    topic: text(r.topic, '调研主题', 200, true),
    authorIds: await authorsOf(manager, r.authorIds),
    places: placesOf(r.places),
    finishedAt: pastCivilDate(r.finishedOn, now, '调研完成日期'),
    summary: text(r.summary, '报告摘要', 20000),
  };
}

const auditFields = (r: ResearchReport): JsonObject => ({
  title: r.title,
  topic: r.topic,
  authorIds: r.authorIds,
  places: r.places,
  finishedOn: civilDateOf(r.finishedAt),
  status: r.status,
});

export class ResearchService {
  constructor(
    private readonly db: () => DataSource,
    private readonly matters: SupervisionService,
  ) {}

  now(): Date {
    return this.matters.now();
  }

  async create(actor: Actor, input: ReportInput): Promise<ReportView> {
    requireRoles(actor, RESEARCH_RECORDERS, '只有督查室、会务人员可以登记调研报告');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const values = await checked(
        manager,
        {
          title: input.title ?? '',
          topic: input.topic ?? '',
          authorIds: input.authorIds ?? [],
          places: input.places ?? [],
          finishedOn: input.finishedOn ?? '',
          summary: input.summary ?? null,
        },
        now,
      );
      const result = await manager.insert(ResearchReport, {
        ...values,
        status: 'draft',
        finalisedAt: null,
        recordedBy: actor.id,
        updatedBy: null,
      });
      const report = await manager
        .getRepository(ResearchReport)
        .findOneByOrFail({ id: Number(result.identifiers[0]?.id) });
      await this.audited(
        manager,
        actor,
        report.id,
        { action: 'research_report.created', after: auditFields(report) },
        now,
      );
      return this.viewOf(manager, actor, report);
    });
  }

  /** Changes the fields given; the rest stay. A final report may be corrected too (the change is audited). */
  async edit(actor: Actor, id: number, input: ReportInput): Promise<ReportView> {
    requireRoles(actor, RESEARCH_RECORDERS, '只有督查室、会务人员可以修改调研报告');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const report = await this.locked(manager, id);
      const values = await checked(
        manager,
        {
          title: input.title ?? report.title,
          topic: input.topic ?? report.topic,
          authorIds: input.authorIds ?? report.authorIds,
          places: input.places ?? report.places,
          finishedOn: input.finishedOn ?? civilDateOf(report.finishedAt),
          summary: input.summary !== undefined ? input.summary : report.summary,
        },
        now,
      );
      await manager.update(ResearchReport, { id }, { ...values, updatedBy: actor.id });
      const after = await manager.getRepository(ResearchReport).findOneByOrFail({ id });
      await this.audited(
        manager,
        actor,
        id,
        { action: 'research_report.edited', before: auditFields(report), after: auditFields(after) },
        now,
      );
      return this.viewOf(manager, actor, after);
    });
  }

  /** 定稿: from then on the report counts in the figures (形成调研报告X份) by its date finished. */
  async finalise(actor: Actor, id: number): Promise<ReportView> {
    requireRoles(actor, RESEARCH_RECORDERS, '只有督查室、会务人员可以将调研报告定稿');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const report = await this.locked(manager, id);
      if (report.status === 'final') throw new DomainError('conflict', 'already_final', '该调研报告已定稿');
      await manager.update(ResearchReport, { id }, { status: 'final', finalisedAt: now, updatedBy: actor.id });
      const after = await manager.getRepository(ResearchReport).findOneByOrFail({ id });
      await this.audited(
        manager,
        actor,
        id,
        { action: 'research_report.finalised', before: { status: 'draft' }, after: { status: 'final' } },
        now,
      );
      return this.viewOf(manager, actor, after);
    });
  }

  async addProblem(actor: Actor, reportId: number, input: ProblemInput): Promise<ReportView> {
    requireRoles(actor, RESEARCH_RECORDERS, '只有督查室、会务人员可以登记存在问题');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const report = await this.locked(manager, reportId);
      const values = await this.problemValues(manager, input.text, input.departmentId ?? null);
      if ((await manager.getRepository(ResearchProblem).countBy({ reportId })) >= PROBLEMS_MAX) {
        throw invalid('invalid_input', `一份调研报告的存在问题不得超过${PROBLEMS_MAX}条`);
      }
      const result = await manager.insert(ResearchProblem, {
        ...values,
        reportId,
        matterId: null,
        recordedBy: actor.id,
      });
      const problemId = Number(result.identifiers[0]?.id);
      await this.audited(
        manager,
        actor,
        reportId,
        { action: 'research_problem.added', after: { problemId, ...values } },
        now,
      );
      return this.viewOf(manager, actor, report);
    });
  }

  async editProblem(actor: Actor, reportId: number, problemId: number, input: ProblemInput): Promise<ReportView> {
    requireRoles(actor, RESEARCH_RECORDERS, '只有督查室、会务人员可以修改存在问题');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const report = await this.locked(manager, reportId);
      const problem = await this.problemOf(manager, reportId, problemId);
      const values = await this.problemValues(
        manager,
        input.text ?? problem.text,
        input.departmentId !== undefined ? input.departmentId : problem.departmentId,
      );
      await manager.update(ResearchProblem, { id: problemId }, values);
      const before = { problemId, text: problem.text, departmentId: problem.departmentId };
      await this.audited(
        manager,
        actor,
        reportId,
        { action: 'research_problem.edited', before, after: { problemId, ...values } },
        now,
      );
      return this.viewOf(manager, actor, report);
    });
  }

  /** A problem already turned into a matter stays: the matter names it. */
  async removeProblem(actor: Actor, reportId: number, problemId: number): Promise<ReportView> {
    requireRoles(actor, RESEARCH_RECORDERS, '只有督查室、会务人员可以删除存在问题');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const report = await this.locked(manager, reportId);
      const problem = await this.problemOf(manager, reportId, problemId);
      if (problem.matterId !== null) {
        throw new DomainError('conflict', 'already_turned', '该问题已转为督办事项，不能删除');
      }
      await manager.delete(ResearchProblem, { id: problemId });
      const before = { problemId, text: problem.text, departmentId: problem.departmentId };
      await this.audited(manager, actor, reportId, { action: 'research_problem.removed', before }, now);
      return this.viewOf(manager, actor, report);
    });
  }

  /**
   * 转为督办事项: one transaction makes the matter (source 领导批示/交办, numbered 督〔年〕N号, its deadline from the
   * source's rule) through the supervision service and records its id on the problem. Only a final report's
   * problems; a problem becomes at most one matter.
   */
  async turnIntoMatter(
    actor: Actor,
    reportId: number,
    problemId: number,
    input: ProblemTurnInput,
  ): Promise<ReportView> {
    requireRoles(actor, RESEARCH_TURN_ROLES, '只有督查室可以将存在问题转为督办事项');
    return this.matters.write(async (manager) => {
      const now = this.now();
      const report = await this.locked(manager, reportId);
      const problem = await this.problemOf(manager, reportId, problemId);
      if (problem.matterId !== null) {
        const matter = await manager.getRepository(Matter).findOneBy({ id: problem.matterId });
        throw new DomainError(
          'conflict',
          'already_turned',
          `该问题已转为督办事项${matter ? `（${matter.number}）` : ''}，不能重复转办`,
        );
      }
      if (report.status !== 'final') {
        throw new DomainError('conflict', 'not_final', '调研报告定稿后，方可将存在问题转为督办事项');
      }
      const lead = input.leadDepartmentId?.trim() || problem.departmentId;
      if (!lead) throw invalid('invalid_input', '请选择牵头单位');
      const title = text(input.title, '事项标题', 300) ?? this.titleOf(problem.text);
      const matter = await this.matters.assignIn(manager, actor.id, {
        source: 'leader_instruction',
        title,
        content: `${problem.text}\n（调研报告《${report.title}》（${civilDateOf(report.finishedAt)}）发现的问题）`,
        leadDepartmentId: lead,
        coDepartmentIds: input.coDepartmentIds ?? [],
        responsibleUserId: input.responsibleUserId ?? null,
        assignedByUserId: input.assignedByUserId ?? null,
        urgent: input.urgent ?? false,
        assignedAt: now,
      });
      await manager.update(ResearchProblem, { id: problemId }, { matterId: matter.id });
      await this.audited(
        manager,
        actor,
        reportId,
        {
          action: 'research_problem.turned_into_matter',
          before: { problemId, matterId: null },
          after: { problemId, matterId: matter.id, matterNumber: matter.number, source: 'leader_instruction' },
        },
        now,
      );
      return this.viewOf(manager, actor, report);
    });
  }

  async get(actor: Actor, id: number): Promise<ReportView> {
    requireRoles(actor, RESEARCH_READERS, '您没有查看调研报告的权限');
    const manager = this.db().manager;
    const report = await manager.getRepository(ResearchReport).findOneBy({ id });
    if (!report) throw new DomainError('not_found', 'not_found', '没有这份调研报告');
    return this.viewOf(manager, actor, report);
  }

  /** The research report a matter was made from, if any (for the matter's page: where it came from). */
  async originOfMatter(actor: Actor, matterId: number): Promise<{ reportId: number; title: string } | null> {
    requireRoles(actor, RESEARCH_READERS, '您没有查看调研报告的权限');
    const manager = this.db().manager;
    const problem = await manager.getRepository(ResearchProblem).findOneBy({ matterId });
    if (!problem) return null;
    const report = await manager.getRepository(ResearchReport).findOneByOrFail({ id: problem.reportId });
    return { reportId: report.id, title: report.title };
  }

  /** Newest first: the reports finished in the period (Shanghai dates), of a status. */
  async list(actor: Actor, filter: ReportFilter): Promise<{ total: number; reports: ReportView[] }> {
    requireRoles(actor, RESEARCH_READERS, '您没有查看调研报告的权限');
    const { start, end } = periodBounds(filter.from, filter.to, this.now());
    const manager = this.db().manager;
    const query = manager.getRepository(ResearchReport).createQueryBuilder('rr').where('1 = 1');
    if (start) query.andWhere('rr.finishedAt >= :start', { start: sqlInstant(manager.connection, start) });
    if (end) query.andWhere('rr.finishedAt < :end', { end: sqlInstant(manager.connection, end) });
    if (filter.status) query.andWhere('rr.status = :status', { status: filter.status });
    const { take, skip } = pageOf(filter.limit, filter.offset);
    const [rows, total] = await query
      .orderBy('rr.finishedAt', 'DESC')
      .addOrderBy('rr.id', 'DESC')
      .take(take)
      .skip(skip)
      .getManyAndCount();
    return { total, reports: await this.views(manager, actor, rows) };
  }

  private async problemValues(manager: EntityManager, value: unknown, departmentId: string | null) {
    return {
      text: text(value, '问题内容', 2000, true),
      departmentId: departmentId ? (await unitOf(manager, departmentId, '涉及单位')).id : null,
    };
  }

  private async locked(manager: EntityManager, id: number): Promise<ResearchReport> {
    const report = await lockedRow(manager, ResearchReport, { id });
    if (!report) throw new DomainError('not_found', 'not_found', '没有这份调研报告');
    return report;
  }

  private async problemOf(manager: EntityManager, reportId: number, problemId: number): Promise<ResearchProblem> {
    const problem = await manager.getRepository(ResearchProblem).findOneBy({ id: problemId, reportId });
    if (!problem) throw new DomainError('not_found', 'unknown_problem', '该调研报告没有这条问题');
    return problem;
  }

  private audited(
    manager: EntityManager,
    actor: Actor,
    reportId: number,
    change: { action: string; before?: JsonObject; after?: JsonObject },
    at: Date,
  ) {
    return audit(manager, { actor: actor.id, ...change, subjectType: 'research_report', subjectId: reportId, at });
  }

  private titleOf(problem: string): string {
    const line = problem.split('\n')[0]?.trim() ?? problem;
    const title = line.length <= 60 ? line : `${line.slice(0, 59)}…`;
    return title.length >= 2 ? `调研发现问题：${title}` : '调研发现问题整改';
  }

  private async viewOf(manager: EntityManager, actor: Actor, report: ResearchReport): Promise<ReportView> {
    const fresh = await manager.getRepository(ResearchReport).findOneByOrFail({ id: report.id });
    return (await this.views(manager, actor, [fresh]))[0] as ReportView;
  }

  private async views(manager: EntityManager, actor: Actor, reports: ResearchReport[]): Promise<ReportView[]> {
    if (!reports.length) return [];
    const problems = await manager
      .getRepository(ResearchProblem)
      .find({ where: { reportId: In(reports.map((r) => r.id)) }, order: { id: 'ASC' } });
    const matterIds = problems.map((p) => p.matterId).filter((x): x is number => x !== null);
    const userIds = [...new Set(reports.flatMap((r) => [...r.authorIds, r.recordedBy]))];
    const [units, matters, users] = await Promise.all([
      unitNames(
        manager,
        problems.map((p) => p.departmentId),
      ),
      matterIds.length ? manager.getRepository(Matter).findBy({ id: In(matterIds) }) : [],
      manager.getRepository(User).findBy({ id: In(userIds) }),
    ]);
    const nameOf = (id: string) => ({ id, name: users.find((u) => u.id === id)?.name ?? id });
    const canTurn = holds(actor, RESEARCH_TURN_ROLES);
    return reports.map((r) => ({
      id: r.id,
      title: r.title,
      topic: r.topic,
      authors: r.authorIds.map(nameOf),
      places: r.places,
      finishedOn: civilDateOf(r.finishedAt),
      summary: r.summary,
      status: r.status,
      statusName: RESEARCH_STATUS_NAMES[r.status],
      finalisedAt: r.finalisedAt ? r.finalisedAt.toISOString() : null,
      recordedBy: nameOf(r.recordedBy),
      problems: problems
        .filter((p) => p.reportId === r.id)
        .map((p) => {
          const m = matters.find((x) => x.id === p.matterId);
          return {
            id: p.id,
            text: p.text,
            unit: p.departmentId ? { id: p.departmentId, name: units.get(p.departmentId) ?? p.departmentId } : null,
            matter: m
              ? { id: m.id, number: m.number, status: m.status, statusName: STATUS_NAMES[m.status] ?? m.status }
              : null,
            canTurn: canTurn && p.matterId === null && r.status === 'final',
          };
        }),
    }));
  }
}
