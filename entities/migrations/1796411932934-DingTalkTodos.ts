import { dialectMigration } from './run-for-dialect';

/** The DingTalk 待办 Duban keeps for its deadlines (bot-server/todos): one row per deadline and person. */
export const DingTalkTodos1796411932934 = dialectMigration('DingTalkTodos1796411932934', {
  sqliteUp: [
    'CREATE TABLE "dingtalk_todo" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "deadline_id" integer NOT NULL, "subject_type" varchar(24) NOT NULL, "user_id" varchar(64) NOT NULL, "union_id" varchar(64) NOT NULL, "source_id" varchar(64) NOT NULL, "task_id" varchar(64), "due_at" datetime(3) NOT NULL, "state" varchar(12) NOT NULL DEFAULT (\'creating\'), "attempts" integer NOT NULL DEFAULT (0), "next_attempt_at" datetime(3), "last_error" varchar(500), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), CONSTRAINT "uq_dingtalk_todo_source" UNIQUE ("source_id"))',
    'CREATE INDEX "ix_dingtalk_todo_state" ON "dingtalk_todo" ("state", "next_attempt_at") ',
    'CREATE INDEX "ix_dingtalk_todo_deadline" ON "dingtalk_todo" ("deadline_id", "state") ',
  ],
  sqliteDown: [
    'DROP INDEX "ix_dingtalk_todo_deadline"',
    'DROP INDEX "ix_dingtalk_todo_state"',
    'DROP TABLE "dingtalk_todo"',
  ],
  mysqlUp: [
    "CREATE TABLE `dingtalk_todo` (`id` int NOT NULL AUTO_INCREMENT, `deadline_id` int NOT NULL, `subject_type` varchar(24) NOT NULL, `user_id` varchar(64) NOT NULL, `union_id` varchar(64) NOT NULL, `source_id` varchar(64) NOT NULL, `task_id` varchar(64) NULL, `due_at` datetime(3) NOT NULL, `state` varchar(12) NOT NULL DEFAULT 'creating', `attempts` int NOT NULL DEFAULT '0', `next_attempt_at` datetime(3) NULL, `last_error` varchar(500) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_dingtalk_todo_state` (`state`, `next_attempt_at`), INDEX `ix_dingtalk_todo_deadline` (`deadline_id`, `state`), UNIQUE INDEX `uq_dingtalk_todo_source` (`source_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
  ],
  mysqlDown: [
    'DROP INDEX `uq_dingtalk_todo_source` ON `dingtalk_todo`',
    'DROP INDEX `ix_dingtalk_todo_deadline` ON `dingtalk_todo`',
    'DROP INDEX `ix_dingtalk_todo_state` ON `dingtalk_todo`',
    'DROP TABLE `dingtalk_todo`',
  ],
});
