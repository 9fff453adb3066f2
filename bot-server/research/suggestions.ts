/**
 * 督查建议 made while supervising a matter (addressed to a unit, optionally carried in a bulletin issue), and the
 * log of 现场督查 and 电话督查 of a matter. Both are recorded by 督查室 on a matter, audited, and counted by the
 * figures `supervision.suggestions` and `supervision.inspections` (reports/research-figures.ts).
 */
import { type DataSource, type EntityManager, In } from 'typeorm';
import {
  Bulletin,
  type InspectionKind,
  Matter,
  SupervisionInspection,
  SupervisionSuggestion,
  User,
} from '../../entities';
import { audit } from '../audit/audit';
import { invalid, requireRoles, text, unitNames, unitOf } from '../duty/petition-access';
import { DomainError } from '../errors/domain-error';
import type { Actor } from '../supervision/types';
import { civilDateOf, pastCivilDate, SUGGESTION_READERS, SUGGESTION_RECORDERS } from './access';

export const INSPECTION_KIND_NAMES: Record<InspectionKind, string> = { site: '现场督查', phone: '电话督查' };

export interface SuggestionInput {
  text?: string;
  /** YYYY-MM-DD, Shanghai; today when not given. */
  madeOn?: string | null;
  /** Who made it; the one recording when not given. */
  madeBy?: string | null;
  /** The unit it is addressed to; the matter's lead unit when not given. */
  departmentId?: string | null;
  bulletinId?: number | null;
}

export interface SuggestionView {
  id: number;
  matterId: number;
  text: string;
  madeOn: string;
  madeBy: { id: string; name: string };
  unit: { id: string; name: string };
  bulletin: { id: number; year: number; issueNo: number; title: string } | null;
}

export interface InspectionInput {
  kind?: InspectionKind;
  /** YYYY-MM-DD, Shanghai; today when not given. */
  on?: string | null;
  note?: string | null;
}

export interface InspectionView {
  id: number;
  matterId: number;
  kind: InspectionKind;
  kindName: string;
  on: string;
  note: string | null;
  recordedBy: { id: string; name: string };
}

export class SuggestionService {
  constructor(
    private readonly db: () => DataSource,
    private readonly clock: () => Date,
  ) {}

  async create(actor: Actor, matterId: number, input: SuggestionInput): Promise<SuggestionView> {
    requireRoles(actor, SUGGESTION_RECORDERS, '只有督查室可以登记督查建议');
    const now = this.clock();
    return this.db().transaction(async (manager) => {
      const matter = await this.matterOf(manager, matterId);
      const body = text(input.text, '督查建议内容', 5000, true);
      const madeAt = pastCivilDate(input.madeOn || civilDateOf(now), now, '建议日期');
      const madeBy = input.madeBy?.trim() || actor.id;
      const user = await manager.getRepository(User).findOneBy({ id: madeBy });
      if (!user) throw invalid('unknown_user', `提出人“${madeBy}”不存在`);
      const unit = await unitOf(manager, input.departmentId?.trim() || matter.leadDepartmentId, '建议对象单位');
      if (input.bulletinId !== undefined && input.bulletinId !== null) {
        if (!(await manager.getRepository(Bulletin).existsBy({ id: input.bulletinId }))) {
          throw invalid('unknown_bulletin', `没有编号为${input.bulletinId}的督查通报`);
        }
      }
      const values = {
        matterId,
        text: body,
        madeAt,
        madeBy,
        departmentId: unit.id,
        bulletinId: input.bulletinId ?? null,
        recordedBy: actor.id,
      };
      const result = await manager.insert(SupervisionSuggestion, values);
      const id = Number(result.identifiers[0]?.id);
      await audit(manager, {
        actor: actor.id,
        action: 'matter.suggestion_made',
        subjectType: 'matter',
        subjectId: matterId,
        after: { suggestionId: id, ...values, madeAt: civilDateOf(madeAt) },
        at: now,
      });
      const row = await manager.getRepository(SupervisionSuggestion).findOneByOrFail({ id });
      return (await this.suggestionViews(manager, [row]))[0] as SuggestionView;
    });
  }

