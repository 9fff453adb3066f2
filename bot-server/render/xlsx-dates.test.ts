import ExcelJS from 'exceljs';
import { addTable, dateCell } from './xlsx';

/** Issue 15 (one formatter): exported dates read as 2026年3月5日 and stay dates a spreadsheet sorts and filters. */
describe('dates in a workbook', () => {
  it('writes a civil day as an Excel date shown in the one Chinese format, read back as the same day', async () => {
    const workbook = new ExcelJS.Workbook();
    addTable(workbook, {
      name: '督办事项',
      title: null,
      header: ['事项', '办理期限'],
      rows: [
        ['河道清理', dateCell('2026-03-05')],
        ['无期限事项', dateCell(null)],
      ],
    });
    const read = new ExcelJS.Workbook();
    await read.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const sheet = read.getWorksheet('督办事项');
    const due = sheet?.getCell('B2');
    expect(due?.value).toEqual(new Date('2026-03-05T00:00:00Z'));
    expect(due?.numFmt).toBe('yyyy"年"m"月"d"日"');
    expect(sheet?.getCell('B3').value).toBeNull();
  });
});
