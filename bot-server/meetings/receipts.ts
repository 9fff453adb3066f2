/**
 * The notified stage, from the invitees' side: 回执 (confirm, leave with a reason, a substitute), 报名 (the head of an
 * invited unit names who attends), and reading the notice.
 */
import { type EntityManager, In } from 'typeorm';
import {
  Deadline,
  Department,
  type Meeting,
  MeetingAttendee,
  OutboxNotification,
  User,
  UserRole,
} from '../../entities';
import type { NewNotification } from '../reminders/outbox';
import type { MeetingAct, Step } from './command';
import { MeetingError } from './errors';
import { departmentsOf, unitMembers, unitOfRow } from './facts';
import { cancelStartReminders, inviteIn, reinstateStartReminder } from './invitations';
import type { Receipt } from './model';
import { userNames } from './store';
import { withdrawnPayload } from './texts';

/**
 * Whom an invitee may send instead (指派他人): someone of the unit the invitation went to (for a unit's nominee), else
 * of the invitee's own unit(s) — members of the department or of one beneath it; a district leader may also send
 * another district leader. Anyone else is refused with the unit named.
 */
async function checkSubstitute(manager: EntityManager, attendee: MeetingAttendee, substitute: User) {
  const invitee = attendee.userId as string;
  const unit = unitOfRow(attendee);
  const units = unit ? [unit] : await departmentsOf(manager, invitee);
  if ((await unitMembers(manager, units, [substitute.id])).has(substitute.id)) return;
  const leaders = await manager
    .getRepository(UserRole)
    .findBy({ userId: In([invitee, substitute.id]), role: 'leader' });
  if (new Set(leaders.map((r) => r.userId)).size === 2) return;
  const [first] = units.length ? await manager.getRepository(Department).findBy({ id: In(units) }) : [];
  const name = first?.name ?? '本单位';
  throw new MeetingError('not_unit_member', `${substitute.name}不是${name}人员，只能指派本单位人员参会`);
}

/** The substitute's own row: it points at the person who named them and gets its own notice and deadline. */
async function substituteIn(
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
  await checkSubstitute(manager, attendee, user);
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

/** 回执: confirm, ask for leave with a reason, or name a substitute — before the meeting starts. */
export const respond =
  (receipt: Receipt): MeetingAct =>
  async ({ manager, actor, meeting, rows, now, deps }) => {
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
      messages.push(...(await reinstateStartReminder(manager, meeting, attendee, now)));
    } else if (receipt.response === 'leave') {
      const reason = receipt.reason.trim();
      if (reason.length < 2) throw new MeetingError('invalid_input', '请填写请假事由');
      attendee.response = 'leave';
      attendee.leaveReason = reason;
      await cancelStartReminders(manager, [attendee.id]);
    } else {
      const substitute = await substituteIn(manager, meeting, attendee, receipt.substituteUserId, now);
      attendee.response = 'substitute';
      attendee.substituteUserId = substitute.userId;
      attendee.leaveReason = receipt.reason?.trim() || null;
      await cancelStartReminders(manager, [attendee.id]);
      const delegatedBy = (await userNames(manager, [actor.id])).get(actor.id) ?? actor.id;
      messages.push(...(await inviteIn(manager, deps.deadlines, meeting, substitute, now, { delegatedBy })));
    }
    attendee.respondedAt = now;
    attendee.readAt = attendee.readAt ?? now;
    await manager.getRepository(MeetingAttendee).save(attendee);
    if (attendee.deadlineId) await deps.deadlines.close(manager, attendee.deadlineId, now);
    return {
      messages,
      audit: {
        action: `meeting.receipt.${receipt.response}`,
        subjectType: 'meeting_attendee',
        subjectId: attendee.id,
        before,
        after: { response: attendee.response, substituteUserId: attendee.substituteUserId },
        reason: attendee.leaveReason,
      },
    };
  };

/**
 * The invited unit's own row that a nomination concerns, found from any row of the unit: the first row the unit has
 * (stored with the invitation; once the unit names people it names the first of them), so links to it keep working.
 */
export async function unitRowOf(manager: EntityManager, meetingId: number, attendeeId: number) {
  const row = await manager.getRepository(MeetingAttendee).findOneBy({ id: attendeeId, meetingId });
  const unit = row ? unitOfRow(row) : null;
  if (!row || !unit) throw new MeetingError('not_found', '没有这个待报名的参会单位');
  const rows = await manager.getRepository(MeetingAttendee).find({ where: { meetingId }, order: { id: 'ASC' } });
  return Object.assign(rows.find((r) => unitOfRow(r) === unit) as MeetingAttendee, { unitId: unit });
}

/** Checks the people named for a unit: active, the unit's own, not already invited otherwise. */
async function checkNominees(manager: EntityManager, unit: string, ids: string[], others: MeetingAttendee[]) {
  if (ids.length === 0) throw new MeetingError('invalid_input', '请选择参会人员');
  const users = await manager.getRepository(User).findBy({ id: In(ids), active: true });
  if (users.length !== ids.length) throw new MeetingError('unknown_user', '所选人员不存在或已停用');
  const members = await unitMembers(manager, [unit], ids);
  const strangers = users.filter((u) => !members.has(u.id)).map((u) => u.name);
  if (strangers.length) {
    const name = (await manager.getRepository(Department).findOneBy({ id: unit }))?.name ?? '本单位';
    throw new MeetingError('not_unit_member', `${strangers.join('、')}不是${name}人员，只能确定本单位人员参会`);
  }
  if (others.some((r) => r.userId && ids.includes(r.userId))) {
    throw new MeetingError('invalid_input', '所选人员已在参会名单中');
  }
}

