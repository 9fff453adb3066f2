import { dialectMigration } from './run-for-dialect';

/** 调研报告 and their 存在问题, 督查建议 and 现场/电话督查 (entities/research.ts). */
export const ResearchReports1796420010500 = dialectMigration('ResearchReports1796420010500', {
  sqliteUp: [
    'CREATE TABLE "research_report" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "title" varchar(200) NOT NULL, "topic" varchar(200) NOT NULL, "author_ids" text NOT NULL, "places" text NOT NULL, "finished_at" datetime(3) NOT NULL, "summary" text, "status" varchar(16) NOT NULL, "finalised_at" datetime(3), "recorded_by" varchar(64) NOT NULL, "updated_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE INDEX "ix_research_report_finished" ON "research_report" ("status", "finished_at") ',
    'CREATE TABLE "research_problem" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "report_id" integer NOT NULL, "text" text NOT NULL, "department_id" varchar(32), "matter_id" integer, "recorded_by" varchar(64) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE UNIQUE INDEX "uq_research_problem_matter" ON "research_problem" ("matter_id") ',
    'CREATE INDEX "ix_research_problem_report" ON "research_problem" ("report_id") ',
    'CREATE TABLE "supervision_suggestion" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "matter_id" integer NOT NULL, "text" text NOT NULL, "made_at" datetime(3) NOT NULL, "made_by" varchar(64) NOT NULL, "department_id" varchar(32) NOT NULL, "bulletin_id" integer, "recorded_by" varchar(64) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE INDEX "ix_supervision_suggestion_matter" ON "supervision_suggestion" ("matter_id") ',
    'CREATE INDEX "ix_supervision_suggestion_made" ON "supervision_suggestion" ("made_at") ',
    'CREATE TABLE "supervision_inspection" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "matter_id" integer NOT NULL, "kind" varchar(16) NOT NULL, "at" datetime(3) NOT NULL, "note" varchar(500), "recorded_by" varchar(64) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE INDEX "ix_supervision_inspection_matter" ON "supervision_inspection" ("matter_id") ',
    'CREATE INDEX "ix_supervision_inspection_at" ON "supervision_inspection" ("at") ',
  ],
  sqliteDown: [
    'DROP TABLE "supervision_inspection"',
    'DROP TABLE "supervision_suggestion"',
    'DROP TABLE "research_problem"',
    'DROP TABLE "research_report"',
  ],
  mysqlUp: [
    'CREATE TABLE `research_report` (`id` int NOT NULL AUTO_INCREMENT, `title` varchar(200) NOT NULL, `topic` varchar(200) NOT NULL, `author_ids` text NOT NULL, `places` text NOT NULL, `finished_at` datetime(3) NOT NULL, `summary` text NULL, `status` varchar(16) NOT NULL, `finalised_at` datetime(3) NULL, `recorded_by` varchar(64) NOT NULL, `updated_by` varchar(64) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_research_report_finished` (`status`, `finished_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    'CREATE TABLE `research_problem` (`id` int NOT NULL AUTO_INCREMENT, `report_id` int NOT NULL, `text` text NOT NULL, `department_id` varchar(32) NULL, `matter_id` int NULL, `recorded_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_research_problem_matter` (`matter_id`), INDEX `ix_research_problem_report` (`report_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    'CREATE TABLE `supervision_suggestion` (`id` int NOT NULL AUTO_INCREMENT, `matter_id` int NOT NULL, `text` text NOT NULL, `made_at` datetime(3) NOT NULL, `made_by` varchar(64) NOT NULL, `department_id` varchar(32) NOT NULL, `bulletin_id` int NULL, `recorded_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_supervision_suggestion_matter` (`matter_id`), INDEX `ix_supervision_suggestion_made` (`made_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    'CREATE TABLE `supervision_inspection` (`id` int NOT NULL AUTO_INCREMENT, `matter_id` int NOT NULL, `kind` varchar(16) NOT NULL, `at` datetime(3) NOT NULL, `note` varchar(500) NULL, `recorded_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_supervision_inspection_matter` (`matter_id`), INDEX `ix_supervision_inspection_at` (`at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
  ],
  mysqlDown: [
    'DROP TABLE `supervision_inspection`',
    'DROP TABLE `supervision_suggestion`',
    'DROP TABLE `research_problem`',
    'DROP TABLE `research_report`',
  ],
});
