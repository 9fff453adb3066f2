/**
 * Reminder items put into words' material: each point of a deadline with its subject as the bot names it, the
 * unit and person responsible, and the working days overdue counted at `now`. The planner composes when it plans;
 * the dispatcher composes again when a message held back (quiet hours, limits) goes out on a later day, so a count
 * is never a day old when it is read.
 */
import type { EntityManager } from 'typeorm';
import type { Deadline } from '../../entities';
import type { CalendarsByScope } from '../deadlines/timing';
import { countWorkdays } from '../timelimits';
import { describedKey, describeSubjects } from './describe';
import type { OutboxItem } from './outbox';
import { OrgDirectory, userNames } from './recipients';
import type { ReminderPoint } from './schedule';
import {
  digestMessage,
  itemSentence,
  type MessageContent,
  type ReminderItem,
  type SubjectInfo,
  singleMessage,
} from './texts';

/** The columns of a deadline a reminder is composed from. */
export type ComposedRow = Pick<
  Deadline,
  'id' | 'subjectId' | 'purpose' | 'dueDate' | 'dueAt' | 'calendarScope' | 'assigneeUserId' | 'departmentId'
> & { subjectType: string };

export interface Composed {
  /** The items of each entry, one per point, in the entries' order (none when its subject cannot be described). */
  items: ReminderItem[][];
  org: OrgDirectory;
  rowsRead: number;
}

/** A reminder's points on one deadline, to be composed. */
export interface ComposeEntry {
  row: ComposedRow;
  points: readonly ReminderPoint[];
  urgent: boolean;
}

/** What composing reads: the organisation, the subjects and the names of the people responsible. */
export interface CompositionData {
  org: OrgDirectory;
  subjects: Map<string, SubjectInfo>;
  names: Map<string, string>;
  rowsRead: number;
}

export async function composeItems(
  manager: EntityManager,
  calendars: CalendarsByScope,
  entries: readonly ComposeEntry[],
  now: Date,
): Promise<Composed> {
  return composeRead(
    await readComposition(
      manager,
      entries.map(({ row }) => row),
    ),
    calendars,
    entries,
    now,
  );
}

/** Reads what the items of `rows` are composed from. */
export async function readComposition(manager: EntityManager, rows: readonly ComposedRow[]): Promise<CompositionData> {
  // Asked at once: on one connection the next query goes out as soon as the last answer is in.
  const [org, { subjects, rowsRead }, names] = await Promise.all([
    OrgDirectory.load(manager),
    describeSubjects(
      manager,
      rows.map((row) => ({ subjectType: row.subjectType, subjectId: row.subjectId, purpose: row.purpose })),
    ),
    userNames(
      manager,
      rows.flatMap((row) => (row.assigneeUserId ? [row.assigneeUserId] : [])),
    ),
  ]);
  return { org, subjects, names, rowsRead: org.rowsRead + rowsRead + names.size };
}

/** The items of `entries` from what was read for them, counted at `now`. */
export function composeRead(
  { org, subjects, names, rowsRead }: CompositionData,
  calendars: CalendarsByScope,
  entries: readonly ComposeEntry[],
  now: Date,
): Composed {
  // Many deadlines of a pass share a due instant and a calendar: each count is made once.
  const counts = new Map<string, number>();
  const overdueDaysOf = (row: ComposedRow): number => {
    const key = `${row.calendarScope}\u0000${row.dueDate}\u0000${row.dueAt.getTime()}`;
    let days = counts.get(key);
    if (days === undefined) {
      days = countWorkdays(row, calendars.calendar(row.calendarScope), now).workdaysOverdue ?? 0;
      counts.set(key, days);
    }
    return days;
  };
  const items = entries.map(({ row, points, urgent }) => {
    const described = subjects.get(describedKey(row));
    if (!described) return [];
    // Counted now, for every point: a catch-up's escalations say what the assignee's notice says.
    const overdueDays = overdueDaysOf(row);
    const unitName = org.departmentName(row.departmentId);
    const subject = { ...described, detail: [described.detail, unitName].filter(Boolean).join(' · ') || null };
    const assigneeName = row.assigneeUserId ? (names.get(row.assigneeUserId) ?? row.assigneeUserId) : null;
    return points.map(
      (point): ReminderItem => ({
        deadlineId: row.id,
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        point,
        subject,
        dueDate: row.dueDate,
        dueAt: row.dueAt,
        overdueDays,
        assigneeName,
        unitName,
        urgent,
      }),
    );
  });
  return { items, org, rowsRead };
}

/** One item as its own message; several for one person at one time as a digest. */
export function contentOf(items: readonly ReminderItem[], publicUrl: string): MessageContent {
  const [only] = items;
  return only && items.length === 1 ? singleMessage(only, publicUrl) : digestMessage(items, publicUrl);
}

/** Items kept in a row's payload (the message itself shows what fits in 2048 bytes). */
export const MAX_ITEMS_IN_PAYLOAD = 200;
/** Items kept with their sentence and page for 我的提醒; the payload is a TEXT column (64 KB on MySQL). */
export const ITEMS_WORDED_IN_PAYLOAD = 30;

/** The items as a row's payload keeps them: enough to list them in 我的提醒 and to count them again at sending. */
export function payloadItems(items: readonly ReminderItem[]): OutboxItem[] {
  return items.slice(0, MAX_ITEMS_IN_PAYLOAD).map((i, n) => ({
    deadlineId: i.deadlineId,
    kind: i.point.kind,
    audience: i.point.audience,
    ...(i.overdueDays ? { overdueDays: i.overdueDays } : {}),
    ...(n < ITEMS_WORDED_IN_PAYLOAD ? { text: itemSentence(i), path: i.subject.path } : {}),
  }));
}
