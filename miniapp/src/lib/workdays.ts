import { z } from 'zod';
import { apiRequest } from './api-client';
import { addDays, daysBetween, todayInShanghai } from './dates';

const daysSchema = z.object({ days: z.array(z.object({ date: z.string(), workday: z.boolean() })) });

/** The server's calendar answers at most this many days at once. */
const MAX_SPAN = 399;
const overdueCache = new Map<string, Promise<number>>();

/**
 * Working days overdue: the office's working days after the due date up to today, from the server's calendar
 * (holidays and 调休 included), for the items whose API gives no count of its own. At least the span allowed.
 */
export function workdaysOverdue(dueDate: string): Promise<number> {
  const today = todayInShanghai();
  const key = `${dueDate}/${today}`;
  let found = overdueCache.get(key);
  if (!found) {
    const from = daysBetween(dueDate, today) > MAX_SPAN ? addDays(today, -MAX_SPAN) : addDays(dueDate, 1);
    found =
      from > today
        ? Promise.resolve(0)
        : apiRequest('/calendar/days', daysSchema, { query: { from, to: today } }).then(
            ({ days }) => days.filter((d) => d.workday).length,
          );
    found.catch(() => overdueCache.delete(key));
    overdueCache.set(key, found);
  }
  return found;
}
