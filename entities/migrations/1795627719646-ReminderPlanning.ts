import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runForDialect } from './run-for-dialect';

const sqliteUp = [
  'DROP INDEX "uq_outbox_key"',
  'DROP INDEX "ix_outbox_due"',
  'DROP INDEX "ix_outbox_recipient"',
  'DROP INDEX "ix_outbox_subject"',
  'CREATE TABLE "temporary_outbox_notification" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "idempotency_key" varchar(191) NOT NULL, "channel" varchar(16) NOT NULL, "kind" varchar(24) NOT NULL, "recipient_user_id" varchar(64), "recipient_group" varchar(64), "subject_type" varchar(24), "subject_id" integer, "payload" text NOT NULL, "scheduled_at" datetime(3) NOT NULL, "status" varchar(12) NOT NULL DEFAULT (\'pending\'), "attempts" integer NOT NULL DEFAULT (0), "next_attempt_at" datetime(3) NOT NULL, "last_error" text, "claimed_by" varchar(64), "claimed_until" datetime(3), "sent_at" datetime(3), "dingtalk_task_id" varchar(64), "read_at" datetime(3), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "content_hash" varchar(64), "receipt_check_at" datetime(3))',
  'INSERT INTO "temporary_outbox_notification"("id", "idempotency_key", "channel", "kind", "recipient_user_id", "recipient_group", "subject_type", "subject_id", "payload", "scheduled_at", "status", "attempts", "next_attempt_at", "last_error", "claimed_by", "claimed_until", "sent_at", "dingtalk_task_id", "read_at", "created_at") SELECT "id", "idempotency_key", "channel", "kind", "recipient_user_id", "recipient_group", "subject_type", "subject_id", "payload", "scheduled_at", "status", "attempts", "next_attempt_at", "last_error", "claimed_by", "claimed_until", "sent_at", "dingtalk_task_id", "read_at", "created_at" FROM "outbox_notification"',
  'DROP TABLE "outbox_notification"',
  'ALTER TABLE "temporary_outbox_notification" RENAME TO "outbox_notification"',
  'CREATE UNIQUE INDEX "uq_outbox_key" ON "outbox_notification" ("idempotency_key") ',
  'CREATE INDEX "ix_outbox_due" ON "outbox_notification" ("status", "next_attempt_at") ',
  'CREATE INDEX "ix_outbox_recipient" ON "outbox_notification" ("recipient_user_id", "scheduled_at") ',
  'CREATE INDEX "ix_outbox_subject" ON "outbox_notification" ("subject_type", "subject_id") ',
  'DROP INDEX "ix_deadline_open_due"',
  'DROP INDEX "ix_deadline_assignee"',
  'DROP INDEX "ix_deadline_unit"',
  'DROP INDEX "ix_deadline_subject"',
  'CREATE TABLE "temporary_deadline" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "subject_type" varchar(24) NOT NULL, "subject_id" integer NOT NULL, "purpose" varchar(24) NOT NULL, "rule_code" varchar(64), "received_at" datetime(3) NOT NULL, "received_date" varchar(10) NOT NULL, "due_date" varchar(10) NOT NULL, "due_at" datetime(3) NOT NULL, "original_due_date" varchar(10) NOT NULL, "original_due_at" datetime(3) NOT NULL, "approximate" boolean NOT NULL DEFAULT (0), "calendar_version" varchar(32) NOT NULL, "calendar_scope" varchar(32) NOT NULL DEFAULT (\'office\'), "inputs" text, "extensions" text, "warnings" text, "urgent" boolean NOT NULL DEFAULT (0), "status" varchar(8) NOT NULL DEFAULT (\'open\'), "closed_at" datetime(3), "met_on_time" boolean, "assignee_user_id" varchar(64), "department_id" varchar(32), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "next_reminder_at" datetime(3), "reminded_through" datetime(3), "reminder_due_at" datetime(3), "escalation_level" integer NOT NULL DEFAULT (0))',
  'INSERT INTO "temporary_deadline"("id", "subject_type", "subject_id", "purpose", "rule_code", "received_at", "received_date", "due_date", "due_at", "original_due_date", "original_due_at", "approximate", "calendar_version", "calendar_scope", "inputs", "extensions", "warnings", "urgent", "status", "closed_at", "met_on_time", "assignee_user_id", "department_id", "created_at", "updated_at") SELECT "id", "subject_type", "subject_id", "purpose", "rule_code", "received_at", "received_date", "due_date", "due_at", "original_due_date", "original_due_at", "approximate", "calendar_version", "calendar_scope", "inputs", "extensions", "warnings", "urgent", "status", "closed_at", "met_on_time", "assignee_user_id", "department_id", "created_at", "updated_at" FROM "deadline"',
  'DROP TABLE "deadline"',
  'ALTER TABLE "temporary_deadline" RENAME TO "deadline"',
  'CREATE INDEX "ix_deadline_open_due" ON "deadline" ("status", "due_at") ',
  'CREATE INDEX "ix_deadline_assignee" ON "deadline" ("assignee_user_id", "status", "due_at") ',
  'CREATE INDEX "ix_deadline_unit" ON "deadline" ("department_id", "status", "due_at") ',
  'CREATE INDEX "ix_deadline_subject" ON "deadline" ("subject_type", "subject_id") ',
  'CREATE INDEX "ix_outbox_receipt" ON "outbox_notification" ("receipt_check_at") ',
  'CREATE INDEX "ix_outbox_group_sent" ON "outbox_notification" ("recipient_group", "sent_at") ',
  'CREATE INDEX "ix_outbox_recipient_sent" ON "outbox_notification" ("recipient_user_id", "sent_at") ',
  'CREATE INDEX "ix_deadline_reminder" ON "deadline" ("status", "next_reminder_at") ',
];
const sqliteDown = [
  'DROP INDEX "ix_deadline_reminder"',
  'DROP INDEX "ix_outbox_recipient_sent"',
  'DROP INDEX "ix_outbox_group_sent"',
  'DROP INDEX "ix_outbox_receipt"',
  'DROP INDEX "ix_deadline_subject"',
  'DROP INDEX "ix_deadline_unit"',
  'DROP INDEX "ix_deadline_assignee"',
  'DROP INDEX "ix_deadline_open_due"',
  'ALTER TABLE "deadline" RENAME TO "temporary_deadline"',
  'CREATE TABLE "deadline" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "subject_type" varchar(24) NOT NULL, "subject_id" integer NOT NULL, "purpose" varchar(24) NOT NULL, "rule_code" varchar(64), "received_at" datetime(3) NOT NULL, "received_date" varchar(10) NOT NULL, "due_date" varchar(10) NOT NULL, "due_at" datetime(3) NOT NULL, "original_due_date" varchar(10) NOT NULL, "original_due_at" datetime(3) NOT NULL, "approximate" boolean NOT NULL DEFAULT (0), "calendar_version" varchar(32) NOT NULL, "calendar_scope" varchar(32) NOT NULL DEFAULT (\'office\'), "inputs" text, "extensions" text, "warnings" text, "urgent" boolean NOT NULL DEFAULT (0), "status" varchar(8) NOT NULL DEFAULT (\'open\'), "closed_at" datetime(3), "met_on_time" boolean, "assignee_user_id" varchar(64), "department_id" varchar(32), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'INSERT INTO "deadline"("id", "subject_type", "subject_id", "purpose", "rule_code", "received_at", "received_date", "due_date", "due_at", "original_due_date", "original_due_at", "approximate", "calendar_version", "calendar_scope", "inputs", "extensions", "warnings", "urgent", "status", "closed_at", "met_on_time", "assignee_user_id", "department_id", "created_at", "updated_at") SELECT "id", "subject_type", "subject_id", "purpose", "rule_code", "received_at", "received_date", "due_date", "due_at", "original_due_date", "original_due_at", "approximate", "calendar_version", "calendar_scope", "inputs", "extensions", "warnings", "urgent", "status", "closed_at", "met_on_time", "assignee_user_id", "department_id", "created_at", "updated_at" FROM "temporary_deadline"',
  'DROP TABLE "temporary_deadline"',
  'CREATE INDEX "ix_deadline_subject" ON "deadline" ("subject_type", "subject_id") ',
  'CREATE INDEX "ix_deadline_unit" ON "deadline" ("department_id", "status", "due_at") ',
  'CREATE INDEX "ix_deadline_assignee" ON "deadline" ("assignee_user_id", "status", "due_at") ',
  'CREATE INDEX "ix_deadline_open_due" ON "deadline" ("status", "due_at") ',
  'DROP INDEX "ix_outbox_subject"',
  'DROP INDEX "ix_outbox_recipient"',
  'DROP INDEX "ix_outbox_due"',
  'DROP INDEX "uq_outbox_key"',
  'ALTER TABLE "outbox_notification" RENAME TO "temporary_outbox_notification"',
  'CREATE TABLE "outbox_notification" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "idempotency_key" varchar(191) NOT NULL, "channel" varchar(16) NOT NULL, "kind" varchar(24) NOT NULL, "recipient_user_id" varchar(64), "recipient_group" varchar(64), "subject_type" varchar(24), "subject_id" integer, "payload" text NOT NULL, "scheduled_at" datetime(3) NOT NULL, "status" varchar(12) NOT NULL DEFAULT (\'pending\'), "attempts" integer NOT NULL DEFAULT (0), "next_attempt_at" datetime(3) NOT NULL, "last_error" text, "claimed_by" varchar(64), "claimed_until" datetime(3), "sent_at" datetime(3), "dingtalk_task_id" varchar(64), "read_at" datetime(3), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'INSERT INTO "outbox_notification"("id", "idempotency_key", "channel", "kind", "recipient_user_id", "recipient_group", "subject_type", "subject_id", "payload", "scheduled_at", "status", "attempts", "next_attempt_at", "last_error", "claimed_by", "claimed_until", "sent_at", "dingtalk_task_id", "read_at", "created_at") SELECT "id", "idempotency_key", "channel", "kind", "recipient_user_id", "recipient_group", "subject_type", "subject_id", "payload", "scheduled_at", "status", "attempts", "next_attempt_at", "last_error", "claimed_by", "claimed_until", "sent_at", "dingtalk_task_id", "read_at", "created_at" FROM "temporary_outbox_notification"',
  'DROP TABLE "temporary_outbox_notification"',
  'CREATE INDEX "ix_outbox_subject" ON "outbox_notification" ("subject_type", "subject_id") ',
  'CREATE INDEX "ix_outbox_recipient" ON "outbox_notification" ("recipient_user_id", "scheduled_at") ',
  'CREATE INDEX "ix_outbox_due" ON "outbox_notification" ("status", "next_attempt_at") ',
  'CREATE UNIQUE INDEX "uq_outbox_key" ON "outbox_notification" ("idempotency_key") ',
];
const mysqlUp = [
  'ALTER TABLE `outbox_notification` ADD `content_hash` varchar(64) NULL',
  'ALTER TABLE `outbox_notification` ADD `receipt_check_at` datetime(3) NULL',
  'ALTER TABLE `deadline` ADD `next_reminder_at` datetime(3) NULL',
  'ALTER TABLE `deadline` ADD `reminded_through` datetime(3) NULL',
  'ALTER TABLE `deadline` ADD `reminder_due_at` datetime(3) NULL',
  "ALTER TABLE `deadline` ADD `escalation_level` int NOT NULL DEFAULT '0'",
  'CREATE INDEX `ix_outbox_receipt` ON `outbox_notification` (`receipt_check_at`)',
  'CREATE INDEX `ix_outbox_group_sent` ON `outbox_notification` (`recipient_group`, `sent_at`)',
  'CREATE INDEX `ix_outbox_recipient_sent` ON `outbox_notification` (`recipient_user_id`, `sent_at`)',
  'CREATE INDEX `ix_deadline_reminder` ON `deadline` (`status`, `next_reminder_at`)',
];
const mysqlDown = [
  'DROP INDEX `ix_deadline_reminder` ON `deadline`',
  'DROP INDEX `ix_outbox_recipient_sent` ON `outbox_notification`',
  'DROP INDEX `ix_outbox_group_sent` ON `outbox_notification`',
  'DROP INDEX `ix_outbox_receipt` ON `outbox_notification`',
  'ALTER TABLE `deadline` DROP COLUMN `escalation_level`',
  'ALTER TABLE `deadline` DROP COLUMN `reminder_due_at`',
  'ALTER TABLE `deadline` DROP COLUMN `reminded_through`',
  'ALTER TABLE `deadline` DROP COLUMN `next_reminder_at`',
  'ALTER TABLE `outbox_notification` DROP COLUMN `receipt_check_at`',
  'ALTER TABLE `outbox_notification` DROP COLUMN `content_hash`',
];

export class ReminderPlanning1795627719646 implements MigrationInterface {
  name = 'ReminderPlanning1795627719646';

  async up(runner: QueryRunner) {
    await runForDialect(runner, { sqlite: sqliteUp, mysql: mysqlUp });
  }

  async down(runner: QueryRunner) {
    await runForDialect(runner, { sqlite: sqliteDown, mysql: mysqlDown });
  }
}
