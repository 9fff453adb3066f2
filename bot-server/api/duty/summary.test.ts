import { AuditLog } from '../../../entities';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import { docxText } from '../../test-support/zip';

type ErrorBody = { error: { code: string; message: string; details?: { message: string }[] } };

/**
 * `GET /api/duty/summary?month=YYYY-MM`: the 值班工作月报 as .docx for 会务, 督查室, leaders and administrators; a
 * leader reads the petitioners' names masked. The clock is pinned on 5 November 2024.
 */
describe.each(testDatabases())('the monthly duty summary route on $name', (target) => {
  const clock = new Date('2024-11-05T10:00:00+08:00');
  const demo = useDemoDuban(target, {
    users: ['zhenglei', 'wufang', 'zhoutao', 'wangjianguo', 'qianwei', 'hemin', 'fenggang'],
    clock: { now: () => clock, on: ['matters'] },
  });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api');
  const download = (path: string, user?: string) =>
    fetch(`${demo.duban.url}${path}`, {
      headers: user ? { authorization: `Bearer ${demo.tokens[user]}` } : {},
    });

  beforeAll(async () => {
    demo.duban.services().duty.useClock(() => clock);
    const res = await call('zhenglei', '/duty/petitions', 'POST', {
      visitedAt: '2024-10-03T10:00:00+08:00',
      petitioners: 6,
      representativeName: '张三丰',
      representativeContact: '13812345678',
      content: '小区供暖管道漏水，物业长期未修',
      departmentId: '33',
      outcome: 'answered',
    });
    expect(res.status).toBe(201);
  });

  it('answers 401 without a session and 403 to staff and unit heads', async () => {
    const anonymous = await download('/api/duty/summary?month=2024-10');
    expect(anonymous.status).toBe(401);
    for (const user of ['hemin', 'fenggang']) {
      const refused = await call(user, '/duty/summary?month=2024-10');
      expect([user, refused.status]).toEqual([user, 403]);
    }
  });

  it.each([
    ['zhenglei', '张三丰'],
    ['wufang', '张三丰'],
    ['zhoutao', '张三丰'],
    ['qianwei', '张三丰'],
    ['wangjianguo', '张**'],
  ])('gives %s the month as a Word file, the representative as %s', async (user, name) => {
    const audit = await demo.db.getRepository(AuditLog).count();
    const res = await download('/api/duty/summary?month=2024-10&format=docx', user);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('officedocument.wordprocessingml');
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('值班工作月报2024年10月.docx')}`,
    );
    const text = docxText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('区政府办公室2024年10月值班工作月报');
    expect(text).toContain('本月接待来访群众1起6人次，其中集体访1起6人次');
    expect(text).toContain(name);
    if (name !== '张三丰') expect(text).not.toContain('张三丰');
    // Reading changes nothing.
    expect(await demo.db.getRepository(AuditLog).count()).toBe(audit);
  });

  it.each([
    ['month=2024-13', '月份“2024-13”格式有误，应为 YYYY-MM，例如 2026-10'],
    ['month=2024-12', '2024年12月尚未开始，无法生成值班工作月报'],
    ['month=1999-12', null],
    ['month=2024-10&format=xlsx', '值班工作月报目前只提供 Word（docx）格式'],
    ['', '请选择月份（YYYY-MM）'],
    ['month=2024-10&unit=33', null],
  ])('refuses ?%s with a 400 and a message in Chinese', async (query, message) => {
    const res = await call('zhenglei', `/duty/summary?${query}`);
    expect(res.status).toBe(400);
    // A malformed query names what is wrong in the details (the API's one shape for those).
    const said = [res.body.error.message, ...(res.body.error.details ?? []).map((d) => d.message)].join('；');
    expect(said).toMatch(message ?? /[\u4e00-\u9fff]{4}/);
  });
});
