import { DutyShift, OFFICE_WIDE, type Role } from '../../entities';
import { dutyFigures } from '../reports/duty-figures';
import type { Actor } from '../supervision/types';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import { describeReading, readDocument, squeezed } from '../test-support/document-reader';
import { docxText } from '../test-support/zip';
import { type MonthlySummary, monthlySummary } from './monthly-summary';
import { renderMonthlySummaryDocx } from './monthly-summary-docx';

const actor = (id: string, role: Role): Actor => ({ id, roles: [{ role, scope: OFFICE_WIDE }] });
const OFFICE = actor('zhenglei', 'meeting_office');
const SUPERVISION = actor('zhoutao', 'supervision_office');
const LEADER = actor('wangjianguo', 'leader');
const at = (text: string) => new Date(text);

/** Every cell of the section's table, row by row, as printed. */
const tableOf = (summary: MonthlySummary, key: string) => {
  const table = summary.sections.find((s) => s.key === key)?.blocks.find((b) => b.kind === 'table');
  return table?.kind === 'table' ? table.rows.map((r) => r.map(String)) : [];
};
const textOf = (summary: MonthlySummary, key: string) =>
  (summary.sections.find((s) => s.key === key)?.blocks ?? [])
    .flatMap((b) => (b.kind === 'table' ? [] : [b.text]))
    .join('\n');

/**
 * The 值班工作月报 of October 2024 (a month the demo seeds nothing in: 国庆节 1–7 October, 调休上班 12 October), with
 * the clock on 5 November 2024: the roster generated for the month, three 交接班记录, four visits and seven calls in
 * the month and one of each on either side of it. Every figure below is counted by hand from what the test records.
 */
