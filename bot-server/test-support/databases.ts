import type { DatabaseSettings } from '../../entities/data-source';
import { createScratchMysqlDatabase } from '../db/scratch-database';

/** The MySQL/MariaDB server tests may use: TEST_MYSQL_URL, else a mysql:// DATABASE_URL, else none. */
export function mysqlServerUrl(): string | undefined {
  const url = process.env.TEST_MYSQL_URL ?? process.env.DATABASE_URL;
  return url?.startsWith('mysql') || url?.startsWith('mariadb') ? url : undefined;
}

export interface TestDatabase {
  name: 'sqlite' | 'mysql';
  /** A fresh, empty database for one test file. */
  create(): Promise<{ settings: DatabaseSettings; drop(): Promise<void> }>;
}

/** Data-layer tests run on SQLite always, and on MySQL/MariaDB when a server is configured. */
export function testDatabases(): TestDatabase[] {
  const targets: TestDatabase[] = [
    {
      name: 'sqlite',
      async create() {
        return { settings: { type: 'sqlite', path: ':memory:' }, async drop() {} };
      },
    },
  ];
  const server = mysqlServerUrl();
  if (server) {
    targets.push({
      name: 'mysql',
      async create() {
        const scratch = await createScratchMysqlDatabase(server);
        return { settings: { type: 'mysql', url: scratch.url }, drop: scratch.drop };
      },
    });
  }
  return targets;
}
