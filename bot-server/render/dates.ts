import { civilDateOf, shanghaiDayNumber } from '../calendar/civil-date';

/** A date as a document prints it: 2026年3月2日 (no leading zeros); the one formatter of time limits. */
export { chineseDate } from '../timelimits';

/** The Shanghai date of an instant, as a document prints it (the host's time zone plays no part). */
export function chineseDateOf(instant: Date): string {
  const { year, month, day } = civilDateOf(shanghaiDayNumber(instant));
  return `${year}年${month}月${day}日`;
}
