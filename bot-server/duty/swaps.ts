/**
 * 换班: a person on a shift asks a colleague to take it (替班), or to take it while they take one of the
 * colleague's shifts in return (换班); the colleague accepts or declines, the office (会务, administrators) approves or
 * refuses, and only the approval changes the roster — in one transaction that locks the shifts and checks every rule
 * again. 我的班次 lists a person's shifts. Rules and notices: README.md, 「换班」. Domain only: the API is
 * `api/duty/swaps.ts`.
 */
import { Between, type DataSource, type EntityManager, In, LessThanOrEqual, MoreThan } from 'typeorm';
import {
  DutyShift,
  DutyShiftMember,
  DutySwap,
  type DutySwapRole,
  type JsonObject,
  OPEN_SWAP_STATUSES,
  User,
  UserRole,
} from '../../entities';
import { audit } from '../audit/audit';
import { formatShanghaiInstant, type WorkCalendar } from '../calendar';
import { lockedRow } from '../db/lock';
import { sqlInstant } from '../db/sql-instant';
import { DomainError } from '../errors/domain-error';
import { enqueueNotifications, type NewNotification } from '../reminders/outbox';
import { busyOn } from './overlap';
import { DUTY_OFFICE_ROLES, type DutyActor } from './roster';
import {
  checkRequest,
  checkStep,
  conflict,
  forbidden,
  invalid,
  labelled,
  note,
  openKey,
  poolOf,
  requestOf,
  roleOn,
  type Step,
  type SwapRequest,
} from './swap-rules';
import {
  acceptedNotice,
  type DatedShift,
  datedShifts,
  decidedNotice,
  declinedNotice,
  requestedNotice,
  type SwapFacts,
  type SwapView,
  shiftTitle,
  swapViews,
} from './swap-views';
import { type PersonView, peopleById, peopleOfShift, shiftById } from './views';

export { MAX_SWAP_NOTE, type SwapRequest } from './swap-rules';

/** How far ahead the shifts given in return may lie (and 我的班次 looks), in days. */
const AHEAD_DAYS = 62;
/** The shifts offered in return lie within this many days of the shift given, at most MAX_RETURN_SHIFTS of them. */
const RETURN_WINDOW_DAYS = 31;
const MAX_RETURN_SHIFTS = 10;
/** Past shifts shown in 我的班次. */
const PAST_SHIFTS = 5;
const DAY_MS = 86_400_000;

/** One of the reader's shifts in 我的班次. */
export interface MyShift extends DatedShift {
  role: DutySwapRole;
  /** The other people of the shift. */
  others: PersonView[];
  started: boolean;
  /** The reader's open request for this shift, if any. */
  openSwapId: number | null;
}

/** Whom the requester may ask for a shift, each with their shifts that may be given in return (换班). */
export interface SwapOptions {
  shift: DatedShift;
  role: DutySwapRole;
  candidates: { person: PersonView; returnShifts: DatedShift[] }[];
}

/** The request's fields as its audit rows hold them. */
const swapJson = (s: DutySwap) => ({
  id: s.id,
  kind: s.kind,
  role: s.role,
  shiftId: s.shiftId,
  returnShiftId: s.returnShiftId,
  requester: s.requesterUserId,
  counterpart: s.counterpartUserId,
  status: s.status,
});

export class DutySwapService {
  constructor(
    private readonly db: () => DataSource,
    private readonly calendar: () => WorkCalendar,
    /** The roster's clock: tests pin one for both. */
    private readonly now: () => Date,
  ) {}

