import { dialectMigration } from './run-for-dialect';

/** 应急值班信息: incidents, their reporting limits in minutes, the reports upward and the rules (entities/incidents.ts). */
const sqliteUp = [
  'CREATE TABLE "duty_incident" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "occurred_at" datetime(3) NOT NULL, "known_at" datetime(3) NOT NULL, "place" varchar(200) NOT NULL, "category" varchar(24) NOT NULL, "level" varchar(16) NOT NULL, "summary" text NOT NULL, "source" varchar(200) NOT NULL, "measures" text, "closed_at" datetime(3), "shift_id" integer, "recorded_by" varchar(64) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'CREATE INDEX "ix_duty_incident_known" ON "duty_incident" ("known_at") ',
  'CREATE TABLE "duty_incident_limit" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "incident_id" integer NOT NULL, "kind" varchar(16) NOT NULL, "seq" integer NOT NULL, "due_at" datetime(3) NOT NULL, "warn_at" datetime(3) NOT NULL, "escalate_at" datetime(3) NOT NULL, "status" varchar(16) NOT NULL, "next_step_at" datetime(3), "warned_at" datetime(3), "overdue_notice_at" datetime(3), "escalated_at" datetime(3), "report_id" integer, "met_at" datetime(3), "late_minutes" integer, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'CREATE INDEX "ix_duty_incident_limit_next" ON "duty_incident_limit" ("status", "next_step_at") ',
  'CREATE UNIQUE INDEX "uq_duty_incident_limit" ON "duty_incident_limit" ("incident_id", "kind", "seq") ',
  'CREATE TABLE "duty_incident_report" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "incident_id" integer NOT NULL, "kind" varchar(16) NOT NULL, "recipient" varchar(100) NOT NULL, "reported_at" datetime(3) NOT NULL, "channel" varchar(16) NOT NULL, "reporter" varchar(50) NOT NULL, "content" text, "recorded_by" varchar(64) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'CREATE INDEX "ix_duty_incident_report_at" ON "duty_incident_report" ("reported_at") ',
  'CREATE INDEX "ix_duty_incident_report_incident" ON "duty_incident_report" ("incident_id", "reported_at") ',
  'CREATE TABLE "duty_incident_rule" ("level" varchar(16) PRIMARY KEY NOT NULL, "value" varchar(500) NOT NULL, "updated_by" varchar(64), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
];
const sqliteDown = [
  'DROP TABLE "duty_incident_rule"',
  'DROP TABLE "duty_incident_report"',
  'DROP TABLE "duty_incident_limit"',
  'DROP TABLE "duty_incident"',
];
const mysqlUp = [
  'CREATE TABLE `duty_incident` (`id` int NOT NULL AUTO_INCREMENT, `occurred_at` datetime(3) NOT NULL, `known_at` datetime(3) NOT NULL, `place` varchar(200) NOT NULL, `category` varchar(24) NOT NULL, `level` varchar(16) NOT NULL, `summary` text NOT NULL, `source` varchar(200) NOT NULL, `measures` text NULL, `closed_at` datetime(3) NULL, `shift_id` int NULL, `recorded_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_duty_incident_known` (`known_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
  'CREATE TABLE `duty_incident_limit` (`id` int NOT NULL AUTO_INCREMENT, `incident_id` int NOT NULL, `kind` varchar(16) NOT NULL, `seq` int NOT NULL, `due_at` datetime(3) NOT NULL, `warn_at` datetime(3) NOT NULL, `escalate_at` datetime(3) NOT NULL, `status` varchar(16) NOT NULL, `next_step_at` datetime(3) NULL, `warned_at` datetime(3) NULL, `overdue_notice_at` datetime(3) NULL, `escalated_at` datetime(3) NULL, `report_id` int NULL, `met_at` datetime(3) NULL, `late_minutes` int NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_duty_incident_limit_next` (`status`, `next_step_at`), UNIQUE INDEX `uq_duty_incident_limit` (`incident_id`, `kind`, `seq`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
  'CREATE TABLE `duty_incident_report` (`id` int NOT NULL AUTO_INCREMENT, `incident_id` int NOT NULL, `kind` varchar(16) NOT NULL, `recipient` varchar(100) NOT NULL, `reported_at` datetime(3) NOT NULL, `channel` varchar(16) NOT NULL, `reporter` varchar(50) NOT NULL, `content` text NULL, `recorded_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_duty_incident_report_at` (`reported_at`), INDEX `ix_duty_incident_report_incident` (`incident_id`, `reported_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
  'CREATE TABLE `duty_incident_rule` (`level` varchar(16) NOT NULL, `value` varchar(500) NOT NULL, `updated_by` varchar(64) NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (`level`)) ENGINE=InnoDB',
];
const mysqlDown = [
  'DROP TABLE `duty_incident_rule`',
  'DROP TABLE `duty_incident_report`',
  'DROP TABLE `duty_incident_limit`',
  'DROP TABLE `duty_incident`',
];

export const EmergencyInformation1796420009500 = dialectMigration('EmergencyInformation1796420009500', {
  sqliteUp,
  sqliteDown,
  mysqlUp,
  mysqlDown,
});
