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

/** 收文 (incoming) or 发文 (outgoing). */
export const DOCUMENT_KINDS = ['incoming', 'outgoing'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** 收文: 登记→拟办→批办→承办→办结; 发文: 拟稿→核稿→签发→印发. */
export const DOCUMENT_STAGES = [
  'register',
  'propose',
  'instruct',
  'handle',
  'close',
  'draft',
  'review',
  'sign',
  'issue',
] as const;
export type DocumentStage = (typeof DOCUMENT_STAGES)[number];

/** 特急 / 加急 / 平件. */
export const URGENCIES = ['extra_urgent', 'urgent', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Which DingTalk approval template is which kind of document, and how its nodes map to stages. */
@Entity({ name: 'document_template' })
export class DocumentTemplate {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  processCode!: string;

  @VarcharColumn(100)
  name!: string;

  @VarcharColumn(16)
  kind!: DocumentKind;

  /** Node name or activity id → stage. */
  @JsonColumn()
  stageMap!: Record<string, DocumentStage>;

  /** Form field labels → our fields (文号, 来文单位, 紧急程度, 密级). */
  @JsonColumn({ nullable: true })
  formFields!: Record<string, string> | null;

  @BoolColumn({ default: true })
  active!: boolean;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** A 公文, from a DingTalk approval instance or registered by hand (paper). */
@Entity({ name: 'document' })
@Index('ix_document_kind_status', ['kind', 'status', 'receivedAt'])
@Index('ix_document_unit', ['departmentId', 'status'])
@Index('uq_document_instance', ['processInstanceId'], { unique: true })
@Index('ix_document_sync', ['syncDueAt'])
/** Reports: the documents of a period, read from the index alone. */
@Index('ix_document_received', ['receivedAt', 'status', 'kind', 'departmentId', 'origin'])
export class Document {
  @PrimaryGeneratedColumn()
  id!: number;

  @VarcharColumn(16)
  kind!: DocumentKind;

  @VarcharColumn(16, { default: 'dingtalk' })
  origin!: 'dingtalk' | 'paper';

  @VarcharColumn(64, { nullable: true })
  processInstanceId!: string | null;

  @VarcharColumn(64, { nullable: true })
  processCode!: string | null;

  @VarcharColumn(64, { nullable: true })
  businessId!: string | null;

  @VarcharColumn(300)
  title!: string;

  /** 文号, e.g. 区政办发〔2026〕12号. */
  @VarcharColumn(100, { nullable: true })
  docNumber!: string | null;

  /** 来文单位. */
  @VarcharColumn(100, { nullable: true })
  issuingOrg!: string | null;

  @VarcharColumn(16, { default: 'normal' })
  urgency!: Urgency;

  /** 密级, when the form has one. */
  @VarcharColumn(16, { nullable: true })
  securityLevel!: string | null;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  originatorUserId!: string | null;

  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  departmentId!: string | null;

  /** refused: the approval ended with 拒绝 (e.g. 签发 not granted): ended, but not 办结. */
  @VarcharColumn(16, { default: 'open' })
  status!: 'open' | 'completed' | 'refused' | 'withdrawn';

  /** How a finished approval ended: agree (同意) or refuse (拒绝); null while open or when withdrawn. */
  @VarcharColumn(16, { nullable: true })
  result!: 'agree' | 'refuse' | null;

  /** Opens the approval in DingTalk: the aflow URL the event carried (docs/dingtalk.md §7.5). */
  @TextColumn({ nullable: true })
  url!: string | null;

  /** When the form was read (from DingTalk, or typed in for paper): the document-level limits exist from then. */
  @DateTimeColumn({ nullable: true })
  formLoadedAt!: Date | null;

  /** When to read the approval instance from DingTalk next; null when nothing is missing. */
  @DateTimeColumn({ nullable: true })
  syncDueAt!: Date | null;

  @IntColumn({ default: 0 })
  syncAttempts!: number;

  /** Why the last read from DingTalk failed. */
  @VarcharColumn(500, { nullable: true })
  syncError!: string | null;

  @DateTimeColumn({ nullable: true })
  lastSyncedAt!: Date | null;

  /** Receipt (收文) or submission (发文). */
  @DateTimeColumn()
  receivedAt!: Date;

  @DateTimeColumn({ nullable: true })
  closedAt!: Date | null;

  @JsonColumn({ nullable: true })
  formValues!: JsonObject | null;

  /** What the events could not make sense of (an unknown node, a missing form field), for a person to see. */
  @JsonColumn({ nullable: true })
  problems!: string[] | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** One step of a document: a DingTalk approval task, or a stage of a paper document. */
@Entity({ name: 'document_step' })
@Index('ix_step_document', ['documentId'])
@Index('ix_step_assignee', ['assigneeUserId', 'status'])
@Index('uq_step_task', ['taskId'], { unique: true })
/** Reports: the steps finished in a period, read from the index alone. */
@Index('ix_step_finished', ['finishedAt', 'status', 'stage', 'onTime', 'departmentId'])
export class DocumentStep {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  documentId!: number;

  @VarcharColumn(64, { nullable: true })
  taskId!: string | null;

  @VarcharColumn(64, { nullable: true })
  activityId!: string | null;

  @VarcharColumn(100, { nullable: true })
  nodeName!: string | null;

  @VarcharColumn(16, { nullable: true })
  stage!: DocumentStage | null;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  assigneeUserId!: string | null;

  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  departmentId!: string | null;

  @VarcharColumn(16, { default: 'open' })
  status!: 'open' | 'done' | 'canceled' | 'redirected';

  @VarcharColumn(16, { nullable: true })
  result!: 'agree' | 'refuse' | null;

  @TextColumn({ nullable: true })
  comment!: string | null;

  @DateTimeColumn()
  startedAt!: Date;

  @DateTimeColumn({ nullable: true })
  finishedAt!: Date | null;

  /** Opens the task in DingTalk (`tasks[].pcUrl` of the instance). */
  @TextColumn({ nullable: true })
  url!: string | null;

  @IntColumn({ nullable: true })
  deadlineId!: number | null;

  @BoolColumn({ nullable: true })
  onTime!: boolean | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/**
 * An approval event Duban could not attach to any document: a template nobody configured, an event without an
 * instance id. One row per kind and key (the process code, the event id), counted, so an administrator sees
 * what arrives and can configure the template.
 */
@Entity({ name: 'document_problem' })
@Unique('uq_document_problem', ['kind', 'problemKey'])
export class DocumentProblem {
  @PrimaryGeneratedColumn()
  id!: number;

  @VarcharColumn(32)
  kind!: 'unknown_process' | 'bad_event';

  @VarcharColumn(160)
  problemKey!: string;

  @VarcharColumn(64, { nullable: true })
  processCode!: string | null;

  @VarcharColumn(64, { nullable: true })
  processInstanceId!: string | null;

  @VarcharColumn(128, { nullable: true })
  lastEventId!: string | null;

  /** For a person: what arrived and what to do about it. */
  @VarcharColumn(500)
  message!: string;

  @IntColumn({ default: 1 })
  occurrences!: number;

  @DateTimeColumn()
  firstSeenAt!: Date;

  @DateTimeColumn()
  lastSeenAt!: Date;
}
