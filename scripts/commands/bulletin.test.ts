import ExcelJS from 'exceljs';
import { defaultCalendar } from '../../bot-server/calendar';
import { computeBulletin } from '../../bot-server/supervision/bulletin';
import { renderBulletinDocx } from '../../bot-server/supervision/bulletin-docx';
import { renderBulletinXlsx } from '../../bot-server/supervision/xlsx';
import { dueEnd, bulletinMatter as matter, shanghaiTime as t } from '../../bot-server/test-support/bulletin';
import { docxTables } from '../../bot-server/test-support/zip';
import { bulletinText } from './bulletin';

/**
 * March 2026: 区财政局 completes its matter on time (rank 1, up from 2), 区民政局 leaves one overdue (rank 2, down
 * from 1, red).
 */
const figures = computeBulletin({
  month: '2026-03',
  matters: [
    matter(1, { leadDepartmentId: '31', originalDueAt: dueEnd('2026-03-10'), completedAt: t('2026-03-09T15:00') }),
    matter(2, { leadDepartmentId: '32', originalDueAt: dueEnd('2026-03-13'), responsibleName: '李四' }),
  ],
  extensions: [],
  urges: [{ matterId: 2, at: t('2026-03-16T10:00') }],
  periods: [],
  units: [
    { id: '31', name: '区财政局', sortOrder: 1 },
    { id: '32', name: '区民政局', sortOrder: 2 },
  ],
  previousRanks: { '31': 2, '32': 1 },
  issuedThisYear: 2,
  calendar: defaultCalendar(),
});

describe('the bulletin table in Word, Excel and on the terminal', () => {
  it('has the same columns, cells and order in all three', async () => {
    const [units, , overdue] = docxTables(await renderBulletinDocx(figures));
    expect(units).toEqual([
      [
        '序号',
        '单位',
        '上月结转',
        '本月新交办',
        '本月应办结',
        '按期办结',
        '逾期办结',
        '逾期未办结',
        '延期',
        '应考核',
        '按期办结率',
        '逾期率',
        '催办次数',
        '排名',
        '名次变化',
        '三色预警',
      ],
      ['1', '区财政局', '0', '1', '1', '1', '0', '0', '0', '1', '100.0%', '0.0%', '0', '1', '↑1', '蓝'],
      ['2', '区民政局', '0', '1', '1', '0', '0', '1', '0', '1', '0.0%', '100.0%', '1', '2', '↓1', '红'],
      ['', '合计', '0', '2', '2', '1', '0', '1', '0', '2', '50.0%', '50.0%', '1', '—', '', ''],
    ]);
    expect(overdue?.[1]).toEqual([
      '1',
      '区民政局',
      '督〔2026〕2号',
      '领导批示',
      '事项2',
      '李四',
      // In the bulletin's year, a table's date leaves the year out.
      '3月13日',
      // Working days from Friday 13 to the month's last day: 16–20, 23–27, 30, 31.
      '12',
      '1',
    ]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderBulletinXlsx(figures)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('各单位情况') as ExcelJS.Worksheet;
    // A title row naming the bulletin and the sheet, then the table.
    expect(sheet.getCell('A1').value).toBe('2026年3月督查通报（预览） · 各单位情况');
    const rows = [2, 3, 4, 5].map((n) => (sheet.getRow(n).values as unknown[]).slice(1));
    expect(rows[0]).toEqual(units?.[0]);
    // Rates as numbers, the rank change as a number, nothing where the print has a dash or a blank.
    expect(rows[1]).toEqual([1, '区财政局', 0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1, '蓝']);
    expect(rows[2]).toEqual([2, '区民政局', 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 2, -1, '红']);
    expect(rows[3]).toEqual([undefined, '合计', 0, 2, 2, 1, 0, 1, 0, 2, 0.5, 0.5, 1]);
    expect(sheet.getCell('K3').numFmt).toBe('0.0%');

    const lines = bulletinText(figures).split('\n');
    expect(lines.slice(3, 7).map((line) => line.split('\t'))).toEqual([
      [
        '单位',
        '结转',
        '新交办',
        '应办结',
        '按期',
        '逾期办结',
        '逾期未办',
        '延期',
        '应考核',
        '按期率',
        '逾期率',
        '催办',
        '排名',
        '变化',
        '预警',
      ],
      ...(units?.slice(1) ?? []).map((row) => row.slice(1)),
    ]);
  });
});
