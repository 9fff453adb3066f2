/**
 * The one shape of every matter command: load and lock the matter, decide who may (access.ts), check its stage and
 * act, then write the audit row and the messages to the outbox — all in the caller's transaction, so a refusal
 * changes nothing and no message exists without the change that called for it.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Matter, type MatterStatus } from '../../entities';
import { type AuditEntry, audit } from '../audit/audit';
import { lockedRow } from '../db/lock';
import { isUniqueViolation } from '../db/unique-violation';
import type { DeadlineService } from '../deadlines/deadline-service';
import { enqueueNotifications, type NewNotification } from '../reminders/outbox';
import { SupervisionError } from './errors';
import { STATUS_NAMES } from './sources';

/** What the commands use beyond the matter's own rows (the SupervisionService fits). */
export interface MatterContext {
  readonly deadlines: DeadlineService;
  /** False for historical data (the demo seed): no outbox notification is written. */
  readonly notifications: boolean;
  now(): Date;
}

/** Who acts, when, in which transaction. */
export interface Moment {
  manager: EntityManager;
  ctx: MatterContext;
  actorId: string;
  now: Date;
}

/** What an act is given: the moment and the matter as it was, locked for the rest of the transaction. */
export interface Step extends Moment {
  matter: Matter;
}

export interface Outcome {
  /** The matter's audit row; the actor and the moment are the step's. */
  audit: Omit<AuditEntry, 'actor' | 'at' | 'subjectType' | 'subjectId'>;
  /** Written to the outbox after the audit row (reminders/outbox.ts, the one writer). */
  messages?: NewNotification[];
}

const MAX_RETRIES = 8;

function isDeadlock(err: unknown): boolean {
  const driver = (err as { driverError?: { code?: string } }).driverError ?? err;
  return (driver as { code?: string }).code === 'ER_LOCK_DEADLOCK';
}

/** Runs a write transaction, again when the numbering raced another writer (unique index) or deadlocked. */
export async function writeTransaction<T>(db: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      if (attempt < MAX_RETRIES && (isUniqueViolation(err) || isDeadlock(err))) continue;
      throw err;
    }
  }
}

/** The matter row, locked for the rest of the transaction on MySQL (SQLite transactions are exclusive). */
export async function lockMatter(manager: EntityManager, id: number): Promise<Matter> {
  const matter = await lockedRow(manager, Matter, { id });
  if (!matter) throw new SupervisionError('not_found', '没有这个督办事项');
  return matter;
}

/**
 * One command on an existing matter: lock it, `may` (who may, given the matter), `act` (the stage check and the
 * change), then its audit row and messages. Returns the matter as it is afterwards.
 */
export async function command(
  ctx: MatterContext,
  manager: EntityManager,
  actorId: string,
  id: number,
  spec: { may?: (matter: Matter) => Promise<void>; act: (step: Step) => Promise<Outcome> },
): Promise<Matter> {
  const matter = await lockMatter(manager, id);
  if (spec.may) await spec.may(matter);
  const step: Step = { manager, ctx, actorId, matter, now: ctx.now() };
  await record(step, id, await spec.act(step));
  return manager.getRepository(Matter).findOneByOrFail({ id });
}

/** Writes what an act asks for: the matter's audit row, then its messages unless notifications are off. */
export async function record(moment: Moment, matterId: number, outcome: Outcome): Promise<void> {
  await audit(moment.manager, {
    ...outcome.audit,
    actor: moment.actorId,
    subjectType: 'matter',
    subjectId: matterId,
    at: moment.now,
  });
  if (moment.ctx.notifications) await enqueueNotifications(moment.manager, outcome.messages ?? [], moment.now);
}

/** Refuses a matter whose status is not one of `allowed`: `该事项当前为“…”，<refusal>`. */
export function requireStatus(matter: Matter, allowed: readonly MatterStatus[], refusal: string): void {
  if (!allowed.includes(matter.status)) {
    throw new SupervisionError('invalid_state', `该事项当前为“${STATUS_NAMES[matter.status]}”，${refusal}`);
  }
}

/** The unit's steps after 签收 (progress, extension, completion): `请先签收该事项，再<verb>` before it. */
export function requireStarted(matter: Matter, verb: string): void {
  if (matter.status === 'assigned') throw new SupervisionError('invalid_state', `请先签收该事项，再${verb}`);
  requireStatus(matter, ['accepted', 'in_progress'], `不能${verb}`);
}
