import type { DataSource } from 'typeorm';
import { DeadlineService } from './deadlines/deadline-service';
import type { DingTalkClients } from './dingtalk';
import { type DocumentEventDependencies, registerDocumentHandlers } from './documents/events';
import { DocumentService } from './documents/service';
import { IncidentService } from './duty/incidents';
import { PetitionService } from './duty/petitions';
import { PhoneLogService } from './duty/phone-log';
import { DutyRoster } from './duty/roster';
import { DutySwapService } from './duty/swaps';
import type { InboxProcessor } from './events/inbox-processor';
import { InformationService } from './information/items';
import { LedgerService } from './ledgers/ledgers';
import { RegisterService } from './ledgers/registers';
import type { Logger } from './logging/logger';
import { type MeetingEventDependencies, registerMeetingHandlers } from './meetings/dingtalk-events';
import { MeetingService } from './meetings/service';
import { ReminderService } from './reminders/service';
import { ResearchService } from './research/reports';
import { SuggestionService } from './research/suggestions';
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
  duty: DutyRoster;
  /** 换班 and 我的班次, on the roster's clock. */
  dutySwaps: DutySwapService;
  petitions: PetitionService;
  phoneLog: PhoneLogService;
  /** 应急值班信息 and its clock of reporting limits. */
  incidents: IncidentService;
  /** 政务信息: items, adoptions and their scores. */
  information: InformationService;
  /** The office's registers (荣誉, 接待, 简报) and yearly ledgers (台账), on the supervision clock. */
  registers: RegisterService;
  ledgers: LedgerService;
  /** 调研报告 and their 存在问题. */
  research: ResearchService;
  /** 督查建议 and 现场/电话督查 on matters. */
  suggestions: SuggestionService;
}

export async function createServices(db: DataSource, logger: Logger, dingtalk: DingTalkClients): Promise<Services> {
  const deadlines = await DeadlineService.load(() => db, logger);
  // A notice loaded by another process, or shipped since the last start, settles the estimates it covers.
  await deadlines.settleEstimates();
  const supervision = new Supervision(() => db, deadlines);
  const duty = new DutyRoster(
    () => db,
    () => deadlines.calendar(),
  );
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
    duty,
    dutySwaps: new DutySwapService(
      () => db,
      () => deadlines.calendar(),
      () => duty.now(),
    ),
    petitions: new PetitionService(() => db, supervision.matters),
    phoneLog: new PhoneLogService(() => db, supervision.matters),
    incidents: new IncidentService(() => db),
    information: new InformationService(() => db),
    registers: new RegisterService(
      () => db,
      () => supervision.matters.now(),
    ),
    ledgers: new LedgerService(
      () => db,
      () => supervision.matters.now(),
    ),
    research: new ResearchService(() => db, supervision.matters),
    suggestions: new SuggestionService(
      () => db,
      () => supervision.matters.now(),
    ),
  };
}

/** What the domain's event handlers need, resolved when an event is handled (the pipeline precedes the database). */
export type DomainEventDependencies = DocumentEventDependencies & MeetingEventDependencies;

/**
 * Registers, for each event type a domain area understands, its handler into the inbox processor. Event types
 * nobody handles are stored, acknowledged and marked `ignored`. The server and `duban replay` both build their
 * processor here, so a replayed event meets exactly the handlers a live one would.
 */
export function registerDomainHandlers(processor: InboxProcessor, deps: DomainEventDependencies): InboxProcessor {
  registerDocumentHandlers(processor, deps);
  registerMeetingHandlers(processor, deps);
  return processor;
}
