import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { DatabaseSettings } from '../../entities/data-source';
import { openDatabase } from '../db/database';
import { createScratchMysqlDatabase } from '../db/scratch-database';

/**
 * Whether data tests run on SQLite: always, unless `TEST_DATABASES=mysql` asks for MySQL/MariaDB alone. CI runs the
 * data tests once per database, each under a different host time zone, and finds them as the test files that import
 * this module (see .ci/run): a test that reaches MySQL takes its server from here.
 */
function onSqlite(): boolean {
  const only = process.env.TEST_DATABASES;
  if (only === undefined || only === '') return true;
  if (only !== 'mysql') throw new Error(`TEST_DATABASES is "mysql" or unset, not ${JSON.stringify(only)}`);
  if (!mysqlServerUrl()) throw new Error('TEST_DATABASES=mysql needs TEST_MYSQL_URL');
  return false;
}

/** The MySQL/MariaDB server tests may use: TEST_MYSQL_URL, else a mysql:// DATABASE_URL, else none. */
export function mysqlServerUrl(): string | undefined {
  const url = process.env.TEST_MYSQL_URL ?? process.env.DATABASE_URL;
  return url?.startsWith('mysql') || url?.startsWith('mariadb') ? url : undefined;
}

export interface TestDatabase {
  name: 'sqlite' | 'mysql';
  /** The server a `mysql` target makes its databases on. */
  server?: string;
  /** A fresh, empty database for one test file. */
  create(): Promise<{ settings: DatabaseSettings; drop(): Promise<void> }>;
}

/** Data-layer tests run on SQLite always, and on MySQL/MariaDB when a server is configured. */
export function testDatabases(): TestDatabase[] {
  const targets: TestDatabase[] = [];
  if (onSqlite()) {
    targets.push({
      name: 'sqlite',
      async create() {
        return { settings: { type: 'sqlite', path: ':memory:' }, async drop() {} };
      },
    });
  }
  const server = mysqlServerUrl();
  if (server) {
    targets.push({
      name: 'mysql',
      server,
      async create() {
        const scratch = await createScratchMysqlDatabase(server);
        return { settings: { type: 'mysql', url: scratch.url }, drop: scratch.drop };
      },
    });
  }
  return targets;
}

/**
 * A fresh, empty database of `target` as a DATABASE_URL, for code that opens the database itself (commands, a
 * server started from its settings): SQLite then lives in a file of a fresh folder.
 */
export async function freshDatabaseUrl(target: TestDatabase): Promise<{ url: string; drop(): Promise<void> }> {
  const { settings, drop } = await target.create();
  if (settings.type === 'mysql') return { url: settings.url, drop };
  const dir = mkdtempSync(join(tmpdir(), 'duban-db-'));
  return {
    url: `sqlite:${join(dir, 'duban.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ScratchDatabase {
  readonly db: DataSource;
}

/**
 * A fresh database of `target`, migrated and open for the tests of a `describe` block, closed and dropped after
 * them. Its members may be read once the tests run.
 */
export function useScratchDatabase(target: TestDatabase): ScratchDatabase {
  let opened: { db: DataSource; drop(): Promise<void> } | undefined;
  beforeAll(async () => {
    const created = await target.create();
    opened = { db: await openDatabase(created.settings), drop: created.drop };
  });
  afterAll(async () => {
    await opened?.db.destroy();
    await opened?.drop();
  });
  return {
    get db() {
      if (!opened) throw new Error('the scratch database is read before it was opened');
      return opened.db;
    },
  };
}

/**
 * For a `describe` block of command tests: a SQLite file in a folder of its own, named by DATABASE_URL while the
 * block's tests run; after them the variable is as it was and the folder is gone.
 */
export function useSqliteDatabaseUrl(prefix: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, 'duban.sqlite');
  const saved = process.env.DATABASE_URL;
  beforeAll(() => {
    process.env.DATABASE_URL = `sqlite:${path}`;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, path };
}

export interface CommandDatabase {
  name: 'sqlite' | 'mysql';
  /** The server a `mysql` target makes its databases on. */
  server?: string;
  /** A fresh database a command opens by `DATABASE_URL` (`url`), and the tests by `settings`. */
  create(): Promise<{ url: string; settings: DatabaseSettings; drop(): Promise<void> }>;
}

/**
 * Databases for command-line tests: a command reads `DATABASE_URL`, so SQLite is a file in a fresh directory (not
 * `:memory:`), and MySQL/MariaDB a scratch database when a server is configured.
 */
export function commandDatabases(prefix: string): CommandDatabase[] {
  const targets: CommandDatabase[] = [];
  if (onSqlite()) {
    targets.push({
      name: 'sqlite',
      async create() {
        const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
        const path = join(dir, 'duban.sqlite');
        return {
          url: `sqlite:${path}`,
          settings: { type: 'sqlite', path },
          drop: async () => rmSync(dir, { recursive: true, force: true }),
        };
      },
    });
  }
  const server = mysqlServerUrl();
  if (server) {
    targets.push({
      name: 'mysql',
      server,
      async create() {
        const scratch = await createScratchMysqlDatabase(server, prefix.replace(/\W/g, '_'));
        return { url: scratch.url, settings: { type: 'mysql', url: scratch.url }, drop: scratch.drop };
      },
    });
  }
  return targets;
}
