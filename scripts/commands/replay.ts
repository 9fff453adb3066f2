import { In } from 'typeorm';
import { DeadlineService } from '../../bot-server/deadlines/deadline-service';
import { InboxProcessor } from '../../bot-server/events/inbox-processor';
import { scheduleReplay } from '../../bot-server/events/replay';
import { createLogger } from '../../bot-server/logging/logger';
import { registerDomainHandlers } from '../../bot-server/services';
import { InboxEvent } from '../../entities';
import { type Command, UsageError } from './command';
import { withDatabase } from './database';

export const replay: Command = {
  name: 'replay',
  summary: 'process stored DingTalk events again: named ones, or every failed one',
  usage: 'duban replay <eventId> [<eventId> …] | duban replay --failed',
  async run(args) {
    const failed = args.includes('--failed');
    const eventIds = args.filter((a) => !a.startsWith('--'));
    const unknownFlags = args.filter((a) => a.startsWith('--') && a !== '--failed');
    if (unknownFlags.length > 0) throw new UsageError(`unknown option ${unknownFlags.join(' ')}`);
    if (failed === eventIds.length > 0) throw new UsageError('name event ids, or give --failed (not both)');

    return withDatabase(async (db) => {
      const found = await scheduleReplay(db, failed ? { failed: true } : { eventIds });
      const missing = eventIds.filter((id) => !found.includes(id));
      for (const id of missing) console.error(`no stored event ${id}`);
      if (found.length === 0) {
        console.log(failed ? 'no failed events' : 'nothing to replay');
        return missing.length > 0 ? 1 : 0;
      }
      const logger = createLogger('warn');
      const deadlines = await DeadlineService.load(() => db, logger);
      const processor = registerDomainHandlers(new InboxProcessor(() => db, logger), {
        documents: () => ({ deadlines, now: () => new Date() }),
      });
      await processor.drain();
      const rows = await db.getRepository(InboxEvent).find({ where: { eventId: In(found) }, order: { id: 'ASC' } });
      for (const row of rows) {
        console.log(`${row.eventId}\t${row.eventType}\t${row.status}${row.lastError ? `\t${row.lastError}` : ''}`);
      }
      return missing.length > 0 || rows.some((r) => r.status !== 'done' && r.status !== 'ignored') ? 1 : 0;
    });
  },
};

export const inbox: Command = {
  name: 'inbox',
  summary: 'list stored DingTalk events (the latest, or --failed with their errors)',
  usage: 'duban inbox [--failed] [--limit N]',
  async run(args) {
    const failed = args.includes('--failed');
    const limitArg = args[args.indexOf('--limit') + 1];
    const limit = args.includes('--limit') ? Number(limitArg) : 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit takes 1 to 10000');
    return withDatabase(async (db) => {
      const rows = await db.getRepository(InboxEvent).find({
        where: failed ? { status: 'failed' } : {},
        order: { id: 'DESC' },
        take: limit,
      });
      if (rows.length === 0) console.log(failed ? 'no failed events' : 'the inbox is empty');
      for (const r of rows) {
        const when = r.receivedAt.toISOString();
        console.log(
          `${when}\t${r.eventId}\t${r.eventType}\t${r.status}\tattempts=${r.attempts}${r.lastError ? `\t${r.lastError}` : ''}`,
        );
      }
      return 0;
    });
  },
};
