import { DeadlineService } from '../../bot-server/deadlines/deadline-service';
import { createLogger } from '../../bot-server/logging/logger';
import { withDatabase } from './database';

/**
 * `--office`: the office's own calendar and rules, as the server uses them — the official data with the days an
 * administrator made off or working, and the rules as the administrator set them — read from the configured
 * database (`DATABASE_URL`, else the SQLite file under ./data).
 */
export async function withOfficeDeadlines<T>(work: (deadlines: DeadlineService) => Promise<T> | T): Promise<T> {
  return withDatabase(async (db) => work(await DeadlineService.load(() => db, createLogger('warn'))));
}
