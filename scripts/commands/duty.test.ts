import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../bot-server/db/database';
import { docxText } from '../../bot-server/test-support/zip';
import { PetitionVisit, PhoneCall } from '../../entities';
import { UsageError } from './command';
import { dutyCommand } from './duty';
import { runCaptured } from './run-captured';

describe('duban duty summary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-duty-'));
  const saved = process.env.DATABASE_URL;
  beforeAll(() => {
    process.env.DATABASE_URL = `sqlite:${join(dir, 'duban.sqlite')}`;
  });
  afterAll(() => {
    process.env.DATABASE_URL = saved;
    if (saved === undefined) delete process.env.DATABASE_URL;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the month’s sections with the names whole and writes the .docx', async () => {
    const db = await openDatabase({ type: 'sqlite', path: join(dir, 'duban.sqlite') });
    try {
      await db.getRepository(PetitionVisit).insert({
        visitedAt: new Date('2025-03-10T09:00:00+08:00'),
        petitioners: 3,
        representativeName: '张三丰',
        representativeContact: null,
        content: '反映小区供暖管道漏水',
        departmentId: null,
        handling: null,
        outcome: 'answered',
        earlierVisitId: null,
        matterId: null,
        recordedBy: 'zhenglei',
        updatedBy: null,
      });
      await db.getRepository(PhoneCall).insert({
        calledAt: new Date('2025-03-31T23:59:00+08:00'),
        callerType: 'superior',
        topic: '通知',
        outcome: 'answered',
        referredDepartmentId: null,
        recordedBy: 'zhenglei',
        updatedBy: null,
      });
    } finally {
      await db.destroy();
    }
    const file = join(dir, 'summary.docx');
    const { code, out } = await runCaptured(dutyCommand, ['summary', '2025-03', '--docx', file]);
    expect(code).toBe(0);
    expect(out).toContain('区政府办公室2025年3月值班工作月报（2025-03-01 至 2025-03-31，北京时间）');
    expect(out).toContain('本月接待来访群众1起3人次；当场答复1起。');
    expect(out).toContain('张三丰');
    expect(out).toContain('本月接听各类电话1次，其中上级机关1次；已答复1次。');
    expect(existsSync(file)).toBe(true);
    expect(docxText(readFileSync(file))).toContain('本月接待来访群众1起3人次');
  });

  it('refuses anything but summary and a month, and a month not begun', async () => {
    await expect(runCaptured(dutyCommand, [])).rejects.toThrow(UsageError);
    await expect(runCaptured(dutyCommand, ['summary', '2025-3'])).rejects.toThrow(UsageError);
    await expect(runCaptured(dutyCommand, ['summary', '2025-03', '--xlsx', 'f'])).rejects.toThrow(UsageError);
    await expect(runCaptured(dutyCommand, ['summary', '2099-01'])).rejects.toThrow(UsageError);
  });
});
