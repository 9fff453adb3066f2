import type { EntityManager } from 'typeorm';
import { HolidayNotice as HolidayNoticeRow, type JsonObject } from '../../entities';
import { audit } from '../audit/audit';
import { type HolidayYear, type ResolvedHolidayData, resolveHolidayData, shippedHolidayData } from '../calendar';

/**
 * Checks one year's notice on its own (docs/time-limits.md §2.5): the shape of a year of `cn-holidays.json`, every
 * date in the year (or the December before, where 元旦 may begin), no day listed twice, make-up days on weekends.
 * Throws CalendarError `invalid_data`.
 */
export function checkNotice(input: unknown): HolidayYear {
  const [year] = resolveHolidayData({ zone: 'Asia/Shanghai', years: [input] }).data.years;
  return year as HolidayYear;
}

/**
 * The shipped data with the loaded notices, later ones first: a loaded year replaces the shipped year of the same
 * number, and the years must still run without a gap (a 2028 notice before 2027's is refused).
 */
export function officialData(notices: readonly HolidayYear[]): ResolvedHolidayData {
  if (notices.length === 0) return shippedHolidayData();
  const shipped = shippedHolidayData().data;
  const byYear = new Map(shipped.years.map((year) => [year.year, year]));
  for (const notice of notices) byYear.set(notice.year, notice);
  return resolveHolidayData({ zone: shipped.zone, years: [...byYear.values()].sort((a, b) => a.year - b.year) });
}

export async function loadedNotices(manager: EntityManager): Promise<HolidayYear[]> {
  const rows = await manager.getRepository(HolidayNoticeRow).find({ order: { year: 'ASC' } });
  return rows.map((row) => row.data as unknown as HolidayYear);
}

/** Stores (or replaces) a year's notice, audited, in the caller's transaction. */
export async function storeNotice(manager: EntityManager, actor: string, notice: HolidayYear): Promise<void> {
  const repo = manager.getRepository(HolidayNoticeRow);
  const before = await repo.findOneBy({ year: notice.year });
  const data = notice as unknown as JsonObject;
  if (before) await repo.update({ id: before.id }, { data, loadedBy: actor });
  else await repo.insert({ year: notice.year, data, loadedBy: actor });
  await audit(manager, {
    actor,
    action: 'calendar.notice.loaded',
    subjectType: 'holiday_notice',
    subjectId: notice.year,
    before: before?.data ?? null,
    after: data,
    reason: noticeReason(notice),
  });
}

/** Why deadlines moved: 「2027年节假日安排（国办发明电〔2026〕N号）」. */
export const noticeReason = (notice: HolidayYear): string =>
  `${notice.year}年节假日安排（${notice.sources.map((s) => s.number).join('、')}）`;
