import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Koa from 'koa';
import { Registry } from 'prom-client';
import { InboxEvent, Matter } from '../../entities';
import { errorMiddleware } from '../api/errors';
import { OapiClient, RateLimiter } from '../dingtalk';
import { InboxProcessor } from '../events/inbox-processor';
import { storeEvents } from '../events/inbox-store';
import { enqueueNotifications, type NewNotification } from '../reminders/outbox';
import { ReminderService } from '../reminders/service';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import { callJson } from '../test-support/http';
import { parseExposition } from '../test-support/prometheus-text';
import { clientsFor, silent, TestClock, testSettings, useReminderWorld } from '../test-support/reminders';
import { type Simulator, startSimulator } from '../test-support/simulator';
import { createMetrics } from '.';
import { processRegistry } from './process-metrics';
import { type QueueSource, registerQueueGauges } from './queue-gauges';

const TOKEN = 'metrics-token-for-the-metrics-test-0123456789';
const noSleep = async () => {};

/** The queue gauges alone, read through a registry of their own on `now`; every scrape reads the database. */
function queueGauges(source: QueueSource, now: () => number) {
  const registry = new Registry();
  registerQueueGauges(registry, source, { cacheMs: 0, now });
  return async () => parseExposition(await registry.metrics());
}

const counters = async () => parseExposition(await processRegistry().metrics());

describe('GET /metrics without METRICS_TOKEN', () => {
  let server: Server;
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('answers 404 whatever the request carries: metrics are off', async () => {
    const noDatabase = () => {
      throw new Error('no database');
    };
    const metrics = createMetrics({ token: null, queues: { db: noDatabase, ready: async () => false } });
    const app = new Koa().use(errorMiddleware(silent)).use(metrics.routes.routes());
    server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    for (const authorization of ['', 'Bearer ', `Bearer ${TOKEN}`]) {
      const res = await fetch(url, { headers: authorization ? { authorization } : {} });
      expect([res.status, (await res.text()).includes('duban_')]).toEqual([404, false]);
    }
  });
});