describe.each(testDatabases())('the monthly duty summary on $name', (target) => {
  const clock = at('2024-11-05T10:00:00+08:00');
  const demo = useDemoDuban(target, { clock: { now: () => clock, on: ['matters'] } });
  let summaryOf: (viewer: Actor, month?: string) => Promise<MonthlySummary>;

  beforeAll(async () => {
    const services = demo.duban.services();
    services.duty.useClock(() => clock);
    summaryOf = (viewer, month = '2024-10') =>
      monthlySummary(services.db, services.deadlines.calendar(), viewer, month, clock);
    await services.duty.generate('zhenglei', {
      month: '2024-10',
      leaderUserIds: ['zhaozhiqiang', 'liming', 'chenjing'],
      staffUserIds: ['zhenglei', 'zhoutao', 'sunli', 'hemin'],
    });
    const shifts = demo.db.getRepository(DutyShift);
    const first = await shifts.findOneByOrFail({ date: '2024-10-01', kind: 'day' });
    const last = await shifts.findOneByOrFail({ date: '2024-10-31', kind: 'night' });
    const office = { id: 'zhenglei', office: true };
    await services.duty.addHandover(office, first.id, '国庆值班平稳。\n已检查消防通道');
    await services.duty.addHandover(office, first.id, '区应急局来电已转告');
    await services.duty.addHandover(office, last.id, '夜间无异常');

    const visit = (visitedAt: string, petitioners: number, representativeName: string, more = {}) =>
      services.petitions.register(OFFICE, {
        visitedAt: at(visitedAt),
        petitioners,
        representativeName,
        representativeContact: '13812345678',
        content: `反映小区供暖管道漏水（${petitioners}人）`,
        ...more,
      });
    await visit('2024-09-30T23:59:00+08:00', 1, '前月人');
    await visit('2024-10-03T10:00:00+08:00', 1, '张三丰', { departmentId: '33', outcome: 'answered' });
    const collective = await visit('2024-10-10T09:00:00+08:00', 8, '李四', {
      departmentId: '33',
      outcome: 'referred',
    });
    const repeat = await visit('2024-10-20T15:00:00+08:00', 3, '王五', { departmentId: '33' });
    await services.petitions.linkRepeat(OFFICE, repeat.id, collective.id);
    await services.petitions.turnIntoMatter(SUPERVISION, repeat.id, {});
    await visit('2024-10-31T23:30:00+08:00', 5, '欧阳明');
    await visit('2024-11-01T00:00:00+08:00', 2, '下月人');

    const call = (calledAt: string, callerType: 'public' | 'superior' | 'department', outcome = 'answered') =>
      services.phoneLog.record(OFFICE, {
        calledAt: at(calledAt),
        callerType,
        topic: '咨询',
        outcome: outcome as 'answered' | 'referred',
        referredDepartmentId: outcome === 'referred' ? '33' : null,
      });
    await call('2024-09-30T23:00:00+08:00', 'public');
    for (const day of ['01', '02', '03']) await call(`2024-10-${day}T09:00:00+08:00`, 'public');
    await call('2024-10-04T09:00:00+08:00', 'public', 'referred');
    await call('2024-10-08T09:00:00+08:00', 'superior');
    await call('2024-10-09T09:00:00+08:00', 'superior');
    await call('2024-10-31T23:59:00+08:00', 'department', 'referred');
    await call('2024-11-01T00:00:00+08:00', 'public');

    // Two incidents known in the month (a 较大 one at 02:00 on 6 October: 电话初报 within 30 minutes, 书面初报 within 60),
    // and one known on 30 September whose 终报 went up on 1 October: 4 reports upward in the month, one 40 minutes late.
    const incident = (knownAt: string, level: string, place: string) =>
      services.incidents.record(OFFICE, {
        occurredAt: at(knownAt),
        knownAt: at(knownAt),
        place,
        category: 'accident',
        level,
        summary: `${place}发生交通事故`,
        source: '区应急管理局',
      });
    const report = (id: number, kind: string, reportedAt: string) =>
      services.incidents.addReport(OFFICE, id, {
        kind,
        recipient: '市政府总值班室',
        channel: 'phone',
        reportedAt: at(reportedAt),
      });
    const before = await incident('2024-09-30T22:00:00+08:00', 'general', '前月路口');
    await report(before.id, 'written', '2024-09-30T23:00:00+08:00');
    await report(before.id, 'final', '2024-10-01T08:00:00+08:00');
    const night = await incident('2024-10-06T02:00:00+08:00', 'large', '环城东路');
    await report(night.id, 'phone', '2024-10-06T02:20:00+08:00');
    await report(night.id, 'written', '2024-10-06T03:40:00+08:00');
    await report(night.id, 'final', '2024-10-07T09:00:00+08:00');
    await incident('2024-10-31T23:00:00+08:00', 'general', '滨河路');
  }, 120_000);

  it('counts the shifts, the holidays, the visits and the calls of the month as a hand count does', async () => {
    const summary = await summaryOf(OFFICE);
    expect(summary).toMatchObject({
      from: '2024-10-01',
      to: '2024-10-31',
      partial: false,
      title: '区政府办公室2024年10月值班工作月报',
      madeOn: '2024-11-05',
      personalHidden: false,
    });
    expect(summary.sections.map((s) => s.key)).toEqual(['shifts', 'holidays', 'visits', 'calls', 'incidents']);
    // 31 days, two shifts a day; 国庆节 7 days, weekends 13, 19, 20, 26, 27 (the 12th is worked).
    expect(textOf(summary, 'shifts')).toContain(
      '本月共值守62个班次，其中白班31个、夜班31个；法定节假日值守14个班次，休息日值守10个班次。' +
        '带班领导3人、值班人员4人参加值班，填写交接班记录3条。',
    );
    const shifts = tableOf(summary, 'shifts');
    expect(shifts).toHaveLength(62);
    expect(shifts[0]?.slice(0, 2)).toEqual(['10月1日（国庆节）', '白班']);
    expect(shifts[0]?.[4]).toBe('2条');
    expect(shifts[61]?.slice(0, 2)).toEqual(['10月31日（周四）', '夜班']);
    expect(textOf(summary, 'shifts')).toContain('10月1日白班（郑磊，11月5日 10:00）：国庆值班平稳。　已检查消防通道');
    expect(textOf(summary, 'holidays')).toBe(
      '本月法定节假日7天：国庆节10月1日至10月7日（7天，值守14个班次）。调休上班1天：10月12日。休息日5天，工作日19天。',
    );
    // 4 visits, 1 + 8 + 3 + 5 people; collective: 8 and 5; one repeat; one answered, one referred, one turned, one
    // without an outcome yet.
    expect(textOf(summary, 'visits')).toBe(
      '本月接待来访群众4起17人次，其中集体访2起13人次，重复访1起；当场答复1起，转交办理1起，转为督办事项1起，' +
        '尚未填写处理结果1起。',
    );
    const visits = tableOf(summary, 'visits');
    expect(visits.map((r) => r[2])).toEqual(['张三丰', '李四', '王五', '欧阳明']);
    expect(visits.map((r) => r[3])).toEqual(['1', '8', '3', '5']);
    expect(visits[1]?.[5]).toBe('【集体访】反映小区供暖管道漏水（8人）');
    expect(visits[2]?.[5]).toBe('【重复访】反映小区供暖管道漏水（3人）');
    expect(visits[2]?.[6]).toMatch(/^交办督办（信访〔2024〕\d+号）$/);
    expect(visits[3]?.[1]).toBe('10月31日');
    expect(visits[3]?.[4]).toBe('—');
    // 7 calls: 群众 3 answered + 1 referred, 上级机关 2 answered, 部门单位 1 referred.
    expect(textOf(summary, 'calls')).toBe(
      '本月接听各类电话7次，其中群众4次、上级机关2次、部门单位1次；已答复5次，已转办2次。',
    );
    expect(tableOf(summary, 'calls')).toEqual([
      ['群众', '3', '1', '4'],
      ['上级机关', '2', '0', '2'],
      ['部门单位', '0', '1', '1'],
      ['其他', '0', '0', '0'],
      ['合计', '5', '2', '7'],
    ]);
    expect(textOf(summary, 'incidents')).toBe(
      '本月接报突发事件信息2起（较大1起、一般1起），向上级报送应急值班信息4条（电话初报1条、书面初报1条、终报2条），' +
        '超过报送时限1次。',
    );
    expect(tableOf(summary, 'incidents')).toEqual([
      ['10月6日 02:00', '环城东路事故灾难', '较大', '已终报，超时1次'],
      ['10月31日 23:00', '滨河路事故灾难', '一般', '处置中'],
    ]);
  });

  it('agrees with the duty figures of the reports for the same month', async () => {
    const db = demo.db;
    const figures = await dutyFigures(
      db.manager,
      demo.duban.services().deadlines.calendar(),
      { db, now: clock },
      {
        from: '2024-10-01',
        to: '2024-10-31',
      },
    );
    const value = (id: string) => figures.figures.find((f) => f.id === id)?.value;
    expect([
      value('duty.petitionVisits'),
      value('duty.petitioners'),
      value('duty.collectiveVisits'),
      value('duty.phoneCalls'),
      value('duty.emergencyReports'),
    ]).toEqual([4, 17, 2, 7, 4]);
  });

  it('counts the month under way up to now, and refuses a month not begun', async () => {
    const november = await summaryOf(OFFICE, '2024-11');
    expect([november.partial, november.to]).toEqual([true, '2024-11-05']);
    expect(textOf(november, 'visits')).toBe('本月（截至11月5日）接待来访群众1起2人次；尚未填写处理结果1起。');
    expect(textOf(november, 'calls')).toContain('本月（截至11月5日）接听各类电话1次');
    expect(textOf(november, 'shifts')).toBe('本月（截至11月5日）没有已值守的班次。');
    await expect(summaryOf(OFFICE, '2024-12')).rejects.toMatchObject({
      code: 'month_not_begun',
      messageZh: '2024年12月尚未开始，无法生成值班工作月报',
    });
    await expect(summaryOf(actor('hemin', 'staff'))).rejects.toMatchObject({ kind: 'forbidden' });
  });

  describeReading('as a Word document', () => {
    it('prints for a leader what the records back, the petitioners’ names masked, on A4 pages', async () => {
      const summary = await summaryOf(LEADER);
      expect(summary.personalHidden).toBe(true);
      const docx = await renderMonthlySummaryDocx(summary);
      expect(docxText(docx)).not.toMatch(/张三丰|欧阳明|13812345678/);
      const read = readDocument(docx, 'docx', { artifact: `duty-summary-${target.name}` });
      // A4 portrait throughout: every table fits the portrait type area.
      expect(read.pages.map((p) => [p.a4, p.landscape])).toEqual(read.pages.map(() => [true, false]));
      const text = squeezed(read.text);
      for (const phrase of [
        '区政府办公室2024年10月值班工作月报',
        '现将2024年10月值班工作情况报告如下（统计时间为2024年10月1日至2024年10月31日）。',
        '一、值班安排及交接班情况',
        '本月共值守62个班次，其中白班31个、夜班31个',
        '填写交接班记录3条',
        '10月31日夜班（郑磊，11月5日10:00）：夜间无异常',
        '二、节假日安排',
        '国庆节10月1日至10月7日（7天，值守14个班次）',
        '三、来访接待情况',
        '本月接待来访群众4起17人次，其中集体访2起13人次，重复访1起',
        '张**',
        '欧**',
        '【集体访】',
        '（来访人姓名已按查看权限隐去部分字符。）',
        '四、值班电话情况',
        '本月接听各类电话7次，其中群众4次、上级机关2次、部门单位1次；已答复5次，已转办2次。',
        '合计527',
        '特此报告。区政府办公室2024年11月5日',
      ]) {
        expect({ phrase, found: text.includes(phrase) }).toEqual({ phrase, found: true });
      }
      expect(text).not.toMatch(/张三丰|\d{4}-\d{2}-\d{2}/);
      // The 署名 and 成文日期 are not left alone on the last page.
      expect(squeezed(read.pages.at(-1)?.text ?? '')).toContain('特此报告。区政府办公室2024年11月5日');
    }, 240_000);
  });
});
