import { defaultCalendar } from '../calendar';
import { bulletinMatter, dueEnd, shanghaiTime as t, unitCounts } from '../test-support/bulletin';
import { type BulletinData, type BulletinMatter, computeBulletin, percent, rankChangeText } from './bulletin';

let nextId = 1;
/** The next matter, its unit and assignment always given. */
const matter = (partial: Partial<BulletinMatter> & Pick<BulletinMatter, 'leadDepartmentId' | 'assignedAt'>) =>
  bulletinMatter(nextId++, partial);

/**
 * March 2026 by hand (see each line): units 31 (A), 32 (B), 33 (C). Every figure below was counted on paper from
 * these rows with the definitions in bulletin.ts.
 */
function march(): BulletinData {
  nextId = 1;
  const m1 = matter({
    leadDepartmentId: '31',
    assignedAt: t('2026-02-10T10:00'),
    originalDueAt: dueEnd('2026-03-10'),
    completedAt: t('2026-03-09T15:00'),
  });
  const m2 = matter({
    leadDepartmentId: '31',
    assignedAt: t('2026-03-02T10:00'),
    originalDueAt: dueEnd('2026-03-20'),
    completedAt: t('2026-03-25T15:00'),
  });
  const m3 = matter({ leadDepartmentId: '31', assignedAt: t('2026-03-05T10:00'), originalDueAt: dueEnd('2026-04-15') });
  const m4 = matter({ leadDepartmentId: '32', assignedAt: t('2026-01-05T10:00'), originalDueAt: dueEnd('2026-02-05') });
  const m5 = matter({
    leadDepartmentId: '32',
    assignedAt: t('2026-03-03T10:00'),
    originalDueAt: dueEnd('2026-03-13'),
    completedAt: t('2026-03-20T10:00'),
  });
  const m6 = matter({ leadDepartmentId: '32', assignedAt: t('2026-02-20T10:00'), originalDueAt: dueEnd('2026-03-30') });
  const m7 = matter({
    leadDepartmentId: '33',
    assignedAt: t('2026-01-10T10:00'),
    originalDueAt: dueEnd('2026-02-25'),
    completedAt: t('2026-02-20T10:00'),
  });
  const m8 = matter({ leadDepartmentId: '33', assignedAt: t('2026-04-02T10:00'), originalDueAt: dueEnd('2026-04-20') });
  const m9 = matter({ leadDepartmentId: '33', assignedAt: t('2026-03-10T10:00'), originalDueAt: dueEnd('2026-04-30') });
  const n1 = matter({
    leadDepartmentId: '33',
    source: 'npc_suggestion',
    assignedAt: t('2026-01-20T10:00'),
    originalDueAt: dueEnd('2026-04-20'),
    completedAt: t('2026-03-15T10:00'),
    outcomeClass: 'A',
    metDeputy: true,
    satisfaction: 'satisfied',
  });
  const n2 = matter({
    leadDepartmentId: '31',
    source: 'npc_suggestion',
    assignedAt: t('2026-01-20T10:00'),
    originalDueAt: dueEnd('2026-04-20'),
  });
  const n3 = matter({
    leadDepartmentId: '32',
    source: 'cppcc_proposal',
    assignedAt: t('2026-02-01T10:00'),
    originalDueAt: dueEnd('2026-05-01'),
    completedAt: t('2026-04-03T10:00'),
  });
  const keyWork = [1, 2, 3].map(() =>
    matter({
      leadDepartmentId: '33',
      source: 'key_work',
      assignedAt: t('2026-01-05T10:00'),
      originalDueAt: dueEnd('2026-12-31'),
    }),
  );
  const [k1, k2, k3] = keyWork as [BulletinMatter, BulletinMatter, BulletinMatter];
  return {
    month: '2026-03',
    matters: [m1, m2, m3, m4, m5, m6, m7, m8, m9, n1, n2, n3, k1, k2, k3],
    extensions: [
      { matterId: m5.id, decidedAt: t('2026-03-12T10:00'), grantedDueAt: dueEnd('2026-03-23') },
      // Approved after the month: at its end m6 was due 03-30 and overdue.
      { matterId: m6.id, decidedAt: t('2026-04-02T10:00'), grantedDueAt: dueEnd('2026-04-10') },
    ],
    urges: [
      { matterId: m4.id, at: t('2026-02-10T10:00') },
      { matterId: m4.id, at: t('2026-03-03T10:00') },
    ],
    periods: [
      { matterId: k1.id, period: '2026-02', dueAt: dueEnd('2026-03-05'), reportedAt: t('2026-03-04T10:00') },
      { matterId: k2.id, period: '2026-02', dueAt: dueEnd('2026-03-05'), reportedAt: t('2026-03-09T10:00') },
      { matterId: k3.id, period: '2026-02', dueAt: dueEnd('2026-03-05'), reportedAt: null },
      { matterId: k1.id, period: '2026-03', dueAt: dueEnd('2026-04-07'), reportedAt: null },
    ],
    units: [
      { id: '31', name: '区发展和改革委员会', sortOrder: 6 },
      { id: '32', name: '区财政局', sortOrder: 7 },
      { id: '33', name: '区住房和城乡建设局', sortOrder: 8 },
    ],
    previousRanks: { '31': 1, '32': 3, '33': null },
    issuedThisYear: 2,
    calendar: defaultCalendar(),
  };
}

