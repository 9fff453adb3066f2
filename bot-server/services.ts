import type { DataSource } from 'typeorm';
import { DeadlineService } from './deadlines/deadline-service';
import type { DingTalkClients } from './dingtalk';
import { DocumentService } from './documents/service';
import type { Logger } from './logging/logger';
import { ReminderService } from './reminders/service';
import { Supervision } from './supervision';

/** The domain services of a running Duban, built once the database is there. */
export interface Services {
  db: DataSource;
  dingtalk: DingTalkClients;
  deadlines: DeadlineService;
  documents: DocumentService;
  supervision: Supervision;
  reminders: ReminderService;
}

export async function createServices(db: DataSource, logger: Logger, dingtalk: DingTalkClients): Promise<Services> {
  const deadlines = await DeadlineService.load(() => db, logger);
  return {
    db,
    dingtalk,
    deadlines,
    supervision: new Supervision(() => db, deadlines),
    documents: new DocumentService(db, deadlines, dingtalk.openApi, logger),
    reminders: new ReminderService(db, logger, dingtalk),
  };
}
