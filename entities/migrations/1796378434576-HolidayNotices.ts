import { dialectMigration } from './run-for-dialect';

const sqliteUp = [
  'CREATE TABLE "holiday_notice" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "year" integer NOT NULL, "data" text NOT NULL, "loaded_by" varchar(64) NOT NULL, "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')), CONSTRAINT "uq_holiday_notice_year" UNIQUE ("year"))',
];
const sqliteDown = ['DROP TABLE "holiday_notice"'];
const mysqlUp = [
  'CREATE TABLE `holiday_notice` (`id` int NOT NULL AUTO_INCREMENT, `year` int NOT NULL, `data` text NOT NULL, `loaded_by` varchar(64) NOT NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_holiday_notice_year` (`year`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
];
const mysqlDown = ['DROP INDEX `uq_holiday_notice_year` ON `holiday_notice`', 'DROP TABLE `holiday_notice`'];

export const HolidayNotices1796378434576 = dialectMigration('HolidayNotices1796378434576', {
  sqliteUp,
  sqliteDown,
  mysqlUp,
  mysqlDown,
});
