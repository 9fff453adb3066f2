import { dialectMigration } from './run-for-dialect';

const sqliteUp = [
  'DROP INDEX "uq_meeting_calendar_event"',
  'DROP INDEX "ix_meeting_type"',
  'DROP INDEX "ix_meeting_starts"',
  'CREATE TABLE "temporary_meeting" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "type" varchar(32) NOT NULL, "title" varchar(200) NOT NULL, "starts_at" datetime(3) NOT NULL, "ends_at" datetime(3), "place" varchar(200), "organiser_user_id" varchar(64), "department_id" varchar(32), "status" varchar(16) NOT NULL DEFAULT (\'draft\'), "confirm_by" datetime(3), "sign_in_code" varchar(16), "calendar_event_id" varchar(128), "origin" varchar(16) NOT NULL DEFAULT (\'duban\'), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "agenda" text, "notified_at" datetime(3), "external" text, "needs_sync" boolean NOT NULL DEFAULT (0), "presider_user_id" varchar(64))',
  'INSERT INTO "temporary_meeting"("id", "type", "title", "starts_at", "ends_at", "place", "organiser_user_id", "department_id", "status", "confirm_by", "sign_in_code", "calendar_event_id", "origin", "created_at", "updated_at", "agenda", "notified_at", "external", "needs_sync") SELECT "id", "type", "title", "starts_at", "ends_at", "place", "organiser_user_id", "department_id", "status", "confirm_by", "sign_in_code", "calendar_event_id", "origin", "created_at", "updated_at", "agenda", "notified_at", "external", "needs_sync" FROM "meeting"',
  'DROP TABLE "meeting"',
  'ALTER TABLE "temporary_meeting" RENAME TO "meeting"',
  'CREATE UNIQUE INDEX "uq_meeting_calendar_event" ON "meeting" ("calendar_event_id") ',
  'CREATE INDEX "ix_meeting_type" ON "meeting" ("type", "starts_at") ',
  'CREATE INDEX "ix_meeting_starts" ON "meeting" ("starts_at") ',
  'DROP INDEX "IDX_dae5056773a18e0fc060e78765"',
  'CREATE TABLE "temporary_meeting_attendee" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "meeting_id" integer NOT NULL, "user_id" varchar(64), "department_id" varchar(32), "response" varchar(16) NOT NULL DEFAULT (\'pending\'), "leave_reason" text, "substitute_user_id" varchar(64), "read_at" datetime(3), "responded_at" datetime(3), "signed_in_at" datetime(3), "late" boolean, "deadline_id" integer, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "substitute_for_id" integer, "unit_id" varchar(32), CONSTRAINT "uq_meeting_attendee" UNIQUE ("meeting_id", "user_id"))',
  'INSERT INTO "temporary_meeting_attendee"("id", "meeting_id", "user_id", "department_id", "response", "leave_reason", "substitute_user_id", "read_at", "responded_at", "signed_in_at", "late", "deadline_id", "created_at", "substitute_for_id") SELECT "id", "meeting_id", "user_id", "department_id", "response", "leave_reason", "substitute_user_id", "read_at", "responded_at", "signed_in_at", "late", "deadline_id", "created_at", "substitute_for_id" FROM "meeting_attendee"',
  'DROP TABLE "meeting_attendee"',
  'ALTER TABLE "temporary_meeting_attendee" RENAME TO "meeting_attendee"',
  'CREATE INDEX "IDX_dae5056773a18e0fc060e78765" ON "meeting_attendee" ("user_id", "response") ',
  'CREATE TABLE "temporary_discipline_notice" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "year" integer NOT NULL, "number" integer NOT NULL, "title" varchar(200) NOT NULL, "period_start" varchar(10) NOT NULL, "period_end" varchar(10) NOT NULL, "entries" text NOT NULL, "issued_by" varchar(64) NOT NULL, "issued_at" datetime(3) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "includes_leaders" boolean NOT NULL DEFAULT (0), "withdrawn_at" datetime(3), "withdrawn_by" varchar(64), "withdraw_reason" varchar(200), CONSTRAINT "uq_discipline_notice_number" UNIQUE ("year", "number"))',
  'INSERT INTO "temporary_discipline_notice"("id", "year", "number", "title", "period_start", "period_end", "entries", "issued_by", "issued_at", "created_at") SELECT "id", "year", "number", "title", "period_start", "period_end", "entries", "issued_by", "issued_at", "created_at" FROM "discipline_notice"',
  'DROP TABLE "discipline_notice"',
  'ALTER TABLE "temporary_discipline_notice" RENAME TO "discipline_notice"',
];
const sqliteDown = [
  'ALTER TABLE "discipline_notice" RENAME TO "temporary_discipline_notice"',
  'CREATE TABLE "discipline_notice" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "year" integer NOT NULL, "number" integer NOT NULL, "title" varchar(200) NOT NULL, "period_start" varchar(10) NOT NULL, "period_end" varchar(10) NOT NULL, "entries" text NOT NULL, "issued_by" varchar(64) NOT NULL, "issued_at" datetime(3) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), CONSTRAINT "uq_discipline_notice_number" UNIQUE ("year", "number"))',
  'INSERT INTO "discipline_notice"("id", "year", "number", "title", "period_start", "period_end", "entries", "issued_by", "issued_at", "created_at") SELECT "id", "year", "number", "title", "period_start", "period_end", "entries", "issued_by", "issued_at", "created_at" FROM "temporary_discipline_notice"',
  'DROP TABLE "temporary_discipline_notice"',
  'DROP INDEX "IDX_dae5056773a18e0fc060e78765"',
  'ALTER TABLE "meeting_attendee" RENAME TO "temporary_meeting_attendee"',
  'CREATE TABLE "meeting_attendee" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "meeting_id" integer NOT NULL, "user_id" varchar(64), "department_id" varchar(32), "response" varchar(16) NOT NULL DEFAULT (\'pending\'), "leave_reason" text, "substitute_user_id" varchar(64), "read_at" datetime(3), "responded_at" datetime(3), "signed_in_at" datetime(3), "late" boolean, "deadline_id" integer, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "substitute_for_id" integer, CONSTRAINT "uq_meeting_attendee" UNIQUE ("meeting_id", "user_id"))',
  'INSERT INTO "meeting_attendee"("id", "meeting_id", "user_id", "department_id", "response", "leave_reason", "substitute_user_id", "read_at", "responded_at", "signed_in_at", "late", "deadline_id", "created_at", "substitute_for_id") SELECT "id", "meeting_id", "user_id", "department_id", "response", "leave_reason", "substitute_user_id", "read_at", "responded_at", "signed_in_at", "late", "deadline_id", "created_at", "substitute_for_id" FROM "temporary_meeting_attendee"',
  'DROP TABLE "temporary_meeting_attendee"',
  'CREATE INDEX "IDX_dae5056773a18e0fc060e78765" ON "meeting_attendee" ("user_id", "response") ',
  'DROP INDEX "ix_meeting_starts"',
  'DROP INDEX "ix_meeting_type"',
  'DROP INDEX "uq_meeting_calendar_event"',
  'ALTER TABLE "meeting" RENAME TO "temporary_meeting"',
  'CREATE TABLE "meeting" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "type" varchar(32) NOT NULL, "title" varchar(200) NOT NULL, "starts_at" datetime(3) NOT NULL, "ends_at" datetime(3), "place" varchar(200), "organiser_user_id" varchar(64), "department_id" varchar(32), "status" varchar(16) NOT NULL DEFAULT (\'draft\'), "confirm_by" datetime(3), "sign_in_code" varchar(16), "calendar_event_id" varchar(128), "origin" varchar(16) NOT NULL DEFAULT (\'duban\'), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "agenda" text, "notified_at" datetime(3), "external" text, "needs_sync" boolean NOT NULL DEFAULT (0))',
  'INSERT INTO "meeting"("id", "type", "title", "starts_at", "ends_at", "place", "organiser_user_id", "department_id", "status", "confirm_by", "sign_in_code", "calendar_event_id", "origin", "created_at", "updated_at", "agenda", "notified_at", "external", "needs_sync") SELECT "id", "type", "title", "starts_at", "ends_at", "place", "organiser_user_id", "department_id", "status", "confirm_by", "sign_in_code", "calendar_event_id", "origin", "created_at", "updated_at", "agenda", "notified_at", "external", "needs_sync" FROM "temporary_meeting"',
  'DROP TABLE "temporary_meeting"',
  'CREATE INDEX "ix_meeting_starts" ON "meeting" ("starts_at") ',
  'CREATE INDEX "ix_meeting_type" ON "meeting" ("type", "starts_at") ',
  'CREATE UNIQUE INDEX "uq_meeting_calendar_event" ON "meeting" ("calendar_event_id") ',
];
const mysqlUp = [
  'ALTER TABLE `meeting` ADD `presider_user_id` varchar(64) NULL',
  'ALTER TABLE `meeting_attendee` ADD `unit_id` varchar(32) NULL',
  'ALTER TABLE `discipline_notice` ADD `includes_leaders` tinyint NOT NULL DEFAULT 0',
  'ALTER TABLE `discipline_notice` ADD `withdrawn_at` datetime(3) NULL',
  'ALTER TABLE `discipline_notice` ADD `withdrawn_by` varchar(64) NULL',
  'ALTER TABLE `discipline_notice` ADD `withdraw_reason` varchar(200) NULL',
];
const mysqlDown = [
  'ALTER TABLE `discipline_notice` DROP COLUMN `withdraw_reason`',
  'ALTER TABLE `discipline_notice` DROP COLUMN `withdrawn_by`',
  'ALTER TABLE `discipline_notice` DROP COLUMN `withdrawn_at`',
  'ALTER TABLE `discipline_notice` DROP COLUMN `includes_leaders`',
  'ALTER TABLE `meeting_attendee` DROP COLUMN `unit_id`',
  'ALTER TABLE `meeting` DROP COLUMN `presider_user_id`',
];

export const MeetingUnitsAndNoticeWithdrawal1796379237036 = dialectMigration(
  'MeetingUnitsAndNoticeWithdrawal1796379237036',
  { sqliteUp, sqliteDown, mysqlUp, mysqlDown },
);
