import { AuditLog } from '../../../entities';
import { formatISODate, shanghaiDayNumber } from '../../calendar';
import type { UnitRankingRow } from '../../information/rankings';
import type { MonthlyBulletin } from '../../reports/information-bulletin';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import { docxText } from '../../test-support/zip';

type ErrorBody = { error: { code: string; message: string; details?: { message: string }[] } };

/** YYYY-MM moved by whole months. */
const shiftMonth = (month: string, by: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

/**
 * `GET /api/information/bulletin?month=YYYY-MM[&format=docx]` on the demo (a year of 政务信息 up to today): the
 * month's 政务信息工作通报 as data and as .docx for 督查室, 会务, leaders and administrators, the units in the
 * ranking's order and figures; staff and unit heads refused; bad input refused in Chinese.
 */
describe.each(testDatabases())('the information bulletin route on $name', (target) => {
  const demo = useDemoDuban(target, {
    users: ['zhoutao', 'zhenglei', 'wangjianguo', 'qianwei', 'hemin', 'fenggang'],
  });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api');
  const download = (path: string, user?: string) =>
    fetch(`${demo.duban.url}${path}`, {
      headers: user ? { authorization: `Bearer ${demo.tokens[user]}` } : {},
    });
  const thisMonth = formatISODate(shanghaiDayNumber(new Date())).slice(0, 7);
  const lastMonth = shiftMonth(thisMonth, -1);
  const title = `${Number(lastMonth.slice(5))}月`;

  it('answers 401 without a session and 403 to staff and unit heads', async () => {
    expect((await download(`/api/information/bulletin?month=${lastMonth}`)).status).toBe(401);
    for (const user of ['hemin', 'fenggang']) {
      const refused = await call(user, `/information/bulletin?month=${lastMonth}&format=docx`);
      expect([user, refused.status, refused.body.error.code]).toEqual([user, 403, 'forbidden']);
    }
  });

  it.each(['zhoutao', 'zhenglei', 'wangjianguo', 'qianwei'])('gives %s the month as a Word file', async (user) => {
    const audit = await demo.db.getRepository(AuditLog).count();
    const res = await download(`/api/information/bulletin?month=${lastMonth}&format=docx`, user);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('officedocument.wordprocessingml');
    const name = `信息通报${lastMonth.slice(0, 4)}年${title}.docx`;
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
    const text = docxText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain(`政务信息工作通报${lastMonth.slice(0, 4)}年第${Number(lastMonth.slice(5))}期`);
    expect(text).toContain(`关于${lastMonth.slice(0, 4)}年${title}政务信息工作情况的通报`);
    expect(text).toContain('区发展和改革委员会');
    // Reading changes nothing.
    expect(await demo.db.getRepository(AuditLog).count()).toBe(audit);
  });

  it('gives the data in the order and with the figures of the unit ranking of the month', async () => {
    const res = await call<{ bulletin: MonthlyBulletin }>('zhoutao', `/information/bulletin?month=${lastMonth}`);
    expect(res.status).toBe(200);
    const ranking = await call<{ units: UnitRankingRow[] }>('zhoutao', `/information/ranking?month=${lastMonth}`);
    expect(
      res.body.bulletin.units.map((u) => ({
        rank: u.month.rank,
        unit: u.unit,
        score: u.month.score,
        adopted: u.month.adopted,
        reported: u.month.reported,
      })),
    ).toEqual(ranking.body.units);
    expect(res.body.bulletin.units.map((u) => u.unit.id).sort()).toEqual(['31', '32', '33', '34', '35']);
    const reported = res.body.bulletin.units.reduce((sum, u) => sum + u.month.reported, 0);
    expect(res.body.bulletin.monthTotals.reported).toBe(reported);
    expect(reported).toBeGreaterThan(0);
    expect(res.body.bulletin.adoptions.reduce((sum, a) => sum + a.points, 0)).toBe(res.body.bulletin.monthTotals.score);
  });

  it.each([
    ['month=2024-13', '月份格式应为 YYYY-MM，例如 2026-11'],
    ['', '请选择月份（YYYY-MM）'],
    ['month=1999-12', '月份应在2000年1月以后'],
    [`month=${shiftMonth(thisMonth, 1)}`, '尚未开始，无法生成政务信息工作通报'],
    ['month=2024-10&format=xlsx', '政务信息工作通报目前只提供 Word（docx）格式'],
    ['month=2024-10&unit=33', null],
  ])('refuses ?%s with a 400 and a message in Chinese', async (query, message) => {
    const res = await call('zhenglei', `/information/bulletin?${query}`);
    expect(res.status).toBe(400);
    const said = [res.body.error.message, ...(res.body.error.details ?? []).map((d) => d.message)].join('；');
    expect(said).toMatch(message ?? /[\u4e00-\u9fff]{4}/);
  });
});
