import { type DataSource, type EntityManager, In } from 'typeorm';
import {
  AuditLog,
  Deadline,
  Department,
  Document,
  Evaluation,
  ExtensionRequest,
  type JsonObject,
  MATTER_SOURCES,
  Matter,
  MatterPeriod,
  type MatterSource,
  type MatterStatus,
  MatterUnit,
  Meeting,
  OutboxNotification,
  ProgressReport,
  type Role,
  User,
  UserDepartment,
} from '../../entities';
import { isMysql } from '../../entities/data-source';
import { audit } from '../audit/audit';
import { formatISODate, parseISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { civilDateOf } from '../calendar/civil-date';
import { isUniqueViolation } from '../db/unique-violation';
import type { DeadlineService } from '../deadlines/deadline-service';
import { checkPastInstant, checkPlannedDate } from '../timelimits';
import { SupervisionError } from './errors';
import { firstDayOfMonth, monthOfDay, nextMonth } from './months';
import {
  DONE_STATUSES,
  formatMatterNumber,
  GRADE_NAMES,
  KEY_WORK_REPORT_RULE,
  OPEN_STATUSES,
  OUTCOME_NAMES,
  PETITION_COMPLETE_RULE,
  SATISFACTION_NAMES,
  SOURCES,
  STATUS_NAMES,
} from './sources';
import { type Classification, classify, LIGHT_NAMES, TIMELINESS_NAMES, type Timeliness } from './status';

/** Who acts: the signed-in user's id and roles (the API's SignedInUser fits). */
export interface Actor {
  id: string;
  roles: { role: Role; scope: string }[];
}

export interface AssignInput {
  source: MatterSource;
  title: string;
  content?: string | null;
  /** 交办领导. */
  assignedByUserId?: string | null;
  /** 牵头单位. */
  leadDepartmentId: string;
  /** 协办单位. */
  coDepartmentIds?: string[];
  /** 责任人; the head of the lead unit when not given. */
  responsibleUserId?: string | null;
  /** An explicit due date (YYYY-MM-DD, Shanghai) instead of the source's time-limit rule; required for 重点工作. */
  dueDate?: string | null;
  /** 领导批示: 急件 (5 days) rather than 非急件 (15 days). */
  urgent?: boolean;
  /** When it was assigned, for a matter assigned on paper and registered afterwards (补录); never in the future. */
  assignedAt?: Date | null;
  documentId?: number | null;
  meetingId?: number | null;
  /** 建议/提案: the deputy or member who raised it. */
  proposer?: string | null;
}

export interface ProgressInput {
  content: string;
  attachments?: { name: string; url: string }[];
  /** For a periodic matter: the month reported on (YYYY-MM); the earliest unreported month by default. */
  period?: string | null;
}

export interface CompleteInput {
  reply: string;
  outcomeClass?: 'A' | 'B' | 'C' | 'D' | null;
  metDeputy?: boolean | null;
}

export interface ReassignInput {
  leadDepartmentId: string;
  coDepartmentIds?: string[];
  responsibleUserId?: string | null;
  reason: string;
}

export interface MatterFilter {
  source?: MatterSource;
  status?: MatterStatus[];
  timeliness?: Timeliness;
  light?: 'blue' | 'yellow' | 'red';
  /** Lead or co-unit. */
  departmentId?: string;
  year?: number;
  /** Words in the title or number. */
  q?: string;
  limit?: number;
  offset?: number;
}

/** Options of a write that only the seed and imports use. */
export interface WriteOptions {
  /** Write no outbox notification (historical demo data). */
  notify?: boolean;
}

export interface NamedRef {
  id: string;
  name: string;
}

export interface DeadlineView {
  id: number;
  ruleCode: string | null;
  dueDate: string;
  dueAt: string;
  originalDueDate: string;
  originalDueAt: string;
  extended: boolean;
  status: 'open' | 'closed';
  metOnTime: boolean | null;
}

/** A matter as the mini-app shows it. */
export interface MatterView extends Classification {
  id: number;
  number: string;
  year: number;
  sequence: number;
  source: MatterSource;
  sourceName: string;
  title: string;
  content: string | null;
  assignedBy: NamedRef | null;
  leadDepartment: NamedRef;
  coDepartments: NamedRef[];
  responsible: NamedRef | null;
  status: MatterStatus;
  statusName: string;
  timelinessName: string;
  lightName: string;
  periodic: boolean;
  ruleCode: string | null;
  documentId: number | null;
  meetingId: number | null;
  assignedAt: string;
  acceptedAt: string | null;
  completedAt: string | null;
  completedOnTime: boolean | null;
  reply: string | null;
  outcomeClass: 'A' | 'B' | 'C' | 'D' | null;
  outcomeName: string | null;
  metDeputy: boolean | null;
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  satisfactionName: string | null;
  proposer: string | null;
  urgeCount: number;
  deadline: DeadlineView | null;
}

export interface MatterDetail extends MatterView {
  periods: {
    id: number;
    period: string;
    dueDate: string | null;
    reportId: number | null;
    reportedAt: string | null;
    metOnTime: boolean | null;
  }[];
  reports: {
    id: number;
    userId: string;
    userName: string;
    content: string;
    attachments: { name: string; url: string }[];
    reportedAt: string;
    period: string | null;
  }[];
  extensions: {
    id: number;
    requestedBy: NamedRef;
    reason: string;
    amount: number;
    unit: string;
    requestedAt: string;
    previousDueAt: string;
    requestedDueAt: string;
    grantedDueAt: string | null;
    status: 'pending' | 'approved' | 'refused';
    decidedBy: NamedRef | null;
    decidedAt: string | null;
    decisionNote: string | null;
  }[];
  evaluations: { id: number; evaluator: NamedRef; grade: string; gradeName: string; comment: string | null }[];
  /** How the matter's deadline may be extended (its rule's policy, or the one for dates a person set); null: never. */
  extensionPolicy: { unit: string; maxAmount: number; maxTimes: number; approverRole: string } | null;
  history: {
    at: string;
    actor: string;
    actorName: string;
    action: string;
    before: JsonObject | null;
    after: JsonObject | null;
    reason: string | null;
  }[];
}

const TITLE_MAX = 300;
const CONTENT_MAX = 20000;
/** A matter registered afterwards (补录) may go back this far at most. */
const BACKDATE_MAX_DAYS = 400;
const MAX_RETRIES = 8;

const isOffice = (actor: Actor) => actor.roles.some((r) => r.role === 'supervision_office' || r.role === 'admin');
const isAdmin = (actor: Actor) => actor.roles.some((r) => r.role === 'admin');
const seesAll = (actor: Actor) =>
  actor.roles.some((r) => r.role === 'supervision_office' || r.role === 'leader' || r.role === 'admin');

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function isDeadlock(err: unknown): boolean {
  const driver = (err as { driverError?: { code?: string } }).driverError ?? err;
  return (driver as { code?: string }).code === 'ER_LOCK_DEADLOCK';
}

function deadlineView(row: Deadline | undefined | null): DeadlineView | null {
  if (!row) return null;
  return {
    id: row.id,
    ruleCode: row.ruleCode,
    dueDate: row.dueDate,
    dueAt: row.dueAt.toISOString(),
    originalDueDate: row.originalDueDate,
    originalDueAt: row.originalDueAt.toISOString(),
    extended: (row.extensions?.length ?? 0) > 0,
    status: row.status,
    metOnTime: row.metOnTime,
  };
}

/** Names of departments and users, loaded once per call. */
class Names {
  constructor(
    readonly departments: Map<string, Department>,
    readonly users: Map<string, User>,
  ) {}

  static async load(manager: EntityManager, userIds: Iterable<string | null | undefined> = []): Promise<Names> {
    const departments = await manager.getRepository(Department).find();
    const ids = [...new Set([...userIds].filter((id): id is string => !!id))];
    const users = ids.length ? await manager.getRepository(User).findBy({ id: In(ids) }) : [];
    return new Names(new Map(departments.map((d) => [d.id, d])), new Map(users.map((u) => [u.id, u])));
  }

  department(id: string): NamedRef {
    return { id, name: this.departments.get(id)?.name ?? id };
  }

  user(id: string | null): NamedRef | null {
    return id ? { id, name: this.users.get(id)?.name ?? id } : null;
  }
}

/**
 * 督查督办: matters from every source, from assignment to evaluation. Each write runs in one transaction that
 * validates everything first, writes the matter, its deadline(s), the audit rows and any outbox notification
 * together, so a refusal changes nothing. Every `…In(manager, …)` method runs inside a caller's transaction (the
 * demo seed, an import, another area turning a meeting decision into a matter).
 */
export class SupervisionService {
  private clock: () => Date;

  /** False for historical data (the demo seed): no outbox notification is written. */
  readonly notifications: boolean;

  constructor(
    private readonly db: () => DataSource,
    readonly deadlines: DeadlineService,
    clock: () => Date = () => new Date(),
    options: { notifications?: boolean } = {},
  ) {
    this.clock = clock;
    this.notifications = options.notifications ?? true;
  }

  /** The service's notion of now: real time, unless a test or the demo seed pins it. */
  now(): Date {
    return this.clock();
  }

  /** Pins (or with null, releases) the clock: for tests and the demo seed only. */
  useClock(clock: (() => Date) | null): void {
    this.clock = clock ?? (() => new Date());
  }

  /** Runs a write transaction, again when the numbering raced another writer (unique index) or deadlocked. */
  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db().transaction(work);
      } catch (err) {
        if (attempt < MAX_RETRIES && (isUniqueViolation(err) || isDeadlock(err))) continue;
        throw err;
      }
    }
  }

  // ---- assignment -------------------------------------------------------------------------------------------

  async assign(actor: Actor, input: AssignInput): Promise<MatterView> {
    this.requireOffice(actor, '只有督查室可以交办督办事项');
    return this.write(async (manager) => {
      const matter = await this.assignIn(manager, actor.id, input);
      return this.viewIn(manager, matter);
    });
  }

  /** Validates, numbers and stores a new matter with its deadline(s), audited, in the caller's transaction. */
  async assignIn(manager: EntityManager, actorId: string, input: AssignInput, options: WriteOptions = {}) {
    const checked = await this.validateAssign(manager, input);
    return this.assignCheckedIn(manager, actorId, checked, options);
  }

  /** Everything `assignIn` refuses, without writing (the import reports these per row). */
  async validateAssign(manager: EntityManager, input: AssignInput): Promise<CheckedAssign> {
    const now = this.now();
    if (!MATTER_SOURCES.includes(input.source)) {
      throw new SupervisionError('invalid_input', `事项来源“${String(input.source)}”无效`);
    }
    const info = SOURCES[input.source];
    const title = (input.title ?? '').trim();
    if (title.length < 2 || title.length > TITLE_MAX) {
      throw new SupervisionError('invalid_input', `事项标题应为 2 至 ${TITLE_MAX} 个字`);
    }
    const content = input.content?.trim() || null;
    if (content && content.length > CONTENT_MAX) {
      throw new SupervisionError('invalid_input', `事项内容不得超过 ${CONTENT_MAX} 字`);
    }
    const assignedAt = input.assignedAt ?? now;
    if (Number.isNaN(assignedAt.getTime()) || assignedAt.getTime() > now.getTime() + 60_000) {
      throw new SupervisionError('invalid_input', '交办时间不能晚于现在');
    }
    if (now.getTime() - assignedAt.getTime() > BACKDATE_MAX_DAYS * 86_400_000) {
      throw new SupervisionError('invalid_input', `补录的交办时间不能早于 ${BACKDATE_MAX_DAYS} 天前`);
    }
    checkPastInstant(assignedAt, now, '交办时间');
    const { lead, co } = await this.checkUnits(manager, input.leadDepartmentId, input.coDepartmentIds ?? []);
    const responsibleUserId = await this.checkResponsible(manager, lead.id, input.responsibleUserId ?? null);
    let assignedByUserId: string | null = null;
    if (input.assignedByUserId) {
      const leader = await manager.getRepository(User).findOneBy({ id: input.assignedByUserId });
      if (!leader) throw new SupervisionError('unknown_user', `交办领导“${input.assignedByUserId}”不存在`);
      assignedByUserId = leader.id;
    }
    const today = formatISODate(shanghaiDayNumber(now));
    const assignedDate = formatISODate(shanghaiDayNumber(assignedAt));
    let dueDate: string | null = null;
    if (input.dueDate) {
      if (input.source === 'petition') {
        throw new SupervisionError(
          'not_applicable',
          '信访事项的受理告知和办结时限由《信访工作条例》规定，不能人工设定办理期限',
        );
      }
      dueDate = checkPlannedDate(formatISODate(parseISODate(input.dueDate)), now, '办理期限');
      if (dueDate < today) {
        throw new SupervisionError('due_in_past', `办理期限 ${dueDate} 早于今天（${today}），不能设定已经过去的期限`);
      }
      if (dueDate < assignedDate) {
        throw new SupervisionError('due_in_past', `办理期限 ${dueDate} 早于交办日期 ${assignedDate}`);
      }
    } else if (info.periodic) {
      throw new SupervisionError('invalid_input', `${info.name}须设定完成期限（dueDate）`);
    }
    const ruleCode = dueDate ? null : info.ruleCode(input.urgent ?? false);
    if (ruleCode) this.deadlines.rule(ruleCode); // an unknown rule is a TimeLimitError here, before any write
    if (input.documentId != null && !(await manager.getRepository(Document).existsBy({ id: input.documentId }))) {
      throw new SupervisionError('invalid_input', `关联的公文（编号 ${input.documentId}）不存在`);
    }
    if (input.meetingId != null && !(await manager.getRepository(Meeting).existsBy({ id: input.meetingId }))) {
      throw new SupervisionError('invalid_input', `关联的会议（编号 ${input.meetingId}）不存在`);
    }
    const proposer = input.proposer?.trim() || null;
    if (proposer && proposer.length > 64) throw new SupervisionError('invalid_input', '提出人不得超过 64 字');
    return {
      source: input.source,
      title,
      content,
      assignedAt,
      assignedByUserId,
      lead: lead.id,
      co: co.map((d) => d.id),
      responsibleUserId,
      dueDate,
      ruleCode,
      urgent: input.urgent ?? false,
      documentId: input.documentId ?? null,
      meetingId: input.meetingId ?? null,
      proposer,
    };
  }

  /** Numbers and stores an assignment `validateAssign` passed, with its deadline(s), audited. */
  async assignCheckedIn(
    manager: EntityManager,
    actorId: string,
    c: CheckedAssign,
    options: WriteOptions,
  ): Promise<Matter> {
    const info = SOURCES[c.source];
    const year = civilDateOf(shanghaiDayNumber(c.assignedAt)).year;
    // The next number of the (year, source) series. Two writers may read the same maximum; the unique index
    // uq_matter_number then refuses the second, whose whole transaction `write` runs again.
    const row = await manager
      .getRepository(Matter)
      .createQueryBuilder('m')
      .select('MAX(m.sequence)', 'max')
      .where('m.year = :year AND m.source = :source', { year, source: c.source })
      .getRawOne<{ max: number | string | null }>();
    const sequence = Number(row?.max ?? 0) + 1;
    const result = await manager.insert(Matter, {
      year,
      source: c.source,
      sequence,
      number: formatMatterNumber(c.source, year, sequence),
      title: c.title,
      content: c.content,
      assignedByUserId: c.assignedByUserId,
      leadDepartmentId: c.lead,
      responsibleUserId: c.responsibleUserId,
      status: 'assigned',
      ruleCode: c.ruleCode,
      deadlineId: null,
      periodic: info.periodic,
      documentId: c.documentId,
      meetingId: c.meetingId,
      assignedAt: c.assignedAt,
      proposer: c.proposer,
      urgeCount: 0,
      createdByUserId: actorId,
    });
    const id = Number(result.identifiers[0]?.id);
    if (c.co.length)
      await manager.insert(
        MatterUnit,
        c.co.map((departmentId) => ({ matterId: id, departmentId })),
      );

    const common = {
      subjectType: 'matter' as const,
      subjectId: id,
      receivedAt: c.assignedAt,
      assigneeUserId: c.responsibleUserId,
      departmentId: c.lead,
    };
    const purpose = c.source === 'petition' ? 'acceptance_notice' : 'complete';
    const deadline = c.dueDate
      ? await this.deadlines.createExplicit(manager, { ...common, purpose, dueDate: c.dueDate })
      : await this.deadlines.create(manager, {
          ...common,
          purpose,
          ruleCode: c.ruleCode as string,
          urgent: c.urgent,
        });
    await manager.update(Matter, { id }, { deadlineId: deadline.id });
    if (info.periodic && c.dueDate) await this.createPeriods(manager, id, c, c.dueDate);

    const matter = await manager.getRepository(Matter).findOneByOrFail({ id });
    await audit(manager, {
      actor: actorId,
      action: 'matter.assigned',
      subjectType: 'matter',
      subjectId: id,
      after: {
        number: matter.number,
        source: c.source,
        title: c.title,
        leadDepartmentId: c.lead,
        coDepartmentIds: c.co,
        responsibleUserId: c.responsibleUserId,
        assignedByUserId: c.assignedByUserId,
        ruleCode: c.ruleCode,
        dueDate: deadline.dueDate,
        assignedAt: c.assignedAt.toISOString(),
      },
      at: this.now(),
    });
    if (options.notify !== false && c.responsibleUserId) {
      await this.notify(manager, {
        key: `assigned:${id}`,
        kind: 'assigned',
        recipientUserId: c.responsibleUserId,
        matterId: id,
        title: `新交办督办事项 ${matter.number}`,
        text: `${info.name}：${c.title}。办理期限：${deadline.dueDate}。请及时签收办理。`,
      });
    }
    return matter;
  }

  /** One period (YYYY-MM) per month from assignment to the due month, each with its report deadline. */
  private async createPeriods(manager: EntityManager, matterId: number, c: CheckedAssign, dueDate: string) {
    let month = monthOfDay(shanghaiDayNumber(c.assignedAt));
    const last = dueDate.slice(0, 7);
    while (month <= last) {
      const start = shanghaiInstant(firstDayOfMonth(month));
      const receivedAt = start.getTime() > c.assignedAt.getTime() ? start : c.assignedAt;
      const result = await manager.insert(MatterPeriod, { matterId, period: month, deadlineId: null, reportId: null });
      const periodId = Number(result.identifiers[0]?.id);
      const deadline = await this.deadlines.create(manager, {
        subjectType: 'matter_period',
        subjectId: periodId,
        purpose: 'report',
        ruleCode: KEY_WORK_REPORT_RULE,
        receivedAt,
        assigneeUserId: c.responsibleUserId,
        departmentId: c.lead,
      });
      await manager.update(MatterPeriod, { id: periodId }, { deadlineId: deadline.id });
      month = nextMonth(month);
    }
  }

  private async checkUnits(manager: EntityManager, leadId: string, coIds: string[]) {
    const ids = [leadId, ...coIds].map((id) => String(id ?? '').trim());
    const found = ids.length ? await manager.getRepository(Department).findBy({ id: In(ids.filter(Boolean)) }) : [];
    const byId = new Map(found.map((d) => [d.id, d]));
    const lead = byId.get(ids[0] ?? '');
    if (!lead || lead.kind === 'leadership') {
      throw new SupervisionError('unknown_unit', `牵头单位“${leadId}”不存在或不能承办督办事项`);
    }
    const co: Department[] = [];
    for (const id of ids.slice(1)) {
      const unit = byId.get(id);
      if (!unit || unit.kind === 'leadership') {
        throw new SupervisionError('unknown_unit', `协办单位“${id}”不存在或不能承办督办事项`);
      }
      if (id === lead.id) throw new SupervisionError('invalid_input', `${lead.name}已是牵头单位，不能同时为协办单位`);
      if (co.some((d) => d.id === id)) throw new SupervisionError('invalid_input', `协办单位“${unit.name}”重复`);
      co.push(unit);
    }
    return { lead, co };
  }

  /** The responsible person must belong to the lead unit; by default the unit's head. */
  private async checkResponsible(manager: EntityManager, leadId: string, userId: string | null) {
    if (!userId) {
      const head = await manager.getRepository(UserDepartment).findOneBy({ departmentId: leadId, isHead: true });
      return head?.userId ?? null;
    }
    const user = await manager.getRepository(User).findOneBy({ id: userId });
    if (!user?.active) throw new SupervisionError('unknown_user', `责任人“${userId}”不存在或已停用`);
    const member = await manager.getRepository(UserDepartment).existsBy({ userId, departmentId: leadId });
    if (!member) throw new SupervisionError('invalid_input', `责任人${user.name}不属于牵头单位`);
    return userId;
  }

  // ---- the unit's steps -----------------------------------------------------------------------------------

  /** 签收. For 信访: 受理告知 — closes the notice deadline and starts the 60-day completion deadline. */
  accept(actor: Actor, id: number, note?: string | null): Promise<MatterView> {
    return this.write(async (manager) => this.viewIn(manager, await this.acceptIn(manager, actor, id, note)));
  }

  async acceptIn(manager: EntityManager, actor: Actor, id: number, note?: string | null): Promise<Matter> {
    const matter = await this.lock(manager, id);
    await this.requireLeadUnit(manager, actor, matter);
    if (matter.status !== 'assigned') {
      throw new SupervisionError('invalid_state', `该事项当前为“${STATUS_NAMES[matter.status]}”，不能签收`);
    }
    const now = this.now();
    const changes: Partial<Matter> = { status: 'accepted', acceptedAt: now };
    if (matter.source === 'petition' && matter.deadlineId) {
      const notice = await this.deadlines.close(manager, matter.deadlineId, now);
      const complete = await this.deadlines.create(manager, {
        subjectType: 'matter',
        subjectId: matter.id,
        purpose: 'complete',
        ruleCode: PETITION_COMPLETE_RULE,
        receivedAt: now,
        assigneeUserId: matter.responsibleUserId,
        departmentId: matter.leadDepartmentId,
      });
      changes.deadlineId = complete.id;
      changes.ruleCode = PETITION_COMPLETE_RULE;
      await manager.insert(ProgressReport, {
        matterId: id,
        periodId: null,
        userId: actor.id,
        content: `受理告知${notice.metOnTime ? '' : '（逾期）'}：${note?.trim() || '已决定受理并告知信访人'}`,
        attachments: null,
        reportedAt: now,
      });
    }
    await manager.update(Matter, { id }, changes);
    await audit(manager, {
      actor: actor.id,
      action: 'matter.accepted',
      subjectType: 'matter',
      subjectId: id,
      before: { status: matter.status },
      after: { status: 'accepted', ...(changes.ruleCode ? { ruleCode: changes.ruleCode } : {}) },
      reason: note?.trim() || null,
      at: now,
    });
    return manager.getRepository(Matter).findOneByOrFail({ id });
  }

  reportProgress(actor: Actor, id: number, input: ProgressInput): Promise<MatterView> {
    return this.write(async (manager) => this.viewIn(manager, await this.reportProgressIn(manager, actor, id, input)));
  }

  async reportProgressIn(manager: EntityManager, actor: Actor, id: number, input: ProgressInput): Promise<Matter> {
    const matter = await this.lock(manager, id);
    await this.requireUnit(manager, actor, matter, true);
    if (matter.status === 'assigned') throw new SupervisionError('invalid_state', '请先签收该事项，再报送进展');
    if (matter.status !== 'accepted' && matter.status !== 'in_progress') {
      throw new SupervisionError('invalid_state', `该事项当前为“${STATUS_NAMES[matter.status]}”，不能报送进展`);
    }
    const content = (input.content ?? '').trim();
    if (content.length < 2 || content.length > CONTENT_MAX) {
      throw new SupervisionError('invalid_input', `进展情况应为 2 至 ${CONTENT_MAX} 个字`);
    }
    const attachments = (input.attachments ?? []).map((a) => ({
      name: a.name?.trim() ?? '',
      url: a.url?.trim() ?? '',
    }));
    for (const a of attachments) {
      if (!a.name || !/^https?:\/\/\S+$/.test(a.url)) {
        throw new SupervisionError('invalid_input', '附件须有名称和以 http(s):// 开头的链接');
      }
    }
    const now = this.now();
    let period: MatterPeriod | null = null;
    if (matter.periodic) {
      const periods = await manager
        .getRepository(MatterPeriod)
        .find({ where: { matterId: id }, order: { period: 'ASC' } });
      if (input.period) {
        checkPlannedDate(formatISODate(firstDayOfMonth(input.period)), now, '报送期');
        period = periods.find((p) => p.period === input.period) ?? null;
        if (!period) throw new SupervisionError('invalid_input', `该事项没有 ${input.period} 的报送期`);
        if (period.reportId) throw new SupervisionError('invalid_state', `${input.period} 的进展已报送`);
      } else {
        const current = monthOfDay(shanghaiDayNumber(now));
        period = periods.find((p) => !p.reportId && p.period <= current) ?? null;
      }
    } else if (input.period) {
      throw new SupervisionError('invalid_input', '该事项不是按月报送的事项，无需指定报送期');
    }
    const result = await manager.insert(ProgressReport, {
      matterId: id,
      periodId: period?.id ?? null,
      userId: actor.id,
      content,
      attachments: attachments.length ? attachments : null,
      reportedAt: now,
    });
    const reportId = Number(result.identifiers[0]?.id);
    if (period) {
      await manager.update(MatterPeriod, { id: period.id }, { reportId });
      if (period.deadlineId) await this.deadlines.close(manager, period.deadlineId, now);
    }
    if (matter.status === 'accepted') await manager.update(Matter, { id }, { status: 'in_progress' });
    await audit(manager, {
      actor: actor.id,
      action: 'matter.progress_reported',
      subjectType: 'matter',
      subjectId: id,
      before: { status: matter.status },
      after: { status: 'in_progress', reportId, period: period?.period ?? null, attachments: attachments.length },
      at: now,
    });
    return manager.getRepository(Matter).findOneByOrFail({ id });
  }

  /** 延期申请: checked under the rule at once (before expiry, caps), decided later by the supervision office. */
  requestExtension(actor: Actor, id: number, input: { amount: number; reason: string }): Promise<MatterView> {
    return this.write(async (manager) =>
      this.viewIn(manager, await this.requestExtensionIn(manager, actor, id, input)),
    );
  }

  async requestExtensionIn(
    manager: EntityManager,
    actor: Actor,
    id: number,
    input: { amount: number; reason: string },
  ): Promise<Matter> {
    const matter = await this.lock(manager, id);
    await this.requireLeadUnit(manager, actor, matter);
    if (matter.status === 'assigned') throw new SupervisionError('invalid_state', '请先签收该事项，再申请延期');
    if (matter.status !== 'accepted' && matter.status !== 'in_progress') {
      throw new SupervisionError('invalid_state', `该事项当前为“${STATUS_NAMES[matter.status]}”，不能申请延期`);
    }
    const pending = await manager.getRepository(ExtensionRequest).existsBy({ matterId: id, status: 'pending' });
    if (pending) throw new SupervisionError('extension_pending', '该事项已有待审批的延期申请');
    const deadline = matter.deadlineId
      ? await manager.getRepository(Deadline).findOneBy({ id: matter.deadlineId })
      : null;
    if (!deadline) throw new SupervisionError('not_applicable', '该事项没有办理期限，无需延期');
    const policy = this.deadlines.extensionPolicyOf(deadline);
    const now = this.now();
    const preview = this.deadlines.previewExtension(deadline, {
      amount: input.amount,
      unit: policy?.unit,
      requestedAt: now,
      approverRole: policy?.approverRole ?? 'supervision_office',
      reason: input.reason,
    });
    checkPlannedDate(preview.dueDate, now, '延期后的办理期限');
    const result = await manager.insert(ExtensionRequest, {
      matterId: id,
      requestedByUserId: actor.id,
      reason: input.reason.trim(),
      amount: input.amount,
      unit: preview.unit,
      requestedAt: now,
      previousDueAt: deadline.dueAt,
      requestedDueAt: preview.dueAt,
      grantedDueAt: null,
      status: 'pending',
    });
    const requestId = Number(result.identifiers[0]?.id);
    await audit(manager, {
      actor: actor.id,
      action: 'matter.extension_requested',
      subjectType: 'matter',
      subjectId: id,
      after: {
        requestId,
        amount: input.amount,
        unit: preview.unit,
        previousDueDate: deadline.dueDate,
        requestedDueDate: preview.dueDate,
      },
      reason: input.reason.trim(),
      at: now,
    });
    return manager.getRepository(Matter).findOneByOrFail({ id });
  }

  /**
   * Approves (under the rule: the request must have come before expiry, caps, the approver's role — 督查室, or a
   * 区政府领导 for 信访's 本机关负责人) or refuses an extension request. The original deadline is kept for assessment.
   */
  decideExtension(
    actor: Actor,
    id: number,
    requestId: number,
    input: { approve: boolean; note?: string | null; amount?: number | null },
  ): Promise<MatterView> {
    return this.write(async (manager) =>
      this.viewIn(manager, await this.decideExtensionIn(manager, actor, id, requestId, input)),
    );
  }

  async decideExtensionIn(
    manager: EntityManager,
    actor: Actor,
    id: number,
    requestId: number,
    input: { approve: boolean; note?: string | null; amount?: number | null },
  ): Promise<Matter> {
    const matter = await this.lock(manager, id);
    const request = await manager.getRepository(ExtensionRequest).findOneBy({ id: requestId, matterId: id });
    if (!request) throw new SupervisionError('not_found', '没有这条延期申请');
    if (request.status !== 'pending') {
      throw new SupervisionError('invalid_state', `该延期申请已${request.status === 'approved' ? '批准' : '驳回'}`);
    }
    if (!OPEN_STATUSES.includes(matter.status)) {
      throw new SupervisionError('invalid_state', `该事项当前为“${STATUS_NAMES[matter.status]}”，不能审批延期`);
    }
    const note = input.note?.trim() || null;
    const now = this.now();
    const deadline = await manager.getRepository(Deadline).findOneByOrFail({ id: matter.deadlineId ?? 0 });
    const rule = deadline.ruleCode ? this.deadlines.rule(deadline.ruleCode) : null;
    const approverRole = this.deadlines.extensionPolicyOf(deadline)?.approverRole ?? 'supervision_office';
    const mayDecide =
      isAdmin(actor) ||
      (approverRole === 'organ_head'
        ? actor.roles.some((r) => r.role === 'leader')
        : actor.roles.some((r) => r.role === 'supervision_office'));
    if (!mayDecide) {
      throw new SupervisionError(
        'forbidden',
        approverRole === 'organ_head'
          ? `${rule?.name ?? '该事项'}的延期须经本机关负责人（区政府领导）批准`
          : '延期申请由督查室审批',
      );
    }
    if (!input.approve) {
      if (!note || note.length < 2) throw new SupervisionError('invalid_input', '驳回延期申请须说明理由');
      await manager.update(
        ExtensionRequest,
        { id: requestId },
        { status: 'refused', decidedByUserId: actor.id, decidedAt: now, decisionNote: note },
      );
      await audit(manager, {
        actor: actor.id,
        action: 'matter.extension_refused',
        subjectType: 'matter',
        subjectId: id,
        before: { requestId, status: 'pending' },
        after: { requestId, status: 'refused' },
        reason: note,
        at: now,
      });
      await this.notify(manager, {
        key: `extension:${requestId}:refused`,
        kind: 'extension_decision',
        recipientUserId: request.requestedByUserId,
        matterId: id,
        title: `延期申请未获批准 ${matter.number}`,
        text: `${matter.title}：延期申请未获批准（${note}），请按原期限办结。`,
      });
      return manager.getRepository(Matter).findOneByOrFail({ id });
    }
    const amount = input.amount ?? request.amount;
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > request.amount) {
      throw new SupervisionError('invalid_input', `批准的延期时长应为 1 至 ${request.amount}（申请的时长）`);
    }
    const extended = await this.deadlines.extend(manager, deadline.id, {
      amount,
      unit: request.unit,
      requestedAt: request.requestedAt,
      approverRole,
      approvedBy: actor.id,
      reason: request.reason,
    });
    await manager.update(
      ExtensionRequest,
      { id: requestId },
      {
        status: 'approved',
        decidedByUserId: actor.id,
        decidedAt: now,
        decisionNote: note,
        grantedDueAt: extended.dueAt,
      },
    );
    await audit(manager, {
      actor: actor.id,
      action: 'matter.extension_approved',
      subjectType: 'matter',
      subjectId: id,
      before: { requestId, status: 'pending', dueDate: deadline.dueDate },
      after: {
        requestId,
        status: 'approved',
        amount,
        dueDate: extended.dueDate,
        originalDueDate: extended.originalDueDate,
      },
      reason: note,
      at: now,
    });
    await this.notify(manager, {
      key: `extension:${requestId}:approved`,
      kind: 'extension_decision',
      recipientUserId: request.requestedByUserId,
      matterId: id,
      title: `延期申请已批准 ${matter.number}`,
      text: `${matter.title}：办理期限延至 ${extended.dueDate}。`,
    });
    return manager.getRepository(Matter).findOneByOrFail({ id });
  }

  /** 办结, with the reply; 建议/提案 also with the outcome class and whether the unit met the deputy. */
  complete(actor: Actor, id: number, input: CompleteInput): Promise<MatterView> {
    return this.write(async (manager) => this.viewIn(manager, await this.completeIn(manager, actor, id, input)));
  }

  async completeIn(manager: EntityManager, actor: Actor, id: number, input: CompleteInput): Promise<Matter> {
    const matter = await this.lock(manager, id);
    await this.requireLeadUnit(manager, actor, matter);
    if (matter.status === 'assigned') throw new SupervisionError('invalid_state', '请先签收该事项，再办结');
    if (matter.status !== 'accepted' && matter.status !== 'in_progress') {
      throw new SupervisionError('invalid_state', `该事项当前为“${STATUS_NAMES[matter.status]}”，不能办结`);
    }
    const reply = (input.reply ?? '').trim();
    if (reply.length < 2 || reply.length > CONTENT_MAX) {
      throw new SupervisionError('invalid_input', `办理结果（答复）应为 2 至 ${CONTENT_MAX} 个字`);
    }
    const info = SOURCES[matter.source];
    if (info.deputyFeedback) {
      if (!input.outcomeClass || !Object.hasOwn(OUTCOME_NAMES, input.outcomeClass)) {
        throw new SupervisionError('invalid_input', `${info.name}办结须选择答复类别（A/B/C/D）`);
      }
      if (typeof input.metDeputy !== 'boolean') {
        throw new SupervisionError('invalid_input', `${info.name}办结须说明是否与代表委员见面沟通`);
      }
    } else if (input.outcomeClass || input.metDeputy != null) {
      throw new SupervisionError('invalid_input', '只有人大建议、政协提案有答复类别和见面沟通');
    }
    const now = this.now();
    const deadline = matter.deadlineId ? await this.deadlines.close(manager, matter.deadlineId, now) : null;
    const completedOnTime = deadline ? now.getTime() <= deadline.originalDueAt.getTime() : true;
    // Report periods still open end with the matter.
    const periods = await manager.getRepository(MatterPeriod).findBy({ matterId: id });
    for (const p of periods) if (p.deadlineId && !p.reportId) await this.deadlines.close(manager, p.deadlineId, now);
    const pending = await manager.getRepository(ExtensionRequest).findBy({ matterId: id, status: 'pending' });
    for (const r of pending) {
      await manager.update(
        ExtensionRequest,
        { id: r.id },
        { status: 'refused', decidedAt: now, decisionNote: '事项已办结，延期申请自动撤销' },
      );
    }
    const changes = {
      status: 'completed' as const,
      completedAt: now,
      completedOnTime,
      reply,
      outcomeClass: info.deputyFeedback ? (input.outcomeClass ?? null) : null,
      metDeputy: info.deputyFeedback ? (input.metDeputy ?? null) : null,
    };
    await manager.update(Matter, { id }, changes);
    await audit(manager, {
      actor: actor.id,
      action: 'matter.completed',
      subjectType: 'matter',
      subjectId: id,
      before: { status: matter.status },
      after: {
        status: 'completed',
        completedOnTime,
        metDeadlineInForce: deadline?.metOnTime ?? null,
        outcomeClass: changes.outcomeClass,
        metDeputy: changes.metDeputy,
      },
      at: now,
    });
    return manager.getRepository(Matter).findOneByOrFail({ id });
  }

  /** 退回: the lead unit sends a matter back to the supervision office (not its remit), with the reason. */
  returnMatter(actor: Actor, id: number, reason: string): Promise<MatterView> {
    return this.write(async (manager) => this.viewIn(manager, await this.returnMatterIn(manager, actor, id, reason)));
  }

  async returnMatterIn(manager: EntityManager, actor: Actor, id: number, reason: string): Promise<Matter> {
    const matter = await this.lock(manager, id);
    await this.requireLeadUnit(manager, actor, matter);
    if (matter.status !== 'assigned' && matter.status !== 'accepted') {
      throw new SupervisionError('invalid_state', `该事项当前为“${STATUS_NAMES[matter.status]}”，不能退回`);
    }
    const why = (reason ?? '').trim();
    if (why.length < 2) throw new SupervisionError('invalid_input', '退回须说明理由');
    await manager.update(Matter, { id }, { status: 'returned' });
    await audit(manager, {
      actor: actor.id,
      action: 'matter.returned',
      subjectType: 'matter',
      subjectId: id,
      before: { status: matter.status, leadDepartmentId: matter.leadDepartmentId },
      after: { status: 'returned' },
      reason: why,
      at: this.now(),
    });
    return manager.getRepository(Matter).findOneByOrFail({ id });
  }

  // ---- the supervision office's steps ---------------------------------------------------------------------

  /**
   * 退回重办: 督查室 sends a completed matter back to its lead unit before evaluating it. The matter is in progress
   * again against the same deadline (overdue at once if that has passed); the reply given is kept in the history.
   */
  async redo(actor: Actor, id: number, reason: string): Promise<MatterView> {
    this.requireOffice(actor, '只有督查室可以退回重办');
    return this.write(async (manager) => this.viewIn(manager, await this.redoIn(manager, actor.id, id, reason)));
  }

  async redoIn(manager: EntityManager, actorId: string, id: number, reason: string): Promise<Matter> {
    const matter = await this.lock(manager, id);
    if (matter.status !== 'completed') {
      throw new SupervisionError(
        'invalid_state',
        `该事项当前为“${STATUS_NAMES[matter.status]}”，只有已办结未评价的事项可以退回重办`,
      );
    }
    const why = (reason ?? '').trim();
    if (why.length < 2) throw new SupervisionError('invalid_input', '退回重办须说明理由');
    const now = this.now();
    if (matter.deadlineId) await this.deadlines.reopen(manager, matter.deadlineId);
    await manager.update(
      Matter,
      { id },
      {
        status: 'in_progress',
        completedAt: null,
        completedOnTime: null,
        reply: null,
        outcomeClass: null,
        metDeputy: null,
      },
    );
    await audit(manager, {
      actor: actorId,
      action: 'matter.redo',
      subjectType: 'matter',
      subjectId: id,
      before: { status: 'completed', reply: matter.reply, completedOnTime: matter.completedOnTime },
      after: { status: 'in_progress' },
      reason: why,
      at: now,
    });
    const recipient = matter.responsibleUserId ?? (await this.unitHeadOf(manager, matter.leadDepartmentId));
    if (recipient) {
      await this.notify(manager, {
        key: `redo:${id}:${now.getTime()}`,
        kind: 'redo',
        recipientUserId: recipient,
        matterId: id,
        title: `督办事项退回重办 ${matter.number}`,
        text: `${matter.title}：督查室退回重办（${why}），请重新办理并按期办结。`,
      });
    }
    return manager.getRepository(Matter).findOneByOrFail({ id });
  }

  /** 改派: another lead unit (and co-units, responsible person); the deadline and the history stay. */
  async reassign(actor: Actor, id: number, input: ReassignInput): Promise<MatterView> {
    this.requireOffice(actor, '只有督查室可以改派督办事项');
    return this.write(async (manager) => this.viewIn(manager, await this.reassignIn(manager, actor, id, input)));
  }

  async reassignIn(manager: EntityManager, actor: Actor, id: number, input: ReassignInput): Promise<Matter> {
    const matter = await this.lock(manager, id);
    if (!OPEN_STATUSES.includes(matter.status)) {
      throw new SupervisionError('invalid_state', `该事项当前为“${STATUS_NAMES[matter.status]}”，不能改派`);
    }
    const why = (input.reason ?? '').trim();
    if (why.length < 2) throw new SupervisionError('invalid_input', '改派须说明理由');
    const { lead, co } = await this.checkUnits(manager, input.leadDepartmentId, input.coDepartmentIds ?? []);
    const responsibleUserId = await this.checkResponsible(manager, lead.id, input.responsibleUserId ?? null);
    const beforeCo = (await manager.getRepository(MatterUnit).findBy({ matterId: id })).map((u) => u.departmentId);
    await manager.delete(MatterUnit, { matterId: id });
    if (co.length)
      await manager.insert(
        MatterUnit,
        co.map((d) => ({ matterId: id, departmentId: d.id })),
      );
    await manager.update(
      Matter,
      { id },
      { leadDepartmentId: lead.id, responsibleUserId, status: 'assigned', acceptedAt: null },
    );
    const periods = await manager.getRepository(MatterPeriod).findBy({ matterId: id });
    const deadlineIds = [matter.deadlineId, ...periods.map((p) => p.deadlineId)].filter((d): d is number => !!d);
    if (deadlineIds.length) {
      await manager.update(
        Deadline,
        { id: In(deadlineIds), status: 'open' },
        { departmentId: lead.id, assigneeUserId: responsibleUserId },
      );
    }
    await audit(manager, {
      actor: actor.id,
      action: 'matter.reassigned',
      subjectType: 'matter',
      subjectId: id,
      before: {
        status: matter.status,
        leadDepartmentId: matter.leadDepartmentId,
        coDepartmentIds: beforeCo,
        responsibleUserId: matter.responsibleUserId,
      },
      after: {
        status: 'assigned',
        leadDepartmentId: lead.id,
        coDepartmentIds: co.map((d) => d.id),
        responsibleUserId,
      },
      reason: why,
      at: this.now(),
    });
    if (responsibleUserId) {
      const n = (await manager.getRepository(AuditLog).countBy({
        subjectType: 'matter',
        subjectId: String(id),
        action: 'matter.reassigned',
      })) as number;
      await this.notify(manager, {
        key: `reassigned:${id}:${n}`,
        kind: 'assigned',
        recipientUserId: responsibleUserId,
        matterId: id,
        title: `改派督办事项 ${matter.number}`,
        text: `${matter.title}：已改由${lead.name}牵头办理，请及时签收。`,
      });
    }
    return manager.getRepository(Matter).findOneByOrFail({ id });
  }

  /** 催办: one more urge, audited, and a work notice to the responsible person (an outbox row). */
  async urge(actor: Actor, id: number, note?: string | null, options: WriteOptions = {}): Promise<MatterView> {
    this.requireOffice(actor, '只有督查室可以催办');
    return this.write(async (manager) => this.viewIn(manager, await this.urgeIn(manager, actor.id, id, note, options)));
  }

  async urgeIn(manager: EntityManager, actorId: string, id: number, note?: string | null, options: WriteOptions = {}) {
    const matter = await this.lock(manager, id);
    if (matter.status !== 'assigned' && matter.status !== 'accepted' && matter.status !== 'in_progress') {
      throw new SupervisionError('invalid_state', `该事项当前为“${STATUS_NAMES[matter.status]}”，无需催办`);
    }
    await manager
      .createQueryBuilder()
      .update(Matter)
      .set({ urgeCount: () => 'urge_count + 1' })
      .where('id = :id', { id })
      .execute();
    const updated = await manager.getRepository(Matter).findOneByOrFail({ id });
    const now = this.now();
    const text = note?.trim() || null;
    await audit(manager, {
      actor: actorId,
      action: 'matter.urged',
      subjectType: 'matter',
      subjectId: id,
      before: { urgeCount: matter.urgeCount },
      after: { urgeCount: updated.urgeCount, leadDepartmentId: matter.leadDepartmentId },
      reason: text,
      at: now,
    });
    const recipient = matter.responsibleUserId ?? (await this.unitHeadOf(manager, matter.leadDepartmentId));
    if (options.notify !== false && recipient) {
      const deadline = matter.deadlineId
        ? await manager.getRepository(Deadline).findOneBy({ id: matter.deadlineId })
        : null;
      await this.notify(manager, {
        key: `urge:${id}:${updated.urgeCount}`,
        kind: 'urge',
        recipientUserId: recipient,
        matterId: id,
        title: `督办催办 ${matter.number}`,
        text:
          `${matter.title}${deadline ? `（办理期限 ${deadline.dueDate}）` : ''}：督查室第 ${updated.urgeCount} 次催办，` +
          `请抓紧办理并及时反馈。${text ? `催办意见：${text}` : ''}`,
      });
    }
    return updated;
  }

  /** 建议/提案: the deputy's satisfaction (征询意见), and whether the unit met them, recorded by the office. */
  async recordFeedback(
    actor: Actor,
    id: number,
    input: { satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied'; metDeputy?: boolean | null },
  ): Promise<MatterView> {
    this.requireOffice(actor, '代表委员满意度由督查室登记');
    return this.write(async (manager) => this.viewIn(manager, await this.recordFeedbackIn(manager, actor, id, input)));
  }

  async recordFeedbackIn(
    manager: EntityManager,
    actor: Actor,
    id: number,
    input: { satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied'; metDeputy?: boolean | null },
  ): Promise<Matter> {
    const matter = await this.lock(manager, id);
    const info = SOURCES[matter.source];
    if (!info.deputyFeedback) throw new SupervisionError('not_applicable', '只有人大建议、政协提案登记满意度');
    if (!DONE_STATUSES.includes(matter.status)) {
      throw new SupervisionError('invalid_state', '尚未办复的建议提案不能登记满意度');
    }
    if (!Object.hasOwn(SATISFACTION_NAMES, input.satisfaction)) {
      throw new SupervisionError('invalid_input', '满意度应为满意、基本满意或不满意');
    }
    const changes = {
      satisfaction: input.satisfaction,
      ...(typeof input.metDeputy === 'boolean' ? { metDeputy: input.metDeputy } : {}),
    };
    await manager.update(Matter, { id }, changes);
    await audit(manager, {
      actor: actor.id,
      action: 'matter.feedback_recorded',
      subjectType: 'matter',
      subjectId: id,
      before: { satisfaction: matter.satisfaction, metDeputy: matter.metDeputy },
      after: changes,
      at: this.now(),
    });
    return manager.getRepository(Matter).findOneByOrFail({ id });
  }

  /** 评价: only a completed matter; once. */
  async evaluate(
    actor: Actor,
    id: number,
    input: { grade: 'excellent' | 'good' | 'fair' | 'poor'; comment?: string | null },
  ): Promise<MatterView> {
    this.requireOffice(actor, '只有督查室可以评价督办事项');
    return this.write(async (manager) => this.viewIn(manager, await this.evaluateIn(manager, actor.id, id, input)));
  }

  async evaluateIn(
    manager: EntityManager,
    actorId: string,
    id: number,
    input: { grade: 'excellent' | 'good' | 'fair' | 'poor'; comment?: string | null },
  ): Promise<Matter> {
    const matter = await this.lock(manager, id);
    if (matter.status === 'evaluated') throw new SupervisionError('invalid_state', '该事项已评价');
    if (matter.status !== 'completed') {
      throw new SupervisionError(
        'invalid_state',
        `该事项尚未办结（当前为“${STATUS_NAMES[matter.status]}”），办结后才能评价`,
      );
    }
    if (!Object.hasOwn(GRADE_NAMES, input.grade))
      throw new SupervisionError('invalid_input', '评价等次应为优秀、良好、一般或较差');
    const comment = input.comment?.trim() || null;
    const result = await manager.insert(Evaluation, {
      matterId: id,
      evaluatorUserId: actorId,
      grade: input.grade,
      comment,
    });
    await manager.update(Matter, { id }, { status: 'evaluated' });
    await audit(manager, {
      actor: actorId,
      action: 'matter.evaluated',
      subjectType: 'matter',
      subjectId: id,
      before: { status: 'completed' },
      after: { status: 'evaluated', grade: input.grade, evaluationId: Number(result.identifiers[0]?.id) },
      reason: comment,
      at: this.now(),
    });
    return manager.getRepository(Matter).findOneByOrFail({ id });
  }

  // ---- reading -------------------------------------------------------------------------------------------

  /** The matters the actor may see, filtered, newest first, with their status at a glance. */
  async list(actor: Actor, filter: MatterFilter = {}): Promise<{ total: number; matters: MatterView[] }> {
    const manager = this.db().manager;
    const qb = manager.getRepository(Matter).createQueryBuilder('m');
    if (!seesAll(actor)) {
      const units = [...(await this.unitsOf(manager, actor))];
      if (units.length === 0) return { total: 0, matters: [] };
      qb.andWhere(
        '(m.leadDepartmentId IN (:...units) OR m.id IN (SELECT mu.matter_id FROM matter_unit mu WHERE mu.department_id IN (:...units)))',
        { units },
      );
    }
    if (filter.source) qb.andWhere('m.source = :source', { source: filter.source });
    if (filter.status?.length) qb.andWhere('m.status IN (:...statuses)', { statuses: filter.status });
    if (filter.year) qb.andWhere('m.year = :year', { year: filter.year });
    if (filter.departmentId) {
      qb.andWhere(
        '(m.leadDepartmentId = :dept OR m.id IN (SELECT mu2.matter_id FROM matter_unit mu2 WHERE mu2.department_id = :dept))',
        { dept: filter.departmentId },
      );
    }
    if (filter.q?.trim()) {
      // `!` escapes LIKE's wildcards on both dialects (a backslash means different things in MySQL string literals).
      const like = `%${filter.q.trim().replace(/[!%_]/g, (c) => `!${c}`)}%`;
      qb.andWhere("(m.title LIKE :like ESCAPE '!' OR m.number LIKE :like ESCAPE '!')", { like });
    }
    qb.orderBy('m.assignedAt', 'DESC').addOrderBy('m.id', 'DESC');
    const matters = await qb.getMany();
    let views = await this.viewsIn(manager, matters);
    if (filter.timeliness) views = views.filter((v) => v.timeliness === filter.timeliness);
    if (filter.light) views = views.filter((v) => v.light === filter.light);
    const offset = filter.offset ?? 0;
    const limit = filter.limit ?? views.length;
    return { total: views.length, matters: views.slice(offset, offset + limit) };
  }

  /** Counts by status at a glance and by light, over what the actor may see. */
  async overview(actor: Actor, year?: number) {
    const { matters } = await this.list(actor, year ? { year } : {});
    const byTimeliness = Object.fromEntries(Object.keys(TIMELINESS_NAMES).map((k) => [k, 0])) as Record<
      Timeliness,
      number
    >;
    const byLight = { blue: 0, yellow: 0, red: 0 };
    for (const m of matters) {
      byTimeliness[m.timeliness]++;
      byLight[m.light]++;
    }
    return { total: matters.length, byTimeliness, byLight };
  }

  async get(actor: Actor, id: number): Promise<MatterDetail> {
    const manager = this.db().manager;
    const matter = await manager.getRepository(Matter).findOneBy({ id });
    if (!matter) throw new SupervisionError('not_found', '没有这个督办事项');
    // 会务 follow the decisions of the meetings they run.
    const fromMeeting = matter.meetingId !== null && actor.roles.some((r) => r.role === 'meeting_office');
    if (!seesAll(actor) && !fromMeeting) {
      await this.requireUnit(manager, actor, matter, true, '该事项不属于您所在单位，无权查看');
    }
    const [view] = await this.viewsIn(manager, [matter]);
    const periods = await manager
      .getRepository(MatterPeriod)
      .find({ where: { matterId: id }, order: { period: 'ASC' } });
    const reports = await manager
      .getRepository(ProgressReport)
      .find({ where: { matterId: id }, order: { reportedAt: 'ASC', id: 'ASC' } });
    const extensions = await manager
      .getRepository(ExtensionRequest)
      .find({ where: { matterId: id }, order: { id: 'ASC' } });
    const evaluations = await manager.getRepository(Evaluation).find({ where: { matterId: id }, order: { id: 'ASC' } });
    const periodDeadlineIds = periods.map((p) => p.deadlineId).filter((d): d is number => !!d);
    const matterDeadlines = await manager.getRepository(Deadline).findBy({ subjectType: 'matter', subjectId: id });
    const periodDeadlines = periodDeadlineIds.length
      ? await manager.getRepository(Deadline).findBy({ id: In(periodDeadlineIds) })
      : [];
    const deadlineById = new Map([...matterDeadlines, ...periodDeadlines].map((d) => [d.id, d]));
    const historyRows = await manager
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .where('(a.subjectType = :matter AND a.subjectId = :id)', { matter: 'matter', id: String(id) })
      .orWhere(matterDeadlines.length ? 'a.subjectType = :deadline AND a.subjectId IN (:...deadlineIds)' : '1 = 0', {
        deadline: 'deadline',
        deadlineIds: matterDeadlines.map((d) => String(d.id)),
      })
      // In the order written (a step's own rows, such as the deadline's, carry the real time of writing).
      .orderBy('a.id', 'ASC')
      .getMany();
    const names = await Names.load(manager, [
      ...reports.map((r) => r.userId),
      ...extensions.flatMap((e) => [e.requestedByUserId, e.decidedByUserId]),
      ...evaluations.map((e) => e.evaluatorUserId),
      ...historyRows.map((h) => h.actor),
    ]);
    const reportById = new Map(reports.map((r) => [r.id, r]));
    const periodById = new Map(periods.map((p) => [p.id, p]));
    const mainDeadline = matter.deadlineId ? deadlineById.get(matter.deadlineId) : undefined;
    const policy = mainDeadline ? this.deadlines.extensionPolicyOf(mainDeadline) : null;
    return {
      ...(view as MatterView),
      extensionPolicy: policy
        ? {
            unit: policy.unit,
            maxAmount: policy.maxAmount,
            maxTimes: policy.maxTimes,
            approverRole: policy.approverRole,
          }
        : null,
      periods: periods.map((p) => {
        const d = p.deadlineId ? deadlineById.get(p.deadlineId) : undefined;
        const report = p.reportId ? reportById.get(p.reportId) : undefined;
        return {
          id: p.id,
          period: p.period,
          dueDate: d?.dueDate ?? null,
          reportId: p.reportId,
          reportedAt: iso(report?.reportedAt),
          metOnTime: report ? (d?.metOnTime ?? null) : null,
        };
      }),
      reports: reports.map((r) => ({
        id: r.id,
        userId: r.userId,
        userName: names.user(r.userId)?.name ?? r.userId,
        content: r.content,
        attachments: r.attachments ?? [],
        reportedAt: r.reportedAt.toISOString(),
        period: r.periodId ? (periodById.get(r.periodId)?.period ?? null) : null,
      })),
      extensions: extensions.map((e) => ({
        id: e.id,
        requestedBy: names.user(e.requestedByUserId) as NamedRef,
        reason: e.reason,
        amount: e.amount,
        unit: e.unit,
        requestedAt: e.requestedAt.toISOString(),
        previousDueAt: e.previousDueAt.toISOString(),
        requestedDueAt: e.requestedDueAt.toISOString(),
        grantedDueAt: iso(e.grantedDueAt),
        status: e.status,
        decidedBy: names.user(e.decidedByUserId),
        decidedAt: iso(e.decidedAt),
        decisionNote: e.decisionNote,
      })),
      evaluations: evaluations.map((e) => ({
        id: e.id,
        evaluator: names.user(e.evaluatorUserId) as NamedRef,
        grade: e.grade,
        gradeName: GRADE_NAMES[e.grade],
        comment: e.comment,
      })),
      history: historyRows.map((h) => ({
        at: h.at.toISOString(),
        actor: h.actor,
        actorName: names.user(h.actor)?.name ?? h.actor,
        action: h.action,
        before: h.before,
        after: h.after,
        reason: h.reason,
      })),
    };
  }

  async viewIn(manager: EntityManager, matter: Matter): Promise<MatterView> {
    const fresh = await manager.getRepository(Matter).findOneByOrFail({ id: matter.id });
    const [view] = await this.viewsIn(manager, [fresh]);
    return view as MatterView;
  }

  async viewsIn(manager: EntityManager, matters: Matter[]): Promise<MatterView[]> {
    if (matters.length === 0) return [];
    const ids = matters.map((m) => m.id);
    const deadlineIds = matters.map((m) => m.deadlineId).filter((d): d is number => !!d);
    const deadlines = new Map<number, Deadline>();
    const units = new Map<number, string[]>();
    for (let i = 0; i < ids.length; i += 500) {
      const someDeadlines = deadlineIds.slice(i, i + 500);
      if (someDeadlines.length) {
        for (const d of await manager.getRepository(Deadline).findBy({ id: In(someDeadlines) })) deadlines.set(d.id, d);
      }
      for (const u of await manager.getRepository(MatterUnit).findBy({ matterId: In(ids.slice(i, i + 500)) })) {
        units.set(u.matterId, [...(units.get(u.matterId) ?? []), u.departmentId]);
      }
    }
    const names = await Names.load(
      manager,
      matters.flatMap((m) => [m.responsibleUserId, m.assignedByUserId]),
    );
    const now = this.now();
    return matters.map((m) => {
      const d = m.deadlineId ? deadlines.get(m.deadlineId) : undefined;
      const calendar = this.deadlines.calendar(d?.calendarScope);
      const c = classify(
        {
          status: m.status,
          completedAt: m.completedAt,
          dueAt: d?.dueAt ?? null,
          dueDate: d?.dueDate ?? null,
          originalDueAt: d?.originalDueAt ?? null,
          extended: (d?.extensions?.length ?? 0) > 0,
        },
        now,
        calendar,
      );
      return {
        id: m.id,
        number: m.number,
        year: m.year,
        sequence: m.sequence,
        source: m.source,
        sourceName: SOURCES[m.source].name,
        title: m.title,
        content: m.content,
        assignedBy: names.user(m.assignedByUserId),
        leadDepartment: names.department(m.leadDepartmentId),
        coDepartments: (units.get(m.id) ?? []).sort().map((u) => names.department(u)),
        responsible: names.user(m.responsibleUserId),
        status: m.status,
        statusName: STATUS_NAMES[m.status],
        ...c,
        timelinessName: TIMELINESS_NAMES[c.timeliness],
        lightName: LIGHT_NAMES[c.light],
        periodic: m.periodic,
        ruleCode: m.ruleCode,
        documentId: m.documentId,
        meetingId: m.meetingId,
        assignedAt: m.assignedAt.toISOString(),
        acceptedAt: iso(m.acceptedAt),
        completedAt: iso(m.completedAt),
        completedOnTime: m.completedOnTime,
        reply: m.reply,
        outcomeClass: m.outcomeClass,
        outcomeName: m.outcomeClass ? OUTCOME_NAMES[m.outcomeClass] : null,
        metDeputy: m.metDeputy,
        satisfaction: m.satisfaction,
        satisfactionName: m.satisfaction ? SATISFACTION_NAMES[m.satisfaction] : null,
        proposer: m.proposer,
        urgeCount: m.urgeCount,
        deadline: deadlineView(d),
      };
    });
  }

  // ---- access --------------------------------------------------------------------------------------------

  /** The units a user belongs to (memberships) or heads (unit_head scopes). */
  async unitsOf(manager: EntityManager, actor: Actor): Promise<Set<string>> {
    const memberships = await manager.getRepository(UserDepartment).findBy({ userId: actor.id });
    return new Set([
      ...memberships.map((m) => m.departmentId),
      ...actor.roles.filter((r) => r.role === 'unit_head' && r.scope !== '*').map((r) => r.scope),
    ]);
  }

  private requireOffice(actor: Actor, message: string) {
    if (!isOffice(actor)) throw new SupervisionError('forbidden', message);
  }

  /** The lead unit's people (and the responsible person) handle the matter; an administrator may too. */
  private async requireLeadUnit(manager: EntityManager, actor: Actor, matter: Matter) {
    if (isAdmin(actor) || matter.responsibleUserId === actor.id) return;
    const units = await this.unitsOf(manager, actor);
    if (!units.has(matter.leadDepartmentId)) {
      throw new SupervisionError('forbidden', `该事项由其他单位牵头办理，您所在单位无权办理（${matter.number}）`);
    }
  }

  /** Lead and co-units (and, for reading, the office and leaders). */
  private async requireUnit(
    manager: EntityManager,
    actor: Actor,
    matter: Matter,
    coUnitsToo: boolean,
    message = `该事项不属于您所在单位，无权办理（${matter.number}）`,
  ) {
    if (isAdmin(actor) || matter.responsibleUserId === actor.id) return;
    const units = await this.unitsOf(manager, actor);
    if (units.has(matter.leadDepartmentId)) return;
    if (coUnitsToo) {
      const co = await manager.getRepository(MatterUnit).findBy({ matterId: matter.id });
      if (co.some((u) => units.has(u.departmentId))) return;
    }
    throw new SupervisionError('forbidden', message);
  }

  /** The matter row, locked for the rest of the transaction on MySQL (SQLite transactions are exclusive). */
  private async lock(manager: EntityManager, id: number): Promise<Matter> {
    const matter = await manager.getRepository(Matter).findOne({
      where: { id },
      ...(isMysql(manager.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!matter) throw new SupervisionError('not_found', '没有这个督办事项');
    return matter;
  }

  /** The head of a unit (DingTalk's 部门主管 flag), who hears of a matter that names nobody. */
  private async unitHeadOf(manager: EntityManager, departmentId: string): Promise<string | null> {
    const head = await manager.getRepository(UserDepartment).findOneBy({ departmentId, isHead: true });
    return head?.userId ?? null;
  }

  private async notify(
    manager: EntityManager,
    n: { key: string; kind: string; recipientUserId: string; matterId: number; title: string; text: string },
  ) {
    if (!this.notifications) return;
    const now = this.now();
    await manager.insert(OutboxNotification, {
      idempotencyKey: n.key,
      channel: 'work_notice',
      kind: n.kind,
      recipientUserId: n.recipientUserId,
      recipientGroup: null,
      subjectType: 'matter',
      subjectId: n.matterId,
      payload: { title: n.title, text: n.text, linkPath: `/m/matter/${n.matterId}` },
      scheduledAt: now,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
    });
  }
}

/** An assignment that passed every check, ready to be written. */
export interface CheckedAssign {
  source: MatterSource;
  title: string;
  content: string | null;
  assignedAt: Date;
  assignedByUserId: string | null;
  lead: string;
  co: string[];
  responsibleUserId: string | null;
  dueDate: string | null;
  ruleCode: string | null;
  urgent: boolean;
  documentId: number | null;
  meetingId: number | null;
  proposer: string | null;
}
