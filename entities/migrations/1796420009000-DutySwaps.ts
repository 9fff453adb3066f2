import { dialectMigration } from './run-for-dialect';

/** 换班 requests (entities/duty-swaps.ts). */
export const DutySwaps1796420009000 = dialectMigration('DutySwaps1796420009000', {
  sqliteUp: [
    'CREATE TABLE "duty_swap" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(16) NOT NULL, "role" varchar(16) NOT NULL, "shift_id" integer NOT NULL, "return_shift_id" integer, "requester_user_id" varchar(64) NOT NULL, "counterpart_user_id" varchar(64) NOT NULL, "reason" varchar(200), "status" varchar(16) NOT NULL, "open_key" varchar(96), "requested_at" datetime(3) NOT NULL, "answered_at" datetime(3), "decided_by" varchar(64), "decided_at" datetime(3), "note" varchar(200), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE INDEX "ix_duty_swap_status" ON "duty_swap" ("status", "created_at") ',
    'CREATE INDEX "ix_duty_swap_counterpart" ON "duty_swap" ("counterpart_user_id", "created_at") ',
    'CREATE INDEX "ix_duty_swap_requester" ON "duty_swap" ("requester_user_id", "created_at") ',
    'CREATE UNIQUE INDEX "uq_duty_swap_open" ON "duty_swap" ("open_key") ',
  ],
  sqliteDown: ['DROP TABLE "duty_swap"'],
  mysqlUp: [
    'CREATE TABLE `duty_swap` (`id` int NOT NULL AUTO_INCREMENT, `kind` varchar(16) NOT NULL, `role` varchar(16) NOT NULL, `shift_id` int NOT NULL, `return_shift_id` int NULL, `requester_user_id` varchar(64) NOT NULL, `counterpart_user_id` varchar(64) NOT NULL, `reason` varchar(200) NULL, `status` varchar(16) NOT NULL, `open_key` varchar(96) NULL, `requested_at` datetime(3) NOT NULL, `answered_at` datetime(3) NULL, `decided_by` varchar(64) NULL, `decided_at` datetime(3) NULL, `note` varchar(200) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_duty_swap_status` (`status`, `created_at`), INDEX `ix_duty_swap_counterpart` (`counterpart_user_id`, `created_at`), INDEX `ix_duty_swap_requester` (`requester_user_id`, `created_at`), UNIQUE INDEX `uq_duty_swap_open` (`open_key`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
  ],
  mysqlDown: ['DROP TABLE `duty_swap`'],
});
