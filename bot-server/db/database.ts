import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createDataSource, type DatabaseSettings } from '../../entities/data-source';
import { DomainError } from '../errors/domain-error';
import { serialiseSqliteAccess } from './sqlite-serialisation';

/**
 * The database is not there: could not be opened (the message says where, never with the password), or not yet
 * connected (the API answers 503).
 */
export class DatabaseUnavailableError extends DomainError {
  override name = 'DatabaseUnavailableError';

  constructor(message: string) {
    super('unavailable', 'database_unavailable', '数据库暂不可用，请稍后再试');
    this.message = message;
  }
}

export function describeDatabase(settings: DatabaseSettings): string {
  if (settings.type === 'sqlite') return `SQLite ${settings.path}`;
  const url = new URL(settings.url);
  return `MySQL ${url.hostname}:${url.port || 3306}${url.pathname}`;
}

/**
 * Opens the database and, unless told not to, applies pending migrations. SQLite access is then serialised for
 * the process (see serialiseSqliteAccess); commands that run migrations themselves ask for it not to be.
 */
export async function openDatabase(
  settings: DatabaseSettings,
  options: { migrate?: boolean; serialise?: boolean } = {},
): Promise<DataSource> {
  let ds: DataSource | undefined;
  try {
    ds = createDataSource(
      settings.type === 'mysql' ? { ...settings, flavour: await serverFlavour(settings.url) } : settings,
    );
    await ds.initialize();
  } catch (err) {
    const reason = (err as { code?: string; message?: string }).code ?? (err as Error).message;
    throw new DatabaseUnavailableError(`cannot open the database at ${describeDatabase(settings)}: ${reason}`);
  }
  if (options.migrate ?? true) await ds.runMigrations({ transaction: 'each' });
  if (settings.type === 'sqlite' && (options.serialise ?? true)) serialiseSqliteAccess(ds);
  return ds;
}

async function serverFlavour(url: string): Promise<'mysql' | 'mariadb'> {
  const connection = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return /mariadb/i.test((rows as { version: string }[])[0]?.version ?? '') ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}
