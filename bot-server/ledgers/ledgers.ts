/**
 * 台账: a year's named campaign or programme (学习教育, 结对帮扶, 双创, 其他) and its entries, each of a category of
 * the ledger's kind, dated within the ledger's year: money categories carry an amount in 万元 (exact, 0.01 万元),
 * the others count one each; a 问题 says whether and when it was rectified. Every change is audited in its own
 * transaction; a refusal changes nothing. Domain only: the API is `api/ledgers/`.
 */
import type { DataSource, EntityManager } from 'typeorm';
import {
  type JsonObject,
  LEDGER_CATEGORIES,
  LEDGER_KINDS,
  type LedgerCategory,
  type LedgerKind,
  MONEY_CATEGORIES,
  OfficeLedger,
  OfficeLedgerEntry,
} from '../../entities';
import { audit } from '../audit/audit';
import { lockedRow } from '../db/lock';
import { isUniqueViolation } from '../db/unique-violation';
import { DomainError } from '../errors/domain-error';
import type { Actor } from '../supervision/types';
import { checkPastCivilDate } from '../timelimits/plausible';
import {
  amountCentiWan,
  EDITOR_ROLES,
  invalid,
  oneOf,
  pastYear,
  READER_ROLES,
  requireRoles,
  text,
  wanOf,
} from './input';

export const LEDGER_KIND_NAMES: Record<LedgerKind, string> = {
  campaign: '学习教育',
  pairing: '结对帮扶',
  civic: '双创',
  other: '其他',
};
export const CATEGORY_NAMES: Record<LedgerCategory, string> = {
  practical_deed: '办实事',
  problem_list: '检视问题清单',
  problem: '问题',
  home_visit: '入户走访',
  raised_funds: '筹集帮扶资金',
  project_funds: '争取项目资金',
  civic_funds: '投入资金',
  civic_activity: '集中活动',
  other_item: '其他事项',
  other_funds: '其他资金',
};

export interface LedgerInput {
  year?: number;
  kind?: string;
  name?: string;
}
export interface EntryInput {
  category?: string;
  enteredOn?: string;
  title?: string;
  /** 万元, at most two decimals ("12.5" or 12.5); money categories only. */
  amount?: string | number | null;
  /** 问题 only. */
  rectified?: boolean | null;
  rectifiedOn?: string | null;
}

const EDIT_REFUSED = '只有督查室、会务人员可以登记和修改办公室台账';
const READ_REFUSED = '您没有查看办公室台账的权限';

const ledgerFields = (l: OfficeLedger): JsonObject => ({ year: l.year, kind: l.kind, name: l.name });
const entryFields = (e: OfficeLedgerEntry): JsonObject => ({
  ledgerId: e.ledgerId,
  category: e.category,
  enteredOn: e.enteredOn,
  title: e.title,
  amountCentiWan: e.amountCentiWan,
  rectified: e.rectified,
  rectifiedOn: e.rectifiedOn,
});

export const entryView = (e: OfficeLedgerEntry) => ({
  id: e.id,
  ledgerId: e.ledgerId,
  category: e.category,
  categoryName: CATEGORY_NAMES[e.category] ?? e.category,
  enteredOn: e.enteredOn,
  title: e.title,
  /** 万元, exact ("12.50"); null for an entry that counts one. */
  amount: e.amountCentiWan === null ? null : wanOf(e.amountCentiWan),
  rectified: e.rectified === null ? null : Boolean(e.rectified),
  rectifiedOn: e.rectifiedOn,
});
export type EntryView = ReturnType<typeof entryView>;

export interface LedgerView {
  id: number;
  year: number;
  kind: LedgerKind;
  kindName: string;
  name: string;
  /** The categories its entries may have, with their names. */
  categories: { category: LedgerCategory; name: string; money: boolean }[];
  /** Per category: entries, and the amount (万元) of a money category. */
  totals: { category: LedgerCategory; entries: number; amount: string | null }[];
}

const categoriesOf = (kind: LedgerKind) =>
  (LEDGER_CATEGORIES[kind] as readonly LedgerCategory[]).map((category) => ({
    category,
    name: CATEGORY_NAMES[category],
    money: MONEY_CATEGORIES.includes(category),
  }));

