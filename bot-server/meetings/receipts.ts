/**
 * The notified stage, from the invitees' side: 回执 (confirm, leave with a reason, a substitute), 报名 (the head of an
 * invited unit names who attends), and reading the notice.
 */
import { type EntityManager, In } from 'typeorm';
import { Department, type Meeting, MeetingAttendee, User } from '../../entities';
import type { NewNotification } from '../reminders/outbox';
import type { MeetingAct } from './command';
import { MeetingError } from './errors';
import { unitMembers } from './facts';
import { cancelStartReminders, inviteIn, reinstateStartReminder } from './invitations';
import type { Receipt } from './model';

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
      messages.push(await reinstateStartReminder(manager, meeting, attendee, now));
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
      messages.push(...(await inviteIn(manager, deps.deadlines, meeting, substitute, now)));
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

/** The invited unit's row a nomination names attendees for (a unit row of the meeting not yet named). */
export async function unitRowOf(manager: EntityManager, meetingId: number, attendeeId: number) {
  const unitRow = await manager.getRepository(MeetingAttendee).findOneBy({ id: attendeeId, meetingId });
  if (!unitRow?.departmentId || unitRow.userId) throw new MeetingError('not_found', '没有这个待报名的参会单位');
  return unitRow;
}

/**
 * 报名: the head of an invited unit names who attends — only the unit's own people (members of the unit's
 * department or of one beneath it); each gets the notice and answers it themselves.
 */
export const nominate =
  (userIds: string[]): MeetingAct =>
  async ({ manager, meeting, unitRow, now, deps }) => {
    if (!unitRow?.departmentId) throw new MeetingError('not_found', '没有这个待报名的参会单位');
    const ids = [...new Set(userIds)];
    if (ids.length === 0) throw new MeetingError('invalid_input', '请选择参会人员');
    const users = await manager.getRepository(User).findBy({ id: In(ids), active: true });
    if (users.length !== ids.length) throw new MeetingError('unknown_user', '所选人员不存在或已停用');
    const members = await unitMembers(manager, [unitRow.departmentId], ids);
    const strangers = users.filter((u) => !members.has(u.id)).map((u) => u.name);
    if (strangers.length) {
      const unit = await manager.getRepository(Department).findOneBy({ id: unitRow.departmentId });
      throw new MeetingError(
        'not_unit_member',
        `${strangers.join('、')}不是${unit?.name ?? '本单位'}人员，只能确定本单位人员参会`,
      );
    }
    const taken = await manager.getRepository(MeetingAttendee).findBy({ meetingId: meeting.id, userId: In(ids) });
    if (taken.length > 0) throw new MeetingError('invalid_input', '所选人员已在参会名单中');
    if (unitRow.deadlineId) await deps.deadlines.close(manager, unitRow.deadlineId, now);
    const messages: NewNotification[] = [];
    for (const [index, userId] of ids.entries()) {
      const row =
        index === 0
          ? Object.assign(unitRow, { userId, respondedAt: now, readAt: unitRow.readAt ?? now })
          : manager.getRepository(MeetingAttendee).create({
              meetingId: meeting.id,
              userId,
              departmentId: unitRow.departmentId,
              response: 'pending',
              createdAt: now,
            });
      const saved = await manager.getRepository(MeetingAttendee).save(row);
      messages.push(...(await inviteIn(manager, deps.deadlines, meeting, saved, now)));
    }
    return {
      messages,
      audit: {
        action: 'meeting.nominated',
        subjectType: 'meeting_attendee',
        subjectId: unitRow.id,
        after: { departmentId: unitRow.departmentId, userIds: ids },
      },
    };
  };

/** The invitee opened the notice (已读), whether or not DingTalk reports it. */
export async function markRead(manager: EntityManager, actorId: string, meetingId: number, now: Date) {
  await manager
    .createQueryBuilder()
    .update(MeetingAttendee)
    .set({ readAt: now })
    .where('meeting_id = :meetingId AND user_id = :userId AND read_at IS NULL', { meetingId, userId: actorId })
    .execute();
}
