/**
 * The answers about meetings: the list the actor sees, a meeting's summary and its detail (attendees, decisions, what
 * the actor may do). Read-only; the detail is also the answer of every command, read in the command's transaction.
 */
import { type DataSource, type EntityManager, In } from 'typeorm';
import { Matter, Meeting, MeetingAttendee, MeetingDecision, OutboxNotification } from '../../entities';
import { sqlInstant } from '../db/sql-instant';
import type { Logger } from '../logging/logger';
import type { Actor } from '../supervision';
import { checkPlannedDate } from '../timelimits/plausible';
import { MeetingError } from './errors';
import { isAdopted, unitOfRow } from './facts';
import {
  type AttendeeView,
  type DecisionView,
  type MeetingDetail,
  type MeetingFilter,
  type MeetingSummary,
  RESPONSE_NAMES,
  SHOWN_ACTIONS,
  STATUS_NAMES,
  type UnitNomination,
} from './model';
import { allows, headedUnits, seesEveryMeeting } from './permissions';
import { signInLocked, signInWindow } from './sign-in';
import { type Access, type UnitNames, unitNames, userNames } from './store';
import { dayStart, iso, readable } from './times';
import { meetingTypes } from './types';

/** The meetings the actor sees (all of them for 会务, 督查室 and leaders; else their own), newest first. */
export async function listMeetings(
  db: DataSource,
  actor: Actor,
  filter: MeetingFilter,
  now: Date,
  logger?: Logger,
): Promise<MeetingSummary[]> {
  if (filter.from) checkPlannedDate(filter.from, now, '查询日期');
  if (filter.to) checkPlannedDate(filter.to, now, '查询日期');
  const query = db.getRepository(Meeting).createQueryBuilder('m');
  if (filter.from) query.andWhere('m.startsAt >= :from', { from: sqlInstant(db, dayStart(filter.from)) });
  if (filter.to) query.andWhere('m.startsAt < :to', { to: sqlInstant(db, dayStart(filter.to, 1)) });
  if (filter.type) query.andWhere('m.type = :type', { type: filter.type });
  if (filter.status) query.andWhere('m.status = :status', { status: filter.status });
  if (filter.mine || !seesEveryMeeting(actor)) {
    const units = [...headedUnits(actor)];
    query.andWhere(
      `(m.organiserUserId = :me OR m.id IN (SELECT a.meeting_id FROM meeting_attendee a WHERE a.user_id = :me${
        units.length ? ' OR a.unit_id IN (:...units) OR (a.user_id IS NULL AND a.department_id IN (:...units))' : ''
      }))`,
      { me: actor.id, units },
    );
  }
  const meetings = await query
    .orderBy('m.startsAt', 'DESC')
    .take(filter.limit ?? 200)
    .getMany();
  return summariesIn(db.manager, actor, meetings, { logger });
}

/** The summaries of stored meetings, with the actor's own invitations. */
export async function summariesIn(
  manager: EntityManager,
  actor: Actor,
  stored: Meeting[],
  known: { units?: UnitNames; logger?: Logger } = {},
): Promise<MeetingSummary[]> {
  // A row whose start cannot be read (a zero date, a hand edit) is left out, never failing the answer it is in.
  const meetings = stored.filter((m) => readable(m.startsAt));
  for (const m of stored) {
    if (!readable(m.startsAt)) known.logger?.warn({ meetingId: m.id }, 'meeting start unreadable; not shown');
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
  const views = own.length ? await attendeeViews(manager, own, known.units ?? (await unitNames(manager))) : [];
  const meetingOf = new Map(own.map((row) => [row.id, row.meetingId]));
  const organisers = await userNames(
    manager,
    meetings.flatMap((m) => [m.organiserUserId, m.presiderUserId]),
  );
  const person = (id: string | null) => (id ? { id, name: organisers.get(id) ?? id } : null);
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
      organiser: person(meeting.organiserUserId),
      presider: person(meeting.presiderUserId),
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
async function attendeeViews(manager: EntityManager, rows: MeetingAttendee[], units: UnitNames) {
  if (rows.length === 0) return [];
  const users = await userNames(
    manager,
    rows.flatMap((r) => [r.userId, r.substituteUserId]),
  );
  const noticeReads = await noticeReadsOf(
    manager,
    rows.map((r) => r.id),
  );
  return rows.map((row): AttendeeView => {
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

/** The meeting as the actor sees it, given where they stand (store.ts `accessOf`). */
export async function detailIn(
  manager: EntityManager,
  actor: Actor,
  meeting: Meeting,
  { rows, standings, facts }: Access,
  logger?: Logger,
): Promise<MeetingDetail> {
  const units = await unitNames(manager);
  const [summary] = await summariesIn(manager, actor, [meeting], { units, logger });
  if (!summary) throw new MeetingError('not_found', '没有这个会议');
  const can = Object.fromEntries(
    SHOWN_ACTIONS.map((action) => [action, allows(action, standings, facts)]),
  ) as MeetingDetail['can'];
  const window = signInWindow(meeting);
  return {
    ...summary,
    agenda: meeting.agenda,
    notifiedAt: iso(meeting.notifiedAt),
    signInCode: can.code ? meeting.signInCode : null,
    signInLocked: can.code && meeting.signInCode ? await signInLocked(manager, meeting.id) : null,
    signInWindow: { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() },
    attendees: await attendeeViews(manager, rows, units),
    units: await nominationsOf(manager, actor, rows, units),
    decisions: await decisionsIn(manager, meeting.id, units),
    canManage: can.edit,
    can,
  };
}

/** The invited units the actor heads, each with whom it named (its rows, substitutes aside). */
async function nominationsOf(
  manager: EntityManager,
  actor: Actor,
  rows: MeetingAttendee[],
  units: UnitNames,
): Promise<UnitNomination[]> {
  const heads = headedUnits(actor);
  const answers: UnitNomination[] = [];
  for (const unit of new Set(rows.flatMap((r) => unitOfRow(r) ?? []))) {
    if (!heads.has(unit)) continue;
    const own = rows.filter((r) => unitOfRow(r) === unit);
    const named = own.filter((r) => r.userId && !r.substituteForId);
    answers.push({
      attendeeId: (own[0] as MeetingAttendee).id,
      departmentId: unit,
      unitName: units.get(unit) ?? null,
      named: await attendeeViews(manager, named, units),
    });
  }
  return answers;
}

/** When DingTalk reported each attendee's notice read (the read receipts of reminders/receipts.ts). */
async function noticeReadsOf(manager: EntityManager, attendeeIds: number[]): Promise<Map<number, Date>> {
  if (attendeeIds.length === 0) return new Map();
  const rows = await manager.getRepository(OutboxNotification).find({
    select: { subjectId: true, readAt: true },
    where: { kind: 'meeting_notice', subjectType: 'meeting_attendee', subjectId: In(attendeeIds) },
  });
  const reads = new Map<number, Date>();
  for (const row of rows) if (row.readAt && row.subjectId !== null) reads.set(row.subjectId, row.readAt);
  return reads;
}

async function decisionsIn(manager: EntityManager, meetingId: number, units: UnitNames) {
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
