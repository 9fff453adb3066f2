import { loadConfigFromProcess } from '../../bot-server/config/config';
import { openDatabase } from '../../bot-server/db/database';
import type { Command } from './command';

export const migrate: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations',
  usage: 'duban migrate',
  async run() {
    const ds = await openDatabase(loadConfigFromProcess().database, { migrate: false, serialise: false });
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      console.log(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'nothing to apply');
      return 0;
    } finally {
      await ds.destroy();
    }
  },
};

export const migrateRevert: Command = {
  name: 'migrate:revert',
  summary: 'revert the last applied migration',
  usage: 'duban migrate:revert',
  async run() {
    const ds = await openDatabase(loadConfigFromProcess().database, { migrate: false, serialise: false });
    try {
      const before = await ds.query(`SELECT name FROM schema_migration ORDER BY id DESC LIMIT 1`);
      await ds.undoLastMigration({ transaction: 'each' });
      console.log(before[0] ? `reverted ${before[0].name}` : 'nothing to revert');
      return 0;
    } finally {
      await ds.destroy();
    }
  },
};
