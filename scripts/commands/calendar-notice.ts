import { readFileSync } from 'node:fs';
import { SYSTEM_ACTOR } from '../../bot-server/audit/audit';
import { CalendarError, formatShanghaiInstant } from '../../bot-server/calendar';
import { UsageError } from './command';
import { withOfficeDeadlines } from './office-calendar';

export const LOAD_NOTICE_USAGE = 'duban calendar load-notice <notice.json> [--actor userid]';

/**
 * `calendar load-notice`: the one step of the yearly update on the day the notice is published. The file holds one
 * year in the shape of a year of `cn-holidays.json`; a bad file is refused and changes nothing.
 */
export async function loadNotice(args: string[]): Promise<number> {
  const actorAt = args.indexOf('--actor');
  const actor = actorAt >= 0 ? args[actorAt + 1] : SYSTEM_ACTOR;
  const positional = actorAt >= 0 ? args.filter((_, i) => i !== actorAt && i !== actorAt + 1) : args;
  if (!actor || actor.startsWith('--')) throw new UsageError('--actor needs a user id');
  if (positional.length !== 1 || positional[0]?.startsWith('--')) throw new UsageError(LOAD_NOTICE_USAGE);
  const input = readNotice(positional[0] as string);
  return withOfficeDeadlines(async (deadlines) => {
    try {
      const { year, changes, recomputed } = await deadlines.loadHolidayNotice(actor, input);
      const days = changes.flatMap((change) => change.dates).length;
      console.log(`loaded the ${year} notice: ${days} day(s) changed, ${recomputed.length} open deadline(s) moved`);
      for (const moved of recomputed) {
        const from = formatShanghaiInstant(moved.oldDueAt);
        console.log(`  deadline ${moved.deadlineId}: ${from} → ${formatShanghaiInstant(moved.newDueAt)}`);
      }
      console.log(
        'a running service answers with the new year after its next start (POST /api/calendar/notices loads it without one)',
      );
      return 0;
    } catch (error) {
      if (error instanceof CalendarError) throw new UsageError(error.message);
      throw error;
    }
  });
}

function readNotice(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
}
