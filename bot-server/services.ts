import type { DataSource } from 'typeorm';
import { DeadlineService } from './deadlines/deadline-service';
import type { DingTalkClients } from './dingtalk';
import type { Logger } from './logging/logger';

/** The domain services of a running Duban, built once the database is there. */
export interface Services {
  db: DataSource;
  dingtalk: DingTalkClients;
  deadlines: DeadlineService;
}

export async function createServices(db: DataSource, logger: Logger, dingtalk: DingTalkClients): Promise<Services> {
  return { db, dingtalk, deadlines: await DeadlineService.load(() => db, logger) };
}
