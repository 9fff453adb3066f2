/**
 * Who may do what with a meeting: the one table the meetings service consults, the table README.md prints (and
 * permissions.test.ts checks, cell by cell, through the API).
 *
 * A person's standing towards a meeting comes from their roles and from the meeting itself; they may act when any of
 * their standings allows it. Some cells depend on the meeting:
 * - `adopted`: a meeting made in Duban, or one from DingTalk (calendar event, video meeting) that 会务 adopted
 *   (认领). Until then its DingTalk organiser may see it, nothing more.
 * - `ordinary`: adopted, and not official. Official = an official type (区政府常务会议, 区政府党组会议, 专题协调会,
 *   调度会: `official` in GET /api/meetings/types), or a leader invited, or a unit invited, or a person invited from
 *   outside the organiser's own unit(s). Only 会务, or an organiser who is in the 督查室, act on official meetings.
 */
import { type EntityManager, In } from 'typeorm';
import { Department, type Meeting, type MeetingAttendee, User, UserDepartment, UserRole } from '../../entities';
import type { Actor } from '../supervision';
import { MeetingError } from './errors';
import { isOfficialType } from './types';

/** What a person is to a meeting. `staff` is everyone signed in. */
export const STANDINGS = [
  'office',
  'supervision',
  'leader',
  'official_organiser',
  'organiser',
  'unit_head',
  'invitee',
  'staff',
] as const;
export type Standing = (typeof STANDINGS)[number];

export const MEETING_ACTIONS = [
  'view',
  'create',
  'adopt',
  'set_organiser',
  'edit',
  'notify',
  'cancel',
  'code',
  'decide',
  'respond',
  'sign_in',
  'nominate',
] as const;
export type MeetingAction = (typeof MEETING_ACTIONS)[number];

/** yes; no; only on an adopted meeting; only on an adopted, ordinary meeting. */
export type Cell = 'yes' | 'no' | 'adopted' | 'ordinary';

type Row = Readonly<Record<Standing, Cell>>;

const only = (cells: Partial<Record<Standing, Cell>>): Row => ({
  office: 'no',
  supervision: 'no',
  leader: 'no',
  official_organiser: 'no',
  organiser: 'no',
  unit_head: 'no',
  invitee: 'no',
  staff: 'no',
  ...cells,
});

/** Running the meeting: change the draft, send the notices, cancel, see and renew the room's sign-in code. */
const RUN: Row = only({ office: 'yes', official_organiser: 'adopted', organiser: 'ordinary' });

export const PERMISSIONS: Readonly<Record<MeetingAction, Row>> = {
  view: only({
    office: 'yes',
    supervision: 'yes',
    leader: 'yes',
    official_organiser: 'yes',
    organiser: 'yes',
    unit_head: 'yes',
    invitee: 'yes',
  }),
  create: only({ office: 'yes' }),
  adopt: only({ office: 'yes' }),
  set_organiser: only({ office: 'yes' }),
  edit: RUN,
  notify: RUN,
  cancel: RUN,
  code: RUN,
  decide: only({ office: 'yes', supervision: 'yes', official_organiser: 'yes' }),
  respond: only({ invitee: 'yes' }),
  sign_in: only({ invitee: 'yes' }),
  nominate: only({ office: 'yes', official_organiser: 'adopted', organiser: 'ordinary', unit_head: 'yes' }),
};

/** What the cells `adopted` and `ordinary` ask of the meeting. */
export interface MeetingFacts {
  adopted: boolean;
  official: boolean;
}

const hasRole = (actor: Actor, ...roles: string[]) => actor.roles.some((r) => roles.includes(r.role));

/** Units the actor heads (a `unit_head` role scoped to the unit). */
export const headedUnits = (actor: Actor) =>
  new Set(actor.roles.filter((r) => r.role === 'unit_head').map((r) => r.scope));

/** The standings that come from roles alone (no meeting needed): enough for `create`, and for seeing every meeting. */
export function roleStandings(actor: Actor): Set<Standing> {
  const standings = new Set<Standing>(['staff']);
  if (hasRole(actor, 'admin', 'meeting_office')) standings.add('office');
  if (hasRole(actor, 'supervision_office')) standings.add('supervision');
  if (hasRole(actor, 'leader')) standings.add('leader');
  return standings;
}

/**
 * The actor's standings towards a meeting with these attendee rows. `unitId`: the invited unit an action concerns
 * (naming who attends), whose head alone stands as `unit_head`; otherwise the head of any unit invited does.
 */
