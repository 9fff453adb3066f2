import { type DataSource, In } from 'typeorm';
import { parseInstant } from '../../bot-server/calendar';
import { loadConfigFromProcess } from '../../bot-server/config/config';
import { sqlInstant } from '../../bot-server/db/sql-instant';
import { DeadlineService } from '../../bot-server/deadlines/deadline-service';
import { createDingTalkClients } from '../../bot-server/dingtalk';
import { createLogger } from '../../bot-server/logging/logger';
import { shanghaiMinute } from '../../bot-server/reminders/office-hours';
import { NO_MORE_REMINDERS, ReminderPlanner } from '../../bot-server/reminders/planner';
import { ReminderService } from '../../bot-server/reminders/service';
import { reminderSettingsOf } from '../../bot-server/reminders/settings';
import { itemSentence } from '../../bot-server/reminders/texts';
import { Deadline, ReminderCursor } from '../../entities';
import { type Command, UsageError } from './command';
import { withDatabase } from './database';

const USAGE = [
  'duban reminders plan --dry-run [--at 2026-03-04T08:30] [--limit N]   what a pass would send, and what comes next',
  'duban reminders plan [--limit N]                                      run one planning pass now (writes the outbox)',
  'duban reminders status [--failed] [--limit N]                         the outbox: counts, latest rows, failures',
  'duban reminders retry <outbox id>                                     put a failed message back in the queue',
].join('\n       ');

interface Options {
  dryRun: boolean;
  failed: boolean;
  at?: Date;
  limit: number;
  rest: string[];
}

