import { dialectMigration } from './run-for-dialect';

/** The custom group robots administrators keep in the admin pages (entities/robots.ts). */
export const GroupRobots1796420004000 = dialectMigration('GroupRobots1796420004000', {
  sqliteUp: [
    'CREATE TABLE "group_robot" ("name" varchar(64) PRIMARY KEY NOT NULL, "webhook" varchar(500) NOT NULL, "secret" varchar(200), "purpose" varchar(200) NOT NULL DEFAULT (\'\'), "updated_by" varchar(64), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  ],
  sqliteDown: ['DROP TABLE "group_robot"'],
  mysqlUp: [
    "CREATE TABLE `group_robot` (`name` varchar(64) NOT NULL, `webhook` varchar(500) NOT NULL, `secret` varchar(200) NULL, `purpose` varchar(200) NOT NULL DEFAULT '', `updated_by` varchar(64) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (`name`)) ENGINE=InnoDB",
  ],
  mysqlDown: ['DROP TABLE `group_robot`'],
});
