/**
 * 政务信息: items written and submitted by units, edited by the office, reported upward (上报) or returned (退回)
 * with a reason; their adoptions (采用) at 市政府办公室, 省政府办公厅 and 国务院办公厅, each scored by the rule
 * table (rules.ts). An item may answer a 约稿 (a matter of source `commissioned_article`). Every change is audited
 * in its own transaction; a refusal changes nothing. The API is `api/information/`.
 */
import { type DataSource, type EntityManager, In } from 'typeorm';
import {
  ADOPTION_FORMS,
  ADOPTION_LEVELS,
  type AdoptionForm,
  type AdoptionLevel,
  InformationAdoption,
  InformationItem,
  type InformationStatus,
  type JsonObject,
  Matter,
  User,
} from '../../entities';
import { audit } from '../audit/audit';
import { formatISODate, parseISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { lockedRow } from '../db/lock';
import { sqlInstant } from '../db/sql-instant';
import { invalid, pageOf, requireRoles, text, unitOf } from '../duty/petition-access';
import { DomainError } from '../errors/domain-error';
import type { Actor } from '../supervision/types';
import {
  departmentNames,
  FORM_NAMES,
  isAdmin,
  isOffice,
  LEADER_LEVEL_NAMES,
  LEVEL_NAMES,
  OFFICE_ROLES,
  READER_ROLES,
  STATUS_NAMES,
  seesAll,
  unitsOf,
  WRITER_ROLES,
} from './access';
import { pointsOf, ruleTable } from './rules';

export interface ItemInput {
  title?: string;
  content?: string;
  departmentId?: string;
  /** The 约稿 matter it answers; null removes the link. */
  matterId?: number | null;
}

export interface AdoptionInput {
  level: string;
  form: string;
  /** The Shanghai date of adoption, YYYY-MM-DD. */
  adoptedOn: string;
  /** The level of the leader who gave a 批示; null or absent: none. */
  instructionLevel?: string | null;
}

export interface ItemFilter {
  /** YYYY-MM: items submitted (or, never submitted, created) in that month. */
  month?: string;
  /** Items submitted in that year, and every draft not yet submitted (a unit's work in hand). */
  year?: number;
  unit?: string;
  status?: InformationStatus;
  limit?: number;
  offset?: number;
}

export interface AdoptionView {
  id: number;
  level: AdoptionLevel;
  levelName: string;
  form: AdoptionForm;
  formName: string;
  adoptedOn: string;
  instructionLevel: AdoptionLevel | null;
  instructionName: string | null;
  points: number;
}

export interface ItemView {
  id: number;
  title: string;
  content: string;
  unit: { id: string; name: string };
  author: { id: string; name: string };
  status: InformationStatus;
  statusName: string;
  submittedAt: string | null;
  reportedAt: string | null;
  returnReason: string | null;
  matter: { id: number; number: string; title: string } | null;
  adoptions: AdoptionView[];
  score: number;
  canEdit: boolean;
}

const UNIT_EDITABLE: readonly InformationStatus[] = ['draft', 'returned'];
const OFFICE_EDITABLE: readonly InformationStatus[] = ['submitted', 'edited'];

const auditFields = (i: InformationItem): JsonObject => ({
  title: i.title,
  content: i.content,
  departmentId: i.departmentId,
  status: i.status,
  matterId: i.matterId,
  returnReason: i.returnReason,
});

/** The Shanghai month [start, end) of YYYY-MM. */
export function monthBounds(month: string): { start: Date; end: Date } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const mm = Number(m?.[2]);
  if (!m || mm < 1 || mm > 12) throw invalid('invalid_period', '月份格式应为 YYYY-MM');
  const next = mm === 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(mm + 1).padStart(2, '0')}-01`;
  return { start: shanghaiInstant(parseISODate(`${month}-01`)), end: shanghaiInstant(parseISODate(next)) };
}

export class InformationService {
  private clock: () => Date = () => new Date();

  constructor(private readonly db: () => DataSource) {}

  now(): Date {
    return this.clock();
  }

  pinClock(now: () => Date): void {
    this.clock = now;
  }

  /** A new item of the actor's unit (any unit for the office), a draft unless `submit`. */
  async create(actor: Actor, input: ItemInput & { submit?: boolean }): Promise<ItemView> {
    requireRoles(actor, WRITER_ROLES, '您没有撰写政务信息的权限');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const title = text(input.title, '信息标题', 200, true);
      const content = text(input.content, '信息正文', 20_000, true);
      const unit = await this.writableUnit(manager, actor, input.departmentId);
      const matterId = await this.commissioned(manager, input.matterId ?? null);
      const result = await manager.insert(InformationItem, {
        title,
        content,
        departmentId: unit,
        authorId: actor.id,
        status: input.submit ? 'submitted' : 'draft',
        submittedAt: input.submit ? now : null,
        reportedAt: null,
        returnReason: null,
        matterId,
        updatedBy: null,
      });
      const item = await manager
        .getRepository(InformationItem)
        .findOneByOrFail({ id: Number(result.identifiers[0]?.id) });
      await this.record(
        manager,
        actor,
        item,
        input.submit ? 'information.submitted' : 'information.created',
        null,
        now,
      );
      return this.viewOf(manager, actor, item);
    });
  }

  /** The unit edits its draft or returned item; the office edits a submitted one (then 已编辑). */
  async edit(actor: Actor, id: number, input: ItemInput): Promise<ItemView> {
    requireRoles(actor, WRITER_ROLES, '您没有修改政务信息的权限');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const item = await this.locked(manager, id);
      const byOffice = OFFICE_EDITABLE.includes(item.status);
      if (byOffice ? !isOffice(actor) : !(await this.ownUnit(manager, actor, item))) {
        throw new DomainError('forbidden', 'forbidden', '您不能修改这条政务信息');
      }
      if (!byOffice && !UNIT_EDITABLE.includes(item.status)) {
        throw new DomainError('conflict', 'already_reported', '该信息已报送，不能再修改');
      }
      const values = {
        title: input.title !== undefined ? text(input.title, '信息标题', 200, true) : item.title,
        content: input.content !== undefined ? text(input.content, '信息正文', 20_000, true) : item.content,
        departmentId:
          input.departmentId !== undefined
            ? await this.writableUnit(manager, actor, input.departmentId)
            : item.departmentId,
        matterId: input.matterId !== undefined ? await this.commissioned(manager, input.matterId) : item.matterId,
        status: byOffice ? ('edited' as const) : item.status,
        updatedBy: actor.id,
      };
      await manager.update(InformationItem, { id }, values);
      return this.changed(manager, actor, item, 'information.edited', null, now);
    });
  }

  /** The unit submits its draft (or its returned item, again) to the office. */
  async submit(actor: Actor, id: number): Promise<ItemView> {
    requireRoles(actor, WRITER_ROLES, '您没有提交政务信息的权限');
    return this.move(actor, id, {
      from: UNIT_EDITABLE,
      refused: '不能再次提交',
      check: async (manager, item) => {
        if (!(await this.ownUnit(manager, actor, item))) {
          throw new DomainError('forbidden', 'forbidden', '只能提交本单位的政务信息');
        }
      },
      changes: (now) => ({ status: 'submitted', submittedAt: now }),
      action: 'information.submitted',
    });
  }

  /** The office reports a submitted (or edited) item upward: 已报送. */
  async report(actor: Actor, id: number): Promise<ItemView> {
    requireRoles(actor, OFFICE_ROLES, '只有督查室、秘书科可以报送政务信息');
    return this.move(actor, id, {
      from: OFFICE_EDITABLE,
      refused: '不能报送',
      changes: (now) => ({ status: 'reported', reportedAt: now }),
      action: 'information.reported',
    });
  }

  /** The office returns a submitted (or edited) item to its unit, with a reason. */
  async giveBack(actor: Actor, id: number, reason: string): Promise<ItemView> {
    requireRoles(actor, OFFICE_ROLES, '只有督查室、秘书科可以退回政务信息');
    const why = text(reason, '退回原因', 500, true);
    return this.move(actor, id, {
      from: OFFICE_EDITABLE,
      refused: '不能退回',
      changes: () => ({ status: 'returned', returnReason: why }),
      action: 'information.returned',
      note: why,
    });
  }

  /** A change of an item's status, allowed `from` some only: checked, written and audited in one transaction. */
  private async move(
    actor: Actor,
    id: number,
    step: {
      from: readonly InformationStatus[];
      /** What is said when the item's status does not allow it (该信息已报送，不能退回). */
      refused: string;
      check?: (manager: EntityManager, item: InformationItem) => Promise<void>;
      changes: (now: Date) => Partial<InformationItem>;
      action: string;
      note?: string;
    },
  ): Promise<ItemView> {
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const item = await this.locked(manager, id);
      await step.check?.(manager, item);
      if (!step.from.includes(item.status)) {
        throw new DomainError('conflict', 'invalid_status', `该信息${STATUS_NAMES[item.status]}，${step.refused}`);
      }
      await manager.update(InformationItem, { id }, { ...step.changes(now), updatedBy: actor.id });
      return this.changed(manager, actor, item, step.action, step.note ?? null, now);
    });
  }

  /** 采用: the office records an adoption of a reported item, at most one per level. */
  async adopt(actor: Actor, id: number, input: AdoptionInput): Promise<ItemView> {
    requireRoles(actor, OFFICE_ROLES, '只有督查室、秘书科可以登记采用情况');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const level = this.level(input.level, '采用层级');
      if (!(ADOPTION_FORMS as readonly string[]).includes(input.form)) {
        throw invalid('unknown_form', '采用形式应为全篇采用、部分采用或综合采用');
      }
      const instruction = input.instructionLevel ? this.level(input.instructionLevel, '批示领导层级') : null;
      const item = await this.locked(manager, id);
      if (item.status !== 'reported' || !item.submittedAt) {
        throw new DomainError('conflict', 'not_reported', '该信息尚未报送，不能登记采用');
      }
      const day = this.adoptionDay(input.adoptedOn, item.submittedAt, now);
      if (await manager.getRepository(InformationAdoption).existsBy({ itemId: id, level })) {
        throw new DomainError('conflict', 'already_adopted', `该信息已登记被${LEVEL_NAMES[level]}采用`);
      }
      const result = await manager.insert(InformationAdoption, {
        itemId: id,
        level,
        form: input.form as AdoptionForm,
        adoptedAt: shanghaiInstant(day),
        instructionLevel: instruction,
        recordedBy: actor.id,
      });
      await audit(manager, {
        actor: actor.id,
        action: 'information.adopted',
        subjectType: 'information_item',
        subjectId: id,
        after: {
          adoptionId: Number(result.identifiers[0]?.id),
          level,
          form: input.form,
          adoptedOn: formatISODate(day),
          instructionLevel: instruction,
        },
        at: now,
      });
      return this.viewOf(manager, actor, item);
    });
  }

  /** The office removes an adoption recorded in error. */
  async removeAdoption(actor: Actor, id: number, adoptionId: number): Promise<ItemView> {
    requireRoles(actor, OFFICE_ROLES, '只有督查室、秘书科可以删除采用记录');
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const item = await this.locked(manager, id);
      const adoption = await manager.getRepository(InformationAdoption).findOneBy({ id: adoptionId, itemId: id });
      if (!adoption) throw new DomainError('not_found', 'not_found', '没有这条采用记录');
      await manager.delete(InformationAdoption, { id: adoptionId });
      await audit(manager, {
        actor: actor.id,
        action: 'information.adoption_removed',
        subjectType: 'information_item',
        subjectId: id,
        before: {
          adoptionId,
          level: adoption.level,
          form: adoption.form,
          adoptedOn: formatISODate(shanghaiDayNumber(adoption.adoptedAt)),
          instructionLevel: adoption.instructionLevel,
        },
        at: now,
      });
      return this.viewOf(manager, actor, item);
    });
  }

  async get(actor: Actor, id: number): Promise<ItemView> {
    requireRoles(actor, READER_ROLES, '您没有查看政务信息的权限');
    const manager = this.db().manager;
    const item = await manager.getRepository(InformationItem).findOneBy({ id });
    if (!item || !(seesAll(actor) || (await this.ownUnit(manager, actor, item)))) {
      throw new DomainError('not_found', 'not_found', '没有这条政务信息');
    }
    return this.viewOf(manager, actor, item);
  }

  /** Newest first; units see their own items only. */
  async list(actor: Actor, filter: ItemFilter): Promise<{ total: number; items: ItemView[] }> {
    requireRoles(actor, READER_ROLES, '您没有查看政务信息的权限');
    const manager = this.db().manager;
    const query = manager.getRepository(InformationItem).createQueryBuilder('ii').where('1 = 1');
    if (!seesAll(actor))
      query.andWhere('ii.departmentId IN (:...own)', { own: [...(await unitsOf(manager, actor)), ''] });
    if (filter.month) {
      const { start, end } = monthBounds(filter.month);
      query.andWhere(
        'COALESCE(ii.submittedAt, ii.createdAt) >= :start AND COALESCE(ii.submittedAt, ii.createdAt) < :end',
        {
          start: sqlInstant(manager.connection, start),
          end: sqlInstant(manager.connection, end),
        },
      );
    }
    if (filter.year !== undefined) {
      const start = monthBounds(`${filter.year}-01`).start;
      const end = monthBounds(`${filter.year}-12`).end;
      query.andWhere('(ii.submittedAt IS NULL OR (ii.submittedAt >= :yearStart AND ii.submittedAt < :yearEnd))', {
        yearStart: sqlInstant(manager.connection, start),
        yearEnd: sqlInstant(manager.connection, end),
      });
    }
    if (filter.unit) query.andWhere('ii.departmentId = :unit', { unit: filter.unit });
    if (filter.status) query.andWhere('ii.status = :status', { status: filter.status });
    const { take, skip } = pageOf(filter.limit, filter.offset);
    const [rows, total] = await query.orderBy('ii.id', 'DESC').take(take).skip(skip).getManyAndCount();
    return { total, items: await this.views(manager, actor, rows) };
  }

  private level(value: string, what: string): AdoptionLevel {
    if (!(ADOPTION_LEVELS as readonly string[]).includes(value)) {
      throw invalid('unknown_level', `${what}“${value}”不存在，应为市政府办公室、省政府办公厅或国务院办公厅`);
    }
    return value as AdoptionLevel;
  }

  /** The adoption's Shanghai day: a real date, not before the item's submission, not after today. */
  private adoptionDay(value: string, submittedAt: Date, now: Date): number {
    let day: number;
    try {
      day = parseISODate(value);
    } catch {
      throw invalid('invalid_date', '采用日期无效：应为真实存在的日期，格式 YYYY-MM-DD');
    }
    if (day < shanghaiDayNumber(submittedAt)) throw invalid('adopted_before_submitted', '采用日期不能早于信息提交日期');
    if (day > shanghaiDayNumber(now)) throw invalid('invalid_date', '采用日期不能晚于今天');
    return day;
  }

  /** The unit an actor writes for: the one named (theirs, or any for the office), else their only one. */
  private async writableUnit(manager: EntityManager, actor: Actor, wanted: string | undefined): Promise<string> {
    const own = await unitsOf(manager, actor);
    const id = wanted?.trim() || (own.size === 1 ? [...own][0] : undefined);
    if (!id) throw invalid('invalid_input', '请选择报送单位');
    const unit = await unitOf(manager, id, '报送单位');
    if (!isOffice(actor) && !own.has(unit.id)) {
      throw new DomainError('forbidden', 'forbidden', '只能为本单位报送政务信息');
    }
    return unit.id;
  }

  private async ownUnit(manager: EntityManager, actor: Actor, item: InformationItem): Promise<boolean> {
    return isAdmin(actor) || item.authorId === actor.id || (await unitsOf(manager, actor)).has(item.departmentId);
  }

  /** A 约稿 matter's id, checked; null stays null. */
  private async commissioned(manager: EntityManager, matterId: number | null): Promise<number | null> {
    if (matterId === null) return null;
    const matter = await manager.getRepository(Matter).findOneBy({ id: matterId });
    if (!matter) throw invalid('unknown_matter', `没有编号为${matterId}的约稿事项`);
    if (matter.source !== 'commissioned_article') throw invalid('not_commissioned', `事项${matter.number}不是约稿`);
    return matter.id;
  }

  private async locked(manager: EntityManager, id: number): Promise<InformationItem> {
    const item = await lockedRow(manager, InformationItem, { id });
    if (!item) throw new DomainError('not_found', 'not_found', '没有这条政务信息');
    return item;
  }

  private async record(
    manager: EntityManager,
    actor: Actor,
    item: InformationItem,
    action: string,
    reason: string | null,
    at: Date,
    before: JsonObject | null = null,
  ) {
    await audit(manager, {
      actor: actor.id,
      action,
      subjectType: 'information_item',
      subjectId: item.id,
      before,
      after: auditFields(item),
      reason,
      at,
    });
  }

  /** Audits a change of `before` (the row as it was) and returns the item as it is now. */
  private async changed(
    manager: EntityManager,
    actor: Actor,
    before: InformationItem,
    action: string,
    reason: string | null,
    at: Date,
  ): Promise<ItemView> {
    const after = await manager.getRepository(InformationItem).findOneByOrFail({ id: before.id });
    await this.record(manager, actor, after, action, reason, at, auditFields(before));
    return this.viewOf(manager, actor, after);
  }

  private async viewOf(manager: EntityManager, actor: Actor, item: InformationItem): Promise<ItemView> {
    const fresh = await manager.getRepository(InformationItem).findOneByOrFail({ id: item.id });
    return (await this.views(manager, actor, [fresh]))[0] as ItemView;
  }

  private async views(manager: EntityManager, actor: Actor, items: InformationItem[]): Promise<ItemView[]> {
    if (!items.length) return [];
    const matterIds = items.map((i) => i.matterId).filter((x): x is number => x !== null);
    const [units, users, matters, adoptions, rules, own] = await Promise.all([
      departmentNames(
        manager,
        items.map((i) => i.departmentId),
      ),
      manager.getRepository(User).findBy({ id: In([...new Set(items.map((i) => i.authorId))]) }),
      matterIds.length ? manager.getRepository(Matter).findBy({ id: In(matterIds) }) : [],
      manager
        .getRepository(InformationAdoption)
        .find({ where: { itemId: In(items.map((i) => i.id)) }, order: { adoptedAt: 'ASC', id: 'ASC' } }),
      ruleTable(manager),
      unitsOf(manager, actor),
    ]);
    return items.map((i) => {
      const m = matters.find((x) => x.id === i.matterId);
      const mine = adoptions
        .filter((a) => a.itemId === i.id)
        .map((a) => ({
          id: a.id,
          level: a.level,
          levelName: LEVEL_NAMES[a.level] ?? a.level,
          form: a.form,
          formName: FORM_NAMES[a.form] ?? a.form,
          adoptedOn: formatISODate(shanghaiDayNumber(a.adoptedAt)),
          instructionLevel: a.instructionLevel,
          instructionName: a.instructionLevel ? `${LEADER_LEVEL_NAMES[a.instructionLevel]}批示` : null,
          points: pointsOf(rules, a),
        }));
      const unitSide = isAdmin(actor) || i.authorId === actor.id || own.has(i.departmentId);
      return {
        id: i.id,
        title: i.title,
        content: i.content,
        unit: { id: i.departmentId, name: units.get(i.departmentId) ?? i.departmentId },
        author: { id: i.authorId, name: users.find((u) => u.id === i.authorId)?.name ?? i.authorId },
        status: i.status,
        statusName: STATUS_NAMES[i.status] ?? i.status,
        submittedAt: i.submittedAt?.toISOString() ?? null,
        reportedAt: i.reportedAt?.toISOString() ?? null,
        returnReason: i.returnReason,
        matter: m ? { id: m.id, number: m.number, title: m.title } : null,
        adoptions: mine,
        score: mine.reduce((sum, a) => sum + a.points, 0),
        canEdit: OFFICE_EDITABLE.includes(i.status) ? isOffice(actor) : UNIT_EDITABLE.includes(i.status) && unitSide,
      };
    });
  }
}
