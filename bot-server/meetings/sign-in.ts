/**
 * 签到 with the 6-digit code shown in the room, in a window around the start (late after the start), and the code
 * itself: renewed by those who run the meeting, after it got out or to reopen sign-in stopped by wrong codes.
 */
import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditLog, Meeting, MeetingAttendee } from '../../entities';
import type { MeetingAct, Outcome } from './command';
import { MeetingError } from './errors';
import { MINUTE } from './invitations';

/** Sign-in (签到) opens this long before the start… */
export const SIGN_IN_OPENS_MINUTES = 30;
/** …and, for a meeting without an end time, closes this long after it. */
export const SIGN_IN_CLOSES_MINUTES = 120;
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

/** A fresh 6-digit sign-in code for the room. */
export const newSignInCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** The window in which attendees may sign in. */
export function signInWindow(meeting: Pick<Meeting, 'startsAt' | 'endsAt'>) {
  return {
    opensAt: new Date(meeting.startsAt.getTime() - SIGN_IN_OPENS_MINUTES * MINUTE),
    closesAt: meeting.endsAt ?? new Date(meeting.startsAt.getTime() + SIGN_IN_CLOSES_MINUTES * MINUTE),
  };
}

/** Wrong codes entered since the code was last renewed (or first given), in all and by person. */
export async function wrongCodes(manager: EntityManager, meetingId: number) {
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

/** Whether code sign-in has stopped for the whole meeting. */
export const signInLocked = async (manager: EntityManager, meetingId: number) =>
  (await wrongCodes(manager, meetingId)).total >= WRONG_CODES_PER_MEETING;

/**
 * 签到 within the window around the start, with the code shown in the room; late after the start. A wrong code is
 * kept (the transaction commits, so the attempt counts) and then refused.
 */
export const signIn =
  (code: string): MeetingAct =>
  async ({ manager, actor, meeting, rows, now }): Promise<Outcome> => {
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
      const wrong = await wrongCodes(manager, meeting.id);
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
        return {
          audit: {
            action: WRONG_CODE,
            subjectType: 'meeting',
            subjectId: meeting.id,
            after: { attendeeId: attendee.id },
          },
          refusal: new MeetingError('wrong_code', '签到码不正确，请核对会场公布的签到码'),
        };
      }
    }
    if (attendee.signedInAt) return {};
    attendee.signedInAt = now;
    attendee.late = now > meeting.startsAt;
    await manager.getRepository(MeetingAttendee).save(attendee);
    return {
      audit: {
        action: 'meeting.signed_in',
        subjectType: 'meeting_attendee',
        subjectId: attendee.id,
        after: { signedInAt: now.toISOString(), late: attendee.late },
      },
    };
  };

/**
 * A new sign-in code for the room (the old one stops working), for those who run the meeting: after the code got
 * out, or to reopen code sign-in stopped by too many wrong codes (the counts start again).
 */
export const renewCode: MeetingAct = async ({ manager, meeting }) => {
  let code = meeting.signInCode;
  while (code === meeting.signInCode) code = newSignInCode();
  meeting.signInCode = code;
  await manager.getRepository(Meeting).save(meeting);
  return { audit: { action: CODE_RENEWED, subjectType: 'meeting', subjectId: meeting.id } };
};
