import { writeFileSync } from 'node:fs';
import { SYSTEM_ACTOR } from '../../bot-server/audit/audit';
import { DeadlineService } from '../../bot-server/deadlines/deadline-service';
import { monthlySummary } from '../../bot-server/duty/monthly-summary';
import { renderMonthlySummaryDocx } from '../../bot-server/duty/monthly-summary-docx';
import { DomainError } from '../../bot-server/errors/domain-error';
import { createLogger } from '../../bot-server/logging/logger';
import { OFFICE_WIDE } from '../../entities';
import { type Command, documentOptions, UsageError } from './command';
import { withDatabase } from './database';

/**
 * `duban duty summary <YYYY-MM> [--docx file]`: the 值班工作月报 of a month (duty/monthly-summary.ts), its sections
 * printed as text, and written as .docx. Run on the server by its operator, it reads as the office does (names whole).
 */
export const dutyCommand: Command = {
  name: 'duty',
  summary: 'the monthly duty summary (值班工作月报) as text, and as .docx with --docx',
  usage: 'duban duty summary <YYYY-MM> [--docx file]',
  async run(args) {
    const [what, month, ...rest] = args;
    if (what !== 'summary' || !month || !/^\d{4}-\d{2}$/.test(month)) throw new UsageError('give: summary <YYYY-MM>');
    const { docx } = documentOptions(rest);
    return withDatabase(async (db) => {
      const deadlines = await DeadlineService.load(() => db, createLogger('warn'));
      const viewer = { id: SYSTEM_ACTOR, roles: [{ role: 'admin' as const, scope: OFFICE_WIDE }] };
      const summary = await monthlySummary(db, deadlines.calendar(), viewer, month, new Date());
      console.log(`${summary.title}（${summary.from} 至 ${summary.to}，北京时间）`);
      summary.sections.forEach((section, i) => {
        console.log(`${i + 1}. ${section.title}`);
        for (const block of section.blocks) {
          if (block.kind === 'table') {
            console.log(`    ${block.columns.map((c) => c.header).join('\t')}`);
            for (const row of block.rows) console.log(`    ${row.join('\t')}`);
          } else console.log(`  ${block.text}`);
        }
      });
      if (docx) {
        writeFileSync(docx, await renderMonthlySummaryDocx(summary));
        console.log(`wrote ${docx}`);
      }
      return 0;
    }).catch((err) => {
      if (err instanceof DomainError) throw new UsageError(err.messageZh);
      throw err;
    });
  },
};
