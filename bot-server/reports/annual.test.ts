import { unzip } from '../test-support/zip';
import { ANNUAL_LAYOUT, type AnnualFigure, type AnnualReport, changeOf, summaryParagraphs } from './annual';
import { renderAnnualDocx } from './annual-docx';
import { outlookStatements } from './annual-outlook';
import type { AnnualStatement } from './annual-statements';
import { ANNUAL_TEMPLATE } from './annual-template';
import type { FigureValue } from './engine';

/**
 * The summary says only what a record backs, in the direction the records went: pure checks of the template and
 * the sentences, without a database (reports.test.ts counts the figures themselves).
 */

const figure = (name: string, text: string | null): AnnualFigure => ({
  name,
  label: name,
  figure: name,
  value: text === null ? null : Number.parseFloat(text),
  text,
  definition: '口径',
  records: 1,
});

const statement = (name: AnnualStatement['name'], text: string): AnnualStatement => ({
  name,
  label: name,
  text,
  definition: '口径',
  records: text.startsWith('【') ? 0 : 1,
});

/** What the registers hold in the reports below: one honour, no title adopted whole, no ranking recorded yet. */
const STATEMENTS = [
  statement('honours', '全年获得“市级文明单位”荣誉。'),
  statement('wholeAdopted', ''),
  statement(
    'rankings',
    '【待填写：政务信息得分全市排名（上级通报后登记）】，【待填写：政务信息得分全省排名（上级通报后登记）】。',
  ),
  statement('shortfalls', '对照全年目标任务，工作中还存在一些不足：一是督办事项办理时效有待提高。【请核改：请补充】'),
  statement('plans', '2027年，将重点做好以下工作：一是紧盯时限抓督办。【请核改：请结合部署补充】'),
];

/** A report with every figure the template names: counts as 7, rates as 50.0%, the changes given. */
function reportWith(outgoing: [number, number], meetings: [number, number], office = '某区政府办公室'): AnnualReport {
  const names = [
    ...new Set(ANNUAL_TEMPLATE.flatMap((b) => [...b.text.matchAll(/\{([^?}][^}]*)\}/g)].map((m) => m[1]))),
  ];
  const special = new Set(['year', 'office', 'outgoingChange', 'meetingChange', ...STATEMENTS.map((s) => s.name)]);
  return {
    year: 2026,
    from: '2026-01-01',
    to: '2026-12-31',
    office,
    writtenAt: '2026-12-30T02:00:00.000Z',
    figures: names
      .filter((n): n is string => n !== undefined && !special.has(n))
      .map((n) => figure(n, /Rate|within/.test(n) ? '50.0%' : '7')),
    changes: [
      changeOf('outgoingChange', '发文数量', 'documents.drafted', ...outgoing),
      changeOf('meetingChange', '会议数量', 'annual.meetings', ...meetings),
    ],
    statements: STATEMENTS,
    needsPerson: [],
    layout: [],
  };
}

const textOf = (report: AnnualReport) =>
  summaryParagraphs(report)
    .map((b) => b.pieces.map((p) => p.text).join(''))
    .join('\n');

/** The text with every 【…】 mark taken out: what the summary asserts by itself. */
const asserted = (text: string) => text.replace(/【[^】]*】/g, '');

