import { randomInt } from 'node:crypto';
import { type DataSource, type EntityManager, In } from 'typeorm';
import {
  AuditLog,
  Deadline,
  Department,
  Matter,
  Meeting,
  MeetingAttendee,
  MeetingDecision,
  OutboxNotification,
  User,
  UserRole,
} from '../../entities';
import { isMysql } from '../../entities/data-source';
import { audit } from '../audit/audit';
import { parseISODate, shanghaiInstant } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import type { DeadlineService } from '../deadlines/deadline-service';
import type { Logger } from '../logging/logger';
import { enqueueNotifications, type NewNotification } from '../reminders/outbox';
import { WakeRequests } from '../scheduler/wake-requests';
import type { Actor, SupervisionService } from '../supervision';
import { checkPlannedDate } from '../timelimits/plausible';
import { type CalendarReader, syncCalendarMeetings } from './calendar-sync';
import { MeetingError } from './errors';
import {
  allows,
  factsOf,
  headedUnits,
  isAdopted,
  isOfficial,
  type MeetingAction,
  type MeetingFacts,
  requirePermission,
  roleStandings,
  type Standing,
  seesEveryMeeting,
  standingsOf,
  unitMembers,
} from './permissions';
import { cancelledPayload, noticePayload, rescheduledPayload, startReminderPayload } from './texts';
import { checkPlannedInstant, readable } from './times';
import { meetingTypes } from './types';

/** Sign-in (签到) opens this long before the start… */
export const SIGN_IN_OPENS_MINUTES = 30;
/** …and, for a meeting without an end time, closes this long after it. */
export const SIGN_IN_CLOSES_MINUTES = 120;
/** The reminder to everyone attending goes out this long before the start. */
export const START_REMINDER_MINUTES = 60;
/**
 * Wrong sign-in codes one invitee may enter for a meeting, and all of them together, before code sign-in stops:
 * for that person, or for the whole meeting, until 会务 or the organiser renews the code. Counted in the database
 * (audit rows `meeting.sign_in.wrong_code` since the last `meeting.sign_in_code.renewed`), so the limits hold across
 * every server process; with them, guessing a 6-digit code succeeds in at most 50 tries in a million.
 */
export const WRONG_CODES_PER_PERSON = 5;
export const WRONG_CODES_PER_MEETING = 50;
const WRONG_CODE = 'meeting.sign_in.wrong_code';
const CODE_RENEWED = 'meeting.sign_in_code.renewed';

/** Without a confirm-by time, receipts are due this long before the start. */
export const DEFAULT_CONFIRM_LEAD_MINUTES = 120;
/** The reminder to those who have not answered goes out this long before the confirm-by time (or half-way). */
export const RECEIPT_REMINDER_MINUTES = 120;

const MINUTE = 60_000;

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
  /** Made in Duban, or (from DingTalk) adopted by 会务: only then may its organiser run it. */
  adopted: boolean;
  counts: { invited: number; confirmed: number; leave: number; substitute: number; pending: number; signedIn: number };
  /** The asking user's own invitation(s): their row, or unit rows they name attendees for. */
  mine: AttendeeView[];
}

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
  decisions: DecisionView[];
  /** May change the draft (the form opens only then). */
  canManage: boolean;
  /** What the asking user may do with this meeting now, as permissions.ts decides (the state aside). */
  can: Record<(typeof SHOWN_ACTIONS)[number], boolean>;
}

/** The actions the mini-app shows or hides a button for. */
const SHOWN_ACTIONS = ['adopt', 'edit', 'notify', 'cancel', 'code', 'decide'] as const satisfies MeetingAction[];

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

const attendeePath = (attendeeId: number) => `/m/meeting_attendee/${attendeeId}`;

type UnitNames = Map<string, string>;

/** Unit names by id, read once per answer (the organisation is small). */
const unitNames = async (manager: EntityManager): Promise<UnitNames> =>
  new Map((await manager.getRepository(Department).find()).map((d) => [d.id, d.name]));

/** 00:00 Shanghai of a date (YYYY-MM-DD), `plusDays` later. */
export const dayStart = (date: string, plusDays = 0) => shanghaiInstant(parseISODate(date) + plusDays, 0);
const iso = (date: Date | null) => (readable(date) ? date.toISOString() : null);

/** The window in which attendees may sign in. */
export function signInWindow(meeting: Pick<Meeting, 'startsAt' | 'endsAt'>) {
  return {
    opensAt: new Date(meeting.startsAt.getTime() - SIGN_IN_OPENS_MINUTES * MINUTE),
    closesAt: meeting.endsAt ?? new Date(meeting.startsAt.getTime() + SIGN_IN_CLOSES_MINUTES * MINUTE),
  };
}

/** Where the actor stands towards a meeting, and what the meeting is (see permissions.ts). */
interface Access {
  rows: MeetingAttendee[];
  standings: Set<Standing>;
  facts: MeetingFacts;
}

/**
 * 会议: notices with receipts (回执), leave and substitutes, reminders, sign-in, decisions that become supervised
 * matters. Each write runs in one transaction that checks everything first and writes the meeting, its attendees,
 * their receipt deadlines, the audit rows and the outbox messages together, so a refusal changes nothing and no
 * message exists without the change that called for it.
 */
export interface MeetingServiceOptions {
  db: () => DataSource;
  deadlines: DeadlineService;
  /** Decisions become matters through it. */
  supervision: SupervisionService;
  /** Reads the details of meetings made in DingTalk's calendar. */
  calendar?: CalendarReader;
  logger?: Logger;
  clock?: () => Date;
}

export class MeetingService {
  private clock: () => Date;
  private readonly db: () => DataSource;
  private readonly deadlines: DeadlineService;
  private readonly supervision: SupervisionService;
  private readonly syncRequests = new WakeRequests();

  constructor(private readonly options: MeetingServiceOptions) {
    this.db = options.db;
    this.deadlines = options.deadlines;
    this.supervision = options.supervision;
    this.clock = options.clock ?? (() => new Date());
  }

  /** The loop's pass: meetings that have started, then meetings whose details are to be read from DingTalk. */
  async runDue(): Promise<number> {
    const held = await this.sweep();
    const synced = this.options.calendar
      ? await syncCalendarMeetings(this.db(), this.options.calendar, this, this.options.logger)
      : 0;
    return held + synced;
  }

  onSyncRequested(wake: () => void): void {
    this.syncRequests.on(wake);
  }

