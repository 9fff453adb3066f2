import type { DataSource } from 'typeorm';
import type { Command } from './command';
import { withDatabase } from './database';

/**
 * A command on the migrations themselves: the database is opened without migrating (each migration then runs in
 * its own transaction), and `work` says what it did.
 */
function migrationCommand(name: string, summary: string, work: (ds: DataSource) => Promise<string>): Command {
  return {
    name,
    summary,
    usage: `duban ${name}`,
    run: () =>
      withDatabase(
        async (ds) => {
          console.log(await work(ds));
          return 0;
        },
        { migrate: false, serialise: false },
      ),
  };
}

export const migrate = migrationCommand('migrate', 'apply pending database migrations', async (ds) => {
  const applied = await ds.runMigrations({ transaction: 'each' });
  return applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'nothing to apply';
});

export const migrateRevert = migrationCommand('migrate:revert', 'revert the last applied migration', async (ds) => {
  const before = await ds.query(`SELECT name FROM schema_migration ORDER BY id DESC LIMIT 1`);
  await ds.undoLastMigration({ transaction: 'each' });
  return before[0] ? `reverted ${before[0].name}` : 'nothing to revert';
});
