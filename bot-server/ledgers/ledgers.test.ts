import { type DataSource, In } from 'typeorm';
import {
  AuditLog,
  OfficeBrief,
  OfficeHonour,
  OfficeLedger,
  OfficeLedgerEntry,
  OfficeReception,
  type Role,
} from '../../entities';
import { WorkCalendar } from '../calendar';
import { seedLedgersDemo } from '../demo/seed-ledgers';
import { DomainError } from '../errors/domain-error';
import { drillFigure } from '../reports/engine';
import { LEDGER_SPECS, ledgerFigures } from '../reports/ledger-figures';
import type { Actor } from '../supervision/types';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { LedgerService } from './ledgers';
import { RegisterService } from './registers';

const actor = (id: string, role: Role): Actor => ({ id, roles: [{ role, scope: '*' }] });
const secretariat = actor('zhenglei', 'meeting_office');
const leader = actor('wangjianguo', 'leader');
const unitStaff = actor('hemin', 'staff');

/** Pinned in the middle of 2026 (Shanghai): 2026-06-15 is today, 2026-06-16 the future. */
const NOW = new Date('2026-06-15T10:00:00+08:00');

/** The refusal `work` ends in: its kind, code and message; fails when it succeeds. */
async function refusal(work: Promise<unknown>) {
  try {
    await work;
  } catch (err) {
    if (err instanceof DomainError) return { kind: err.kind, code: err.code, message: err.messageZh };
    throw err;
  }
  throw new Error('expected a refusal');
}

const rowCounts = async (db: DataSource) => ({
  honours: await db.getRepository(OfficeHonour).count(),
  receptions: await db.getRepository(OfficeReception).count(),
  briefs: await db.getRepository(OfficeBrief).count(),
  ledgers: await db.getRepository(OfficeLedger).count(),
  entries: await db.getRepository(OfficeLedgerEntry).count(),
  audit: await db.getRepository(AuditLog).count(),
});

/**
 * The registers and ledgers on a scratch database of each dialect: who may write, what is refused (and that a
 * refusal stores nothing), the audit of every change, and the year's figures equal to a hand count of the records
 * — including records on the last day before and the first day after the year, and amounts that a float sum would
 * get wrong.
 */