const duplicateName = (year: number, name: string) =>
  new DomainError('conflict', 'duplicate_ledger', `${year}年已有名为“${name}”的台账`);

export class LedgerService {
  constructor(
    private readonly db: () => DataSource,
    readonly now: () => Date,
  ) {}

  /** The ledgers of a year, each with its totals per category. */
  async list(actor: Actor, year: number): Promise<LedgerView[]> {
    requireRoles(actor, READER_ROLES, READ_REFUSED);
    const manager = this.db().manager;
    const ledgers = await manager
      .getRepository(OfficeLedger)
      .find({ where: { year: pastYear(year, this.now()) }, order: { kind: 'ASC', id: 'ASC' } });
    return Promise.all(ledgers.map((l) => this.view(manager, l)));
  }

  /** One ledger and its entries, by date. */
  async get(actor: Actor, id: number): Promise<{ ledger: LedgerView; entries: EntryView[] }> {
    requireRoles(actor, READER_ROLES, READ_REFUSED);
    const manager = this.db().manager;
    const ledger = await manager.getRepository(OfficeLedger).findOneBy({ id });
    if (!ledger) throw new DomainError('not_found', 'not_found', '没有这本台账');
    const entries = await manager
      .getRepository(OfficeLedgerEntry)
      .find({ where: { ledgerId: id }, order: { enteredOn: 'ASC', id: 'ASC' } });
    return { ledger: await this.view(manager, ledger), entries: entries.map(entryView) };
  }

  async create(actor: Actor, input: LedgerInput): Promise<LedgerView> {
    requireRoles(actor, EDITOR_ROLES, EDIT_REFUSED);
    const now = this.now();
    const values = {
      year: pastYear(input.year, now, '台账年度'),
      kind: oneOf(input.kind, LEDGER_KINDS, '台账类型应为学习教育、结对帮扶、双创或其他'),
      name: text(input.name, '台账名称', 100),
    };
    return this.named(values, () =>
      this.db().transaction(async (manager) => {
        if (await manager.getRepository(OfficeLedger).existsBy({ year: values.year, name: values.name })) {
          throw duplicateName(values.year, values.name);
        }
        const result = await manager.insert(OfficeLedger, { ...values, recordedBy: actor.id, updatedBy: null });
        const ledger = await manager.getRepository(OfficeLedger).findOneByOrFail({ id: result.identifiers[0]?.id });
        await audit(manager, {
          actor: actor.id,
          action: 'office_ledger.created',
          subjectType: 'office_ledger',
          subjectId: ledger.id,
          after: ledgerFields(ledger),
          at: now,
        });
        return this.view(manager, ledger);
      }),
    );
  }

  /** Renames a ledger; its year and kind change only while it has no entries (they must stay of its year and kind). */
  async edit(actor: Actor, id: number, input: LedgerInput): Promise<LedgerView> {
    requireRoles(actor, EDITOR_ROLES, EDIT_REFUSED);
    const now = this.now();
    let attempted = { year: 0, name: '' };
    return this.named(
      () => attempted,
      () =>
        this.db().transaction(async (manager) => {
          const ledger = await this.locked(manager, id);
          const values = {
            year: input.year === undefined ? ledger.year : pastYear(input.year, now, '台账年度'),
            kind:
              input.kind === undefined
                ? ledger.kind
                : oneOf(input.kind, LEDGER_KINDS, '台账类型应为学习教育、结对帮扶、双创或其他'),
            name: input.name === undefined ? ledger.name : text(input.name, '台账名称', 100),
          };
          attempted = values;
          if (values.year !== ledger.year || values.kind !== ledger.kind) {
            const entries = await manager.getRepository(OfficeLedgerEntry).countBy({ ledgerId: id });
            if (entries > 0) {
              throw new DomainError('conflict', 'ledger_has_entries', '台账已有记录，不能再修改年度或类型');
            }
          }
          const other = await manager.getRepository(OfficeLedger).findOneBy({ year: values.year, name: values.name });
          if (other && other.id !== id) throw duplicateName(values.year, values.name);
          await manager.update(OfficeLedger, { id }, { ...values, updatedBy: actor.id });
          const after = await manager.getRepository(OfficeLedger).findOneByOrFail({ id });
          await audit(manager, {
            actor: actor.id,
            action: 'office_ledger.edited',
            subjectType: 'office_ledger',
            subjectId: id,
            before: ledgerFields(ledger),
            after: ledgerFields(after),
            at: now,
          });
          return this.view(manager, after);
        }),
    );
  }