function parseOptions(args: string[]): Options {
  const options: Options = { dryRun: false, failed: false, limit: 20, rest: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--failed') options.failed = true;
    else if (arg === '--at' || arg === '--limit') {
      const value = args[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '--limit') {
        if (!/^\d{1,5}$/.test(value) || Number(value) < 1) throw new UsageError('--limit takes 1 to 99999');
        options.limit = Number(value);
      } else {
        try {
          options.at = parseInstant(value);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
      }
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else options.rest.push(arg);
  }
  return options;
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

async function plan(db: DataSource, options: Options): Promise<number> {
  const config = loadConfigFromProcess();
  const logger = createLogger('warn');
  const deadlines = await DeadlineService.load(() => db, logger);
  const settings = reminderSettingsOf(config, config.dingtalk.agentId);
  const planner = new ReminderPlanner({
    db,
    calendars: deadlines,
    officeHours: settings.officeHours,
    publicUrl: settings.publicUrl,
    logger,
  });
  const at = options.at ?? new Date();
  if (!options.dryRun) {
    if (options.at) throw new UsageError('--at is for dry runs: a real pass plans at the current time');
    const report = await planner.pass({ now: at });
    if (!report.ran) {
      console.log('another process is planning right now; nothing done');
      return 0;
    }
    console.log(
      `planned at ${shanghaiMinute(at)}: ${report.deadlinesRead} deadlines read, ${report.written} messages queued ` +
        `(${report.items} reminders, ${report.skipped} superseded, ${report.replanned} replanned)`,
    );
    return 0;
  }

  const report = await planner.pass({ dryRun: true, now: at });
  console.log(`Reminders due at ${shanghaiMinute(at)} (Asia/Shanghai) — dry run, nothing is written`);
  if (report.planned.length === 0) console.log('  nothing to send');
  for (const message of report.planned.slice(0, options.limit)) {
    const urgent = message.urgent ? ' 特急' : '';
    console.log(
      `  ${shanghaiMinute(at)}  ${message.recipientUserId.padEnd(14)} ${message.channel.padEnd(12)} ` +
        `${message.kind.padEnd(10)}${urgent} ${truncate(message.content.title, 60)}`,
    );
    for (const item of message.items.slice(0, 5)) {
      console.log(`      deadline ${item.deadlineId}: ${truncate(itemSentence(item), 90)}`);
    }
    if (message.items.length > 5) console.log(`      … ${message.items.length - 5} more`);
  }
  if (report.planned.length > options.limit) console.log(`  … ${report.planned.length - options.limit} more messages`);
  console.log(
    `${report.deadlinesRead} deadlines read, ${report.planned.length} messages for ${report.items} reminders ` +
      `(${report.skipped} superseded by a later one)`,
  );

  const cursors = await db
    .getRepository(ReminderCursor)
    .createQueryBuilder('c')
    .innerJoin(Deadline, 'd', "d.id = c.deadlineId AND d.status = 'open'")
    .where('c.nextReminderAt > :at AND c.nextReminderAt < :never', {
      at: sqlInstant(db, at),
      never: sqlInstant(db, NO_MORE_REMINDERS),
    })
    .orderBy('c.nextReminderAt', 'ASC')
    .addOrderBy('c.deadlineId', 'ASC')
    .limit(options.limit)
    .getMany();
  const planned = new Map(
    cursors.length
      ? (await db.getRepository(Deadline).findBy({ id: In(cursors.map((c) => c.deadlineId)) })).map((d) => [d.id, d])
      : [],
  );
  console.log(cursors.length === 0 ? 'No later reminder is planned yet.' : 'Next planned reminders:');
  for (const { deadlineId, nextReminderAt } of cursors) {
    const d = planned.get(deadlineId);
    if (!d) continue;
    console.log(
      `  ${shanghaiMinute(nextReminderAt as Date)}  deadline ${d.id} (${d.subjectType} ${d.subjectId}, ${d.purpose})  ` +
        `${(d.assigneeUserId ?? `unit ${d.departmentId ?? '?'}`).padEnd(14)} due ${d.dueDate}`,
    );
  }
  return 0;
}

async function status(db: DataSource, options: Options): Promise<number> {
  const config = loadConfigFromProcess();
  const service = new ReminderService(db, createLogger('warn'), createDingTalkClients(config.dingtalk));
  const outbox = await service.outboxStatus({ status: options.failed ? 'failed' : undefined, limit: options.limit });
  console.log(
    `Outbox: ${Object.entries(outbox.counts)
      .map(([status, n]) => `${status} ${n}`)
      .join(', ')}`,
  );
  console.log(
    outbox.oldestPendingAt ? `Oldest pending: due ${shanghaiMinute(outbox.oldestPendingAt)}` : 'Nothing is pending.',
  );
  if (outbox.rows.length > 0) console.log(options.failed ? 'Latest failures:' : 'Latest messages:');
  for (const row of outbox.rows) {
    const to = row.recipientUserId ?? `group ${row.recipientGroup ?? '?'}`;
    const when = row.sentAt ?? row.nextAttemptAt;
    const read = row.readAt ? ` read ${shanghaiMinute(row.readAt)}` : '';
    const error = row.lastError && row.status !== 'sent' ? `  — ${truncate(row.lastError, 120)}` : '';
    console.log(
      `  #${row.id}  ${row.status.padEnd(9)} ${shanghaiMinute(when)}  ${row.channel.padEnd(12)} ${row.kind.padEnd(10)} ` +
        `${to.padEnd(14)} attempts ${row.attempts}${read}${error}`,
    );
  }
  return 0;
}

async function retry(db: DataSource, options: Options): Promise<number> {
  const [id] = options.rest;
  if (!id || !/^\d+$/.test(id)) throw new UsageError('name the outbox id to retry');
  const config = loadConfigFromProcess();
  const service = new ReminderService(db, createLogger('warn'), createDingTalkClients(config.dingtalk));
  if (!(await service.retry(Number(id), 'system'))) {
    console.error(`outbox #${id} is not a failed or cancelled message`);
    return 1;
  }
  console.log(`outbox #${id} is pending again; a running Duban sends it`);
  return 0;
}

export const remindersCommand: Command = {
  name: 'reminders',
  summary: 'reminders: what would be sent and when (plan --dry-run), the outbox (status), retry a failure',
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    const options = parseOptions(rest);
    if (sub !== 'plan' && sub !== 'status' && sub !== 'retry') {
      throw new UsageError('name what to do: plan, status or retry');
    }
    if (sub !== 'plan' && (options.dryRun || options.at)) throw new UsageError('--dry-run and --at go with plan');
    if (sub !== 'retry' && options.rest.length > 0) throw new UsageError(`unexpected ${options.rest.join(' ')}`);
    return withDatabase((db) => {
      if (sub === 'plan') return plan(db, options);
      if (sub === 'status') return status(db, options);
      return retry(db, options);
    });
  },
};
