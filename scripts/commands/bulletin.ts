import { readFileSync, writeFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../../bot-server/audit/audit';
import { DeadlineService } from '../../bot-server/deadlines/deadline-service';
import { createLogger } from '../../bot-server/logging/logger';
import { textTable } from '../../bot-server/render';
import { Supervision, SupervisionError } from '../../bot-server/supervision';
import { type BulletinFigures, percent } from '../../bot-server/supervision/bulletin';
import { renderBulletinDocx } from '../../bot-server/supervision/bulletin-docx';
import { UNIT_TABLE } from '../../bot-server/supervision/bulletin-table';
import { importMatters } from '../../bot-server/supervision/import';
import type { Actor } from '../../bot-server/supervision/types';
import { renderBulletinXlsx, SheetError } from '../../bot-server/supervision/xlsx';
import { chineseDate } from '../../bot-server/timelimits';
import { MATTER_SOURCES, type MatterSource, UserRole } from '../../entities';
import { type Command, UsageError } from './command';
import { withDatabase } from './database';

/** `--name value` options and positional arguments; unknown options are usage errors. */
function parseOptions(args: string[], valued: string[], flags: string[]) {
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (flags.includes(name)) options[name] = true;
    else if (valued.includes(name)) {
      const value = args[++i];
      if (!value || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      options[name] = value;
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return { options, positional };
}

async function withSupervision<T>(work: (supervision: Supervision, db: DataSource) => Promise<T>): Promise<T> {
  return withDatabase(async (db) => {
    try {
      const deadlines = await DeadlineService.load(() => db, createLogger('warn'));
      return await work(new Supervision(() => db, deadlines), db);
    } catch (err) {
      if (err instanceof SupervisionError) throw new UsageError(err.messageZh);
      if (err instanceof SheetError) throw new UsageError(err.message);
      throw err;
    }
  });
}

/** The bulletin as text for the terminal: the unit table of bulletin-table.ts, then the rest in lines. */
export function bulletinText(f: BulletinFigures): string {
  const lines = [
    f.title,
    `统计期间：${chineseDate(f.periodStart)}至${chineseDate(f.periodEnd)}`,
    '',
    textTable(UNIT_TABLE.columns, UNIT_TABLE.rows(f)),
    '',
  ];
  for (const d of f.deputy) {
    lines.push(
      `${d.name}：${d.total}件，已办复${d.replied}（办复率${percent(d.replyRate)}），见面率${percent(d.meetRate)}，满意率${percent(d.satisfactionRate)}，` +
        `A/B/C/D ${d.outcome.A}/${d.outcome.B}/${d.outcome.C}/${d.outcome.D}`,
    );
  }
  lines.push('', `逾期未办结事项${f.overdue.length}件`);
  for (const o of f.overdue)
    lines.push(
      `  ${o.unitName}  ${o.number}  ${o.title}  期限${chineseDate(o.dueDate)}  逾期${o.workdaysOverdue}个工作日`,
    );
  return lines.join('\n');
}

export const bulletinCommand: Command = {
  name: 'bulletin',
  summary: 'the monthly supervision bulletin (督查通报) of a month: print it, write .docx/.xlsx, publish',
  usage:
    'duban bulletin <YYYY-MM> [--docx file] [--xlsx file] [--publish] [--actor userid]\n' +
    '       a published month prints as published; otherwise the figures as the rows stand now (--publish publishes it)',
  async run(args) {
    const { options, positional } = parseOptions(args, ['docx', 'xlsx', 'actor'], ['publish']);
    const [month] = positional;
    if (positional.length !== 1 || !month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      throw new UsageError('give one month as YYYY-MM');
    }
    return withSupervision(async (supervision) => {
      if (options.publish) {
        const actor = typeof options.actor === 'string' ? options.actor : SYSTEM_ACTOR;
        const { created } = await supervision.bulletins.publish(actor, month);
        console.log(created ? 'published' : 'already published');
      }
      const published = await supervision.bulletins.getByMonth(month);
      const figures = published?.figures ?? (await supervision.bulletins.preview(month));
      console.log(published ? figures.title : `${figures.title}（预览，未发布）`);
      console.log(bulletinText(figures).split('\n').slice(1).join('\n'));
      const publishedAt = published?.publishedAt ? new Date(published.publishedAt) : null;
      if (typeof options.docx === 'string') {
        writeFileSync(options.docx, await renderBulletinDocx(figures, publishedAt));
        console.log(`wrote ${options.docx}`);
      }
      if (typeof options.xlsx === 'string') {
        writeFileSync(options.xlsx, await renderBulletinXlsx(figures));
        console.log(`wrote ${options.xlsx}`);
      }
      return 0;
    });
  },
};

export const supervisionCommand: Command = {
  name: 'supervision',
  summary: 'supervision matters: import a batch from an .xlsx sheet (e.g. the year’s NPC suggestions)',
  usage:
    'duban supervision import <file.xlsx> [--source npc_suggestion|cppcc_proposal|…] [--actor userid] [--dry-run]\n' +
    '       --actor: a supervision-office user the import is recorded under (default: system)',
  async run(args) {
    const { options, positional } = parseOptions(args, ['source', 'actor'], ['dry-run']);
    const [verb, file] = positional;
    if (verb !== 'import' || !file || positional.length !== 2) throw new UsageError('expected: import <file.xlsx>');
    const source = options.source;
    if (source !== undefined && !MATTER_SOURCES.includes(source as MatterSource)) {
      throw new UsageError(`unknown source ${String(source)}; one of ${MATTER_SOURCES.join(', ')}`);
    }
    let buffer: Buffer;
    try {
      buffer = readFileSync(file);
    } catch {
      throw new UsageError(`cannot read ${file}`);
    }
    return withSupervision(async (supervision, db) => {
      const actorId = typeof options.actor === 'string' ? options.actor : SYSTEM_ACTOR;
      const roles =
        actorId === SYSTEM_ACTOR
          ? [{ role: 'supervision_office' as const, scope: '*' }]
          : (await db.getRepository(UserRole).findBy({ userId: actorId })).map((r) => ({
              role: r.role,
              scope: r.scope,
            }));
      const actor: Actor = { id: actorId, roles };
      const report = await importMatters(supervision.matters, actor, buffer, {
        source: source as MatterSource | undefined,
        dryRun: options['dry-run'] === true,
      });
      console.log(
        `${report.total} rows: ${report.dryRun ? `${report.matters.length} would be imported` : `${report.imported} imported`}, ` +
          `${report.rejected.length} rejected`,
      );
      for (const m of report.matters) console.log(`  row ${m.row}  ${m.number ?? '(dry run)'}  ${m.title}`);
      for (const r of report.rejected) console.log(`  row ${r.row} rejected: ${r.reasons.join('；')}`);
      return report.rejected.length ? 1 : 0;
    });
  },
};
