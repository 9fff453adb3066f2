import { dialectMigration } from './run-for-dialect';

// 'basically_satisfied' is 19 characters: the column was 16 wide (SQLite never enforced it).
const sqliteUp = [
  'DROP INDEX "ix_matter_unit_status"',
  'DROP INDEX "ix_matter_status"',
  'DROP INDEX "ix_matter_responsible"',
  'CREATE TABLE "temporary_matter" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "year" integer NOT NULL, "source" varchar(24) NOT NULL, "sequence" integer NOT NULL, "number" varchar(40) NOT NULL, "title" varchar(300) NOT NULL, "content" text, "assigned_by_user_id" varchar(64), "lead_department_id" varchar(32) NOT NULL, "responsible_user_id" varchar(64), "status" varchar(16) NOT NULL DEFAULT (\'assigned\'), "rule_code" varchar(64), "deadline_id" integer, "periodic" boolean NOT NULL DEFAULT (0), "document_id" integer, "meeting_id" integer, "assigned_at" datetime(3) NOT NULL, "accepted_at" datetime(3), "completed_at" datetime(3), "completed_on_time" boolean, "reply" text, "outcome_class" varchar(1), "met_deputy" boolean, "satisfaction" varchar(24), "proposer" varchar(64), "urge_count" integer NOT NULL DEFAULT (0), "created_by_user_id" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), CONSTRAINT "uq_matter_number" UNIQUE ("year", "source", "sequence"))',
  'INSERT INTO "temporary_matter"("id", "year", "source", "sequence", "number", "title", "content", "assigned_by_user_id", "lead_department_id", "responsible_user_id", "status", "rule_code", "deadline_id", "periodic", "document_id", "meeting_id", "assigned_at", "accepted_at", "completed_at", "completed_on_time", "reply", "outcome_class", "met_deputy", "satisfaction", "proposer", "urge_count", "created_by_user_id", "created_at", "updated_at") SELECT "id", "year", "source", "sequence", "number", "title", "content", "assigned_by_user_id", "lead_department_id", "responsible_user_id", "status", "rule_code", "deadline_id", "periodic", "document_id", "meeting_id", "assigned_at", "accepted_at", "completed_at", "completed_on_time", "reply", "outcome_class", "met_deputy", "satisfaction", "proposer", "urge_count", "created_by_user_id", "created_at", "updated_at" FROM "matter"',
  'DROP TABLE "matter"',
  'ALTER TABLE "temporary_matter" RENAME TO "matter"',
  'CREATE INDEX "ix_matter_unit_status" ON "matter" ("lead_department_id", "status") ',
  'CREATE INDEX "ix_matter_status" ON "matter" ("status", "assigned_at") ',
  'CREATE INDEX "ix_matter_responsible" ON "matter" ("responsible_user_id", "status") ',
];
const sqliteDown = [
  'DROP INDEX "ix_matter_responsible"',
  'DROP INDEX "ix_matter_status"',
  'DROP INDEX "ix_matter_unit_status"',
  'ALTER TABLE "matter" RENAME TO "temporary_matter"',
  'CREATE TABLE "matter" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "year" integer NOT NULL, "source" varchar(24) NOT NULL, "sequence" integer NOT NULL, "number" varchar(40) NOT NULL, "title" varchar(300) NOT NULL, "content" text, "assigned_by_user_id" varchar(64), "lead_department_id" varchar(32) NOT NULL, "responsible_user_id" varchar(64), "status" varchar(16) NOT NULL DEFAULT (\'assigned\'), "rule_code" varchar(64), "deadline_id" integer, "periodic" boolean NOT NULL DEFAULT (0), "document_id" integer, "meeting_id" integer, "assigned_at" datetime(3) NOT NULL, "accepted_at" datetime(3), "completed_at" datetime(3), "completed_on_time" boolean, "reply" text, "outcome_class" varchar(1), "met_deputy" boolean, "satisfaction" varchar(16), "proposer" varchar(64), "urge_count" integer NOT NULL DEFAULT (0), "created_by_user_id" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), CONSTRAINT "uq_matter_number" UNIQUE ("year", "source", "sequence"))',
  'INSERT INTO "matter"("id", "year", "source", "sequence", "number", "title", "content", "assigned_by_user_id", "lead_department_id", "responsible_user_id", "status", "rule_code", "deadline_id", "periodic", "document_id", "meeting_id", "assigned_at", "accepted_at", "completed_at", "completed_on_time", "reply", "outcome_class", "met_deputy", "satisfaction", "proposer", "urge_count", "created_by_user_id", "created_at", "updated_at") SELECT "id", "year", "source", "sequence", "number", "title", "content", "assigned_by_user_id", "lead_department_id", "responsible_user_id", "status", "rule_code", "deadline_id", "periodic", "document_id", "meeting_id", "assigned_at", "accepted_at", "completed_at", "completed_on_time", "reply", "outcome_class", "met_deputy", "satisfaction", "proposer", "urge_count", "created_by_user_id", "created_at", "updated_at" FROM "temporary_matter"',
  'DROP TABLE "temporary_matter"',
  'CREATE INDEX "ix_matter_responsible" ON "matter" ("responsible_user_id", "status") ',
  'CREATE INDEX "ix_matter_status" ON "matter" ("status", "assigned_at") ',
  'CREATE INDEX "ix_matter_unit_status" ON "matter" ("lead_department_id", "status") ',
];
const mysqlUp = [
  // MODIFY keeps the values (the generator's DROP + ADD would lose them).
  'ALTER TABLE `matter` MODIFY `satisfaction` varchar(24) NULL',
];
const mysqlDown = ['ALTER TABLE `matter` MODIFY `satisfaction` varchar(16) NULL'];

export const SupervisionSatisfactionWidth1795628263285 = dialectMigration('SupervisionSatisfactionWidth1795628263285', {
  sqliteUp,
  sqliteDown,
  mysqlUp,
  mysqlDown,
});
