import { dialectMigration } from './run-for-dialect';

/** The 24-hour duty roster: shifts, their 值班人员, and the handover log (entities/duty.ts). */
export const DutyRoster1796420007300 = dialectMigration('DutyRoster1796420007300', {
  sqliteUp: [
    'CREATE TABLE "duty_shift" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "date" varchar(10) NOT NULL, "kind" varchar(16) NOT NULL, "starts_at" datetime(3) NOT NULL, "ends_at" datetime(3) NOT NULL, "leader_user_id" varchar(64) NOT NULL, "manual" boolean NOT NULL DEFAULT (0), "updated_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE INDEX "ix_duty_shift_starts" ON "duty_shift" ("starts_at") ',
    'CREATE UNIQUE INDEX "uq_duty_shift_date_kind" ON "duty_shift" ("date", "kind") ',
    'CREATE TABLE "duty_shift_member" ("shift_id" integer NOT NULL, "user_id" varchar(64) NOT NULL, "position" integer NOT NULL DEFAULT (0), PRIMARY KEY ("shift_id", "user_id"))',
    'CREATE INDEX "ix_duty_shift_member_user" ON "duty_shift_member" ("user_id") ',
    'CREATE TABLE "duty_handover" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "shift_id" integer NOT NULL, "author_user_id" varchar(64) NOT NULL, "text" text NOT NULL, "at" datetime(3) NOT NULL)',
    'CREATE INDEX "ix_duty_handover_shift" ON "duty_handover" ("shift_id", "at") ',
  ],
  sqliteDown: ['DROP TABLE "duty_handover"', 'DROP TABLE "duty_shift_member"', 'DROP TABLE "duty_shift"'],
  mysqlUp: [
    'CREATE TABLE `duty_shift` (`id` int NOT NULL AUTO_INCREMENT, `date` varchar(10) NOT NULL, `kind` varchar(16) NOT NULL, `starts_at` datetime(3) NOT NULL, `ends_at` datetime(3) NOT NULL, `leader_user_id` varchar(64) NOT NULL, `manual` tinyint NOT NULL DEFAULT 0, `updated_by` varchar(64) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_duty_shift_starts` (`starts_at`), UNIQUE INDEX `uq_duty_shift_date_kind` (`date`, `kind`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    "CREATE TABLE `duty_shift_member` (`shift_id` int NOT NULL, `user_id` varchar(64) NOT NULL, `position` int NOT NULL DEFAULT '0', INDEX `ix_duty_shift_member_user` (`user_id`), PRIMARY KEY (`shift_id`, `user_id`)) ENGINE=InnoDB",
    'CREATE TABLE `duty_handover` (`id` int NOT NULL AUTO_INCREMENT, `shift_id` int NOT NULL, `author_user_id` varchar(64) NOT NULL, `text` text NOT NULL, `at` datetime(3) NOT NULL, INDEX `ix_duty_handover_shift` (`shift_id`, `at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
  ],
  mysqlDown: ['DROP TABLE `duty_handover`', 'DROP TABLE `duty_shift_member`', 'DROP TABLE `duty_shift`'],
});
