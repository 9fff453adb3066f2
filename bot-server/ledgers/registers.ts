/**
 * The office's three small registers: 荣誉 (honours), 接待 (receptions of visiting bodies) and 简报 (briefs issued,
 * 期数 unique per series and year). Each is listed per year, created, edited and deleted; every change is audited
 * in its own transaction, and a refusal changes nothing. Domain only: the API is `api/ledgers/`.
 */
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  HONOUR_LEVELS,
  type HonourLevel,
  type JsonObject,
  OfficeBrief,
  OfficeHonour,
  OfficeReception,
  RECEPTION_KINDS,
  RECEPTION_LEVELS,
  type ReceptionKind,
  type ReceptionLevel,
} from '../../entities';
import { audit } from '../audit/audit';
import { lockedRow } from '../db/lock';
import { isUniqueViolation } from '../db/unique-violation';
import { DomainError } from '../errors/domain-error';
import type { Actor } from '../supervision/types';
import { checkPastCivilDate } from '../timelimits/plausible';
import { EDITOR_ROLES, invalid, oneOf, pastYear, READER_ROLES, requireRoles, text, yearBounds } from './input';

export const HONOUR_LEVEL_NAMES: Record<HonourLevel, string> = {
  national: '国家级',
  provincial: '省级',
  city: '市级',
  district: '区级',
};
export const RECEPTION_LEVEL_NAMES: Record<ReceptionLevel, string> = {
  national: '国家',
  provincial: '省级',
  city: '市级',
  other: '其他',
};
export const RECEPTION_KIND_NAMES: Record<ReceptionKind, string> = {
  site_meeting: '现场会',
  inspection: '调研督导',
  research: '调研',
};

export interface HonourInput {
  name?: string;
  awardingBody?: string;
  level?: string;
  awardYear?: number;
  receivedOn?: string;
}
export interface ReceptionInput {
  receivedOn?: string;
  visitingBody?: string;
  level?: string;
  kind?: string;
  topic?: string;
}
export interface BriefInput {
  series?: string;
  issueNo?: number;
  issuedOn?: string;
  title?: string;
}

const ISSUE_NO_MAX = 10_000;
const EDIT_REFUSED = '只有督查室、会务人员可以登记和修改办公室台账';
const READ_REFUSED = '您没有查看办公室台账的权限';

const honourFields = (h: OfficeHonour): JsonObject => ({
  name: h.name,
  awardingBody: h.awardingBody,
  level: h.level,
  awardYear: h.awardYear,
  receivedOn: h.receivedOn,
});
const receptionFields = (r: OfficeReception): JsonObject => ({
  receivedOn: r.receivedOn,
  visitingBody: r.visitingBody,
  level: r.level,
  kind: r.kind,
  topic: r.topic,
});
const briefFields = (b: OfficeBrief): JsonObject => ({
  series: b.series,
  year: b.year,
  issueNo: b.issueNo,
  issuedOn: b.issuedOn,
  title: b.title,
});

export const honourView = (h: OfficeHonour) => ({
  id: h.id,
  ...honourFields(h),
  levelName: HONOUR_LEVEL_NAMES[h.level] ?? h.level,
});
export const receptionView = (r: OfficeReception) => ({
  id: r.id,
  ...receptionFields(r),
  levelName: RECEPTION_LEVEL_NAMES[r.level] ?? r.level,
  kindName: RECEPTION_KIND_NAMES[r.kind] ?? r.kind,
});
export const briefView = (b: OfficeBrief) => ({ id: b.id, ...briefFields(b) });

/** What one register needs: its entity, its audit names, its fields for the audit row, and its 404 message. */
interface Register<E extends ObjectLiteral> {
  entity: EntityTarget<E>;
  subject: string;
  fields: (row: E) => JsonObject;
  missing: string;
}
const HONOURS: Register<OfficeHonour> = {
  entity: OfficeHonour,
  subject: 'office_honour',
  fields: honourFields,
  missing: '没有这条荣誉登记',
};
const RECEPTIONS: Register<OfficeReception> = {
  entity: OfficeReception,
  subject: 'office_reception',
  fields: receptionFields,
  missing: '没有这条接待登记',
};
const BRIEFS: Register<OfficeBrief> = {
  entity: OfficeBrief,
  subject: 'office_brief',
  fields: briefFields,
  missing: '没有这条简报登记',
};

export class RegisterService {
  constructor(
    private readonly db: () => DataSource,
    readonly now: () => Date,
  ) {}

