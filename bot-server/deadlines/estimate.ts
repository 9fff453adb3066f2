import type { Deadline } from '../../entities';

/**
 * `estimated: true` in every deadline view whose open deadline was computed across a year without the State
 * Council's notice (statutory holidays by rule, docs/time-limits.md §2.5); the mini-app shows 「预计」 beside the
 * date. Absent otherwise, and on closed deadlines (they are never recomputed).
 */
export function estimateOf(row: Pick<Deadline, 'approximate' | 'status'>): { estimated?: true } {
  return row.status === 'open' && row.approximate ? { estimated: true } : {};
}