/** Takes people off the list (their rows, and their substitutes' rows): what is unsent withdrawn, each told. */
async function withdrawNominees(manager: EntityManager, step: Step, gone: MeetingAttendee[], unit: string) {
  const signed = gone.filter((r) => r.signedInAt);
  if (signed.length) throw new MeetingError('invalid_state', '已签到的人员不能调整');
  const ids = gone.map((r) => r.id);
  for (const row of gone) if (row.deadlineId) await step.deps.deadlines.close(manager, row.deadlineId, step.now);
  await manager
    .createQueryBuilder()
    .update(OutboxNotification)
    .set({ status: 'cancelled', lastError: '参会人员已调整' })
    .where("status = 'pending' AND subject_type = 'meeting_attendee'")
    .andWhere('subject_id IN (:...ids)', { ids })
    .execute();
  const unitName = (await manager.getRepository(Department).findOneBy({ id: unit }))?.name ?? '本单位';
  return gone.map(
    (row): NewNotification => ({
      idempotencyKey: `meeting:${step.meeting.id}:withdrawn:${row.id}:${row.userId}`,
      channel: 'work_notice',
      kind: 'meeting_changed',
      recipientUserId: row.userId,
      subjectType: 'meeting',
      subjectId: step.meeting.id,
      payload: withdrawnPayload(step.meeting, unitName),
    }),
  );
}

/**
 * 报名: the head of an invited unit names who attends — only the unit's own people (members of the unit's
 * department or of one beneath it); each gets the notice and answers it themselves. Naming again (until the start)
 * replaces the list: those added are invited, those left off are told and their rows removed — the unit's own row
 * is kept (it passes to someone still named), so the head's link stays.
 */
export const nominate =
  (userIds: string[]): MeetingAct =>
  async (step) => {
    const { manager, meeting, unitRow, rows, now, deps } = step;
    const unit = unitRow ? unitOfRow(unitRow) : null;
    if (!unitRow || !unit) throw new MeetingError('not_found', '没有这个待报名的参会单位');
    const ids = [...new Set(userIds)];
    const ofUnit = rows.filter((r) => unitOfRow(r) === unit && r.userId && !r.substituteForId);
    const substitutes = rows.filter((r) => r.substituteForId && ofUnit.some((n) => n.id === r.substituteForId));
    await checkNominees(
      manager,
      unit,
      ids,
      rows.filter((r) => !ofUnit.includes(r) && !substitutes.includes(r)),
    );
    const before = ofUnit.map((r) => r.userId as string);
    const added = ids.filter((id) => !before.includes(id));
    const gone = ofUnit.filter((r) => !ids.includes(r.userId as string));
    if (added.length === 0 && gone.length === 0) return {};
    const removed = [...gone, ...gone.flatMap((r) => substitutesOf(substitutes, r))];
    const messages = removed.length ? await withdrawNominees(manager, step, removed, unit) : [];
    const others = removed.filter((r) => r.id !== unitRow.id).map((r) => r.id);
    if (others.length) await manager.delete(MeetingAttendee, { id: In(others) });
    // The unit's own row is free for someone named: before the first nomination, or when its person was left off.
    let free = !unitRow.userId || gone.some((r) => r.id === unitRow.id);
    if (free && added.length === 0) {
      await passRow(manager, ofUnit.filter((r) => !gone.includes(r)).pop() as MeetingAttendee, unitRow);
      free = false;
    }
    if (unitRow.deadlineId && !unitRow.userId) await deps.deadlines.close(manager, unitRow.deadlineId, now);
    for (const userId of added) {
      const row = free
        ? Object.assign(unitRow, {
            userId,
            response: 'pending',
            leaveReason: null,
            substituteUserId: null,
            respondedAt: now,
            readAt: unitRow.readAt ?? now,
          })
        : manager.getRepository(MeetingAttendee).create({
            meetingId: meeting.id,
            userId,
            departmentId: unit,
            unitId: unit,
            response: 'pending',
            createdAt: now,
          });
      free = false;
      const saved = await manager.getRepository(MeetingAttendee).save(row);
      messages.push(...(await inviteIn(manager, deps.deadlines, meeting, saved, now)));
    }
    return {
      messages,
      audit: {
        action: before.length ? 'meeting.nominees_changed' : 'meeting.nominated',
        subjectType: 'meeting_attendee',
        subjectId: unitRow.id,
        ...(before.length ? { before: { userIds: before } } : {}),
        after: { departmentId: unit, userIds: ids },
      },
    };
  };

/** The unit's own row takes over a kept person's row (answer, deadline, messages, substitutes); theirs is removed. */
async function passRow(manager: EntityManager, heir: MeetingAttendee, unitRow: MeetingAttendee) {
  const { id: _id, createdAt: _createdAt, ...answer } = heir;
  await manager.delete(MeetingAttendee, { id: heir.id });
  await manager.save(Object.assign(unitRow, answer));
  const moved = { subjectType: 'meeting_attendee', subjectId: heir.id };
  await manager.update(OutboxNotification, moved, { subjectId: unitRow.id });
  await manager.update(Deadline, moved, { subjectId: unitRow.id });
  await manager.update(MeetingAttendee, { substituteForId: heir.id }, { substituteForId: unitRow.id });
}

const substitutesOf = (substitutes: MeetingAttendee[], row: MeetingAttendee) =>
  substitutes.filter((s) => s.substituteForId === row.id);

/** The invitee opened the notice (已读), whether or not DingTalk reports it. */
export async function markRead(manager: EntityManager, actorId: string, meetingId: number, now: Date) {
  await manager
    .createQueryBuilder()
    .update(MeetingAttendee)
    .set({ readAt: now })
    .where('meeting_id = :meetingId AND user_id = :userId AND read_at IS NULL', { meetingId, userId: actorId })
    .execute();
}
