import { DomainError } from '../errors/domain-error';

/** One shift to fill, in time order. */
export interface RotationSlot {
  /** Shown in refusals, e.g. 2026-10-01 夜班. */
  name: string;
  /** A shift on a day off (weekend or statutory holiday, not a 调休上班 day): spread separately. */
  special: boolean;
  /** The people of a shift kept as it is (edited by hand): counted, and never followed or preceded by themselves. */
  fixed?: { leader: string; staff: readonly string[] };
}

export interface RotationInput {
  slots: readonly RotationSlot[];
  leaders: readonly string[];
  staff: readonly string[];
  staffPerShift: number;
  /** The people of the shift just before the first slot and just after the last, outside the period. */
  before?: readonly string[];
  after?: readonly string[];
}

export interface Assignment {
  leader: string;
  staff: string[];
}

interface Tally {
  total: Map<string, number>;
  special: Map<string, number>;
  /** Index of the last slot each person took: the one who waited longest goes first among equals. */
  last: Map<string, number>;
}

const bump = (map: Map<string, number>, id: string, by = 1) => map.set(id, (map.get(id) ?? 0) + by);

/**
 * The fair rotation: each slot takes, from the people not on the shift before or after it, those with the fewest
 * shifts of the slot's class so far — for a day-off slot the fewest day-off shifts, then the fewest shifts in all;
 * for a working-day slot the fewest shifts in all — then whoever waited longest, then the order given. Kept shifts
 * count as taken. So totals differ by at most one, day-off shifts too, and nobody works two shifts in a row.
 * Deterministic: the same input gives the same roster.
 */
export function rotate(input: RotationInput): Assignment[] {
  const { slots, leaders, staff, staffPerShift } = input;
  const tally: Tally = { total: new Map(), special: new Map(), last: new Map() };
  const order = new Map([...leaders, ...staff].map((id, i) => [id, i]));
  slots.forEach((slot, i) => {
    if (!slot.fixed) return;
    for (const id of [slot.fixed.leader, ...slot.fixed.staff]) take(tally, id, i, slot.special);
  });

  const result: (Assignment | undefined)[] = slots.map((s) =>
    s.fixed ? { ...s.fixed, staff: [...s.fixed.staff] } : undefined,
  );
  slots.forEach((slot, i) => {
    if (slot.fixed) return;
    const previous = i === 0 ? (input.before ?? []) : peopleOf(result[i - 1]);
    const next = i === slots.length - 1 ? (input.after ?? []) : peopleOf(result[i + 1]);
    const excluded = new Set([...previous, ...next]);
    const pick = (pool: readonly string[], n: number, role: string): string[] => {
      const chosen: string[] = [];
      for (let k = 0; k < n; k++) {
        const candidates = pool.filter((id) => !excluded.has(id) && !chosen.includes(id));
        const best = candidates.sort((a, b) => compare(tally, order, slot.special, a, b))[0];
        if (best === undefined) {
          throw new DomainError(
            'invalid',
            'not_enough_people',
            `${slot.name}的${role}人数不足：同一人不能连续值两个班次，请增加${role}`,
          );
        }
        chosen.push(best);
        take(tally, best, i, slot.special);
      }
      return chosen;
    };
    const [leader] = pick(leaders, 1, '带班领导');
    result[i] = { leader: leader as string, staff: pick(staff, staffPerShift, '值班人员') };
  });
  const filled = result as Assignment[];
  const context = { slots, result: filled, before: input.before ?? [], after: input.after ?? [] };
  for (const role of [LEADER, STAFF]) {
    const pool = role === LEADER ? leaders : staff;
    // Day-off shifts first (moving one changes the totals too), then the totals through working-day shifts.
    balance(context, pool, role, true);
    balance(context, pool, role, false);
  }
  return filled;
}

interface Context {
  slots: readonly RotationSlot[];
  result: Assignment[];
  before: readonly string[];
  after: readonly string[];
}

