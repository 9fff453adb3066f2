import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './index';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming-strategy';

export type DatabaseSettings =
  | { type: 'sqlite'; path: string } // a file, or ':memory:'
  // mysql://user:password@host:port/database. `flavour` is what the server said it is (openDatabase asks it):
  // TypeORM reads MariaDB's information_schema differently from MySQL's.
  | { type: 'mysql'; url: string; flavour?: 'mysql' | 'mariadb' };

/**
 * The one way Duban opens its database. Migrations, never `synchronize`, shape the schema; instants travel as UTC.
 */
export function createDataSource(settings: DatabaseSettings, extra: Partial<DataSourceOptions> = {}): DataSource {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
  } as const;
  if (settings.type === 'sqlite') {
    if (settings.path !== ':memory:') mkdirSync(dirname(settings.path), { recursive: true });
    return new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: settings.path,
      // WAL lets readers go on while the single writer writes; a busy writer waits instead of failing.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        // A commit is in the WAL file before it returns, so it survives the process being killed; only a power
        // loss or OS crash can take the last commits back (the README's "DingTalk" section says why that is the choice).
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
      ...extra,
    } as DataSourceOptions);
  }
  return new DataSource({
    ...common,
    type: settings.flavour ?? 'mysql',
    url: settings.url,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    poolSize: 10,
    ...extra,
  } as DataSourceOptions);
}

export const isMysql = (ds: DataSource) => ds.options.type === 'mysql' || ds.options.type === 'mariadb';
