/**
 * Who may do what with a meeting, decided from the `who` column of the one table in lifecycle.ts (README.md prints
 * it; permissions.test.ts checks it, cell by cell, through the API).
 *
 * A person's standing towards a meeting comes from their roles and from the meeting itself; they may act when any of
 * their standings allows it. Some cells depend on the meeting (facts.ts):
 * - `adopted`: a meeting made in Duban, or one from DingTalk (calendar event, video meeting) that 会务 adopted
 *   (认领). Until then its DingTalk organiser may see it, nothing more.
 * - `ordinary`: adopted, and not official. Only 会务, or an organiser who is in the 督查室, act on official meetings.
 */
import type { Meeting, MeetingAttendee } from '../../entities';
import type { Actor } from '../supervision';
import { MeetingError } from './errors';
import { type MeetingFacts, unitOfRow } from './facts';
import { type Cell, type MeetingAction, ruleOf, type Standing } from './lifecycle';

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
  rows: Pick<MeetingAttendee, 'userId' | 'departmentId' | 'unitId'>[],
  unitId?: string,
): Set<Standing> {
  const standings = roleStandings(actor);
  if (meeting.organiserUserId === actor.id) {
    standings.add('organiser');
    if (standings.has('supervision')) standings.add('official_organiser');
  }
  if (rows.some((r) => r.userId === actor.id)) standings.add('invitee');
  const heads = headedUnits(actor);
  // The head keeps their standing once the unit has named its people (the unit's row then names a person).
  const units = unitId !== undefined ? [unitId] : rows.flatMap((r) => unitOfRow(r) ?? []);
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
  const who = ruleOf(action).who;
  const cells = [...standings].map((s) => who[s]);
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
  [...roleStandings(actor)].some((s) => ruleOf('view').who[s] === 'yes' && s !== 'staff');

export const NOT_ADOPTED_MESSAGE = '该会议来自钉钉，须经会务人员认领后才能办理';
export const OFFICIAL_MESSAGE =
  '区政府正式会议，以及邀请区领导、参会单位或本单位以外人员的会议，须由会务人员或督查室办理';

/** Throws the 403 (with its Chinese message) unless the standings allow the action. */
export function requirePermission(action: MeetingAction, standings: Set<Standing>, facts: MeetingFacts): void {
  const result = verdict(action, standings, facts);
  if (result.allowed) return;
  const message =
    result.why === 'not_adopted'
      ? NOT_ADOPTED_MESSAGE
      : result.why === 'official'
        ? OFFICIAL_MESSAGE
        : ruleOf(action).refused;
  throw new MeetingError(action === 'respond' || action === 'sign_in' ? 'not_invited' : 'forbidden', message);
}
