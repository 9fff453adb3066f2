/**
 * The seeded demo as an SQLite file, made once per jest run (and Shanghai day) in the run's folder and copied for each
 * start (see demo-snapshot.ts, which also copies it for MariaDB's tests). Apart from demo-snapshot.ts because the
 * browser tests use it: they take no test database, and so stay out of CI's MariaDB pass (which runs the tests
 * related to databases.ts).
 */
import { copyFileSync, existsSync, mkdtempSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { shanghaiDayNumber } from '../calendar/civil-date';
import { openDatabase } from '../db/database';
import { seedDemoOnce } from '../demo/seed-demo';

export const RUN_FOLDER_VARIABLE = 'DUBAN_TEST_RUN';

export const runFolder = (): string | undefined => process.env[RUN_FOLDER_VARIABLE];
/** The Shanghai day the seed is made on: the demo's records are dated from it. */
export const today = (): number => shanghaiDayNumber(new Date());

/** Writes the seeded demo as an SQLite file at `path` (which must not exist yet). */
export async function copyDemoSqlite(path: string): Promise<void> {
  const folder = runFolder();
  if (!folder) return;
  const snapshot = join(folder, `demo-${today()}.sqlite`);
  if (!existsSync(snapshot)) {
    // Two workers may seed at once at the start of a run: each in a file of its own, renamed into place whole.
    const building = join(mkdtempSync(join(folder, 'seed-')), 'demo.sqlite');
    const ds = await openDatabase({ type: 'sqlite', path: building });
    try {
      await seedDemoOnce(ds);
      // One self-contained file: the write-ahead log folded in, so that copying the file copies everything.
      await ds.query('PRAGMA journal_mode = DELETE');
    } finally {
      await ds.destroy();
    }
    renameSync(building, snapshot);
  }
  copyFileSync(snapshot, path);
}
