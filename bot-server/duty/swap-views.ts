/**
 * What 换班 shows and says: a shift with its day as the calendar marks it (「12月8日（周二）夜班」), a request with
 * its people, shifts and what the reader may do, and the work notices each step sends (swaps.ts writes them).
 */
import type { EntityManager } from 'typeorm';
import type { DutyShift, DutySwap, DutySwapKind, DutySwapRole, DutySwapStatus } from '../../entities';
import { formatShanghaiInstant, type WorkCalendar } from '../calendar';
import type { NewNotification } from '../reminders/outbox';
import { type DayStatus, dayStatus, type PersonView, peopleById, type ShiftView, shiftViews } from './views';

export const SWAP_KIND_NAMES: Record<DutySwapKind, string> = { cover: '替班', exchange: '换班' };
export const SWAP_ROLE_NAMES: Record<DutySwapRole, string> = { leader: '带班领导', staff: '值班人员' };
export const SWAP_STATUS_NAMES: Record<DutySwapStatus, string> = {
  requested: '待对方确认',
  accepted: '待办公室审批',
  declined: '对方未同意',
  approved: '已批准',
  refused: '未获批准',
  withdrawn: '已撤回',
};

const WEEKDAYS = '一二三四五六日';

/** A shift with its day: the weekday, the calendar's label and status (法定节假日 by name, 调休上班, 休息日). */
export interface DatedShift extends ShiftView {
  /** 12月8日（周二）夜班, 10月1日（周四，国庆节）白班. */
  title: string;
  weekday: number;
  dayLabel: string;
  dayStatus: DayStatus;
  dayOff: boolean;
}

/** 12月8日（周二）夜班; a holiday by its name, 调休上班 as such: 10月1日（周四，国庆节）白班. */
export function shiftTitle(calendar: WorkCalendar, shift: { date: string; label: string }): string {
  const day = calendar.describe(shift.date);
  const status = dayStatus(day);
  const [, m, d] = shift.date.split('-').map(Number);
  const weekday = `周${WEEKDAYS[day.weekday - 1] ?? ''}`;
  const note = status === 'holiday' ? day.label : status === 'makeup' ? '调休上班' : '';
  return `${m}月${d}日（${note ? `${weekday}，${note}` : weekday}）${shift.label}`;
}

export async function datedShifts(
  manager: EntityManager,
  calendar: WorkCalendar,
  shifts: DutyShift[],
): Promise<DatedShift[]> {
  return (await shiftViews(manager, shifts)).map((view) => {
    const day = calendar.describe(view.date);
    return {
      ...view,
      title: shiftTitle(calendar, view),
      weekday: day.weekday,
      dayLabel: day.label,
      dayStatus: dayStatus(day),
      dayOff: !day.workday,
    };
  });
}

/** What the reader may do with a request now. */
export interface SwapActions {
  accept: boolean;
  decline: boolean;
  withdraw: boolean;
  approve: boolean;
  refuse: boolean;
}

export interface SwapView {
  id: number;
  kind: DutySwapKind;
  kindName: string;
  role: DutySwapRole;
  roleName: string;
  status: DutySwapStatus;
  statusName: string;
  /** Open, but the shift has started: it can no longer be accepted or approved. */
  expired: boolean;
  /** Null once a regenerated roster replaced the shift (the request has lapsed). */
  shift: DatedShift | null;
  returnShift: DatedShift | null;
  requester: PersonView;
  counterpart: PersonView;
  reason: string | null;
  note: string | null;
  requestedAt: string;
  answeredAt: string | null;
  decidedAt: string | null;
  decidedBy: PersonView | null;
  can: SwapActions;
}

const OPEN: readonly DutySwapStatus[] = ['requested', 'accepted'];

