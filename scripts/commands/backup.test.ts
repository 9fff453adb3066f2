/**
 * Backup and restore as an operator runs them (docs/operations.md): the demo database backed up while open, restored
 * into a fresh database, migrated, and Duban started on it with every table, document and figure as before.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { defaultCalendar, parseInstant } from '../../bot-server/calendar';
import { loadConfig } from '../../bot-server/config/config';
import { openDatabase } from '../../bot-server/db/database';
import { createScratchMysqlDatabase } from '../../bot-server/db/scratch-database';
import { seedDemoOnce } from '../../bot-server/demo/seed-demo';
import { createLogger } from '../../bot-server/logging/logger';
import { DASHBOARD_SPECS } from '../../bot-server/reports/dashboard';
import { computeFigures } from '../../bot-server/reports/engine';
import { startDuban } from '../../bot-server/server';
import { testDatabases } from '../../bot-server/test-support/databases';
import { Document } from '../../entities';
import type { DatabaseSettings } from '../../entities/data-source';
import { backupCommand } from './backup';
import { migrate } from './migrate';
import { restoreCommand } from './restore';
import { runCaptured } from './run-captured';

const NOW = parseInstant('2026-11-20T10:00');

/** Every table's row count, every document, and the 看板's figures of the year. */
async function snapshot(db: DataSource) {
  const counts: Record<string, number> = {};
  for (const meta of db.entityMetadatas) {
    const [row] = await db.query(`SELECT COUNT(*) AS n FROM ${meta.tableName}`);
    counts[meta.tableName] = Number(row.n);
  }
  // The schema's triggers (the figure rollup's change log) are part of the backup.
  const [triggers] = await db.query(
    db.options.type === 'better-sqlite3'
      ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'trigger'"
      : 'SELECT COUNT(*) AS n FROM information_schema.triggers WHERE trigger_schema = DATABASE()',
  );
  counts.triggers = Number(triggers.n);
  const documents = await db.getRepository(Document).find({ order: { id: 'ASC' } });
  const year = { from: '2026-01-01', to: '2026-12-31' };
  const figures = await computeFigures(db.manager, defaultCalendar(), { db, now: NOW }, DASHBOARD_SPECS, year, {});
  return { counts, documents, figures: Object.fromEntries(figures) };
}

describe.each(testDatabases())('duban backup and restore on $name', (target) => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-backup-'));
  const saved = { url: process.env.DATABASE_URL, path: process.env.PATH };
  const drops: Array<() => Promise<void>> = [];

  /** A fresh database of the target kind: a file for SQLite (the commands open it by path). */
  async function fresh(name: string): Promise<{ settings: DatabaseSettings; url: string }> {
    if (target.name === 'sqlite') {
      const path = join(dir, `${name}.sqlite`);
      return { settings: { type: 'sqlite', path }, url: `sqlite:${path}` };
    }
    const scratch = await createScratchMysqlDatabase(process.env.TEST_MYSQL_URL ?? (saved.url as string));
    drops.push(scratch.drop);
    return { settings: { type: 'mysql', url: scratch.url }, url: scratch.url };
  }

  afterAll(async () => {
    process.env.PATH = saved.path;
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.url;
    for (const drop of drops) await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores a backup of the demo into a fresh database, which migrates and starts with everything as before', async () => {
    const source = await fresh('source');
    const db = await openDatabase(source.settings);
    let before: Awaited<ReturnType<typeof snapshot>>;
    const file = join(dir, target.name === 'sqlite' ? 'duban.sqlite.bak' : 'duban.sql');
    try {
      await seedDemoOnce(db);
      before = await snapshot(db);
      process.env.DATABASE_URL = source.url;
      // Taken while the database is open and in use, as on a running server.
      const backup = await runCaptured(backupCommand, [file]);
      expect(backup).toMatchObject({ code: 0, out: expect.stringMatching(/^已备份到 .*（\d+ 字节）。$/) });

      // An existing file is never overwritten.
      const written = readFileSync(file);
      const again = await runCaptured(backupCommand, [file]);
      expect(again).toMatchObject({ code: 1, err: expect.stringContaining('已存在') });
      expect(readFileSync(file).equals(written)).toBe(true);
    } finally {
      await db.destroy();
    }
    expect(before.counts.document).toBeGreaterThan(10);
    expect(before.counts.triggers).toBeGreaterThan(0);

    const restored = await fresh('restored');
    process.env.DATABASE_URL = restored.url;
    expect(await runCaptured(restoreCommand, [file])).toMatchObject({ code: 0, out: expect.stringMatching(/^已从/) });
    // Once it holds data, a restore into it is refused.
    expect(await runCaptured(restoreCommand, [file])).toMatchObject({
      code: 1,
      err: expect.stringContaining('已有数据表'),
    });
    expect(await runCaptured(migrate, [])).toMatchObject({ code: 0, out: 'nothing to apply' });
    const copy = await openDatabase(restored.settings, { migrate: false });
    try {
      expect(await snapshot(copy)).toEqual(before);
    } finally {
      await copy.destroy();
    }

    const duban = await startDuban(
      { ...loadConfig({ PORT: '0' }), database: restored.settings },
      createLogger('silent'),
    );
    try {
      expect((await fetch(`${duban.url}/ready`)).status).toBe(200);
      // Started, it brings the 看板's kept figures up to date (figure_rollup): the figures stay what they were.
      const { documents, figures } = await snapshot(duban.database.get());
      expect({ documents, figures }).toEqual({ documents: before.documents, figures: before.figures });
    } finally {
      await duban.close();
    }
  }, 180_000);

  it('refuses a file that is not a backup of this kind of database, and changes nothing', async () => {
    const empty = await fresh('empty');
    process.env.DATABASE_URL = empty.url;
    const notBackup = join(dir, 'notes.txt');
    writeFileSync(notBackup, 'not a backup\n');
    const answer = await runCaptured(restoreCommand, [notBackup]);
    expect(answer.code).toBe(1);
    expect(answer.err).toMatch(target.name === 'sqlite' ? /不是 SQLite 数据库备份/ : /不是 mariadb-dump/);
    const missing = await runCaptured(restoreCommand, [join(dir, 'missing.bak')]);
    expect(missing).toMatchObject({ code: 1, err: expect.stringContaining('不存在') });
    const db = await openDatabase(empty.settings, { migrate: false });
    try {
      const tables =
        target.name === 'sqlite'
          ? await db.query("SELECT name FROM sqlite_master WHERE type = 'table'")
          : await db.query('SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()');
      expect(tables).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  (target.name === 'mysql' ? it : it.skip)(
    'says in Chinese which client to install when no dump tool is found',
    async () => {
      const source = await fresh('no-tools');
      process.env.DATABASE_URL = source.url;
      process.env.PATH = join(dir, 'empty-bin');
      try {
        const answer = await runCaptured(backupCommand, [join(dir, 'never.sql')]);
        expect(answer).toMatchObject({ code: 1, err: expect.stringContaining('未找到 mariadb-dump 或 mysqldump') });
      } finally {
        process.env.PATH = saved.path;
      }
    },
  );
});