describe('the monthly bulletin', () => {
  const f = computeBulletin(march());
  const row = (id: string) => f.units.find((u) => u.departmentId === id);
  const counts = (id: string) => {
    const u = row(id);
    return u && unitCounts(u);
  };

  it('counts each unit as a hand count does', () => {
    expect(f.periodStart).toBe('2026-03-01');
    expect(f.periodEnd).toBe('2026-03-31');
    // carried, new, due this month, on time, late, overdue open, extended, urged
    expect(counts('31')).toEqual([2, 2, 2, 1, 1, 0, 0, 0]);
    expect(counts('32')).toEqual([3, 1, 2, 0, 1, 2, 1, 1]);
    expect(counts('33')).toEqual([4, 1, 0, 1, 0, 0, 0, 0]);
    expect(row('31')).toMatchObject({
      assessed: 2,
      onTimeRate: 0.5,
      overdueRate: 0.5,
      light: 'yellow',
      lightName: '黄',
    });
    expect(row('32')).toMatchObject({ assessed: 3, onTimeRate: 0, overdueRate: 1, light: 'red' });
    expect(row('33')).toMatchObject({ assessed: 1, onTimeRate: 1, overdueRate: 0, light: 'blue' });
    expect(f.totals).toMatchObject({
      carriedOver: 9,
      newlyAssigned: 4,
      dueThisMonth: 4,
      completedOnTime: 2,
      completedLate: 2,
      overdueOpen: 2,
      extended: 1,
      urged: 1,
      assessed: 6,
      onTimeRate: 0.3333,
      overdueRate: 0.6667,
    });
  });

  it('ranks by on-time rate, shows the change since last month, and lists the overdue matters', () => {
    expect(f.units.map((u) => [u.departmentId, u.rank, u.rankChange])).toEqual([
      ['33', 1, null],
      ['31', 2, -1],
      ['32', 3, 0],
    ]);
    expect(f.overdue.map((o) => [o.number, o.dueDate, o.urged])).toEqual([
      ['督〔2026〕4号', '2026-02-05', 2],
      ['督〔2026〕6号', '2026-03-30', 0],
    ]);
    expect(f.overdue[1]?.workdaysOverdue).toBe(1);
    // 02-05 → 03-31 with the Spring Festival off (02-15…02-23) and two make-up Saturdays.
    expect(f.overdue[0]?.workdaysOverdue).toBe(defaultCalendar().workdaysBetween('2026-02-05', '2026-03-31'));
  });

  it('gives reply, meeting and satisfaction rates of the year’s suggestions and proposals', () => {
    const [npc, cppcc, total] = f.deputy;
    expect(npc).toMatchObject({
      total: 2,
      units: 2,
      replied: 1,
      repliedOnTime: 1,
      replyRate: 0.5,
      met: 1,
      meetRate: 1,
    });
    expect(npc).toMatchObject({ satisfied: 1, satisfactionRate: 1, outcome: { A: 1, B: 0, C: 0, D: 0 } });
    expect(cppcc).toMatchObject({ total: 1, replied: 0, replyRate: 0, meetRate: null, satisfactionRate: null });
    expect(total).toMatchObject({ total: 3, units: 3, replied: 1, replyRate: 0.3333 });
  });

  it('counts 重点工作 monthly reports due in the month, and the year so far', () => {
    expect(f.keyWork).toEqual([
      { departmentId: '33', name: '区住房和城乡建设局', due: 3, onTime: 1, late: 1, missing: 1 },
    ]);
    expect(f.yearToDate).toEqual({ assigned: 14, completed: 5, completedOnTime: 3, urged: 2, bulletins: 2 });
  });

  it('prints rates and rank changes as people read them', () => {
    expect(percent(0.3333)).toBe('33.3%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(null)).toBe('—');
    expect([rankChangeText(2), rankChangeText(-1), rankChangeText(0), rankChangeText(null)]).toEqual([
      '↑2',
      '↓1',
      '持平',
      '—',
    ]);
  });

  it('shares a rank between equal units', () => {
    const data = march();
    // Make 31 and 33 equal: both all on time with one each.
    data.matters = data.matters.filter((m) => m.leadDepartmentId !== '31' || m.id === 1);
    const ranks = computeBulletin(data).units.map((u) => [u.departmentId, u.rank]);
    expect(ranks).toEqual([
      ['31', 1],
      ['33', 1],
      ['32', 3],
    ]);
  });
});