type Role = (a: Assignment) => string[];
const LEADER: Role = (a) => [a.leader];
const STAFF: Role = (a) => a.staff;

interface Move {
  slot: number;
  from: string;
  to: string;
}

/**
 * Evens out what the greedy pass left uneven (it looks only backwards): while one person of `pool` has two or more
 * shifts than another — day-off shifts when `special`, all shifts otherwise — hands one of the first's shifts of
 * that class to the second where the second is on neither neighbouring shift, or, when no such shift exists, through
 * a third person (first → third on one shift, third → second on another). Each step lowers the sum of squared
 * counts, so it ends.
 */
function balance(context: Context, pool: readonly string[], role: Role, special: boolean) {
  const { slots, result } = context;
  const counts = new Map(pool.map((id) => [id, 0]));
  result.forEach((a, i) => {
    if (special && !slots[i]?.special) return;
    for (const id of role(a)) if (counts.has(id)) bump(counts, id);
  });
  for (;;) {
    const ranked = [...pool].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
    const moves = findMoves(context, ranked, counts, role, special);
    if (!moves) return;
    for (const move of moves) apply(context, role, move);
    bump(counts, (moves[0] as Move).from, -1);
    bump(counts, (moves[moves.length - 1] as Move).to);
  }
}

function apply(context: Context, role: Role, move: Move) {
  const a = context.result[move.slot] as Assignment;
  if (role === LEADER) a.leader = move.to;
  else a.staff = a.staff.map((id) => (id === move.from ? move.to : id));
}

function findMoves(context: Context, ranked: string[], counts: Map<string, number>, role: Role, special: boolean) {
  for (const from of ranked) {
    for (const to of [...ranked].reverse()) {
      if ((counts.get(from) ?? 0) - (counts.get(to) ?? 0) < 2) break;
      const direct = findMove(context, from, to, role, special);
      if (direct) return [direct];
      for (const via of ranked) {
        if (via === from || via === to) continue;
        for (const first of allMoves(context, from, via, role, special)) {
          apply(context, role, first);
          const second = findMove(context, via, to, role, special, first.slot);
          apply(context, role, { ...first, from: via, to: from });
          if (second) return [first, second];
        }
      }
    }
  }
  return undefined;
}

const findMove = (context: Context, from: string, to: string, role: Role, special: boolean, skip = -1) =>
  allMoves(context, from, to, role, special).find((m) => m.slot !== skip);

/** Each shift of the class where `from` could hand their place to `to`, who is on neither neighbouring shift. */
function allMoves(context: Context, from: string, to: string, role: Role, special: boolean): Move[] {
  const { slots, result } = context;
  const moves: Move[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as RotationSlot;
    const a = result[i] as Assignment;
    // Balancing the totals moves working-day shifts only, so the day-off shifts stay even.
    if (slot.fixed || slot.special !== special || !role(a).includes(from)) continue;
    const near = [
      ...peopleOf(a),
      ...(i === 0 ? context.before : peopleOf(result[i - 1])),
      ...(i === slots.length - 1 ? context.after : peopleOf(result[i + 1])),
    ];
    if (!near.includes(to)) moves.push({ slot: i, from, to });
  }
  return moves;
}

const peopleOf = (a: Assignment | undefined): string[] => (a ? [a.leader, ...a.staff] : []);

function take(tally: Tally, id: string, index: number, special: boolean) {
  bump(tally.total, id);
  if (special) bump(tally.special, id);
  tally.last.set(id, index);
}

function compare(tally: Tally, order: Map<string, number>, special: boolean, a: string, b: string): number {
  const of = (map: Map<string, number>, id: string, fallback = 0) => map.get(id) ?? fallback;
  return (
    (special ? of(tally.special, a) - of(tally.special, b) : 0) ||
    of(tally.total, a) - of(tally.total, b) ||
    of(tally.last, a, -1) - of(tally.last, b, -1) ||
    of(order, a) - of(order, b)
  );
}
