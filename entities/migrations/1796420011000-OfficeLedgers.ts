import { dialectMigration } from './run-for-dialect';

/** The office's registers (honours, receptions, briefs) and yearly ledgers with their entries (entities/ledgers.ts). */
export const OfficeLedgers1796420011000 = dialectMigration('OfficeLedgers1796420011000', {
  sqliteUp: [
    'CREATE TABLE "office_honour" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(200) NOT NULL, "awarding_body" varchar(100) NOT NULL, "level" varchar(16) NOT NULL, "award_year" integer NOT NULL, "received_on" varchar(10) NOT NULL, "recorded_by" varchar(64) NOT NULL, "updated_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE INDEX "ix_office_honour_received" ON "office_honour" ("received_on") ',
    'CREATE TABLE "office_reception" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "received_on" varchar(10) NOT NULL, "visiting_body" varchar(100) NOT NULL, "level" varchar(16) NOT NULL, "kind" varchar(16) NOT NULL, "topic" varchar(200) NOT NULL, "recorded_by" varchar(64) NOT NULL, "updated_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE INDEX "ix_office_reception_on" ON "office_reception" ("received_on") ',
    'CREATE TABLE "office_brief" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "series" varchar(50) NOT NULL, "year" integer NOT NULL, "issue_no" integer NOT NULL, "issued_on" varchar(10) NOT NULL, "title" varchar(200) NOT NULL, "recorded_by" varchar(64) NOT NULL, "updated_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE UNIQUE INDEX "uq_office_brief_issue" ON "office_brief" ("series", "year", "issue_no") ',
    'CREATE INDEX "ix_office_brief_issued" ON "office_brief" ("issued_on") ',
    'CREATE TABLE "office_ledger" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "year" integer NOT NULL, "kind" varchar(16) NOT NULL, "name" varchar(100) NOT NULL, "recorded_by" varchar(64) NOT NULL, "updated_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE UNIQUE INDEX "uq_office_ledger_name" ON "office_ledger" ("year", "name") ',
    'CREATE TABLE "office_ledger_entry" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "ledger_id" integer NOT NULL, "category" varchar(24) NOT NULL, "entered_on" varchar(10) NOT NULL, "title" varchar(200) NOT NULL, "amount_centi_wan" integer, "rectified" boolean, "rectified_on" varchar(10), "recorded_by" varchar(64) NOT NULL, "updated_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE INDEX "ix_office_ledger_entry_ledger" ON "office_ledger_entry" ("ledger_id", "entered_on") ',
    'CREATE INDEX "ix_office_ledger_entry_on" ON "office_ledger_entry" ("entered_on") ',
  ],
  sqliteDown: [
    'DROP TABLE "office_ledger_entry"',
    'DROP TABLE "office_ledger"',
    'DROP TABLE "office_brief"',
    'DROP TABLE "office_reception"',
    'DROP TABLE "office_honour"',
  ],
  mysqlUp: [
    'CREATE TABLE `office_honour` (`id` int NOT NULL AUTO_INCREMENT, `name` varchar(200) NOT NULL, `awarding_body` varchar(100) NOT NULL, `level` varchar(16) NOT NULL, `award_year` int NOT NULL, `received_on` varchar(10) NOT NULL, `recorded_by` varchar(64) NOT NULL, `updated_by` varchar(64) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_office_honour_received` (`received_on`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    'CREATE TABLE `office_reception` (`id` int NOT NULL AUTO_INCREMENT, `received_on` varchar(10) NOT NULL, `visiting_body` varchar(100) NOT NULL, `level` varchar(16) NOT NULL, `kind` varchar(16) NOT NULL, `topic` varchar(200) NOT NULL, `recorded_by` varchar(64) NOT NULL, `updated_by` varchar(64) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_office_reception_on` (`received_on`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    'CREATE TABLE `office_brief` (`id` int NOT NULL AUTO_INCREMENT, `series` varchar(50) NOT NULL, `year` int NOT NULL, `issue_no` int NOT NULL, `issued_on` varchar(10) NOT NULL, `title` varchar(200) NOT NULL, `recorded_by` varchar(64) NOT NULL, `updated_by` varchar(64) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_office_brief_issue` (`series`, `year`, `issue_no`), INDEX `ix_office_brief_issued` (`issued_on`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    'CREATE TABLE `office_ledger` (`id` int NOT NULL AUTO_INCREMENT, `year` int NOT NULL, `kind` varchar(16) NOT NULL, `name` varchar(100) NOT NULL, `recorded_by` varchar(64) NOT NULL, `updated_by` varchar(64) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_office_ledger_name` (`year`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    'CREATE TABLE `office_ledger_entry` (`id` int NOT NULL AUTO_INCREMENT, `ledger_id` int NOT NULL, `category` varchar(24) NOT NULL, `entered_on` varchar(10) NOT NULL, `title` varchar(200) NOT NULL, `amount_centi_wan` int NULL, `rectified` tinyint NULL, `rectified_on` varchar(10) NULL, `recorded_by` varchar(64) NOT NULL, `updated_by` varchar(64) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_office_ledger_entry_ledger` (`ledger_id`, `entered_on`), INDEX `ix_office_ledger_entry_on` (`entered_on`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
  ],
  mysqlDown: [
    'DROP TABLE `office_ledger_entry`',
    'DROP TABLE `office_ledger`',
    'DROP TABLE `office_brief`',
    'DROP TABLE `office_reception`',
    'DROP TABLE `office_honour`',
  ],
});
