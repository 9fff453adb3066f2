import type { DataSource } from 'typeorm';
import { loadConfigFromProcess } from '../../bot-server/config/config';
import { openDatabase } from '../../bot-server/db/database';
import type { DatabaseSettings } from '../../entities/data-source';

/**
 * A command's work on the configured database (`DATABASE_URL`, else the SQLite file under ./data), closed however
 * the work ends. `settings` for a command that has read the configuration already; `migrate`/`serialise` as for
 * openDatabase.
 */
export async function withDatabase<T>(
  work: (db: DataSource) => Promise<T>,
  options: { settings?: DatabaseSettings; migrate?: boolean; serialise?: boolean } = {},
): Promise<T> {
  const { settings = loadConfigFromProcess().database, ...open } = options;
  const db = await openDatabase(settings, open);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}
