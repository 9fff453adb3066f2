import { dialectMigration } from './run-for-dialect';

/** Reminder settings administrators change in the admin pages, e.g. office hours (entities/reminders.ts). */
export const ReminderSettings1796420006000 = dialectMigration('ReminderSettings1796420006000', {
  sqliteUp: [
    'CREATE TABLE "reminder_setting" ("name" varchar(64) PRIMARY KEY NOT NULL, "value" varchar(1000) NOT NULL, "updated_by" varchar(64), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  ],
  sqliteDown: ['DROP TABLE "reminder_setting"'],
  mysqlUp: [
    'CREATE TABLE `reminder_setting` (`name` varchar(64) NOT NULL, `value` varchar(1000) NOT NULL, `updated_by` varchar(64) NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (`name`)) ENGINE=InnoDB',
  ],
  mysqlDown: ['DROP TABLE `reminder_setting`'],
});
