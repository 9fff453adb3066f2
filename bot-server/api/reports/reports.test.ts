import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatISODate, shanghaiDayNumber } from '../../calendar';
import type { AnnualReport } from '../../reports/annual';
import type { Dashboard } from '../../reports/dashboard';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import { callJson } from '../../test-support/http';
import { expected, expectedAnnual, readRows } from '../../test-support/report-counts';

interface ApiError {
  error: { code: string; message: string };
}

/** The PDF LibreOffice makes of a .docx, as text with the white space taken out. */
function pdfTextOf(docx: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'duban-annual-'));
  try {
    writeFileSync(join(dir, 'summary.docx'), docx);
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${dir}/profile`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        join(dir, 'summary.docx'),
      ],
      { stdio: 'pipe', timeout: 120_000 },
    );
    execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'summary.pdf'), join(dir, 'summary.txt')], { stdio: 'pipe' });
    return readFileSync(join(dir, 'summary.txt'), 'utf8').replace(/\s+/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(testDatabases())('reports API on the demo data on $name', (target) => {
  const demo = useDemoDuban(target, { users: ['wangjianguo', 'sunli', 'qianwei', 'zhenglei', 'fenggang'] });
  const { tokens } = demo;
  const today = formatISODate(shanghaiDayNumber(new Date()));
  const year = Number(today.slice(0, 4));
  const from = `${year - 1}${today.slice(4)}`.replace('-02-29', '-02-28');

  it('lets leaders, the supervision office and administrators read, and nobody else', async () => {
    const path = `/api/reports/figures?from=${from}&to=${today}`;
    for (const user of ['wangjianguo', 'sunli', 'qianwei']) {
      expect((await callJson(demo.duban, path, { token: tokens[user] })).status).toBe(200);
    }
    for (const user of ['zhenglei', 'fenggang']) {
      expect((await callJson(demo.duban, path, { token: tokens[user] })).status).toBe(403);
      expect((await callJson(demo.duban, `/api/reports/annual/${year}`, { token: tokens[user] })).status).toBe(403);
    }
    expect((await callJson(demo.duban, path)).status).toBe(401);
    // The reports' role check stays on its own routes.
    expect((await callJson(demo.duban, '/api/me', { token: tokens.zhenglei })).status).toBe(200);
  });

  it.each([
    ['from=2026-02-30&to=2026-03-01', 'invalid_period'],
    ['from=2026-3-1&to=2026-03-31', 'invalid_query'],
    ['from=2026-04-01&to=2026-03-01', 'invalid_period'],
    ['from=2026-01-01&to=2026-03-01&type=nonsense', 'invalid_query'],
  ])('answers a bad period or type (%s) with 400 and a Chinese message', async (query, code) => {
    const res = await callJson<ApiError>(demo.duban, `/api/reports/figures?${query}`, { token: tokens.sunli });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('answers an unknown figure and a bad year with 400', async () => {
    const drill = await callJson<ApiError>(demo.duban, `/api/reports/drill?figure=nope&from=${from}&to=${today}`, {
      token: tokens.sunli,
    });
    expect([drill.status, drill.body.error.code]).toEqual([400, 'unknown_figure']);
    const bad = await callJson<ApiError>(demo.duban, '/api/reports/annual/19x', { token: tokens.sunli });
    expect([bad.status, bad.body.error.message]).toEqual([400, '年份无效']);
    for (const [query, message] of [
      ['limit=0', '每页条数应为 1 至 500 的整数'],
      ['limit=abc', '每页条数应为 1 至 500 的整数'],
      ['offset=-1', '起始位置应为非负整数'],
      ['unit=', '单位无效'],
    ]) {
      const page = await callJson<ApiError>(
        demo.duban,
        `/api/reports/drill?figure=matters.assigned&from=${from}&to=${today}&${query}`,
        { token: tokens.sunli },
      );
      expect([page.status, page.body.error.message]).toEqual([400, message]);
    }
  });

  it('gives every dashboard figure of the demo as counted from the raw rows, and drills down to them', async () => {
    const rows = await readRows(demo.duban.database.get());
    const now = new Date();
    const res = await callJson<Dashboard>(demo.duban, `/api/reports/figures?from=${from}&to=${today}`, {
      token: tokens.wangjianguo,
    });
    expect(res.status).toBe(200);
    const mine = expected(rows, { from, to: today }, {}, now);
    expect(mine.values.get('matters.assigned')).toBeGreaterThan(0);
    expect(mine.values.get('documents.received')).toBeGreaterThan(0);
    for (const figure of res.body.figures) {
      expect({ id: figure.id, value: figure.value }).toEqual({ id: figure.id, value: mine.values.get(figure.id) });
      expect(figure.definition).toMatch(/[\u4e00-\u9fa5]/);
    }
    for (const id of ['matters.assigned', 'matters.overdueOpen', 'documents.received']) {
      const drill = await callJson<{ total: number; items: { id: number; link: string }[] }>(
        demo.duban,
        `/api/reports/drill?figure=${id}&from=${from}&to=${today}&limit=500`,
        { token: tokens.sunli },
      );
      expect(drill.body.items.map((i) => i.id).sort((a, b) => a - b)).toEqual(mine.ids.get(id));
      for (const item of drill.body.items) expect(item.link).toMatch(/^\/m\/(matter|document)\/\d+$/);
    }
  });

  it('gives the year-end figures of the demo, and a .docx LibreOffice opens with them in place', async () => {
    const rows = await readRows(demo.duban.database.get());
    const res = await callJson<AnnualReport>(demo.duban, `/api/reports/annual/${year}`, { token: tokens.sunli });
    expect(res.status).toBe(200);
    const want = expectedAnnual(rows, year, new Date());
    expect(Object.fromEntries(res.body.figures.map((f) => [f.name, f.text]))).toEqual(want);

    const download = await fetch(`${demo.duban.url}/api/reports/annual/${year}/summary.docx`, {
      headers: { authorization: `Bearer ${tokens.wangjianguo}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('wordprocessingml');
    const pdf = pdfTextOf(Buffer.from(await download.arrayBuffer()));
    expect(pdf).toContain(`区政府办公室${year}年度工作总结`);
    expect(pdf).toContain(`全年通过督办系统处理各类来文${want.received}件`);
    expect(pdf).toContain(`起草区政府和区政府办公室文件${want.drafted}件`);
    expect(pdf).toContain(`交办区人大代表建议${want.npc}件`);
    expect(pdf).toContain(`编发督查通报${want.bulletins}期`);
    for (const heading of [
      '一、办文办会、信息调研和督查督办',
      '二、中心工作',
      '三、队伍建设',
      '四、存在的不足和下一步打算',
    ]) {
      expect(pdf).toContain(heading);
    }
    expect(pdf).toContain(`全年形成调研报告${want.researchReports}份`);
    expect(pdf).toContain(`全年召开支部党员大会${want.branchAssembly}次`);
    // The demo records every figure of the office's summary: what is left to a person is what Duban does not keep
    // (the rankings until their notices come, the “五型” assessment materials, 学习强国); 不足 and 打算 are drafted from the
    // records, marked for review.
    const marks = [...pdf.replace(/\s+/g, '').matchAll(/【[^】]*】/g)].map((m) => m[0]);
    expect(marks.filter((m) => !/请核改|排名|“五型”政府板块考核材料|学习强国/.test(m))).toEqual([]);
    expect(marks.join('')).not.toMatch(/无记录|待填写：工作中存在的不足|待填写：下一年度工作打算/);
    expect(pdf.replace(/\s+/g, '')).toContain(`${year + 1}年，将重点做好以下工作：一是`);
  }, 180_000);
});
