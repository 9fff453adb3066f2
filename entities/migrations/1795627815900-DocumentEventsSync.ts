import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runForDialect } from './run-for-dialect';

const sqliteUp = [
  'CREATE TABLE "document_problem" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(32) NOT NULL, "problem_key" varchar(160) NOT NULL, "process_code" varchar(64), "process_instance_id" varchar(64), "last_event_id" varchar(128), "message" varchar(500) NOT NULL, "occurrences" integer NOT NULL DEFAULT (1), "first_seen_at" datetime(3) NOT NULL, "last_seen_at" datetime(3) NOT NULL, CONSTRAINT "uq_document_problem" UNIQUE ("kind", "problem_key"))',
  'DROP INDEX "ix_document_kind_status"',
  'DROP INDEX "ix_document_unit"',
  'DROP INDEX "uq_document_instance"',
  'CREATE TABLE "temporary_document" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "origin" varchar(16) NOT NULL DEFAULT (\'dingtalk\'), "process_instance_id" varchar(64), "process_code" varchar(64), "business_id" varchar(64), "title" varchar(300) NOT NULL, "doc_number" varchar(100), "issuing_org" varchar(100), "urgency" varchar(16) NOT NULL DEFAULT (\'normal\'), "security_level" varchar(16), "originator_user_id" varchar(64), "department_id" varchar(32), "status" varchar(16) NOT NULL DEFAULT (\'open\'), "received_at" datetime(3) NOT NULL, "closed_at" datetime(3), "form_values" text, "problems" text, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "result" varchar(16), "url" text, "form_loaded_at" datetime(3), "sync_due_at" datetime(3), "sync_attempts" integer NOT NULL DEFAULT (0), "sync_error" varchar(500), "last_synced_at" datetime(3))',
  'INSERT INTO "temporary_document"("id", "kind", "origin", "process_instance_id", "process_code", "business_id", "title", "doc_number", "issuing_org", "urgency", "security_level", "originator_user_id", "department_id", "status", "received_at", "closed_at", "form_values", "problems", "created_at", "updated_at") SELECT "id", "kind", "origin", "process_instance_id", "process_code", "business_id", "title", "doc_number", "issuing_org", "urgency", "security_level", "originator_user_id", "department_id", "status", "received_at", "closed_at", "form_values", "problems", "created_at", "updated_at" FROM "document"',
  'DROP TABLE "document"',
  'ALTER TABLE "temporary_document" RENAME TO "document"',
  'CREATE INDEX "ix_document_kind_status" ON "document" ("kind", "status", "received_at") ',
  'CREATE INDEX "ix_document_unit" ON "document" ("department_id", "status") ',
  'CREATE UNIQUE INDEX "uq_document_instance" ON "document" ("process_instance_id") ',
  'DROP INDEX "ix_step_document"',
  'DROP INDEX "ix_step_assignee"',
  'DROP INDEX "uq_step_task"',
  'CREATE TABLE "temporary_document_step" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "document_id" integer NOT NULL, "task_id" varchar(64), "activity_id" varchar(64), "node_name" varchar(100), "stage" varchar(16), "assignee_user_id" varchar(64), "department_id" varchar(32), "status" varchar(16) NOT NULL DEFAULT (\'open\'), "result" varchar(16), "comment" text, "started_at" datetime(3) NOT NULL, "finished_at" datetime(3), "deadline_id" integer, "on_time" boolean, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "url" text)',
  'INSERT INTO "temporary_document_step"("id", "document_id", "task_id", "activity_id", "node_name", "stage", "assignee_user_id", "department_id", "status", "result", "comment", "started_at", "finished_at", "deadline_id", "on_time", "created_at", "updated_at") SELECT "id", "document_id", "task_id", "activity_id", "node_name", "stage", "assignee_user_id", "department_id", "status", "result", "comment", "started_at", "finished_at", "deadline_id", "on_time", "created_at", "updated_at" FROM "document_step"',
  'DROP TABLE "document_step"',
  'ALTER TABLE "temporary_document_step" RENAME TO "document_step"',
  'CREATE INDEX "ix_step_document" ON "document_step" ("document_id") ',
  'CREATE INDEX "ix_step_assignee" ON "document_step" ("assignee_user_id", "status") ',
  'CREATE UNIQUE INDEX "uq_step_task" ON "document_step" ("task_id") ',
  'CREATE INDEX "ix_document_sync" ON "document" ("sync_due_at") ',
];
const sqliteDown = [
  'DROP INDEX "ix_document_sync"',
  'DROP INDEX "uq_step_task"',
  'DROP INDEX "ix_step_assignee"',
  'DROP INDEX "ix_step_document"',
  'ALTER TABLE "document_step" RENAME TO "temporary_document_step"',
  'CREATE TABLE "document_step" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "document_id" integer NOT NULL, "task_id" varchar(64), "activity_id" varchar(64), "node_name" varchar(100), "stage" varchar(16), "assignee_user_id" varchar(64), "department_id" varchar(32), "status" varchar(16) NOT NULL DEFAULT (\'open\'), "result" varchar(16), "comment" text, "started_at" datetime(3) NOT NULL, "finished_at" datetime(3), "deadline_id" integer, "on_time" boolean, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'INSERT INTO "document_step"("id", "document_id", "task_id", "activity_id", "node_name", "stage", "assignee_user_id", "department_id", "status", "result", "comment", "started_at", "finished_at", "deadline_id", "on_time", "created_at", "updated_at") SELECT "id", "document_id", "task_id", "activity_id", "node_name", "stage", "assignee_user_id", "department_id", "status", "result", "comment", "started_at", "finished_at", "deadline_id", "on_time", "created_at", "updated_at" FROM "temporary_document_step"',
  'DROP TABLE "temporary_document_step"',
  'CREATE UNIQUE INDEX "uq_step_task" ON "document_step" ("task_id") ',
  'CREATE INDEX "ix_step_assignee" ON "document_step" ("assignee_user_id", "status") ',
  'CREATE INDEX "ix_step_document" ON "document_step" ("document_id") ',
  'DROP INDEX "uq_document_instance"',
  'DROP INDEX "ix_document_unit"',
  'DROP INDEX "ix_document_kind_status"',
  'ALTER TABLE "document" RENAME TO "temporary_document"',
  'CREATE TABLE "document" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "origin" varchar(16) NOT NULL DEFAULT (\'dingtalk\'), "process_instance_id" varchar(64), "process_code" varchar(64), "business_id" varchar(64), "title" varchar(300) NOT NULL, "doc_number" varchar(100), "issuing_org" varchar(100), "urgency" varchar(16) NOT NULL DEFAULT (\'normal\'), "security_level" varchar(16), "originator_user_id" varchar(64), "department_id" varchar(32), "status" varchar(16) NOT NULL DEFAULT (\'open\'), "received_at" datetime(3) NOT NULL, "closed_at" datetime(3), "form_values" text, "problems" text, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'INSERT INTO "document"("id", "kind", "origin", "process_instance_id", "process_code", "business_id", "title", "doc_number", "issuing_org", "urgency", "security_level", "originator_user_id", "department_id", "status", "received_at", "closed_at", "form_values", "problems", "created_at", "updated_at") SELECT "id", "kind", "origin", "process_instance_id", "process_code", "business_id", "title", "doc_number", "issuing_org", "urgency", "security_level", "originator_user_id", "department_id", "status", "received_at", "closed_at", "form_values", "problems", "created_at", "updated_at" FROM "temporary_document"',
  'DROP TABLE "temporary_document"',
  'CREATE UNIQUE INDEX "uq_document_instance" ON "document" ("process_instance_id") ',
  'CREATE INDEX "ix_document_unit" ON "document" ("department_id", "status") ',
  'CREATE INDEX "ix_document_kind_status" ON "document" ("kind", "status", "received_at") ',
  'DROP TABLE "document_problem"',
];
const mysqlUp = [
  "CREATE TABLE `document_problem` (`id` int NOT NULL AUTO_INCREMENT, `kind` varchar(32) NOT NULL, `problem_key` varchar(160) NOT NULL, `process_code` varchar(64) NULL, `process_instance_id` varchar(64) NULL, `last_event_id` varchar(128) NULL, `message` varchar(500) NOT NULL, `occurrences` int NOT NULL DEFAULT '1', `first_seen_at` datetime(3) NOT NULL, `last_seen_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_document_problem` (`kind`, `problem_key`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
  'ALTER TABLE `document` ADD `result` varchar(16) NULL',
  'ALTER TABLE `document` ADD `url` text NULL',
  'ALTER TABLE `document` ADD `form_loaded_at` datetime(3) NULL',
  'ALTER TABLE `document` ADD `sync_due_at` datetime(3) NULL',
  "ALTER TABLE `document` ADD `sync_attempts` int NOT NULL DEFAULT '0'",
  'ALTER TABLE `document` ADD `sync_error` varchar(500) NULL',
  'ALTER TABLE `document` ADD `last_synced_at` datetime(3) NULL',
  'ALTER TABLE `document_step` ADD `url` text NULL',
  'CREATE INDEX `ix_document_sync` ON `document` (`sync_due_at`)',
];
const mysqlDown = [
  'DROP INDEX `ix_document_sync` ON `document`',
  'ALTER TABLE `document_step` DROP COLUMN `url`',
  'ALTER TABLE `document` DROP COLUMN `last_synced_at`',
  'ALTER TABLE `document` DROP COLUMN `sync_error`',
  'ALTER TABLE `document` DROP COLUMN `sync_attempts`',
  'ALTER TABLE `document` DROP COLUMN `sync_due_at`',
  'ALTER TABLE `document` DROP COLUMN `form_loaded_at`',
  'ALTER TABLE `document` DROP COLUMN `url`',
  'ALTER TABLE `document` DROP COLUMN `result`',
  'DROP INDEX `uq_document_problem` ON `document_problem`',
  'DROP TABLE `document_problem`',
];

export class DocumentEventsSync1795627815900 implements MigrationInterface {
  name = 'DocumentEventsSync1795627815900';

  async up(runner: QueryRunner) {
    await runForDialect(runner, { sqlite: sqliteUp, mysql: mysqlUp });
  }

  async down(runner: QueryRunner) {
    await runForDialect(runner, { sqlite: sqliteDown, mysql: mysqlDown });
  }
}
