import { dialectMigration } from './run-for-dialect';

// Existing rows (none in practice) take their creation time as the time of the request.
const sqliteUp = [
  'DROP INDEX "IDX_6b7216ef70128829a74e608847"',
  'DROP INDEX "IDX_f43312cf9f99fefc7c9bd01637"',
  'CREATE TABLE "temporary_extension_request" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "matter_id" integer NOT NULL, "requested_by_user_id" varchar(64) NOT NULL, "reason" text NOT NULL, "previous_due_at" datetime(3) NOT NULL, "requested_due_at" datetime(3) NOT NULL, "status" varchar(16) NOT NULL DEFAULT (\'pending\'), "decided_by_user_id" varchar(64), "decided_at" datetime(3), "decision_note" text, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "amount" integer NOT NULL DEFAULT (0), "unit" varchar(8) NOT NULL DEFAULT (\'day\'), "requested_at" datetime(3) NOT NULL, "granted_due_at" datetime(3))',
  'INSERT INTO "temporary_extension_request"("id", "matter_id", "requested_by_user_id", "reason", "previous_due_at", "requested_due_at", "status", "decided_by_user_id", "decided_at", "decision_note", "created_at", "requested_at") SELECT "id", "matter_id", "requested_by_user_id", "reason", "previous_due_at", "requested_due_at", "status", "decided_by_user_id", "decided_at", "decision_note", "created_at", "created_at" FROM "extension_request"',
  'DROP TABLE "extension_request"',
  'ALTER TABLE "temporary_extension_request" RENAME TO "extension_request"',
  'CREATE INDEX "IDX_6b7216ef70128829a74e608847" ON "extension_request" ("matter_id") ',
  'CREATE INDEX "IDX_f43312cf9f99fefc7c9bd01637" ON "extension_request" ("status") ',
];
const sqliteDown = [
  'DROP INDEX "IDX_f43312cf9f99fefc7c9bd01637"',
  'DROP INDEX "IDX_6b7216ef70128829a74e608847"',
  'ALTER TABLE "extension_request" RENAME TO "temporary_extension_request"',
  'CREATE TABLE "extension_request" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "matter_id" integer NOT NULL, "requested_by_user_id" varchar(64) NOT NULL, "reason" text NOT NULL, "previous_due_at" datetime(3) NOT NULL, "requested_due_at" datetime(3) NOT NULL, "status" varchar(16) NOT NULL DEFAULT (\'pending\'), "decided_by_user_id" varchar(64), "decided_at" datetime(3), "decision_note" text, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'INSERT INTO "extension_request"("id", "matter_id", "requested_by_user_id", "reason", "previous_due_at", "requested_due_at", "status", "decided_by_user_id", "decided_at", "decision_note", "created_at") SELECT "id", "matter_id", "requested_by_user_id", "reason", "previous_due_at", "requested_due_at", "status", "decided_by_user_id", "decided_at", "decision_note", "created_at" FROM "temporary_extension_request"',
  'DROP TABLE "temporary_extension_request"',
  'CREATE INDEX "IDX_f43312cf9f99fefc7c9bd01637" ON "extension_request" ("status") ',
  'CREATE INDEX "IDX_6b7216ef70128829a74e608847" ON "extension_request" ("matter_id") ',
];
const mysqlUp = [
  "ALTER TABLE `extension_request` ADD `amount` int NOT NULL DEFAULT '0'",
  "ALTER TABLE `extension_request` ADD `unit` varchar(8) NOT NULL DEFAULT 'day'",
  'ALTER TABLE `extension_request` ADD `requested_at` datetime(3) NULL',
  // Rows made before this migration were requested when they were stored.
  'UPDATE `extension_request` SET `requested_at` = `created_at`',
  'ALTER TABLE `extension_request` MODIFY `requested_at` datetime(3) NOT NULL',
  'ALTER TABLE `extension_request` ADD `granted_due_at` datetime(3) NULL',
];
const mysqlDown = [
  'ALTER TABLE `extension_request` DROP COLUMN `granted_due_at`',
  'ALTER TABLE `extension_request` DROP COLUMN `requested_at`',
  'ALTER TABLE `extension_request` DROP COLUMN `unit`',
  'ALTER TABLE `extension_request` DROP COLUMN `amount`',
];

export const SupervisionExtensionDetails1795627608813 = dialectMigration('SupervisionExtensionDetails1795627608813', {
  sqliteUp,
  sqliteDown,
  mysqlUp,
  mysqlDown,
});
