/** Civil dates and times as the office reads them: Asia/Shanghai, whatever the phone's own time zone. */
const ZONE = 'Asia/Shanghai';

const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
/** Date and time to the minute, in Shanghai. */
const TO_THE_MINUTE = {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
} as const;
const dateTime = new Intl.DateTimeFormat('zh-CN', { ...TO_THE_MINUTE, hour12: false });

/** Today in Shanghai, YYYY-MM-DD. */
export function todayInShanghai(now: Date = new Date()): string {
  return isoDay.format(now);
}

/** An ISO date moved by whole days (calendar arithmetic on the date alone, no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  const at = (iso: string) => {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((at(to) - at(from)) / 86_400_000);
}

/** 2026年3月5日: the one way a date, and so a deadline's last day (`dueDate`), is written in the app. */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/** 2026/03/05 14:30 in Shanghai time. */
export function formatInstant(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** The Shanghai date of an instant, YYYY-MM-DD. */
export function dateOfInstant(iso: string): string {
  return isoDay.format(new Date(iso));
}

/**
 * The last day a due instant closes, YYYY-MM-DD: a deadline ends at 24:00, the next day's 00:00, which belongs to
 * the day it ends (as the server's `dueDateOf`). Never show a due instant through `dateOfInstant`.
 */
export function dueDateOf(dueAt: string): string {
  return isoDay.format(new Date(Date.parse(dueAt) - 1));
}

/**
 * A due instant as people read it, as the bot writes it: its last day, and the time of day when it ends before
 * 24:00 — 2026年12月5日17:00, or 2026年12月4日 for a deadline that runs to the end of that day.
 */
export function formatDue(dueAt: string): string {
  const [, time] = toLocalInput(dueAt).split('T') as [string, string];
  if (time === '00:00') return formatDate(dueDateOf(dueAt));
  const [hh, mm] = time.split(':');
  return `${formatDate(dueDateOf(dueAt))}${Number(hh)}:${mm}`;
}

const wallClock = new Intl.DateTimeFormat('en-CA', { ...TO_THE_MINUTE, hourCycle: 'h23' });

/** An instant as a `datetime-local` input shows it, in Shanghai time: YYYY-MM-DDTHH:mm. */
export function toLocalInput(iso: string): string {
  const part = (type: string) => wallClock.formatToParts(new Date(iso)).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/** A `datetime-local` value read as Shanghai time (no summer time there), as an ISO instant with +08:00. */
export function fromLocalInput(value: string): string {
  return `${value.slice(0, 16)}:00+08:00`;
}

/** HH:mm in Shanghai time. */
export function formatClock(iso: string): string {
  return toLocalInput(iso).slice(11);
}
