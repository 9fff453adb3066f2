/**
 * Group commit in the inbox, against real SQLite and MariaDB: events that arrive together share one transaction,
 * and still each get their own answer — stored, duplicate, refused or timed out — and an acknowledged event is a
 * row even when the process is killed right after.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { InboxEvent } from '../../entities';
import type { DatabaseSettings } from '../../entities/data-source';
import { openDatabase } from '../db/database';
import type { InboundEvent } from '../dingtalk/receiver';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { Inbox, InboxStoreTimeout } from './inbox';

const WORKER = join(__dirname, '..', 'test-support', 'inbox-worker.ts');

const event = (eventId: string, fields: Partial<InboundEvent> = {}): InboundEvent => ({
  eventId,
  eventType: 'bpms_instance_change',
  corpId: 'dingcorp',
  bornAt: new Date('2026-11-25T01:00:00Z'),
  data: { processInstanceId: `pi-${eventId}`, title: '关于报送年度工作总结的通知' },
  transport: 'http',
  ...fields,
});

/** An inbox that records the size of each batch it stored (one transaction each). */
function countingInbox(db: DataSource, budgetMs?: number): { inbox: Inbox; batches: number[] } {
  const batches: number[] = [];
  return { inbox: new Inbox(() => db, undefined, { budgetMs, onBatch: (n) => batches.push(n) }), batches };
}

/** What `promise` settled as: its value, or the name of its error. */
const settled = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => value,
    (err: Error) => err.name,
  );

describe.each(testDatabases())('group commit in the inbox on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let db: DataSource;
  beforeEach(async () => {
    db = scratch.db;
    await db.getRepository(InboxEvent).clear();
  });
  /** The MariaDB database as another connection or process reaches it. */
  const mysqlSettings = (): DatabaseSettings => ({ type: 'mysql', url: (db.options as { url: string }).url });

  const storedIds = async () =>
    (await db.getRepository(InboxEvent).find({ order: { eventId: 'ASC' } })).map((row) => row.eventId);

  it('stores concurrent events in fewer transactions than events, each answered once its batch committed', async () => {
    const { inbox, batches } = countingInbox(db);
    const ids = Array.from({ length: 60 }, (_, i) => `g${String(i).padStart(2, '0')}`);
    const outcomes = await Promise.all(ids.map((id) => inbox.accept(event(id))));
    expect(outcomes).toEqual(ids.map(() => 'stored'));
    expect(batches.reduce((a, b) => a + b, 0)).toBe(ids.length);
    expect(batches.length).toBeLessThan(ids.length / 4);
    expect(await storedIds()).toEqual(ids);
  });

  it('answers duplicates within one batch and against stored rows as duplicates', async () => {
    const { inbox, batches } = countingInbox(db);
    expect(await inbox.accept(event('old'))).toBe('stored');
    // The first ones go alone (up to four at once on MariaDB); the rest arrive meanwhile and form one batch.
    const ids = ['f1', 'f2', 'f3', 'f4', 'a', 'b', 'a', 'old', 'c', 'b', 'a'];
    const outcomes = await Promise.all(ids.map((id) => inbox.accept(event(id))));
    expect(outcomes).toEqual([
      ...['stored', 'stored', 'stored', 'stored'],
      ...['stored', 'stored', 'duplicate', 'duplicate', 'stored', 'duplicate', 'duplicate'],
    ]);
    expect(Math.max(...batches)).toBeGreaterThanOrEqual(ids.length - 4);
    expect(await storedIds()).toEqual(['a', 'b', 'c', 'f1', 'f2', 'f3', 'f4', 'old']);
  });

  it('fails only the event the database refuses; the rest of its batch is stored', async () => {
    const { inbox, batches } = countingInbox(db);
    const bad = event('bad', { eventType: null as unknown as string }); // NOT NULL
    const ids = ['w', 'x', 'y', 'z', 'good1', 'bad', 'good2', 'x'];
    const outcomes = await Promise.all(ids.map((id) => settled(inbox.accept(id === 'bad' ? bad : event(id)))));
    expect(outcomes).toEqual([
      'stored',
      'stored',
      'stored',
      'stored',
      'stored',
      'QueryFailedError',
      'stored',
      'duplicate',
    ]);
    expect(Math.max(...batches)).toBeGreaterThanOrEqual(ids.length - 4);
    expect(await storedIds()).toEqual(['good1', 'good2', 'w', 'x', 'y', 'z']);
  });

  it('answers InboxStoreTimeout when the database hangs, and stores the events once it answers again', async () => {
    const { inbox } = countingInbox(db, 300);
    const hang = await hangInboxTable(db, target.name === 'mysql' ? mysqlSettings() : null);
    let outcomes: unknown[];
    try {
      outcomes = await Promise.all(['h1', 'h2', 'h3'].map((id) => settled(inbox.accept(event(id)))));
    } finally {
      await hang.release();
    }
    expect(outcomes).toEqual([InboxStoreTimeout.name, InboxStoreTimeout.name, InboxStoreTimeout.name]);
    // DingTalk pushes them again: each ends up stored exactly once, whether or not the late batch committed.
    const again = await Promise.all(['h1', 'h2', 'h3'].map((id) => inbox.accept(event(id))));
    expect(again.every((o) => o === 'stored' || o === 'duplicate')).toBe(true);
    expect(await storedIds()).toEqual(['h1', 'h2', 'h3']);
  });

  it('keeps every acknowledged event when the process is killed with SIGKILL', async () => {
    // A child process needs a database of its own on disk (the shared one may be in memory).
    const dir = target.name === 'sqlite' ? mkdtempSync(join(tmpdir(), 'duban-inbox-kill-')) : null;
    const childSettings: DatabaseSettings = dir ? { type: 'sqlite', path: join(dir, 'inbox.sqlite') } : mysqlSettings();
    const childDb = dir ? await openDatabase(childSettings) : db;
    try {
      const acked = await runAndKill(childSettings, 300);
      const stored = new Set(
        (await childDb.getRepository(InboxEvent).find({ select: { eventId: true } })).map((r) => r.eventId),
      );
      expect(acked.length).toBeGreaterThanOrEqual(300);
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      if (dir) {
        await childDb.destroy();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});

/** Makes the inbox table hang for writers, as a locked or frozen database would, until released. */
async function hangInboxTable(db: DataSource, mysql: DatabaseSettings | null): Promise<{ release(): Promise<void> }> {
  if (mysql) {
    const other = await openDatabase(mysql, { migrate: false });
    const runner = other.createQueryRunner();
    await runner.query('LOCK TABLES inbox_event WRITE');
    return {
      async release() {
        await runner.query('UNLOCK TABLES');
        await runner.release();
        await other.destroy();
      },
    };
  }
  // SQLite: a transaction of this process that does not end holds every other write back.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let entered!: () => void;
  const holding = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const transaction = db.transaction(async () => {
    entered();
    await gate;
  });
  await holding;
  return {
    async release() {
      release();
      await transaction;
    },
  };
}

/** Runs the kill worker until it has acknowledged at least `count` events, kills it, and returns what it acked. */
async function runAndKill(settings: DatabaseSettings, count: number): Promise<string[]> {
  const child: ChildProcess = spawn(process.execPath, ['--require', 'tsx/cjs', WORKER], {
    env: { ...process.env, WORKER_DB: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: string[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ACK ')) acked.push(line.slice(4));
      if (acked.length >= count) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`the worker exited (${code}) before it was killed:\n${stderr}`)));
  });
  await exited;
  // Lines already in the pipe when it died were acknowledgements too.
  child.stdout?.removeAllListeners('data');
  return acked;
}
