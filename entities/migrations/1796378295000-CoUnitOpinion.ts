import { dialectMigration } from './run-for-dialect';

const sqliteUp = [
  'DROP INDEX "IDX_2b1062c4117a117181b2c6c0b4"',
  'CREATE TABLE "temporary_progress_report" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "matter_id" integer NOT NULL, "period_id" integer, "user_id" varchar(64) NOT NULL, "content" text NOT NULL, "attachments" text, "reported_at" datetime(3) NOT NULL, "co_department_id" varchar(32))',
  'INSERT INTO "temporary_progress_report"("id", "matter_id", "period_id", "user_id", "content", "attachments", "reported_at") SELECT "id", "matter_id", "period_id", "user_id", "content", "attachments", "reported_at" FROM "progress_report"',
  'DROP TABLE "progress_report"',
  'ALTER TABLE "temporary_progress_report" RENAME TO "progress_report"',
  'CREATE INDEX "IDX_2b1062c4117a117181b2c6c0b4" ON "progress_report" ("matter_id", "reported_at") ',
];
const sqliteDown = [
  'DROP INDEX "IDX_2b1062c4117a117181b2c6c0b4"',
  'ALTER TABLE "progress_report" RENAME TO "temporary_progress_report"',
  'CREATE TABLE "progress_report" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "matter_id" integer NOT NULL, "period_id" integer, "user_id" varchar(64) NOT NULL, "content" text NOT NULL, "attachments" text, "reported_at" datetime(3) NOT NULL)',
  'INSERT INTO "progress_report"("id", "matter_id", "period_id", "user_id", "content", "attachments", "reported_at") SELECT "id", "matter_id", "period_id", "user_id", "content", "attachments", "reported_at" FROM "temporary_progress_report"',
  'DROP TABLE "temporary_progress_report"',
  'CREATE INDEX "IDX_2b1062c4117a117181b2c6c0b4" ON "progress_report" ("matter_id", "reported_at") ',
];
const mysqlUp = ['ALTER TABLE `progress_report` ADD `co_department_id` varchar(32) NULL'];
const mysqlDown = ['ALTER TABLE `progress_report` DROP COLUMN `co_department_id`'];

export const CoUnitOpinion1796378295000 = dialectMigration('CoUnitOpinion1796378295000', {
  sqliteUp,
  sqliteDown,
  mysqlUp,
  mysqlDown,
});
