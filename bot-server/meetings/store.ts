/** Reading the rows a meeting command or answer needs: the meeting locked, the actor's access, names of people. */
import { type EntityManager, In } from 'typeorm';
import { Department, Meeting, MeetingAttendee, User, UserRole } from '../../entities';
import { lockedRow } from '../db/lock';
import type { Actor } from '../supervision';
import { MeetingError } from './errors';
import { factsOf, type MeetingFacts } from './facts';
import type { Standing } from './lifecycle';
import { standingsOf } from './permissions';

/** The meeting, its row locked for the transaction (on MySQL; SQLite writes one at a time anyway). */
export async function lockMeeting(manager: EntityManager, id: number): Promise<Meeting> {
  const meeting = await lockedRow(manager, Meeting, { id });
  if (!meeting) throw new MeetingError('not_found', '没有这个会议');
  return meeting;
}

/** Where the actor stands towards a meeting, and what the meeting is (see permissions.ts). */
export interface Access {
  rows: MeetingAttendee[];
  standings: Set<Standing>;
  facts: MeetingFacts;
}

/** The actor's standings towards the meeting and its facts; `unitId`: the invited unit an action concerns. */
export async function accessOf(manager: EntityManager, actor: Actor, meeting: Meeting, unitId?: string) {
  const rows = await manager
    .getRepository(MeetingAttendee)
    .find({ where: { meetingId: meeting.id }, order: { id: 'ASC' } });
  const access: Access = {
    rows,
    standings: standingsOf(actor, meeting, rows, unitId),
    facts: await factsOf(manager, meeting, rows),
  };
  return access;
}

export type UnitNames = Map<string, string>;

/** Unit names by id, read once per answer (the organisation is small). */
export const unitNames = async (manager: EntityManager): Promise<UnitNames> =>
  new Map((await manager.getRepository(Department).find()).map((d) => [d.id, d.name]));

/** People's names by id. */
export async function userNames(manager: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  return new Map((await manager.getRepository(User).findBy({ id: In(wanted) })).map((u) => [u.id, u.name]));
}

/** Who heads a unit: its `unit_head` roles, else DingTalk's 部门主管 flag. */
export async function unitHeads(manager: EntityManager, departmentId: string | null): Promise<string[]> {
  if (!departmentId) return [];
  const roles = await manager.getRepository(UserRole).findBy({ role: 'unit_head', scope: departmentId });
  if (roles.length) return roles.map((r) => r.userId).sort();
  const rows: { user_id: string }[] = await manager.query(
    'SELECT user_id FROM user_department WHERE department_id = ? AND is_head = 1 ORDER BY user_id',
    [departmentId],
  );
  return rows.map((r) => r.user_id);
}