  /** Wakes the loop soon (see WakeRequests). */
  requestSync(): void {
    this.syncRequests.request();
  }

  now(): Date {
    return this.clock();
  }

  /** Pins (or with null, releases) the clock: for tests and the demo seed only. */
  useClock(clock: (() => Date) | null): void {
    this.clock = clock ?? (() => new Date());
  }

  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db().transaction(work);
  }

  // ---- creating and notifying ---------------------------------------------------------------------------

  async create(actor: Actor, input: MeetingInput): Promise<MeetingDetail> {
    requirePermission('create', roleStandings(actor), { adopted: true, official: false });
    return this.write(async (manager) => {
      const meeting = await this.createIn(manager, actor.id, input);
      return this.detailIn(manager, actor, meeting);
    });
  }

  /** Validates and stores a draft meeting with its invitees, in the caller's transaction. */
  async createIn(manager: EntityManager, actorId: string, input: MeetingInput, origin: Meeting['origin'] = 'duban') {
    await this.validate(manager, input);
    const meeting = await manager.getRepository(Meeting).save(
      manager.getRepository(Meeting).create({
        type: input.type,
        title: input.title.trim(),
        startsAt: input.startsAt,
        endsAt: input.endsAt ?? null,
        place: input.place?.trim() || null,
        agenda: input.agenda?.trim() || null,
        confirmBy: input.confirmBy ?? null,
        organiserUserId: input.organiserUserId ?? actorId,
        departmentId: null,
        status: 'draft',
        origin,
      }),
    );
    await this.replaceInvitees(manager, meeting.id, input);
    await audit(manager, {
      actor: actorId,
      action: 'meeting.created',
      subjectType: 'meeting',
      subjectId: meeting.id,
      after: { type: meeting.type, title: meeting.title, startsAt: meeting.startsAt.toISOString() },
      at: this.now(),
    });
    return meeting;
  }

  /** Changes a meeting not yet notified (a draft made here, or one adopted from DingTalk). */
  async update(actor: Actor, id: number, input: MeetingInput): Promise<MeetingDetail> {
    return this.write(async (manager) => {
      const meeting = await this.lock(manager, id);
      const { standings, facts } = await this.access(manager, actor, meeting);
      requirePermission('edit', standings, facts);
      if (meeting.status !== 'draft') {
        throw new MeetingError('invalid_state', '会议通知已发出，不能再修改；如需调整请取消后重新通知');
      }
      await this.validate(manager, input);
      const organiserUserId = input.organiserUserId ?? meeting.organiserUserId ?? actor.id;
      if (organiserUserId !== meeting.organiserUserId) requirePermission('set_organiser', standings, facts);
      // What the meeting would become must be allowed too (an official type, leaders, units, other units' people).
      const official = await isOfficial(manager, {
        type: input.type,
        organiserUserId,
        userIds: input.attendeeUserIds ?? [],
        unitIds: input.attendeeDepartmentIds ?? [],
      });
      requirePermission('edit', standings, { ...facts, official: facts.official || official });
      const before = { type: meeting.type, title: meeting.title, startsAt: meeting.startsAt.toISOString() };
      Object.assign(meeting, {
        type: input.type,
        title: input.title.trim(),
        startsAt: input.startsAt,
        endsAt: input.endsAt ?? null,
        place: input.place?.trim() || null,
        agenda: input.agenda?.trim() || null,
        confirmBy: input.confirmBy ?? null,
        organiserUserId,
        needsSync: false,
      });
      await manager.getRepository(Meeting).save(meeting);
      await manager.delete(MeetingAttendee, { meetingId: id });
      await this.replaceInvitees(manager, id, input);
      await audit(manager, {
        actor: actor.id,
        action: 'meeting.updated',
        subjectType: 'meeting',
        subjectId: id,
        before,
        after: { type: meeting.type, title: meeting.title, startsAt: meeting.startsAt.toISOString() },
        at: this.now(),
      });
      return this.detailIn(manager, actor, meeting);
    });
  }

  /**
   * Sends the notices: a work notice to each person invited and to the heads of each unit invited, a receipt
   * deadline per invitee (reminded once before the confirm-by time), a reminder to everyone before the start,
   * and the sign-in code for the room.
   */
  async notify(actor: Actor, id: number): Promise<MeetingDetail> {
    return this.write(async (manager) => {
      const meeting = await this.lock(manager, id);
      const { facts, standings } = await this.access(manager, actor, meeting);
      requirePermission('notify', standings, facts);
      if (meeting.status !== 'draft') throw new MeetingError('invalid_state', '该会议的通知已发出');
      if (!facts.adopted) throw new MeetingError('invalid_state', '该会议来自钉钉，请先认领再发送通知');
      const now = this.now();
      if (meeting.startsAt <= now) throw new MeetingError('in_past', '会议开始时间已过，不能再发通知');
      const attendees = await manager.getRepository(MeetingAttendee).findBy({ meetingId: id });
      if (attendees.length === 0) throw new MeetingError('invalid_input', '请至少选择一名参会人员或参会单位');
      const confirmBy = meeting.confirmBy ?? this.defaultConfirmBy(meeting, now);
      meeting.confirmBy = confirmBy;
      meeting.status = 'notified';
      meeting.notifiedAt = now;
      meeting.signInCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await manager.getRepository(Meeting).save(meeting);
      const messages: NewNotification[] = [];
      for (const attendee of attendees) {
        messages.push(...(await this.inviteIn(manager, meeting, attendee, now)));
      }
      await enqueueNotifications(manager, messages, now);
      await audit(manager, {
        actor: actor.id,
        action: 'meeting.notified',
        subjectType: 'meeting',
        subjectId: id,
        after: { invitees: attendees.length, confirmBy: confirmBy.toISOString() },
        at: now,
      });
      return this.detailIn(manager, actor, meeting);
    });
  }

  /**
   * 认领: 会务 take a draft that arrived from DingTalk (calendar event or video meeting) as a meeting of the office.
   * Until then its DingTalk organiser may see it and nothing more; afterwards the organiser may run it while it is
   * ordinary (permissions.ts). Recorded in `external.adoptedBy`/`adoptedAt` and in the audit log.
   */
  async adopt(actor: Actor, id: number): Promise<MeetingDetail> {
    return this.write(async (manager) => {
      const meeting = await this.lock(manager, id);
      const { standings, facts } = await this.access(manager, actor, meeting);
      requirePermission('adopt', standings, facts);
      if (meeting.origin === 'duban') throw new MeetingError('invalid_state', '该会议不是来自钉钉，无需认领');
      if (facts.adopted) throw new MeetingError('invalid_state', '该会议已被认领');
      if (meeting.status !== 'draft') throw new MeetingError('invalid_state', '该会议已取消，不能认领');
      const now = this.now();
      meeting.external = { ...(meeting.external ?? {}), adoptedBy: actor.id, adoptedAt: now.toISOString() };
      await manager.getRepository(Meeting).save(meeting);
      await audit(manager, {
        actor: actor.id,
        action: 'meeting.adopted',
        subjectType: 'meeting',
        subjectId: id,
        after: { origin: meeting.origin, organiserUserId: meeting.organiserUserId },
        at: now,
      });
      return this.detailIn(manager, actor, meeting);
    });
  }

  private defaultConfirmBy(meeting: Meeting, now: Date): Date {
    const wanted = new Date(meeting.startsAt.getTime() - DEFAULT_CONFIRM_LEAD_MINUTES * MINUTE);
    // A meeting called at short notice: half the time that is left.
    return wanted > now ? wanted : new Date(now.getTime() + (meeting.startsAt.getTime() - now.getTime()) / 2);
  }

  /** The receipt deadline and messages of one invitee (a person, or a unit whose heads name the attendees). */
  private async inviteIn(manager: EntityManager, meeting: Meeting, attendee: MeetingAttendee, now: Date) {
    const confirmBy = meeting.confirmBy ?? meeting.startsAt;
    const span = confirmBy.getTime() - now.getTime();
    const remindAt = new Date(confirmBy.getTime() - Math.min(RECEIPT_REMINDER_MINUTES * MINUTE, span / 2));
    const deadline = await this.deadlines.createAtInstant(manager, {
      subjectType: 'meeting_attendee',
      subjectId: attendee.id,
      purpose: 'confirm',
      receivedAt: now,
      dueAt: confirmBy,
      assigneeUserId: attendee.userId,
      departmentId: attendee.departmentId,
      urgent: true,
      warnings: span > 0 ? [{ kind: 'before_confirm', at: remindAt, label: '回执截止前提醒' }] : [],
    });
    await manager.update(MeetingAttendee, { id: attendee.id }, { deadlineId: deadline.id });
    attendee.deadlineId = deadline.id;
    if (attendee.userId) {
      return [this.noticeTo(meeting, attendee, attendee.userId), this.startReminder(meeting, attendee)];
    }
    const unit = attendee.departmentId
      ? await manager.getRepository(Department).findOneBy({ id: attendee.departmentId })
      : null;
    const heads = await this.unitHeads(manager, attendee.departmentId);
    return heads.map((head) => this.noticeTo(meeting, attendee, head, unit?.name ?? '贵单位'));
  }

  private noticeTo(meeting: Meeting, attendee: MeetingAttendee, userId: string, unit?: string): NewNotification {
    return {
      idempotencyKey: `meeting:${meeting.id}:notice:${attendee.id}:${userId}`,
      channel: 'work_notice',
      kind: 'meeting_notice',
      recipientUserId: userId,
      subjectType: 'meeting_attendee',
      subjectId: attendee.id,
      payload: noticePayload(meeting, attendeePath(attendee.id), { unit: unit ?? null }),
    };
  }

  private startReminder(meeting: Meeting, attendee: MeetingAttendee): NewNotification {
    const at = new Date(meeting.startsAt.getTime() - START_REMINDER_MINUTES * MINUTE);
    return {
      idempotencyKey: `meeting:${meeting.id}:start:${attendee.id}:${meeting.startsAt.toISOString()}`,
      channel: 'work_notice',
      kind: 'meeting_start',
      recipientUserId: attendee.userId,
      subjectType: 'meeting_attendee',
      subjectId: attendee.id,
      payload: startReminderPayload(meeting, attendeePath(attendee.id)),
      scheduledAt: at > this.now() ? at : this.now(),
    };
  }

  // ---- receipts -----------------------------------------------------------------------------------------

  /** 回执: confirm, ask for leave with a reason, or name a substitute — before the meeting starts. */
  async respond(actor: Actor, meetingId: number, receipt: Receipt): Promise<MeetingDetail> {
    return this.write(async (manager) => {
      const meeting = await this.lock(manager, meetingId);
      const now = this.now();
      const { rows, standings, facts } = await this.access(manager, actor, meeting);
      requirePermission('respond', standings, facts);
      this.requireOpenForReceipts(meeting, now);
      const attendee = rows.find((row) => row.userId === actor.id);
      if (!attendee) throw new MeetingError('not_invited', '您不在本次会议的参会名单中');
      if (attendee.response === 'substitute') {
        throw new MeetingError('invalid_state', '您已指派他人参会，如需变更请联系会务人员');
      }
      const before = { response: attendee.response };
      const messages: NewNotification[] = [];
      if (receipt.response === 'confirmed') {
        attendee.response = 'confirmed';
        attendee.leaveReason = null;
        messages.push(await this.reinstateStartReminder(manager, meeting, attendee));
      } else if (receipt.response === 'leave') {
        const reason = receipt.reason.trim();
        if (reason.length < 2) throw new MeetingError('invalid_input', '请填写请假事由');
        attendee.response = 'leave';
        attendee.leaveReason = reason;
        await this.cancelStartReminders(manager, [attendee.id]);
      } else {
        const substitute = await this.substituteIn(manager, meeting, attendee, receipt.substituteUserId, now);
        attendee.response = 'substitute';
        attendee.substituteUserId = substitute.userId;
        attendee.leaveReason = receipt.reason?.trim() || null;
        await this.cancelStartReminders(manager, [attendee.id]);
        messages.push(...(await this.inviteIn(manager, meeting, substitute, now)));
      }
      attendee.respondedAt = now;
      attendee.readAt = attendee.readAt ?? now;
      await manager.getRepository(MeetingAttendee).save(attendee);
      if (attendee.deadlineId) await this.deadlines.close(manager, attendee.deadlineId, now);
      await enqueueNotifications(manager, messages, now);
      await audit(manager, {
        actor: actor.id,
        action: `meeting.receipt.${receipt.response}`,
        subjectType: 'meeting_attendee',
        subjectId: attendee.id,
        before,
        after: { response: attendee.response, substituteUserId: attendee.substituteUserId },
        reason: attendee.leaveReason,
        at: now,
      });
      return this.detailIn(manager, actor, meeting);
    });
  }

  private async substituteIn(
    manager: EntityManager,
    meeting: Meeting,
    attendee: MeetingAttendee,
    substituteUserId: string,
    now: Date,
  ): Promise<MeetingAttendee> {
    if (substituteUserId === attendee.userId) throw new MeetingError('invalid_input', '不能指派本人');
    const user = await manager.getRepository(User).findOneBy({ id: substituteUserId, active: true });
    if (!user) throw new MeetingError('unknown_user', '指派的人员不存在或已停用');
    const already = await manager.getRepository(MeetingAttendee).findOneBy({ meetingId: meeting.id, userId: user.id });
    if (already) throw new MeetingError('invalid_input', `${user.name}已在参会名单中，请指派其他人员`);
    return manager.getRepository(MeetingAttendee).save(
      manager.getRepository(MeetingAttendee).create({
        meetingId: meeting.id,
        userId: user.id,
        departmentId: attendee.departmentId ?? user.primaryDepartmentId,
        response: 'pending',
        substituteForId: attendee.id,
        createdAt: now,
      }),
    );
  }

  /** 报名: the head of an invited unit names who attends; each gets the notice and answers it themselves. */
  async nominate(actor: Actor, meetingId: number, attendeeId: number, userIds: string[]): Promise<MeetingDetail> {
    return this.write(async (manager) => {
      const meeting = await this.lock(manager, meetingId);
      const now = this.now();
      const unitRow = await manager.getRepository(MeetingAttendee).findOneBy({ id: attendeeId, meetingId });
      if (!unitRow?.departmentId || unitRow.userId) throw new MeetingError('not_found', '没有这个待报名的参会单位');
      const { standings, facts } = await this.access(manager, actor, meeting, unitRow.departmentId);
      requirePermission('nominate', standings, facts);
      this.requireOpenForReceipts(meeting, now);
      const ids = [...new Set(userIds)];
      if (ids.length === 0) throw new MeetingError('invalid_input', '请选择参会人员');
      const users = await manager.getRepository(User).findBy({ id: In(ids), active: true });
      if (users.length !== ids.length) throw new MeetingError('unknown_user', '所选人员不存在或已停用');
      // Only the unit's own people: members of the unit's department or of one beneath it (user_department).
      const members = await unitMembers(manager, [unitRow.departmentId], ids);
      const strangers = users.filter((u) => !members.has(u.id)).map((u) => u.name);
      if (strangers.length) {
        const unit = await manager.getRepository(Department).findOneBy({ id: unitRow.departmentId });
        throw new MeetingError(
          'not_unit_member',
          `${strangers.join('、')}不是${unit?.name ?? '本单位'}人员，只能确定本单位人员参会`,
        );
      }
      const taken = await manager.getRepository(MeetingAttendee).findBy({ meetingId, userId: In(ids) });
      if (taken.length > 0) throw new MeetingError('invalid_input', '所选人员已在参会名单中');
      if (unitRow.deadlineId) await this.deadlines.close(manager, unitRow.deadlineId, now);
      const messages: NewNotification[] = [];
      for (const [index, userId] of ids.entries()) {
        const row =
          index === 0
            ? Object.assign(unitRow, { userId, respondedAt: now, readAt: unitRow.readAt ?? now })
            : manager.getRepository(MeetingAttendee).create({
                meetingId,
                userId,
                departmentId: unitRow.departmentId,
                response: 'pending',
                createdAt: now,
              });
        const saved = await manager.getRepository(MeetingAttendee).save(row);
        messages.push(...(await this.inviteIn(manager, meeting, saved, now)));
      }
      await enqueueNotifications(manager, messages, now);
      await audit(manager, {
        actor: actor.id,
        action: 'meeting.nominated',
        subjectType: 'meeting_attendee',
        subjectId: attendeeId,
        after: { departmentId: unitRow.departmentId, userIds: ids },
        at: now,
      });
      return this.detailIn(manager, actor, meeting);
    });
  }

  /** The invitee opened the notice (已读), whether or not DingTalk reports it. */
  async markRead(actor: Actor, meetingId: number): Promise<void> {
    await this.write(async (manager) => {
      await manager
        .createQueryBuilder()
        .update(MeetingAttendee)
        .set({ readAt: this.now() })
        .where('meeting_id = :meetingId AND user_id = :userId AND read_at IS NULL', { meetingId, userId: actor.id })
        .execute();
    });
  }

  // ---- sign-in ------------------------------------------------------------------------------------------

  /** 签到 within the window around the start, with the code shown in the room; late after the start. */
  async signIn(actor: Actor, meetingId: number, code: string): Promise<MeetingDetail> {
    const signedIn = await this.write(async (manager): Promise<MeetingDetail | null> => {
      const meeting = await this.lock(manager, meetingId);
      const now = this.now();
      const { rows, standings, facts } = await this.access(manager, actor, meeting);
      requirePermission('sign_in', standings, facts);
      if (meeting.status === 'cancelled') throw new MeetingError('invalid_state', '该会议已取消');
      if (meeting.status === 'draft') throw new MeetingError('invalid_state', '该会议尚未发出通知');
      const attendee = rows.find((row) => row.userId === actor.id);
      if (!attendee) throw new MeetingError('not_invited', '您不在本次会议的参会名单中');
      if (attendee.response === 'substitute') {
        throw new MeetingError('invalid_state', '您已指派他人参会，请由参会人员签到');
      }
      const window = signInWindow(meeting);
      if (now < window.opensAt) {
        throw new MeetingError('sign_in_closed', `签到尚未开始，会前${SIGN_IN_OPENS_MINUTES}分钟开放签到`);
      }
      if (now > window.closesAt) throw new MeetingError('sign_in_closed', '签到已结束');
      if (meeting.signInCode) {
        // The meeting row is locked (on MySQL): attempts on one meeting are counted one after another.
        const wrong = await this.wrongCodes(manager, meetingId);
        if (wrong.total >= WRONG_CODES_PER_MEETING) {
          throw new MeetingError(
            'too_many_attempts',
            '本次会议签到码输错次数过多，已暂停签到码签到，请联系会务人员重新生成签到码',
          );
        }
        if ((wrong.byPerson.get(actor.id) ?? 0) >= WRONG_CODES_PER_PERSON) {
          throw new MeetingError(
            'too_many_attempts',
            `您已${WRONG_CODES_PER_PERSON}次输错签到码，暂不能签到，请联系会务人员核实或重新生成签到码`,
          );
        }
        if (code.trim() !== meeting.signInCode) {
          // Kept (the transaction commits), so the attempt counts; the answer is the refusal below.
          await audit(manager, {
            actor: actor.id,
            action: WRONG_CODE,
            subjectType: 'meeting',
            subjectId: meetingId,
            after: { attendeeId: attendee.id },
            at: now,
          });
          return null;
        }
      }
      if (!attendee.signedInAt) {
        attendee.signedInAt = now;
        attendee.late = now > meeting.startsAt;
        await manager.getRepository(MeetingAttendee).save(attendee);
        await audit(manager, {
          actor: actor.id,
          action: 'meeting.signed_in',
          subjectType: 'meeting_attendee',
          subjectId: attendee.id,
          after: { signedInAt: now.toISOString(), late: attendee.late },
          at: now,
        });
      }
      return this.detailIn(manager, actor, meeting);
    });
    if (!signedIn) throw new MeetingError('wrong_code', '签到码不正确，请核对会场公布的签到码');
    return signedIn;
  }

  /** Wrong codes entered since the code was last renewed (or first given), in all and by person. */
  private async wrongCodes(manager: EntityManager, meetingId: number) {
    const subject = { type: 'meeting', id: String(meetingId) };
    const renewed = await manager
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .select('MAX(a.id)', 'id')
      .where('a.subjectType = :type AND a.subjectId = :id AND a.action = :action', { ...subject, action: CODE_RENEWED })
      .getRawOne<{ id: number | string | null }>();
    const rows = await manager
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .select('a.actor', 'actor')
      .addSelect('COUNT(*)', 'count')
      .where('a.subjectType = :type AND a.subjectId = :id AND a.action = :action AND a.id > :since', {
        ...subject,
        action: WRONG_CODE,
        since: Number(renewed?.id ?? 0),
      })
      .groupBy('a.actor')
      .getRawMany<{ actor: string; count: number | string }>();
    const byPerson = new Map(rows.map((r) => [r.actor, Number(r.count)]));
    return { total: [...byPerson.values()].reduce((a, b) => a + b, 0), byPerson };
  }

  /**
   * A new sign-in code for the room (the old one stops working), for those who run the meeting: after the code got
   * out, or to reopen code sign-in stopped by too many wrong codes (the counts start again).
   */
  async renewSignInCode(actor: Actor, meetingId: number): Promise<MeetingDetail> {
    return this.write(async (manager) => {
      const meeting = await this.lock(manager, meetingId);
      const { standings, facts } = await this.access(manager, actor, meeting);
      requirePermission('code', standings, facts);
      if (meeting.status !== 'notified' && meeting.status !== 'held') {
        throw new MeetingError('invalid_state', '会议尚未发出通知或已取消，没有签到码');
      }
      let code = meeting.signInCode;
      while (code === meeting.signInCode) code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      meeting.signInCode = code;
      await manager.getRepository(Meeting).save(meeting);
      await audit(manager, {
        actor: actor.id,
        action: CODE_RENEWED,
        subjectType: 'meeting',
        subjectId: meetingId,
        at: this.now(),
      });
      return this.detailIn(manager, actor, meeting);
    });
  }

  // ---- cancel, reschedule, sweep ------------------------------------------------------------------------

  async cancel(actor: Actor, meetingId: number, reason: string): Promise<MeetingDetail> {
    return this.write(async (manager) => {
      const meeting = await this.lock(manager, meetingId);
      const { standings, facts } = await this.access(manager, actor, meeting);
      requirePermission('cancel', standings, facts);
      const text = reason.trim();
      if (text.length < 2) throw new MeetingError('invalid_input', '请填写取消原因');
      await this.cancelIn(manager, actor.id, meeting, text);
      return this.detailIn(manager, actor, meeting);
    });
  }

  /** Cancels a meeting: closes its receipts, withdraws reminders not yet sent, tells whoever was notified. */
  async cancelIn(manager: EntityManager, actorId: string, meeting: Meeting, reason: string): Promise<void> {
    if (meeting.status === 'cancelled') return;
    const now = this.now();
    if (meeting.status === 'held' || (meeting.status === 'notified' && meeting.startsAt <= now)) {
      throw new MeetingError('invalid_state', '会议已召开，不能取消');
    }
    const wasNotified = meeting.status === 'notified';
    meeting.status = 'cancelled';
    await manager.getRepository(Meeting).save(meeting);
    const attendees = await manager.getRepository(MeetingAttendee).findBy({ meetingId: meeting.id });
    await this.closeReceipts(manager, attendees, now);
    await this.cancelStartReminders(
      manager,
      attendees.map((a) => a.id),
    );
    if (wasNotified) {
      const messages = attendees
        .filter((a) => a.userId && a.response !== 'substitute')
        .map((a) => ({
          idempotencyKey: `meeting:${meeting.id}:cancel:${a.id}`,
          channel: 'work_notice' as const,
          kind: 'meeting_cancelled',
          recipientUserId: a.userId,
          subjectType: 'meeting_attendee',
          subjectId: a.id,
          payload: cancelledPayload(meeting, attendeePath(a.id), reason),
        }));
      await enqueueNotifications(manager, messages, now);
    }
    await audit(manager, {
      actor: actorId,
      action: 'meeting.cancelled',
      subjectType: 'meeting',
      subjectId: meeting.id,
      reason,
      at: now,
    });
  }

  /**
   * A notified meeting moved in DingTalk's calendar: the new time is kept, reminders not yet sent are replaced
   * and everyone still attending is told.
   */
  async rescheduleIn(manager: EntityManager, meeting: Meeting, startsAt: Date, endsAt: Date | null): Promise<void> {
    const before = meeting.startsAt;
    if (
      before.getTime() === startsAt.getTime() &&
      (meeting.endsAt?.getTime() ?? null) === (endsAt?.getTime() ?? null)
    ) {
      return;
    }
    const now = this.now();
    meeting.startsAt = startsAt;
    meeting.endsAt = endsAt;
    if (meeting.confirmBy && meeting.confirmBy >= startsAt) meeting.confirmBy = startsAt;
    await manager.getRepository(Meeting).save(meeting);
    if (meeting.status !== 'notified' || before.getTime() === startsAt.getTime()) return;
    const attendees = await manager.getRepository(MeetingAttendee).findBy({ meetingId: meeting.id });
    const attending = attendees.filter((a) => a.userId && (a.response === 'pending' || a.response === 'confirmed'));
    await this.cancelStartReminders(
      manager,
      attendees.map((a) => a.id),
    );
    await enqueueNotifications(
      manager,
      attending.flatMap((a) => [
        {
          idempotencyKey: `meeting:${meeting.id}:moved:${a.id}:${startsAt.toISOString()}`,
          channel: 'work_notice' as const,
          kind: 'meeting_changed',
          recipientUserId: a.userId,
          subjectType: 'meeting_attendee',
          subjectId: a.id,
          payload: rescheduledPayload(meeting, attendeePath(a.id), before),
        },
        this.startReminder(meeting, a),
      ]),
      now,
    );
    await audit(manager, {
      actor: 'system',
      action: 'meeting.rescheduled',
      subjectType: 'meeting',
      subjectId: meeting.id,
      before: { startsAt: before.toISOString() },
      after: { startsAt: startsAt.toISOString() },
      at: now,
    });
  }

  /**
   * Meetings whose start has come are held: receipts still open are closed as not answered in time. Run by the
   * server's meetings loop; returns how many meetings it closed.
   */
  async sweep(): Promise<number> {
    const now = this.now();
    const db = this.db();
    const due = await db
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where("m.status = 'notified' AND m.startsAt <= :now", { now: sqlInstant(db, now) })
      .take(100)
      .getMany();
    for (const found of due) {
      await this.write(async (manager) => {
        const meeting = await this.lock(manager, found.id);
        if (meeting.status !== 'notified') return;
        meeting.status = 'held';
        await manager.getRepository(Meeting).save(meeting);
        const attendees = await manager.getRepository(MeetingAttendee).findBy({ meetingId: meeting.id });
        await this.closeReceipts(manager, attendees, now);
      });
    }
    return due.length;
  }

  private async closeReceipts(manager: EntityManager, attendees: MeetingAttendee[], now: Date) {
    const ids = attendees.flatMap((a) => (a.deadlineId ? [a.deadlineId] : []));
    if (ids.length === 0) return;
    const open = await manager.getRepository(Deadline).findBy({ id: In(ids), status: 'open' });
    for (const deadline of open) await this.deadlines.close(manager, deadline.id, now);
  }

  /** The start reminder again, for someone who asked for leave and then confirmed after all. */
  private async reinstateStartReminder(manager: EntityManager, meeting: Meeting, attendee: MeetingAttendee) {
    const reminder = this.startReminder(meeting, attendee);
    await manager.update(
      OutboxNotification,
      { idempotencyKey: reminder.idempotencyKey, status: 'cancelled' },
      { status: 'pending', lastError: null },
    );
    return reminder;
  }

  private async cancelStartReminders(manager: EntityManager, attendeeIds: number[]) {
    if (attendeeIds.length === 0) return;
    await manager
      .createQueryBuilder()
      .update(OutboxNotification)
      .set({ status: 'cancelled', lastError: '会议安排已变更' })
      .where("kind = 'meeting_start' AND status = 'pending' AND subject_type = 'meeting_attendee'")
      .andWhere('subject_id IN (:...ids)', { ids: attendeeIds })
      .execute();
  }

  // ---- decisions ----------------------------------------------------------------------------------------

  /** 议定事项 → a supervised matter (会议议定事项) with its lead unit and deadline, linked back to the meeting. */
  async addDecision(actor: Actor, meetingId: number, input: DecisionInput): Promise<MeetingDetail> {
    return this.write(async (manager) => {
      const meeting = await this.lock(manager, meetingId);
      const { standings, facts } = await this.access(manager, actor, meeting);
      requirePermission('decide', standings, facts);
      if (meeting.status === 'cancelled' || meeting.status === 'draft') {
        throw new MeetingError('invalid_state', '会议尚未召开，不能登记议定事项');
      }
      const content = input.content.trim();
      if (content.length < 4) throw new MeetingError('invalid_input', '请填写议定事项内容');
      if (input.dueDate) checkPlannedDate(input.dueDate, this.now(), '办理期限');
      const matter = await this.supervision.assignIn(manager, actor.id, {
        source: 'meeting_decision',
        title: content.length <= 120 ? content : `${content.slice(0, 119)}…`,
        content: `${content}\n（${meeting.title}议定）`,
        leadDepartmentId: input.leadDepartmentId,
        coDepartmentIds: input.coDepartmentIds ?? [],
        responsibleUserId: input.responsibleUserId ?? null,
        dueDate: input.dueDate ?? null,
        assignedByUserId: meeting.organiserUserId,
        meetingId: meeting.id,
      });
      const decision = await manager.getRepository(MeetingDecision).save(
        manager.getRepository(MeetingDecision).create({
          meetingId,
          content,
          leadDepartmentId: input.leadDepartmentId,
          matterId: matter.id,
          dueDate: input.dueDate ?? null,
          createdBy: actor.id,
        }),
      );
      await audit(manager, {
        actor: actor.id,
        action: 'meeting.decision.recorded',
        subjectType: 'meeting',
        subjectId: meetingId,
        after: { decisionId: decision.id, matterId: matter.id, matterNumber: matter.number },
        at: this.now(),
      });
      return this.detailIn(manager, actor, meeting);
    });
  }

  // ---- reading ------------------------------------------------------------------------------------------

  async get(actor: Actor, id: number): Promise<MeetingDetail> {
    const manager = this.db().manager;
    const meeting = await manager.getRepository(Meeting).findOneBy({ id });
    if (!meeting) throw new MeetingError('not_found', '没有这个会议');
    const access = await this.access(manager, actor, meeting);
    requirePermission('view', access.standings, access.facts);
    return this.detailIn(manager, actor, meeting, access);
  }

  /** The meeting an attendee row belongs to: a link from a bot message names the row. */
  async meetingOfAttendee(actor: Actor, attendeeId: number): Promise<MeetingDetail> {
    const row = await this.db().getRepository(MeetingAttendee).findOneBy({ id: attendeeId });
    if (!row) throw new MeetingError('not_found', '没有这条会议通知');
    return this.get(actor, row.meetingId);
  }

  async list(actor: Actor, filter: MeetingFilter = {}): Promise<MeetingSummary[]> {
    const db = this.db();
    const manager = db.manager;
    if (filter.from) checkPlannedDate(filter.from, this.now(), '查询日期');
    if (filter.to) checkPlannedDate(filter.to, this.now(), '查询日期');
    const query = manager.getRepository(Meeting).createQueryBuilder('m');
    if (filter.from) query.andWhere('m.startsAt >= :from', { from: sqlInstant(db, dayStart(filter.from)) });
    if (filter.to) query.andWhere('m.startsAt < :to', { to: sqlInstant(db, dayStart(filter.to, 1)) });
    if (filter.type) query.andWhere('m.type = :type', { type: filter.type });
    if (filter.status) query.andWhere('m.status = :status', { status: filter.status });
    if (filter.mine || !seesEveryMeeting(actor)) {
      const units = [...headedUnits(actor)];
      query.andWhere(
        `(m.organiserUserId = :me OR m.id IN (SELECT a.meeting_id FROM meeting_attendee a WHERE a.user_id = :me${
          units.length ? ' OR (a.user_id IS NULL AND a.department_id IN (:...units))' : ''
        }))`,
        { me: actor.id, units },
      );
    }
    const meetings = await query
      .orderBy('m.startsAt', 'DESC')
      .take(filter.limit ?? 200)
      .getMany();
    return this.summariesIn(manager, actor, meetings);
  }

  private async summariesIn(
    manager: EntityManager,
    actor: Actor,
    stored: Meeting[],
    units?: UnitNames,
  ): Promise<MeetingSummary[]> {
    // A row whose start cannot be read (a zero date, a hand edit) is left out, never failing the answer it is in.
    const meetings = stored.filter((m) => readable(m.startsAt));
    for (const m of stored) {
      if (!readable(m.startsAt)) this.options.logger?.warn({ meetingId: m.id }, 'meeting start unreadable; not shown');
    }
    if (meetings.length === 0) return [];
    const types = new Map((await meetingTypes(manager)).map((t) => [t.code, t.name]));
    const attendees = await manager
      .getRepository(MeetingAttendee)
      .find({ where: { meetingId: In(meetings.map((m) => m.id)) }, order: { id: 'ASC' } });
    const heads = headedUnits(actor);
    const own = attendees.filter(
      (r) => r.userId === actor.id || (!r.userId && r.departmentId && heads.has(r.departmentId)),
    );
    const views = own.length ? await this.attendeeViews(manager, own, units ?? (await unitNames(manager))) : [];
    const meetingOf = new Map(own.map((row) => [row.id, row.meetingId]));
    const organisers = await this.userMap(
      manager,
      meetings.map((m) => m.organiserUserId),
    );
    return meetings.map((meeting) => {
      const rows = attendees.filter((a) => a.meetingId === meeting.id);
      const count = (response: MeetingAttendee['response']) => rows.filter((a) => a.response === response).length;
      return {
        id: meeting.id,
        type: meeting.type,
        typeName: types.get(meeting.type) ?? meeting.type,
        title: meeting.title,
        startsAt: meeting.startsAt.toISOString(),
        endsAt: iso(meeting.endsAt),
        place: meeting.place,
        status: meeting.status,
        statusName: STATUS_NAMES.get(meeting.status) ?? String(meeting.status),
        origin: meeting.origin,
        confirmBy: iso(meeting.confirmBy),
        organiser: meeting.organiserUserId
          ? { id: meeting.organiserUserId, name: organisers.get(meeting.organiserUserId) ?? meeting.organiserUserId }
          : null,
        adopted: isAdopted(meeting),
        counts: {
          invited: rows.filter((a) => !a.substituteForId).length,
          confirmed: count('confirmed'),
          leave: count('leave'),
          substitute: count('substitute'),
          pending: count('pending'),
          signedIn: rows.filter((a) => a.signedInAt).length,
        },
        mine: views.filter((view) => meetingOf.get(view.id) === meeting.id),
      };
    });
  }

  /** Attendee rows as the mini-app shows them: names, unit, answer, read (opened here or read in DingTalk). */
  private async attendeeViews(
    manager: EntityManager,
    rows: MeetingAttendee[],
    units: UnitNames,
  ): Promise<AttendeeView[]> {
    if (rows.length === 0) return [];
    const users = await this.userMap(
      manager,
      rows.flatMap((r) => [r.userId, r.substituteUserId]),
    );
    const noticeReads = await this.noticeReads(
      manager,
      rows.map((r) => r.id),
    );
    return rows.map((row) => {
      const read = [row.readAt, noticeReads.get(row.id)].filter((d): d is Date => !!d).sort((a, b) => +a - +b)[0];
      return {
        id: row.id,
        userId: row.userId,
        name: row.userId ? (users.get(row.userId) ?? row.userId) : null,
        departmentId: row.departmentId,
        unitName: row.departmentId ? (units.get(row.departmentId) ?? null) : null,
        response: row.response,
        responseName:
          row.userId || row.response !== 'pending'
            ? (RESPONSE_NAMES.get(row.response) ?? String(row.response))
            : '待单位报名',
        leaveReason: row.leaveReason,
        substitute: row.substituteUserId
          ? { id: row.substituteUserId, name: users.get(row.substituteUserId) ?? row.substituteUserId }
          : null,
        substituteForId: row.substituteForId,
        readAt: iso(read ?? null),
        respondedAt: iso(row.respondedAt),
        signedInAt: iso(row.signedInAt),
        late: row.late,
      };
    });
  }

  async detailIn(manager: EntityManager, actor: Actor, meeting: Meeting, known?: Access): Promise<MeetingDetail> {
    const units = await unitNames(manager);
    const [summary] = await this.summariesIn(manager, actor, [meeting], units);
    if (!summary) throw new MeetingError('not_found', '没有这个会议');
    const { rows, standings, facts } = known ?? (await this.access(manager, actor, meeting));
    const can = Object.fromEntries(
      SHOWN_ACTIONS.map((action) => [action, allows(action, standings, facts)]),
    ) as MeetingDetail['can'];
    const window = signInWindow(meeting);
    return {
      ...summary,
      agenda: meeting.agenda,
      notifiedAt: iso(meeting.notifiedAt),
      signInCode: can.code ? meeting.signInCode : null,
      signInLocked:
        can.code && meeting.signInCode
          ? (await this.wrongCodes(manager, meeting.id)).total >= WRONG_CODES_PER_MEETING
          : null,
      signInWindow: { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() },
      attendees: await this.attendeeViews(manager, rows, units),
      decisions: await this.decisionsIn(manager, meeting.id, units),
      canManage: can.edit,
      can,
    };
  }

  /** When DingTalk reported each attendee's notice read (the read receipts of reminders/receipts.ts). */
  private async noticeReads(manager: EntityManager, attendeeIds: number[]): Promise<Map<number, Date>> {
    if (attendeeIds.length === 0) return new Map();
    const rows = await manager.getRepository(OutboxNotification).find({
      select: { subjectId: true, readAt: true },
      where: { kind: 'meeting_notice', subjectType: 'meeting_attendee', subjectId: In(attendeeIds) },
    });
    const reads = new Map<number, Date>();
    for (const row of rows) if (row.readAt && row.subjectId !== null) reads.set(row.subjectId, row.readAt);
    return reads;
  }

  private async decisionsIn(manager: EntityManager, meetingId: number, units: UnitNames) {
    const decisions = await manager.getRepository(MeetingDecision).find({ where: { meetingId }, order: { id: 'ASC' } });
    const matterIds = decisions.flatMap((d) => (d.matterId ? [d.matterId] : []));
    const matters = new Map(
      (matterIds.length ? await manager.getRepository(Matter).findBy({ id: In(matterIds) }) : []).map((m) => [m.id, m]),
    );
    return decisions.map((d): DecisionView => {
      const matter = d.matterId ? matters.get(d.matterId) : undefined;
      return {
        id: d.id,
        content: d.content,
        leadDepartmentId: d.leadDepartmentId,
        leadDepartmentName: d.leadDepartmentId ? (units.get(d.leadDepartmentId) ?? null) : null,
        dueDate: d.dueDate,
        matterId: d.matterId,
        matterNumber: matter?.number ?? null,
        matterStatus: matter?.status ?? null,
      };
    });
  }

  // ---- helpers ------------------------------------------------------------------------------------------

  private async validate(manager: EntityManager, input: MeetingInput) {
    const type = (await meetingTypes(manager)).find((t) => t.code === input.type);
    if (!type?.active) throw new MeetingError('unknown_type', '请选择有效的会议类型');
    if (input.title.trim().length < 2) throw new MeetingError('invalid_input', '请填写会议名称');
    if (!readable(input.startsAt)) throw new MeetingError('invalid_input', '请填写会议时间');
    if (input.endsAt && !readable(input.endsAt)) throw new MeetingError('invalid_input', '请填写有效的结束时间');
    if (input.confirmBy && !readable(input.confirmBy)) {
      throw new MeetingError('invalid_input', '请填写有效的回执截止时间');
    }
    checkPlannedInstant(input.startsAt, this.now(), '会议时间');
    if (input.endsAt) checkPlannedInstant(input.endsAt, this.now(), '会议结束时间');
    if (input.confirmBy) checkPlannedInstant(input.confirmBy, this.now(), '回执截止时间');
    if (input.startsAt <= this.now()) throw new MeetingError('in_past', '会议时间不能早于当前时间');
    if (input.endsAt && input.endsAt <= input.startsAt) {
      throw new MeetingError('invalid_input', '会议结束时间应晚于开始时间');
    }
    if (input.confirmBy && (input.confirmBy >= input.startsAt || input.confirmBy <= this.now())) {
      throw new MeetingError('invalid_input', '回执截止时间应在当前时间之后、会议开始之前');
    }
    const userIds = [...new Set(input.attendeeUserIds ?? [])];
    const unitIds = [...new Set(input.attendeeDepartmentIds ?? [])];
    if (userIds.length) {
      const found = await manager.getRepository(User).findBy({ id: In(userIds), active: true });
      if (found.length !== userIds.length) throw new MeetingError('unknown_user', '参会人员中有不存在或已停用的账号');
    }
    if (unitIds.length) {
      const found = await manager.getRepository(Department).findBy({ id: In(unitIds) });
      if (found.length !== unitIds.length) throw new MeetingError('unknown_unit', '参会单位中有不存在的单位');
    }
    if (input.organiserUserId) {
      const organiser = await manager.getRepository(User).findOneBy({ id: input.organiserUserId, active: true });
      if (!organiser) throw new MeetingError('unknown_user', '会议组织者不存在或已停用');
    }
  }

  private async replaceInvitees(manager: EntityManager, meetingId: number, input: MeetingInput) {
    const userIds = [...new Set(input.attendeeUserIds ?? [])];
    const users = userIds.length ? await manager.getRepository(User).findBy({ id: In(userIds) }) : [];
    const primary = new Map(users.map((u) => [u.id, u.primaryDepartmentId]));
    const rows = [
      ...userIds.map((userId) => ({ meetingId, userId, departmentId: primary.get(userId) ?? null })),
      ...[...new Set(input.attendeeDepartmentIds ?? [])].map((departmentId) => ({
        meetingId,
        userId: null,
        departmentId,
      })),
    ];
    if (rows.length) await manager.insert(MeetingAttendee, rows);
  }

  private async unitHeads(manager: EntityManager, departmentId: string | null): Promise<string[]> {
    if (!departmentId) return [];
    const roles = await manager.getRepository(UserRole).findBy({ role: 'unit_head', scope: departmentId });
    if (roles.length) return roles.map((r) => r.userId).sort();
    const rows: { user_id: string }[] = await manager.query(
      'SELECT user_id FROM user_department WHERE department_id = ? AND is_head = 1 ORDER BY user_id',
      [departmentId],
    );
    return rows.map((r) => r.user_id);
  }

  private async userMap(manager: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (wanted.length === 0) return new Map();
    return new Map((await manager.getRepository(User).findBy({ id: In(wanted) })).map((u) => [u.id, u.name]));
  }

  /** The actor's standings towards the meeting and its facts, for permissions.ts to decide. */
  private async access(manager: EntityManager, actor: Actor, meeting: Meeting, unitId?: string): Promise<Access> {
    const rows = await manager
      .getRepository(MeetingAttendee)
      .find({ where: { meetingId: meeting.id }, order: { id: 'ASC' } });
    return { rows, standings: standingsOf(actor, meeting, rows, unitId), facts: await factsOf(manager, meeting, rows) };
  }

  private requireOpenForReceipts(meeting: Meeting, now: Date) {
    if (meeting.status === 'cancelled') throw new MeetingError('invalid_state', '该会议已取消');
    if (meeting.status === 'draft') throw new MeetingError('invalid_state', '该会议尚未发出通知');
    if (meeting.status === 'held' || meeting.startsAt <= now) {
      throw new MeetingError('invalid_state', '会议已开始，不能再回执');
    }
  }

  async lock(manager: EntityManager, id: number): Promise<Meeting> {
    const meeting = await manager.getRepository(Meeting).findOne({
      where: { id },
      ...(isMysql(manager.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!meeting) throw new MeetingError('not_found', '没有这个会议');
    return meeting;
  }
}
