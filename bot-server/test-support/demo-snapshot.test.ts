import type { DataSource } from 'typeorm';
import { openDatabase } from '../db/database';
import { seedDemoOnce } from '../demo/seed-demo';
import { testDatabases } from './databases';
import { freshDemoDatabase } from './demo-snapshot';

/** Every table with its rows counted, and every trigger by name: what a copy must carry over. */
async function contentsOf(ds: DataSource): Promise<{ tables: Record<string, number>; triggers: string[] }> {
  const sqlite = ds.options.type === 'better-sqlite3';
  const names = (await ds.query(
    sqlite
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
      : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name",
  )) as { name: string }[];
  const tables: Record<string, number> = {};
  for (const { name } of names) {
    const [row] = (await ds.query(`SELECT COUNT(*) AS n FROM ${name}`)) as { n: number | string }[];
    tables[name] = Number(row?.n);
  }
  const triggers = (await ds.query(
    sqlite
      ? "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
      : 'SELECT trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = DATABASE() ORDER BY trigger_name',
  )) as { name: string }[];
  return { tables, triggers: triggers.map((t) => t.name) };
}

describe.each(testDatabases())('the seeded demo copied for a test, on $name', (target) => {
  it('holds the tables, rows and triggers of a demo seeded in place, and a change to the copy stays in it', async () => {
    const seeded = await target.create();
    const copied = await freshDemoDatabase(target);
    const other = await freshDemoDatabase(target);
    const opened: DataSource[] = [];
    try {
      const inPlace = await openDatabase(seeded.settings);
      opened.push(inPlace);
      expect(await seedDemoOnce(inPlace)).toBe(true);
      const copy = await openDatabase(copied.settings);
      opened.push(copy);
      // Already seeded: Duban starts on the copy as `npm start` does on its second start.
      expect(await seedDemoOnce(copy)).toBe(false);
      const expected = await contentsOf(inPlace);
      expect(Object.keys(expected.tables).length).toBeGreaterThan(40);
      expect(expected.triggers.length).toBeGreaterThan(0);
      expect(expected.tables.audit_log).toBeGreaterThan(0);
      expect(await contentsOf(copy)).toEqual(expected);

      // Copies are apart: rows deleted in one are still in the other.
      await copy.query('DELETE FROM audit_log');
      expect((await contentsOf(copy)).tables.audit_log).toBe(0);
      const otherCopy = await openDatabase(other.settings);
      opened.push(otherCopy);
      expect((await contentsOf(otherCopy)).tables).toEqual(expected.tables);
    } finally {
      for (const ds of opened) await ds.destroy();
      await Promise.all([seeded.drop(), copied.drop(), other.drop()]);
    }
  }, 120_000);
});
