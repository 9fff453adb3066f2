import type { DataSource, EntityManager } from 'typeorm';
import { Meeting, MeetingAttendee } from '../../entities';
import { sqlInstant } from '../db/sql-instant';
import type { DeadlineService } from '../deadlines/deadline-service';
import type { Logger } from '../logging/logger';
import { WakeRequests } from '../scheduler/wake-requests';
import type { Actor, SupervisionService } from '../supervision';
import { type CalendarReader, syncCalendarMeetings } from './calendar-sync';
import { cancel, holdIn } from './changes';
import { type MeetingAct, type MeetingDeps, transition } from './command';
import { decide } from './decisions';
import { adopt, createIn, edit, notify } from './drafts';
import { MeetingError } from './errors';
import type { MeetingAction } from './lifecycle';
import type { DecisionInput, MeetingDetail, MeetingFilter, MeetingInput, MeetingSummary, Receipt } from './model';
import { requirePermission, roleStandings } from './permissions';
import { markRead, nominate, respond, unitRowOf } from './receipts';
import { renewCode, signIn } from './sign-in';
import { accessOf, lockMeeting } from './store';
import { detailIn, listMeetings } from './views';

/** How often the server's loop looks for meetings that have started (their receipts close, they count as held). */
export const MEETING_POLL_MS = 30_000;

export interface MeetingServiceOptions {
  db: () => DataSource;
  deadlines: DeadlineService;
  /** Decisions become matters through it. */
  supervision: SupervisionService;
  /** Reads the details of meetings made in DingTalk's calendar. */
  calendar?: CalendarReader;
  logger?: Logger;
  clock?: () => Date;
}

/** What a command needs besides its act: the invited unit's row it concerns, a check after who-may. */
interface CommandOptions {
  unitRowId?: number;
  check?: () => void;
}

/**
 * 会议: notices with receipts (回执), leave and substitutes, reminders, sign-in, decisions that become supervised
 * matters. Every command runs one way (`command` below, command.ts): load and lock the meeting, decide who may
 * (permissions.ts), then the stage, the act, its outbox messages and audit rows (lifecycle.ts, command.ts), all in
 * one transaction, and answer the meeting as the actor now sees it (views.ts).
 */
export class MeetingService {
  private clock: () => Date;
  private readonly db: () => DataSource;
  private readonly deps: MeetingDeps;
  private readonly syncRequests = new WakeRequests();

  constructor(private readonly options: MeetingServiceOptions) {
    this.db = options.db;
    this.deps = { deadlines: options.deadlines, matters: options.supervision };
    this.clock = options.clock ?? (() => new Date());
  }

  /** The loop's pass: meetings that have started, then meetings whose details are to be read from DingTalk. */
  async runDue(): Promise<number> {
    const held = await this.sweep();
    const { calendar, logger } = this.options;
    const synced = calendar
      ? await syncCalendarMeetings({ db: this.db(), reader: calendar, deps: this.deps, now: () => this.now(), logger })
      : 0;
    return held + synced;
  }

  onSyncRequested(wake: () => void): void {
    this.syncRequests.on(wake);
  }

  /** Wakes the loop soon (see WakeRequests). */
  requestSync(): void {
    this.syncRequests.request();
  }

  now(): Date {
    return this.clock();
  }

  /** Pins (or with null, releases) the clock: for tests and the demo seed only. */
  useClock(clock: (() => Date) | null): void {
    this.clock = clock ?? (() => new Date());
  }

  // ---- commands -----------------------------------------------------------------------------------------

  async create(actor: Actor, input: MeetingInput): Promise<MeetingDetail> {
    requirePermission('create', roleStandings(actor), { adopted: true, official: false });
    return this.db().transaction(async (manager) => {
      const meeting = await createIn(manager, actor.id, input, this.now());
      return this.detail(manager, actor, meeting);
    });
  }

  /** Changes a meeting not yet notified (a draft made here, or one from DingTalk). */
  update(actor: Actor, id: number, input: MeetingInput): Promise<MeetingDetail> {
    return this.command(actor, id, 'edit', edit(input));
  }

  notify(actor: Actor, id: number): Promise<MeetingDetail> {
    return this.command(actor, id, 'notify', notify);
  }

  adopt(actor: Actor, id: number): Promise<MeetingDetail> {
    return this.command(actor, id, 'adopt', adopt);
  }

  respond(actor: Actor, meetingId: number, receipt: Receipt): Promise<MeetingDetail> {
    return this.command(actor, meetingId, 'respond', respond(receipt));
  }

