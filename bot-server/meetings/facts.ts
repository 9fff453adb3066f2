/**
 * What a meeting is, for the cells of the permission table that depend on it (lifecycle.ts):
 * - adopted: made in Duban, or from DingTalk (calendar event, video meeting) and adopted by 会务 (认领);
 * - official: an official type (区政府常务会议, 区政府党组会议, 专题协调会, 调度会: `official` in
 *   GET /api/meetings/types), or a leader invited, or a unit invited, or a person invited from outside the
 *   organiser's own unit(s).
 */
import { type EntityManager, In } from 'typeorm';
import { Department, type Meeting, type MeetingAttendee, User, UserDepartment, UserRole } from '../../entities';
import { isOfficialType } from './types';

/** What the cells `adopted` and `ordinary` ask of the meeting. */
export interface MeetingFacts {
  adopted: boolean;
  official: boolean;
}

/** Made in Duban, or adopted by 会务 (recorded in `external.adoptedBy` with the time, and in the audit log). */
export const isAdopted = (meeting: Pick<Meeting, 'origin' | 'external'>) =>
  meeting.origin === 'duban' || typeof meeting.external?.adoptedBy === 'string';

/** Who a meeting would invite, with its type and organiser: what makes it official. */
export interface Invitation {
  type: string;
  organiserUserId: string | null;
  userIds: string[];
  unitIds: string[];
}

/**
 * The invited unit a row answers for: its `unitId`, or (a unit row stored before `unitId` was kept) the department of
 * a row naming nobody yet.
 */
export const unitOfRow = (row: Pick<MeetingAttendee, 'userId' | 'departmentId' | 'unitId'>) =>
  row.unitId ?? (!row.userId ? row.departmentId : null);

type InvitationRow = Pick<MeetingAttendee, 'userId' | 'departmentId' | 'unitId' | 'substituteForId'>;

export const invitationOf = (
  meeting: Pick<Meeting, 'type' | 'organiserUserId'>,
  rows: InvitationRow[],
): Invitation => ({
  type: meeting.type,
  organiserUserId: meeting.organiserUserId,
  // A substitute's row is the invitee's own choice, and the people a unit named its head's: not the organiser's.
  userIds: rows.flatMap((r) => (r.userId && !r.substituteForId && !unitOfRow(r) ? [r.userId] : [])),
  unitIds: [...new Set(rows.flatMap((r) => unitOfRow(r) ?? []))],
});

/**
 * The people of a unit: members (per `user_department`, and the primary department) of the department or of any
 * department beneath it.
 */
export async function unitMembers(manager: EntityManager, departmentIds: string[], userIds: string[]) {
  const members = new Map<string, Set<string>>();
  if (userIds.length === 0) return members;
  const departments = await manager.getRepository(Department).find({ select: { id: true, parentId: true } });
  const children = new Map<string, string[]>();
  for (const d of departments) {
    if (d.parentId) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
  }
  const within = new Set<string>();
  const pending = [...departmentIds];
  while (pending.length) {
    const id = pending.pop() as string;
    if (within.has(id)) continue;
    within.add(id);
    pending.push(...(children.get(id) ?? []));
  }
  const memberships = await manager.getRepository(UserDepartment).findBy({ userId: In(userIds) });
  const primaries = await manager
    .getRepository(User)
    .find({ select: { id: true, primaryDepartmentId: true }, where: { id: In(userIds) } });
  const of = (userId: string) => {
    const set = members.get(userId) ?? new Set<string>();
    members.set(userId, set);
    return set;
  };
  for (const m of memberships) if (within.has(m.departmentId)) of(m.userId).add(m.departmentId);
  for (const u of primaries)
    if (u.primaryDepartmentId && within.has(u.primaryDepartmentId)) of(u.id).add(u.primaryDepartmentId);
  return members;
}

/** The departments a person belongs to (per `user_department`, and the primary department). */
export async function departmentsOf(manager: EntityManager, userId: string): Promise<string[]> {
  const rows = await manager.getRepository(UserDepartment).findBy({ userId });
  const user = await manager.getRepository(User).findOneBy({ id: userId });
  return [
    ...new Set([...rows.map((r) => r.departmentId), ...(user?.primaryDepartmentId ? [user.primaryDepartmentId] : [])]),
  ];
}

/**
 * Whether the invitation is official: an official type, a unit invited, a leader invited, or a person from outside
 * the organiser's own unit(s) (the departments the organiser belongs to and those beneath them).
 */
export async function isOfficial(manager: EntityManager, invitation: Invitation): Promise<boolean> {
  if (isOfficialType(invitation.type) || invitation.unitIds.length > 0) return true;
  const people = [...new Set(invitation.userIds)];
  if (people.length === 0) return false;
  if (await manager.getRepository(UserRole).existsBy({ userId: In(people), role: 'leader' })) return true;
  if (!invitation.organiserUserId) return true;
  const own = await departmentsOf(manager, invitation.organiserUserId);
  const members = await unitMembers(manager, own, people);
  return people.some((id) => !members.has(id));
}

/** The facts of a meeting as it stands. */
export async function factsOf(
  manager: EntityManager,
  meeting: Pick<Meeting, 'origin' | 'external' | 'type' | 'organiserUserId'>,
  rows: InvitationRow[],
): Promise<MeetingFacts> {
  return { adopted: isAdopted(meeting), official: await isOfficial(manager, invitationOf(meeting, rows)) };
}
