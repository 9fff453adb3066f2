import { formatISODate, shanghaiDayNumber } from '../../calendar';
import type { UnitRankingRow } from '../../information/rankings';
import { informationFigures } from '../../reports/information-figures';
import { type LedgerFigures, ledgerFigures } from '../../reports/ledger-figures';
import type { InformationSection, ResearchSection } from '../../reports/office-work';
import { researchFigures } from '../../reports/research-figures';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';

type ErrorBody = { error: { code: string; message: string } };
interface DutyFigure {
  id: string;
  value: number;
  records: number;
}
interface Board {
  duty: { from: string; to: string; figures: DutyFigure[] };
}
interface Figures {
  duty: {
    from: string;
    to: string;
    figures: DutyFigure[];
    phoneCallsByMonth: { month: string; count: number }[];
  } | null;
  information: InformationSection | null;
  research: ResearchSection | null;
  ledgers: LedgerFigures | null;
}

const valuesOf = (figures: DutyFigure[]) => Object.fromEntries(figures.map((f) => [f.id, f.value]));

/**
 * 值班信访 on the 看板 (`GET /api/reports/dashboard`) and in 统计分析 (`GET /api/reports/figures`), against a hand count
 * of what the test records in 2024 (a year the demo seeds nothing in), with the clock of the records on 5 November
 * 2024.
 */
