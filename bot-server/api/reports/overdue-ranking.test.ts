import { formatISODate, shanghaiDayNumber } from '../../calendar';
import type { OverdueUnit } from '../../reports/overdue-ranking';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import { callJson, signInAs } from '../../test-support/http';

interface ListedMatter {
  leadDepartment: { id: string; name: string };
}

describe.each(testDatabases())('the overdue ranking of units on the demo data on $name', (target) => {
  const demo = useDemoDuban(target);
  const year = Number(formatISODate(shanghaiDayNumber(new Date())).slice(0, 4));

  it('ranks the lead units as the matters listed 已逾期 add up, most first, then in the office’s order', async () => {
    const leader = await signInAs(demo.duban, 'wangjianguo');
    const listed = await callJson<{ matters: ListedMatter[] }>(
      demo.duban,
      `/api/supervision/matters?year=${year}&timeliness=overdue&limit=1000`,
      { token: leader },
    );
    // What the 看板 used to add up in the browser from the list.
    const counts = new Map<string, { id: string; name: string; count: number }>();
    for (const m of listed.body.matters) {
      const row = counts.get(m.leadDepartment.id) ?? { ...m.leadDepartment, count: 0 };
      row.count++;
      counts.set(row.id, row);
    }
    const departments = (await demo.db.query('SELECT id, sort_order AS s FROM department')) as {
      id: string;
      s: unknown;
    }[];
    const order = new Map(departments.map((d) => [d.id, Number(d.s)]));
    const want = [...counts.values()]
      .sort((a, b) => b.count - a.count || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0) || (a.id < b.id ? -1 : 1))
      .map((u, i) => ({ rank: i + 1, ...u }));
    expect(want.length).toBeGreaterThan(0);

    const res = await callJson<{ year: number; units: OverdueUnit[] }>(
      demo.duban,
      `/api/reports/overdue-by-unit?year=${year}`,
      { token: leader },
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ year, units: want });
  });

  it('answers the supervision office, refuses staff and unit heads, and a year that is none', async () => {
    const path = `/api/reports/overdue-by-unit?year=${year}`;
    expect((await callJson(demo.duban, path, { token: await signInAs(demo.duban, 'sunli') })).status).toBe(200);
    for (const user of ['zhenglei', 'fenggang']) {
      expect((await callJson(demo.duban, path, { token: await signInAs(demo.duban, user) })).status).toBe(403);
    }
    expect((await callJson(demo.duban, path)).status).toBe(401);
    const bad = await callJson<{ error: { message: string } }>(demo.duban, '/api/reports/overdue-by-unit?year=19x', {
      token: await signInAs(demo.duban, 'sunli'),
    });
    expect([bad.status, bad.body.error.message]).toEqual([400, '年份无效']);
  });
});
