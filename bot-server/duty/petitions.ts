/**
 * 信访接待登记: visits registered, edited, listed and filtered, linked to an earlier visit (重复访), and turned into a
 * supervised matter (source 信访) in one step. Every change is audited in its own transaction; a refusal changes
 * nothing. Domain only: the API is `api/duty/petitions.ts`.
 */
import { type DataSource, type EntityManager, In } from 'typeorm';
import { COLLECTIVE_VISIT_MIN, type JsonObject, Matter, PetitionVisit, User, type VisitOutcome } from '../../entities';
import { audit } from '../audit/audit';
import { lockedRow } from '../db/lock';
import { sqlInstant } from '../db/sql-instant';
import { DomainError } from '../errors/domain-error';
import type { SupervisionService } from '../supervision/matter-service';
import { STATUS_NAMES } from '../supervision/sources';
import type { Actor } from '../supervision/types';
import {
  holds,
  invalid,
  maskContact,
  maskName,
  pageOf,
  pastInstant,
  periodBounds,
  READER_ROLES,
  RECORDER_ROLES,
  requireRoles,
  seesPersonalData,
  TURN_ROLES,
  text,
  unitNames,
  unitOf,
} from './petition-access';

/** 集体访: the one definition (the threshold and its source are in entities/petitions.ts). */
export const isCollective = (petitioners: number) => petitioners >= COLLECTIVE_VISIT_MIN;

export const VISIT_OUTCOME_NAMES: ReadonlyMap<VisitOutcome, string> = new Map([
  ['answered', '当场答复'],
  ['referred', '转交办理'],
  ['supervised', '交办督办'],
]);
/** What a person may choose; 交办督办 is set by turning the visit into a supervised matter. */
const CHOSEN_OUTCOMES = new Set<string>(['answered', 'referred']);

const PETITIONERS_MAX = 10_000;

export interface VisitInput {
  visitedAt?: Date;
  petitioners?: number;
  representativeName?: string;
  representativeContact?: string | null;
  content?: string;
  departmentId?: string | null;
  handling?: string | null;
  outcome?: VisitOutcome | null;
}

export interface VisitFilter {
  from?: string;
  to?: string;
  unit?: string;
  collective?: boolean;
  repeat?: boolean;
  limit?: number;
  offset?: number;
}

export interface TurnInput {
  /** 牵头单位; the visit's unit when not given. */
  leadDepartmentId?: string | null;
  coDepartmentIds?: string[];
  responsibleUserId?: string | null;
  /** The matter's title; the visit's matter (反映事项) by default. */
  title?: string | null;
}

export interface VisitView {
  id: number;
  visitedAt: string;
  petitioners: number;
  collective: boolean;
  representativeName: string;
  representativeContact: string | null;
  /** The name and contact are masked for this reader. */
  personalHidden: boolean;
  content: string;
  unit: { id: string; name: string } | null;
  handling: string | null;
  outcome: VisitOutcome | null;
  outcomeName: string | null;
  earlierVisit: { id: number; visitedAt: string } | null;
  /** Visits that name this one as their earlier visit. */
  laterVisitIds: number[];
  matter: { id: number; number: string; status: string; statusName: string } | null;
  recordedBy: { id: string; name: string };
  canTurn: boolean;
}

/** The checked values of a whole visit (a new one, or an existing one with the edit applied). */
async function checked(manager: EntityManager, v: Required<VisitInput>, now: Date) {
  const petitioners = Number(v.petitioners);
  if (!Number.isInteger(petitioners) || petitioners < 1 || petitioners > PETITIONERS_MAX) {
    throw invalid('invalid_input', `来访人次应为1至${PETITIONERS_MAX}之间的整数`);
  }
  if (v.outcome !== null && !CHOSEN_OUTCOMES.has(String(v.outcome))) {
    throw invalid('invalid_input', '处理结果应为“当场答复”或“转交办理”；交办督办请使用“转为督办事项”');
  }
  return {
    visitedAt: pastInstant(v.visitedAt, now, '接待时间'),
    petitioners,
    representativeName: text(v.representativeName, '来访人代表姓名', 50, true),
    representativeContact: text(v.representativeContact, '联系方式', 50),
    content: text(v.content, '反映事项', 5000, true),
    departmentId: v.departmentId ? (await unitOf(manager, v.departmentId, '涉及单位')).id : null,
    handling: text(v.handling, '处理情况', 5000),
    outcome: v.outcome,
  };
}

