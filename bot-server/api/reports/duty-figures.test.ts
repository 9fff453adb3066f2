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
  });
});
