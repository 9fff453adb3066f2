import type { DutyShiftKind } from '../../entities';
import { type DayNumber, shanghaiDayNumber, shanghaiInstant } from '../calendar';

/** One shift of the office's daily pattern: minutes after the Shanghai midnight of its date (may pass 24:00). */
export interface ShiftPattern {
  kind: DutyShiftKind;
  label: string;
  startMinute: number;
  endMinute: number;
}

/**
 * The office's 24-hour pattern: 白班 08:30–17:30, 夜班 17:30–次日08:30 — together the whole day, without a gap, so
 * someone is on duty at every instant (24小时值班). The shifts already planned keep the instants they were planned
 * with (entities/duty.ts); changing this pattern changes the shifts planned afterwards.
 */
export const DUTY_PATTERN: readonly ShiftPattern[] = [
  { kind: 'day', label: '白班', startMinute: 8 * 60 + 30, endMinute: 17 * 60 + 30 },
  { kind: 'night', label: '夜班', startMinute: 17 * 60 + 30, endMinute: 24 * 60 + 8 * 60 + 30 },
];

export const SHIFT_LABELS: Record<DutyShiftKind, string> = { day: '白班', night: '夜班' };

export function patternOf(kind: DutyShiftKind): ShiftPattern {
  const found = DUTY_PATTERN.find((p) => p.kind === kind);
  if (!found) throw new Error(`no pattern for shift kind ${kind}`);
  return found;
}

/** The instants a shift of `kind` on Shanghai day `day` starts and ends. */
export function shiftInstants(day: DayNumber, kind: DutyShiftKind): { startsAt: Date; endsAt: Date } {
  const p = patternOf(kind);
  return { startsAt: shanghaiInstant(day, p.startMinute), endsAt: shanghaiInstant(day, p.endMinute) };
}

/**
 * The date and kind whose shift covers `instant` under the pattern: 00:00–08:30 is the 夜班 of the day before.
 * Only a hint for an empty roster: who is on duty is read from the stored instants.
 */
export function patternShiftAt(instant: Date): { day: DayNumber; kind: DutyShiftKind } {
  const today = shanghaiDayNumber(instant);
  for (const day of [today, today - 1]) {
    for (const p of DUTY_PATTERN) {
      const { startsAt, endsAt } = shiftInstants(day, p.kind);
      if (startsAt <= instant && instant < endsAt) return { day, kind: p.kind };
    }
  }
  throw new Error('the duty pattern leaves a gap');
}

/** Shifts in time order: by date, then by the pattern's order within the day. */
export const shiftOrder = (kind: DutyShiftKind) => DUTY_PATTERN.findIndex((p) => p.kind === kind);
