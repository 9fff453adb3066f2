import { Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  DateTimeColumn,
  IntColumn,
  TextColumn,
  UpdatedAtColumn,
  USER_ID_LENGTH,
  VarcharColumn,
} from './columns';

/** 自然灾害, 事故灾难, 公共卫生事件, 社会安全事件 (the four classes of 《中华人民共和国突发事件应对法》). */
export const INCIDENT_CATEGORIES = ['natural_disaster', 'accident', 'public_health', 'social_security'] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

/** 特别重大, 重大, 较大, 一般. */
export const INCIDENT_LEVELS = ['extraordinary', 'major', 'large', 'general'] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];

/** 电话初报, 书面初报, 续报, 终报. */
export const INCIDENT_REPORT_KINDS = ['phone', 'written', 'follow_up', 'final'] as const;
export type IncidentReportKind = (typeof INCIDENT_REPORT_KINDS)[number];

/** 电话, 传真, 钉钉, 政务内网, 其他. */
export const INCIDENT_REPORT_CHANNELS = ['phone', 'fax', 'dingtalk', 'intranet', 'other'] as const;
export type IncidentReportChannel = (typeof INCIDENT_REPORT_CHANNELS)[number];

/** The limits a report closes: every kind but 终报, which closes the incident. */
export type IncidentLimitKind = Exclude<IncidentReportKind, 'final'>;

/** open (running), met (a report of its kind was recorded), closed (the 终报 came first). */
export const INCIDENT_LIMIT_STATUSES = ['open', 'met', 'closed'] as const;
export type IncidentLimitStatus = (typeof INCIDENT_LIMIT_STATUSES)[number];

/**
 * A 突发事件信息 recorded by the person on duty (bot-server/duty/README.md, 「应急值班信息」): when it happened and
 * when the office knew (接报时间, from which every reporting limit counts), where, its class and level, what
 * happened, who told the office, and what was done. Open until its 终报.
 */
@Entity({ name: 'duty_incident' })
@Index('ix_duty_incident_known', ['knownAt'])
export class DutyIncident {
  @PrimaryGeneratedColumn()
  id!: number;

  @DateTimeColumn()
  occurredAt!: Date;

  /** 接报时间. */
  @DateTimeColumn()
  knownAt!: Date;

  @VarcharColumn(200)
  place!: string;

  @VarcharColumn(24)
  category!: IncidentCategory;

  @VarcharColumn(16)
  level!: IncidentLevel;

  /** 概要. */
  @TextColumn()
  summary!: string;

  /** 信息来源: who told the office. */
  @VarcharColumn(200)
  source!: string;

  /** 已采取的措施. */
  @TextColumn({ nullable: true })
  measures!: string | null;

  /** The 终报's time; null while open. */
  @DateTimeColumn({ nullable: true })
  closedAt!: Date | null;

  /** The shift on duty when it was recorded (its 带班领导 is told when a limit runs over). */
  @IntColumn({ nullable: true })
  shiftId!: number | null;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/**
 * One reporting limit of an incident, in minutes on instants at any hour (not a working-day `deadline`): 电话初报,
 * 书面初报, or the n-th 续报. The clock (duty/incident-clock.ts) sends the warning, the overdue notice and the
 * escalation once each; `nextStepAt` is the instant of the next of them still to come (null: none).
 */
@Entity({ name: 'duty_incident_limit' })
@Index('uq_duty_incident_limit', ['incidentId', 'kind', 'seq'], { unique: true })
@Index('ix_duty_incident_limit_next', ['status', 'nextStepAt'])
export class DutyIncidentLimit {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  incidentId!: number;

  @VarcharColumn(16)
  kind!: IncidentLimitKind;

  /** 0 for the first reports; 1, 2 … for the 续报. */
  @IntColumn()
  seq!: number;

  @DateTimeColumn()
  dueAt!: Date;

  @DateTimeColumn()
  warnAt!: Date;

  @DateTimeColumn()
  escalateAt!: Date;

  @VarcharColumn(16)
  status!: IncidentLimitStatus;

  @DateTimeColumn({ nullable: true })
  nextStepAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  warnedAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  overdueNoticeAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  escalatedAt!: Date | null;

  /** The report that met it, and when that report was made. */
  @IntColumn({ nullable: true })
  reportId!: number | null;

  @DateTimeColumn({ nullable: true })
  metAt!: Date | null;

  /** Minutes past the limit when it was met late; null when met in time or not met. */
  @IntColumn({ nullable: true })
  lateMinutes!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** A 报送记录: one report of the incident upward (to whom, when, how, by whom, what was said). */
@Entity({ name: 'duty_incident_report' })
@Index('ix_duty_incident_report_incident', ['incidentId', 'reportedAt'])
@Index('ix_duty_incident_report_at', ['reportedAt'])
export class DutyIncidentReport {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  incidentId!: number;

  @VarcharColumn(16)
  kind!: IncidentReportKind;

  /** 报送对象, e.g. 区委总值班室. */
  @VarcharColumn(100)
  recipient!: string;

  @DateTimeColumn()
  reportedAt!: Date;

  @VarcharColumn(16)
  channel!: IncidentReportChannel;

  /** Who reported (报送人); the recorder by default. */
  @VarcharColumn(50)
  reporter!: string;

  @TextColumn({ nullable: true })
  content!: string | null;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}

/**
 * The office's reporting rules for one level, as an administrator set them (系统管理 → 应急信息报送时限); absent
 * while the built-in defaults (duty/incident-rules.ts, with their sources) stand.
 */
@Entity({ name: 'duty_incident_rule' })
export class DutyIncidentRule {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  level!: IncidentLevel;

  /** The JSON of the level's rule (incident-rules.ts checks it). */
  @VarcharColumn(500)
  value!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
