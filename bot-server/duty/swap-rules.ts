/**
 * The rules of 换班 (README.md, 「换班」): who may ask whom for which shift, who takes each step of a request and
 * from which status. Checked when asking, and again when the colleague accepts and when the office approves.
 */
import { Between, type EntityManager, In } from 'typeorm';
import {
  DutyShift,
  DutyShiftMember,
  type DutySwap,
  type DutySwapKind,
  type DutySwapRole,
  type DutySwapStatus,
  UserRole,
} from '../../entities';
import type { WorkCalendar } from '../calendar';
import { DomainError } from '../errors/domain-error';
import { activeUsers } from './input';
import { busyOn, busyText } from './overlap';
import type { DutyActor } from './roster';
import { shiftTitle } from './swap-views';
import { peopleById, shiftById } from './views';

export const invalid = (code: string, message: string) => new DomainError('invalid', code, message);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);

/** The longest 事由 or note, in characters. */
export const MAX_SWAP_NOTE = 200;

export interface SwapRequest {
  shiftId: number;
  kind: DutySwapKind;
  counterpartUserId: string;
  /** 换班: the colleague's shift the requester takes in return. */
  returnShiftId?: number | null;
  reason?: string | null;
}

export const roleOn = async (manager: EntityManager, shift: DutyShift, userId: string): Promise<DutySwapRole | null> =>
  shift.leaderUserId === userId
    ? 'leader'
    : (await manager.getRepository(DutyShiftMember).existsBy({ shiftId: shift.id, userId }))
      ? 'staff'
      : null;

const monthOfDate = (date: string) => ({ from: `${date.slice(0, 7)}-01`, to: `${date.slice(0, 7)}-31` });

/**
 * Who may take a place of `role` in the month of `date`, as the roster stores it: 带班领导 — a district leader (role
 * `leader`) or the 带班领导 of a shift of that month; 值班人员 — a 值班人员 of a shift of that month.
 */
export async function poolOf(manager: EntityManager, role: DutySwapRole, date: string): Promise<Set<string>> {
  const month = monthOfDate(date);
  const shifts = await manager.getRepository(DutyShift).findBy({ date: Between(month.from, month.to) });
  if (role === 'leader') {
    const leaders = await manager.getRepository(UserRole).findBy({ role: 'leader' });
    return new Set([...shifts.map((s) => s.leaderUserId), ...leaders.map((r) => r.userId)]);
  }
  if (shifts.length === 0) return new Set();
  const members = await manager.getRepository(DutyShiftMember).findBy({ shiftId: In(shifts.map((s) => s.id)) });
  return new Set(members.map((m) => m.userId));
}

export const nameOf = async (manager: EntityManager, id: string) =>
  (await peopleById(manager, [id])).get(id)?.name ?? id;

