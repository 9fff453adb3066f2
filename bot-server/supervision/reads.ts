/** The reads: the matters an actor may see (list, overview), one matter's detail with its history, the views. */

import { type EntityManager, type EntityTarget, In, type SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import {
  AuditLog,
  Deadline,
  Department,
  Evaluation,
  ExtensionRequest,
  Matter,
  MatterPeriod,
  MatterUnit,
  ProgressReport,
  User,
} from '../../entities';
import { sqlInstant } from '../db/sql-instant';
import type { DeadlineService } from '../deadlines/deadline-service';
import { estimateOf } from '../deadlines/estimate';
import { timingOf } from '../deadlines/timing';
import { requireUnit, seesAll, unitsOf } from './access';
import { SupervisionError } from './errors';
import { DONE_STATUSES, GRADE_NAMES, OUTCOME_NAMES, SATISFACTION_NAMES, SOURCES, STATUS_NAMES } from './sources';
import { type Classification, classify, LIGHT_NAMES, type Light, TIMELINESS_NAMES, type Timeliness } from './status';
import type { Actor, DeadlineView, MatterDetail, MatterFilter, MatterView, NamedRef } from './types';

/** What the reads use: the calendars and policies of deadlines, and now (for the status at a glance). */
export interface ReadContext {
  readonly deadlines: DeadlineService;
  now(): Date;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

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
    ...estimateOf(row),
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

/** The matters the actor may see, filtered, newest first, with their status at a glance. */
export async function list(
  ctx: ReadContext,
  manager: EntityManager,
  actor: Actor,
  filter: MatterFilter = {},
): Promise<{ total: number; matters: MatterView[] }> {
  const qb = await visible(manager, actor, filter);
  if (!qb) return { total: 0, matters: [] };
  qb.orderBy('m.assignedAt', 'DESC').addOrderBy('m.id', 'DESC');
  const matters = await qb.getMany();
  let views = await viewsIn(ctx, manager, matters);
  if (filter.timeliness) views = views.filter((v) => v.timeliness === filter.timeliness);
  if (filter.light) views = views.filter((v) => v.light === filter.light);
  const offset = filter.offset ?? 0;
  const limit = filter.limit ?? views.length;
  return { total: views.length, matters: views.slice(offset, offset + limit) };
}

/** The matters the actor may see, filtered by everything but the status at a glance; null when none can be. */
async function visible(
  manager: EntityManager,
  actor: Actor,
  filter: MatterFilter,
): Promise<SelectQueryBuilder<Matter> | null> {
  const qb = manager.getRepository(Matter).createQueryBuilder('m');
  if (!seesAll(actor)) {
    const units = [...(await unitsOf(manager, actor))];
    if (units.length === 0) return null;
    qb.andWhere(
      '(m.leadDepartmentId IN (:...units) OR m.id IN (SELECT mu.matter_id FROM matter_unit mu WHERE mu.department_id IN (:...units)))',
      { units },
    );
  }
  if (filter.mine) await mineOnly(manager, actor, filter.mine, qb);
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
  return qb;
}

/** Narrows a list to the actor's own part: the matters their unit leads, or co-units' opinions still owed. */
async function mineOnly(
  manager: EntityManager,
  actor: Actor,
  mine: 'lead' | 'co_opinion',
  qb: SelectQueryBuilder<Matter>,
): Promise<void> {
  const units = [...(await unitsOf(manager, actor))];
  if (mine === 'lead') {
    if (!units.length) qb.andWhere('m.responsibleUserId = :me', { me: actor.id });
    else qb.andWhere('(m.leadDepartmentId IN (:...mine) OR m.responsibleUserId = :me)', { mine: units, me: actor.id });
    return;
  }
  if (!units.length) {
    qb.andWhere('1 = 0');
    return;
  }
  qb.andWhere('m.leadDepartmentId NOT IN (:...mine)', { mine: units }).andWhere(
    `m.id IN (SELECT co.matter_id FROM matter_unit co WHERE co.department_id IN (:...mine) AND NOT EXISTS
      (SELECT 1 FROM progress_report pr WHERE pr.matter_id = co.matter_id AND pr.co_department_id = co.department_id))`,
    { mine: units },
  );
}

/** The status at a glance each kind of row the overview's query tells apart stands for, and its light. */
const GLANCE: Record<'on_time' | 'late' | 'none' | 'overdue', Pick<Classification, 'timeliness' | 'light'>> = {
  on_time: { timeliness: 'completed_on_time', light: 'blue' },
  late: { timeliness: 'completed_late', light: 'yellow' },
  none: { timeliness: 'not_due', light: 'blue' },
  overdue: { timeliness: 'overdue', light: 'red' },
};

/**
 * Reads the columns `properties` of `entity`, selected under `alias` (`qb.select('alias.property')`), from a raw
 * row as the entity would hold them, by the driver's own conversion: many rows read without hydrating entities.
 */
export function rawReader<T, K extends keyof T & string>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  alias: string,
  properties: readonly K[],
): (row: Record<string, unknown>) => Pick<T, K> {
  const { driver } = manager.connection;
  const metadata = manager.connection.getMetadata(entity);
  const columns = properties.map((property) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no column ${property}`);
    return { property, column, key: DriverUtils.buildAlias(driver, undefined, alias, column.databaseName) };
  });
  return (row) => {
    const read: Record<string, unknown> = {};
    for (const { property, column, key } of columns) read[property] = driver.prepareHydratedValue(row[key], column);
    return read as Pick<T, K>;
  };
}

/**
 * Counts by status at a glance and by light, over what the actor may see — what `classify` makes of each listed
 * matter, counted by the database: done matters against their original due instant, open ones against the due
 * instant in force, and the open ones not yet due grouped by due date, so that `classify` itself judges each date
 * (working days, holidays, dates outside the calendar) once.
 */
export async function overview(ctx: ReadContext, manager: EntityManager, actor: Actor, year?: number) {
  const byTimeliness = Object.fromEntries(Object.keys(TIMELINESS_NAMES).map((k) => [k, 0])) as Record<
    Timeliness,
    number
  >;
  const byLight: Record<Light, number> = { blue: 0, yellow: 0, red: 0 };
  const qb = await visible(manager, actor, year ? { year } : {});
  if (!qb) return { total: 0, byTimeliness, byLight };
  const now = ctx.now();
  const done = '(m.status IN (:...done))';
  // The matter's copy of its due instant in force (kept by triggers) sorts the open ones; the deadline is read
  // only for what the matter does not copy: the original instant of the done ones, the due date and extensions of
  // the open ones not yet due.
  const pending = `(NOT ${done} AND m.due_at > :now)`;
  const rows: {
    scope: string | null;
    kind: string;
    dueDate: string | null;
    extended: number | string;
    m_due_at: Date | string | null;
    n: number | string;
  }[] = await qb
    .leftJoin(Deadline, 'd', `d.id = m.deadlineId AND (${done} OR ${pending})`)
    .select('d.calendar_scope', 'scope')
    .addSelect(
      `CASE WHEN ${done} THEN (CASE WHEN d.original_due_at IS NULL OR m.completed_at IS NULL
           OR m.completed_at <= d.original_due_at THEN 'on_time' ELSE 'late' END)
         WHEN m.due_at IS NULL THEN 'none' WHEN m.due_at <= :now THEN 'overdue' ELSE 'pending' END`,
      'kind',
    )
    .addSelect(`CASE WHEN ${pending} THEN d.due_date END`, 'dueDate')
    // Granted extensions as `classify`'s callers see them: a non-empty JSON array (simple-json writes `[]` bare).
    .addSelect(`CASE WHEN ${pending} AND d.extensions LIKE '[%' AND d.extensions <> '[]' THEN 1 ELSE 0 END`, 'extended')
    .addSelect(`MIN(CASE WHEN ${pending} THEN m.due_at END)`, 'm_due_at') // named as `rawReader` reads m.dueAt
    .addSelect('COUNT(*)', 'n')
    .setParameters({ done: DONE_STATUSES, now: sqlInstant(manager.connection, now) })
    .groupBy('scope')
    .addGroupBy('kind')
    .addGroupBy('dueDate')
    .addGroupBy('extended')
    .getRawMany();
  const dueAtOf = rawReader(manager, Matter, 'm', ['dueAt']);
  let total = 0;
  for (const row of rows) {
    const n = Number(row.n);
    const kind = row.kind as keyof typeof GLANCE | 'pending';
    const c =
      kind === 'pending'
        ? classify(
            {
              status: 'assigned',
              completedAt: null,
              dueAt: dueAtOf(row).dueAt,
              dueDate: row.dueDate,
              originalDueAt: null,
              extended: Number(row.extended) === 1,
            },
            now,
            ctx.deadlines.calendar(row.scope ?? undefined),
          )
        : GLANCE[kind];
    byTimeliness[c.timeliness] += n;
    byLight[c.light] += n;
    total += n;
  }
  return { total, byTimeliness, byLight };
}

export async function getDetail(
  ctx: ReadContext,
  manager: EntityManager,
  actor: Actor,
  id: number,
): Promise<MatterDetail> {
  const matter = await manager.getRepository(Matter).findOneBy({ id });
  if (!matter) throw new SupervisionError('not_found', '没有这个督办事项');
  // 会务 follow the decisions of the meetings they run.
  const fromMeeting = matter.meetingId !== null && actor.roles.some((r) => r.role === 'meeting_office');
  if (!seesAll(actor) && !fromMeeting) {
    await requireUnit(manager, actor, matter, true, '该事项不属于您所在单位，无权查看');
  }
  const [view] = await viewsIn(ctx, manager, [matter]);
  const periods = await manager.getRepository(MatterPeriod).find({ where: { matterId: id }, order: { period: 'ASC' } });
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
  const historyRows = await historyOf(manager, id, matterDeadlines);
  const names = await Names.load(manager, [
    ...reports.map((r) => r.userId),
    ...extensions.flatMap((e) => [e.requestedByUserId, e.decidedByUserId]),
    ...evaluations.map((e) => e.evaluatorUserId),
    ...historyRows.map((h) => h.actor),
  ]);
  const reportById = new Map(reports.map((r) => [r.id, r]));
  const periodById = new Map(periods.map((p) => [p.id, p]));
  const mainDeadline = matter.deadlineId ? deadlineById.get(matter.deadlineId) : undefined;
  const policy = mainDeadline ? ctx.deadlines.extensionPolicyOf(mainDeadline) : null;
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
        // An open report deadline stands where every page and reminder says it stands (counted now).
        timing: d?.status === 'open' ? timingOf(ctx.deadlines, d, ctx.now()) : null,
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
      coDepartment: r.coDepartmentId ? names.department(r.coDepartmentId) : null,
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

/** A matter's audit rows and its deadlines', in the order written (a step's own rows carry the real time). */
function historyOf(manager: EntityManager, id: number, matterDeadlines: Deadline[]): Promise<AuditLog[]> {
  return manager
    .getRepository(AuditLog)
    .createQueryBuilder('a')
    .where('(a.subjectType = :matter AND a.subjectId = :id)', { matter: 'matter', id: String(id) })
    .orWhere(matterDeadlines.length ? 'a.subjectType = :deadline AND a.subjectId IN (:...deadlineIds)' : '1 = 0', {
      deadline: 'deadline',
      deadlineIds: matterDeadlines.map((d) => String(d.id)),
    })
    .orderBy('a.id', 'ASC')
    .getMany();
}

export async function viewIn(ctx: ReadContext, manager: EntityManager, matter: Matter): Promise<MatterView> {
  const fresh = await manager.getRepository(Matter).findOneByOrFail({ id: matter.id });
  const [view] = await viewsIn(ctx, manager, [fresh]);
  return view as MatterView;
}

export async function viewsIn(ctx: ReadContext, manager: EntityManager, matters: Matter[]): Promise<MatterView[]> {
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
  const now = ctx.now();
  return matters.map((m) => {
    const d = m.deadlineId ? deadlines.get(m.deadlineId) : undefined;
    const calendar = ctx.deadlines.calendar(d?.calendarScope);
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
