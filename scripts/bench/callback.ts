import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
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

interface Push {
  path: string;
  body: string;
}

interface RunResult {
  sent: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** Sorted. */
  latencies: number[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * One push. A kept-alive socket the server has just closed fails with ECONNRESET before the request reached it;
 * that request is sent once more on a fresh socket, as any HTTP client would.
 */
async function post(base: URL, push: Push): Promise<number> {
  try {
    return await postOnce(base, push);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') throw err;
    return postOnce(base, push);
  }
}

function postOnce(base: URL, push: Push): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: push.path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(push.body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Answers slower than DingTalk waits (or none at all). */
const lateAcks = (r: RunResult) => r.errors + r.latencies.filter((l) => l > FLOORS.ackLimitMs).length;

/**
 * Open loop at a fixed rate: request i is due at start + i/rate whether or not earlier ones have answered, and its
 * latency counts from when it was due, so a stall shows up in the tail instead of slowing the sender down.
 */
async function fixedRate(base: URL, pushes: Push[], rate: number): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  const interval = 1000 / rate;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  let i = 0;
  while (i < pushes.length) {
    const due = Math.min(pushes.length, Math.floor((performance.now() - start) / interval) + 1);
    for (; i < due; i++) {
      const scheduled = start + i * interval;
      const push = pushes[i] as Push;
      inFlight.push(
        post(base, push).then(
          (status) => {
            if (status !== 200) errors++;
            latencies.push(performance.now() - scheduled);
          },
          () => {
            errors++;
          },
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  return {
    sent: pushes.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
    errors,
    latencies,
  };
}

/** Closed loop with a fixed number of callers: the most events per second the endpoint takes. */
async function saturation(base: URL, pushes: Push[]): Promise<{ rate: number; errors: number }> {
  let next = 0;
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: SATURATION_CONCURRENCY }, async () => {
      while (next < pushes.length) {
        if ((await post(base, pushes[next++] as Push)) !== 200) errors++;
      }
    }),
  );
  return { rate: pushes.length / ((performance.now() - start) / 1000), errors };
}

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

/** The baseline: a bare Koa endpoint answering a constant encrypted success, in the same process. */
async function bareKoa(successBody: string): Promise<{ url: URL; close(): Promise<void> }> {
  const app = new Koa();
  app.use((ctx) => {
    ctx.type = 'application/json';
    ctx.body = successBody;
  });
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

interface TargetResult {
  name: string;
  firstBurst: RunResult;
  fixed: RunResult;
  rate: number;
  storedOk: boolean;
  unanswered: number;
}

async function benchTarget(
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
    const firstBurst = await fixedRate(base, firstBurstPushes.pushes, RATE_PER_SECOND);
    const fixedPushes = pushes(fixedCount, 'fixed');
    const fixed = await fixedRate(base, fixedPushes.pushes, RATE_PER_SECOND);
    const saturationPushes = pushes(SATURATION_REQUESTS, 'sat');
    const { rate, errors: saturationErrors } = await saturation(base, saturationPushes.pushes);
    const unanswered = firstBurst.errors + fixed.errors + saturationErrors;

    const expected = firstBurstPushes.eventIds.size + fixedPushes.eventIds.size + saturationPushes.eventIds.size;
    const repo = duban.services().db.getRepository(InboxEvent);
    const stored = await repo.count();
    const distinct = Number(
      (await duban.services().db.query('SELECT COUNT(DISTINCT event_id) AS n FROM inbox_event'))[0]?.n ?? 0,
    );
    const storedOk = stored === expected && distinct === expected;
    log(
      `  ${name}: ${stored} rows for ${expected} distinct events (duplicates sent too); ${unanswered} pushes not answered 200${storedOk ? '' : '  ← MISMATCH'}`,
    );
    return { name, firstBurst, fixed, rate, storedOk, unanswered };
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
  const rows: FloorRow[] = [
    {
      label: `SQLite ${RATE_PER_SECOND}/s open loop p50/p99`,
      now: `${ms(sqlite.fixed.p50)} / ${ms(sqlite.fixed.p99)}`,
      floor: `p99 < ${FLOORS.sqliteP99Ms} ms`,
      ok: sqlite.fixed.p99 < FLOORS.sqliteP99Ms,
    },
    {
      label: 'SQLite saturated ev/s',
      now: sqlite.rate.toFixed(0),
      floor: `≥ ${FLOORS.sqliteEventsPerSecond}`,
      ok: sqlite.rate >= FLOORS.sqliteEventsPerSecond,
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
        now: `${(mariadb.rate / bareRate).toFixed(2)} (${mariadb.rate.toFixed(0)} ÷ ${bareRate.toFixed(0)} ev/s)`,
        floor: `≥ ${FLOORS.mariadbShareOfBare.toFixed(2)}`,
        ok: mariadb.rate / bareRate >= FLOORS.mariadbShareOfBare,
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

export const callbackBenchmark: Benchmark = {
  summary: `encrypted pushes into /dingtalk/callback with the durable inbox vs a bare Koa endpoint (${RATE_PER_SECOND}/s; MariaDB with TEST_MYSQL_URL)`,
  async run({ durationMs, log }) {
    const seconds = Math.max(6, Math.round(durationMs / 1000));
    const fixedCount = RATE_PER_SECOND * seconds;
    log(
      `callback: ${FIRST_BURST} pushes at ${RATE_PER_SECOND}/s right after start, ${fixedCount} more at ${RATE_PER_SECOND}/s (open loop, latency from the scheduled send), then ${SATURATION_REQUESTS} with ${SATURATION_CONCURRENCY} callers; ~${DUPLICATE_SHARE * 100}% sent twice`,
    );

    const probe = new CallbackCrypto({ token: 't', aesKey: 'a'.repeat(43), ownerKey: 'dingbench' });
    const probePushes = (count: number, part: string) => makePushes(probe, 'dingbench', count, `bare-${part}`).pushes;
    const bare = await bareKoa(JSON.stringify(probe.encryptedMap('success')));
    await fixedRate(bare.url, probePushes(WARM_UP, 'warm'), RATE_PER_SECOND);
    const bareFixed = await fixedRate(bare.url, probePushes(fixedCount, 'fixed'), RATE_PER_SECOND);
    const bareRate = (await saturation(bare.url, probePushes(SATURATION_REQUESTS, 'sat'))).rate;
    await bare.close();

    const dir = mkdtempSync(join(tmpdir(), 'duban-bench-'));
    const sqlite = await benchTarget('sqlite', { type: 'sqlite', path: join(dir, 'bench.sqlite') }, fixedCount, log);
    const results = [sqlite];
    let mariadb: TargetResult | undefined;
    const server = mysqlServerUrl();
    if (server) {
      const scratch = await createScratchMysqlDatabase(server, 'duban_bench');
      try {
        mariadb = await benchTarget('mariadb', { type: 'mysql', url: scratch.url }, fixedCount, log);
        results.push(mariadb);
      } finally {
        await scratch.drop();
      }
    } else {
      log('  mariadb: skipped (set TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test to measure it)');
    }
    rmSync(dir, { recursive: true, force: true });
    agent.destroy();

    log('');
    log('endpoint           p50 @500/s   p99 @500/s   max @500/s   errors   events/s (32 callers)   ÷ bare');
    const row = (label: string, r: RunResult, rate: number) =>
      log(
        `${label.padEnd(18)} ${ms(r.p50).padStart(10)}   ${ms(r.p99).padStart(10)}   ${ms(r.max).padStart(10)}   ${String(r.errors).padStart(6)}   ${rate.toFixed(0).padStart(21)}   ${(rate / bareRate).toFixed(2).padStart(6)}`,
      );
    row('bare koa', bareFixed, bareRate);
    for (const r of results) row(`duban + ${r.name}`, r.fixed, r.rate);

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