  async honours(actor: Actor, year: number) {
    requireRoles(actor, READER_ROLES, READ_REFUSED);
    const { from, to } = yearBounds(pastYear(year, this.now()));
    const rows = await this.db()
      .getRepository(OfficeHonour)
      .createQueryBuilder('h')
      .where('h.receivedOn >= :from AND h.receivedOn <= :to', { from, to })
      .orderBy('h.receivedOn', 'ASC')
      .addOrderBy('h.id', 'ASC')
      .getMany();
    return rows.map(honourView);
  }

  async receptions(actor: Actor, year: number) {
    requireRoles(actor, READER_ROLES, READ_REFUSED);
    const { from, to } = yearBounds(pastYear(year, this.now()));
    const rows = await this.db()
      .getRepository(OfficeReception)
      .createQueryBuilder('r')
      .where('r.receivedOn >= :from AND r.receivedOn <= :to', { from, to })
      .orderBy('r.receivedOn', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
    return rows.map(receptionView);
  }

  /** The briefs of a year, by series and 期数. */
  async briefs(actor: Actor, year: number) {
    requireRoles(actor, READER_ROLES, READ_REFUSED);
    const rows = await this.db()
      .getRepository(OfficeBrief)
      .find({ where: { year: pastYear(year, this.now()) }, order: { series: 'ASC', issueNo: 'ASC', id: 'ASC' } });
    return rows.map(briefView);
  }

  async createHonour(actor: Actor, input: HonourInput) {
    return honourView(await this.create(actor, HONOURS, () => this.honourValues(input)));
  }

  async editHonour(actor: Actor, id: number, input: HonourInput) {
    return honourView(await this.edit(actor, HONOURS, id, (h) => this.honourValues({ ...honourFields(h), ...input })));
  }

  async deleteHonour(actor: Actor, id: number) {
    await this.remove(actor, HONOURS, id);
  }

  async createReception(actor: Actor, input: ReceptionInput) {
    return receptionView(await this.create(actor, RECEPTIONS, () => this.receptionValues(input)));
  }

  async editReception(actor: Actor, id: number, input: ReceptionInput) {
    return receptionView(
      await this.edit(actor, RECEPTIONS, id, (r) => this.receptionValues({ ...receptionFields(r), ...input })),
    );
  }

  async deleteReception(actor: Actor, id: number) {
    await this.remove(actor, RECEPTIONS, id);
  }

  async createBrief(actor: Actor, input: BriefInput) {
    return briefView(await this.create(actor, BRIEFS, () => this.briefValues(input)));
  }

  async editBrief(actor: Actor, id: number, input: BriefInput) {
    return briefView(await this.edit(actor, BRIEFS, id, (b) => this.briefValues({ ...briefFields(b), ...input })));
  }

  async deleteBrief(actor: Actor, id: number) {
    await this.remove(actor, BRIEFS, id);
  }

  private honourValues(v: HonourInput) {
    const now = this.now();
    const receivedOn = checkPastCivilDate(v.receivedOn, now, '获得日期');
    const awardYear = pastYear(v.awardYear, now, '荣誉所属年度');
    if (awardYear > Number(receivedOn.slice(0, 4))) throw invalid('invalid_year', '荣誉所属年度不能晚于获得日期');
    return {
      name: text(v.name, '荣誉名称', 200),
      awardingBody: text(v.awardingBody, '授予单位', 100),
      level: oneOf(v.level, HONOUR_LEVELS, '荣誉级别应为国家级、省级、市级或区级'),
      awardYear,
      receivedOn,
    };
  }

  private receptionValues(v: ReceptionInput) {
    return {
      receivedOn: checkPastCivilDate(v.receivedOn, this.now(), '接待日期'),
      visitingBody: text(v.visitingBody, '来访单位', 100),
      level: oneOf(v.level, RECEPTION_LEVELS, '来访单位级别应为国家、省级、市级或其他'),
      kind: oneOf(v.kind, RECEPTION_KINDS, '接待类型应为现场会、调研督导或调研'),
      topic: text(v.topic, '接待主题', 200),
    };
  }

  private briefValues(v: BriefInput) {
    const issuedOn = checkPastCivilDate(v.issuedOn, this.now(), '印发日期');
    const issueNo = Number(v.issueNo);
    if (!Number.isInteger(issueNo) || issueNo < 1 || issueNo > ISSUE_NO_MAX) {
      throw invalid('invalid_issue_no', `期数应为1至${ISSUE_NO_MAX}之间的整数`);
    }
    return {
      series: text(v.series, '简报名称', 50),
      year: Number(issuedOn.slice(0, 4)),
      issueNo,
      issuedOn,
      title: text(v.title, '简报标题', 200),
    };
  }

  /** 期数 run per series and year: another brief of the same series, year and 期数 is refused (409). */
  private async checkIssue(manager: EntityManager, values: Record<string, unknown>, id?: number) {
    if (!('issueNo' in values)) return;
    const { series, year, issueNo } = values as { series: string; year: number; issueNo: number };
    const other = await manager.getRepository(OfficeBrief).findOneBy({ series, year, issueNo });
    if (other && other.id !== id) throw duplicateIssue(series, year, issueNo);
  }

  /** Creates a row of `values` (checked after the role, so a reader is told no before any field). */
  private async create<E extends ObjectLiteral>(
    actor: Actor,
    register: Register<E>,
    checked: () => Record<string, unknown>,
  ) {
    requireRoles(actor, EDITOR_ROLES, EDIT_REFUSED);
    const now = this.now();
    const values = checked();
    return this.write(values, () =>
      this.db().transaction(async (manager) => {
        await this.checkIssue(manager, values);
        const result = await manager.insert(register.entity, {
          ...values,
          recordedBy: actor.id,
          updatedBy: null,
        } as never);
        const row = await manager.getRepository(register.entity).findOneByOrFail({ id: result.identifiers[0]?.id });
        await audit(manager, {
          actor: actor.id,
          action: `${register.subject}.created`,
          subjectType: register.subject,
          subjectId: row.id,
          after: register.fields(row),
          at: now,
        });
        return row;
      }),
    );
  }

  /** Applies `merged` (the row with the edit over it, checked whole) to the row `id`. */
  private async edit<E extends ObjectLiteral>(
    actor: Actor,
    register: Register<E>,
    id: number,
    merged: (row: E) => Record<string, unknown>,
  ) {
    requireRoles(actor, EDITOR_ROLES, EDIT_REFUSED);
    const now = this.now();
    let attempted: Record<string, unknown> = {};
    return this.write(
      () => attempted,
      () =>
        this.db().transaction(async (manager) => {
          const row = await this.locked(manager, register, id);
          const values = merged(row);
          attempted = values;
          await this.checkIssue(manager, values, id);
          await manager.update(register.entity, { id }, { ...values, updatedBy: actor.id } as never);
          const after = await manager.getRepository(register.entity).findOneByOrFail({ id } as never);
          await audit(manager, {
            actor: actor.id,
            action: `${register.subject}.edited`,
            subjectType: register.subject,
            subjectId: id,
            before: register.fields(row),
            after: register.fields(after),
            at: now,
          });
          return after;
        }),
    );
  }

  private async remove<E extends ObjectLiteral>(actor: Actor, register: Register<E>, id: number) {
    requireRoles(actor, EDITOR_ROLES, EDIT_REFUSED);
    const now = this.now();
    await this.db().transaction(async (manager) => {
      const row = await this.locked(manager, register, id);
      await manager.delete(register.entity, { id } as never);
      await audit(manager, {
        actor: actor.id,
        action: `${register.subject}.deleted`,
        subjectType: register.subject,
        subjectId: id,
        before: register.fields(row),
        at: now,
      });
    });
  }

  private async locked<E extends ObjectLiteral>(manager: EntityManager, register: Register<E>, id: number) {
    const row = await lockedRow(manager, register.entity, { id } as never);
    if (!row) throw new DomainError('not_found', 'not_found', register.missing);
    return row as E;
  }

  /** Runs `work`; two briefs of one 期数 written at once meet the unique index: the loser is told as a 409. */
  private async write<T>(values: Record<string, unknown> | (() => Record<string, unknown>), work: () => Promise<T>) {
    try {
      return await work();
    } catch (err) {
      const v = typeof values === 'function' ? values() : values;
      if (isUniqueViolation(err) && 'issueNo' in v) {
        throw duplicateIssue(String(v.series), Number(v.year), Number(v.issueNo));
      }
      throw err;
    }
  }
}

const duplicateIssue = (series: string, year: number, issueNo: number) =>
  new DomainError('conflict', 'duplicate_issue', `《${series}》${year}年第${issueNo}期已登记，期数不能重复`);
