/**
 * Stopping on SIGTERM, as systemd stops Duban (deploy/duban@.service): a real process (`main.ts`) over an SQLite file
 * takes a burst of DingTalk pushes and is told to stop in the middle of it. Every push it acknowledged is in the
 * inbox after a restart and is processed once, a push still being received when the signal came is answered and
 * kept, and the process exits 0 having released what it had claimed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { Document, InboxEvent } from '../entities';
import { openDatabase } from './db/database';
import { waitFor } from './test-support/dingtalk';
import { approvalStarted, logLines, pushEvent, slowPush, startDubanProcess } from './test-support/duban-process';

const SENDERS = 20;
const ACKED_BEFORE_SIGNAL = 100;

describe('SIGTERM stops Duban gracefully (a real process, SQLite)', () => {
  let dir: string;
  let db: DataSource | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-shutdown-'));
  });
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged event, answers the request in flight, and exits 0', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'duban.sqlite')}` };
    const first = await startDubanProcess(env);

    // Headers and half the body sent: the push is in flight on the server when the signal comes.
    const inFlight = slowPush(first.url, approvalStarted('slow-1'));
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Pushes keep coming, twenty at a time, until the process no longer takes connections.
    const answers = new Map<string, number | 'refused'>();
    let next = 0;
    const sender = async () => {
      for (;;) {
        const eventId = `burst-${next++}`;
        const status = await pushEvent(first.url, approvalStarted(eventId));
        answers.set(eventId, status);
        if (status === 'refused') return;
      }
    };
    const senders = Array.from({ length: SENDERS }, sender);
    const acknowledged = () => [...answers.values()].filter((status) => status === 200).length;
    await waitFor(() => acknowledged() >= ACKED_BEFORE_SIGNAL, 60_000, 'pushes acknowledged');
    first.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    inFlight.finish();

    expect(await first.exited).toBe(0);
    await Promise.all(senders);
    expect(await inFlight.answer).toBe(200);
    const acked = [...answers].filter(([, status]) => status === 200).map(([id]) => id);
    const notTaken = [...answers].filter(([, status]) => status !== 200);
    // Stopped in the middle: what was not acknowledged was refused (DingTalk pushes those again), never half-taken.
    expect(acked.length).toBeGreaterThanOrEqual(ACKED_BEFORE_SIGNAL);
    expect(notTaken.length).toBeGreaterThanOrEqual(SENDERS);
    expect(notTaken.filter(([, status]) => status !== 503 && status !== 'refused')).toEqual([]);
    const messages = logLines(first).map((line) => line.msg);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^shutting down/), 'stopped']));

    db = await openDatabase({ type: 'sqlite', path: join(dir, 'duban.sqlite') }, { migrate: false });
    const inbox = db.getRepository(InboxEvent);
    // Nothing is left claimed by the stopped process.
    expect((await inbox.find()).filter((row) => row.lockedBy !== null)).toEqual([]);

    const second = await startDubanProcess(env);
    const expected = ['slow-1', ...acked];
    const stored = async () => inbox.find();
    const deadline = Date.now() + 60_000;
    let rows = await stored();
    while (rows.some((row) => row.status !== 'done') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      rows = await stored();
    }
    expect(await second.stop()).toBe(0);

    rows = await stored();
    const byId = new Map(rows.map((row) => [row.eventId, row]));
    expect(expected.filter((id) => !byId.has(id))).toEqual([]);
    // Processed once each: done at the first attempt, and one document per approval.
    expect(rows.filter((row) => row.status !== 'done' || row.attempts !== 0)).toEqual([]);
    const documents = await db.getRepository(Document).find({ where: { origin: 'dingtalk' } });
    const instances = documents.map((d) => d.processInstanceId).filter((id) => id?.startsWith('pi-'));
    expect(instances.sort()).toEqual(rows.map((row) => `pi-${row.eventId}`).sort());
  }, 240_000);
});
