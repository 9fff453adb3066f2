import { z } from 'zod';

/** Where a deadline stands, as the server counts it (its `timingOf`): the one count every page shows. */
export const timingSchema = z.object({
  dueDate: z.string(),
  overdue: z.boolean(),
  remainingWorkdays: z.number().nullable(),
  overdueWorkdays: z.number().nullable(),
  estimated: z.boolean().optional(),
});
export type Timing = z.infer<typeof timingSchema>;

export interface DeadlineState {
  dueDate: string | null;
  /** Working days left, 0 when due today (the server counts them on the office's calendar). */
  workdaysLeft: number | null;
  /** Working days overdue, as the server counted them (none: 「已逾期」 alone). */
  workdaysOverdue?: number | null;
  overdue: boolean;
  /** The server's `estimated`: the date rests on a year without the holiday notice (show `EstimateMark`). */
  estimated?: boolean;
}

/** A server timing as the deadline tag shows it. */
export const stateOf = (t: Timing): DeadlineState => ({
  dueDate: t.dueDate,
  workdaysLeft: t.remainingWorkdays,
  workdaysOverdue: t.overdueWorkdays,
  overdue: t.overdue,
  estimated: t.estimated,
});
