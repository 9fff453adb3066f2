/** The shapes the supervision service takes and gives: inputs of its commands, the views of its reads. */
import type { JsonObject, MatterSource, MatterStatus, Role } from '../../entities';
import type { Timing } from '../deadlines/timing';
import type { Classification, Timeliness } from './status';

/** Who acts: the signed-in user's id and roles (the API's SignedInUser fits). */
export interface Actor {
  id: string;
  roles: { role: Role; scope: string }[];
}

export interface AssignInput {
  source: MatterSource;
  title: string;
  content?: string | null;
  /** 交办领导. */
  assignedByUserId?: string | null;
  /** 牵头单位. */
  leadDepartmentId: string;
  /** 协办单位. */
  coDepartmentIds?: string[];
  /** 责任人; the head of the lead unit when not given. */
  responsibleUserId?: string | null;
  /** An explicit due date (YYYY-MM-DD, Shanghai) instead of the source's time-limit rule; required for 重点工作. */
  dueDate?: string | null;
  /** 领导批示: 急件 (5 days) rather than 非急件 (15 days). */
  urgent?: boolean;
  /** When it was assigned, for a matter assigned on paper and registered afterwards (补录); never in the future. */
  assignedAt?: Date | null;
  documentId?: number | null;
  meetingId?: number | null;
  /** 建议/提案: the deputy or member who raised it. */
  proposer?: string | null;
}

export interface ProgressInput {
  content: string;
  attachments?: { name: string; url: string }[];
  /** For a periodic matter: the month reported on (YYYY-MM); the earliest unreported month by default. */
  period?: string | null;
}

export interface CompleteInput {
  reply: string;
  outcomeClass?: 'A' | 'B' | 'C' | 'D' | null;
  metDeputy?: boolean | null;
}

export interface ReassignInput {
  leadDepartmentId: string;
  coDepartmentIds?: string[];
  responsibleUserId?: string | null;
  reason: string;
}

export interface MatterFilter {
  source?: MatterSource;
  status?: MatterStatus[];
  timeliness?: Timeliness;
  light?: 'blue' | 'yellow' | 'red';
  /** Lead or co-unit. */
  departmentId?: string;
  year?: number;
  /** Words in the title or number. */
  q?: string;
  /**
   * The actor's own part: `lead` — their unit leads it (or they are responsible); `co_opinion` — their unit is a
   * co-unit that has not yet given its 协办意见.
   */
  mine?: 'lead' | 'co_opinion';
  limit?: number;
  offset?: number;
}

/** Options of a write that only the seed and imports use. */
export interface WriteOptions {
  /** Write no outbox notification (historical demo data). */
  notify?: boolean;
}

export interface NamedRef {
  id: string;
  name: string;
}

export interface DeadlineView {
  id: number;
  ruleCode: string | null;
  dueDate: string;
  dueAt: string;
  originalDueDate: string;
  originalDueAt: string;
  extended: boolean;
  status: 'open' | 'closed';
  metOnTime: boolean | null;
  /** Present (true) while the deadline rests on a year without the State Council's notice (deadlines/estimate.ts). */
  estimated?: true;
}

/** A matter as the mini-app shows it. */
export interface MatterView extends Classification {
  id: number;
  number: string;
  year: number;
  sequence: number;
  source: MatterSource;
  sourceName: string;
  title: string;
  content: string | null;
  assignedBy: NamedRef | null;
  leadDepartment: NamedRef;
  coDepartments: NamedRef[];
  responsible: NamedRef | null;
  status: MatterStatus;
  statusName: string;
  timelinessName: string;
  lightName: string;
  periodic: boolean;
  ruleCode: string | null;
  documentId: number | null;
  meetingId: number | null;
  assignedAt: string;
  acceptedAt: string | null;
  completedAt: string | null;
  completedOnTime: boolean | null;
  reply: string | null;
  outcomeClass: 'A' | 'B' | 'C' | 'D' | null;
  outcomeName: string | null;
  metDeputy: boolean | null;
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  satisfactionName: string | null;
  proposer: string | null;
  urgeCount: number;
  deadline: DeadlineView | null;
}

export interface MatterDetail extends MatterView {
  periods: {
    id: number;
    period: string;
    dueDate: string | null;
    timing: Timing | null;
    reportId: number | null;
    reportedAt: string | null;
    metOnTime: boolean | null;
  }[];
  reports: {
    id: number;
    userId: string;
    userName: string;
    content: string;
    attachments: { name: string; url: string }[];
    reportedAt: string;
    period: string | null;
    /** 协办意见: the co-unit that gave it. */
    coDepartment: NamedRef | null;
  }[];
  extensions: {
    id: number;
    requestedBy: NamedRef;
    reason: string;
    amount: number;
    unit: string;
    requestedAt: string;
    previousDueAt: string;
    requestedDueAt: string;
    grantedDueAt: string | null;
    status: 'pending' | 'approved' | 'refused';
    decidedBy: NamedRef | null;
    decidedAt: string | null;
    decisionNote: string | null;
  }[];
  evaluations: { id: number; evaluator: NamedRef; grade: string; gradeName: string; comment: string | null }[];
  /** How the matter's deadline may be extended (its rule's policy, or the one for dates a person set); null: never. */
  extensionPolicy: { unit: string; maxAmount: number; maxTimes: number; approverRole: string } | null;
  history: {
    at: string;
    actor: string;
    actorName: string;
    action: string;
    before: JsonObject | null;
    after: JsonObject | null;
    reason: string | null;
  }[];
}

/** An assignment that passed every check, ready to be written. */
export interface CheckedAssign {
  source: MatterSource;
  title: string;
  content: string | null;
  assignedAt: Date;
  assignedByUserId: string | null;
  lead: string;
  co: string[];
  responsibleUserId: string | null;
  dueDate: string | null;
  ruleCode: string | null;
  urgent: boolean;
  documentId: number | null;
  meetingId: number | null;
  proposer: string | null;
}