/** Every rule of a request, checked against the roster as it is now (again when accepting and approving). */
export async function checkRequest(
  manager: EntityManager,
  calendar: WorkCalendar,
  requester: string,
  request: SwapRequest,
  now: Date,
): Promise<{ shift: DutyShift; returnShift: DutyShift | null; role: DutySwapRole }> {
  const shift = await shiftById(manager, request.shiftId);
  const role = await roleOn(manager, shift, requester);
  if (!role) throw invalid('not_on_shift', '您不在该班次，不能为其申请换班');
  const other = request.counterpartUserId;
  if (other === requester) throw invalid('self_swap', '不能与本人换班，请选择其他同事');
  await activeUsers(manager, [other], '换班人员');
  if (shift.startsAt.getTime() <= now.getTime()) {
    throw conflict('shift_started', `${shiftTitle(calendar, labelled(shift))}已开始，不能再换班`);
  }
  const roleName = role === 'leader' ? '带班领导只能与可以带班的领导' : '值班人员只能与值班人员';
  if (!(await poolOf(manager, role, shift.date)).has(other)) {
    throw invalid('not_eligible', `${roleName}换班，${await nameOf(manager, other)}不在本月值班安排的相应名单中`);
  }
  let returnShift: DutyShift | null = null;
  if (request.kind === 'exchange') {
    if (!request.returnShiftId) throw invalid('no_return_shift', '换班请选择对方的一个班次由您接替');
    returnShift = await shiftById(manager, request.returnShiftId);
    if (returnShift.id === shift.id) throw invalid('same_shift', '换班请选择对方的另一个班次');
    if ((await roleOn(manager, returnShift, other)) !== role) {
      const title = shiftTitle(calendar, labelled(returnShift));
      throw invalid('not_their_shift', `${await nameOf(manager, other)}不是${title}的${roleLabel(role)}`);
    }
    if (returnShift.startsAt.getTime() <= now.getTime()) {
      throw conflict('shift_started', `${shiftTitle(calendar, labelled(returnShift))}已开始，不能再换班`);
    }
    if (!(await poolOf(manager, role, returnShift.date)).has(requester)) {
      throw invalid('not_eligible', `${roleName}换班，您不在${returnShift.date.slice(0, 7)}值班安排的相应名单中`);
    }
  } else if (request.returnShiftId) {
    throw invalid('return_shift_on_cover', '替班不需要选择对方的班次；如需对调，请选择换班');
  }
  // Nobody on two shifts at once: each leaves the shift they give and takes the other.
  const otherBusy = await busyOn(manager, [other], shift.startsAt, shift.endsAt, returnShift ? [returnShift.id] : []);
  if (otherBusy) throw conflict('counterpart_busy', `${await busyText(manager, otherBusy)}，不能接替`);
  if (returnShift) {
    const mine = await busyOn(manager, [requester], returnShift.startsAt, returnShift.endsAt, [shift.id]);
    if (mine) throw conflict('requester_busy', `${await busyText(manager, mine)}，不能接替对方的班次`);
  }
  return { shift, returnShift, role };
}

export const roleLabel = (role: DutySwapRole) => (role === 'leader' ? '带班领导' : '值班人员');
export const labelled = (s: DutyShift) => ({ date: s.date, label: s.kind === 'day' ? '白班' : '夜班' });

export function note(value: string | null | undefined, what: string, required = false): string | null {
  const text = (value ?? '').trim();
  if (!text && required) throw invalid('note_required', `请填写${what}`);
  if (text.length > MAX_SWAP_NOTE) throw invalid('note_too_long', `${what}不超过${MAX_SWAP_NOTE}字`);
  return text || null;
}

export const openKey = (shiftId: number, requester: string) => `${shiftId}:${requester}`;

export type Step = 'accept' | 'decline' | 'withdraw' | 'approve' | 'refuse';

const STEP_STATUS: Record<Step, DutySwapStatus[]> = {
  accept: ['requested'],
  decline: ['requested'],
  withdraw: ['requested', 'accepted'],
  approve: ['accepted'],
  refuse: ['accepted'],
};

/** Who takes each step, and from which status. */
export function checkStep(actor: DutyActor, swap: DutySwap, step: Step): void {
  if ((step === 'accept' || step === 'decline') && actor.id !== swap.counterpartUserId) {
    throw forbidden('not_counterpart', '只有被邀请的同事可以确认或拒绝该换班申请');
  }
  if (step === 'withdraw' && actor.id !== swap.requesterUserId) {
    throw forbidden('not_requester', '只有申请人可以撤回换班申请');
  }
  if (step === 'approve' || step === 'refuse') {
    if (!actor.office) throw forbidden('not_office', '只有会务人员和管理员可以审批换班');
    if (actor.id === swap.requesterUserId || actor.id === swap.counterpartUserId) {
      throw forbidden('own_swap', '不能审批本人参与的换班申请，请由办公室其他同志审批');
    }
  }
  if (!STEP_STATUS[step].includes(swap.status)) {
    if ((step === 'approve' || step === 'refuse') && swap.status === 'requested') {
      throw conflict('not_accepted', '对方尚未同意，该换班申请暂不能审批');
    }
    throw conflict('already_decided', `该换班申请${STATUS_WORDS[swap.status]}，不能再办理`);
  }
}

const STATUS_WORDS: Record<DutySwapStatus, string> = {
  requested: '尚待对方确认',
  accepted: '对方已同意',
  declined: '对方已拒绝',
  approved: '已批准',
  refused: '未获批准',
  withdrawn: '已撤回',
};

export const requestOf = (swap: DutySwap): SwapRequest => ({
  shiftId: swap.shiftId,
  kind: swap.kind,
  counterpartUserId: swap.counterpartUserId,
  returnShiftId: swap.returnShiftId,
});