describe('the year-end summary', () => {
  it("lays the mini-app's page out as the template writes it: every figure once, in its item, with its measure word", () => {
    const placed = ANNUAL_LAYOUT.flatMap((s) => s.items.flatMap((i) => i.figures));
    const named = ANNUAL_TEMPLATE.flatMap((b) => [...b.text.matchAll(/\{([^?}][^}]*)\}/g)].map((m) => m[1]));
    expect(placed.sort()).toEqual(named.filter((n) => n !== 'year' && n !== 'office').sort());
    expect(ANNUAL_LAYOUT.map((s) => s.title)).toEqual([
      '开篇',
      '一、办文办会、信息调研和督查督办',
      '二、中心工作',
      '三、队伍建设',
      '四、存在的不足和下一步打算',
    ]);
    const item = (title: string) => ANNUAL_LAYOUT.flatMap((s) => s.items).find((i) => i.title === title);
    expect(item('2.机关党建')).toEqual({
      title: '2.机关党建',
      figures: ['branchAssembly', 'themePartyDay', 'branchCommittee', 'partyCell', 'partyLecture'],
      units: { branchAssembly: '次', themePartyDay: '次', branchCommittee: '次', partyCell: '次', partyLecture: '次' },
      gaps: null,
    });
    expect(item('1.办文办会')?.units).toMatchObject({ received: '件', 'sign.median': '个工作日', receptions: '次' });
    expect(item('1.办文办会')?.units).not.toHaveProperty('completionRate');
    expect(item('2.结对帮扶')?.units).toEqual({ pairingVisits: '次', pairingFunds: '万元', housingFunds: '万元' });
    expect(item('1.学习培训')).toMatchObject({ figures: ['groupStudy', 'secretaryStudy'], gaps: '三、1' });
    expect(item('开篇')).toMatchObject({ figures: ['honours'], gaps: '开篇' });
    expect(item('2.信息调研')).toMatchObject({ gaps: '一、2' });
  });

  it('chooses the sentence of a change by its sign: up, down, flat, and no last year', () => {
    const up = changeOf('outgoingChange', '发文数量', 'documents.drafted', 8, 3);
    expect(up).toMatchObject({ direction: 'up', change: 5, changeRate: 1.6667, text: '增加5件、增长166.7%' });
    expect(up.sentence).toBe('全年发文8件，比上年增加5件、增长166.7%。【请核改：发文数量比上年增加，请说明原因】');

    const down = changeOf('meetingChange', '会议数量', 'annual.meetings', 68, 94);
    expect(down).toMatchObject({ direction: 'down', change: -26, text: '减少26次、下降27.7%' });
    expect(down.sentence).toBe('全年召开会议68次，比上年减少26次、下降27.7%，精简会议取得实效。');

    const flat = changeOf('outgoingChange', '发文数量', 'documents.drafted', 4, 4);
    expect(flat).toMatchObject({ direction: 'flat', text: '与上年持平' });
    expect(flat.sentence).toBe('全年发文4件，与上年持平。');

    const none = changeOf('meetingChange', '会议数量', 'annual.meetings', 12, 0);
    expect(none).toMatchObject({ direction: 'none', changeRate: null });
    expect(none.sentence).toBe('全年召开会议12次（督办系统中无上年记录，不作同比）。');
    expect(none.sentence).not.toMatch(/增加|减少/);
  });

  it.each([
    ['an increase', [8, 3], /增加5件、增长166\.7%/],
    ['a decrease', [3, 8], /减少5件、下降62\.5%，精简文件取得实效/],
    ['no change', [5, 5], /全年发文5件，与上年持平/],
  ] as const)('writes %s of documents under 精简文件和会议 as it went', (_, outgoing, sentence) => {
    const text = textOf(reportWith([outgoing[0], outgoing[1]], [10, 10]));
    const item = text.split('\n').find((line) => line.startsWith('4.“五型”政府建设和精简文件会议。')) ?? '';
    expect(item).toMatch(sentence);
    if (outgoing[0] > outgoing[1]) expect(asserted(item)).not.toMatch(/发文[^。]*(减少|下降)|精简文件取得实效/);
    if (outgoing[0] < outgoing[1]) expect(asserted(item)).not.toMatch(/发文[^。]*(增加|增长)/);
  });

  it("carries none of the sample summary's own claims, and says what each figure counts in its measure word", () => {
    const text = textOf(reportWith([3, 5], [10, 12]));
    const own = asserted(text);
    // Claims no record of this office backs; the honours and rankings are said only as the registers hold them.
    for (const claim of ['江西', '视察', '全会', '国办', '历史最好', '党史学习教育', '乡村振兴', '排名第', '先进']) {
      expect({ claim, found: own.includes(claim) }).toEqual({ claim, found: false });
    }
    expect(own).toContain('全年获得“市级文明单位”荣誉。');
    expect(text).toContain('【待填写：政务信息得分全市排名（上级通报后登记）】');
    // 督查 recorded as visits and calls, and as 催办 in the system; bulletins and notices are issues (期), articles 篇.
    expect(text).toContain('现场督查、电话督查7次，督查室在督办系统中催办7次');
    expect(text).toContain('编发督查通报7期');
    expect(text).toContain('印发违反会风会纪通报7期');
    expect(text).toContain('上报约稿7篇，采用7篇');
    expect(text).toContain('筹集帮扶资金7万元');
    // 值班信访: visits in 起 and 人次, calls and the reports of emergency information counted exactly (no 余).
    expect(text).toContain('接待上访群众7起7人次，处理信访交办函7起；值班接听处理各类电话7次，报送应急值班信息7条；');
    expect(text).not.toMatch(/余次/);
    expect(text).not.toMatch(/印发\d+次/);
    // The office is the configured one, and no placeholder is left over.
    expect(text).toContain('2026年，某区政府办公室在区委、区政府的领导下');
    expect(text).not.toMatch(/\{|\}/);
  });

  it('prints the figures in plain type, the gaps marked, and the 署名 and 成文日期 after the last paragraph', async () => {
    const docx = await renderAnnualDocx(reportWith([3, 5], [10, 12]));
    const xml = unzip(docx).get('word/document.xml')?.toString('utf8') ?? '';
    const runs = [...xml.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map((m) => m[1] ?? '');
    const runOf = (text: string) => runs.find((r) => r.includes(`>${text}<`)) ?? '';
    const withFigure = runs.find((r) => r.includes('全年通过督办系统处理各类来文7件'));
    expect(withFigure).toBeDefined();
    expect(withFigure).not.toContain('<w:b/>');
    expect(runs.filter((r) => r.includes('【待填写：')).every((r) => r.includes('w:highlight'))).toBe(true);
    expect(runOf('某区政府办公室')).not.toBe('');
    expect(runOf('2026年12月30日')).not.toBe('');
    expect(xml.indexOf('>2026年12月30日<')).toBeGreaterThan(xml.indexOf('将重点做好以下工作'));
    expect(xml).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});

describe('不足 and 打算 drafted from the figures', () => {
  const counts = (entries: Record<string, number>) =>
    new Map<string, FigureValue>(Object.entries(entries).map(([id, n]) => [id, { value: n, records: n }]));
  const rate = (records: number, part: number): FigureValue => ({ value: part / records, records, part });
  const units = [
    { rank: 1, id: '31', name: '区发改委', count: 3 },
    { rank: 2, id: '33', name: '区住建局', count: 2 },
    { rank: 3, id: '34', name: '区教体局', count: 1 },
    { rank: 4, id: '35', name: '区民政局', count: 1 },
  ];

  it('names each shortfall the records show, with its numbers and the units where overdue matters gather', () => {
    const values = counts({
      'matters.assigned': 52,
      'matters.completed': 40,
      'matters.completedOnTime': 36,
      'matters.overdueOpen': 7,
      'documents.overdueOpen': 2,
      'research.problems': 9,
      'research.problemsToMatters': 6,
      'ledgers.problemsFound': 10,
      'ledgers.problemsRectified': 8,
    });
    values.set('documents.sign.onTimeRate', rate(20, 19));
    values.set('annual.submit.onTimeRate', rate(10, 10));
    values.set('annual.deputy.replyRate', rate(50, 47));
    values.set('annual.deputy.satisfactionRate', rate(47, 47));
    const [shortfalls, plans] = outlookStatements(values, units, 2026);
    expect(shortfalls?.text).toBe(
      '对照全年目标任务，工作中还存在一些不足：一是督办事项办理时效有待提高，全年交办事项中逾期办结4件，截至统计时逾期未办结7件，' +
        '逾期未办结事项主要集中在区发改委、区住建局、区教体局等单位；二是公文运转时效还有差距，文件在时限内签发的比例为95.0%，' +
        '截至统计时仍有2个公文办理时限已过而未完成；三是建议提案办理质量仍需提升，全年交办的建议提案中尚有3件未办复；' +
        '四是问题整改还不够彻底，学习教育中查找出的问题尚有2个未整改到位。' +
        '【请核改：以上据督办系统记录归纳，请补充思想作风、能力素质等方面的不足】',
    );
    // 4 late, 7 overdue, 1 not signed in time, 2 documents overdue, 3 not answered, 2 not rectified.
    expect(shortfalls?.records).toBe(19);
    expect(plans?.records).toBe(12 + 3 + 3 + 2);
    expect(plans?.text).toBe(
      '2027年，将重点做好以下工作：一是紧盯时限抓督办，对本年度尚未办结的12件督办事项（其中逾期7件）逐件跟踪、对账销号；' +
        '二是提高办文办会质效，严格落实文件签发和电子收文拟办呈送时限，持续精简文件和会议；' +
        '三是做好建议提案办理，推动尚未办复的3件建议提案按期办复，提高办复质量和代表委员满意率；' +
        '四是加强信息调研，对调研发现的3个尚未转办的问题跟踪落实，提升政务信息报送质量；' +
        '五是抓好问题整改，推动学习教育中尚未整改的2个问题整改到位。【请核改：请结合区委、区政府下一年度工作部署补充】',
    );
  });

  it('claims no shortfall the records do not show, and plans no follow-up of nothing', () => {
    const values = counts({ 'matters.assigned': 5, 'matters.completed': 5, 'matters.completedOnTime': 5 });
    values.set('documents.sign.onTimeRate', rate(4, 4));
    const [shortfalls, plans] = outlookStatements(values, [], 2026);
    expect(shortfalls?.text).toBe(
      '从督办系统记录看，全年事项、公文和建议提案均在时限内办理。【请核改：以上据督办系统记录归纳，请补充思想作风、能力素质等方面的不足】',
    );
    expect(shortfalls?.records).toBe(0);
    expect(plans?.text).not.toMatch(/\d+件|\d+个|五是/);
    expect(plans?.text).toMatch(/^2027年，将重点做好以下工作：一是紧盯时限抓督办，坚持按工作日时限交办/);
  });
});
