import { AuditLog } from '../../entities';
import { defaultCalendar } from '../calendar';
import { insertDemoOrganisation } from '../demo/seed-demo';
import { InformationService, type ItemView } from '../information/items';
import type { Actor } from '../supervision/types';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { docxText } from '../test-support/zip';
import { type MonthlyBulletin, monthlyBulletin } from './information-bulletin';
import { renderMonthlyBulletinDocx } from './information-bulletin-docx';
import { informationFigures } from './information-figures';

const at = (text: string) => new Date(`${text}+08:00`);
const actor = (id: string, role: string): Actor => ({
  id,
  roles: [{ role: role as Actor['roles'][number]['role'], scope: '*' }],
});
const HEMIN = actor('hemin', 'staff'); // 区发展和改革委员会 (31)
const CAOXUE = actor('caoxue', 'staff'); // 区财政局 (32)
const YANGFAN = actor('yangfan', 'staff'); // 区住房和城乡建设局 (33)
const OFFICE = actor('zhoutao', 'supervision_office');
const MEETING = actor('zhenglei', 'meeting_office');
const LEADER = actor('wangjianguo', 'leader');

/**
 * The 政务信息工作通报 of November 2025 on a scratch database (migrations and the demo organisation), the clock on
 * 3 December 2025: items reported and adopted in the month and on either side of it, through the service, and the
 * bulletin's every number against a count by hand (points by the shipped rule table: city whole 10 / part 6 /
 * combined 3, province whole 20, state combined 12; 批示 city 10, province 20).
 */
