import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  DateTimeColumn,
  IntColumn,
  JsonColumn,
  type JsonObject,
  TextColumn,
  USER_ID_LENGTH,
  VarcharColumn,
} from './columns';

export const INBOX_STATUSES = ['pending', 'done', 'failed', 'ignored'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

/**
 * An event DingTalk delivered. Stored (unique on eventId) before DingTalk gets its answer, processed afterwards.
 * A row is claimed by a worker through `lockedBy`/`lockedUntil`, so several processes share the work.
 */
@Entity({ name: 'inbox_event' })
@Index('uq_inbox_event_id', ['eventId'], { unique: true })
@Index('ix_inbox_due', ['status', 'nextAttemptAt'])
export class InboxEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @VarcharColumn(128)
  eventId!: string;

  @VarcharColumn(64)
  eventType!: string;

  @VarcharColumn(64)
  corpId!: string;

  @VarcharColumn(8)
  transport!: 'http' | 'stream' | 'reconcile';

  @DateTimeColumn()
  bornAt!: Date;

  @JsonColumn()
  payload!: JsonObject;

  @VarcharColumn(8, { default: 'pending' })
  status!: InboxStatus;

  @IntColumn({ default: 0 })
  attempts!: number;

  @DateTimeColumn()
  nextAttemptAt!: Date;

  @TextColumn({ nullable: true })
  lastError!: string | null;

  @VarcharColumn(64, { nullable: true })
  lockedBy!: string | null;

  @DateTimeColumn({ nullable: true })
  lockedUntil!: Date | null;

  @DateTimeColumn({ nullable: true })
  processedAt!: Date | null;

  @CreatedAtColumn()
  receivedAt!: Date;
}

export const OUTBOX_CHANNELS = ['work_notice', 'robot_o2o', 'group_robot'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * A message Duban will send, written in the same transaction as the change that calls for it. The idempotency
 * key makes planning twice harmless and guarantees one send per reminder.
 */
@Entity({ name: 'outbox_notification' })
@Index('uq_outbox_key', ['idempotencyKey'], { unique: true })
@Index('ix_outbox_due', ['status', 'nextAttemptAt'])
@Index('ix_outbox_recipient', ['recipientUserId', 'scheduledAt'])
@Index('ix_outbox_subject', ['subjectType', 'subjectId'])
@Index('ix_outbox_recipient_sent', ['recipientUserId', 'sentAt'])
@Index('ix_outbox_group_sent', ['recipientGroup', 'sentAt'])
@Index('ix_outbox_receipt', ['receiptCheckAt'])
export class OutboxNotification {
  @PrimaryGeneratedColumn()
  id!: number;

  @VarcharColumn(191)
  idempotencyKey!: string;

  @VarcharColumn(16)
  channel!: OutboxChannel;

  /** warning, due, overdue, escalation, urge, digest, meeting_notice, bulletin… */
  @VarcharColumn(24)
  kind!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  recipientUserId!: string | null;

  /** For group robots: which configured group. */
  @VarcharColumn(64, { nullable: true })
  recipientGroup!: string | null;

  @VarcharColumn(24, { nullable: true })
  subjectType!: string | null;

  @IntColumn({ nullable: true })
  subjectId!: number | null;

  @JsonColumn()
  payload!: JsonObject;

  @DateTimeColumn()
  scheduledAt!: Date;

  @VarcharColumn(12, { default: 'pending' })
  status!: OutboxStatus;

  @IntColumn({ default: 0 })
  attempts!: number;

  @DateTimeColumn()
  nextAttemptAt!: Date;

  @TextColumn({ nullable: true })
  lastError!: string | null;

  @VarcharColumn(64, { nullable: true })
  claimedBy!: string | null;

  @DateTimeColumn({ nullable: true })
  claimedUntil!: Date | null;

  @DateTimeColumn({ nullable: true })
  sentAt!: Date | null;

  /** DingTalk's task id for a work notice, to read its send result (read / unread). */
  @VarcharColumn(64, { nullable: true })
  dingtalkTaskId!: string | null;

  @DateTimeColumn({ nullable: true })
  readAt!: Date | null;

  /**
   * SHA-256 of the exact message sent (set when the send starts): DingTalk drops the same content to the same
   * person twice a day, so the dispatcher looks for it before sending, and resends byte-identical content only.
   */
  @VarcharColumn(64, { nullable: true })
  contentHash!: string | null;

  /** Work notices: when to read DingTalk's send result next (read receipts, refusals); null when settled. */
  @DateTimeColumn({ nullable: true })
  receiptCheckAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** Every change a person (or the system on their behalf) makes: who, what, before, after, why. */
@Entity({ name: 'audit_log' })
@Index('ix_audit_subject', ['subjectType', 'subjectId'])
@Index('ix_audit_at', ['at'])
export class AuditLog {
  @PrimaryGeneratedColumn()
  id!: number;

  @DateTimeColumn()
  at!: Date;

  /** A user id, or 'system' for changes Duban makes by itself (recomputations, event processing). */
  @VarcharColumn(USER_ID_LENGTH)
  actor!: string;

  @VarcharColumn(48)
  action!: string;

  @VarcharColumn(32)
  subjectType!: string;

  @VarcharColumn(64)
  subjectId!: string;

  @JsonColumn({ nullable: true })
  before!: JsonObject | null;

  @JsonColumn({ nullable: true })
  after!: JsonObject | null;

  @TextColumn({ nullable: true })
  reason!: string | null;
}
