import type { MigrationInterface } from 'typeorm';
import { InitialSchema1795625662830 } from './1795625662830-InitialSchema';
import { SupervisionExtensionDetails1795627608813 } from './1795627608813-SupervisionExtensionDetails';
import { ReminderPlanning1795627719646 } from './1795627719646-ReminderPlanning';
import { DocumentEventsSync1795627815900 } from './1795627815900-DocumentEventsSync';
import { SupervisionSatisfactionWidth1795628263285 } from './1795628263285-SupervisionSatisfactionWidth';
import { MeetingsNoticesAndDiscipline1795636359312 } from './1795636359312-MeetingsNoticesAndDiscipline';
import { ReportIndexes1795636986718 } from './1795636986718-ReportIndexes';
import { UserSessions1796367268183 } from './1796367268183-UserSessions';
import { CoUnitOpinion1796378295000 } from './1796378295000-CoUnitOpinion';
import { HolidayNotices1796378434576 } from './1796378434576-HolidayNotices';
import { MeetingUnitsAndNoticeWithdrawal1796379237036 } from './1796379237036-MeetingUnitsAndNoticeWithdrawal';
import { FigureRollups1796402704974 } from './1796402704974-FigureRollups';
import { DocumentNumbers1796411801685 } from './1796411801685-DocumentNumbers';
import { DingTalkTodos1796411932934 } from './1796411932934-DingTalkTodos';
import { GroupRobots1796420004000 } from './1796420004000-GroupRobots';
import { ReminderCursor1796420005000 } from './1796420005000-ReminderCursor';
import { ReminderSettings1796420006000 } from './1796420006000-ReminderSettings';
import { DutyRoster1796420007300 } from './1796420007300-DutyRoster';
import { PetitionsAndCalls1796420008500 } from './1796420008500-PetitionsAndCalls';
import { DutySwaps1796420009000 } from './1796420009000-DutySwaps';
import { EmergencyInformation1796420009500 } from './1796420009500-EmergencyInformation';
import { GovernmentInformation1796420010000 } from './1796420010000-GovernmentInformation';
import { ResearchReports1796420010500 } from './1796420010500-ResearchReports';
import { OfficeLedgers1796420011000 } from './1796420011000-OfficeLedgers';

/** Every migration, in order. Explicit on purpose: nothing is found by glob. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  InitialSchema1795625662830,
  SupervisionExtensionDetails1795627608813,
  ReminderPlanning1795627719646,
  DocumentEventsSync1795627815900,
  SupervisionSatisfactionWidth1795628263285,
  MeetingsNoticesAndDiscipline1795636359312,
  ReportIndexes1795636986718,
  UserSessions1796367268183,
  CoUnitOpinion1796378295000,
  HolidayNotices1796378434576,
  MeetingUnitsAndNoticeWithdrawal1796379237036,
  FigureRollups1796402704974,
  DocumentNumbers1796411801685,
  DingTalkTodos1796411932934,
  GroupRobots1796420004000,
  ReminderCursor1796420005000,
  ReminderSettings1796420006000,
  DutyRoster1796420007300,
  PetitionsAndCalls1796420008500,
  DutySwaps1796420009000,
  EmergencyInformation1796420009500,
  GovernmentInformation1796420010000,
  ResearchReports1796420010500,
  OfficeLedgers1796420011000,
];
