import { z } from 'zod';
import { apiRequest } from './api-client';
import { addDays, daysBetween, todayInShanghai } from './dates';

const daysSchema = z.object({ days: z.array(z.object({ date: z.string(), workday: z.boolean() })) });

/** The server's calendar answers at most this many days at once. */
const MAX_SPAN = 399;
const counted = new Map<string, Promise<number>>();

/** The office's working days from `from` to `to`, both included, on the server's calendar (holidays and 调休 too). */
function workdaysIn(from: string, to: string): Promise<number> {
  if (from > to) return Promise.resolve(0);
  const key = `${from}/${to}`;
  let found = counted.get(key);
  if (!found) {
    found = apiRequest('/calendar/days', daysSchema, { query: { from, to } }).then(
      ({ days }) => days.filter((d) => d.workday).length,
    );
    found.catch(() => counted.delete(key));
    counted.set(key, found);
  }
  return found;
}

/**
 * Working days overdue: the office's working days after the due date up to today, for the items whose API gives no
 * count of its own. At least the span allowed.
 */
export function workdaysOverdue(dueDate: string): Promise<number> {
  const today = todayInShanghai();
  const from = daysBetween(dueDate, today) > MAX_SPAN ? addDays(today, -MAX_SPAN) : addDays(dueDate, 1);
  return workdaysIn(from, today);
}

/** Working days left until a due date, as the server counts them: after today up to the due date; 0 when due today. */
export function workdaysLeft(dueDate: string): Promise<number> {
  const today = todayInShanghai();
  const to = daysBetween(today, dueDate) > MAX_SPAN ? addDays(today, MAX_SPAN) : dueDate;
  return workdaysIn(addDays(today, 1), to);
}
