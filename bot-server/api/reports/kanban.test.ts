import { formatISODate, shanghaiDayNumber } from '../../calendar';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import { callJson } from '../../test-support/http';

interface Kanban {
  year: number;
  asOf: string;
  overview: unknown;
  overdueByUnit: { rank: number; id: string; name: string; count: number }[];
  trend: { month: string; totals: Record<string, number | null> }[];
  documents: unknown;
  bulletins: unknown[];
}

interface LeaderHome {
  year: number;
  today: string;
  overdueByUnit: unknown[];
  mySteps: unknown[];
  meetings: unknown[];
}

describe.each(testDatabases())('the leaders’ 看板 in one request, on the demo data on $name', (target) => {
  const demo = useDemoDuban(target, { users: ['wangjianguo', 'sunli', 'qianwei', 'zhenglei', 'fenggang'] });
  const { tokens } = demo;
  const today = formatISODate(shanghaiDayNumber(new Date()));
  const year = Number(today.slice(0, 4));
  const get = async <T>(path: string, user: string) => {
    const res = await callJson<T>(demo.duban, path, { token: tokens[user] });
    expect([path, res.status]).toEqual([path, 200]);
    return res.body;
  };

  it.each(['wangjianguo', 'sunli'])('answers %s with what the areas’ own routes answer them', async (user) => {
    const board = await get<Kanban>(`/api/reports/dashboard?year=${year}`, user);
    expect(await get<Kanban>('/api/reports/dashboard', user)).toEqual(board);
    expect([board.year, board.asOf]).toEqual([year, today]);

    expect(board.overview).toEqual(await get(`/api/supervision/overview?year=${year}`, user));
    const ranking = await get<{ units: unknown[] }>(`/api/reports/overdue-by-unit?year=${year}`, user);
    expect(ranking.units.length).toBeGreaterThan(0);
    expect(board.overdueByUnit).toEqual(ranking.units);
    const documents = await get<{ current: unknown }>(`/api/documents/figures?from=${year}-01-01&to=${today}`, user);
    expect(board.documents).toEqual(documents.current);
    const bulletins = await get<{ bulletins: unknown[] }>('/api/supervision/bulletins', user);
    expect(bulletins.bulletins.length).toBeGreaterThan(0);
    expect(board.bulletins).toEqual(bulletins.bulletins);

    // Six months up to this one, oldest first, each as the month's bulletin preview totals it.
    expect(board.trend.map((t) => t.month)).toHaveLength(6);
    expect(board.trend.at(-1)?.month).toBe(today.slice(0, 7));
    expect(board.trend.map((t) => t.month)).toEqual([...board.trend.map((t) => t.month)].sort());
    for (const { month, totals } of board.trend) {
      const preview = await get<{ figures: { totals: Record<string, unknown> } }>(
        `/api/supervision/bulletins/preview?month=${month}`,
        user,
      );
      expect(totals).toEqual(Object.fromEntries(Object.keys(totals).map((k) => [k, preview.figures.totals[k]])));
    }
  });

  it.each(['wangjianguo', 'sunli'])(
    'gives %s’s first screen the same ranking, their own steps and their meetings today and tomorrow',
    async (user) => {
      const tomorrow = formatISODate(shanghaiDayNumber(new Date()) + 1);
      const meeting = await callJson<{ meeting: { id: number } }>(demo.duban, '/api/meetings', {
        method: 'POST',
        token: tokens.zhenglei,
        body: JSON.stringify({
          type: 'other',
          title: `${user}明天参加的会议`,
          startsAt: `${tomorrow}T09:00:00+08:00`,
          attendeeUserIds: [user],
        }),
      });
      expect(meeting.status).toBe(201);
      const document = await callJson(demo.duban, '/api/documents/paper', {
        method: 'POST',
        token: tokens.zhenglei,
        body: JSON.stringify({ title: `请${user}批示的来文`, proposerUserId: user }),
      });
      expect(document.status).toBe(201);
      const home = await get<LeaderHome>(`/api/reports/dashboard/leader-home?year=${year}`, user);
      expect([home.year, home.today]).toEqual([year, today]);
      const ranking = await get<{ units: unknown[] }>(`/api/reports/overdue-by-unit?year=${year}`, user);
      expect(home.overdueByUnit).toEqual(ranking.units);
      expect(home.mySteps).toEqual((await get<{ steps: unknown[] }>('/api/documents/my-steps', user)).steps);
      const meetings = await get<{ meetings: unknown[] }>(`/api/meetings?from=${today}&to=${tomorrow}&mine=1`, user);
      expect(home.meetings).toEqual(meetings.meetings);
      expect([home.mySteps.length, home.meetings.length]).toEqual([1, 1]);
    },
  );

  it('is guarded as the other reports: leaders, the supervision office and administrators only', async () => {
    for (const path of ['/api/reports/dashboard', '/api/reports/dashboard/leader-home']) {
      const route = demo.duban.routes.find((r) => r.path === path && r.method === 'GET');
      expect(route).toMatchObject({ roles: ['leader', 'supervision_office'], exact: true });
      expect((await callJson(demo.duban, path, { token: tokens.qianwei })).status).toBe(200);
      for (const user of ['zhenglei', 'fenggang']) {
        expect((await callJson(demo.duban, path, { token: tokens[user] })).status).toBe(403);
      }
      expect((await callJson(demo.duban, path)).status).toBe(401);
    }
  });

  it.each([
    ['19x', '年份无效'],
    [String(year + 1), `${year + 1}年尚未开始`],
  ])('answers a year that is none or not begun (%s) with 400', async (y, message) => {
    const res = await callJson<{ error: { message: string } }>(demo.duban, `/api/reports/dashboard?year=${y}`, {
      token: tokens.sunli,
    });
    expect([res.status, res.body.error.message]).toEqual([400, message]);
  });
});
