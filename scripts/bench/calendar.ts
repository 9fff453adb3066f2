import { dayNumberOf, formatISODate, MS_PER_DAY, parseISODate } from '../../bot-server/calendar/civil-date';
import { CoverageWarnings } from '../../bot-server/calendar/coverage-warnings';
import { shippedHolidayData } from '../../bot-server/calendar/holiday-data';
import { WorkCalendar } from '../../bot-server/calendar/WorkCalendar';
import type { BenchContext, Benchmark } from './benchmark';
import { formatRate, type Measurement, measure } from './measure';

const SPAN = 20;
const STARTS = 4096;
const FLOOR_CALLS_PER_SECOND = 5e6;
const FLOOR_RATIO_TO_LOOP = 100;

type ChineseDays = typeof import('chinese-days');

/** chinese-days is a devDependency: the benchmark still runs without it. */
function loadChineseDays(): ChineseDays | null {
  try {
    return require('chinese-days') as ChineseDays;
  } catch {
    return null;
  }
}

/** Start dates spread over 2020–2026 (seeded), leaving room for 20 working days inside the data. */
function startDates(): string[] {
  let state = 20_260_213;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
  const first = dayNumberOf(2020, 1, 1);
  const span = dayNumberOf(2026, 11, 1) - first;
  return Array.from({ length: STARTS }, () => formatISODate(first + Math.floor(next() * span)));
}

/**
 * The usual way without precomputation: step one day at a time, look each date up in the holiday data
 * (days off, make-up days) by its ISO string, else Monday–Friday. This is what chinese-days' helpers do.
 */
function dayByDayLoop(): (start: string, n: number) => string {
  const off = new Set<string>();
  const work = new Set<string>();
  for (const year of shippedHolidayData().data.years) {
    for (const group of year.holidays) {
      for (const date of group.off) off.add(date);
      for (const date of group.work) work.add(date);
    }
  }
  return (start, n) => {
    let time = Date.parse(`${start}T00:00:00Z`);
    let date = start;
    for (let left = n; left > 0; ) {
      time += MS_PER_DAY;
      const day = new Date(time);
      date = day.toISOString().slice(0, 10);
      const weekday = day.getUTCDay();
      if (!off.has(date) && (work.has(date) || (weekday !== 0 && weekday !== 6))) left--;
    }
    return date;
  };
}

/** The same loop over our own precomputed day table: shows how much of the gain is the table alone. */
function tableLoop(calendar: WorkCalendar): (start: number, n: number) => number {
  return (start, n) => {
    let day = start;
    for (let left = n; left > 0; ) if (calendar.isWorkdayNumber(++day)) left--;
    return day;
  };
}

/** One line of the table; the last column is ours ÷ this (above 1: ours is that many times faster). */
function row(label: string, measurement: Measurement, ours: Measurement): string {
  const ratio = ours.callsPerSecond / measurement.callsPerSecond;
  const ratioText = ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2);
  return `  ${label.padEnd(52)} ${formatRate(measurement.callsPerSecond).padStart(9)}  ${ratioText.padStart(8)}`;
}

function header(title: string): string {
  return `${title.padEnd(54)} ${'calls/s'.padStart(9)}  ${'ours ÷'.padStart(8)}`;
}

async function run({ durationMs, log }: BenchContext): Promise<number> {
  const calendar = new WorkCalendar({ warnings: new CoverageWarnings(() => {}) });
  const starts = startDates();
  const startDays = starts.map(parseISODate);
  const ends = starts.map((start) => calendar.addWorkdays(start, SPAN).date);
  const loop = dayByDayLoop();
  const table = tableLoop(calendar);
  const chineseDays = loadChineseDays();
  const mask = STARTS - 1;

  const disagreements = starts.filter((start, i) => loop(start, SPAN) !== ends[i]).length;
  log(`duban bench calendar: spans of ${SPAN} working days from ${STARTS} seeded start dates in 2020–2026`);
  log(
    `  each measured for ~${durationMs} ms in this one run; the day-by-day loop agrees with ours on ${STARTS - disagreements}/${STARTS}`,
  );
  log('');
  log(header('addWorkdays(date, 20)'));
  const ours = measure((i) => calendar.addWorkdays(starts[i & mask] as string, SPAN), durationMs);
  const oursDays = measure((i) => calendar.addWorkdaysToDay(startDays[i & mask] as number, SPAN), durationMs);
  const naive = measure((i) => loop(starts[i & mask] as string, SPAN), durationMs);
  const overTable = measure((i) => table(startDays[i & mask] as number, SPAN), durationMs);
  log(row('ours: WorkCalendar.addWorkdays (ISO in, ISO out)', ours, ours));
  log(row('ours: addWorkdaysToDay (day numbers)', oursDays, ours));
  log(row('day-by-day loop over the holiday data (ISO dates)', naive, ours));
  log(row('day-by-day loop over our precomputed day table', overTable, ours));
  if (chineseDays) {
    const findWorkday = measure((i) => chineseDays.findWorkday(SPAN, starts[i & mask]), durationMs, 16);
    log(row('chinese-days findWorkday(20, date)', findWorkday, ours));
  }

  log('');
  log(header('workdaysBetween(a, b) over the same spans'));
  const between = measure(
    (i) => calendar.workdaysBetween(starts[i & mask] as string, ends[i & mask] as string),
    durationMs,
  );
  log(row('ours: WorkCalendar.workdaysBetween', between, between));
  if (chineseDays) {
    const inRange = measure(
      (i) => chineseDays.getWorkdaysInRange(starts[i & mask], ends[i & mask]).length,
      durationMs,
      16,
    );
    log(row('chinese-days getWorkdaysInRange(a, b).length', inRange, between));
  } else {
    log('  chinese-days is not installed (devDependency): its rows are skipped');
  }

  const ratio = ours.callsPerSecond / naive.callsPerSecond;
  const fastEnough = ours.callsPerSecond >= FLOOR_CALLS_PER_SECOND;
  const farEnough = ratio >= FLOOR_RATIO_TO_LOOP;
  log('');
  log(
    `floor: ours ≥ ${formatRate(FLOOR_CALLS_PER_SECOND)} calls/s: ${fastEnough ? 'met' : 'MISSED'} ` +
      `(${formatRate(ours.callsPerSecond)}); ≥ ${FLOOR_RATIO_TO_LOOP}× the day-by-day loop: ` +
      `${farEnough ? 'met' : 'MISSED'} (${ratio.toFixed(0)}×)`,
  );
  return fastEnough && farEnough && disagreements === 0 ? 0 : 1;
}

export const calendarBenchmark: Benchmark = {
  summary: 'addWorkdays / workdaysBetween: ours vs a day-by-day loop vs chinese-days',
  run,
};
