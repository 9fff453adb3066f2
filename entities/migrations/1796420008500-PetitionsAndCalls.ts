import { dialectMigration } from './run-for-dialect';

/** 信访接待登记 and the duty phone log (entities/petitions.ts). */
export const PetitionsAndCalls1796420008500 = dialectMigration('PetitionsAndCalls1796420008500', {
  sqliteUp: [
    'CREATE TABLE "petition_visit" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "visited_at" datetime(3) NOT NULL, "petitioners" integer NOT NULL, "representative_name" varchar(50) NOT NULL, "representative_contact" varchar(50), "content" text NOT NULL, "department_id" varchar(32), "handling" text, "outcome" varchar(16), "earlier_visit_id" integer, "matter_id" integer, "recorded_by" varchar(64) NOT NULL, "updated_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE INDEX "ix_petition_visit_at" ON "petition_visit" ("visited_at") ',
    'CREATE INDEX "ix_petition_visit_unit" ON "petition_visit" ("department_id", "visited_at") ',
    'CREATE INDEX "ix_petition_visit_earlier" ON "petition_visit" ("earlier_visit_id") ',
    'CREATE UNIQUE INDEX "uq_petition_visit_matter" ON "petition_visit" ("matter_id") ',
    'CREATE TABLE "phone_call" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "called_at" datetime(3) NOT NULL, "caller_type" varchar(16) NOT NULL, "topic" varchar(200) NOT NULL, "outcome" varchar(16) NOT NULL, "referred_department_id" varchar(32), "recorded_by" varchar(64) NOT NULL, "updated_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE INDEX "ix_phone_call_at" ON "phone_call" ("called_at") ',
  ],
  sqliteDown: ['DROP TABLE "phone_call"', 'DROP TABLE "petition_visit"'],
  mysqlUp: [
    'CREATE TABLE `petition_visit` (`id` int NOT NULL AUTO_INCREMENT, `visited_at` datetime(3) NOT NULL, `petitioners` int NOT NULL, `representative_name` varchar(50) NOT NULL, `representative_contact` varchar(50) NULL, `content` text NOT NULL, `department_id` varchar(32) NULL, `handling` text NULL, `outcome` varchar(16) NULL, `earlier_visit_id` int NULL, `matter_id` int NULL, `recorded_by` varchar(64) NOT NULL, `updated_by` varchar(64) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_petition_visit_at` (`visited_at`), INDEX `ix_petition_visit_unit` (`department_id`, `visited_at`), INDEX `ix_petition_visit_earlier` (`earlier_visit_id`), UNIQUE INDEX `uq_petition_visit_matter` (`matter_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    'CREATE TABLE `phone_call` (`id` int NOT NULL AUTO_INCREMENT, `called_at` datetime(3) NOT NULL, `caller_type` varchar(16) NOT NULL, `topic` varchar(200) NOT NULL, `outcome` varchar(16) NOT NULL, `referred_department_id` varchar(32) NULL, `recorded_by` varchar(64) NOT NULL, `updated_by` varchar(64) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_phone_call_at` (`called_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
  ],
  mysqlDown: ['DROP TABLE `phone_call`', 'DROP TABLE `petition_visit`'],
});