  /** Deletes an empty ledger: its entries are deleted one by one first, each audited. */
  async remove(actor: Actor, id: number): Promise<void> {
    requireRoles(actor, EDITOR_ROLES, EDIT_REFUSED);
    const now = this.now();
    await this.db().transaction(async (manager) => {
      const ledger = await this.locked(manager, id);
      const entries = await manager.getRepository(OfficeLedgerEntry).countBy({ ledgerId: id });
      if (entries > 0) {
        throw new DomainError('conflict', 'ledger_has_entries', `台账下仍有${entries}条记录，请先删除记录`);
      }
      await manager.delete(OfficeLedger, { id });
      await audit(manager, {
        actor: actor.id,
        action: 'office_ledger.deleted',
        subjectType: 'office_ledger',
        subjectId: id,
        before: ledgerFields(ledger),
        at: now,
      });
    });
  }

  async addEntry(actor: Actor, ledgerId: number, input: EntryInput): Promise<EntryView> {
    requireRoles(actor, EDITOR_ROLES, EDIT_REFUSED);
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const ledger = await this.locked(manager, ledgerId);
      const values = this.entryValues(ledger, input, now);
      const result = await manager.insert(OfficeLedgerEntry, {
        ...values,
        ledgerId,
        recordedBy: actor.id,
        updatedBy: null,
      });
      const entry = await manager.getRepository(OfficeLedgerEntry).findOneByOrFail({ id: result.identifiers[0]?.id });
      await audit(manager, {
        actor: actor.id,
        action: 'office_ledger_entry.created',
        subjectType: 'office_ledger_entry',
        subjectId: entry.id,
        after: entryFields(entry),
        at: now,
      });
      return entryView(entry);
    });
  }

  /** Changes the fields given; the whole entry is checked again against its ledger. */
  async editEntry(actor: Actor, id: number, input: EntryInput): Promise<EntryView> {
    requireRoles(actor, EDITOR_ROLES, EDIT_REFUSED);
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const entry = await this.lockedEntry(manager, id);
      const ledger = await this.locked(manager, entry.ledgerId);
      const merged: EntryInput = {
        category: entry.category,
        enteredOn: entry.enteredOn,
        title: entry.title,
        amount: entry.amountCentiWan === null ? null : wanOf(entry.amountCentiWan),
        rectified: entry.rectified === null ? null : Boolean(entry.rectified),
        rectifiedOn: entry.rectifiedOn,
        ...input,
      };
      // Another category drops what only the old one had, unless the edit gives it again.
      if (input.category !== undefined && input.category !== entry.category) {
        if (input.amount === undefined) merged.amount = null;
        if (input.rectified === undefined) merged.rectified = null;
        if (input.rectifiedOn === undefined) merged.rectifiedOn = null;
      }
      const values = this.entryValues(ledger, merged, now);
      await manager.update(OfficeLedgerEntry, { id }, { ...values, updatedBy: actor.id });
      const after = await manager.getRepository(OfficeLedgerEntry).findOneByOrFail({ id });
      await audit(manager, {
        actor: actor.id,
        action: 'office_ledger_entry.edited',
        subjectType: 'office_ledger_entry',
        subjectId: id,
        before: entryFields(entry),
        after: entryFields(after),
        at: now,
      });
      return entryView(after);
    });
  }

  async removeEntry(actor: Actor, id: number): Promise<void> {
    requireRoles(actor, EDITOR_ROLES, EDIT_REFUSED);
    const now = this.now();
    await this.db().transaction(async (manager) => {
      const entry = await this.lockedEntry(manager, id);
      await manager.delete(OfficeLedgerEntry, { id });
      await audit(manager, {
        actor: actor.id,
        action: 'office_ledger_entry.deleted',
        subjectType: 'office_ledger_entry',
        subjectId: id,
        before: entryFields(entry),
        at: now,
      });
    });
  }

  /** The checked values of a whole entry of `ledger`. */
  private entryValues(ledger: OfficeLedger, v: EntryInput, now: Date) {
    const allowed = LEDGER_CATEGORIES[ledger.kind] as readonly LedgerCategory[];
    if (typeof v.category !== 'string' || !Object.hasOwn(CATEGORY_NAMES, v.category)) {
      throw invalid('invalid_category', '请选择记录类别');
    }
    const category = v.category as LedgerCategory;
    if (!allowed.includes(category)) {
      throw invalid(
        'category_not_of_kind',
        `“${CATEGORY_NAMES[category]}”不属于${LEDGER_KIND_NAMES[ledger.kind]}类台账，可选类别：${allowed
          .map((c) => CATEGORY_NAMES[c])
          .join('、')}`,
      );
    }
    const enteredOn = checkPastCivilDate(v.enteredOn, now, '记录日期');
    if (Number(enteredOn.slice(0, 4)) !== ledger.year) {
      throw invalid('outside_ledger_year', `记录日期应在台账年度（${ledger.year}年）内`);
    }
    const money = MONEY_CATEGORIES.includes(category);
    const given = v.amount !== undefined && v.amount !== null && v.amount !== '';
    if (!money && given) {
      throw invalid('amount_not_allowed', `“${CATEGORY_NAMES[category]}”按件次计数，不填写金额`);
    }
    const problem = category === 'problem';
    if (!problem && (v.rectified != null || v.rectifiedOn != null)) {
      throw invalid('rectified_not_allowed', '只有“问题”类记录填写整改情况');
    }
    const rectified = problem ? v.rectified === true : null;
    let rectifiedOn: string | null = null;
    if (rectified) {
      rectifiedOn = checkPastCivilDate(v.rectifiedOn, now, '整改完成日期');
      if (rectifiedOn < enteredOn) throw invalid('invalid_date', '整改完成日期不能早于问题查找日期');
    } else if (v.rectifiedOn != null) {
      throw invalid('rectified_not_allowed', '问题尚未整改，不填写整改完成日期');
    }
    return {
      category,
      enteredOn,
      title: text(v.title, '记录内容', 200),
      amountCentiWan: money ? amountCentiWan(v.amount, `${CATEGORY_NAMES[category]}金额`) : null,
      rectified,
      rectifiedOn,
    };
  }

  private async locked(manager: EntityManager, id: number): Promise<OfficeLedger> {
    const ledger = await lockedRow(manager, OfficeLedger, { id });
    if (!ledger) throw new DomainError('not_found', 'not_found', '没有这本台账');
    return ledger;
  }

  private async lockedEntry(manager: EntityManager, id: number): Promise<OfficeLedgerEntry> {
    const entry = await lockedRow(manager, OfficeLedgerEntry, { id });
    if (!entry) throw new DomainError('not_found', 'not_found', '没有这条台账记录');
    return entry;
  }

  private async view(manager: EntityManager, ledger: OfficeLedger): Promise<LedgerView> {
    const rows = (await manager
      .getRepository(OfficeLedgerEntry)
      .createQueryBuilder('e')
      .select('e.category', 'category')
      .addSelect('COUNT(*)', 'entries')
      .addSelect('SUM(e.amountCentiWan)', 'centi')
      .where('e.ledgerId = :id', { id: ledger.id })
      .groupBy('e.category')
      .getRawMany()) as { category: LedgerCategory; entries: number | string; centi: number | string | null }[];
    const categories = categoriesOf(ledger.kind);
    return {
      id: ledger.id,
      year: ledger.year,
      kind: ledger.kind,
      kindName: LEDGER_KIND_NAMES[ledger.kind] ?? ledger.kind,
      name: ledger.name,
      categories,
      totals: categories.map(({ category, money }) => {
        const row = rows.find((r) => r.category === category);
        return {
          category,
          entries: Number(row?.entries ?? 0),
          amount: money ? wanOf(Number(row?.centi ?? 0)) : null,
        };
      }),
    };
  }

  /** Two ledgers of one name written at once meet the unique index: the loser is told as a 409. */
  private async named<T>(
    values: { year: number; name: string } | (() => { year: number; name: string }),
    work: () => Promise<T>,
  ) {
    try {
      return await work();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const v = typeof values === 'function' ? values() : values;
      throw duplicateName(v.year, v.name);
    }
  }
}
