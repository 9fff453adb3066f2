import type { Deadline as DeadlineRow, JsonObject } from '../../entities';
import type { Deadline, DeadlineInputs, StoredDeadline } from '../timelimits';

/** The columns of a deadline row that a computation decides. */
export function columnsOf(deadline: Deadline) {
  return {
    receivedDate: deadline.inputs.receivedDate,
    dueDate: deadline.dueDate,
    dueAt: deadline.dueAt,
    originalDueDate: deadline.originalDueDate,
    originalDueAt: deadline.originalDueAt,
    approximate: deadline.approximate,
    calendarVersion: deadline.calendarVersion,
    calendarScope: deadline.calendarScope,
    inputs: deadline.inputs as unknown as JsonObject,
    extensions: deadline.extensions as unknown as JsonObject[],
    warnings: deadline.warnings.map((w) => ({ kind: w.kind, at: w.at.toISOString(), label: w.label })),
  };
}

/** A stored row in the shape the time-limit engine recomputes from. */
export function storedOf(row: DeadlineRow): StoredDeadline & { calendarScope: string; approximate: boolean } {
  return {
    inputs: row.inputs as unknown as DeadlineInputs,
    extensions: (row.extensions ?? []) as unknown as StoredDeadline['extensions'],
    dueDate: row.dueDate,
    dueAt: row.dueAt,
    calendarScope: row.calendarScope,
    approximate: row.approximate,
  };
}
