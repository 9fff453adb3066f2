import type { MigrationInterface, QueryRunner } from 'typeorm';
import { runForDialect } from './run-for-dialect';

const sqliteUp = [
  'CREATE TABLE "meeting_type" ("code" varchar(32) PRIMARY KEY NOT NULL, "name" varchar(50) NOT NULL, "sort_order" integer NOT NULL DEFAULT (100), "active" boolean NOT NULL DEFAULT (1), "updated_by" varchar(64), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'CREATE TABLE "discipline_notice" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "year" integer NOT NULL, "number" integer NOT NULL, "title" varchar(200) NOT NULL, "period_start" varchar(10) NOT NULL, "period_end" varchar(10) NOT NULL, "entries" text NOT NULL, "issued_by" varchar(64) NOT NULL, "issued_at" datetime(3) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), CONSTRAINT "uq_discipline_notice_number" UNIQUE ("year", "number"))',
  'DROP INDEX "ix_meeting_starts"',
  'DROP INDEX "ix_meeting_type"',
  'DROP INDEX "uq_meeting_calendar_event"',
  'CREATE TABLE "temporary_meeting" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "type" varchar(32) NOT NULL, "title" varchar(200) NOT NULL, "starts_at" datetime(3) NOT NULL, "ends_at" datetime(3), "place" varchar(200), "organiser_user_id" varchar(64), "department_id" varchar(32), "status" varchar(16) NOT NULL DEFAULT (\'draft\'), "confirm_by" datetime(3), "sign_in_code" varchar(16), "calendar_event_id" varchar(128), "origin" varchar(16) NOT NULL DEFAULT (\'duban\'), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "agenda" text, "notified_at" datetime(3), "external" text, "needs_sync" boolean NOT NULL DEFAULT (0))',
  'INSERT INTO "temporary_meeting"("id", "type", "title", "starts_at", "ends_at", "place", "organiser_user_id", "department_id", "status", "confirm_by", "sign_in_code", "calendar_event_id", "origin", "created_at", "updated_at") SELECT "id", "type", "title", "starts_at", "ends_at", "place", "organiser_user_id", "department_id", "status", "confirm_by", "sign_in_code", "calendar_event_id", "origin", "created_at", "updated_at" FROM "meeting"',
  'DROP TABLE "meeting"',
  'ALTER TABLE "temporary_meeting" RENAME TO "meeting"',
  'CREATE INDEX "ix_meeting_starts" ON "meeting" ("starts_at") ',
  'CREATE INDEX "ix_meeting_type" ON "meeting" ("type", "starts_at") ',
  'CREATE UNIQUE INDEX "uq_meeting_calendar_event" ON "meeting" ("calendar_event_id") ',
  'DROP INDEX "IDX_dae5056773a18e0fc060e78765"',
  'CREATE TABLE "temporary_meeting_attendee" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "meeting_id" integer NOT NULL, "user_id" varchar(64), "department_id" varchar(32), "response" varchar(16) NOT NULL DEFAULT (\'pending\'), "leave_reason" text, "substitute_user_id" varchar(64), "read_at" datetime(3), "responded_at" datetime(3), "signed_in_at" datetime(3), "late" boolean, "deadline_id" integer, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "substitute_for_id" integer, CONSTRAINT "uq_meeting_attendee" UNIQUE ("meeting_id", "user_id"))',
  'INSERT INTO "temporary_meeting_attendee"("id", "meeting_id", "user_id", "department_id", "response", "leave_reason", "substitute_user_id", "read_at", "responded_at", "signed_in_at", "late", "deadline_id", "created_at") SELECT "id", "meeting_id", "user_id", "department_id", "response", "leave_reason", "substitute_user_id", "read_at", "responded_at", "signed_in_at", "late", "deadline_id", "created_at" FROM "meeting_attendee"',
  'DROP TABLE "meeting_attendee"',
  'ALTER TABLE "temporary_meeting_attendee" RENAME TO "meeting_attendee"',
  'CREATE INDEX "IDX_dae5056773a18e0fc060e78765" ON "meeting_attendee" ("user_id", "response") ',
  'DROP INDEX "IDX_f4733268fa0a9cc03377bf1a58"',
  'CREATE TABLE "temporary_meeting_decision" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "meeting_id" integer NOT NULL, "content" text NOT NULL, "lead_department_id" varchar(32), "matter_id" integer, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "due_date" varchar(10), "created_by" varchar(64))',
  'INSERT INTO "temporary_meeting_decision"("id", "meeting_id", "content", "lead_department_id", "matter_id", "created_at") SELECT "id", "meeting_id", "content", "lead_department_id", "matter_id", "created_at" FROM "meeting_decision"',
  'DROP TABLE "meeting_decision"',
  'ALTER TABLE "temporary_meeting_decision" RENAME TO "meeting_decision"',
  'CREATE INDEX "IDX_f4733268fa0a9cc03377bf1a58" ON "meeting_decision" ("meeting_id") ',
];
const sqliteDown = [
  'DROP INDEX "IDX_f4733268fa0a9cc03377bf1a58"',
  'ALTER TABLE "meeting_decision" RENAME TO "temporary_meeting_decision"',
  'CREATE TABLE "meeting_decision" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "meeting_id" integer NOT NULL, "content" text NOT NULL, "lead_department_id" varchar(32), "matter_id" integer, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'INSERT INTO "meeting_decision"("id", "meeting_id", "content", "lead_department_id", "matter_id", "created_at") SELECT "id", "meeting_id", "content", "lead_department_id", "matter_id", "created_at" FROM "temporary_meeting_decision"',
  'DROP TABLE "temporary_meeting_decision"',
  'CREATE INDEX "IDX_f4733268fa0a9cc03377bf1a58" ON "meeting_decision" ("meeting_id") ',
  'DROP INDEX "IDX_dae5056773a18e0fc060e78765"',
  'ALTER TABLE "meeting_attendee" RENAME TO "temporary_meeting_attendee"',
  'CREATE TABLE "meeting_attendee" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "meeting_id" integer NOT NULL, "user_id" varchar(64), "department_id" varchar(32), "response" varchar(16) NOT NULL DEFAULT (\'pending\'), "leave_reason" text, "substitute_user_id" varchar(64), "read_at" datetime(3), "responded_at" datetime(3), "signed_in_at" datetime(3), "late" boolean, "deadline_id" integer, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), CONSTRAINT "uq_meeting_attendee" UNIQUE ("meeting_id", "user_id"))',
  'INSERT INTO "meeting_attendee"("id", "meeting_id", "user_id", "department_id", "response", "leave_reason", "substitute_user_id", "read_at", "responded_at", "signed_in_at", "late", "deadline_id", "created_at") SELECT "id", "meeting_id", "user_id", "department_id", "response", "leave_reason", "substitute_user_id", "read_at", "responded_at", "signed_in_at", "late", "deadline_id", "created_at" FROM "temporary_meeting_attendee"',
  'DROP TABLE "temporary_meeting_attendee"',
  'CREATE INDEX "IDX_dae5056773a18e0fc060e78765" ON "meeting_attendee" ("user_id", "response") ',
  'DROP INDEX "uq_meeting_calendar_event"',
  'DROP INDEX "ix_meeting_type"',
  'DROP INDEX "ix_meeting_starts"',
  'ALTER TABLE "meeting" RENAME TO "temporary_meeting"',
  'CREATE TABLE "meeting" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "type" varchar(32) NOT NULL, "title" varchar(200) NOT NULL, "starts_at" datetime(3) NOT NULL, "ends_at" datetime(3), "place" varchar(200), "organiser_user_id" varchar(64), "department_id" varchar(32), "status" varchar(16) NOT NULL DEFAULT (\'draft\'), "confirm_by" datetime(3), "sign_in_code" varchar(16), "calendar_event_id" varchar(128), "origin" varchar(16) NOT NULL DEFAULT (\'duban\'), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'INSERT INTO "meeting"("id", "type", "title", "starts_at", "ends_at", "place", "organiser_user_id", "department_id", "status", "confirm_by", "sign_in_code", "calendar_event_id", "origin", "created_at", "updated_at") SELECT "id", "type", "title", "starts_at", "ends_at", "place", "organiser_user_id", "department_id", "status", "confirm_by", "sign_in_code", "calendar_event_id", "origin", "created_at", "updated_at" FROM "temporary_meeting"',
  'DROP TABLE "temporary_meeting"',
  'CREATE UNIQUE INDEX "uq_meeting_calendar_event" ON "meeting" ("calendar_event_id") ',
  'CREATE INDEX "ix_meeting_type" ON "meeting" ("type", "starts_at") ',
  'CREATE INDEX "ix_meeting_starts" ON "meeting" ("starts_at") ',
  'DROP TABLE "discipline_notice"',
  'DROP TABLE "meeting_type"',
];
const mysqlUp = [
  "CREATE TABLE `meeting_type` (`code` varchar(32) NOT NULL, `name` varchar(50) NOT NULL, `sort_order` int NOT NULL DEFAULT '100', `active` tinyint NOT NULL DEFAULT 1, `updated_by` varchar(64) NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (`code`)) ENGINE=InnoDB",
  'CREATE TABLE `discipline_notice` (`id` int NOT NULL AUTO_INCREMENT, `year` int NOT NULL, `number` int NOT NULL, `title` varchar(200) NOT NULL, `period_start` varchar(10) NOT NULL, `period_end` varchar(10) NOT NULL, `entries` text NOT NULL, `issued_by` varchar(64) NOT NULL, `issued_at` datetime(3) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_discipline_notice_number` (`year`, `number`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
  'ALTER TABLE `meeting` ADD `agenda` text NULL',
  'ALTER TABLE `meeting` ADD `notified_at` datetime(3) NULL',
  'ALTER TABLE `meeting` ADD `external` text NULL',
  'ALTER TABLE `meeting` ADD `needs_sync` tinyint NOT NULL DEFAULT 0',
  'ALTER TABLE `meeting_attendee` ADD `substitute_for_id` int NULL',
  'ALTER TABLE `meeting_decision` ADD `due_date` varchar(10) NULL',
  'ALTER TABLE `meeting_decision` ADD `created_by` varchar(64) NULL',
];
const mysqlDown = [
  'ALTER TABLE `meeting_decision` DROP COLUMN `created_by`',
  'ALTER TABLE `meeting_decision` DROP COLUMN `due_date`',
  'ALTER TABLE `meeting_attendee` DROP COLUMN `substitute_for_id`',
  'ALTER TABLE `meeting` DROP COLUMN `needs_sync`',
  'ALTER TABLE `meeting` DROP COLUMN `external`',
  'ALTER TABLE `meeting` DROP COLUMN `notified_at`',
  'ALTER TABLE `meeting` DROP COLUMN `agenda`',
  'DROP INDEX `uq_discipline_notice_number` ON `discipline_notice`',
  'DROP TABLE `discipline_notice`',
  'DROP TABLE `meeting_type`',
];

export class MeetingsNoticesAndDiscipline1795636359312 implements MigrationInterface {
  name = 'MeetingsNoticesAndDiscipline1795636359312';

  async up(runner: QueryRunner) {
    await runForDialect(runner, { sqlite: sqliteUp, mysql: mysqlUp });
  }

  async down(runner: QueryRunner) {
    await runForDialect(runner, { sqlite: sqliteDown, mysql: mysqlDown });
  }
}
