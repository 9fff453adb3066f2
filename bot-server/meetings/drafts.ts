/**
 * The draft stage: a meeting made (create), changed (edit, with who organises it and whom it invites), adopted from
 * DingTalk (认领), and notified — the step that sends the notices and leaves the draft stage.
 */
import { type EntityManager, In } from 'typeorm';
import { Department, Meeting, MeetingAttendee, User } from '../../entities';
import { audit } from '../audit/audit';
import type { NewNotification } from '../reminders/outbox';
import type { MeetingAct } from './command';
import { MeetingError } from './errors';
import { isOfficial } from './facts';
import { defaultConfirmBy, inviteIn } from './invitations';
import type { MeetingInput } from './model';
import { requirePermission } from './permissions';
import { newSignInCode } from './sign-in';
import { checkPlannedInstant, readable } from './times';
import { meetingTypes } from './types';

/** Everything a meeting's input must be, checked before anything is written. */
async function validate(manager: EntityManager, input: MeetingInput, now: Date) {
  const type = (await meetingTypes(manager)).find((t) => t.code === input.type);
  if (!type?.active) throw new MeetingError('unknown_type', '请选择有效的会议类型');
  if (input.title.trim().length < 2) throw new MeetingError('invalid_input', '请填写会议名称');
  if (!readable(input.startsAt)) throw new MeetingError('invalid_input', '请填写会议时间');
  if (input.endsAt && !readable(input.endsAt)) throw new MeetingError('invalid_input', '请填写有效的结束时间');
  if (input.confirmBy && !readable(input.confirmBy)) {
    throw new MeetingError('invalid_input', '请填写有效的回执截止时间');
  }
  checkPlannedInstant(input.startsAt, now, '会议时间');
  if (input.endsAt) checkPlannedInstant(input.endsAt, now, '会议结束时间');
  if (input.confirmBy) checkPlannedInstant(input.confirmBy, now, '回执截止时间');
  if (input.startsAt <= now) throw new MeetingError('in_past', '会议时间不能早于当前时间');
  if (input.endsAt && input.endsAt <= input.startsAt) {
    throw new MeetingError('invalid_input', '会议结束时间应晚于开始时间');
  }
  if (input.confirmBy && (input.confirmBy >= input.startsAt || input.confirmBy <= now)) {
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
  if (input.presiderUserId) {
    const presider = await manager.getRepository(User).findOneBy({ id: input.presiderUserId, active: true });
    if (!presider) throw new MeetingError('unknown_user', '会议主持人不存在或已停用');
  }
  if (input.organiserUserId) {
    const organiser = await manager.getRepository(User).findOneBy({ id: input.organiserUserId, active: true });
    if (!organiser) throw new MeetingError('unknown_user', '会议组织者不存在或已停用');
  }
}

/** The invitees of the input as attendee rows: people by name (with their unit), then units. */
async function insertInvitees(manager: EntityManager, meetingId: number, input: MeetingInput) {
  const userIds = [...new Set(input.attendeeUserIds ?? [])];
  const users = userIds.length ? await manager.getRepository(User).findBy({ id: In(userIds) }) : [];
  const primary = new Map(users.map((u) => [u.id, u.primaryDepartmentId]));
  const rows = [
    ...userIds.map((userId) => ({ meetingId, userId, departmentId: primary.get(userId) ?? null })),
    ...[...new Set(input.attendeeDepartmentIds ?? [])].map((departmentId) => ({
      meetingId,
      userId: null,
      departmentId,
      unitId: departmentId,
    })),
  ];
  if (rows.length) await manager.insert(MeetingAttendee, rows);
}

/** What the meeting row takes from the input. */
const fieldsOf = (input: MeetingInput) => ({
  type: input.type,
  title: input.title.trim(),
  startsAt: input.startsAt,
  endsAt: input.endsAt ?? null,
  place: input.place?.trim() || null,
  agenda: input.agenda?.trim() || null,
  confirmBy: input.confirmBy ?? null,
  presiderUserId: input.presiderUserId ?? null,
});

const headline = (meeting: Meeting) => ({
  type: meeting.type,
  title: meeting.title,
  startsAt: meeting.startsAt.toISOString(),
});

/** Validates and stores a draft meeting with its invitees, in the caller's transaction (the `create` row). */
export async function createIn(manager: EntityManager, actorId: string, input: MeetingInput, now: Date) {
  await validate(manager, input, now);
  const meeting = await manager.getRepository(Meeting).save(
    manager.getRepository(Meeting).create({
      ...fieldsOf(input),
      organiserUserId: input.organiserUserId ?? actorId,
      departmentId: null,
      status: 'draft',
      origin: 'duban',
    }),
  );
  await insertInvitees(manager, meeting.id, input);
  await audit(manager, {
    actor: actorId,
    action: 'meeting.created',
    subjectType: 'meeting',
    subjectId: meeting.id,
    after: headline(meeting),
    at: now,
  });
  return meeting;
}

/**
 * Changes a meeting not yet notified (a draft made here, or one from DingTalk). Who organises it may change only
 * as `set_organiser` allows, and what the meeting would become must be allowed too (an official type, leaders,
 * units, other units' people).
 */
export const edit =
  (input: MeetingInput): MeetingAct =>
  async ({ manager, actor, meeting, standings, facts, now }) => {
    await validate(manager, input, now);
    const organiserUserId = input.organiserUserId ?? meeting.organiserUserId ?? actor.id;
    if (organiserUserId !== meeting.organiserUserId) requirePermission('set_organiser', standings, facts);
    const official = await isOfficial(manager, {
      type: input.type,
      organiserUserId,
      userIds: input.attendeeUserIds ?? [],
      unitIds: input.attendeeDepartmentIds ?? [],
    });
    requirePermission('edit', standings, { ...facts, official: facts.official || official });
    const before = headline(meeting);
    Object.assign(meeting, { ...fieldsOf(input), organiserUserId, needsSync: false });
    await manager.getRepository(Meeting).save(meeting);
    await manager.delete(MeetingAttendee, { meetingId: meeting.id });
    await insertInvitees(manager, meeting.id, input);
    return {
      audit: {
        action: 'meeting.updated',
        subjectType: 'meeting',
        subjectId: meeting.id,
        before,
        after: headline(meeting),
      },
    };
  };

/**
 * 认领: 会务 take a draft that arrived from DingTalk (calendar event or video meeting) as a meeting of the office.
 * Until then its DingTalk organiser may see it and nothing more; afterwards the organiser may run it while it is
 * ordinary (permissions.ts). Recorded in `external.adoptedBy`/`adoptedAt` and in the audit log.
 */
export const adopt: MeetingAct = async ({ manager, actor, meeting, now }) => {
  meeting.external = { ...(meeting.external ?? {}), adoptedBy: actor.id, adoptedAt: now.toISOString() };
  await manager.getRepository(Meeting).save(meeting);
  return {
    audit: {
      action: 'meeting.adopted',
      subjectType: 'meeting',
      subjectId: meeting.id,
      after: { origin: meeting.origin, organiserUserId: meeting.organiserUserId },
    },
  };
};

/**
 * Sends the notices: a work notice to each person invited and to the heads of each unit invited, a receipt
 * deadline per invitee (reminded once before the confirm-by time), a reminder to everyone before the start,
 * and the sign-in code for the room.
 */
export const notify: MeetingAct = async ({ manager, meeting, now, deps }) => {
  if (meeting.startsAt <= now) throw new MeetingError('in_past', '会议开始时间已过，不能再发通知');
  const attendees = await manager.getRepository(MeetingAttendee).findBy({ meetingId: meeting.id });
  if (attendees.length === 0) throw new MeetingError('invalid_input', '请至少选择一名参会人员或参会单位');
  const confirmBy = meeting.confirmBy ?? defaultConfirmBy(meeting, now);
  Object.assign(meeting, { confirmBy, status: 'notified', notifiedAt: now, signInCode: newSignInCode() });
  await manager.getRepository(Meeting).save(meeting);
  const messages: NewNotification[] = [];
  for (const attendee of attendees) {
    messages.push(...(await inviteIn(manager, deps.deadlines, meeting, attendee, now)));
  }
  return {
    messages,
    audit: {
      action: 'meeting.notified',
      subjectType: 'meeting',
      subjectId: meeting.id,
      after: { invitees: attendees.length, confirmBy: confirmBy.toISOString() },
    },
  };
};