  /** The suggestions on a matter, oldest first. */
  async list(actor: Actor, matterId: number): Promise<SuggestionView[]> {
    requireRoles(actor, SUGGESTION_READERS, '您没有查看督查建议的权限');
    const manager = this.db().manager;
    await this.matterOf(manager, matterId);
    const rows = await manager
      .getRepository(SupervisionSuggestion)
      .find({ where: { matterId }, order: { madeAt: 'ASC', id: 'ASC' } });
    return this.suggestionViews(manager, rows);
  }

  async recordInspection(actor: Actor, matterId: number, input: InspectionInput): Promise<InspectionView> {
    requireRoles(actor, SUGGESTION_RECORDERS, '只有督查室可以登记现场督查、电话督查');
    const now = this.clock();
    return this.db().transaction(async (manager) => {
      await this.matterOf(manager, matterId);
      if (input.kind !== 'site' && input.kind !== 'phone') {
        throw invalid('invalid_input', '督查方式应为“现场督查”或“电话督查”');
      }
      const at = pastCivilDate(input.on || civilDateOf(now), now, '督查日期');
      const values = { matterId, kind: input.kind, at, note: text(input.note, '督查情况', 500), recordedBy: actor.id };
      const result = await manager.insert(SupervisionInspection, values);
      const id = Number(result.identifiers[0]?.id);
      await audit(manager, {
        actor: actor.id,
        action: 'matter.inspection_recorded',
        subjectType: 'matter',
        subjectId: matterId,
        after: { inspectionId: id, kind: values.kind, on: civilDateOf(at), note: values.note },
        at: now,
      });
      const row = await manager.getRepository(SupervisionInspection).findOneByOrFail({ id });
      return (await this.inspectionViews(manager, [row]))[0] as InspectionView;
    });
  }

  async inspections(actor: Actor, matterId: number): Promise<InspectionView[]> {
    requireRoles(actor, SUGGESTION_READERS, '您没有查看督查记录的权限');
    const manager = this.db().manager;
    await this.matterOf(manager, matterId);
    const rows = await manager
      .getRepository(SupervisionInspection)
      .find({ where: { matterId }, order: { at: 'ASC', id: 'ASC' } });
    return this.inspectionViews(manager, rows);
  }

  private async matterOf(manager: EntityManager, id: number): Promise<Matter> {
    const matter = await manager.getRepository(Matter).findOneBy({ id });
    if (!matter) throw new DomainError('not_found', 'unknown_matter', '没有这个督办事项');
    return matter;
  }

  private async namesOf(manager: EntityManager, ids: string[]) {
    const users = ids.length ? await manager.getRepository(User).findBy({ id: In([...new Set(ids)]) }) : [];
    return (id: string) => ({ id, name: users.find((u) => u.id === id)?.name ?? id });
  }

  private async suggestionViews(manager: EntityManager, rows: SupervisionSuggestion[]): Promise<SuggestionView[]> {
    const bulletinIds = rows.map((r) => r.bulletinId).filter((x): x is number => x !== null);
    const [nameOf, units, bulletins] = await Promise.all([
      this.namesOf(
        manager,
        rows.map((r) => r.madeBy),
      ),
      unitNames(
        manager,
        rows.map((r) => r.departmentId),
      ),
      bulletinIds.length ? manager.getRepository(Bulletin).findBy({ id: In(bulletinIds) }) : [],
    ]);
    return rows.map((r) => {
      const b = bulletins.find((x) => x.id === r.bulletinId);
      return {
        id: r.id,
        matterId: r.matterId,
        text: r.text,
        madeOn: civilDateOf(r.madeAt),
        madeBy: nameOf(r.madeBy),
        unit: { id: r.departmentId, name: units.get(r.departmentId) ?? r.departmentId },
        bulletin: b ? { id: b.id, year: b.year, issueNo: b.issueNo, title: b.title } : null,
      };
    });
  }

  private async inspectionViews(manager: EntityManager, rows: SupervisionInspection[]): Promise<InspectionView[]> {
    const nameOf = await this.namesOf(
      manager,
      rows.map((r) => r.recordedBy),
    );
    return rows.map((r) => ({
      id: r.id,
      matterId: r.matterId,
      kind: r.kind,
      kindName: INSPECTION_KIND_NAMES[r.kind],
      on: civilDateOf(r.at),
      note: r.note,
      recordedBy: nameOf(r.recordedBy),
    }));
  }
}