describe.each(testDatabases())('duty figures on the 看板 and in 统计分析 on $name', (target) => {
  const clock = new Date('2024-11-05T10:00:00+08:00');
  const demo = useDemoDuban(target, {
    users: ['zhenglei', 'wangjianguo', 'zhoutao'],
    clock: { now: () => clock, on: ['matters'] },
  });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api');

  beforeAll(async () => {
    const visit = async (visitedAt: string, petitioners: number) => {
      const res = await call('zhenglei', '/duty/petitions', 'POST', {
        visitedAt,
        petitioners,
        representativeName: '张三丰',
        content: '小区供暖管道漏水',
      });
      expect(res.status).toBe(201);
    };
    const phone = async (calledAt: string) => {
      const res = await call('zhenglei', '/duty/calls', 'POST', { calledAt, topic: '咨询', outcome: 'answered' });
      expect(res.status).toBe(201);
    };
    await visit('2023-12-31T23:59:00+08:00', 4);
    await visit('2024-01-01T00:00:00+08:00', 1);
    await visit('2024-03-15T10:00:00+08:00', 8);
    await visit('2024-10-10T10:00:00+08:00', 5);
    await phone('2023-12-31T23:00:00+08:00');
    await phone('2024-02-01T09:00:00+08:00');
    await phone('2024-10-01T09:00:00+08:00');
    await phone('2024-10-31T23:59:00+08:00');
  });

  it.each(['wangjianguo', 'zhoutao'])(
    'shows %s the year’s 来访 起/人次/集体访 and 电话 in the one 看板 answer',
    async (user) => {
      const res = await call<Board>(user, '/reports/dashboard?year=2024');
      expect(res.status).toBe(200);
      expect([res.body.duty.from, res.body.duty.to]).toEqual(['2024-01-01', '2024-12-31']);
      // Visits of 2024: 1 + 8 + 5 people, two of them 5 or more; calls: 3 (the ones of 2023 left out).
      expect(valuesOf(res.body.duty.figures)).toMatchObject({
        'duty.petitionVisits': 3,
        'duty.petitioners': 14,
        'duty.collectiveVisits': 2,
        'duty.phoneCalls': 3,
      });
      // Each figure drills down to the records it counts.
      const drill = await call<{ total: number; items: { link: string }[] }>(
        user,
        '/reports/drill?figure=duty.collectiveVisits&from=2024-01-01&to=2024-12-31',
      );
      expect(drill.body.total).toBe(2);
      expect(drill.body.items.every((i) => i.link.startsWith('/m/petition/'))).toBe(true);
    },
  );

  it('gives 统计分析 the period’s duty figures with the calls month by month, and none for one unit', async () => {
    const res = await call<Figures>('wangjianguo', '/reports/figures?from=2024-10-01&to=2024-10-31');
    expect(res.status).toBe(200);
    expect(valuesOf(res.body.duty?.figures ?? [])).toMatchObject({
      'duty.petitionVisits': 1,
      'duty.petitioners': 5,
      'duty.collectiveVisits': 1,
      'duty.phoneCalls': 2,
    });
    const year = await call<Figures>('wangjianguo', '/reports/figures?from=2024-01-01&to=2024-12-31');
    expect(year.body.duty?.phoneCallsByMonth.map((m) => m.count)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0]);
    const unit = await call<Figures>('wangjianguo', '/reports/figures?from=2024-10-01&to=2024-10-31&unit=33');
    expect([unit.status, unit.body.duty]).toEqual([200, null]);
    // 政务信息, 调研 and the ledgers are the office's too: none for one unit or one type.
    expect([unit.body.information, unit.body.research, unit.body.ledgers]).toEqual([null, null, null]);
    const type = await call<Figures>('wangjianguo', '/reports/figures?from=2024-10-01&to=2024-10-31&type=incoming');
    expect([type.status, type.body.information, type.body.research, type.body.ledgers]).toEqual([
      200,
      null,
      null,
      null,
    ]);
  });

  it.each(['wangjianguo', 'zhoutao'])(
    'gives %s 统计分析’s 政务信息 with the units’ ranking, 调研 and the year’s ledgers, each as its figure counts',
    async (user) => {
      const now = new Date();
      const today = formatISODate(shanghaiDayNumber(now));
      const year = Number(today.slice(0, 4));
      const manager = demo.db.manager;
      const calendar = demo.duban.services().deadlines.calendar();
      const q = { db: demo.db, now };
      const ranking = async (query: string) => {
        const res = await call<{ period: string; units: UnitRankingRow[] }>(user, `/information/ranking?${query}`);
        expect(res.status).toBe(200);
        return res.body.units;
      };
      const figures = async (from: string, to: string) => {
        const res = await call<Figures>(user, `/reports/figures?from=${from}&to=${to}`);
        expect(res.status).toBe(200);
        return res.body;
      };
      const values = (section: { figures: DutyFigure[] } | null) => valuesOf(section?.figures ?? []);

      // The last twelve months (the demo's 政务信息 and 调研 lie in them): two calendar years, so the ranking and
      // the ledgers are those of the year the period ends in.
      const from = formatISODate(shanghaiDayNumber(now) - 364);
      const twelve = await figures(from, today);
      const information = await informationFigures(manager, calendar, q, { from, to: today });
      expect(twelve.information?.figures).toEqual(information.figures);
      expect(values(twelve.information)['information.reported']).toBeGreaterThan(0);
      expect(values(twelve.information)['information.adopted']).toBeGreaterThan(0);
      expect(twelve.information?.ranking).toEqual({
        kind: 'year',
        period: String(year),
        from: `${year}-01-01`,
        to: `${year}-12-31`,
        units: await ranking(`year=${year}`),
      });
      expect(twelve.information?.ranking.units.some((u) => u.score > 0 && u.adopted > 0)).toBe(true);
      const research = await researchFigures(manager, calendar, q, { from, to: today });
      const researchValues = Object.fromEntries(research.figures.map((f) => [f.id, f.value]));
      expect(twelve.research?.figures.map((f) => f.id)).toEqual([
        'research.reports',
        'research.problems',
        'research.problemsToMatters',
      ]);
      for (const f of twelve.research?.figures ?? [])
        expect([f.id, f.value, f.records]).toEqual([f.id, researchValues[f.id], researchValues[f.id]]);
      expect(values(twelve.research)['research.reports']).toBeGreaterThan(0);
      expect(twelve.ledgers).toEqual(
        await ledgerFigures(manager, calendar, q, { from: `${year}-01-01`, to: `${year}-12-31` }),
      );

      // Last year whole (every demo ledger of it is in): the year's ranking and ledgers, with records behind them.
      const last = await figures(`${year - 1}-01-01`, `${year - 1}-12-31`);
      const ledgers = await ledgerFigures(manager, calendar, q, { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` });
      expect(last.ledgers).toEqual(ledgers);
      expect(values(last.ledgers)).toMatchObject({ 'ledgers.honours': 3, 'ledgers.pairingVisits': 11 });
      expect(values(last.ledgers)['ledgers.pairingFunds']).toBeCloseTo(8.85, 2);
      expect(last.information?.ranking.units).toEqual(await ranking(`year=${year - 1}`));
      // A ledger figure drills down through the reports' one drill route to the records it counts.
      const drill = await call<{ total: number }>(
        user,
        `/reports/drill?figure=ledgers.pairingVisits&from=${year - 1}-01-01&to=${year - 1}-12-31`,
      );
      expect([drill.status, drill.body.total]).toEqual([200, 11]);

      // This month: the ranking of the month.
      const month = today.slice(0, 7);
      const thisMonth = await figures(`${month}-01`, today);
      expect(thisMonth.information?.ranking.kind).toBe('month');
      expect(thisMonth.information?.ranking.period).toBe(month);
      expect(thisMonth.information?.ranking.units).toEqual(await ranking(`month=${month}`));
    },
  );
});
