/**
 * 电话记录: the duty phone's log, entered in a few taps — the time (now by default), the caller type (群众 by default),
 * the topic in free words, and the outcome (已答复, or 已转办 to a unit). Every change is audited in its transaction.
 */
import { type DataSource, type EntityManager, In } from 'typeorm';
import {
  CALL_OUTCOMES,
  CALLER_TYPES,
  type CallerType,
  type CallOutcome,
  type JsonObject,
  PhoneCall,
  User,
} from '../../entities';
import { audit } from '../audit/audit';
import { lockedRow } from '../db/lock';
import { sqlInstant } from '../db/sql-instant';
import { DomainError } from '../errors/domain-error';
import type { SupervisionService } from '../supervision/matter-service';
import type { Actor } from '../supervision/types';
import { onDutyAt } from './incident-access';
import {
  holds,
  invalid,
  pageOf,
  pastInstant,
  periodBounds,
  READER_ROLES,
  RECORDER_ROLES,
  requireRoles,
  text,
  unitNames,
  unitOf,
} from './petition-access';

export const CALLER_TYPE_NAMES: ReadonlyMap<CallerType, string> = new Map([
  ['public', '群众'],
  ['superior', '上级机关'],
  ['department', '部门单位'],
  ['other', '其他'],
]);

export const CALL_OUTCOME_NAMES: ReadonlyMap<CallOutcome, string> = new Map([
  ['answered', '已答复'],
  ['referred', '已转办'],
]);

/** The caller type a new entry gets when none is chosen: most calls to the duty phone come from the public. */
export const DEFAULT_CALLER_TYPE: CallerType = 'public';

export interface CallInput {
  calledAt?: Date;
  callerType?: CallerType;
  topic?: string;
  outcome?: CallOutcome;
  referredDepartmentId?: string | null;
}

export interface CallFilter {
  from?: string;
  to?: string;
  callerType?: CallerType;
  limit?: number;
  offset?: number;
}

export interface CallView {
  id: number;
  calledAt: string;
  callerType: CallerType;
  callerTypeName: string;
  topic: string;
  outcome: CallOutcome;
  outcomeName: string;
  referredUnit: { id: string; name: string } | null;
  recordedBy: { id: string; name: string };
}

async function checked(manager: EntityManager, c: Required<CallInput>, now: Date) {
  if (!(CALLER_TYPES as readonly string[]).includes(c.callerType)) {
    throw invalid('invalid_input', '来电类型应为群众、上级机关、部门单位或其他');
  }
  if (!(CALL_OUTCOMES as readonly string[]).includes(c.outcome)) {
    throw invalid('invalid_input', '请选择处理结果：已答复或已转办');
  }
  let referred: string | null = null;
  if (c.outcome === 'referred') {
    if (!c.referredDepartmentId) throw invalid('invalid_input', '已转办的来电请选择转办单位');
    referred = (await unitOf(manager, c.referredDepartmentId, '转办单位')).id;
  } else if (c.referredDepartmentId) {
    throw invalid('invalid_input', '已答复的来电不填写转办单位');
  }
  return {
    calledAt: pastInstant(c.calledAt, now, '来电时间'),
    callerType: c.callerType,
    topic: text(c.topic, '来电事由', 200, true),
    outcome: c.outcome,
    referredDepartmentId: referred,
  };
}

const auditFields = (c: PhoneCall): JsonObject => ({
  calledAt: c.calledAt.toISOString(),
  callerType: c.callerType,
  topic: c.topic,
  outcome: c.outcome,
  referredDepartmentId: c.referredDepartmentId,
});

export class PhoneLogService {
  constructor(
    private readonly db: () => DataSource,
    private readonly matters: SupervisionService,
  ) {}

  /** The same clock as the visits and matters. */
  now(): Date {
    return this.matters.now();
  }

  /** 督查室 and 会务 at any time; anyone else while on duty (the 带班领导 or a 值班人员 of the shift covering now). */
  async record(actor: Actor, input: CallInput): Promise<CallView> {
    const now = this.now();
    return this.db().transaction(async (manager) => {
      if (!holds(actor, RECORDER_ROLES) && !(await onDutyAt(manager, actor.id, now))) {
        throw new DomainError('forbidden', 'not_on_duty', '只有督查室、会务人员或当班值班人员可以登记电话记录');
      }
      const values = await checked(
        manager,
        {
          calledAt: input.calledAt ?? now,
          callerType: input.callerType ?? DEFAULT_CALLER_TYPE,
          topic: input.topic ?? '',
          outcome: input.outcome ?? ('' as CallOutcome),
          referredDepartmentId: input.referredDepartmentId ?? null,
        },
        now,
      );
      const result = await manager.insert(PhoneCall, { ...values, recordedBy: actor.id, updatedBy: null });
      const call = await manager.getRepository(PhoneCall).findOneByOrFail({ id: Number(result.identifiers[0]?.id) });
      await audit(manager, {
        actor: actor.id,
        action: 'phone_call.recorded',
        subjectType: 'phone_call',
        subjectId: call.id,
        after: auditFields(call),
        at: now,
      });
      return (await this.views(manager, [call]))[0] as CallView;
    });
  }

