/**
 * 应急值班信息: incidents recorded by the person on duty (or 会务, administrators), their reporting limits in minutes
 * (incident-clock.ts), the reports upward (报送记录) that meet them, and the 终报 that closes the incident. Every
 * change is audited in its own transaction; a refusal changes nothing. Domain only: the API is `api/duty/incidents.ts`.
 */
import { And, type DataSource, type EntityManager, In, IsNull, LessThan, MoreThanOrEqual, Not } from 'typeorm';
import {
  DutyIncident,
  DutyIncidentLimit,
  DutyIncidentReport,
  INCIDENT_CATEGORIES,
  INCIDENT_LEVELS,
  INCIDENT_REPORT_CHANNELS,
  INCIDENT_REPORT_KINDS,
  type IncidentCategory,
  type IncidentLevel,
  type IncidentReportChannel,
  type IncidentReportKind,
  type JsonObject,
} from '../../entities';
import { audit } from '../audit/audit';
import { lockedRow } from '../db/lock';
import { sqlInstant } from '../db/sql-instant';
import { DomainError } from '../errors/domain-error';
import type { Actor } from '../supervision/types';
import {
  CATEGORY_NAMES,
  CHANNEL_NAMES,
  INCIDENT_OFFICE_ROLES,
  INCIDENT_READER_ROLES,
  onDutyAt,
  REPORT_KIND_NAMES,
  requireOnDutyOrOffice,
  shiftAt,
} from './incident-access';
import { firstLimits, limitName, limitRow, minutesPast, runIncidentClock } from './incident-clock';
import { incidentRules, LEVEL_NAMES, RULES_NOTE, ruleOf, saveIncidentRule } from './incident-rules';
import { holds, invalid, pageOf, pastInstant, periodBounds, text } from './petition-access';
import { userNames } from './views';

export interface IncidentInput {
  occurredAt?: Date;
  knownAt?: Date;
  place?: string;
  category?: string;
  level?: string;
  summary?: string;
  source?: string;
  measures?: string | null;
}

export interface ReportInput {
  kind?: string;
  recipient?: string;
  reportedAt?: Date;
  channel?: string;
  reporter?: string | null;
  content?: string | null;
}

export interface IncidentFilter {
  from?: string;
  to?: string;
  open?: boolean;
  limit?: number;
  offset?: number;
}

export interface LimitView {
  id: number;
  kind: string;
  name: string;
  dueAt: string;
  status: 'open' | 'met' | 'closed';
  metAt: string | null;
  /** Met late by this many minutes; null when met in time or not met. */
  lateMinutes: number | null;
  /** Open and past its due instant now: by this many minutes; else 0. */
  overdueMinutes: number;
}

export interface ReportView {
  id: number;
  kind: IncidentReportKind;
  kindName: string;
  recipient: string;
  reportedAt: string;
  channel: IncidentReportChannel;
  channelName: string;
  reporter: string;
  content: string | null;
  /** The limit it met was past by this many minutes (报送迟报); null when in time or when it met no limit. */
  lateMinutes: number | null;
  recordedBy: { id: string; name: string };
}

export interface IncidentView {
  id: number;
  occurredAt: string;
  knownAt: string;
  place: string;
  category: IncidentCategory;
  categoryName: string;
  level: IncidentLevel;
  levelName: string;
  summary: string;
  source: string;
  measures: string | null;
  open: boolean;
  closedAt: string | null;
  recordedBy: { id: string; name: string };
  limits: LimitView[];
  reports: ReportView[];
  /** The reader may record reports on it now (on duty, or an office role, and still open). */
  canReport: boolean;
}

const oneOf = <T extends string>(values: readonly T[], value: unknown, message: string): T => {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value))
    throw invalid('invalid_input', message);
  return value as T;
};

const incidentJson = (i: DutyIncident): JsonObject => ({
  occurredAt: i.occurredAt.toISOString(),
  knownAt: i.knownAt.toISOString(),
  place: i.place,
  category: i.category,
  level: i.level,
  summary: i.summary,
  source: i.source,
  measures: i.measures,
  shiftId: i.shiftId,
});

export class IncidentService {
  private clock: () => Date;
  private readonly wakers: (() => void)[] = [];

  constructor(
    private readonly db: () => DataSource,
    now: () => Date = () => new Date(),
  ) {
    this.clock = now;
  }

