import { Document, DocumentProblem, DocumentStep, DocumentTemplate } from './documents';
import { DutyHandover, DutyShift, DutyShiftMember } from './duty';
import { DutySwap } from './duty-swaps';
import { DutyIncident, DutyIncidentLimit, DutyIncidentReport, DutyIncidentRule } from './incidents';
import { InformationAdoption, InformationItem, InformationRanking, InformationScoreRule } from './information';
import { OfficeBrief, OfficeHonour, OfficeLedger, OfficeLedgerEntry, OfficeReception } from './ledgers';
import { DisciplineNotice, Meeting, MeetingAttendee, MeetingDecision, MeetingType } from './meetings';
import { AuditLog, InboxEvent, OutboxNotification } from './messaging';
import { DocumentNumber, DocumentNumberKind, DocumentNumberSequence } from './numbering';
import { Department, User, UserDepartment, UserRole, UserSession } from './organisation';
import { PetitionVisit, PhoneCall } from './petitions';
import { ReminderCursor, ReminderSetting } from './reminders';
import { FigureChange, FigureRollup, FigureRollupState } from './reports';
import { ResearchProblem, ResearchReport, SupervisionInspection, SupervisionSuggestion } from './research';
import { GroupRobot } from './robots';
import {
  Bulletin,
  Evaluation,
  ExtensionRequest,
  Matter,
  MatterPeriod,
  MatterUnit,
  ProgressReport,
} from './supervision';
import { CalendarOverride, Deadline, HolidayNotice, TimeLimitRule } from './timelimits';
import { DingTalkTodo } from './todos';

export * from './documents';
export * from './duty';
export * from './duty-swaps';
export * from './incidents';
export * from './information';
export * from './ledgers';
export * from './meetings';
export * from './messaging';
export * from './numbering';
export * from './organisation';
export * from './petitions';
export * from './reminders';
export * from './reports';
export * from './research';
export * from './robots';
export * from './supervision';
export * from './timelimits';
export * from './todos';

/** Every entity, for the DataSource. */
export const ENTITIES = [
  Department,
  User,
  UserDepartment,
  UserRole,
  UserSession,
  TimeLimitRule,
  CalendarOverride,
  HolidayNotice,
  Deadline,
  ReminderCursor,
  ReminderSetting,
  DocumentTemplate,
  Document,
  DocumentStep,
  DocumentProblem,
  Matter,
  MatterUnit,
  MatterPeriod,
  ProgressReport,
  ExtensionRequest,
  Evaluation,
  Bulletin,
  Meeting,
  MeetingAttendee,
  MeetingDecision,
  MeetingType,
  DisciplineNotice,
  InboxEvent,
  OutboxNotification,
  AuditLog,
  FigureRollup,
  FigureChange,
  FigureRollupState,
  DocumentNumberKind,
  DocumentNumberSequence,
  DocumentNumber,
  DingTalkTodo,
  GroupRobot,
  DutyShift,
  DutyShiftMember,
  DutyHandover,
  DutySwap,
  PetitionVisit,
  PhoneCall,
  OfficeHonour,
  OfficeReception,
  OfficeBrief,
  OfficeLedger,
  OfficeLedgerEntry,
  DutyIncident,
  DutyIncidentLimit,
  DutyIncidentReport,
  DutyIncidentRule,
  ResearchReport,
  ResearchProblem,
  SupervisionSuggestion,
  SupervisionInspection,
  InformationItem,
  InformationAdoption,
  InformationScoreRule,
  InformationRanking,
];
export type { Json, JsonObject } from './columns';
