/**
 * Real processes against one MariaDB and one simulator: three at once send each reminder exactly once, and a
 * process killed with SIGKILL in the middle of a send loses nothing and duplicates nothing once another takes over.
 * MySQL/MariaDB only (skipped without TEST_MYSQL_URL): on SQLite one process sends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { Deadline, Matter, OutboxNotification } from '../../entities';
import type { Simulator } from '../../scripts/sim/simulator';
import { formatISODate, shanghaiDayNumber } from '../calendar';
import { openDatabase } from '../db/database';
import { createScratchMysqlDatabase } from '../db/scratch-database';
import type { DeadlineService } from '../deadlines/deadline-service';
import { mysqlServerUrl } from '../test-support/databases';
import { collectOutput } from '../test-support/duban-process';
import { matterDueOn, outboxRows, prepareDatabase, startTestSimulator } from '../test-support/reminders';
import { contentHash, enqueueNotifications, type NewNotification } from './outbox';

const server = mysqlServerUrl();
const WORKER = join(__dirname, '..', 'test-support', 'reminders-worker.ts');
const realClock = { ms: () => Date.now() };

interface Worker {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', WORKER], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { lines, stderr } = collectOutput(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(`worker failed:\n${stderr()}\n`);
      resolve(code);
    }),
  );
  return { child, lines, exited };
}

async function waitForLine(worker: Worker, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const line of worker.lines) {
      const match = pattern.exec(line);
      if (match) return match;
    }
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} (got ${worker.lines.join(' | ')})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

(server ? describe : describe.skip)('reminders across processes on MariaDB', () => {
  let db: DataSource;
  let url: string;
  let drop: () => Promise<void>;
  let deadlines: DeadlineService;
  let sim: Simulator;

  beforeAll(async () => {
    const scratch = await createScratchMysqlDatabase(server as string);
    url = scratch.url;
    drop = scratch.drop;
    db = await openDatabase({ type: 'mysql', url });
    deadlines = await prepareDatabase(db);
    sim = await startTestSimulator(realClock);
  });
  afterAll(async () => {
    await sim.close();
    await db.destroy();
    await drop();
  });
  beforeEach(async () => {
    for (const entity of [OutboxNotification, Deadline, Matter]) await db.getRepository(entity).clear();
    sim.state.messages.length = 0;
  });

  const workerEnv = (extra: Record<string, string> = {}) => ({
    WORKER_DB_URL: url,
    WORKER_SIM_URL: sim.url,
    ...extra,
  });

  let sequence = 0;
  /** Each with words of its own (DingTalk drops the same words to the same person twice a day). */
  const urge = (userId: string): NewNotification => {
    sequence++;
    return {
      idempotencyKey: `mp:${sequence}`,
      channel: 'work_notice',
      kind: 'urge',
      recipientUserId: userId,
      payload: { title: '【催办】', markdown: `【催办】请报送第${sequence}项工作进展。` },
    };
  };
  const enqueue = (rows: NewNotification[]) => db.transaction((m) => enqueueNotifications(m, rows));

  /**
   * How many times DingTalk was called with each row's content for its recipient, and how many of those it
   * delivered. (A unit head and a leader may rightly get the same words: the same items, counted alike.)
   */
  async function tally() {
    const rows = await outboxRows(db);
    const notices = sim.messages({ kind: 'work_notice' });
    return rows.map((row) => {
      const matching = notices.filter(
        (m) =>
          m.kind === 'work_notice' &&
          contentHash(m.msg) === row.contentHash &&
          m.userIds.includes(row.recipientUserId ?? ''),
      );
      return {
        id: row.id,
        status: row.status,
        calls: matching.length,
        delivered: matching.filter((m) => m.kind === 'work_notice' && m.deliveredTo.includes(row.recipientUserId ?? ''))
          .length,
      };
    });
  }

  it('three processes plan and send each reminder exactly once', async () => {
    const staff = [
      ['zhenglei', '21'],
      ['hemin', '31'],
      ['caoxue', '32'],
      ['yangfan', '33'],
      ['qinyue', '34'],
      ['hanlu', '35'],
    ] as const;
    const longAgo = formatISODate(shanghaiDayNumber(new Date()) - 60);
    for (let i = 0; i < 18; i++) {
      const [assignee, departmentId] = staff[i % staff.length] as (typeof staff)[number];
      await matterDueOn(db, deadlines, {
        title: `逾期事项${i + 1}`,
        dueDate: longAgo,
        assignee,
        departmentId,
      });
    }
    await enqueue(Array.from({ length: 30 }, (_, i) => urge((staff[i % staff.length] as (typeof staff)[number])[0])));

    const workers = [0, 1, 2].map(() => startWorker(workerEnv({ WORKER_MODE: 'all' })));
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0]);

    const rows = await tally();
    // 30 urges; per unit: one digest to the assignee (3 items), one to the unit head, one to the leader (or the
    // same leader's digest across units).
    expect(rows.length).toBeGreaterThan(30);
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    expect(rows.filter((r) => r.calls !== 1 || r.delivered !== 1)).toEqual([]);
    const planned = (await outboxRows(db)).filter((r) => r.kind !== 'urge');
    const perRecipient = new Map<string, number>();
    for (const r of planned)
      perRecipient.set(r.recipientUserId ?? '', (perRecipient.get(r.recipientUserId ?? '') ?? 0) + 1);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true); // one digest each: planned once
    const calledBy = workers.map((w) => w.lines.filter((l) => l.startsWith('CALLED ')).length);
    expect(calledBy.reduce((a, b) => a + b, 0)).toBe(rows.length);
  }, 60_000);

  it('processes killed with SIGKILL mid-send lose nothing and duplicate nothing once another takes over', async () => {
    const people = ['zhenglei', 'hemin', 'caoxue', 'yangfan', 'qinyue', 'hanlu', 'wufang', 'zhoutao'];
    await enqueue(Array.from({ length: 40 }, (_, i) => urge(people[i % people.length] as string)));
    // Long enough to outlast starting the three workers one after the other on a loaded machine (loading a worker's
    // modules took 20 s on a 2-core machine running the suite with two workers).
    const leaseMs = 30_000;
    const lease = { WORKER_MODE: 'dispatch', WORKER_LEASE_MS: String(leaseMs) };
    // One dies after DingTalk took its message and before marking it sent, one after marking its row `sending`
    // and before calling DingTalk, one at an arbitrary moment of its batch.
    // Started one after the other, so that on a loaded machine no worker drains the outbox before the next one
    // has claimed its first rows.
    const afterSend = startWorker(workerEnv({ ...lease, WORKER_PAUSE: 'after-send' }));
    const [, tookIt] = await waitForLine(afterSend, /^PAUSED (\d+)$/);
    const beforeSend = startWorker(workerEnv({ ...lease, WORKER_PAUSE: 'before-send' }));
    const [, markedIt] = await waitForLine(beforeSend, /^PAUSED (\d+)$/);
    const anywhere = startWorker(workerEnv(lease));
    await waitForLine(anywhere, /^CALLED \d+$/);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 50)));
    for (const doomed of [afterSend, beforeSend, anywhere]) doomed.child.kill('SIGKILL');
    expect(await Promise.all([afterSend.exited, beforeSend.exited, anywhere.exited])).toEqual([null, null, null]);

    const before = await tally();
    expect(before.find((r) => r.id === Number(tookIt))).toMatchObject({ status: 'sending', calls: 1, delivered: 1 });
    expect(before.find((r) => r.id === Number(markedIt))).toMatchObject({ status: 'sending', calls: 0 });
    expect(before.some((r) => r.status === 'pending')).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, leaseMs + 100)); // the leases run out
    const successor = startWorker(workerEnv(lease));
    expect(await successor.exited).toBe(0);
    const rows = await tally();
    expect(rows).toHaveLength(40);
    expect(rows.filter((r) => r.status !== 'sent' || r.delivered !== 1)).toEqual([]);
    // Its task id was written before it died: the successor asked DingTalk for the send result, and did not resend.
    expect(rows.find((r) => r.id === Number(tookIt))?.calls).toBe(1);
    expect(rows.find((r) => r.id === Number(markedIt))?.calls).toBe(1);
  }, 150_000);
});