  /** Tests run the service and its clock pass at instants of their choosing. */
  useClock(now: () => Date): void {
    this.clock = now;
  }

  now(): Date {
    return this.clock();
  }

  /** The server's loop (polling-loop.ts) is woken when an incident or a report changes the limits. */
  onSyncRequested(wake: () => void): void {
    this.wakers.push(wake);
  }

  /** One pass of the clock (incident-clock.ts) at the service's now. */
  runDue(): Promise<number> {
    return runIncidentClock(this.db().manager, this.now());
  }

  private wake(): void {
    for (const wake of this.wakers) wake();
  }

  async record(actor: Actor, input: IncidentInput): Promise<IncidentView> {
    const now = this.now();
    const view = await this.db().transaction(async (manager) => {
      await requireOnDutyOrOffice(manager, actor, now, '只有当前值班的带班领导、值班人员或会务人员可以报送突发事件');
      const occurredAt = pastInstant(input.occurredAt as Date, now, '事发时间');
      const knownAt = pastInstant(input.knownAt ?? now, now, '接报时间');
      if (knownAt < occurredAt) throw invalid('invalid_input', '接报时间不能早于事发时间');
      const values = {
        occurredAt,
        knownAt,
        place: text(input.place, '事发地点', 200, true),
        category: oneOf(
          INCIDENT_CATEGORIES,
          input.category,
          '事件类别应为自然灾害、事故灾难、公共卫生事件或社会安全事件',
        ),
        level: oneOf(INCIDENT_LEVELS, input.level, '事件等级应为特别重大、重大、较大或一般'),
        summary: text(input.summary, '事件概要', 5000, true),
        source: text(input.source, '信息来源', 200, true),
        measures: text(input.measures, '已采取的措施', 5000),
      };
      const shift = await shiftAt(manager, now);
      const inserted = await manager.insert(DutyIncident, {
        ...values,
        closedAt: null,
        shiftId: shift?.id ?? null,
        recordedBy: actor.id,
      });
      const incident = await manager
        .getRepository(DutyIncident)
        .findOneByOrFail({ id: Number(inserted.identifiers[0]?.id) });
      const rule = await ruleOf(manager, incident.level);
      const limits = firstLimits(incident.id, incident.knownAt, rule);
      await manager.insert(DutyIncidentLimit, limits);
      await audit(manager, {
        actor: actor.id,
        action: 'duty.incident.recorded',
        subjectType: 'duty_incident',
        subjectId: incident.id,
        after: {
          ...incidentJson(incident),
          rule: { ...rule },
          limits: limits.map((l) => ({ kind: l.kind as string, dueAt: (l.dueAt as Date).toISOString() })),
        },
        at: now,
      });
      return this.view(manager, actor, incident, now);
    });
    this.wake();
    return view;
  }

  /** Records a report upward: it meets the open limit of its kind (late by N minutes, or in time); 终报 closes all. */
  async addReport(actor: Actor, id: number, input: ReportInput): Promise<IncidentView> {
    const now = this.now();
    const view = await this.db().transaction(async (manager) => {
      const incident = await lockedRow(manager, DutyIncident, { id });
      if (!incident) throw new DomainError('not_found', 'not_found', '该突发事件不存在');
      await requireOnDutyOrOffice(manager, actor, now, '只有当前值班的带班领导、值班人员或会务人员可以登记报送');
      if (incident.closedAt !== null) throw new DomainError('conflict', 'closed', '该事件已终报，不能再登记报送');
      const kind = oneOf(INCIDENT_REPORT_KINDS, input.kind, '报送类型应为电话初报、书面初报、续报或终报');
      const reportedAt = pastInstant(input.reportedAt ?? now, now, '报送时间');
      if (reportedAt < incident.knownAt) throw invalid('invalid_input', '报送时间不能早于接报时间');
      const names = await userNames(manager, [actor.id]);
      const values = {
        incidentId: id,
        kind,
        recipient: text(input.recipient, '报送对象', 100, true),
        reportedAt,
        channel: oneOf(INCIDENT_REPORT_CHANNELS, input.channel, '报送方式应为电话、传真、钉钉、政务内网或其他'),
        reporter: text(input.reporter, '报送人', 50) ?? names.get(actor.id) ?? actor.id,
        content: text(input.content, '报送内容', 5000),
        recordedBy: actor.id,
      };
      const inserted = await manager.insert(DutyIncidentReport, values);
      const reportId = Number(inserted.identifiers[0]?.id);
      const effect = await this.applyReport(manager, incident, kind, reportId, reportedAt);
      await audit(manager, {
        actor: actor.id,
        action: 'duty.incident.reported',
        subjectType: 'duty_incident',
        subjectId: id,
        after: { reportId, ...values, reportedAt: reportedAt.toISOString(), ...effect },
        at: now,
      });
      const fresh = await manager.getRepository(DutyIncident).findOneByOrFail({ id });
      return this.view(manager, actor, fresh, now);
    });
    this.wake();
    return view;
  }

