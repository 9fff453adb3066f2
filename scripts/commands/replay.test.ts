import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../bot-server/db/database';
import { InboxEvent } from '../../entities';

const bin = join(__dirname, '..', 'bin', 'duban.js');

/** The real command line, as a person runs it, against its own SQLite file. */
function duban(databaseUrl: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout.trim(), err: result.stderr.trim() };
}

describe('duban replay and duban inbox', () => {
  let dir: string;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duban-replay-'));
    url = `sqlite:${join(dir, 'duban.sqlite')}`;
    const db = await openDatabase({ type: 'sqlite', path: join(dir, 'duban.sqlite') });
    const row = (eventId: string, status: 'failed' | 'done') => ({
      eventId,
      // A type no domain area handles, so the outcome does not depend on which handlers exist.
      eventType: 'duban_test_event',
      corpId: 'dingcorp',
      transport: 'http' as const,
      bornAt: new Date('2026-11-20T01:00:00Z'),
      payload: { processInstanceId: eventId },
      status,
      attempts: status === 'failed' ? 8 : 1,
      nextAttemptAt: new Date('2026-11-20T01:00:00Z'),
      lastError: status === 'failed' ? 'Error: 数据库连接中断' : null,
    });
    await db.getRepository(InboxEvent).insert([row('ev-failed', 'failed'), row('ev-done', 'done')]);
    await db.destroy();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists failed events with their errors', () => {
    const listed = duban(url, 'inbox', '--failed');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/ev-failed\tduban_test_event\tfailed\tattempts=8\tError: 数据库连接中断/);
    expect(listed.out).not.toMatch(/ev-done/);
  });

  it('processes failed events again and reports each outcome', () => {
    const replayed = duban(url, 'replay', '--failed');
    expect(replayed).toMatchObject({ code: 0 });
    expect(replayed.out).toMatch(/^ev-failed\tduban_test_event\tignored$/m);
    expect(duban(url, 'inbox', '--failed').out).toBe('no failed events');
  });

  it('names an unknown event and refuses bad arguments with exit code 2', () => {
    const unknown = duban(url, 'replay', 'no-such-event');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no stored event no-such-event/);
    expect(duban(url, 'replay').code).toBe(2);
    expect(duban(url, 'replay', '--failed', 'ev-done').code).toBe(2);
    expect(duban(url, 'inbox', '--limit', 'many').code).toBe(2);
  });
});
