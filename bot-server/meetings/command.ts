/**
 * The one shape of every meeting command: load and lock the meeting, decide who may (permissions.ts) and whether
 * its stage allows the action (lifecycle.ts), act, then write the messages to the outbox and the audit rows — all in
 * one transaction, so a refusal changes nothing and no message exists without the change that called for it.
 * `transition` is the part after who-may; Duban's own changes (a DingTalk calendar event cancelling a meeting) run it
 * too, so the lifecycle holds for them as well.
 */
import type { EntityManager } from 'typeorm';
import type { Meeting, MeetingAttendee } from '../../entities';
import { type AuditEntry, audit } from '../audit/audit';
import type { DeadlineService } from '../deadlines/deadline-service';
import { enqueueNotifications, type NewNotification } from '../reminders/outbox';
import type { Actor, SupervisionService } from '../supervision';
import { MeetingError } from './errors';
import { type MeetingAction, stageVerdict } from './lifecycle';
import type { Access } from './store';

/** What the commands use beyond the meeting's own rows. */
export interface MeetingDeps {
  deadlines: DeadlineService;
  /** Decisions become supervised matters through it. */
  matters: Pick<SupervisionService, 'assignIn'>;
}

/** What an act is given: the meeting (locked), who acts and where they stand, the moment, the transaction. */
export interface Step extends Access {
  manager: EntityManager;
  actor: Actor;
  meeting: Meeting;
  now: Date;
  deps: MeetingDeps;
  /** The invited unit's row the action concerns (naming its attendees), when there is one. */
  unitRow?: MeetingAttendee;
}

/** An audit row of the act: the actor and the moment are the step's. */
export type AuditRow = Omit<AuditEntry, 'actor' | 'at'>;

export interface Outcome {
  /** Written to the outbox after the act (reminders/outbox.ts, the one writer). */
  messages?: NewNotification[];
  audit?: AuditRow | AuditRow[];
  /**
   * A refusal that keeps what the act wrote (a wrong sign-in code is counted): the transaction commits, then the
   * caller is refused with it.
   */
  refusal?: MeetingError;
}

/** The one function of an action: the change itself, after every check the table makes. */
export type MeetingAct = (step: Step) => Promise<Outcome>;

/** The stage check, the act, its messages and audit rows, in the step's transaction. */
export async function transition(step: Step, action: MeetingAction, act: MeetingAct): Promise<Outcome> {
  const stage = stageVerdict(action, step.meeting, step.now);
  if (!stage.allowed) throw new MeetingError('invalid_state', stage.message);
  if (stage.unchanged) return {};
  return record(step, await act(step));
}

/** Writes what an act asks for: its messages to the outbox, then its audit rows (the step's actor and moment). */
export async function record(step: Step, outcome: Outcome): Promise<Outcome> {
  await enqueueNotifications(step.manager, outcome.messages ?? [], step.now);
  for (const row of [outcome.audit ?? []].flat()) {
    await audit(step.manager, { ...row, actor: step.actor.id, at: step.now });
  }
  return outcome;
}