  /** What a report does to the limits: meets the open one of its kind, opens the next 续报, or closes everything. */
  private async applyReport(
    manager: EntityManager,
    incident: DutyIncident,
    kind: IncidentReportKind,
    reportId: number,
    at: Date,
  ): Promise<JsonObject> {
    const limits = manager.getRepository(DutyIncidentLimit);
    if (kind === 'final') {
      const open = await limits.findBy({ incidentId: incident.id, status: 'open' });
      await limits.update({ incidentId: incident.id, status: 'open' }, { status: 'closed', nextStepAt: null });
      await manager.getRepository(DutyIncident).update({ id: incident.id }, { closedAt: at });
      return { closedLimits: open.map((l) => l.id), closedAt: at.toISOString() };
    }
    const [limit] = await limits.find({
      where: { incidentId: incident.id, kind, status: 'open' },
      order: { seq: 'ASC' },
      take: 1,
    });
    const late = limit ? minutesPast(at, limit.dueAt) : 0;
    if (limit) {
      await limits.update(
        { id: limit.id },
        { status: 'met', metAt: at, reportId, lateMinutes: late > 0 ? late : null, nextStepAt: null },
      );
    }
    const effect: JsonObject = { limitMet: limit ? limit.id : null, lateMinutes: late > 0 ? late : null };
    if (kind === 'phone') return effect;
    // After a written report or a 续报, the next 续报 is due an interval later while the incident stays open.
    const rule = await ruleOf(manager, incident.level);
    const stillOpen = await limits.countBy({ incidentId: incident.id, kind: 'follow_up', status: 'open' });
    if (rule.followUpHours === null || stillOpen > 0) return effect;
    const last = await limits.findOne({
      where: { incidentId: incident.id, kind: 'follow_up' },
      order: { seq: 'DESC' },
    });
    const seq = (last?.seq ?? 0) + 1;
    await limits.insert(limitRow(incident.id, 'follow_up', seq, at, rule.followUpHours * 60, rule));
    return { ...effect, followUpOpened: seq };
  }

  async get(actor: Actor, id: number): Promise<IncidentView> {
    const manager = this.db().manager;
    const now = this.now();
    const incident = await manager.getRepository(DutyIncident).findOneBy({ id });
    if (!incident) throw new DomainError('not_found', 'not_found', '该突发事件不存在');
    if (!(await this.reads(manager, actor, now)) && incident.recordedBy !== actor.id) {
      throw new DomainError('forbidden', 'forbidden', '只有值班人员、会务、督查室和区领导可以查看突发事件信息');
    }
    return this.view(manager, actor, incident, now);
  }

  /** Incidents newest first (by 接报时间); the person on duty reads them all, others (not readers) their own. */
  async list(
    actor: Actor,
    filter: IncidentFilter,
  ): Promise<{ total: number; incidents: IncidentView[]; canRecord: boolean }> {
    const manager = this.db().manager;
    const now = this.now();
    const all = await this.reads(manager, actor, now);
    const { start, end } = periodBounds(filter.from, filter.to, now);
    const db = manager.connection;
    const from = start ? MoreThanOrEqual(sqlInstant(db, start) as Date) : null;
    const to = end ? LessThan(sqlInstant(db, end) as Date) : null;
    const knownAt = from && to ? And(from, to) : (from ?? to ?? undefined);
    const where = {
      ...(knownAt ? { knownAt } : {}),
      ...(filter.open === true ? { closedAt: IsNull() } : filter.open === false ? { closedAt: Not(IsNull()) } : {}),
      ...(all ? {} : { recordedBy: actor.id }),
    };
    const rows = await manager.getRepository(DutyIncident).find({ where, order: { knownAt: 'DESC', id: 'DESC' } });
    const { take, skip } = pageOf(filter.limit, filter.offset);
    const page = rows.slice(skip, skip + take);
    const canRecord = holds(actor, INCIDENT_OFFICE_ROLES) || (await onDutyAt(manager, actor.id, now)) !== null;
    return { total: rows.length, incidents: await this.views(manager, actor, page, now), canRecord };
  }