  /** Changes the fields given; the rest stay. */
  async edit(actor: Actor, id: number, input: CallInput): Promise<CallView> {
    requireRoles(actor, RECORDER_ROLES, '只有督查室、会务人员可以修改电话记录');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const call = await lockedRow(manager, PhoneCall, { id });
      if (!call) throw new DomainError('not_found', 'not_found', '没有这条电话记录');
      const outcome = input.outcome ?? call.outcome;
      const values = await checked(
        manager,
        {
          calledAt: input.calledAt ?? call.calledAt,
          callerType: input.callerType ?? call.callerType,
          topic: input.topic ?? call.topic,
          outcome,
          // Answered after all: the unit it had gone to no longer applies.
          referredDepartmentId:
            input.referredDepartmentId !== undefined
              ? input.referredDepartmentId
              : outcome === 'referred'
                ? call.referredDepartmentId
                : null,
        },
        now,
      );
      const before = auditFields(call);
      await manager.update(PhoneCall, { id }, { ...values, updatedBy: actor.id });
      const after = await manager.getRepository(PhoneCall).findOneByOrFail({ id });
      await audit(manager, {
        actor: actor.id,
        action: 'phone_call.edited',
        subjectType: 'phone_call',
        subjectId: id,
        before,
        after: auditFields(after),
        at: now,
      });
      return (await this.views(manager, [after]))[0] as CallView;
    });
  }

  async get(actor: Actor, id: number): Promise<CallView> {
    requireRoles(actor, READER_ROLES, '您没有查看电话记录的权限');
    const manager = this.db().manager;
    const call = await manager.getRepository(PhoneCall).findOneBy({ id });
    if (!call) throw new DomainError('not_found', 'not_found', '没有这条电话记录');
    return (await this.views(manager, [call]))[0] as CallView;
  }

  /** Newest first, of the period (Shanghai dates) and caller type. */
  async list(actor: Actor, filter: CallFilter): Promise<{ total: number; calls: CallView[] }> {
    requireRoles(actor, READER_ROLES, '您没有查看电话记录的权限');
    const { start, end } = periodBounds(filter.from, filter.to, this.now());
    const manager = this.db().manager;
    const query = manager.getRepository(PhoneCall).createQueryBuilder('pc').where('1 = 1');
    if (start) query.andWhere('pc.calledAt >= :start', { start: sqlInstant(manager.connection, start) });
    if (end) query.andWhere('pc.calledAt < :end', { end: sqlInstant(manager.connection, end) });
    if (filter.callerType) query.andWhere('pc.callerType = :type', { type: filter.callerType });
    const { take, skip } = pageOf(filter.limit, filter.offset);
    const [rows, total] = await query
      .orderBy('pc.calledAt', 'DESC')
      .addOrderBy('pc.id', 'DESC')
      .take(take)
      .skip(skip)
      .getManyAndCount();
    return { total, calls: await this.views(manager, rows) };
  }

  private async views(manager: EntityManager, calls: PhoneCall[]): Promise<CallView[]> {
    if (!calls.length) return [];
    const [units, users] = await Promise.all([
      unitNames(
        manager,
        calls.map((c) => c.referredDepartmentId),
      ),
      manager.getRepository(User).findBy({ id: In([...new Set(calls.map((c) => c.recordedBy))]) }),
    ]);
    return calls.map((c) => ({
      id: c.id,
      calledAt: c.calledAt.toISOString(),
      callerType: c.callerType,
      callerTypeName: CALLER_TYPE_NAMES.get(c.callerType) ?? c.callerType,
      topic: c.topic,
      outcome: c.outcome,
      outcomeName: CALL_OUTCOME_NAMES.get(c.outcome) ?? c.outcome,
      referredUnit: c.referredDepartmentId
        ? { id: c.referredDepartmentId, name: units.get(c.referredDepartmentId) ?? c.referredDepartmentId }
        : null,
      recordedBy: { id: c.recordedBy, name: users.find((u) => u.id === c.recordedBy)?.name ?? c.recordedBy },
    }));
  }
}
