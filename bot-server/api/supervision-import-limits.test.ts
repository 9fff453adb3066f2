import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { AuditLog, Deadline, Matter, OutboxNotification } from '../../entities';
import {
  cell,
  deflatedStream,
  HEADER_ROW,
  SHEET_END,
  SHEET_START,
  workbookParts,
  zipArchive,
} from '../test-support/archives';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import { NOT_A_WORKBOOK } from '../uploads/errors';
import { XLSX_ARCHIVE_LIMITS } from '../uploads/xlsx-archive';

const MiB = 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function excelWorkbook(rows: (string | null)[][], merges: string[] = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('督办事项');
  for (const row of rows) sheet.addRow(row);
  for (const range of merges) sheet.mergeCells(range);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The hostile files, built once for every database: each in the test, from Node's zlib. */
const hostile = (async () => {
  // The finding's zip bomb: 200 MB of one sheet row repeated, deflated to about 0.6 MB.
  const bombRow = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
  const bombSheet = await deflatedStream(SHEET_START, () => bombRow, 200 * MiB, SHEET_END);
  const parts = workbookParts();
  const bomb = zipArchive([...parts, { name: 'xl/worksheets/sheet1.xml', ...bombSheet }]);
  // The same bytes, the directory declaring 10 KB.
  const lyingBomb = zipArchive([...parts, { name: 'xl/worksheets/sheet1.xml', ...bombSheet, size: 10_000 }]);
  // The most work the limits let through before a refusal: a sheet just under the per-entry limit, 420,000 rows
  // in a column the import does not read and then 5,001 matters, one more than an import takes.
  const filler = 420_000;
  const heaviestSheet = await deflatedStream(
    `${SHEET_START}${HEADER_ROW}`,
    (n) => {
      const r = n + 2;
      if (n < filler) return `<row r="${r}">${cell(`C${r}`, '备注')}</row>`;
      if (n < filler + 5001)
        return `<row r="${r}">${cell(`A${r}`, `关于第${n - filler + 1}件事项的建议`)}${cell(`B${r}`, '区教育局')}</row>`;
      return null;
    },
    XLSX_ARCHIVE_LIMITS.maxEntryBytes - 1,
    SHEET_END,
  );
  const heaviest = zipArchive([...parts, { name: 'xl/worksheets/sheet1.xml', ...heaviestSheet }]);
  const valid = await excelWorkbook([
    ['标题', '牵头单位'],
    ['关于某事的建议', '区教育局'],
  ]);
  return {
    bomb,
    bombSize: bombSheet.size,
    lyingBomb,
    heaviest,
    heaviestSize: heaviestSheet.size,
    tooManyEntries: zipArchive([
      ...parts,
      ...Array.from({ length: 501 }, (_, i) => ({ name: `xl/media/image${i}.png`, data: Buffer.from([i % 256]) })),
    ]),
    truncated: valid.subarray(0, Math.floor(valid.length / 2)),
    notZip: Buffer.from('标题,牵头单位\n关于某事的建议,区教育局\n'),
    tooManyRows: await excelWorkbook([
      ['标题', '牵头单位'],
      ...Array.from({ length: 5001 }, (_, i) => [`关于第${i + 1}件事项的建议`, '区教育局']),
    ]),
  };
})();

type Hostile = Awaited<typeof hostile>;

describe.each(testDatabases())('supervision import limits on $name', (target) => {
  const demo = useDemoDuban(target, { users: ['sunli'] }); // 督查室
  let files: Hostile;

  beforeAll(async () => {
    files = await hostile;
  }, 120_000);

  /** What a refused upload must leave unchanged. */
  const snapshot = async () => ({
    matters: await demo.db.getRepository(Matter).count(),
    deadlines: await demo.db.getRepository(Deadline).count(),
    audit: await demo.db.getRepository(AuditLog).count(),
    outbox: await demo.db.getRepository(OutboxNotification).count(),
  });

  /**
   * Uploads `file` and, while it is being handled, pings /health from a concurrent request: how many pings were
   * answered before the upload's answer came (the server kept serving while it read), how many got no answer (at
   * least five are sent, the first with the upload), and the largest heap growth seen at any ping. How fast /health
   * answers is a matter for measurement, never a timed assertion.
   */
  async function upload(file: Buffer, query = '') {
    await (await fetch(`${demo.duban.url}/health`)).arrayBuffer(); // a connection ready, as a monitor would have one
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    let settled = false;
    const answer = fetch(`${demo.duban.url}/api/supervision/import${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.tokens.sunli}`, 'content-type': XLSX },
      body: file,
    })
      .then(async (res) => ({
        status: res.status,
        body: (await res.json()) as { error?: { code: string; message: string }; matters?: unknown[] },
      }))
      .finally(() => {
        settled = true;
      });
    let pings = 0;
    let answeredMeanwhile = 0;
    let unanswered = 0;
    while (!settled || pings < 5) {
      const ok = await fetch(`${demo.duban.url}/health`).then(
        async (health) => (await health.arrayBuffer()) && health.ok,
        () => false,
      );
      pings++;
      if (!ok) unanswered++;
      else if (!settled) answeredMeanwhile++;
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      await sleep(10);
    }
    return { ...(await answer), answeredMeanwhile, unanswered, heapGrowth: heapPeak - heapBefore };
  }

  it('refuses the zip bomb (0.6 MB unpacking to 200 MB of rows) at once, /health answering meanwhile', async () => {
    expect(files.bomb.length).toBeLessThan(1 * MiB);
    expect(files.bombSize).toBeGreaterThanOrEqual(200 * MiB);
    const before = await snapshot();
    const res = await upload(files.bomb);
    expect(res.unanswered).toBe(0);
    expect(res.heapGrowth).toBeLessThan(200 * MiB);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'upload_too_large', message: expect.stringContaining('内容过大') });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses the zip bomb whose directory lies about its size once the real bytes pass the declared ones', async () => {
    const before = await snapshot();
    const res = await upload(files.lyingBomb);
    expect(res.unanswered).toBe(0);
    expect(res.heapGrowth).toBeLessThan(200 * MiB);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'invalid_upload', message: expect.stringContaining('不符') });
    expect(await snapshot()).toEqual(before);
  });

  it('reads the heaviest file the limits let through as a stream, /health answering throughout, and refuses its 5,001st matter', async () => {
    expect(files.heaviestSize).toBeGreaterThan(30 * MiB);
    expect(files.heaviestSize).toBeLessThan(XLSX_ARCHIVE_LIMITS.maxEntryBytes);
    const before = await snapshot();
    const res = await upload(files.heaviest);
    expect(res.unanswered).toBe(0);
    // Read as a stream, the sheet leaves the event loop free: /health answers again and again before the refusal.
    expect(res.answeredMeanwhile).toBeGreaterThanOrEqual(3);
    // No heap bound here: a legitimate 31 MB sheet read as a stream leaves garbage the collector takes in its own
    // time; the bombs above are where the old whole-workbook load held gigabytes.
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'upload_too_large', message: '一次最多导入5000行，请分批导入' });
    expect(await snapshot()).toEqual(before);
  }, 120_000); // 35 MB of sheet XML read on a busy two-core machine: generous, not tight

  it('refuses too many entries, a truncated archive, what is not a zip at all and too many rows, changing nothing', async () => {
    const before = await snapshot();
    const cases: [Buffer, string, RegExp][] = [
      [files.tooManyEntries, 'upload_too_large', /部件过多（超过500个）/],
      [files.truncated, 'invalid_upload', /不完整或已损坏/],
      [files.notZip, 'invalid_upload', /^无法读取该文件，请上传 Excel 工作簿（\.xlsx）$/],
      [files.tooManyRows, 'upload_too_large', /^一次最多导入5000行，请分批导入$/],
    ];
    for (const [file, code, message] of cases) {
      const res = await upload(file);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code });
      expect(res.body.error?.message).toMatch(message);
    }
    expect(NOT_A_WORKBOOK).toMatch(/xlsx/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a body over 5 MB by its declared length, before reading it', async () => {
    const before = await snapshot();
    const res = await upload(Buffer.concat([files.heaviest, Buffer.alloc(5 * MiB)]));
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({ code: 'upload_too_large', message: '文件不能超过 5MB' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a chunked body over 5 MB with no declared length once it passes the limit, with an answer', async () => {
    const before = await snapshot();
    const megabyte = Buffer.alloc(MiB, 0x41);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 16 MB in 1 MB chunks, no Content-Length: the server cannot know the size before reading it.
        if (sent++ < 16) controller.enqueue(new Uint8Array(megabyte));
        else controller.close();
      },
    });
    const res = await fetch(`${demo.duban.url}/api/supervision/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.tokens.sunli}`, 'content-type': XLSX },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: 'upload_too_large', message: '文件不能超过 5MB' } });
    expect(await snapshot()).toEqual(before);
    expect((await fetch(`${demo.duban.url}/health`)).status).toBe(200);
  });

  it('still imports a workbook as before: merged cells read as their range, a dry run storing nothing', async () => {
    const file = await excelWorkbook(
      [
        ['来源', '标题', '牵头单位'],
        ['领导批示', '关于背街小巷照明改造的批示', '区住房和城乡建设局'],
        ['领导批示', '关于排水管网清淤的批示', null],
      ],
      ['C2:C3'],
    );
    const before = await snapshot();
    const res = await upload(file, '?dryRun=1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      total: 2,
      imported: 0,
      rejected: [],
      matters: [
        { row: 2, id: null, title: '关于背街小巷照明改造的批示' },
        { row: 3, id: null, title: '关于排水管网清淤的批示' },
      ],
    });
    expect(await snapshot()).toEqual(before);
  });
});