  /** The rules in force per level, the note to verify them, and who changed them. */
  async rules() {
    const manager = this.db().manager;
    const rules = await incidentRules(manager);
    const names = await userNames(
      manager,
      rules.flatMap((r) => (r.updatedBy ? [r.updatedBy] : [])),
    );
    return {
      rules: rules.map((r) => ({
        ...r,
        updatedBy: r.updatedBy ? { id: r.updatedBy, name: names.get(r.updatedBy) ?? r.updatedBy } : null,
      })),
      note: RULES_NOTE,
    };
  }

  /** An administrator sets a level's rule (null: back to the default); limits computed afterwards follow it. */
  async saveRule(actor: Actor, level: string, input: unknown) {
    if (!holds(actor, [])) throw new DomainError('forbidden', 'forbidden', '只有管理员可以修改报送时限');
    await this.db().transaction((manager) => saveIncidentRule(manager, actor.id, level, input, this.now()));
    return this.rules();
  }

  private async reads(manager: EntityManager, actor: Actor, now: Date): Promise<boolean> {
    return holds(actor, INCIDENT_READER_ROLES) || (await onDutyAt(manager, actor.id, now)) !== null;
  }

  private async view(manager: EntityManager, actor: Actor, incident: DutyIncident, now: Date) {
    return (await this.views(manager, actor, [incident], now))[0] as IncidentView;
  }

  private async views(manager: EntityManager, actor: Actor, incidents: DutyIncident[], now: Date) {
    const ids = incidents.map((i) => i.id);
    if (ids.length === 0) return [];
    const [limits, reports] = await Promise.all([
      manager.getRepository(DutyIncidentLimit).find({ where: { incidentId: In(ids) }, order: { dueAt: 'ASC' } }),
      manager
        .getRepository(DutyIncidentReport)
        .find({ where: { incidentId: In(ids) }, order: { reportedAt: 'ASC', id: 'ASC' } }),
    ]);
    const names = await userNames(manager, [
      ...incidents.map((i) => i.recordedBy),
      ...reports.map((r) => r.recordedBy),
    ]);
    const reporter = holds(actor, INCIDENT_OFFICE_ROLES) || (await onDutyAt(manager, actor.id, now)) !== null;
    const person = (id: string) => ({ id, name: names.get(id) ?? id });
    return incidents.map(
      (i): IncidentView => ({
        id: i.id,
        occurredAt: i.occurredAt.toISOString(),
        knownAt: i.knownAt.toISOString(),
        place: i.place,
        category: i.category,
        categoryName: CATEGORY_NAMES[i.category],
        level: i.level,
        levelName: LEVEL_NAMES[i.level],
        summary: i.summary,
        source: i.source,
        measures: i.measures,
        open: i.closedAt === null,
        closedAt: i.closedAt?.toISOString() ?? null,
        recordedBy: person(i.recordedBy),
        limits: limits
          .filter((l) => l.incidentId === i.id)
          .map((l) => ({
            id: l.id,
            kind: l.kind,
            name: limitName(l.kind, l.seq),
            dueAt: l.dueAt.toISOString(),
            status: l.status,
            metAt: l.metAt?.toISOString() ?? null,
            lateMinutes: l.lateMinutes,
            overdueMinutes: l.status === 'open' ? minutesPast(now, l.dueAt) : 0,
          })),
        reports: reports
          .filter((r) => r.incidentId === i.id)
          .map((r) => ({
            id: r.id,
            kind: r.kind,
            kindName: REPORT_KIND_NAMES[r.kind],
            recipient: r.recipient,
            reportedAt: r.reportedAt.toISOString(),
            channel: r.channel,
            channelName: CHANNEL_NAMES[r.channel],
            reporter: r.reporter,
            content: r.content,
            lateMinutes: limits.find((l) => l.reportId === r.id)?.lateMinutes ?? null,
            recordedBy: person(r.recordedBy),
          })),
        canReport: i.closedAt === null && reporter,
      }),
    );
  }
}
