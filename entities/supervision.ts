import { Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import {
  BoolColumn,
  CreatedAtColumn,
  DateTimeColumn,
  DEPARTMENT_ID_LENGTH,
  IntColumn,
  JsonColumn,
  type JsonObject,
  TextColumn,
  UpdatedAtColumn,
  USER_ID_LENGTH,
  VarcharColumn,
} from './columns';

/**
 * Where a supervised matter comes from: 重点工作/重点项目, 领导批示/交办, 会议议定事项, 人大代表建议, 政协委员提案,
 * 信访交办函, 网民留言, 约稿.
 */
export const MATTER_SOURCES = [
  'key_work',
  'leader_instruction',
  'meeting_decision',
  'npc_suggestion',
  'cppcc_proposal',
  'petition',
  'netizen_message',
  'commissioned_article',
] as const;
export type MatterSource = (typeof MATTER_SOURCES)[number];

export const MATTER_STATUSES = ['assigned', 'accepted', 'in_progress', 'completed', 'evaluated', 'returned'] as const;
export type MatterStatus = (typeof MATTER_STATUSES)[number];

/** A 督办事项. Numbered per year and source (督〔2026〕12号); its deadline lives in `deadline`. */
@Entity({ name: 'matter' })
@Unique('uq_matter_number', ['year', 'source', 'sequence'])
@Index('ix_matter_unit_status', ['leadDepartmentId', 'status'])
@Index('ix_matter_status', ['status', 'assignedAt'])
/** Reports: the open matters of a period and their due instant, read from the index alone (overdue when asked). */
/** The matters that follow a deadline (the database copies its due instant to them). */
@Index('ix_matter_deadline', ['deadlineId'])
@Index('ix_matter_open_due', ['status', 'assignedAt', 'dueAt', 'leadDepartmentId', 'source'])
/** Reports: the open matters not yet due (the 看板's overdue = open − these), read from the index alone. */
@Index('ix_matter_pending', ['status', 'dueAt', 'assignedAt', 'leadDepartmentId', 'source'])
@Index('ix_matter_responsible', ['responsibleUserId', 'status'])
/** Reports: the matters assigned in a period, read from the index alone. */
@Index('ix_matter_assigned', [
  'assignedAt',
  'source',
  'leadDepartmentId',
  'status',
  'completedOnTime',
  'completedAt',
  'deadlineId',
])
export class Matter {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  year!: number;

  @VarcharColumn(24)
  source!: MatterSource;

  @IntColumn()
  sequence!: number;

  /** The number as printed, e.g. 督〔2026〕12号 or 建议〔2026〕3号. */
  @VarcharColumn(40)
  number!: string;

  @VarcharColumn(300)
  title!: string;

  @TextColumn({ nullable: true })
  content!: string | null;

  /** The leader who assigned or instructed it (交办领导). */
  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  assignedByUserId!: string | null;

  /** 牵头单位. Co-units (协办单位) are in matter_unit. */
  @VarcharColumn(DEPARTMENT_ID_LENGTH)
  leadDepartmentId!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  responsibleUserId!: string | null;

  @VarcharColumn(16, { default: 'assigned' })
  status!: MatterStatus;

  @VarcharColumn(64, { nullable: true })
  ruleCode!: string | null;

  @IntColumn({ nullable: true })
  deadlineId!: number | null;

  /** A periodic matter (重点工作) also has one deadline per reporting period, in matter_period. */
  @BoolColumn({ default: false })
  periodic!: boolean;

  @IntColumn({ nullable: true })
  documentId!: number | null;

  @IntColumn({ nullable: true })
  meetingId!: number | null;

  @DateTimeColumn()
  assignedAt!: Date;

  /**
   * The due instant in force of the matter's deadline (`deadlineId`), copied there by database triggers (migration
   * FigureRollups) whenever either side changes, so that overdue matters are counted from the matter's own index.
   * Never read or written through the entity: the deadline is the truth.
   */
  @DateTimeColumn({ nullable: true, select: false, insert: false, update: false })
  dueAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  acceptedAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  completedAt!: Date | null;

  /** Against the original deadline, whatever extensions were granted. */
  @BoolColumn({ nullable: true })
  completedOnTime!: boolean | null;

  /** 办理结果 / 答复. */
  @TextColumn({ nullable: true })
  reply!: string | null;

  /** 建议/提案: A 已解决或基本解决, B 正在解决或列入计划, C 因条件限制以后解决, D 留作参考. */
  @VarcharColumn(1, { nullable: true })
  outcomeClass!: 'A' | 'B' | 'C' | 'D' | null;

  /** 建议/提案: the unit met or talked with the deputy (见面/沟通). */
  @BoolColumn({ nullable: true })
  metDeputy!: boolean | null;

  /** 建议/提案: 满意 / 基本满意 / 不满意. */
  @VarcharColumn(24, { nullable: true })
  satisfaction!: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;

  /** 建议/提案: the deputy or member who raised it. */
  @VarcharColumn(64, { nullable: true })
  proposer!: string | null;

  /** Times urged by the supervision office (催办), shown in the bulletin. */
  @IntColumn({ default: 0 })
  urgeCount!: number;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  createdByUserId!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** 协办单位 of a matter. */
@Entity({ name: 'matter_unit' })
@Index(['departmentId'])
export class MatterUnit {
  @PrimaryColumn({ type: 'int' })
  matterId!: number;

  @PrimaryColumn({ type: 'varchar', length: DEPARTMENT_ID_LENGTH })
  departmentId!: string;
}

/** One reporting period of a periodic matter (e.g. 2026-03 for a monthly report due by the 5th). */
@Entity({ name: 'matter_period' })
@Unique('uq_matter_period', ['matterId', 'period'])
export class MatterPeriod {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  matterId!: number;

  @VarcharColumn(16)
  period!: string;

  @IntColumn({ nullable: true })
  deadlineId!: number | null;

  @IntColumn({ nullable: true })
  reportId!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** A progress report (进展情况), with attachments as links. */
@Entity({ name: 'progress_report' })
@Index(['matterId', 'reportedAt'])
export class ProgressReport {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  matterId!: number;

  @IntColumn({ nullable: true })
  periodId!: number | null;

  @VarcharColumn(USER_ID_LENGTH)
  userId!: string;

  @TextColumn()
  content!: string;

  /** 协办意见: the co-unit that gave it; null for the lead unit's own progress. */
  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  coDepartmentId!: string | null;

  @JsonColumn({ nullable: true })
  attachments!: { name: string; url: string }[] | null;

  @DateTimeColumn()
  reportedAt!: Date;
}

/** 延期申请: requested before expiry, decided by the supervision office; the original deadline is kept. */
@Entity({ name: 'extension_request' })
@Index(['matterId'])
@Index(['status'])
export class ExtensionRequest {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  matterId!: number;

  @VarcharColumn(USER_ID_LENGTH)
  requestedByUserId!: string;

  @TextColumn()
  reason!: string;

  /** How much longer was asked for, in `unit` (the rule's extension unit: workday, day or month). */
  @IntColumn({ default: 0 })
  amount!: number;

  @VarcharColumn(8, { default: 'day' })
  unit!: 'workday' | 'day' | 'month';

  /** When the unit asked (the before-expiry check is made against this, not against the decision). */
  @DateTimeColumn()
  requestedAt!: Date;

  @DateTimeColumn()
  previousDueAt!: Date;

  /** The due instant the request would give, computed under the rule when it was made. */
  @DateTimeColumn()
  requestedDueAt!: Date;

  /** The due instant in force once approved (what the deadline became). */
  @DateTimeColumn({ nullable: true })
  grantedDueAt!: Date | null;

  @VarcharColumn(16, { default: 'pending' })
  status!: 'pending' | 'approved' | 'refused';

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  decidedByUserId!: string | null;

  @DateTimeColumn({ nullable: true })
  decidedAt!: Date | null;

  @TextColumn({ nullable: true })
  decisionNote!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** The supervision office's evaluation of a completed matter. */
@Entity({ name: 'evaluation' })
@Index(['matterId'])
export class Evaluation {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  matterId!: number;

  @VarcharColumn(USER_ID_LENGTH)
  evaluatorUserId!: string;

  /** 优秀 / 良好 / 一般 / 较差 as codes. */
  @VarcharColumn(16)
  grade!: 'excellent' | 'good' | 'fair' | 'poor';

  @TextColumn({ nullable: true })
  comment!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** A 督查通报, numbered 第N期 per year. The figures it printed are kept as they were published. */
@Entity({ name: 'bulletin' })
@Unique('uq_bulletin_issue', ['year', 'issueNo'])
@Unique('uq_bulletin_month', ['month'])
export class Bulletin {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  year!: number;

  @IntColumn()
  issueNo!: number;

  /** The month it reports on, YYYY-MM. */
  @VarcharColumn(7)
  month!: string;

  @VarcharColumn(200)
  title!: string;

  @JsonColumn()
  figures!: JsonObject;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  publishedBy!: string | null;

  @DateTimeColumn({ nullable: true })
  publishedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
