import { CoverageWarnings } from '../../bot-server/calendar/coverage-warnings';
import { CalendarError } from '../../bot-server/calendar/errors';
import { type DayInfo, WorkCalendar } from '../../bot-server/calendar/WorkCalendar';
import { LOAD_NOTICE_USAGE, loadNotice } from './calendar-notice';
import { type Command, UsageError } from './command';
import { withOfficeDeadlines } from './office-calendar';

const USAGE = [
  'duban calendar is <date>              workday or off, and why',
  '       duban calendar add <date> <n>         the n-th working day after <date> (n < 0: before)',
  '       duban calendar between <a> <b>        working days in (a, b]',
  '       duban calendar list <from> <to>       one line per day',
  `       ${LOAD_NOTICE_USAGE}`,
  "                                             store a year's State Council notice in the office calendar and",
  '                                             recompute the open deadlines it moves (bot-server/calendar/README.md)',
  '       dates are YYYY-MM-DD in Asia/Shanghai; a day in a year without a notice is marked (预计): the statutory',
  '       holidays by rule (docs/time-limits.md §2.5); --strict refuses years without official data;',
  "       --office answers with the office's own calendar changes from the database, as the server does",
].join('\n');

/** The shipped official calendar; a note goes to stderr (once per year) when an answer is approximate. */
export function cliCalendar(strict: boolean): WorkCalendar {
  const warnings = new CoverageWarnings((warning) => console.error(`note: ${warning.message}`));
  return new WorkCalendar({ strict, warnings });
}

const FLAGS = ['--strict', '--office'];

/** Splits `--strict` and `--office` from the positional arguments; any other `--…` is a usage error. */
export function parseFlags(args: string[]): { positional: string[]; strict: boolean; office: boolean } {
  const unknown = args.find((arg) => arg.startsWith('--') && !FLAGS.includes(arg));
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  const strict = args.includes('--strict');
  const office = args.includes('--office');
  if (strict && office) throw new UsageError('--strict and --office do not combine: the office calendar is not strict');
  return { positional: args.filter((arg) => !FLAGS.includes(arg)), strict, office };
}

function parseCount(text: string): number {
  if (!/^[+-]?\d{1,9}$/.test(text))
    throw new UsageError(`n must be a whole number of working days, not ${JSON.stringify(text)}`);
  return Number(text);
}

function expectArgs(positional: string[], count: number, what: string): string[] {
  if (positional.length !== count) throw new UsageError(`${what} takes ${count} argument(s), got ${positional.length}`);
  return positional;
}

function dayLine(day: DayInfo): string {
  const special = day.reason.kind !== 'weekday' && day.reason.kind !== 'weekend';
  return `${day.date} ${day.workday ? 'workday' : 'off'}${special ? ` ${day.label}` : ''}${estimate(day)}`;
}

/** Days in a year without a State Council notice are estimates. */
const estimate = (day: DayInfo) => (day.approximate ? ' (预计)' : '');

export const calendarCommand: Command = {
  name: 'calendar',
  summary: 'working days in Asia/Shanghai: is, add, between, list, load-notice',
  usage: USAGE,
  async run(args) {
    if (args[0] === 'load-notice') return loadNotice(args.slice(1));
    const { positional, strict, office } = parseFlags(args);
    if (office) return withOfficeDeadlines((deadlines) => answer(positional, deadlines.calendar()));
    return answer(positional, cliCalendar(strict));
  },
};

function answer(positional: string[], calendar: WorkCalendar): number {
  const [action, ...rest] = positional;
  try {
    switch (action) {
      case 'is': {
        const [date] = expectArgs(rest, 1, 'is') as [string];
        const day = calendar.describe(date);
        console.log(`${day.workday ? 'workday' : 'off'} ${day.label}${estimate(day)}`);
        return 0;
      }
      case 'add': {
        const [date, n] = expectArgs(rest, 2, 'add') as [string, string];
        console.log(calendar.addWorkdays(date, parseCount(n)).date);
        return 0;
      }
      case 'between': {
        const [from, to] = expectArgs(rest, 2, 'between') as [string, string];
        console.log(String(calendar.workdaysBetween(from, to)));
        return 0;
      }
      case 'list': {
        const [from, to] = expectArgs(rest, 2, 'list') as [string, string];
        console.log(calendar.days(from, to).map(dayLine).join('\n'));
        return 0;
      }
      default:
        throw new UsageError(action ? `unknown action ${JSON.stringify(action)}` : 'missing action');
    }
  } catch (error) {
    if (error instanceof CalendarError) throw new UsageError(error.message);
    throw error;
  }
}
