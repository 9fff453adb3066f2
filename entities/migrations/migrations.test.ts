import { openDatabase } from '../../bot-server/db/database';
import { testDatabases } from '../../bot-server/test-support/databases';
import { pendingSchemaChanges } from '../../scripts/commands/migration-generate';
import { MIGRATIONS } from './index';

/** The entity tables that exist in the database. */
async function entityTables(ds: Awaited<ReturnType<typeof openDatabase>>): Promise<string[]> {
  const runner = ds.createQueryRunner();
  try {
    const present: string[] = [];
    for (const { tableName } of ds.entityMetadatas) if (await runner.hasTable(tableName)) present.push(tableName);
    return present.sort();
  } finally {
    await runner.release();
  }
}

describe.each(testDatabases())('migrations on $name', (target) => {
  it('build exactly the schema the entities describe, and go down and up again', async () => {
    const { settings, drop } = await target.create();
    const ds = await openDatabase(settings, { serialise: false });
    try {
      expect(await pendingSchemaChanges(ds)).toEqual({ up: [], down: [] });
      const all = ds.entityMetadatas.map((m) => m.tableName).sort();
      expect(all).toEqual(expect.arrayContaining(['deadline', 'inbox_event', 'outbox_notification', 'matter']));
      expect(await entityTables(ds)).toEqual(all);

      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      expect(await entityTables(ds)).toEqual([]);

      await ds.runMigrations({ transaction: 'each' });
      expect(await entityTables(ds)).toEqual(all);
      expect(await pendingSchemaChanges(ds)).toEqual({ up: [], down: [] });
    } finally {
      await ds.destroy();
      await drop();
    }
  });
});
