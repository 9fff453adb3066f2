import { z } from 'zod';
import { type DayNumber, formatISODate, type ISODate, isWeekend, tryParseISODate, yearOf } from './civil-date';
import shippedJson from './data/cn-holidays.json';
import { CalendarError } from './errors';
import { shortHash } from './version';

/** The State Council notice a year's schedule comes from. */
export interface HolidaySource {
  /** e.g. 国办发明电〔2025〕7号 */
  number: string;
  title: string;
  /** Date the notice was signed. */
  date: ISODate;
  url: string;
}

/** One holiday as a notice states it: its days off and the make-up working days (调休上班) it brings. */
export interface HolidayGroup {
  name: string;
  off: ISODate[];
  work: ISODate[];
  note?: string;
}

export interface HolidayYear {
  year: number;
  sources: HolidaySource[];
  holidays: HolidayGroup[];
}

/** The shape of `data/cn-holidays.json` (and of any replacement an administrator loads). */
export interface HolidayData {
  zone: 'Asia/Shanghai';
  years: HolidayYear[];
}

/** A day the official data sets apart from the Monday–Friday rule. */
export interface OfficialDay {
  workday: boolean;
  holiday: string;
  /** The year of the notice that lists the day (2022-12-31 belongs to the 2023 notice). */
  noticeYear: number;
}

/** Holiday data checked and indexed by day number. */
export interface ResolvedHolidayData {
  data: HolidayData;
  /** The contiguous run of years the data covers. */
  firstYear: number;
  lastYear: number;
  days: ReadonlyMap<DayNumber, OfficialDay>;
  /** Hash of everything that decides working days and their names (sources and notes excluded). */
  fingerprint: string;
}

const isoDateSchema = z.string().refine((text) => !Number.isNaN(tryParseISODate(text)), {
  message: 'expected a real calendar day written YYYY-MM-DD',
});

const holidayDataSchema = z.object({
  zone: z.literal('Asia/Shanghai'),
  years: z
    .array(
      z.object({
        year: z.number().int().min(1949).max(9999),
        sources: z
          .array(z.object({ number: z.string().min(1), title: z.string().min(1), date: isoDateSchema, url: z.url() }))
          .min(1),
        holidays: z
          .array(
            z.object({
              name: z.string().min(1),
              off: z.array(isoDateSchema).min(1),
              work: z.array(isoDateSchema),
              note: z.string().optional(),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

function invalidData(problems: string[]): CalendarError {
  const list = problems.slice(0, 10).join('; ');
  return new CalendarError('invalid_data', `invalid holiday data: ${list}`, `节假日数据有误：${list}`);
}

/**
 * Validates holiday data and indexes it. Rejects what would silently corrupt deadlines: a gap between
 * years, a day listed twice (or both off and working), a make-up working day that is not a weekend, a day
 * outside its notice's year (or the December before it, where 元旦 may start).
 */
export function resolveHolidayData(input: unknown): ResolvedHolidayData {
  const parsed = holidayDataSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidData(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const data: HolidayData = parsed.data;
  const problems: string[] = [];
  const days = new Map<DayNumber, OfficialDay>();

  data.years.forEach((entry, index) => {
    const previous = data.years[index - 1];
    if (previous && entry.year !== previous.year + 1) {
      problems.push(`years must be contiguous and ascending: ${previous.year} is followed by ${entry.year}`);
    }
    for (const group of entry.holidays) {
      const listed: Array<[ISODate, boolean]> = [
        ...group.off.map((date): [ISODate, boolean] => [date, false]),
        ...group.work.map((date): [ISODate, boolean] => [date, true]),
      ];
      for (const [date, workday] of listed) {
        const dayNumber = tryParseISODate(date);
        const dayYear = yearOf(dayNumber);
        if (dayYear !== entry.year && dayYear !== entry.year - 1) {
          problems.push(`${date} is listed under ${entry.year}`);
        }
        if (workday && !isWeekend(dayNumber)) {
          problems.push(`${date} (${group.name}) is listed as a make-up working day but is not a Saturday or Sunday`);
        }
        if (days.has(dayNumber)) {
          problems.push(`${date} is listed more than once`);
        }
        days.set(dayNumber, { workday, holiday: group.name, noticeYear: entry.year });
      }
    }
  });
  if (problems.length > 0) throw invalidData(problems);

  const first = data.years[0];
  const last = data.years[data.years.length - 1];
  if (!first || !last) throw invalidData(['no years']);
  const canonical = [...days.entries()]
    .sort(([a], [b]) => a - b)
    .map(([dayNumber, day]) => `${formatISODate(dayNumber)}:${day.workday ? 'work' : 'off'}:${day.holiday}`);
  return {
    data,
    firstYear: first.year,
    lastYear: last.year,
    days,
    fingerprint: shortHash(`${first.year}-${last.year}\n${canonical.join('\n')}`),
  };
}

let shipped: ResolvedHolidayData | undefined;

/** The data shipped in `data/cn-holidays.json`, checked once per process. */
export function shippedHolidayData(): ResolvedHolidayData {
  shipped ??= resolveHolidayData(shippedJson);
  return shipped;
}