describe.each(testDatabases())('the monthly information bulletin on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let clock = at('2025-01-02T09:00:00');
  let info: InformationService;
  let bulletin: MonthlyBulletin;
  const bulletinOf = (viewer: Actor, month: string) =>
    monthlyBulletin(scratch.db, defaultCalendar(), viewer, month, clock);

  const reported = async (who: Actor, title: string, day: string) => {
    clock = at(`${day}T09:00:00`);
    const item = await info.create(who, { title, content: `${title}的正文`, submit: true });
    clock = at(`${day}T16:00:00`);
    return info.report(OFFICE, item.id);
  };
  const adopt = (item: ItemView, day: string, level: string, form: string, instructionLevel?: string) => {
    clock = at(`${day}T10:00:00`);
    return info.adopt(OFFICE, item.id, { level, form, adoptedOn: day, instructionLevel });
  };

  beforeAll(async () => {
    await insertDemoOrganisation(scratch.db.manager);
    info = new InformationService(() => scratch.db);
    info.pinClock(() => clock);
    const a = await reported(YANGFAN, '住建局老旧小区改造', '2025-03-05');
    await adopt(a, '2025-03-10', 'state', 'whole'); // 40, in the year before the month
    const f = await reported(CAOXUE, '财政局惠企资金直达', '2025-10-28'); // reported in October
    await adopt(f, '2025-11-02', 'city', 'whole'); // 10
    const b = await reported(HEMIN, '发改委重大项目提速', '2025-11-03');
    const c = await reported(CAOXUE, '财政局预算绩效管理', '2025-11-04');
    await reported(YANGFAN, '住建局安全生产检查', '2025-11-05'); // never adopted
    const e = await reported(YANGFAN, '住建局保障房建设', '2025-11-06');
    await adopt(b, '2025-11-10', 'city', 'part'); // 6
    await adopt(c, '2025-11-12', 'state', 'combined', 'city'); // 12 + 10
    await adopt(b, '2025-11-20', 'province', 'whole', 'province'); // 20 + 20
    await adopt(e, '2025-11-28', 'city', 'combined'); // 3
    clock = at('2025-11-25T09:00:00');
    await info.create(HEMIN, { title: '发改委未报送的信息', content: '已提交未报送', submit: true });
    const h = await reported(YANGFAN, '住建局物业服务提升', '2025-11-29');
    await adopt(h, '2025-12-01', 'city', 'whole'); // after the month
    await reported(HEMIN, '发改委十二月信息', '2025-12-02'); // after the month
    clock = at('2025-12-03T09:00:00');
    bulletin = await bulletinOf(OFFICE, '2025-11');
  });

  it('counts the month and the year to its end as counted by hand, the same as the figures', async () => {
    expect(bulletin).toMatchObject({
      issue: '2025年第11期',
      title: '关于2025年11月政务信息工作情况的通报',
      partial: false,
      office: '区政府办公室',
      madeOn: '2025-12-03',
    });
    expect(bulletin.monthTotals).toEqual({
      from: '2025-11-01',
      to: '2025-11-30',
      reported: 5, // B, C, D, E, H (F was reported in October)
      adopted: 4, // F, B, C, E: B adopted twice counts once
      byLevel: { state: 1, province: 1, city: 3 },
      whole: 2, // F, B
      instructions: 2,
      score: 10 + 6 + 22 + 40 + 3,
    });
    expect(bulletin.yearTotals).toEqual({
      from: '2025-01-01',
      to: '2025-11-30',
      reported: 7,
      adopted: 5,
      byLevel: { state: 2, province: 1, city: 3 },
      whole: 3,
      instructions: 2,
      score: 81 + 40,
    });
    // The city count is the figure 被市政府办公室采用 of the same month.
    const figures = await informationFigures(
      scratch.db.manager,
      defaultCalendar(),
      { db: scratch.db, now: clock },
      {
        from: '2025-11-01',
        to: '2025-11-30',
      },
    );
    expect(figures.figures.find((f) => f.id === 'information.adoptedByCity')?.value).toBe(3);
  });

  it('lists every unit in the month’s order, those with nothing at 0 sharing a place, with the year’s place', () => {
    const rows = bulletin.units.map((u) => [
      u.unit.name,
      ...[u.month.rank, u.month.reported, u.month.adopted, u.month.instructions, u.month.score],
      ...[u.year.rank, u.year.reported, u.year.adopted, u.year.instructions, u.year.score],
    ]);
    expect(rows).toEqual([
      ['区发展和改革委员会', 1, 1, 1, 1, 46, 1, 1, 1, 1, 46],
      ['区财政局', 2, 1, 2, 1, 32, 3, 2, 2, 1, 32],
      ['区住房和城乡建设局', 3, 3, 1, 0, 3, 2, 4, 2, 0, 43],
      ['区教育局', 4, 0, 0, 0, 0, 4, 0, 0, 0, 0],
      ['区民政局', 4, 0, 0, 0, 0, 4, 0, 0, 0, 0],
    ]);
    expect(
      bulletin.adoptions.map((a) => [a.title, a.unit.name, a.levelName + a.formName, a.adoptedOn, a.points]),
    ).toEqual([
      ['财政局惠企资金直达', '区财政局', '市政府办公室全篇采用', '2025-11-02', 10],
      ['发改委重大项目提速', '区发展和改革委员会', '市政府办公室部分采用', '2025-11-10', 6],
      ['财政局预算绩效管理', '区财政局', '国务院办公厅综合采用', '2025-11-12', 22],
      ['发改委重大项目提速', '区发展和改革委员会', '省政府办公厅全篇采用', '2025-11-20', 40],
      ['住建局保障房建设', '区住房和城乡建设局', '市政府办公室综合采用', '2025-11-28', 3],
    ]);
    expect(bulletin.adoptions.map((a) => a.instructionName)).toEqual([null, null, '市领导批示', '省领导批示', null]);
  });

  it('prints the Word document: masthead, title, the totals in words, the units’ rows in order, the adoptions', async () => {
    const text = docxText(await renderMonthlyBulletinDocx(bulletin));
    expect(text).toContain('政务信息工作通报2025年第11期');
    expect(text).toContain('关于2025年11月政务信息工作情况的通报');
    expect(text).toContain(
      '2025年11月，全区各单位共报送信息5条，被采用4条，共采用5次，其中国办1次、省办1次、市政府办公室3次，全篇采用2条；' +
        '领导批示2条；得分81分。本月得分居前的单位是：区发展和改革委员会（46分）、区财政局（32分）、' +
        '区住房和城乡建设局（3分）。',
    );
    expect(text).toContain(
      '截至11月30日，全年累计报送信息7条，被采用5条，共采用6次，其中国办2次、省办1次、市政府办公室3次，全篇采用3条；领导批示2条；得分121分。',
    );
    // Each row's cells run together in the document's text: 名次, 单位, the month's four, the year's four, its place.
    const rows = [
      '1区发展和改革委员会11146111461',
      '2区财政局12132221323',
      '3区住房和城乡建设局3103420432',
      '4区教育局000000004',
      '4区民政局000000004',
    ];
    const places = rows.map((r) => text.indexOf(r));
    expect(places.every((p) => p > 0)).toBe(true);
    expect([...places].sort((x, y) => x - y)).toEqual(places);
    expect(text).toContain('3财政局预算绩效管理区财政局国务院办公厅综合采用11月12日市领导批示22');
    expect(text).toContain('区政府办公室2025年12月3日');
  });

  it('reads the month under way up to today, refuses a month not begun and those who may not read it', async () => {
    const december = await bulletinOf(LEADER, '2025-12');
    expect([december.partial, december.monthTotals.to, december.monthTotals.reported]).toEqual([true, '2025-12-03', 1]);
    expect(december.monthTotals.byLevel.city).toBe(1);
    expect((await bulletinOf(MEETING, '2025-11')).units).toEqual(bulletin.units);
    const audit = await scratch.db.getRepository(AuditLog).count();
    await expect(bulletinOf(OFFICE, '2026-01')).rejects.toMatchObject({
      code: 'month_not_begun',
      message: '2026年1月尚未开始，无法生成政务信息工作通报',
    });
    await expect(bulletinOf(OFFICE, '2025-13')).rejects.toMatchObject({ code: 'invalid_period' });
    await expect(bulletinOf(HEMIN, '2025-11')).rejects.toMatchObject({ code: 'forbidden' });
    expect(await scratch.db.getRepository(AuditLog).count()).toBe(audit);
  });
});
