import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_FOLDER_VARIABLE } from './demo-snapshot-file';

/**
 * Before a jest run: the run's folder for the seeded demo's copies (demo-snapshot.ts), in memory where the machine
 * offers it. The workers start after this and inherit the variable.
 */
export default function setUpRun(): void {
  const base = process.platform === 'linux' ? '/dev/shm' : tmpdir();
  process.env[RUN_FOLDER_VARIABLE] = mkdtempSync(join(base, 'duban-test-run-'));
}