describe.each(testDatabases())('office registers and ledgers on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let registers: RegisterService;
  let ledgers: LedgerService;
  const calendar = new WorkCalendar();

  beforeAll(() => {
    registers = new RegisterService(
      () => scratch.db,
      () => NOW,
    );
    ledgers = new LedgerService(
      () => scratch.db,
      () => NOW,
    );
  });

  const figuresOf = async (year: number) => {
    const db = scratch.db;
    const figures = await ledgerFigures(
      db.manager,
      calendar,
      { db, now: NOW },
      {
        from: `${year}-01-01`,
        to: `${year}-12-31`,
      },
    );
    return { ...figures, values: Object.fromEntries(figures.figures.map((f) => [f.id, f.value])) };
  };

  it('keeps the registers: listed per year, edited and deleted with their audit; leaders read, unit staff do not', async () => {
    const honour = await registers.createHonour(secretariat, {
      name: ' 2025年度全省政务信息工作优秀单位 ',
      awardingBody: '省政府办公厅',
      level: 'provincial',
      awardYear: 2025,
      receivedOn: '2026-03-18',
    });
    expect(honour).toMatchObject({ name: '2025年度全省政务信息工作优秀单位', levelName: '省级' });
    const edited = await registers.editHonour(secretariat, honour.id, { level: 'city' });
    expect(edited).toMatchObject({ level: 'city', name: '2025年度全省政务信息工作优秀单位', receivedOn: '2026-03-18' });
    expect((await registers.honours(leader, 2026)).map((h) => h.id)).toEqual([honour.id]);
    expect(await registers.honours(leader, 2025)).toEqual([]);
    expect(await refusal(registers.honours(unitStaff, 2026))).toMatchObject({ kind: 'forbidden' });
    expect(await refusal(registers.createHonour(leader, { name: 'x' }))).toMatchObject({ kind: 'forbidden' });
    await registers.deleteHonour(secretariat, honour.id);
    expect(await registers.honours(leader, 2026)).toEqual([]);
    const trail = await scratch.db
      .getRepository(AuditLog)
      .find({ where: { subjectType: 'office_honour', subjectId: String(honour.id) }, order: { id: 'ASC' } });
    expect(trail.map((a) => [a.action, a.actor])).toEqual([
      ['office_honour.created', 'zhenglei'],
      ['office_honour.edited', 'zhenglei'],
      ['office_honour.deleted', 'zhenglei'],
    ]);
    expect(trail[1]?.before).toMatchObject({ level: 'provincial' });
    expect(trail[1]?.after).toMatchObject({ level: 'city' });
    expect(trail[2]?.before).toMatchObject({ name: '2025年度全省政务信息工作优秀单位' });
  });

  it('refuses bad input with a Chinese message, storing nothing', async () => {
    const ledger = await ledgers.create(secretariat, { year: 2026, kind: 'pairing', name: '2026年结对帮扶（校验）' });
    await registers.createBrief(secretariat, {
      series: '五型政府简报',
      issueNo: 7,
      issuedOn: '2026-05-10',
      title: '第七期',
    });
    const before = await rowCounts(scratch.db);
    const cases: [Promise<unknown>, string, RegExp][] = [
      [
        registers.createHonour(secretariat, {
          name: '  ',
          awardingBody: '市委',
          level: 'city',
          awardYear: 2025,
          receivedOn: '2026-01-05',
        }),
        'invalid',
        /请填写荣誉名称/,
      ],
      [
        registers.createReception(secretariat, {
          receivedOn: '2026-06-16',
          visitingBody: '市政府办公室',
          level: 'city',
          kind: 'research',
          topic: '调研',
        }),
        'invalid',
        /接待日期不能晚于今天/,
      ],
      [
        registers.createReception(secretariat, {
          receivedOn: '2026-02-30',
          visitingBody: '市政府办公室',
          level: 'city',
          kind: 'research',
          topic: '调研',
        }),
        'invalid',
        /接待日期无效/,
      ],
      [
        registers.createBrief(secretariat, {
          series: '五型政府简报',
          issueNo: 7,
          issuedOn: '2026-06-01',
          title: '重号',
        }),
        'conflict',
        /《五型政府简报》2026年第7期已登记/,
      ],
      [
        ledgers.addEntry(secretariat, ledger.id, {
          category: 'raised_funds',
          enteredOn: '2026-03-01',
          title: '捐款',
          amount: '-3',
        }),
        'invalid',
        /金额不能为负数/,
      ],
      [
        ledgers.addEntry(secretariat, ledger.id, {
          category: 'raised_funds',
          enteredOn: '2026-03-01',
          title: '捐款',
          amount: '1.234',
        }),
        'invalid',
        /最多两位小数/,
      ],
      [
        ledgers.addEntry(secretariat, ledger.id, {
          category: 'civic_activity',
          enteredOn: '2026-03-01',
          title: '大扫除',
        }),
        'invalid',
        /“集中活动”不属于结对帮扶类台账/,
      ],
      [
        ledgers.addEntry(secretariat, ledger.id, { category: 'home_visit', enteredOn: '2025-12-31', title: '走访' }),
        'invalid',
        /记录日期应在台账年度（2026年）内/,
      ],
      [
        ledgers.addEntry(secretariat, ledger.id, {
          category: 'home_visit',
          enteredOn: '2026-03-01',
          title: '走访',
          amount: '2',
        }),
        'invalid',
        /不填写金额/,
      ],
      [
        ledgers.create(secretariat, { year: 2026, kind: 'pairing', name: '2026年结对帮扶（校验）' }),
        'conflict',
        /已有名为/,
      ],
      [ledgers.create(secretariat, { year: 2027, kind: 'pairing', name: '明年' }), 'invalid', /年度应为2000年至2026年/],
    ];
    for (const [work, kind, message] of cases) {
      const refused = await refusal(work);
      expect(refused.kind).toBe(kind);
      expect(refused.message).toMatch(message);
    }
    // Editing another brief onto a taken 期数 is refused too.
    const other = await registers.createBrief(secretariat, {
      series: '五型政府简报',
      issueNo: 8,
      issuedOn: '2026-06-10',
      title: '第八期',
    });
    expect(await refusal(registers.editBrief(secretariat, other.id, { issueNo: 7 }))).toMatchObject({
      kind: 'conflict',
      code: 'duplicate_issue',
    });
    // The same 期数 of another year or another series is a different brief.
    await registers.createBrief(secretariat, {
      series: '五型政府简报',
      issueNo: 7,
      issuedOn: '2025-05-10',
      title: '去年',
    });
    await registers.createBrief(secretariat, { series: '督查专报', issueNo: 7, issuedOn: '2026-05-10', title: '督查' });
    const after = await rowCounts(scratch.db);
    expect(after).toEqual({ ...before, briefs: before.briefs + 3, audit: before.audit + 3 });
    // A ledger with entries keeps its kind and is not deleted under them.
    await ledgers.addEntry(secretariat, ledger.id, { category: 'home_visit', enteredOn: '2026-03-01', title: '走访' });
    expect(await refusal(ledgers.edit(secretariat, ledger.id, { kind: 'civic' }))).toMatchObject({
      kind: 'conflict',
      code: 'ledger_has_entries',
    });
    expect(await refusal(ledgers.remove(secretariat, ledger.id))).toMatchObject({
      message: '台账下仍有1条记录，请先删除记录',
    });
    // Clean up for the figures below: entries first, then the ledger and the briefs, each audited.
    const { entries } = await ledgers.get(leader, ledger.id);
    for (const e of entries) await ledgers.removeEntry(secretariat, e.id);
    await ledgers.remove(secretariat, ledger.id);
    for (const b of await scratch.db.getRepository(OfficeBrief).find()) await registers.deleteBrief(secretariat, b.id);
    expect(await rowCounts(scratch.db)).toMatchObject({ briefs: 0, ledgers: 0, entries: 0 });
  });

  it('gives each figure of a year as the hand count of its records, with exact sums and drill-downs', async () => {
    const reception = (receivedOn: string, level: string, kind: string) =>
      registers.createReception(secretariat, { receivedOn, visitingBody: '来访单位', level, kind, topic: '主题' });
    // The year 2025 and its edges.
    await reception('2024-12-31', 'city', 'research');
    await reception('2025-01-01', 'provincial', 'research');
    await reception('2025-03-03', 'city', 'site_meeting');
    await reception('2025-05-05', 'city', 'inspection');
    await reception('2025-08-08', 'other', 'research');
    await reception('2025-12-31', 'national', 'research');
    await reception('2026-01-01', 'city', 'research');
    for (const [issuedOn, series, issueNo] of [
      ['2024-12-31', '五型政府简报', 12],
      ['2025-01-01', '五型政府简报', 1],
      ['2025-02-10', '五型政府简报', 2],
      ['2025-12-31', '督查专报', 1],
      ['2026-01-01', '五型政府简报', 1],
    ] as const) {
      await registers.createBrief(secretariat, { series, issueNo, issuedOn, title: `${series}${issueNo}` });
    }
    await registers.createHonour(secretariat, {
      name: '市级文明单位',
      awardingBody: '市文明委',
      level: 'city',
      awardYear: 2024,
      receivedOn: '2025-12-31',
    });
    const campaign = await ledgers.create(secretariat, { year: 2025, kind: 'campaign', name: '2025年学习教育' });
    const pairing = await ledgers.create(secretariat, { year: 2025, kind: 'pairing', name: '2025年结对帮扶' });
    const civic = await ledgers.create(secretariat, { year: 2025, kind: 'civic', name: '2025年双创' });
    const nextPairing = await ledgers.create(secretariat, { year: 2026, kind: 'pairing', name: '2026年结对帮扶' });
    const add = (ledgerId: number, category: string, enteredOn: string, extra: Record<string, unknown> = {}) =>
      ledgers.addEntry(secretariat, ledgerId, { category, enteredOn, title: `${category} ${enteredOn}`, ...extra });
    await add(campaign.id, 'practical_deed', '2025-01-01');
    await add(campaign.id, 'practical_deed', '2025-06-01');
    await add(campaign.id, 'practical_deed', '2025-12-31');
    await add(campaign.id, 'problem_list', '2025-03-01');
    await add(campaign.id, 'problem', '2025-03-02', { rectified: true, rectifiedOn: '2025-04-01' });
    await add(campaign.id, 'problem', '2025-03-03', { rectified: true, rectifiedOn: '2026-02-01' });
    const open = await add(campaign.id, 'problem', '2025-03-04', { rectified: false });
    await add(pairing.id, 'home_visit', '2025-01-15');
    await add(pairing.id, 'home_visit', '2025-02-15');
    await add(pairing.id, 'raised_funds', '2025-03-01', { amount: '0.1' });
    await add(pairing.id, 'raised_funds', '2025-04-01', { amount: 0.2 });
    await add(pairing.id, 'raised_funds', '2025-05-01', { amount: '12.34' });
    await add(pairing.id, 'project_funds', '2025-06-01', { amount: '12' });
    await add(civic.id, 'civic_funds', '2025-07-01', { amount: '4.8' });
    await add(civic.id, 'civic_funds', '2025-07-02', { amount: '8.35' });
    await add(civic.id, 'civic_activity', '2025-03-05');
    await add(civic.id, 'civic_activity', '2025-09-26');
    await add(nextPairing.id, 'raised_funds', '2026-01-01', { amount: '100' });
    await add(nextPairing.id, 'home_visit', '2026-01-02');

    const year2025 = await figuresOf(2025);
    expect(year2025.values).toEqual({
      'ledgers.honours': 1,
      'ledgers.receptions': 5,
      'ledgers.receptionsProvincialCity': 3,
      'ledgers.receptionsResearch': 1,
      'ledgers.briefs': 3,
      'ledgers.practicalDeeds': 3,
      'ledgers.problemLists': 1,
      'ledgers.problemsFound': 3,
      'ledgers.problemsRectified': 2,
      'ledgers.pairingVisits': 2,
      'ledgers.pairingFunds': 12.64,
      'ledgers.housingFunds': 12,
      'ledgers.civicFunds': 13.15,
      'ledgers.civicActivities': 2,
    });
    expect(year2025.briefsBySeries).toEqual([
      { series: '五型政府简报', issues: 2 },
      { series: '督查专报', issues: 1 },
    ]);
    const ledgerView = (await ledgers.list(leader, 2025)).find((l) => l.id === pairing.id);
    expect(ledgerView?.totals).toEqual([
      { category: 'home_visit', entries: 2, amount: null },
      { category: 'raised_funds', entries: 3, amount: '12.64' },
      { category: 'project_funds', entries: 1, amount: '12.00' },
    ]);

    // Rectifying the open problem counts it; editing does not move it out of its year.
    await ledgers.editEntry(secretariat, open.id, { rectified: true, rectifiedOn: '2026-06-15' });
    expect((await figuresOf(2025)).values['ledgers.problemsRectified']).toBe(3);
    expect((await figuresOf(2026)).values).toMatchObject({
      'ledgers.receptions': 1,
      'ledgers.briefs': 1,
      'ledgers.pairingFunds': 100,
      'ledgers.pairingVisits': 1,
      'ledgers.problemsFound': 0,
    });

    // Every drill-down lists exactly the records its figure counted, and a sum's items add up to it.
    const db = scratch.db;
    for (const spec of LEDGER_SPECS) {
      const drilled = await drillFigure(
        db.manager,
        calendar,
        { db, now: NOW },
        spec,
        { from: '2025-01-01', to: '2025-12-31' },
        {},
        { limit: 200, offset: 0 },
      );
      const figure = (await figuresOf(2025)).figures.find((f) => f.id === spec.id);
      expect([spec.id, drilled.total]).toEqual([spec.id, figure?.records]);
      expect(drilled.items.every((i) => i.date >= '2025-01-01' && i.date <= '2025-12-31')).toBe(true);
      if (spec.kind === 'sum') {
        const cents = drilled.items.reduce((s, i) => s + Math.round((i.amount ?? 0) * 100), 0);
        expect([spec.id, cents / 100]).toEqual([spec.id, figure?.value]);
      }
      // Each record opens a page the mini-app has: a register's year on its tab, an entry's ledger.
      const entries = await db.getRepository(OfficeLedgerEntry).findBy({ id: In(drilled.items.map((i) => i.id)) });
      const ledgerOf = new Map(entries.map((e) => [e.id, e.ledgerId]));
      const tab = { honours: 'honours', receptions: 'receptions', briefs: 'briefs' }[spec.domain as string];
      for (const item of drilled.items) {
        expect([spec.id, item.link]).toEqual([
          spec.id,
          tab ? `/m/ledgers?tab=${tab}&year=2025` : `/m/ledgers/books/${ledgerOf.get(item.id)}`,
        ]);
      }
    }
    const briefs = await drillFigure(
      db.manager,
      calendar,
      { db, now: NOW },
      LEDGER_SPECS.find((s) => s.id === 'ledgers.briefs') as (typeof LEDGER_SPECS)[number],
      { from: '2025-01-01', to: '2025-12-31' },
      { type: '五型政府简报' },
      { limit: 50, offset: 0 },
    );
    expect(briefs.items.map((i) => [i.number, i.date])).toEqual([
      ['1', '2025-01-01'],
      ['2', '2025-02-10'],
    ]);
  });

  it('seeds plausible demo registers and ledgers for last year and this year up to today', async () => {
    for (const entity of [OfficeLedgerEntry, OfficeLedger, OfficeBrief, OfficeReception, OfficeHonour]) {
      await scratch.db.createQueryBuilder().delete().from(entity).execute();
    }
    await scratch.db.transaction((manager) => seedLedgersDemo(manager, NOW));
    const lastYear = await figuresOf(2025);
    expect(lastYear.briefsBySeries).toEqual([
      { series: '五型政府简报', issues: 12 },
      { series: '督查专报', issues: 4 },
    ]);
    expect(lastYear.values).toMatchObject({
      'ledgers.honours': 3,
      'ledgers.receptions': 9,
      'ledgers.receptionsProvincialCity': 8,
      'ledgers.pairingFunds': 8.85,
      'ledgers.housingFunds': 12,
      'ledgers.civicFunds': 13.15,
      'ledgers.problemsFound': 4,
      'ledgers.problemsRectified': 3,
    });
    const thisYear = await figuresOf(2026);
    // Up to 15 June 2026: the briefs of January to June, three honours, the half-year's receptions.
    expect(thisYear.briefsBySeries).toEqual([
      { series: '五型政府简报', issues: 6 },
      { series: '督查专报', issues: 2 },
    ]);
    expect(thisYear.values['ledgers.honours']).toBe(3);
    expect(thisYear.values['ledgers.pairingFunds']).toBe(3.6);
    expect(thisYear.values['ledgers.problemsRectified']).toBe(3);
  });
});
