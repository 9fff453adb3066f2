import { Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  DateTimeColumn,
  DEPARTMENT_ID_LENGTH,
  IntColumn,
  TextColumn,
  UpdatedAtColumn,
  USER_ID_LENGTH,
  VarcharColumn,
} from './columns';

/**
 * 草稿 → 已提交 (to the office) → 已编辑 (edited by the office) → 已报送 (reported upward); 已退回 (returned to the
 * unit with a reason) from 已提交 or 已编辑, after which the unit edits and submits again.
 */
export const INFORMATION_STATUSES = ['draft', 'submitted', 'edited', 'reported', 'returned'] as const;
export type InformationStatus = (typeof INFORMATION_STATUSES)[number];

/** 市政府办公室, 省政府办公厅, 国务院办公厅: the levels an item may be adopted at (and a 批示's leader's level). */
export const ADOPTION_LEVELS = ['city', 'province', 'state'] as const;
export type AdoptionLevel = (typeof ADOPTION_LEVELS)[number];

/** 全篇采用, 部分采用, 综合采用. */
export const ADOPTION_FORMS = ['whole', 'part', 'combined'] as const;
export type AdoptionForm = (typeof ADOPTION_FORMS)[number];

/** What a row of the score rule table prices: an adoption of a form, or a 批示 (the bonus). */
export const SCORE_KINDS = [...ADOPTION_FORMS, 'instruction'] as const;
export type ScoreKind = (typeof SCORE_KINDS)[number];

/** 全市排名, 全省排名: the outside rankings the office is notified of. */
export const RANKING_SCOPES = ['city', 'province'] as const;
export type RankingScope = (typeof RANKING_SCOPES)[number];

/**
 * A 政务信息 item: written by a unit, submitted to the office, edited there and reported upward (上报). It may
 * answer a 约稿 (a supervised matter of source `commissioned_article`).
 */
@Entity({ name: 'information_item' })
@Index('ix_information_item_unit', ['departmentId', 'submittedAt'])
@Index('ix_information_item_reported', ['reportedAt'])
@Index('ix_information_item_status', ['status', 'submittedAt'])
@Index('ix_information_item_matter', ['matterId'])
export class InformationItem {
  @PrimaryGeneratedColumn()
  id!: number;

  @VarcharColumn(200)
  title!: string;

  @TextColumn()
  content!: string;

  /** The submitting unit. */
  @VarcharColumn(DEPARTMENT_ID_LENGTH)
  departmentId!: string;

  @VarcharColumn(USER_ID_LENGTH)
  authorId!: string;

  @VarcharColumn(16)
  status!: InformationStatus;

  /** When the unit (last) submitted it to the office. */
  @DateTimeColumn({ nullable: true })
  submittedAt!: Date | null;

  /** When the office reported it upward. */
  @DateTimeColumn({ nullable: true })
  reportedAt!: Date | null;

  /** 退回原因 (the last return). */
  @VarcharColumn(500, { nullable: true })
  returnReason!: string | null;

  /** The 约稿 matter it answers. */
  @IntColumn({ nullable: true })
  matterId!: number | null;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** 采用: an item adopted at one level (at most once per level), in a form, perhaps with a leader's 批示. */
@Entity({ name: 'information_adoption' })
@Index('uq_information_adoption_level', ['itemId', 'level'], { unique: true })
@Index('ix_information_adoption_at', ['adoptedAt'])
export class InformationAdoption {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  itemId!: number;

  @VarcharColumn(16)
  level!: AdoptionLevel;

  @VarcharColumn(16)
  form!: AdoptionForm;

  /** The Shanghai start of the day of adoption. */
  @DateTimeColumn()
  adoptedAt!: Date;

  /** The level of the leader who gave a 批示 on it; null: none. */
  @VarcharColumn(16, { nullable: true })
  instructionLevel!: AdoptionLevel | null;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** The points of one level × kind (a form of adoption, or the 批示 bonus), as the office sets them. */
@Entity({ name: 'information_score_rule' })
export class InformationScoreRule {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  level!: AdoptionLevel;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind!: ScoreKind;

  @IntColumn()
  points!: number;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** 政务信息得分全市排名第X位 / 全省排名第X位 of a year, recorded when the notice arrives. */
@Entity({ name: 'information_ranking' })
@Index('uq_information_ranking', ['year', 'scope'], { unique: true })
export class InformationRanking {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  year!: number;

  @VarcharColumn(16)
  scope!: RankingScope;

  /** 第X位. */
  @IntColumn()
  rankNo!: number;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @DateTimeColumn()
  recordedAt!: Date;
}