describe.each(testDatabases())('GET /metrics of a running Duban on $name', (target) => {
  const demo = useDemoDuban(target, { env: { METRICS_TOKEN: TOKEN }, users: ['zhoutao'] });
  const scrape = async () => {
    const res = await fetch(`${demo.duban.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/plain; version=0.0.4; charset=utf-8']);
    return parseExposition(await res.text());
  };

  it('answers the Prometheus text format: the process, the queues, DingTalk, requests', async () => {
    const metrics = await scrape();
    expect(metrics.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(metrics.types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
    expect(metrics.types.get('duban_http_request_duration_seconds')).toBe('histogram');
    expect(metrics.types.get('duban_dingtalk_api_calls_total')).toBe('counter');
    expect(metrics.types.get('duban_reminders_sent_total')).toBe('counter');
    expect(metrics.value('duban_ready')).toBe(1);
    // The demo's own processing has emptied the inbox it started with.
    expect(metrics.value('duban_inbox_failed_events')).toBe(0);
    expect(metrics.value('duban_outbox_failed_messages')).toBe(0);
    const ours = [...metrics.types.keys()].filter((name) => !/^(process|nodejs)_/.test(name));
    expect(ours.filter((name) => !name.startsWith('duban_'))).toEqual([]);
  });

  it('has every metric the sample alerts of docs/alerts.md name', async () => {
    const alerts = readFileSync(join(__dirname, '..', '..', 'docs', 'alerts.md'), 'utf8');
    const rules = /```yaml\n([\s\S]*?)```/.exec(alerts)?.[1] ?? '';
    const named = new Set(
      [...rules.matchAll(/\bduban_[a-z_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, '')),
    );
    expect(named.size).toBeGreaterThanOrEqual(8);
    const { types } = await scrape();
    expect([...named].filter((name) => !types.has(name))).toEqual([]);
  });

  it('observes a request under the route it matched, never under its raw path', async () => {
    const matter = await demo.db.getRepository(Matter).findOneByOrFail({});
    const route = { method: 'GET', route: '/api/supervision/matters/:id', status: '2xx' };
    const before = (await scrape()).value('duban_http_request_duration_seconds_count', route) ?? 0;
    const caller = demo.caller('/api/supervision');
    expect((await caller('zhoutao', `/matters/${matter.id}`)).status).toBe(200);
    expect((await callJson(demo.duban, `/api/supervision/matters/${matter.id}`)).status).toBe(401);

    const metrics = await scrape();
    expect(metrics.value('duban_http_request_duration_seconds_count', route)).toBe(before + 1);
    expect(metrics.value('duban_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(before + 1);
    // Refused by the gate before any router ran: counted, under the one value for unmatched requests.
    expect(
      metrics.value('duban_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '4xx' }),
    ).toBeGreaterThanOrEqual(1);
    const routes = new Set(metrics.samples.flatMap((s) => (s.labels.route ? [s.labels.route] : [])));
    expect([...routes].filter((r) => /\/\d/.test(r))).toEqual([]);
  });
});

describe.each(testDatabases())('the queue figures on $name', (target) => {
  describe('the inbox', () => {
    const scratch = useScratchDatabase(target);
    const source: QueueSource = { db: () => scratch.db, ready: async () => true };
    const event = (eventId: string, eventType: string) => ({
      eventId,
      eventType,
      corpId: 'ding-metrics',
      bornAt: new Date(),
      data: { n: eventId },
      transport: 'http' as const,
    });

    it('counts what is stored and not processed, how long it has waited, and what was given up', async () => {
      // Scraped a minute after now: the events stored now have waited 60 s.
      const read = queueGauges(source, () => Date.now() + 60_000);
      const before = await read();
      expect(before.value('duban_inbox_pending_events')).toBe(0);
      expect(before.value('duban_inbox_oldest_pending_age_seconds')).toBe(0);
      expect(before.value('duban_inbox_failed_events')).toBe(0);

      await storeEvents(scratch.db, [event('metrics-ok', 'metrics_ok'), event('metrics-bad', 'metrics_bad')]);
      const stored = await read();
      expect(stored.value('duban_inbox_pending_events')).toBe(2);
      expect(stored.value('duban_inbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(59);
      expect(stored.value('duban_inbox_oldest_pending_age_seconds')).toBeLessThan(120);

      const processor = new InboxProcessor(() => scratch.db, silent, { maxAttempts: 1 })
        .on('metrics_ok', async () => {})
        .on('metrics_bad', async () => {
          throw new Error('the handler refused it');
        });
      expect(await processor.drain()).toBe(2);
      const processed = await read();
      expect(processed.value('duban_inbox_pending_events')).toBe(0);
      expect(processed.value('duban_inbox_oldest_pending_age_seconds')).toBe(0);
      expect(processed.value('duban_inbox_failed_events')).toBe(1);
      expect(await scratch.db.getRepository(InboxEvent).countBy({ status: 'done' })).toBe(1);
    });

    it('reads the database once per interval, however many scrape at once, and NaN when it does not answer', async () => {
      let now = Date.now();
      let readings = 0;
      let up = true;
      const registry = new Registry();
      const ready = async () => {
        readings++;
        return up;
      };
      registerQueueGauges(registry, { db: () => scratch.db, ready }, { now: () => now });
      const scrape = async () => parseExposition(await registry.metrics());

      const storm = await Promise.all(Array.from({ length: 20 }, scrape));
      expect(readings).toBe(1);
      expect(new Set(storm.map((m) => m.value('duban_inbox_failed_events')))).toEqual(new Set([1]));
      await storeEvents(scratch.db, [event('metrics-later', 'metrics_ok')]);
      now += 4_999;
      expect((await scrape()).value('duban_inbox_pending_events')).toBe(0);
      now += 1;
      expect((await scrape()).value('duban_inbox_pending_events')).toBe(1);
      expect(readings).toBe(2);

      up = false;
      now += 5_000;
      const down = await scrape();
      expect(down.value('duban_ready')).toBe(0);
      expect(down.value('duban_inbox_pending_events')).toBeNaN();
    });
  });

  describe('the outbox', () => {
    const clock = new TestClock('2026-03-02T10:00');
    const world = useReminderWorld(target, clock);

    const row = (key: string, extra: Partial<NewNotification>): NewNotification => ({
      idempotencyKey: key,
      channel: 'work_notice',
      kind: 'overdue',
      recipientUserId: 'zhenglei',
      payload: { title: '【逾期】', markdown: `【逾期】${key}：请尽快办理。`, url: '/m/matter/1', urgent: true },
      scheduledAt: clock.now(),
      ...extra,
    });

    it('counts due messages and their wait, then the reminder sent by kind and the message given up', async () => {
      const read = queueGauges({ db: () => world.db, ready: async () => true }, clock.ms);
      await world.db.transaction((manager) =>
        enqueueNotifications(
          manager,
          [
            row('metrics:notice', {}),
            row('metrics:bulletin', {
              channel: 'group_robot',
              kind: 'bulletin',
              recipientUserId: null,
              recipientGroup: 'nowhere',
            }),
          ],
          clock.now(),
        ),
      );
      clock.advance(90_000);
      const due = await read();
      expect(due.value('duban_outbox_due_messages')).toBe(2);
      expect(due.value('duban_outbox_oldest_due_age_seconds')).toBe(90);
      expect(due.value('duban_outbox_failed_messages')).toBe(0);

      const sent = { kind: 'overdue', channel: 'work_notice' };
      const call = { api: '/topapi/message/corpconversation/asyncsend_v2', outcome: 'ok' };
      const before = await counters();
      const dingtalk = clientsFor(world.sim, clock);
      const service = new ReminderService(world.db, silent, dingtalk);
      expect(await service.dispatcher(world.deadlines, testSettings(dingtalk.agentId), clock.now).drain()).toBe(2);

      const after = await counters();
      expect(after.value('duban_reminders_sent_total', sent)).toBe(
        (before.value('duban_reminders_sent_total', sent) ?? 0) + 1,
      );
      expect(after.value('duban_reminders_sent_total', { kind: 'bulletin', channel: 'group_robot' })).toBe(
        before.value('duban_reminders_sent_total', { kind: 'bulletin', channel: 'group_robot' }),
      );
      expect(after.value('duban_dingtalk_api_calls_total', call)).toBe(
        (before.value('duban_dingtalk_api_calls_total', call) ?? 0) + 1,
      );
      const settled = await read();
      expect(settled.value('duban_outbox_due_messages')).toBe(0);
      expect(settled.value('duban_outbox_oldest_due_age_seconds')).toBe(0);
      expect(settled.value('duban_outbox_failed_messages')).toBe(1);
    });
  });
});

describe('DingTalk calls', () => {
  let sim: Simulator;
  beforeAll(async () => {
    processRegistry();
    sim = await startSimulator({ qpsLimit: 0 });
  });
  afterAll(() => sim.close());

  it('counts each attempt by API and outcome, and the waits of the rate limiter and of the backoff', async () => {
    // The clients' token cache, and a client of our own limits on it.
    const { tokens } = clientsFor(sim, { ms: Date.now });
    const oapi = new OapiClient({
      tokens,
      oapiBase: sim.oapiBase,
      // One call a second, and the waits not slept: each call after the first is held back and counted.
      limiter: new RateLimiter({ limit: 1, intervalMs: 1000, sleep: noSleep }),
      retry: { maxAttempts: 2, baseDelayMs: 1000, maxDelayMs: 1000 },
      sleep: noSleep,
    });
    const api = '/topapi/v2/user/get';
    const before = await counters();
    const delta = async (name: string, labels: Record<string, string>) =>
      ((await counters()).value(name, labels) ?? 0) - (before.value(name, labels) ?? 0);

    await oapi.getUser('hemin');
    await expect(oapi.getUser('nobody-at-all')).rejects.toMatchObject({ errcode: 60121 });
    sim.injectFault(api, 'throttle', 2);
    await expect(oapi.getUser('hemin')).rejects.toMatchObject({ code: 'api_throttled' });

    expect(await delta('duban_dingtalk_api_calls_total', { api, outcome: 'ok' })).toBe(1);
    expect(await delta('duban_dingtalk_api_calls_total', { api, outcome: 'error' })).toBe(1);
    expect(await delta('duban_dingtalk_api_calls_total', { api, outcome: 'throttled' })).toBe(2);
    expect(await delta('duban_dingtalk_throttle_waits_total', { api, reason: 'backoff' })).toBe(1);
    const backoff = await delta('duban_dingtalk_throttle_wait_seconds_total', { api, reason: 'backoff' });
    expect(backoff).toBeGreaterThanOrEqual(1);
    expect(backoff).toBeLessThanOrEqual(1.2);
    expect(await delta('duban_dingtalk_throttle_waits_total', { api, reason: 'rate_limit' })).toBe(3);
    expect(await delta('duban_dingtalk_throttle_wait_seconds_total', { api, reason: 'rate_limit' })).toBeGreaterThan(2);
  });
});
