import { rmSync } from 'node:fs';
import { mysqlServerUrl } from './databases';
import { dropMysqlTemplates } from './demo-snapshot';
import { RUN_FOLDER_VARIABLE } from './demo-snapshot-file';

/** After a jest run: the run's folder and its MySQL template databases go. */
export default async function tearDownRun(): Promise<void> {
  const folder = process.env[RUN_FOLDER_VARIABLE];
  if (!folder) return;
  rmSync(folder, { recursive: true, force: true });
  const server = mysqlServerUrl();
  if (server) await dropMysqlTemplates(server, folder);
}
