import type { DataSource } from 'typeorm';
import { DeadlineService } from './deadlines/deadline-service';
import type { Logger } from './logging/logger';

/** The domain services of a running Duban, built once the database is there. */
export interface Services {
  db: DataSource;
  deadlines: DeadlineService;
}

export async function createServices(db: DataSource, logger: Logger): Promise<Services> {
  return { db, deadlines: await DeadlineService.load(() => db, logger) };
}
