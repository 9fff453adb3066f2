/**
 * The seeded demo, made once per jest run (and Shanghai day) and copied for every test that starts a demo Duban.
 * Migrating and seeding the demo costs 3-8 s a start, and half the test files start one or more; a copy costs a few
 * milliseconds on SQLite (a file) and well under a second on MariaDB (tables copied from a template database). The
 * copy is what `npm start` meets on its second start, a database already seeded, so Duban starts on it exactly as it
 * does there. The seed is dated by the day it is made, hence one copy per Shanghai day.
 *
 * The run's folder comes from jest's global setup (`DUBAN_TEST_RUN`, jest-global-setup.ts); the global teardown
 * removes the copies and the template databases at the end. Without it (a test started some other way) every start
 * seeds its own. The SQLite file is made in demo-snapshot-file.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { openDatabase } from '../db/database';
import { createScratchMysqlDatabase } from '../db/scratch-database';
import { seedDemoOnce } from '../demo/seed-demo';
// Only the type: importing databases.ts would make every test that starts a demo a data test for CI (see .ci/run).
import type { TestDatabase } from './databases';
import { copyDemoSqlite, runFolder, today } from './demo-snapshot-file';

/** Template databases of a run start with this, followed by the run's id. */
export const TEMPLATE_PREFIX = 'duban_demo_';

type Created = Awaited<ReturnType<TestDatabase['create']>>;

/** The run's id in database names: the random end of its folder's name. */
const runId = (folder: string): string =>
  folder
    .replace(/.*-/, '')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();

/** A fresh database of `target` holding the seeded demo: a copy of the run's, else a fresh one to be seeded. */
export async function freshDemoDatabase(target: TestDatabase): Promise<Created> {
  const folder = runFolder();
  if (!folder) return target.create();
  if (target.name === 'sqlite') {
    const dir = mkdtempSync(join(folder, 'db-'));
    await copyDemoSqlite(join(dir, 'demo.sqlite'));
    return {
      settings: { type: 'sqlite', path: join(dir, 'demo.sqlite') },
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { server } = target;
  if (!server) throw new Error('a MySQL test database without a server');
  const template = await mysqlTemplate(server, folder);
  const scratch = await createScratchMysqlDatabase(server);
  await copyMysqlDatabase(server, template, new URL(scratch.url).pathname.slice(1));
  return { settings: { type: 'mysql', url: scratch.url }, drop: scratch.drop };
}

/** The run's template database of today's demo on `server`, made under a server-wide lock by the first to ask. */
async function mysqlTemplate(server: string, folder: string): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${runId(folder)}_${today()}`;
  const admin = await mysql.createConnection(serverRoot(server));
  try {
    await admin.query('SELECT GET_LOCK(?, 600)', [name]);
    const [exists] = await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = ?', [name]);
    if ((exists as unknown[]).length === 0) {
      await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      const url = new URL(server);
      url.pathname = `/${name}`;
      const ds = await openDatabase({ type: 'mysql', url: url.toString() });
      try {
        await seedDemoOnce(ds);
      } finally {
        await ds.destroy();
      }
    }
    await admin.query('SELECT RELEASE_LOCK(?)', [name]);
  } finally {
    await admin.end();
  }
  return name;
}

/** Copies every table of `from` (definition, keys and rows) and every trigger into the empty database `to`. */
async function copyMysqlDatabase(server: string, from: string, to: string): Promise<void> {
  const c = await mysql.createConnection(serverRoot(server));
  try {
    await c.query(`USE \`${to}\``);
    await c.query('SET FOREIGN_KEY_CHECKS = 0');
    const [tables] = await c.query(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'",
      [from],
    );
    for (const { name } of tables as { name: string }[]) {
      const [[shown]] = (await c.query(`SHOW CREATE TABLE \`${from}\`.\`${name}\``)) as unknown as [
        { 'Create Table': string }[],
      ];
      if (!shown) throw new Error(`no definition of ${from}.${name}`);
      await c.query(shown['Create Table']);
      await c.query(`INSERT INTO \`${name}\` SELECT * FROM \`${from}\`.\`${name}\``);
    }
    // The triggers last (they keep the 看板's change log), so that copying the rows fires none of them.
    const [triggers] = await c.query(
      'SELECT trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = ?',
      [from],
    );
    for (const { name } of triggers as { name: string }[]) {
      const [[shown]] = (await c.query(`SHOW CREATE TRIGGER \`${from}\`.\`${name}\``)) as unknown as [
        { 'SQL Original Statement': string }[],
      ];
      if (!shown) throw new Error(`no definition of the trigger ${from}.${name}`);
      await c.query(shown['SQL Original Statement']);
    }
  } finally {
    await c.end();
  }
}

function serverRoot(server: string): string {
  const url = new URL(server);
  url.pathname = '/';
  return url.toString();
}

/** Drops the run's template databases (jest's global teardown). */
export async function dropMysqlTemplates(server: string, folder: string): Promise<void> {
  const c = await mysql.createConnection(serverRoot(server));
  try {
    const [rows] = await c.query(
      'SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?',
      [`${TEMPLATE_PREFIX}${runId(folder)}\\_%`],
    );
    for (const { name } of rows as { name: string }[]) await c.query(`DROP DATABASE \`${name}\``);
  } finally {
    await c.end();
  }
}