/** The visit's fields as an audit row holds them (without personal data beyond what the row itself keeps). */
const auditFields = (v: PetitionVisit): JsonObject => ({
  visitedAt: v.visitedAt.toISOString(),
  petitioners: v.petitioners,
  representativeName: v.representativeName,
  representativeContact: v.representativeContact,
  content: v.content,
  departmentId: v.departmentId,
  handling: v.handling,
  outcome: v.outcome,
  earlierVisitId: v.earlierVisitId,
  matterId: v.matterId,
});

export class PetitionService {
  constructor(
    private readonly db: () => DataSource,
    private readonly matters: SupervisionService,
  ) {}

  /** The clock of the supervision service: the matter a visit becomes is assigned at the same now. */
  now(): Date {
    return this.matters.now();
  }

  async register(actor: Actor, input: VisitInput): Promise<VisitView> {
    requireRoles(actor, RECORDER_ROLES, '只有督查室、会务人员可以登记来访');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const values = await checked(
        manager,
        {
          visitedAt: input.visitedAt ?? now,
          petitioners: input.petitioners ?? 1,
          representativeName: input.representativeName ?? '',
          representativeContact: input.representativeContact ?? null,
          content: input.content ?? '',
          departmentId: input.departmentId ?? null,
          handling: input.handling ?? null,
          outcome: input.outcome ?? null,
        },
        now,
      );
      const result = await manager.insert(PetitionVisit, {
        ...values,
        earlierVisitId: null,
        matterId: null,
        recordedBy: actor.id,
        updatedBy: null,
      });
      const visit = await manager
        .getRepository(PetitionVisit)
        .findOneByOrFail({ id: Number(result.identifiers[0]?.id) });
      await audit(manager, {
        actor: actor.id,
        action: 'petition_visit.registered',
        subjectType: 'petition_visit',
        subjectId: visit.id,
        after: auditFields(visit),
        at: now,
      });
      return (await this.views(manager, actor, [visit]))[0] as VisitView;
    });
  }

  /** Changes the fields given; the rest stay. A visit turned into a matter keeps its outcome 交办督办. */
  async edit(actor: Actor, id: number, input: VisitInput): Promise<VisitView> {
    requireRoles(actor, RECORDER_ROLES, '只有督查室、会务人员可以修改来访登记');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const visit = await this.locked(manager, id);
      if (visit.matterId !== null && input.outcome !== undefined && input.outcome !== visit.outcome) {
        throw new DomainError('conflict', 'already_turned', '该来访已转为督办事项，处理结果不能再修改');
      }
      const merged = {
        visitedAt: input.visitedAt ?? visit.visitedAt,
        petitioners: input.petitioners ?? visit.petitioners,
        representativeName: input.representativeName ?? visit.representativeName,
        representativeContact:
          input.representativeContact !== undefined ? input.representativeContact : visit.representativeContact,
        content: input.content ?? visit.content,
        departmentId: input.departmentId !== undefined ? input.departmentId : visit.departmentId,
        handling: input.handling !== undefined ? input.handling : visit.handling,
        outcome: visit.matterId !== null ? null : input.outcome !== undefined ? input.outcome : visit.outcome,
      };
      const values = await checked(manager, merged, now);
      if (visit.matterId !== null) values.outcome = visit.outcome;
      await this.checkOrder(manager, visit, values.visitedAt, visit.earlierVisitId);
      const before = auditFields(visit);
      await manager.update(PetitionVisit, { id }, { ...values, updatedBy: actor.id });
      const after = await manager.getRepository(PetitionVisit).findOneByOrFail({ id });
      await audit(manager, {
        actor: actor.id,
        action: 'petition_visit.edited',
        subjectType: 'petition_visit',
        subjectId: id,
        before,
        after: auditFields(after),
        at: now,
      });
      return (await this.views(manager, actor, [after]))[0] as VisitView;
    });
  }

  /** 重复访: this visit follows `earlierId` (an earlier visit of the same petitioners); null removes the link. */
  async linkRepeat(actor: Actor, id: number, earlierId: number | null): Promise<VisitView> {
    requireRoles(actor, RECORDER_ROLES, '只有督查室、会务人员可以标记重复访');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const visit = await this.locked(manager, id);
      if (earlierId !== null) {
        if (earlierId === id) throw invalid('invalid_input', '不能把本次来访标记为自己的重复访');
        const earlier = await manager.getRepository(PetitionVisit).findOneBy({ id: earlierId });
        if (!earlier) throw new DomainError('not_found', 'unknown_visit', `没有编号为${earlierId}的来访登记`);
      }
      await this.checkOrder(manager, visit, visit.visitedAt, earlierId);
      await manager.update(PetitionVisit, { id }, { earlierVisitId: earlierId, updatedBy: actor.id });
      await audit(manager, {
        actor: actor.id,
        action: earlierId === null ? 'petition_visit.repeat_unlinked' : 'petition_visit.repeat_linked',
        subjectType: 'petition_visit',
        subjectId: id,
        before: { earlierVisitId: visit.earlierVisitId },
        after: { earlierVisitId: earlierId },
        at: now,
      });
      const after = await manager.getRepository(PetitionVisit).findOneByOrFail({ id });
      return (await this.views(manager, actor, [after]))[0] as VisitView;
    });
  }

  /**
   * 转为督办事项: one transaction makes the matter (source 信访, numbered 信访〔年〕N号, its deadline from the source's
   * rule as for any 信访 matter) through the supervision service, and records its id on the visit; refused when the
   * visit has already been turned.
   */
  async turnIntoMatter(actor: Actor, id: number, input: TurnInput): Promise<VisitView> {
    requireRoles(actor, TURN_ROLES, '只有督查室可以将来访转为督办事项');
    return this.matters.write(async (manager) => {
      const now = this.now();
      const visit = await this.locked(manager, id);
      if (visit.matterId !== null) {
        const matter = await manager.getRepository(Matter).findOneBy({ id: visit.matterId });
        throw new DomainError(
          'conflict',
          'already_turned',
          `该来访已转为督办事项${matter ? `（${matter.number}）` : ''}，不能重复转办`,
        );
      }
      const lead = input.leadDepartmentId?.trim() || visit.departmentId;
      if (!lead) throw invalid('invalid_input', '请选择牵头单位');
      const title = text(input.title, '事项标题', 300) ?? this.titleOf(visit.content);
      const matter = await this.matters.assignIn(manager, actor.id, {
        source: 'petition',
        title,
        content: `${visit.content}\n（来访接待登记第${visit.id}号，来访${visit.petitioners}人次${
          isCollective(visit.petitioners) ? '，集体访' : ''
        }）`,
        leadDepartmentId: lead,
        coDepartmentIds: input.coDepartmentIds ?? [],
        responsibleUserId: input.responsibleUserId ?? null,
        assignedAt: now,
      });
      await manager.update(PetitionVisit, { id }, { matterId: matter.id, outcome: 'supervised', updatedBy: actor.id });
      await audit(manager, {
        actor: actor.id,
        action: 'petition_visit.turned_into_matter',
        subjectType: 'petition_visit',
        subjectId: id,
        before: { outcome: visit.outcome, matterId: null },
        after: { outcome: 'supervised', matterId: matter.id, matterNumber: matter.number, source: 'petition' },
        at: now,
      });
      const after = await manager.getRepository(PetitionVisit).findOneByOrFail({ id });
      return (await this.views(manager, actor, [after]))[0] as VisitView;
    });
  }

  async get(actor: Actor, id: number): Promise<VisitView> {
    requireRoles(actor, READER_ROLES, '您没有查看来访登记的权限');
    const manager = this.db().manager;
    const visit = await manager.getRepository(PetitionVisit).findOneBy({ id });
    if (!visit) throw new DomainError('not_found', 'not_found', '没有这条来访登记');
    return (await this.views(manager, actor, [visit]))[0] as VisitView;
  }

  /** Newest first: the visits of the period (Shanghai dates), of a unit, collective or not, repeat or not. */
  async list(actor: Actor, filter: VisitFilter): Promise<{ total: number; visits: VisitView[] }> {
    requireRoles(actor, READER_ROLES, '您没有查看来访登记的权限');
    const { start, end } = periodBounds(filter.from, filter.to, this.now());
    const manager = this.db().manager;
    const query = manager.getRepository(PetitionVisit).createQueryBuilder('pv').where('1 = 1');
    if (start) query.andWhere('pv.visitedAt >= :start', { start: sqlInstant(manager.connection, start) });
    if (end) query.andWhere('pv.visitedAt < :end', { end: sqlInstant(manager.connection, end) });
    if (filter.unit) query.andWhere('pv.departmentId = :unit', { unit: filter.unit });
    if (filter.collective !== undefined) {
      query.andWhere(`pv.petitioners ${filter.collective ? '>=' : '<'} :min`, { min: COLLECTIVE_VISIT_MIN });
    }
    if (filter.repeat !== undefined) query.andWhere(`pv.earlierVisitId IS ${filter.repeat ? 'NOT ' : ''}NULL`);
    const { take, skip } = pageOf(filter.limit, filter.offset);
    const [rows, total] = await query
      .orderBy('pv.visitedAt', 'DESC')
      .addOrderBy('pv.id', 'DESC')
      .take(take)
      .skip(skip)
      .getManyAndCount();
    return { total, visits: await this.views(manager, actor, rows) };
  }

  private async locked(manager: EntityManager, id: number): Promise<PetitionVisit> {
    const visit = await lockedRow(manager, PetitionVisit, { id });
    if (!visit) throw new DomainError('not_found', 'not_found', '没有这条来访登记');
    return visit;
  }

  /** A repeat visit comes after the visit it repeats, and before any visit that repeats it. */
  private async checkOrder(manager: EntityManager, visit: PetitionVisit, at: Date, earlierId: number | null) {
    if (earlierId !== null) {
      const earlier = await manager.getRepository(PetitionVisit).findOneByOrFail({ id: earlierId });
      if (earlier.visitedAt.getTime() >= at.getTime()) {
        throw invalid('invalid_order', '重复访应晚于所关联的前次来访');
      }
    }
    const later = await manager.getRepository(PetitionVisit).findBy({ earlierVisitId: visit.id });
    if (later.some((l) => l.visitedAt.getTime() <= at.getTime())) {
      throw invalid('invalid_order', '本次来访已被后续来访标记为前次来访，接待时间不能晚于后续来访');
    }
  }

  private titleOf(content: string): string {
    const line = content.split('\n')[0]?.trim() ?? content;
    const title = line.length <= 60 ? line : `${line.slice(0, 59)}…`;
    return title.length >= 2 ? `来访：${title}` : '来访接待事项';
  }

  private async views(manager: EntityManager, actor: Actor, visits: PetitionVisit[]): Promise<VisitView[]> {
    if (!visits.length) return [];
    const ids = visits.map((v) => v.id);
    const earlierIds = visits.map((v) => v.earlierVisitId).filter((x): x is number => x !== null);
    const matterIds = visits.map((v) => v.matterId).filter((x): x is number => x !== null);
    const [units, earlier, later, matters, users] = await Promise.all([
      unitNames(
        manager,
        visits.map((v) => v.departmentId),
      ),
      earlierIds.length ? manager.getRepository(PetitionVisit).findBy({ id: In(earlierIds) }) : [],
      manager.getRepository(PetitionVisit).find({
        select: { id: true, earlierVisitId: true },
        where: { earlierVisitId: In(ids) },
        order: { visitedAt: 'ASC', id: 'ASC' },
      }),
      matterIds.length ? manager.getRepository(Matter).findBy({ id: In(matterIds) }) : [],
      manager.getRepository(User).findBy({ id: In([...new Set(visits.map((v) => v.recordedBy))]) }),
    ]);
    const whole = seesPersonalData(actor);
    const canTurn = holds(actor, TURN_ROLES);
    return visits.map((v) => {
      const e = earlier.find((x) => x.id === v.earlierVisitId);
      const m = matters.find((x) => x.id === v.matterId);
      return {
        id: v.id,
        visitedAt: v.visitedAt.toISOString(),
        petitioners: v.petitioners,
        collective: isCollective(v.petitioners),
        representativeName: whole ? v.representativeName : maskName(v.representativeName),
        representativeContact: whole ? v.representativeContact : maskContact(v.representativeContact),
        personalHidden: !whole,
        content: v.content,
        unit: v.departmentId ? { id: v.departmentId, name: units.get(v.departmentId) ?? v.departmentId } : null,
        handling: v.handling,
        outcome: v.outcome,
        outcomeName: v.outcome ? (VISIT_OUTCOME_NAMES.get(v.outcome) ?? v.outcome) : null,
        earlierVisit: e ? { id: e.id, visitedAt: e.visitedAt.toISOString() } : null,
        laterVisitIds: later.filter((l) => l.earlierVisitId === v.id).map((l) => l.id),
        matter: m
          ? { id: m.id, number: m.number, status: m.status, statusName: STATUS_NAMES[m.status] ?? m.status }
          : null,
        recordedBy: { id: v.recordedBy, name: users.find((u) => u.id === v.recordedBy)?.name ?? v.recordedBy },
        canTurn: canTurn && v.matterId === null,
      };
    });
  }
}
