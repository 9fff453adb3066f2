import { dialectMigration } from './run-for-dialect';

/**
 * The default score rules: the same values as DEFAULT_SCORE_RULES (bot-server/information/rules.ts), which the
 * domain test holds this migration to. Written out here so that the migration never changes with the code.
 */
const DEFAULT_RULES: [string, string, number][] = [
  ['city', 'whole', 10],
  ['city', 'part', 6],
  ['city', 'combined', 3],
  ['city', 'instruction', 10],
  ['province', 'whole', 20],
  ['province', 'part', 12],
  ['province', 'combined', 6],
  ['province', 'instruction', 20],
  ['state', 'whole', 40],
  ['state', 'part', 24],
  ['state', 'combined', 12],
  ['state', 'instruction', 40],
];
const rules = (q: string) =>
  `INSERT INTO ${q}information_score_rule${q} (${q}level${q}, ${q}kind${q}, ${q}points${q}) VALUES ${DEFAULT_RULES.map(
    ([level, kind, points]) => `('${level}', '${kind}', ${points})`,
  ).join(', ')}`;

/** 政务信息: items, their adoptions, the score rules and the outside rankings (entities/information.ts). */
export const GovernmentInformation1796420010000 = dialectMigration('GovernmentInformation1796420010000', {
  sqliteUp: [
    'CREATE TABLE "information_item" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "title" varchar(200) NOT NULL, "content" text NOT NULL, "department_id" varchar(32) NOT NULL, "author_id" varchar(64) NOT NULL, "status" varchar(16) NOT NULL, "submitted_at" datetime(3), "reported_at" datetime(3), "return_reason" varchar(500), "matter_id" integer, "updated_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE INDEX "ix_information_item_matter" ON "information_item" ("matter_id") ',
    'CREATE INDEX "ix_information_item_status" ON "information_item" ("status", "submitted_at") ',
    'CREATE INDEX "ix_information_item_reported" ON "information_item" ("reported_at") ',
    'CREATE INDEX "ix_information_item_unit" ON "information_item" ("department_id", "submitted_at") ',
    'CREATE TABLE "information_adoption" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "item_id" integer NOT NULL, "level" varchar(16) NOT NULL, "form" varchar(16) NOT NULL, "adopted_at" datetime(3) NOT NULL, "instruction_level" varchar(16), "recorded_by" varchar(64) NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
    'CREATE INDEX "ix_information_adoption_at" ON "information_adoption" ("adopted_at") ',
    'CREATE UNIQUE INDEX "uq_information_adoption_level" ON "information_adoption" ("item_id", "level") ',
    'CREATE TABLE "information_score_rule" ("level" varchar(16) NOT NULL, "kind" varchar(16) NOT NULL, "points" integer NOT NULL, "updated_by" varchar(64), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), PRIMARY KEY ("level", "kind"))',
    'CREATE TABLE "information_ranking" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "year" integer NOT NULL, "scope" varchar(16) NOT NULL, "rank_no" integer NOT NULL, "recorded_by" varchar(64) NOT NULL, "recorded_at" datetime(3) NOT NULL)',
    'CREATE UNIQUE INDEX "uq_information_ranking" ON "information_ranking" ("year", "scope") ',
    rules('"'),
  ],
  sqliteDown: [
    'DROP TABLE "information_ranking"',
    'DROP TABLE "information_score_rule"',
    'DROP TABLE "information_adoption"',
    'DROP TABLE "information_item"',
  ],
  mysqlUp: [
    'CREATE TABLE `information_item` (`id` int NOT NULL AUTO_INCREMENT, `title` varchar(200) NOT NULL, `content` text NOT NULL, `department_id` varchar(32) NOT NULL, `author_id` varchar(64) NOT NULL, `status` varchar(16) NOT NULL, `submitted_at` datetime(3) NULL, `reported_at` datetime(3) NULL, `return_reason` varchar(500) NULL, `matter_id` int NULL, `updated_by` varchar(64) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_information_item_matter` (`matter_id`), INDEX `ix_information_item_status` (`status`, `submitted_at`), INDEX `ix_information_item_reported` (`reported_at`), INDEX `ix_information_item_unit` (`department_id`, `submitted_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    'CREATE TABLE `information_adoption` (`id` int NOT NULL AUTO_INCREMENT, `item_id` int NOT NULL, `level` varchar(16) NOT NULL, `form` varchar(16) NOT NULL, `adopted_at` datetime(3) NOT NULL, `instruction_level` varchar(16) NULL, `recorded_by` varchar(64) NOT NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_information_adoption_at` (`adopted_at`), UNIQUE INDEX `uq_information_adoption_level` (`item_id`, `level`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    'CREATE TABLE `information_score_rule` (`level` varchar(16) NOT NULL, `kind` varchar(16) NOT NULL, `points` int NOT NULL, `updated_by` varchar(64) NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (`level`, `kind`)) ENGINE=InnoDB',
    'CREATE TABLE `information_ranking` (`id` int NOT NULL AUTO_INCREMENT, `year` int NOT NULL, `scope` varchar(16) NOT NULL, `rank_no` int NOT NULL, `recorded_by` varchar(64) NOT NULL, `recorded_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_information_ranking` (`year`, `scope`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    rules('`'),
  ],
  mysqlDown: [
    'DROP TABLE `information_ranking`',
    'DROP TABLE `information_score_rule`',
    'DROP TABLE `information_adoption`',
    'DROP TABLE `information_item`',
  ],
});