/** The requests as the reader sees them (their shifts loaded by the caller: `shifts` by id). */
export async function swapViews(
  manager: EntityManager,
  calendar: WorkCalendar,
  swaps: readonly DutySwap[],
  shifts: ReadonlyMap<number, DutyShift>,
  reader: { id: string; office: boolean },
  now: Date,
): Promise<SwapView[]> {
  const wanted = [...new Set(swaps.flatMap((s) => [s.shiftId, ...(s.returnShiftId ? [s.returnShiftId] : [])]))];
  const dated = new Map(
    (
      await datedShifts(
        manager,
        calendar,
        wanted.map((id) => shifts.get(id)).filter((s): s is DutyShift => !!s),
      )
    ).map((s) => [s.id, s]),
  );
  const people = await peopleById(
    manager,
    swaps.flatMap((s) => [s.requesterUserId, s.counterpartUserId, ...(s.decidedBy ? [s.decidedBy] : [])]),
  );
  const person = (id: string): PersonView => people.get(id) ?? { id, name: id, title: null };
  return swaps.map((s) => {
    const shift = dated.get(s.shiftId) ?? null;
    const open = OPEN.includes(s.status);
    const started = [shifts.get(s.shiftId), s.returnShiftId ? shifts.get(s.returnShiftId) : undefined].some(
      (x) => x && x.startsAt.getTime() <= now.getTime(),
    );
    const party = reader.id === s.requesterUserId || reader.id === s.counterpartUserId;
    return {
      id: s.id,
      kind: s.kind,
      kindName: SWAP_KIND_NAMES[s.kind],
      role: s.role,
      roleName: SWAP_ROLE_NAMES[s.role],
      status: s.status,
      statusName: open && started ? '已过期' : SWAP_STATUS_NAMES[s.status],
      expired: open && started,
      shift,
      returnShift: s.returnShiftId ? (dated.get(s.returnShiftId) ?? null) : null,
      requester: person(s.requesterUserId),
      counterpart: person(s.counterpartUserId),
      reason: s.reason,
      note: s.note,
      requestedAt: formatShanghaiInstant(s.requestedAt),
      answeredAt: s.answeredAt ? formatShanghaiInstant(s.answeredAt) : null,
      decidedAt: s.decidedAt ? formatShanghaiInstant(s.decidedAt) : null,
      decidedBy: s.decidedBy ? person(s.decidedBy) : null,
      can: {
        accept: s.status === 'requested' && reader.id === s.counterpartUserId && !started,
        decline: s.status === 'requested' && reader.id === s.counterpartUserId,
        withdraw: open && reader.id === s.requesterUserId,
        approve: s.status === 'accepted' && reader.office && !party && !started,
        refuse: s.status === 'accepted' && reader.office && !party,
      },
    };
  });
}

/** The facts a notice is written from: the request, its people's names, and its shifts' titles. */
export interface SwapFacts {
  swap: DutySwap;
  requester: string;
  counterpart: string;
  /** The requester's shift, e.g. 12月8日（周二）夜班. */
  shift: string;
  returnShift: string | null;
}

const swapPath = (id: number) => `/m/duty_swap/${id}`;

function notice(facts: SwapFacts, step: string, to: string, text: { title: string; text: string }): NewNotification {
  return {
    idempotencyKey: `duty-swap:${facts.swap.id}:${step}:${to}`,
    channel: 'work_notice',
    kind: 'duty_swap',
    recipientUserId: to,
    recipientGroup: null,
    subjectType: 'duty_swap',
    subjectId: facts.swap.id,
    payload: { ...text, linkPath: swapPath(facts.swap.id), buttonTitle: '查看换班申请' },
  };
}

/** 孙丽接替12月8日（周二）夜班（值班人员）；周涛接替12月10日（周四）白班 */
function exchangeWords(f: SwapFacts): string {
  const role = SWAP_ROLE_NAMES[f.swap.role];
  const first = `${f.counterpart}接替${f.requester}${f.shift}（${role}）`;
  return f.returnShift ? `${first}，${f.requester}接替${f.counterpart}${f.returnShift}` : first;
}

/** To the colleague asked. */
export function requestedNotice(f: SwapFacts): NewNotification {
  const role = SWAP_ROLE_NAMES[f.swap.role];
  const text =
    f.swap.kind === 'cover'
      ? `${f.requester}申请由您替班：${f.shift}（${role}）。请确认。`
      : `${f.requester}申请与您换班：您接替其${f.shift}（${role}），其接替您${f.returnShift}。请确认。`;
  return notice(f, 'requested', f.swap.counterpartUserId, {
    title: `${SWAP_KIND_NAMES[f.swap.kind]}申请`,
    text: f.swap.reason ? `${text}事由：${f.swap.reason}。` : text,
  });
}

/** To the requester, when the colleague declined. */
export function declinedNotice(f: SwapFacts): NewNotification {
  const why = f.swap.note ? `（${f.swap.note}）` : '';
  return notice(f, 'declined', f.swap.requesterUserId, {
    title: `${SWAP_KIND_NAMES[f.swap.kind]}申请未获同意`,
    text: `${f.counterpart}未同意接替您${f.shift}${why}。请按原安排值班或另行申请。`,
  });
}

/** To each of the office's people, when the colleague accepted. */
export function acceptedNotice(f: SwapFacts, to: string): NewNotification {
  return notice(f, 'accepted', to, {
    title: `${SWAP_KIND_NAMES[f.swap.kind]}待审批`,
    text: `${f.counterpart}已同意${f.requester}的${SWAP_KIND_NAMES[f.swap.kind]}申请：${exchangeWords(f)}。请审批。`,
  });
}

/** To the requester and the colleague, when the office decided. */
export function decidedNotice(f: SwapFacts, to: string): NewNotification {
  const kind = SWAP_KIND_NAMES[f.swap.kind];
  if (f.swap.status === 'approved') {
    return notice(f, 'approved', to, {
      title: `${kind}已批准`,
      text: `${f.requester}与${f.counterpart}的${kind}申请已批准：${exchangeWords(f)}。请按调整后的安排值班。`,
    });
  }
  const why = f.swap.note ? `（${f.swap.note}）` : '';
  return notice(f, 'refused', to, {
    title: `${kind}未获批准`,
    text: `${f.requester}与${f.counterpart}的${kind}申请未获批准${why}。请按原安排值班。`,
  });
}