export function standingsOf(
  actor: Actor,
  meeting: Pick<Meeting, 'organiserUserId'>,
  rows: Pick<MeetingAttendee, 'userId' | 'departmentId'>[],
  unitId?: string,
): Set<Standing> {
  const standings = roleStandings(actor);
  if (meeting.organiserUserId === actor.id) {
    standings.add('organiser');
    if (standings.has('supervision')) standings.add('official_organiser');
  }
  if (rows.some((r) => r.userId === actor.id)) standings.add('invitee');
  const heads = headedUnits(actor);
  const units =
    unitId !== undefined ? [unitId] : rows.flatMap((r) => (!r.userId && r.departmentId ? [r.departmentId] : []));
  if (units.some((unit) => heads.has(unit))) standings.add('unit_head');
  return standings;
}

function cellAllows(cell: Cell, facts: MeetingFacts): boolean {
  if (cell === 'yes') return true;
  if (cell === 'adopted') return facts.adopted;
  if (cell === 'ordinary') return facts.adopted && !facts.official;
  return false;
}

export type Verdict = { allowed: true } | { allowed: false; why: 'role' | 'not_adopted' | 'official' };

/** Whether any of the standings allows the action on a meeting with these facts; if not, the nearest reason. */
export function verdict(action: MeetingAction, standings: Set<Standing>, facts: MeetingFacts): Verdict {
  const cells = [...standings].map((s) => PERMISSIONS[action][s]);
  if (cells.some((cell) => cellAllows(cell, facts))) return { allowed: true };
  if (!facts.adopted && cells.some((cell) => cell === 'adopted' || cell === 'ordinary')) {
    return { allowed: false, why: 'not_adopted' };
  }
  if (facts.official && cells.includes('ordinary')) return { allowed: false, why: 'official' };
  return { allowed: false, why: 'role' };
}

export const allows = (action: MeetingAction, standings: Set<Standing>, facts: MeetingFacts) =>
  verdict(action, standings, facts).allowed;

/** The standings (from roles) that see every meeting, so lists need no per-meeting filter. */
export const seesEveryMeeting = (actor: Actor) =>
  [...roleStandings(actor)].some((s) => PERMISSIONS.view[s] === 'yes' && s !== 'staff');

const REFUSED: Readonly<Record<MeetingAction, string>> = {
  view: '您不在本次会议的参会名单中',
  create: '只有会务人员可以组织会议',
  adopt: '只有会务人员可以认领来自钉钉的会议',
  set_organiser: '只有会务人员可以指定或变更会议组织者',
  edit: '只有会议组织者或会务人员可以操作',
  notify: '只有会议组织者或会务人员可以操作',
  cancel: '只有会议组织者或会务人员可以操作',
  code: '只有会议组织者或会务人员可以操作',
  decide: '只有会务人员或督查室可以登记议定事项',
  respond: '您不在本次会议的参会名单中',
  sign_in: '您不在本次会议的参会名单中',
  nominate: '只有该单位负责人可以确定参会人员',
};

export const NOT_ADOPTED_MESSAGE = '该会议来自钉钉，须经会务人员认领后才能办理';
export const OFFICIAL_MESSAGE =
  '区政府正式会议，以及邀请区领导、参会单位或本单位以外人员的会议，须由会务人员或督查室办理';

/** Throws the 403 (with its Chinese message) unless the standings allow the action. */
export function requirePermission(action: MeetingAction, standings: Set<Standing>, facts: MeetingFacts): void {
  const result = verdict(action, standings, facts);
  if (result.allowed) return;
  const message =
    result.why === 'not_adopted' ? NOT_ADOPTED_MESSAGE : result.why === 'official' ? OFFICIAL_MESSAGE : REFUSED[action];
  throw new MeetingError(action === 'respond' || action === 'sign_in' ? 'not_invited' : 'forbidden', message);
}

// ---- the facts ----------------------------------------------------------------------------------------------

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

export const invitationOf = (
  meeting: Pick<Meeting, 'type' | 'organiserUserId'>,
  rows: Pick<MeetingAttendee, 'userId' | 'departmentId' | 'substituteForId'>[],
): Invitation => ({
  type: meeting.type,
  organiserUserId: meeting.organiserUserId,
  // A substitute's row is the invitee's own choice, not the organiser's invitation.
  userIds: rows.flatMap((r) => (r.userId && !r.substituteForId ? [r.userId] : [])),
  unitIds: rows.flatMap((r) => (!r.userId && r.departmentId ? [r.departmentId] : [])),
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
async function departmentsOf(manager: EntityManager, userId: string): Promise<string[]> {
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
  rows: Pick<MeetingAttendee, 'userId' | 'departmentId' | 'substituteForId'>[],
): Promise<MeetingFacts> {
  return { adopted: isAdopted(meeting), official: await isOfficial(manager, invitationOf(meeting, rows)) };
}