  /** 报名 for the invited unit's row `attendeeId`: its head (alone of the unit heads) stands as `unit_head`. */
  nominate(actor: Actor, meetingId: number, attendeeId: number, userIds: string[]): Promise<MeetingDetail> {
    return this.command(actor, meetingId, 'nominate', nominate(userIds), { unitRowId: attendeeId });
  }

  async markRead(actor: Actor, meetingId: number): Promise<void> {
    await this.db().transaction((manager) => markRead(manager, actor.id, meetingId, this.now()));
  }

  signIn(actor: Actor, meetingId: number, code: string): Promise<MeetingDetail> {
    return this.command(actor, meetingId, 'sign_in', signIn(code));
  }

  renewSignInCode(actor: Actor, meetingId: number): Promise<MeetingDetail> {
    return this.command(actor, meetingId, 'code', renewCode);
  }

  cancel(actor: Actor, meetingId: number, reason: string): Promise<MeetingDetail> {
    const text = reason.trim();
    const check = () => {
      if (text.length < 2) throw new MeetingError('invalid_input', '请填写取消原因');
    };
    return this.command(actor, meetingId, 'cancel', cancel(text), { check });
  }

  /** 议定事项 → a supervised matter (会议议定事项) with its lead unit and deadline, linked back to the meeting. */
  addDecision(actor: Actor, meetingId: number, input: DecisionInput): Promise<MeetingDetail> {
    return this.command(actor, meetingId, 'decide', decide(input));
  }

  /**
   * Meetings whose start has come are held: receipts still open are closed as not answered in time. Run by the
   * server's meetings loop; returns how many meetings it closed.
   */
  async sweep(): Promise<number> {
    const now = this.now();
    const db = this.db();
    const due = await db
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where("m.status = 'notified' AND m.startsAt <= :now", { now: sqlInstant(db, now) })
      .take(100)
      .getMany();
    for (const found of due) {
      await db.transaction(async (manager) =>
        holdIn(manager, this.deps.deadlines, await lockMeeting(manager, found.id), now),
      );
    }
    return due.length;
  }

  // ---- reading ------------------------------------------------------------------------------------------

  async get(actor: Actor, id: number): Promise<MeetingDetail> {
    const manager = this.db().manager;
    const meeting = await manager.getRepository(Meeting).findOneBy({ id });
    if (!meeting) throw new MeetingError('not_found', '没有这个会议');
    const access = await accessOf(manager, actor, meeting);
    requirePermission('view', access.standings, access.facts);
    return detailIn(manager, actor, meeting, access, this.options.logger);
  }

  /** The meeting an attendee row belongs to: a link from a bot message names the row. */
  async meetingOfAttendee(actor: Actor, attendeeId: number): Promise<MeetingDetail> {
    const row = await this.db().getRepository(MeetingAttendee).findOneBy({ id: attendeeId });
    if (!row) throw new MeetingError('not_found', '没有这条会议通知');
    return this.get(actor, row.meetingId);
  }

  list(actor: Actor, filter: MeetingFilter = {}): Promise<MeetingSummary[]> {
    return listMeetings(this.db(), actor, filter, this.now(), this.options.logger);
  }

  // ---- the one command ----------------------------------------------------------------------------------

  /**
   * Load and lock the meeting, who may, then the stage and the act with its outbox messages and audit rows
   * (command.ts); the answer is the meeting as the actor sees it afterwards. A refusal that keeps what the act
   * wrote (a wrong sign-in code) is thrown once the transaction has committed.
   */
  private async command(
    actor: Actor,
    meetingId: number,
    action: MeetingAction,
    act: MeetingAct,
    options: CommandOptions = {},
  ): Promise<MeetingDetail> {
    const answer = await this.db().transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      const unitRow =
        options.unitRowId === undefined ? undefined : await unitRowOf(manager, meetingId, options.unitRowId);
      const access = await accessOf(manager, actor, meeting, unitRow?.unitId ?? undefined);
      requirePermission(action, access.standings, access.facts);
      options.check?.();
      const step = { manager, actor, meeting, now: this.now(), deps: this.deps, unitRow, ...access };
      const outcome = await transition(step, action, act);
      if (outcome.refusal) return outcome.refusal;
      return this.detail(manager, actor, meeting);
    });
    if (answer instanceof MeetingError) throw answer;
    return answer;
  }

  /** The meeting as the actor sees it, their standing read afresh (a command may have changed the rows). */
  private async detail(manager: EntityManager, actor: Actor, meeting: Meeting): Promise<MeetingDetail> {
    return detailIn(manager, actor, meeting, await accessOf(manager, actor, meeting), this.options.logger);
  }
}
