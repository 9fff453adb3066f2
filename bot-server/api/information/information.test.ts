import {
  AuditLog,
  InformationAdoption,
  InformationItem,
  InformationRanking,
  InformationScoreRule,
} from '../../../entities';
import type { ItemView } from '../../information/items';
import type { InformationFigures } from '../../reports/information-figures';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';

/** The Shanghai year of an instant. */
const shanghaiYearOf = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();

type ErrorBody = { error: { code: string; message: string; details?: { message: string }[] } };

/**
 * 政务信息 through the API on the demo: the demo's year of items, who may do what (the route's role and the
 * domain's unit), bad input refused in Chinese with nothing stored, the rule table (administrator only, audited),
 * the rankings and the figures. The clock is pinned in 2024, a year the demo seeds no item in.
 */
describe.each(testDatabases())('government information through the API on $name', (target) => {
  let clock = new Date('2024-05-06T09:00:00+08:00');
  const demo = useDemoDuban(target, {
    users: ['hemin', 'caoxue', 'fenggang', 'zhoutao', 'zhenglei', 'wangjianguo', 'qianwei'],
  });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api');
  const snapshot = async () => ({
    items: await demo.db.getRepository(InformationItem).count(),
    adoptions: await demo.db.getRepository(InformationAdoption).count(),
    rules: await demo.db.getRepository(InformationScoreRule).find({ order: { level: 'ASC', kind: 'ASC' } }),
    audit: await demo.db.getRepository(AuditLog).count(),
  });
  const said = (body: ErrorBody) =>
    [body.error?.message, ...(body.error?.details ?? []).map((d) => d.message)].join(' ');
  const item = async (user: string, path: string, method = 'GET', body?: Record<string, unknown>) => {
    const res = await call<{ item: ItemView }>(user, path, method, body);
    expect([res.status < 300, res.body.error]).toEqual([true, undefined]);
    return res.body.item;
  };

  beforeAll(() => demo.duban.services().information.pinClock(() => clock));

  it('finds the demo’s year of items: reported, adopted at each level, two answering 约稿, last year’s rankings', async () => {
    const items = await demo.db.getRepository(InformationItem).find();
    expect(items.length).toBeGreaterThanOrEqual(30);
    expect(new Set(items.map((i) => i.departmentId))).toEqual(new Set(['31', '32', '33', '34', '35']));
    expect(items.filter((i) => i.matterId !== null)).toHaveLength(2);
    expect(items.some((i) => i.status === 'returned')).toBe(true);
    const levels = new Set((await demo.db.getRepository(InformationAdoption).find()).map((a) => a.level));
    expect(levels).toEqual(new Set(['city', 'province', 'state']));
    const rankings = await demo.db.getRepository(InformationRanking).find();
    expect(rankings.map((r) => r.scope).sort()).toEqual(['city', 'province']);
  });

  it('lists a year’s items and the drafts in hand a page at a time, newest first, as the rows hold them', async () => {
    const rows = await demo.db.getRepository(InformationItem).find();
    const year = Math.max(...rows.flatMap((i) => (i.submittedAt ? [shanghaiYearOf(i.submittedAt)] : [])));
    const expected = (unit?: string) =>
      rows
        .filter((i) => !i.submittedAt || shanghaiYearOf(i.submittedAt) === year)
        .filter((i) => unit === undefined || i.departmentId === unit)
        .map((i) => i.id)
        .sort((a, b) => b - a);
    const listed = async (user: string) => {
      const ids: number[] = [];
      for (let offset = 0; ; offset += 7) {
        const res = await call<{ total: number; items: ItemView[] }>(
          user,
          `/information/items?year=${year}&limit=7&offset=${offset}`,
        );
        expect(res.status).toBe(200);
        ids.push(...res.body.items.map((i) => i.id));
        if (res.body.items.length < 7) return { ids, total: res.body.total };
      }
    };
    // Some of the demo's items were submitted the year before: the list leaves them out.
    expect(expected().length).toBeLessThan(rows.length);
    expect(await listed('zhoutao')).toEqual({ ids: expected(), total: expected().length });
    expect(await listed('hemin')).toEqual({ ids: expected('31'), total: expected('31').length });
    // What the schema does not word itself is said in Chinese too.
    const odd = await call('zhoutao', '/information/items?year=abc&x=1');
    expect([odd.status, (odd.body as ErrorBody).error.details?.map((d) => d.message)]).toEqual([
      400,
      ['无效输入：期望 数字，实际接收 NaN', '出现未知的键(key): "x"'],
    ]);
    const bad = await call('zhoutao', '/information/items?year=1999');
    expect([bad.status, said(bad.body as ErrorBody)]).toEqual([400, expect.stringContaining('年份不能早于2000年')]);
  });

  it('admits each role to its routes only, and refuses bad input in Chinese, storing nothing', async () => {
    const before = await snapshot();
    for (const [user, method, path, body] of [
      ['wangjianguo', 'POST', '/information/items', { title: '领导写信息', content: '正文' }],
      ['hemin', 'POST', '/information/items/1/report', {}],
      ['hemin', 'GET', '/information/ranking?year=2024', undefined],
      ['zhoutao', 'PUT', '/information/score-rules', { rules: [{ level: 'city', kind: 'whole', points: 1 }] }],
      ['hemin', 'PUT', '/information/outside-rankings/2023', { scope: 'city', rank: 1 }],
    ] as const) {
      expect([user, path, (await call(user, path, method, body)).status]).toEqual([user, path, 403]);
    }
    for (const [body, status, message] of [
      [{ title: '  ', content: '正文' }, 400, /信息标题/],
      [{ title: '标题' }, 400, /信息正文/],
      [{ title: '标题', content: '正文', matterId: 999999 }, 400, /约稿/],
      [{ title: '标题', content: '正文', departmentId: '32' }, 403, /本单位/],
    ] as const) {
      const res = await call('hemin', '/information/items', 'POST', body);
      expect([res.status, said(res.body)]).toEqual([status, expect.stringMatching(message)]);
    }
    const bad = await call('qianwei', '/information/score-rules', 'PUT', {
      rules: [{ level: 'county', kind: 'whole', points: 5 }],
    });
    expect([bad.status, said(bad.body)]).toEqual([400, expect.stringMatching(/采用层级/)]);
    const both = await call('wangjianguo', '/information/ranking?year=2024&month=2024-05');
    expect([both.status, said(both.body)]).toEqual([400, expect.stringMatching(/二选一/)]);
    expect(await snapshot()).toEqual(before);
  });

  it('runs an item from the unit to an adoption, scores it, ranks the unit and counts it in the figures', async () => {
    const created = await item('hemin', '/information/items', 'POST', {
      title: '区发改委：项目审批提速',
      content: '正文',
      submit: true,
    });
    expect(created).toMatchObject({ status: 'submitted', unit: { id: '31' }, author: { id: 'hemin', name: '何敏' } });
    // The unit head reads it; another unit's staff does not see it.
    expect((await call('fenggang', `/information/items/${created.id}`)).status).toBe(200);
    expect((await call('caoxue', `/information/items/${created.id}`)).status).toBe(404);
    clock = new Date('2024-05-07T10:00:00+08:00');
    await item('zhenglei', `/information/items/${created.id}/report`, 'POST', {});
    const before = await snapshot();
    for (const [body, message] of [
      [{ level: 'city', form: 'whole', adoptedOn: '2024-05-05' }, /不能早于信息提交日期/],
      [{ level: 'county', form: 'whole', adoptedOn: '2024-05-07' }, /采用层级/],
      [{ level: 'city', form: 'whole', adoptedOn: '2024-05-07', instructionLevel: 'mayor' }, /批示领导层级/],
    ] as const) {
      const res = await call('zhoutao', `/information/items/${created.id}/adoptions`, 'POST', body);
      expect([res.status, said(res.body)]).toEqual([400, expect.stringMatching(message)]);
    }
    expect(await snapshot()).toEqual(before);
    const adopted = await call<{ item: ItemView }>('zhoutao', `/information/items/${created.id}/adoptions`, 'POST', {
      level: 'city',
      form: 'whole',
      adoptedOn: '2024-05-07',
      instructionLevel: 'province',
    });
    expect([adopted.status, adopted.body.item?.score]).toEqual([201, 10 + 20]);

    const ranking = await call<{ units: { rank: number; unit: { id: string }; score: number }[] }>(
      'wangjianguo',
      '/information/ranking?month=2024-05',
    );
    expect(ranking.body.units[0]).toEqual({
      rank: 1,
      unit: { id: '31', name: '区发展和改革委员会' },
      score: 30,
      adopted: 1,
      reported: 1,
    });

    const figures = await call<{ figures: InformationFigures }>(
      'wangjianguo',
      '/information/figures?from=2024-01-01&to=2024-12-31',
    );
    const value = (id: string) => figures.body.figures.figures.find((f) => f.id === id)?.value;
    expect([value('information.reported'), value('information.adoptedByCity'), value('information.score')]).toEqual([
      1, 1, 30,
    ]);
    const drill = await call<{ total: number; items: { id: number }[] }>(
      'zhoutao',
      '/information/figures/drill?figure=information.adoptedWhole&from=2024-01-01&to=2024-12-31',
    );
    expect([drill.body.total, drill.body.items.map((i) => i.id)]).toEqual([1, [created.id]]);

    // An administrator changes a rule, audited; the item's score follows.
    const rules = await call('qianwei', '/information/score-rules', 'PUT', {
      rules: [{ level: 'province', kind: 'instruction', points: 25 }],
    });
    expect(rules.status).toBe(200);
    expect((await item('hemin', `/information/items/${created.id}`)).score).toBe(35);
    expect(
      await demo.db.getRepository(AuditLog).countBy({ action: 'information.score_rules.changed', actor: 'qianwei' }),
    ).toBe(1);
    await call('qianwei', '/information/score-rules', 'PUT', {
      rules: [{ level: 'province', kind: 'instruction', points: 20 }],
    });

    const put = await call('zhoutao', '/information/outside-rankings/2023', 'PUT', { scope: 'province', rank: 12 });
    expect(put.status).toBe(200);
    const read = await call<{ rankings: { scope: string; rank: number }[] }>(
      'wangjianguo',
      '/information/outside-rankings/2023',
    );
    expect(read.body.rankings.map((r) => [r.scope, r.rank])).toEqual([['province', 12]]);
  });
});
