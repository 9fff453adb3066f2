import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../bot-server/db/database';
import { insertDemoOrganisation } from '../../bot-server/demo/seed-demo';
import { InformationService } from '../../bot-server/information/items';
import type { Actor } from '../../bot-server/supervision/types';
import { docxText } from '../../bot-server/test-support/zip';
import { UsageError } from './command';
import { reportCommand } from './report';
import { runCaptured } from './run-captured';

const HEMIN: Actor = { id: 'hemin', roles: [{ role: 'staff', scope: '31' }] };
const OFFICE: Actor = { id: 'zhoutao', roles: [{ role: 'supervision_office', scope: '*' }] };

describe('duban report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duban-report-'));
  const file = join(dir, 'duban.sqlite');
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    process.env.DATABASE_URL = `sqlite:${file}`;
    // One item of 区发展和改革委员会 reported in March 2025 and adopted whole by the city with a 市领导批示.
    const db = await openDatabase({ type: 'sqlite', path: file });
    try {
      await insertDemoOrganisation(db.manager);
      let clock = new Date('2025-03-05T09:00:00+08:00');
      const info = new InformationService(() => db);
      info.pinClock(() => clock);
      const item = await info.create(HEMIN, { title: '发改委重大项目提速', content: '正文', submit: true });
      await info.report(OFFICE, item.id);
      clock = new Date('2025-03-10T10:00:00+08:00');
      await info.adopt(OFFICE, item.id, {
        level: 'city',
        form: 'whole',
        adoptedOn: '2025-03-10',
        instructionLevel: 'city',
      });
    } finally {
      await db.destroy();
    }
  });
  afterAll(() => {
    process.env.DATABASE_URL = saved;
    if (saved === undefined) delete process.env.DATABASE_URL;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the month’s 政务信息工作通报 from the records and writes it as .docx', async () => {
    const docx = join(dir, 'bulletin.docx');
    const { code, out } = await runCaptured(reportCommand, ['information', '2025-03', '--docx', docx]);
    expect(code).toBe(0);
    expect(out).toContain('（2025-03-01 至 2025-03-31，北京时间）');
    expect(out).toContain(
      '报送信息1条，被采用1条，共采用1次，其中国办0次、省办0次、市政府办公室1次，全篇采用1条；领导批示1条',
    );
    expect(out).toContain('发改委重大项目提速');
    expect(existsSync(docx)).toBe(true);
    expect(docxText(readFileSync(docx))).toContain('市政府办公室1次');
  });

  it('prints the year-end figures, the registers’ words and the drafted 不足 and 打算', async () => {
    const { code, out } = await runCaptured(reportCommand, ['annual', '2025']);
    expect(code).toBe(0);
    expect(out).toContain('上报政务信息：1（1 条记录）');
    expect(out).toContain('被全篇采用的信息：（《发改委重大项目提速》）');
    expect(out).toMatch(/存在的不足：从督办系统记录看，全年事项、公文和建议提案均在时限内办理。【请核改：/);
    expect(out).toMatch(/下一年度工作打算：2026年，将重点做好以下工作：一是紧盯时限抓督办/);
  });

  it('refuses a month not begun, a malformed one, and options it does not know', async () => {
    await expect(runCaptured(reportCommand, ['information', '2099-01'])).rejects.toThrow(UsageError);
    await expect(runCaptured(reportCommand, ['information', '2025-3'])).rejects.toThrow(UsageError);
    await expect(runCaptured(reportCommand, ['information', '2025-03', '--xlsx', 'f'])).rejects.toThrow(UsageError);
    await expect(runCaptured(reportCommand, ['annual', '2025', '--docx'])).rejects.toThrow(UsageError);
  });
});
