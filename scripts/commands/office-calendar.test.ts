import { openDatabase } from '../../bot-server/db/database';
import { DeadlineService } from '../../bot-server/deadlines/deadline-service';
import { createLogger } from '../../bot-server/logging/logger';
import { useSqliteDatabaseUrl } from '../../bot-server/test-support/databases';
import { calendarCommand } from './calendar';
import { UsageError } from './command';
import { dueCommand } from './due';
import { runCaptured } from './run-captured';

describe('duban calendar and due with --office', () => {
  const { path } = useSqliteDatabaseUrl('duban-office-');

  beforeAll(async () => {
    const db = await openDatabase({ type: 'sqlite', path });
    const deadlines = await DeadlineService.load(() => db, createLogger('silent'));
    await deadlines.setOverride('qianwei', { date: '2026-03-02', kind: 'off', reason: '临时停电闭馆' });
    await db.destroy();
  });

  it('answers with the days the administrator changed, where the official data alone does not', async () => {
    expect((await runCaptured(calendarCommand, ['is', '2026-03-02'])).out).toBe('workday 周一');
    expect((await runCaptured(calendarCommand, ['is', '2026-03-02', '--office'])).out).toMatch(/^off .*临时停电闭馆/);
    // 02-28 is a make-up Saturday: 02-28, 03-02, 03-03 officially; 02-28, 03-03, 03-04 with 03-02 off.
    expect((await runCaptured(calendarCommand, ['add', '2026-02-27', '3'])).out).toBe('2026-03-03');
    expect((await runCaptured(calendarCommand, ['add', '2026-02-27', '3', '--office'])).out).toBe('2026-03-04');
  });

  it('computes due dates on the office calendar, and refuses --strict with it', async () => {
    const office = await runCaptured(dueCommand, ['doc.incoming.submit.routine', '2026-02-27T10:00+08:00', '--office']);
    const official = await runCaptured(dueCommand, ['doc.incoming.submit.routine', '2026-02-27T10:00+08:00']);
    const dueOf = (out: string) => /^due {7}(\S+)/m.exec(out)?.[1];
    expect(dueOf(office.out)).not.toBe(dueOf(official.out));
    await expect(calendarCommand.run(['is', '2026-03-02', '--office', '--strict'])).rejects.toThrow(UsageError);
  });
});
