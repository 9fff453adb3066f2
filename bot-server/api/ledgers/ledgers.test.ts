import {
  AuditLog,
  OfficeBrief,
  OfficeHonour,
  OfficeLedger,
  OfficeLedgerEntry,
  OfficeReception,
} from '../../../entities';
import type { LedgerFigures } from '../../reports/ledger-figures';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';

type ErrorBody = { error: { code: string; message: string; details?: { message: string }[] } };
type Item = { id: number } & Record<string, unknown>;

/**
 * The registers and ledgers through the API: 会务 and 督查室 write, leaders read, other roles are refused; bad input
 * is answered 400 (409 for a taken 期数) with a Chinese message and stores nothing; a delete is audited; the figures
 * and a drill-down of the year. The clock is pinned in 2024, a year the demo seeds nothing in.
 */
describe.each(testDatabases())('office registers and ledgers through the API on $name', (target) => {
  const clock = new Date('2024-06-12T10:00:00+08:00');
  const demo = useDemoDuban(target, {
    users: ['zhenglei', 'zhoutao', 'wangjianguo', 'hemin', 'fenggang', 'qianwei'],
    clock: { now: () => clock, on: ['matters'] },
  });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api/ledgers');
  const counts = async () => ({
    honours: await demo.db.getRepository(OfficeHonour).count(),
    receptions: await demo.db.getRepository(OfficeReception).count(),
    briefs: await demo.db.getRepository(OfficeBrief).count(),
    ledgers: await demo.db.getRepository(OfficeLedger).count(),
    entries: await demo.db.getRepository(OfficeLedgerEntry).count(),
    audit: await demo.db.getRepository(AuditLog).count(),
  });
  const honour = {
    name: '2023年度全省政务信息工作优秀单位',
    awardingBody: '省政府办公厅',
    level: 'provincial',
    awardYear: 2023,
    receivedOn: '2024-03-18',
  };

  it('lets 会务 and 督查室 write, leaders and administrators read, and refuses every other role', async () => {
    const created = await call<{ item: Item }>('zhenglei', '/honours', 'POST', honour);
    expect([created.status, created.body.error]).toEqual([201, undefined]);
    const reception = await call<{ item: Item }>('zhoutao', '/receptions', 'POST', {
      receivedOn: '2024-05-15',
      visitingBody: '省发展改革委',
      level: 'provincial',
      kind: 'site_meeting',
      topic: '全省重大项目建设现场推进会',
    });
    expect(reception.status).toBe(201);
    for (const reader of ['wangjianguo', 'qianwei', 'zhoutao']) {
      const list = await call<{ items: Item[] }>(reader, '/honours?year=2024');
      expect([reader, list.status, list.body.items?.map((h) => h.name)]).toEqual([reader, 200, [honour.name]]);
    }
    for (const outsider of ['hemin', 'fenggang']) {
      expect((await call(outsider, '/honours?year=2024')).status).toBe(403);
      expect((await call(outsider, '/figures?year=2024')).status).toBe(403);
    }
    expect((await call('wangjianguo', '/honours', 'POST', honour)).status).toBe(403);
    expect((await call('wangjianguo', `/honours/${created.body.item.id}`, 'DELETE')).status).toBe(403);
    expect((await call('hemin', '/books', 'POST', { year: 2024, kind: 'civic', name: '双创' })).status).toBe(403);

    const before = await counts();
    const removed = await call('zhenglei', `/receptions/${reception.body.item.id}`, 'DELETE');
    expect(removed.status).toBe(204);
    expect(await counts()).toEqual({ ...before, receptions: before.receptions - 1, audit: before.audit + 1 });
    const trail = await demo.db.getRepository(AuditLog).findOneByOrFail({
      subjectType: 'office_reception',
      subjectId: String(reception.body.item.id),
      action: 'office_reception.deleted',
    });
    expect([trail.actor, trail.before]).toEqual([
      'zhenglei',
      expect.objectContaining({ topic: '全省重大项目建设现场推进会' }),
    ]);
    expect((await call('zhenglei', `/receptions/${reception.body.item.id}`, 'DELETE')).status).toBe(404);
  });

  it('answers bad input with a Chinese message and stores nothing', async () => {
    const book = await call<{ ledger: Item }>('zhenglei', '/books', 'POST', {
      year: 2024,
      kind: 'pairing',
      name: '2024年结对帮扶',
    });
    expect(book.status).toBe(201);
    const brief = { series: '五型政府简报', issueNo: 3, issuedOn: '2024-03-10', title: '3月工作动态' };
    expect((await call('zhenglei', '/briefs', 'POST', brief)).status).toBe(201);
    const entries = `/books/${book.body.ledger.id}/entries`;
    const before = await counts();
    const cases: [string, string, unknown, number, string, RegExp][] = [
      ['/honours', 'POST', { ...honour, name: ' ' }, 400, 'invalid_input', /请填写荣誉名称/],
      ['/honours', 'POST', { ...honour, receivedOn: '2024-06-13' }, 400, 'future_date', /获得日期不能晚于今天/],
      ['/briefs', 'POST', { ...brief, title: '重号' }, 409, 'duplicate_issue', /2024年第3期已登记/],
      [
        entries,
        'POST',
        { category: 'raised_funds', enteredOn: '2024-03-01', title: '捐款', amount: '-5' },
        400,
        'negative_amount',
        /金额不能为负数/,
      ],
      [
        entries,
        'POST',
        { category: 'civic_activity', enteredOn: '2024-03-01', title: '大扫除' },
        400,
        'category_not_of_kind',
        /不属于结对帮扶类台账/,
      ],
      ['/honours', 'POST', { ...honour, extra: 1 }, 400, 'invalid_body', /提交的内容有误/],
      ['/honours?year=abc', 'GET', undefined, 400, 'invalid_body', /提交的内容有误/],
      ['/figures/drill?figure=ledgers.nothing&year=2024', 'GET', undefined, 400, 'unknown_figure', /没有统计项/],
      ['/honours?year=2025', 'GET', undefined, 400, 'invalid_year', /年度应为2000年至2024年/],
    ];
    for (const [path, method, body, status, code, message] of cases) {
      const res = await call(method === 'GET' ? 'wangjianguo' : 'zhenglei', path, method, body);
      expect([path, res.status, res.body.error?.code]).toEqual([path, status, code]);
      expect(res.body.error?.message).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });

  it('gives the year’s figures and their drill-down', async () => {
    const book = await call<{ ledgers: Item[] }>('wangjianguo', '/books?year=2024');
    const pairing = book.body.ledgers.find((l) => l.name === '2024年结对帮扶') as Item;
    for (const amount of ['0.1', 0.2, '12.34']) {
      const res = await call(`zhenglei`, `/books/${pairing.id}/entries`, 'POST', {
        category: 'raised_funds',
        enteredOn: '2024-04-01',
        title: `筹集资金${amount}`,
        amount,
      });
      expect([res.status, res.body.error]).toEqual([201, undefined]);
    }
    const figures = await call<{ figures: LedgerFigures }>('wangjianguo', '/figures?year=2024');
    expect(figures.status).toBe(200);
    const value = (id: string) => figures.body.figures.figures.find((f) => f.id === id)?.value;
    expect([value('ledgers.honours'), value('ledgers.briefs'), value('ledgers.pairingFunds')]).toEqual([1, 1, 12.64]);
    expect(value('ledgers.receptions')).toBe(0);
    const drill = await call<{ total: number; items: { title: string; amount: number }[] }>(
      'wangjianguo',
      '/figures/drill?figure=ledgers.pairingFunds&year=2024',
    );
    expect([drill.status, drill.body.total, drill.body.items.map((i) => i.amount)]).toEqual([
      200,
      3,
      [0.1, 0.2, 12.34],
    ]);
  });
});
