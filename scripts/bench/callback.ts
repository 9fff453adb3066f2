import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import { loadConfig } from '../../bot-server/config/config';
import { createScratchMysqlDatabase } from '../../bot-server/db/scratch-database';
import { dingtalkSettingsOf } from '../../bot-server/demo/demo-dingtalk';
import { CallbackCrypto, randomNonce } from '../../bot-server/dingtalk';
import { createLogger } from '../../bot-server/logging/logger';
import { startDuban } from '../../bot-server/server';
import { mysqlServerUrl } from '../../bot-server/test-support/databases';
import { InboxEvent } from '../../entities';
import type { DatabaseSettings } from '../../entities/data-source';
import type { Benchmark } from './benchmark';
import { type CallbackClient, type Push, type RunResult, startCallbackClient } from './callback-client';

/** Issue 17's floors. DingTalk gives up on an answer after about 1.5 s (docs/dingtalk.md §1.8). */
const RATE_PER_SECOND = 500;
const FLOORS = {
  sqliteP99Ms: 100,
  sqliteEventsPerSecond: 3000,
  /** Pushes of the first burst after start whose answer took longer than DingTalk waits. */
  ackLimitMs: 1500,
  mariadbShareOfBare: 0.3,
  mariadbP99Ms: 50,
} as const;
/** Pushes sent at RATE_PER_SECOND right after start, before anything is warm. */
const FIRST_BURST = 2000;
/** Share of pushes sent twice, as DingTalk does after a timeout: each must still be stored once. */
const DUPLICATE_SHARE = 0.05;
const SATURATION_REQUESTS = 3000;
const SATURATION_CONCURRENCY = 32;
/** Pushes sent first and not measured, to every endpoint alike (JIT, pools, caches). */
const WARM_UP = 500;

/** Answers slower than DingTalk waits (or none at all). */
const lateAcks = (r: RunResult) => r.errors + r.latencies.filter((l) => l > FLOORS.ackLimitMs).length;

