import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../bot-server/db/database';
import { createScratchMysqlDatabase } from '../../bot-server/db/scratch-database';
import { type Command, UsageError } from './command';

/** The SQL that would bring a migrated database in line with the entities: empty when they agree. */
export async function pendingSchemaChanges(ds: DataSource) {
  const log = await ds.driver.createSchemaBuilder().log();
  return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query).reverse() };
}

const quote = (queries: string[]) => queries.map((q) => `  ${JSON.stringify(q)},`).join('\n');

/**
 * For developers: writes a migration for both dialects from the difference between the entities and the schema
 * the existing migrations produce (on in-memory SQLite and a scratch MySQL database).
 */
export const migrationGenerate: Command = {
  name: 'migration:generate',
  summary: 'write a migration from the entity changes, for SQLite and MySQL (needs TEST_MYSQL_URL)',
  usage: 'duban migration:generate <PascalCaseName>',
  async run([name]) {
    if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new UsageError('give the migration a PascalCase name');
    const serverUrl = process.env.TEST_MYSQL_URL ?? process.env.DATABASE_URL;
    if (!serverUrl?.startsWith('mysql')) throw new UsageError('set TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test');
    const sqlite = await openDatabase({ type: 'sqlite', path: ':memory:' });
    const scratch = await createScratchMysqlDatabase(serverUrl, 'duban_gen');
    const mysql = await openDatabase({ type: 'mysql', url: scratch.url });
    try {
      const [lite, my] = [await pendingSchemaChanges(sqlite), await pendingSchemaChanges(mysql)];
      if (lite.up.length === 0 && my.up.length === 0) {
        console.log('the entities and the migrations agree: nothing to generate');
        return 0;
      }
      const timestamp = Date.now();
      const file = join(__dirname, '../../entities/migrations', `${timestamp}-${name}.ts`);
      writeFileSync(
        file,
        `import { dialectMigration } from './run-for-dialect';

const sqliteUp = [
${quote(lite.up)}
];
const sqliteDown = [
${quote(lite.down)}
];
const mysqlUp = [
${quote(my.up)}
];
const mysqlDown = [
${quote(my.down)}
];

export const ${name}${timestamp} = dialectMigration('${name}${timestamp}', { sqliteUp, sqliteDown, mysqlUp, mysqlDown });
`,
      );
      console.log(`wrote ${file}; add it to entities/migrations/index.ts`);
      return 0;
    } finally {
      await sqlite.destroy();
      await mysql.destroy();
      await scratch.drop();
    }
  },
};
