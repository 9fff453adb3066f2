import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import {
  BoolColumn,
  CivilDateColumn,
  CreatedAtColumn,
  IntColumn,
  UpdatedAtColumn,
  USER_ID_LENGTH,
  VarcharColumn,
} from './columns';

/**
 * The office's small registers and yearly ledgers (bot-server/ledgers/README.md): honours, receptions of visiting
 * bodies, briefs issued, and the entries of a year's campaign or programme. Each year-end figure is one plain SQL
 * count or sum over one of these tables (bot-server/reports/ledger-figures.ts). Dates are Shanghai civil dates
 * (`YYYY-MM-DD`); sums of money are exact integers of 0.01 万元 (one unit = 100 元), never floats.
 */

/** 国家级, 省级, 市级, 区级. */
export const HONOUR_LEVELS = ['national', 'provincial', 'city', 'district'] as const;
export type HonourLevel = (typeof HONOUR_LEVELS)[number];

/** 国家, 省, 市, 其他 (the level of the visiting body). */
export const RECEPTION_LEVELS = ['national', 'provincial', 'city', 'other'] as const;
export type ReceptionLevel = (typeof RECEPTION_LEVELS)[number];

/** 现场会, 调研督导, 调研. */
export const RECEPTION_KINDS = ['site_meeting', 'inspection', 'research'] as const;
export type ReceptionKind = (typeof RECEPTION_KINDS)[number];

/** 学习教育 (党史学习教育-style campaigns), 结对帮扶, 双创, 其他. */
export const LEDGER_KINDS = ['campaign', 'pairing', 'civic', 'other'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * The categories an entry may have, by its ledger's kind; a category belongs to one kind only, so a figure reads
 * the entry alone. Money categories carry an amount; the others count one each (件, 份, 个, 次).
 */
export const LEDGER_CATEGORIES = {
  campaign: ['practical_deed', 'problem_list', 'problem'],
  pairing: ['home_visit', 'raised_funds', 'project_funds'],
  civic: ['civic_funds', 'civic_activity'],
  other: ['other_item', 'other_funds'],
} as const satisfies Record<LedgerKind, readonly string[]>;
export type LedgerCategory = (typeof LEDGER_CATEGORIES)[LedgerKind][number];

/** The categories whose entries carry an amount in 万元. */
export const MONEY_CATEGORIES: readonly LedgerCategory[] = [
  'raised_funds',
  'project_funds',
  'civic_funds',
  'other_funds',
];

/** 荣誉: an honour the office received. */
@Entity({ name: 'office_honour' })
@Index('ix_office_honour_received', ['receivedOn'])
export class OfficeHonour {
  @PrimaryGeneratedColumn()
  id!: number;

  /** 荣誉名称, e.g. 2025年度全省政务信息工作优秀单位. */
  @VarcharColumn(200)
  name!: string;

  /** 授予单位. */
  @VarcharColumn(100)
  awardingBody!: string;

  @VarcharColumn(16)
  level!: HonourLevel;

  /** The year the honour is for (年度), not always the year it was received. */
  @IntColumn()
  awardYear!: number;

  /** 获得日期: the date the office received it; the figures count it in this date's year. */
  @CivilDateColumn()
  receivedOn!: string;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** 接待: a visiting body's 现场会, 调研督导 or 调研 the office received. */
@Entity({ name: 'office_reception' })
@Index('ix_office_reception_on', ['receivedOn'])
export class OfficeReception {
  @PrimaryGeneratedColumn()
  id!: number;

  @CivilDateColumn()
  receivedOn!: string;

  /** 来访单位. */
  @VarcharColumn(100)
  visitingBody!: string;

  @VarcharColumn(16)
  level!: ReceptionLevel;

  @VarcharColumn(16)
  kind!: ReceptionKind;

  /** 主题. */
  @VarcharColumn(200)
  topic!: string;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** 简报: one issue (期) of a series of briefs the office drafted, e.g. 五型政府简报 2026年第3期. */
@Entity({ name: 'office_brief' })
@Index('uq_office_brief_issue', ['series', 'year', 'issueNo'], { unique: true })
@Index('ix_office_brief_issued', ['issuedOn'])
export class OfficeBrief {
  @PrimaryGeneratedColumn()
  id!: number;

  /** 简报名称 (the series). */
  @VarcharColumn(50)
  series!: string;

  /** The year of `issuedOn`: 期数 run per series and year. */
  @IntColumn()
  year!: number;

  /** 期数. */
  @IntColumn()
  issueNo!: number;

  @CivilDateColumn()
  issuedOn!: string;

  @VarcharColumn(200)
  title!: string;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** 台账: a named campaign or programme of one year, e.g. 2026年党史学习教育, 结对帮扶, 创建全国文明城市. */
@Entity({ name: 'office_ledger' })
@Index('uq_office_ledger_name', ['year', 'name'], { unique: true })
export class OfficeLedger {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  year!: number;

  @VarcharColumn(16)
  kind!: LedgerKind;

  @VarcharColumn(100)
  name!: string;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/**
 * 台账记录: one entry of a ledger, dated within the ledger's year. A money entry has `amountCentiWan` (万元 × 100,
 * exact); any other counts one. A 问题 says whether it was rectified and when.
 */
@Entity({ name: 'office_ledger_entry' })
@Index('ix_office_ledger_entry_ledger', ['ledgerId', 'enteredOn'])
@Index('ix_office_ledger_entry_on', ['enteredOn'])
export class OfficeLedgerEntry {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  ledgerId!: number;

  @VarcharColumn(24)
  category!: LedgerCategory;

  @CivilDateColumn()
  enteredOn!: string;

  @VarcharColumn(200)
  title!: string;

  /** 金额 in 0.01 万元 (100 元); null for an entry that counts one. */
  @IntColumn({ nullable: true })
  amountCentiWan!: number | null;

  /** 问题: 已整改; null for other categories. */
  @BoolColumn({ nullable: true })
  rectified!: boolean | null;

  @CivilDateColumn({ nullable: true })
  rectifiedOn!: string | null;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
