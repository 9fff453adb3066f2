import { writeFileSync } from 'node:fs';
import { SYSTEM_ACTOR } from '../../bot-server/audit/audit';
import { DeadlineService } from '../../bot-server/deadlines/deadline-service';
import { DomainError } from '../../bot-server/errors/domain-error';
import { createLogger } from '../../bot-server/logging/logger';
import { textTable } from '../../bot-server/render';
import { renderAnnualDocx } from '../../bot-server/reports/annual-docx';
import { DASHBOARD_ROLLUP } from '../../bot-server/reports/dashboard';
import { monthlyBulletin, overallText } from '../../bot-server/reports/information-bulletin';
import {
  ADOPTION_COLUMNS,
  renderMonthlyBulletinDocx,
  UNIT_COLUMNS,
} from '../../bot-server/reports/information-bulletin-docx';
import { ReportError, ReportService } from '../../bot-server/reports/report-service';
import { OFFICE_WIDE } from '../../entities';
import { type Command, documentOptions, UsageError } from './command';
import { withDatabase } from './database';

/**
 * `duban report information <YYYY-MM> [--docx file]`: the month's 政务信息工作通报 (reports/information-bulletin.ts)
 * as text, and as .docx. Run on the server by its operator, it reads as the office does.
 */
async function informationReport(month: string, rest: string[]): Promise<number> {
  const { docx } = documentOptions(rest);
  return withDatabase(async (db) => {
    const deadlines = await DeadlineService.load(() => db, createLogger('warn'));
    const viewer = { id: SYSTEM_ACTOR, roles: [{ role: 'admin' as const, scope: OFFICE_WIDE }] };
    const bulletin = await monthlyBulletin(db, deadlines.calendar(), viewer, month, new Date());
    console.log(
      `政务信息工作通报 ${bulletin.issue}（${bulletin.monthTotals.from} 至 ${bulletin.monthTotals.to}，北京时间）`,
    );
    for (const paragraph of overallText(bulletin)) console.log(paragraph);
    console.log(`\n${textTable(UNIT_COLUMNS, { items: bulletin.units })}`);
    if (bulletin.adoptions.length) console.log(`\n${textTable(ADOPTION_COLUMNS, { items: bulletin.adoptions })}`);
    if (docx) {
      writeFileSync(docx, await renderMonthlyBulletinDocx(bulletin));
      console.log(`wrote ${docx}`);
    }
    return 0;
  }).catch((err) => {
    if (err instanceof DomainError) throw new UsageError(err.messageZh);
    throw err;
  });
}

/**
 * `duban report annual <year> [--docx file] [--json]`: the year-end figures with their definitions;
 * `duban report information <YYYY-MM> [--docx file]`: the month's 政务信息工作通报.
 */
export const reportCommand: Command = {
  name: 'report',
  summary: 'the year-end figures (年度数据) and the summary as .docx; the monthly 政务信息工作通报 (.docx)',
  usage: 'duban report annual <year> [--docx file] [--json] | duban report information <YYYY-MM> [--docx file]',
  async run(args) {
    const [what, yearText, ...rest] = args;
    if (what === 'information') {
      if (!yearText || !/^\d{4}-\d{2}$/.test(yearText)) throw new UsageError('give: information <YYYY-MM>');
      return informationReport(yearText, rest);
    }
    if (what !== 'annual' || !yearText || !/^\d{4}$/.test(yearText)) {
      throw new UsageError('give: annual <year>, or information <YYYY-MM>');
    }
    const { docx, flags } = documentOptions(rest, ['--json']);
    const json = flags.has('--json');
    return withDatabase(async (db) => {
      const deadlines = await DeadlineService.load(() => db, createLogger('warn'));
      const report = await new ReportService(
        () => db,
        () => deadlines.calendar(),
      ).annual(Number(yearText));
      if (json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(`${report.year}年度数据（${report.from} 至 ${report.to}，北京时间）`);
        for (const f of report.figures) {
          console.log(`${f.label}：${f.text ?? '无记录'}（${f.records} 条记录）\n    口径：${f.definition}`);
        }
        for (const c of report.changes) {
          console.log(`${c.label}：本年 ${c.thisYear}，上年 ${c.lastYear}，${c.text}\n    口径：${c.definition}`);
        }
        for (const s of report.statements.filter((x) => x.text !== '')) {
          console.log(`${s.label}：${s.text}（${s.records} 条记录）\n    口径：${s.definition}`);
        }
        console.log('需人工填写：');
        for (const n of report.needsPerson) console.log(`  ${n.section}  ${n.what}`);
      }
      if (docx) {
        writeFileSync(docx, await renderAnnualDocx(report));
        if (!json) console.log(`wrote ${docx}`);
      }
      return 0;
    }).catch((err) => {
      if (err instanceof ReportError) throw new UsageError(err.messageZh);
      throw err;
    });
  },
};

/** `duban reports rebuild`: the 看板's kept figures built again from the records (reports/rollup.ts). */
export const reportsCommand: Command = {
  name: 'reports',
  summary: "build the 看板's kept figures again from the records (after restoring a backup or editing rows by hand)",
  usage: 'duban reports rebuild',
  async run(args) {
    if (args.length !== 1 || args[0] !== 'rebuild') throw new UsageError('give: rebuild');
    return withDatabase(async (db) => {
      const deadlines = await DeadlineService.load(() => db, createLogger('warn'));
      const started = Date.now();
      await DASHBOARD_ROLLUP.rebuild(db, deadlines.calendar());
      const [kept] = (await db.query('SELECT COUNT(*) AS n FROM figure_rollup')) as { n: number | string }[];
      console.log(`看板统计已重建：${Number(kept?.n)} 行，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
      return 0;
    });
  },
};