  /** 我的班次: the shifts not yet ended (up to AHEAD_DAYS ahead), then the last few past ones, newest first. */
  async myShifts(userId: string): Promise<{ upcoming: MyShift[]; past: MyShift[] }> {
    const now = this.now();
    const db = this.db();
    const manager = db.manager;
    const repo = manager.getRepository(DutyShift);
    const memberOf = (await manager.getRepository(DutyShiftMember).findBy({ userId })).map((m) => m.shiftId);
    const mine = [{ leaderUserId: userId }, ...(memberOf.length ? [{ id: In(memberOf) }] : [])];
    const instant = sqlInstant(db, now) as Date;
    const horizon = sqlInstant(db, new Date(now.getTime() + AHEAD_DAYS * DAY_MS)) as Date;
    const upcoming = await repo.find({
      where: mine.map((w) => ({ ...w, endsAt: MoreThan(instant), startsAt: LessThanOrEqual(horizon) })),
      order: { startsAt: 'ASC' },
      take: 60,
    });
    const past = await repo.find({
      where: mine.map((w) => ({ ...w, endsAt: LessThanOrEqual(instant) })),
      order: { startsAt: 'DESC' },
      take: PAST_SHIFTS,
    });
    const open = await manager
      .getRepository(DutySwap)
      .findBy({ requesterUserId: userId, status: In([...OPEN_SWAP_STATUSES]) });
    const views = async (shifts: DutyShift[]) =>
      (await datedShifts(manager, this.calendar(), shifts)).map((s) => {
        const role: DutySwapRole = s.leader.id === userId ? 'leader' : 'staff';
        return {
          ...s,
          role,
          others: [s.leader, ...s.staff].filter((p) => p.id !== userId),
          started: new Date(s.startsAt).getTime() <= now.getTime(),
          openSwapId: open.find((o) => o.shiftId === s.id)?.id ?? null,
        };
      });
    return { upcoming: await views(upcoming), past: (await views(past)).reverse() };
  }

  /** Whom the requester may ask for this shift, and which of their shifts may be given in return. */
  async options(requester: string, shiftId: number): Promise<SwapOptions> {
    const now = this.now();
    const manager = this.db().manager;
    const calendar = this.calendar();
    const shift = await shiftById(manager, shiftId);
    const role = await roleOn(manager, shift, requester);
    if (!role) throw invalid('not_on_shift', '您不在该班次，不能为其申请换班');
    if (shift.startsAt.getTime() <= now.getTime()) throw conflict('shift_started', '该班次已开始，不能再换班');
    const pool = [...(await poolOf(manager, role, shift.date))].filter((id) => id !== requester);
    const active = pool.length ? await manager.getRepository(User).findBy({ id: In(pool), active: true }) : [];
    // Shifts in return: not started, within RETURN_WINDOW_DAYS of the shift given.
    const at = shift.startsAt.getTime();
    const later = await manager.getRepository(DutyShift).find({
      where: {
        startsAt: Between(
          sqlInstant(this.db(), new Date(Math.max(now.getTime() + 1, at - RETURN_WINDOW_DAYS * DAY_MS))) as Date,
          sqlInstant(this.db(), new Date(at + RETURN_WINDOW_DAYS * DAY_MS)) as Date,
        ),
      },
      order: { startsAt: 'ASC' },
    });
    const laterViews = await datedShifts(manager, calendar, later);
    const candidates: SwapOptions['candidates'] = [];
    for (const user of active.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
      if (await busyOn(manager, [user.id], shift.startsAt, shift.endsAt)) continue;
      const theirs = laterViews.filter(
        (s) =>
          s.id !== shift.id && (role === 'leader' ? s.leader.id === user.id : s.staff.some((p) => p.id === user.id)),
      );
      const returnShifts: DatedShift[] = [];
      for (const s of theirs) {
        const row = later.find((r) => r.id === s.id) as DutyShift;
        if (returnShifts.length >= MAX_RETURN_SHIFTS) break;
        if (!(await busyOn(manager, [requester], row.startsAt, row.endsAt, [shift.id]))) returnShifts.push(s);
      }
      candidates.push({ person: { id: user.id, name: user.name, title: user.title }, returnShifts });
    }
    return { shift: (await datedShifts(manager, calendar, [shift]))[0] as DatedShift, role, candidates };
  }

