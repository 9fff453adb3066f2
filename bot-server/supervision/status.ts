import type { MatterStatus } from '../../entities';
import { CalendarError, type WorkCalendar } from '../calendar';
import { countWorkdays, type WorkdayCount } from '../timelimits';
import { DONE_STATUSES } from './sources';

/**
 * Status at a glance (时效状态) of a matter at an instant:
 * - `not_due` (未到期): open, its due date more than DUE_SOON_WORKDAYS working days away, never extended;
 * - `due_soon` (即将到期): open, due today or within the next DUE_SOON_WORKDAYS working days;
 * - `overdue` (已逾期): open, and the due instant in force (extensions counted) has passed;
 * - `extended` (已延期): open, an extension was granted, not due soon and not overdue;
 * - `completed_on_time` (按期办结): completed by the ORIGINAL due instant (assessment ignores extensions);
 * - `completed_late` (逾期办结): completed after the original due instant — also when within an approved extension,
 *   which `extended` on the matter still shows.
 */
export const TIMELINESS = [
  'not_due',
  'due_soon',
  'overdue',
  'extended',
  'completed_on_time',
  'completed_late',
] as const;
export type Timeliness = (typeof TIMELINESS)[number];

export const TIMELINESS_NAMES: Record<Timeliness, string> = {
  not_due: '未到期',
  due_soon: '即将到期',
  overdue: '已逾期',
  extended: '已延期',
  completed_on_time: '按期办结',
  completed_late: '逾期办结',
};

/**
 * 三色预警 of a matter:
 * - 红 (red, 红牌警告): open and overdue;
 * - 黄 (yellow, 黄牌提醒): open and due soon, or open with an extension granted, or completed late
 *   (after the original due instant);
 * - 蓝 (blue, 蓝牌): on track — open and not yet due soon, or completed on time.
 * A unit's light in the bulletin is its worst: red with any matter overdue and open at the end of the month, yellow
 * with any completed late or extended in the month, blue otherwise.
 */
export const LIGHTS = ['blue', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];
export const LIGHT_NAMES: Record<Light, string> = { blue: '蓝', yellow: '黄', red: '红' };

/** "Due soon" means due within this many working days (today's due date included). */
export const DUE_SOON_WORKDAYS = 3;

export interface ClassifyInput {
  status: MatterStatus;
  completedAt: Date | null;
  /** The due instant in force (after extensions) and its Shanghai date; null for a matter without a deadline. */
  dueAt: Date | null;
  dueDate: string | null;
  /** Before any extension: what assessment counts against. */
  originalDueAt: Date | null;
  extended: boolean;
}

export interface Classification {
  timeliness: Timeliness;
  light: Light;
  /** Working days from today (Shanghai) to the due date; 0 when due today, negative never (null when overdue/done). */
  workdaysLeft: number | null;
  /** Working days overdue at `now` (`countWorkdays`), when overdue. */
  workdaysOverdue?: number | null;
  /**
   * Present (true) when the due date lies outside the working-day calendar (a row stored before dates were checked
   * on input, e.g. 9999-12-31): the date is shown as it is, without a count of working days, and the matter is
   * judged by its due instant alone. One such row never breaks a list.
   */
  outsideCalendar?: true;
}

export function classify(input: ClassifyInput, now: Date, calendar: WorkCalendar): Classification {
  if (DONE_STATUSES.includes(input.status)) {
    const onTime =
      !input.originalDueAt || !input.completedAt || input.completedAt.getTime() <= input.originalDueAt.getTime();
    return onTime
      ? { timeliness: 'completed_on_time', light: 'blue', workdaysLeft: null }
      : { timeliness: 'completed_late', light: 'yellow', workdaysLeft: null };
  }
  if (!input.dueAt || !input.dueDate) return { timeliness: 'not_due', light: 'blue', workdaysLeft: null };
  let count: WorkdayCount;
  try {
    count = countWorkdays({ dueDate: input.dueDate, dueAt: input.dueAt }, calendar, now);
  } catch (err) {
    if (!(err instanceof CalendarError)) throw err;
    if (now.getTime() >= input.dueAt.getTime()) {
      return { timeliness: 'overdue', light: 'red', workdaysLeft: null, outsideCalendar: true };
    }
    const timeliness = input.extended ? 'extended' : 'not_due';
    return { timeliness, light: input.extended ? 'yellow' : 'blue', workdaysLeft: null, outsideCalendar: true };
  }
  if (count.overdue) {
    return { timeliness: 'overdue', light: 'red', workdaysLeft: null, workdaysOverdue: count.workdaysOverdue };
  }
  const workdaysLeft = count.workdaysLeft ?? 0;
  if (workdaysLeft <= DUE_SOON_WORKDAYS) return { timeliness: 'due_soon', light: 'yellow', workdaysLeft };
  if (input.extended) return { timeliness: 'extended', light: 'yellow', workdaysLeft };
  return { timeliness: 'not_due', light: 'blue', workdaysLeft };
}
