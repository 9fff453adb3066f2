import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  DateTimeColumn,
  DEPARTMENT_ID_LENGTH,
  IntColumn,
  JsonColumn,
  TextColumn,
  UpdatedAtColumn,
  USER_ID_LENGTH,
  VarcharColumn,
} from './columns';

/** 草稿, 定稿: only a final report counts in the figures (形成调研报告X份). */
export const RESEARCH_STATUSES = ['draft', 'final'] as const;
export type ResearchStatus = (typeof RESEARCH_STATUSES)[number];

/** 现场督查, 电话督查. */
export const INSPECTION_KINDS = ['site', 'phone'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

/**
 * A 调研报告 of the office: its authors (users), the places and units visited, the Shanghai civil date it was
 * finished, and the problems it found (ResearchProblem). `finishedAt` is the instant that civil date begins in
 * Shanghai: the figures compare it with a period as they compare every other record's instant, and the date shown is
 * read back from it.
 */
@Entity({ name: 'research_report' })
@Index('ix_research_report_finished', ['status', 'finishedAt'])
export class ResearchReport {
  @PrimaryGeneratedColumn()
  id!: number;

  @VarcharColumn(200)
  title!: string;

  /** 调研主题. */
  @VarcharColumn(200)
  topic!: string;

  /** User ids, one or more, in the order given. */
  @JsonColumn()
  authorIds!: string[];

  /** 调研地点/单位, as written (a village or a company is not a unit of the organisation). */
  @JsonColumn()
  places!: string[];

  @DateTimeColumn()
  finishedAt!: Date;

  @TextColumn({ nullable: true })
  summary!: string | null;

  @VarcharColumn(16)
  status!: ResearchStatus;

  @DateTimeColumn({ nullable: true })
  finalisedAt!: Date | null;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** A 存在问题 a report found; it may become one supervised matter (交办事项), whose id it keeps. */
@Entity({ name: 'research_problem' })
@Index('ix_research_problem_report', ['reportId'])
@Index('uq_research_problem_matter', ['matterId'], { unique: true })
export class ResearchProblem {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  reportId!: number;

  @TextColumn()
  text!: string;

  /** The unit the problem concerns. */
  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  departmentId!: string | null;

  @IntColumn({ nullable: true })
  matterId!: number | null;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/**
 * A 督查建议 made while supervising a matter, addressed to a unit, optionally published in a bulletin issue.
 * `madeAt` is the instant its Shanghai civil date begins (as ResearchReport.finishedAt).
 */
@Entity({ name: 'supervision_suggestion' })
@Index('ix_supervision_suggestion_made', ['madeAt'])
@Index('ix_supervision_suggestion_matter', ['matterId'])
export class SupervisionSuggestion {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  matterId!: number;

  @TextColumn()
  text!: string;

  @DateTimeColumn()
  madeAt!: Date;

  /** Who made it (a user). */
  @VarcharColumn(USER_ID_LENGTH)
  madeBy!: string;

  /** The unit it is addressed to. */
  @VarcharColumn(DEPARTMENT_ID_LENGTH)
  departmentId!: string;

  @IntColumn({ nullable: true })
  bulletinId!: number | null;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** A 现场督查 or 电话督查 of a matter on a Shanghai civil date (`at`: the instant it begins). */
@Entity({ name: 'supervision_inspection' })
@Index('ix_supervision_inspection_at', ['at'])
@Index('ix_supervision_inspection_matter', ['matterId'])
export class SupervisionInspection {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  matterId!: number;

  @VarcharColumn(16)
  kind!: InspectionKind;

  @DateTimeColumn()
  at!: Date;

  @VarcharColumn(500, { nullable: true })
  note!: string | null;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