/** Encrypted `bpms_task_change` pushes as DingTalk sends them, each with a fresh event id. */
function makePushes(
  crypto: CallbackCrypto,
  corpId: string,
  count: number,
  prefix: string,
): { pushes: Push[]; eventIds: Set<string> } {
  const pushes: Push[] = [];
  const eventIds = new Set<string>();
  for (let i = 0; i < count; i++) {
    const eventId = `${prefix}-${i}-${randomUUID()}`;
    eventIds.add(eventId);
    const message = JSON.stringify({
      EventType: 'bpms_task_change',
      eventId,
      CorpId: corpId,
      EventTime: Date.now(),
      processInstanceId: `pi-${i}`,
      taskId: `task-${i}`,
      type: 'start',
      title: '郑磊提交的收文办理：关于做好年度督查工作的通知',
      staffId: 'wufang',
      processCode: 'PROC-DUBAN-SHOUWEN',
    });
    const encrypt = crypto.seal(message);
    const timestamp = String(Date.now());
    const nonce = randomNonce(8);
    const signature = crypto.sign(timestamp, nonce, encrypt);
    const push = {
      path: `/dingtalk/callback?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
      body: JSON.stringify({ encrypt }),
    };
    pushes.push(push);
    if (Math.random() < DUPLICATE_SHARE) pushes.push(push);
  }
  return { pushes, eventIds };
}

/** The baseline: a bare Koa endpoint answering a constant encrypted success, in this process (where Duban runs). */
async function bareKoa(successBody: string): Promise<{ url: URL; close(): Promise<void> }> {
  const app = new Koa();
  app.use((ctx) => {
    ctx.type = 'application/json';
    ctx.body = successBody;
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

interface Saturated {
  rate: number;
  errors: number;
  /** CPU time this process (the server under test) spent during the run, per push: user + system. */
  cpuMicrosPerPush: number;
}

/** The closed-loop run, with the CPU time the server's process spent on it (load elsewhere on the machine aside). */
async function saturate(client: CallbackClient, url: URL, pushes: Push[]): Promise<Saturated> {
  const before = process.cpuUsage();
  const { rate, errors } = await client.saturation(url, pushes, SATURATION_CONCURRENCY);
  const cpu = process.cpuUsage(before);
  return { rate, errors, cpuMicrosPerPush: (cpu.user + cpu.system) / pushes.length };
}

interface TargetResult {
  name: string;
  firstBurst: RunResult;
  fixed: RunResult;
  saturated: Saturated;
  storedOk: boolean;
  unanswered: number;
}

async function benchTarget(
  client: CallbackClient,
  name: string,
  database: DatabaseSettings,
  fixedCount: number,
  log: (line: string) => void,
): Promise<TargetResult> {
  const config = { ...loadConfig({ PORT: '0', DINGTALK_EVENT_MODE: 'http', LOG_LEVEL: 'silent' }), database };
  const duban = await startDuban(config, createLogger('silent'));
  try {
    const sim = duban.simulator;
    if (!sim) throw new Error('the benchmark runs Duban in demo mode, with its simulator');
    const settings = dingtalkSettingsOf(sim, 'http');
    const crypto = new CallbackCrypto({
      token: settings.callbackToken,
      aesKey: settings.callbackAesKey,
      ownerKey: settings.appKey,
    });
    const pushes = (count: number, part: string) => makePushes(crypto, settings.corpId, count, `${name}-${part}`);
    const base = new URL(duban.url);
    // Nothing warm yet: this is what DingTalk sees right after a restart (it also warms the rest up).
    const firstBurstPushes = pushes(FIRST_BURST, 'first');
    const firstBurst = await client.fixedRate(base, firstBurstPushes.pushes, RATE_PER_SECOND);
    const fixedPushes = pushes(fixedCount, 'fixed');
    const fixed = await client.fixedRate(base, fixedPushes.pushes, RATE_PER_SECOND);
    const saturationPushes = pushes(SATURATION_REQUESTS, 'sat');
    const saturated = await saturate(client, base, saturationPushes.pushes);
    const unanswered = firstBurst.errors + fixed.errors + saturated.errors;

    const expected = firstBurstPushes.eventIds.size + fixedPushes.eventIds.size + saturationPushes.eventIds.size;
    const repo = duban.services().db.getRepository(InboxEvent);
    const stored = await repo.count();
    const distinct = Number(
      (await duban.services().db.query('SELECT COUNT(DISTINCT event_id) AS n FROM inbox_event'))[0]?.n ?? 0,
    );
    const storedOk = stored === expected && distinct === expected;
    // Acknowledged means stored; processing follows, and makes way for storing during a burst.
    const unprocessed = await repo.countBy({ status: 'pending' });
    log(
      `  ${name}: ${stored} rows for ${expected} distinct events (duplicates sent too); ${unanswered} pushes not answered 200${storedOk ? '' : '  ← MISMATCH'}; ${unprocessed} still to process when the runs ended`,
    );
    return { name, firstBurst, fixed, saturated, storedOk, unanswered };
  } finally {
    await duban.close();
  }
}

interface FloorRow {
  label: string;
  now: string;
  floor: string;
  ok: boolean;
}

function floorRows(sqlite: TargetResult, mariadb: TargetResult | undefined, bareRate: number): FloorRow[] {
  const sqliteRate = sqlite.saturated.rate;
  const mariadbRate = mariadb?.saturated.rate ?? 0;
  const rows: FloorRow[] = [
    {
      label: `SQLite ${RATE_PER_SECOND}/s open loop p50/p99`,
      now: `${ms(sqlite.fixed.p50)} / ${ms(sqlite.fixed.p99)}`,
      floor: `p99 < ${FLOORS.sqliteP99Ms} ms`,
      ok: sqlite.fixed.p99 < FLOORS.sqliteP99Ms,
    },
    {
      label: 'SQLite saturated ev/s',
      now: sqliteRate.toFixed(0),
      floor: `≥ ${FLOORS.sqliteEventsPerSecond}`,
      ok: sqliteRate >= FLOORS.sqliteEventsPerSecond,
    },
    {
      label: `SQLite first burst after start: acks over ${FLOORS.ackLimitMs / 1000} s`,
      now: `${lateAcks(sqlite.firstBurst)} of ${sqlite.firstBurst.sent} (max ${ms(sqlite.firstBurst.max)})`,
      floor: '0',
      ok: lateAcks(sqlite.firstBurst) === 0,
    },
  ];
  if (mariadb) {
    rows.push(
      {
        label: 'MariaDB saturated ÷ bare Koa',
        now: `${(mariadbRate / bareRate).toFixed(2)} (${mariadbRate.toFixed(0)} ÷ ${bareRate.toFixed(0)} ev/s)`,
        floor: `≥ ${FLOORS.mariadbShareOfBare.toFixed(2)}`,
        ok: mariadbRate / bareRate >= FLOORS.mariadbShareOfBare,
      },
      {
        label: `MariaDB ${RATE_PER_SECOND}/s p99`,
        now: ms(mariadb.fixed.p99),
        floor: `< ${FLOORS.mariadbP99Ms} ms`,
        ok: mariadb.fixed.p99 < FLOORS.mariadbP99Ms,
      },
    );
  }
  return rows;
}

interface Measured {
  bareFixed: RunResult;
  bareSaturated: Saturated;
  sqlite: TargetResult;
  mariadb: TargetResult | undefined;
}

/** Bare Koa first, then Duban on SQLite, then on MariaDB when there is one: each driven by the same client process. */
async function measureAll(client: CallbackClient, fixedCount: number, log: (line: string) => void): Promise<Measured> {
  const probe = new CallbackCrypto({ token: 't', aesKey: 'a'.repeat(43), ownerKey: 'dingbench' });
  const probePushes = (count: number, part: string) => makePushes(probe, 'dingbench', count, `bare-${part}`).pushes;
  const bare = await bareKoa(JSON.stringify(probe.encryptedMap('success')));
  await client.fixedRate(bare.url, probePushes(WARM_UP, 'warm'), RATE_PER_SECOND);
  const bareFixed = await client.fixedRate(bare.url, probePushes(fixedCount, 'fixed'), RATE_PER_SECOND);
  const bareSaturated = await saturate(client, bare.url, probePushes(SATURATION_REQUESTS, 'sat'));
  await bare.close();

  const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
  try {
    const sqliteDb: DatabaseSettings = { type: 'sqlite', path: join(dir, 'bench.sqlite') };
    const sqlite = await benchTarget(client, 'sqlite', sqliteDb, fixedCount, log);
    const server = mysqlServerUrl();
    if (!server) {
      log('  mariadb: skipped (set TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test to measure it)');
      return { bareFixed, bareSaturated, sqlite, mariadb: undefined };
    }
    const scratch = await createScratchMysqlDatabase(server, 'duban_bench');
    try {
      const mariadb = await benchTarget(client, 'mariadb', { type: 'mysql', url: scratch.url }, fixedCount, log);
      return { bareFixed, bareSaturated, sqlite, mariadb };
    } finally {
      await scratch.drop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const callbackBenchmark: Benchmark = {
  summary: `encrypted pushes into /dingtalk/callback with the durable inbox vs a bare Koa endpoint (${RATE_PER_SECOND}/s; MariaDB with TEST_MYSQL_URL)`,
  async run({ durationMs, log }) {
    const seconds = Math.max(6, Math.round(durationMs / 1000));
    const fixedCount = RATE_PER_SECOND * seconds;
    log(
      `callback: ${FIRST_BURST} pushes at ${RATE_PER_SECOND}/s right after start, ${fixedCount} more at ${RATE_PER_SECOND}/s (open loop, latency from the scheduled send), then ${SATURATION_REQUESTS} with ${SATURATION_CONCURRENCY} callers; ~${DUPLICATE_SHARE * 100}% sent twice`,
    );
    for (const line of [
      '  a client in a process of its own sends the pushes, encrypted and signed beforehand; the server under test has',
      '  this process to itself: bare Koa answering a constant body, then Duban on SQLite, then Duban on MariaDB.',
      '  latency: from the scheduled send to the answer. events/s: the closed-loop pushes over the time they took.',
      "  server CPU: this process's user + system time during the closed loop, per push (MariaDB's own not counted).",
      '  Duban processes what it stored in the background meanwhile, making way for storing during a burst.',
    ]) {
      log(line);
    }
    const client = startCallbackClient();
    let measured: Measured;
    try {
      measured = await measureAll(client, fixedCount, log);
    } finally {
      client.close();
    }
    const { bareFixed, bareSaturated, sqlite, mariadb } = measured;
    const bareRate = bareSaturated.rate;
    const results = mariadb ? [sqlite, mariadb] : [sqlite];

    log('');
    log(
      'endpoint           p50 @500/s   p99 @500/s   max @500/s   errors   events/s (32 callers)   ÷ bare   server CPU µs/push (32 callers)',
    );
    const row = (label: string, r: RunResult, saturated: Saturated) =>
      log(
        `${label.padEnd(18)} ${ms(r.p50).padStart(10)}   ${ms(r.p99).padStart(10)}   ${ms(r.max).padStart(10)}   ${String(r.errors).padStart(6)}   ${saturated.rate.toFixed(0).padStart(21)}   ${(saturated.rate / bareRate).toFixed(2).padStart(6)}   ${saturated.cpuMicrosPerPush.toFixed(0).padStart(31)}`,
      );
    row('bare koa', bareFixed, bareSaturated);
    for (const r of results) row(`duban + ${r.name}`, r.fixed, r.saturated);

    const floors = floorRows(sqlite, mariadb, bareRate);
    const width = Math.max(...floors.map((f) => f.label.length));
    const nowWidth = Math.max(3, ...floors.map((f) => f.now.length));
    log('');
    log(`${'measure'.padEnd(width)}   ${'now'.padEnd(nowWidth)}   floor`);
    for (const f of floors) {
      log(`${f.label.padEnd(width)}   ${f.now.padEnd(nowWidth)}   ${f.floor.padEnd(12)} ${f.ok ? 'ok' : 'OVER'}`);
    }

    const failures = [
      ...results.filter((r) => !r.storedOk).map((r) => `${r.name}: events not stored exactly once`),
      ...results.filter((r) => r.unanswered > 0).map((r) => `${r.name}: ${r.unanswered} pushes not answered 200`),
      ...floors.filter((f) => !f.ok).map((f) => `${f.label}: ${f.now}`),
    ];
    log(
      failures.length ? `\nFLOOR MISSED: ${failures.join('; ')}` : '\nevery floor met; every event stored exactly once',
    );
    return failures.length ? 1 : 0;
  },
};
