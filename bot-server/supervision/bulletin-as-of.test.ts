import { defaultCalendar } from '../calendar';
import { bulletinMatter, dueEnd, shanghaiTime as t } from '../test-support/bulletin';
import { countWorkdays } from '../timelimits';
import { type BulletinData, type BulletinMatter, computeBulletin } from './bulletin';

/** A matter of unit 31 assigned 2026-03-02, due `dueDate`. */
const matter = (id: number, dueDate: string, completedAt: Date | null = null): BulletinMatter =>
  bulletinMatter(id, { originalDueAt: dueEnd(dueDate), completedAt });

function march(asOf?: Date): BulletinData {
  return {
    month: '2026-03',
    // Due 3月10日 and open; due 3月24日 and open; due 3月12日, done 3月16日 (late).
    matters: [matter(1, '2026-03-10'), matter(2, '2026-03-24'), matter(3, '2026-03-12', t('2026-03-16T10:00:00'))],
    extensions: [],
    urges: [],
    periods: [],
    units: [{ id: '31', name: '区发展和改革委员会', sortOrder: 1 }],
    previousRanks: null,
    issuedThisYear: 0,
    calendar: defaultCalendar(),
    ...(asOf ? { asOf } : {}),
  };
}

/**
 * Issue 15 (overdue counts disagree): a month's figures read before the month is over say what stands now — a
 * matter due later this month is not overdue yet, and days overdue are counted to now, as 待办 and the bot count
 * them — and a month that is over reads as of its last moment, whenever it is read.
 */
describe('the bulletin of a month, read during it and after it', () => {
  it('reads a month not yet over as it stands now, counting days overdue as every page does', () => {
    const now = t('2026-03-17T15:00:00');
    const figures = computeBulletin(march(now));
    expect(figures.overdue.map((o) => o.matterId)).toEqual([1]);
    const [first] = figures.overdue;
    const count = countWorkdays({ dueDate: '2026-03-10', dueAt: dueEnd('2026-03-10') }, defaultCalendar(), now);
    expect(first?.workdaysOverdue).toBe(count.workdaysOverdue);
    // 3月11日 … 3月17日: five working days.
    expect(first?.workdaysOverdue).toBe(5);
    expect(figures.units[0]).toMatchObject({ overdueOpen: 1, completedLate: 1 });
  });

  it('reads a month that is over as of its last moment, read then or later', () => {
    const later = computeBulletin(march(t('2026-04-03T09:00:00')));
    expect(computeBulletin(march())).toEqual(later);
    expect(later.overdue.map((o) => [o.matterId, o.workdaysOverdue])).toEqual([
      [1, 15],
      [2, 5],
    ]);
    expect(later.units[0]).toMatchObject({ overdueOpen: 2, completedLate: 1 });
  });
});