  /** Asks the colleague: one open request per shift and requester; the colleague is told. */
  async request(actor: DutyActor, input: SwapRequest): Promise<SwapView> {
    const reason = note(input.reason, '换班事由');
    const now = this.now();
    const calendar = this.calendar();
    return this.db().transaction(async (manager) => {
      await lockedRow(manager, DutyShift, { id: input.shiftId });
      const checked = await checkRequest(manager, calendar, actor.id, input, now);
      const key = openKey(checked.shift.id, actor.id);
      if (await manager.getRepository(DutySwap).existsBy({ openKey: key })) {
        throw conflict('open_request', '您已为该班次提出换班申请，请等待处理，或先撤回再重新申请');
      }
      const inserted = await manager.insert(DutySwap, {
        kind: input.kind,
        role: checked.role,
        shiftId: checked.shift.id,
        returnShiftId: checked.returnShift?.id ?? null,
        requesterUserId: actor.id,
        counterpartUserId: input.counterpartUserId,
        reason,
        status: 'requested',
        openKey: key,
        requestedAt: now,
        answeredAt: null,
        decidedBy: null,
        decidedAt: null,
        note: null,
      });
      const swap = await manager.getRepository(DutySwap).findOneByOrFail({ id: Number(inserted.identifiers[0]?.id) });
      await audit(manager, {
        actor: actor.id,
        action: 'duty.swap.requested',
        subjectType: 'duty_swap',
        subjectId: swap.id,
        after: { ...swapJson(swap), reason },
        at: now,
      });
      await this.notify(manager, swap, (f) => [requestedNotice(f)], now);
      return this.viewIn(manager, swap, actor, now);
    });
  }

  /** The colleague accepts: checked again against the roster now; the office's people are told. */
  async accept(actor: DutyActor, id: number): Promise<SwapView> {
    return this.step(actor, id, 'accept', async (manager, swap, now) => {
      await checkRequest(manager, this.calendar(), swap.requesterUserId, requestOf(swap), now);
      await manager.update(DutySwap, { id }, { status: 'accepted', answeredAt: now });
      return {
        action: 'duty.swap.accepted',
        notices: async (f) => (await officePeople(manager, swap)).map((to) => acceptedNotice(f, to)),
      };
    });
  }

  /** The colleague declines, with a note if they give one; the requester is told. */
  async decline(actor: DutyActor, id: number, text?: string | null): Promise<SwapView> {
    const why = note(text, '说明');
    return this.step(actor, id, 'decline', async (manager, _swap, now) => {
      await manager.update(DutySwap, { id }, { status: 'declined', openKey: null, answeredAt: now, note: why });
      return { action: 'duty.swap.declined', reason: why, notices: async (f) => [declinedNotice(f)] };
    });
  }

  /** The requester withdraws the request before the office decides. */
  async withdraw(actor: DutyActor, id: number): Promise<SwapView> {
    return this.step(actor, id, 'withdraw', async (manager, _swap, now) => {
      await manager.update(
        DutySwap,
        { id },
        { status: 'withdrawn', openKey: null, decidedBy: actor.id, decidedAt: now },
      );
      return { action: 'duty.swap.withdrawn', notices: async () => [] };
    });
  }

  /** The office refuses, giving its reason; the requester and the colleague are told. */
  async refuse(actor: DutyActor, id: number, text: string | null | undefined): Promise<SwapView> {
    const why = note(text, '不予批准的理由', true);
    return this.step(actor, id, 'refuse', async (manager, swap, now) => {
      await manager.update(
        DutySwap,
        { id },
        { status: 'refused', openKey: null, decidedBy: actor.id, decidedAt: now, note: why },
      );
      const to = [swap.requesterUserId, swap.counterpartUserId];
      return { action: 'duty.swap.refused', reason: why, notices: async (f) => to.map((u) => decidedNotice(f, u)) };
    });
  }

