import { dialectMigration } from './run-for-dialect';

const sqliteUp = [
  'CREATE TABLE "user_session" ("id" varchar(32) PRIMARY KEY NOT NULL, "user_id" varchar(64) NOT NULL, "via" varchar(16) NOT NULL, "expires_at" datetime(3) NOT NULL, "revoked_at" datetime(3), "revoked_reason" varchar(32), "created_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'CREATE INDEX "IDX_13275383dcdf095ee29f2b3455" ON "user_session" ("user_id") ',
];
const sqliteDown = ['DROP INDEX "IDX_13275383dcdf095ee29f2b3455"', 'DROP TABLE "user_session"'];
const mysqlUp = [
  'CREATE TABLE `user_session` (`id` varchar(32) NOT NULL, `user_id` varchar(64) NOT NULL, `via` varchar(16) NOT NULL, `expires_at` datetime(3) NOT NULL, `revoked_at` datetime(3) NULL, `revoked_reason` varchar(32) NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_13275383dcdf095ee29f2b3455` (`user_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
];
const mysqlDown = ['DROP INDEX `IDX_13275383dcdf095ee29f2b3455` ON `user_session`', 'DROP TABLE `user_session`'];

export const UserSessions1796367268183 = dialectMigration('UserSessions1796367268183', {
  sqliteUp,
  sqliteDown,
  mysqlUp,
  mysqlDown,
});
