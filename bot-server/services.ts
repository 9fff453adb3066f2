import type { DataSource } from 'typeorm';
import { DeadlineService } from './deadlines/deadline-service';
import type { DingTalkClients } from './dingtalk';
import { DocumentService } from './documents/service';
import type { Logger } from './logging/logger';
import { MeetingService } from './meetings/service';
import { ReminderService } from './reminders/service';
import { Supervision } from './supervision';

/** The domain services of a running Duban, built once the database is there. */
export interface Services {
  db: DataSource;
  dingtalk: DingTalkClients;
  deadlines: DeadlineService;
  documents: DocumentService;
  supervision: Supervision;
  meetings: MeetingService;
  reminders: ReminderService;
}

export async function createServices(db: DataSource, logger: Logger, dingtalk: DingTalkClients): Promise<Services> {
  const deadlines = await DeadlineService.load(() => db, logger);
  const supervision = new Supervision(() => db, deadlines);
  return {
    db,
    dingtalk,
    deadlines,
    supervision,
    meetings: new MeetingService({
      db: () => db,
      deadlines,
      supervision: supervision.matters,
      calendar: dingtalk.openApi,
      logger,
    }),
    documents: new DocumentService(db, deadlines, dingtalk.openApi, logger),
    reminders: new ReminderService(db, logger, dingtalk),
  };
}