  /**
   * The office approves: the shifts are locked, every rule checked again at this moment (a shift that has started
   * can no longer be approved: 409), and the places change hands; the shifts count as edited by hand, so a
   * regenerated roster keeps them. The requester and the colleague are told.
   */
  async approve(actor: DutyActor, id: number): Promise<SwapView> {
    return this.step(actor, id, 'approve', async (manager, swap, now) => {
      const ids = [swap.shiftId, ...(swap.returnShiftId ? [swap.returnShiftId] : [])].sort((a, b) => a - b);
      for (const shiftId of ids) await lockedRow(manager, DutyShift, { id: shiftId });
      const checked = await checkRequest(manager, this.calendar(), swap.requesterUserId, requestOf(swap), now);
      const before = await peopleOfShifts(manager, [
        checked.shift,
        ...(checked.returnShift ? [checked.returnShift] : []),
      ]);
      await handOver(manager, checked.shift, swap.role, swap.requesterUserId, swap.counterpartUserId, actor.id);
      if (checked.returnShift) {
        await handOver(manager, checked.returnShift, swap.role, swap.counterpartUserId, swap.requesterUserId, actor.id);
      }
      const after = await peopleOfShifts(manager, await manager.getRepository(DutyShift).findBy({ id: In(ids) }));
      await manager.update(
        DutySwap,
        { id },
        { status: 'approved', openKey: null, decidedBy: actor.id, decidedAt: now },
      );
      const to = [swap.requesterUserId, swap.counterpartUserId];
      return {
        action: 'duty.swap.approved',
        before: { shifts: before },
        after: { shifts: after },
        notices: async (f) => to.map((u) => decidedNotice(f, u)),
      };
    });
  }

  /** One request, for its requester, its colleague and the office. */
  async get(actor: DutyActor, id: number): Promise<SwapView> {
    const manager = this.db().manager;
    const swap = await manager.getRepository(DutySwap).findOneBy({ id });
    if (!swap) throw new DomainError('not_found', 'unknown_swap', '没有这份换班申请');
    if (!actor.office && actor.id !== swap.requesterUserId && actor.id !== swap.counterpartUserId) {
      throw forbidden('not_party', '只有申请人、被邀请的同事和办公室可以查看该换班申请');
    }
    return this.viewIn(manager, swap, actor, this.now());
  }

  /** The reader's requests, made and received, newest first. */
  async mine(actor: DutyActor): Promise<SwapView[]> {
    const manager = this.db().manager;
    const swaps = await manager.getRepository(DutySwap).find({
      where: [{ requesterUserId: actor.id }, { counterpartUserId: actor.id }],
      order: { id: 'DESC' },
      take: 50,
    });
    return this.viewsIn(manager, swaps, actor, this.now());
  }

  /** The office's list: every open request (those waiting for it first), then the latest decided ones. */
  async forOffice(actor: DutyActor): Promise<SwapView[]> {
    if (!actor.office) throw forbidden('not_office', '只有会务人员和管理员可以审批换班');
    const repo = this.db().manager.getRepository(DutySwap);
    const open = await repo.find({ where: { status: In([...OPEN_SWAP_STATUSES]) }, order: { id: 'ASC' } });
    const closed = await repo.find({
      where: { status: In(['approved', 'refused', 'declined', 'withdrawn']) },
      order: { id: 'DESC' },
      take: 30,
    });
    const rank = (s: DutySwap) => (s.status === 'accepted' ? 0 : 1);
    const ordered = [...open.sort((a, b) => rank(a) - rank(b)), ...closed];
    return this.viewsIn(this.db().manager, ordered, actor, this.now());
  }

  /**
   * One step of a request in its own transaction: the request locked, the actor and the status checked, the change
   * made by `change`, its audit row and its notices (each written once: keyed by the request, step and person).
   */
  private async step(
    actor: DutyActor,
    id: number,
    kind: Step,
    change: (
      manager: EntityManager,
      swap: DutySwap,
      now: Date,
    ) => Promise<{
      action: string;
      reason?: string | null;
      before?: JsonObject;
      after?: JsonObject;
      notices: (facts: SwapFacts) => Promise<NewNotification[]>;
    }>,
  ): Promise<SwapView> {
    const now = this.now();
    return this.db().transaction(async (manager) => {
      const swap = Number.isSafeInteger(id) ? await lockedRow(manager, DutySwap, { id }) : null;
      if (!swap) throw new DomainError('not_found', 'unknown_swap', '没有这份换班申请');
      checkStep(actor, swap, kind);
      if (kind === 'accept' || kind === 'approve') {
        const shift = await manager.getRepository(DutyShift).findOneBy({ id: swap.shiftId });
        if (!shift) throw conflict('shift_replaced', '该班次已因重新排班而变更，换班申请已失效，请撤回后重新申请');
        if (shift.startsAt.getTime() <= now.getTime()) {
          const verb = kind === 'accept' ? '确认' : '批准';
          const at = formatShanghaiInstant(shift.startsAt).slice(11, 16);
          throw conflict(
            'shift_started',
            `${shiftTitle(this.calendar(), labelled(shift))}已于${at}开始，该换班申请已不能${verb}`,
          );
        }
      }
      const done = await change(manager, swap, now);
      const after = await manager.getRepository(DutySwap).findOneByOrFail({ id });
      await audit(manager, {
        actor: actor.id,
        action: done.action,
        subjectType: 'duty_swap',
        subjectId: id,
        before: { status: swap.status, ...(done.before ?? {}) },
        after: { ...swapJson(after), ...(done.after ?? {}) },
        reason: done.reason ?? null,
        at: now,
      });
      await this.notify(manager, after, done.notices, now);
      return this.viewIn(manager, after, actor, now);
    });
  }

