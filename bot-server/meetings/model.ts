/** What the meetings area takes (inputs) and answers (views), and the names of stored values. */
import type { Meeting, MeetingAttendee } from '../../entities';
import type { MeetingAction } from './lifecycle';

export interface MeetingInput {
  type: string;
  title: string;
  startsAt: Date;
  endsAt?: Date | null;
  place?: string | null;
  agenda?: string | null;
  confirmBy?: Date | null;
  /** 会议组织者; the person creating it when not given. */
  organiserUserId?: string | null;
  /** 主持人, when known. */
  presiderUserId?: string | null;
  /** People invited by name. */
  attendeeUserIds?: string[];
  /** Units invited: each names who attends (报名). */
  attendeeDepartmentIds?: string[];
}

export type Receipt =
  | { response: 'confirmed' }
  | { response: 'leave'; reason: string }
  | { response: 'substitute'; substituteUserId: string; reason?: string | null };

export interface DecisionInput {
  content: string;
  leadDepartmentId: string;
  coDepartmentIds?: string[];
  responsibleUserId?: string | null;
  /** Explicit due date (YYYY-MM-DD); the 会议议定事项 rule (30 working days) when not given. */
  dueDate?: string | null;
}

export interface MeetingFilter {
  from?: string;
  to?: string;
  type?: string;
  status?: Meeting['status'];
  /** Only meetings the actor is invited to (or organises). */
  mine?: boolean;
  limit?: number;
}

export interface AttendeeView {
  id: number;
  userId: string | null;
  name: string | null;
  departmentId: string | null;
  unitName: string | null;
  response: MeetingAttendee['response'];
  responseName: string;
  leaveReason: string | null;
  substitute: { id: string; name: string } | null;
  substituteForId: number | null;
  readAt: string | null;
  respondedAt: string | null;
  signedInAt: string | null;
  late: boolean | null;
}

export interface DecisionView {
  id: number;
  content: string;
  leadDepartmentId: string | null;
  leadDepartmentName: string | null;
  dueDate: string | null;
  matterId: number | null;
  matterNumber: string | null;
  matterStatus: string | null;
}

export interface MeetingSummary {
  id: number;
  type: string;
  typeName: string;
  title: string;
  startsAt: string;
  endsAt: string | null;
  place: string | null;
  status: Meeting['status'];
  statusName: string;
  origin: Meeting['origin'];
  confirmBy: string | null;
  organiser: { id: string; name: string } | null;
  presider: { id: string; name: string } | null;
  /** Made in Duban, or (from DingTalk) adopted by 会务: only then may its organiser run it. */
  adopted: boolean;
  counts: { invited: number; confirmed: number; leave: number; substitute: number; pending: number; signedIn: number };
  /** The asking user's own invitation(s): their row, or unit rows they name attendees for. */
  mine: AttendeeView[];
}

export interface UnitNomination {
  /** The unit's own row: naming (again) goes to it. */
  attendeeId: number;
  departmentId: string;
  unitName: string | null;
  /** The people named, with their answers; empty until the unit names someone. */
  named: AttendeeView[];
}

/** The actions the mini-app shows or hides a button for. */
export const SHOWN_ACTIONS = ['adopt', 'edit', 'notify', 'cancel', 'code', 'decide'] as const satisfies MeetingAction[];

export interface MeetingDetail extends MeetingSummary {
  agenda: string | null;
  notifiedAt: string | null;
  /** Shown to those who run the meeting only, to put up in the room. */
  signInCode: string | null;
  /**
   * For those who run the meeting: code sign-in has stopped after too many wrong codes (renew the code to reopen it);
   * null for everyone else.
   */
  signInLocked: boolean | null;
  signInWindow: { opensAt: string; closesAt: string };
  attendees: AttendeeView[];
  /** The invited units the asking user heads: whom each has named (报名), to see and change until the start. */
  units: UnitNomination[];
  decisions: DecisionView[];
  /** May change the draft (the form opens only then). */
  canManage: boolean;
  /** What the asking user may do with this meeting now, as permissions.ts decides (the stage aside). */
  can: Record<(typeof SHOWN_ACTIONS)[number], boolean>;
}

// Maps, not plain objects: a stored value such as `toString` or `__proto__` finds no name (it is shown as itself),
// never an inherited member.
export const STATUS_NAMES: ReadonlyMap<string, string> = new Map([
  ['draft', '待发通知'],
  ['notified', '已发通知'],
  ['held', '已召开'],
  ['cancelled', '已取消'],
]);

export const RESPONSE_NAMES: ReadonlyMap<string, string> = new Map([
  ['pending', '未回执'],
  ['confirmed', '确认参会'],
  ['leave', '请假'],
  ['substitute', '指派他人'],
]);