  private async notify(
    manager: EntityManager,
    swap: DutySwap,
    make: (facts: SwapFacts) => NewNotification[] | Promise<NewNotification[]>,
    now: Date,
  ): Promise<void> {
    const calendar = this.calendar();
    const shifts = await manager
      .getRepository(DutyShift)
      .findBy({ id: In([swap.shiftId, ...(swap.returnShiftId ? [swap.returnShiftId] : [])]) });
    const title = (id: number | null) => {
      const s = shifts.find((x) => x.id === id);
      return s ? shiftTitle(calendar, labelled(s)) : null;
    };
    const names = await peopleById(manager, [swap.requesterUserId, swap.counterpartUserId]);
    const facts: SwapFacts = {
      swap,
      requester: names.get(swap.requesterUserId)?.name ?? swap.requesterUserId,
      counterpart: names.get(swap.counterpartUserId)?.name ?? swap.counterpartUserId,
      shift: title(swap.shiftId) ?? '',
      returnShift: title(swap.returnShiftId),
    };
    await enqueueNotifications(manager, await make(facts), now);
  }

  private async viewIn(manager: EntityManager, swap: DutySwap, actor: DutyActor, now: Date): Promise<SwapView> {
    return (await this.viewsIn(manager, [swap], actor, now))[0] as SwapView;
  }

  private async viewsIn(manager: EntityManager, swaps: DutySwap[], actor: DutyActor, now: Date): Promise<SwapView[]> {
    const ids = swaps.flatMap((s) => [s.shiftId, ...(s.returnShiftId ? [s.returnShiftId] : [])]);
    const shifts = ids.length ? await manager.getRepository(DutyShift).findBy({ id: In(ids) }) : [];
    return swapViews(manager, this.calendar(), swaps, new Map(shifts.map((s) => [s.id, s])), actor, now);
  }
}

/** The office's people told of an accepted request: active users with role 会务, not a party to it. */
async function officePeople(manager: EntityManager, swap: DutySwap): Promise<string[]> {
  const grants = await manager.getRepository(UserRole).findBy({ role: In([...DUTY_OFFICE_ROLES]) });
  const ids = [...new Set(grants.map((g) => g.userId))].filter(
    (id) => id !== swap.requesterUserId && id !== swap.counterpartUserId,
  );
  if (ids.length === 0) return [];
  const users = await manager.getRepository(User).findBy({ id: In(ids), active: true });
  return users.map((u) => u.id).sort();
}

/** `from`'s place of `role` on the shift goes to `to`, the staff's order kept; the shift counts as edited by hand. */
async function handOver(
  manager: EntityManager,
  shift: DutyShift,
  role: DutySwapRole,
  from: string,
  to: string,
  actor: string,
): Promise<void> {
  if (role === 'leader') {
    await manager.update(DutyShift, { id: shift.id }, { leaderUserId: to, manual: true, updatedBy: actor });
    return;
  }
  await manager.update(DutyShiftMember, { shiftId: shift.id, userId: from }, { userId: to });
  await manager.update(DutyShift, { id: shift.id }, { manual: true, updatedBy: actor });
}

async function peopleOfShifts(manager: EntityManager, shifts: DutyShift[]) {
  return Promise.all(
    shifts.map(async (s) => ({ id: s.id, date: s.date, kind: s.kind, people: await peopleOfShift(manager, s) })),
  );
}
