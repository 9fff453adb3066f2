import { SAMPLE_ORG } from '../../scripts/sim/sample-org';
import { SIM_DEFAULTS, type Simulator, type SimulatorOptions, startSimulator } from '../../scripts/sim/simulator';
import { MemorySink, recordingLogger, waitFor } from '../test-support/dingtalk';
import { TOPIC_CARD, TOPIC_ROBOT } from './constants';
import { DingTalkApiError } from './errors';
import { StreamReceiver, type StreamReceiverOptions } from './stream-receiver';

interface Fixture {
  sim: Simulator;
  receiver: StreamReceiver;
  sink: MemorySink;
  logger: ReturnType<typeof recordingLogger>;
}

const open: Fixture[] = [];

async function fixture(
  receiverOptions: Partial<StreamReceiverOptions> = {},
  simOptions: SimulatorOptions['stream'] = {},
): Promise<Fixture> {
  const sim = await startSimulator({
    org: SAMPLE_ORG,
    eventMode: 'stream',
    stream: { pingIntervalMs: 0, ackTimeoutMs: 2000, redeliveryDelayMs: 30, disconnectGraceMs: 150, ...simOptions },
  });
  const sink = new MemorySink();
  const logger = recordingLogger();
  const receiver = new StreamReceiver({
    clientId: SIM_DEFAULTS.appKey,
    clientSecret: SIM_DEFAULTS.appSecret,
    apiBase: sim.apiBase,
    sink,
    logger,
    reconnectBaseDelayMs: 20,
    reconnectMaxDelayMs: 200,
    keepAliveIntervalMs: 200,
    silenceTimeoutMs: 2000,
    drainTimeoutMs: 1000,
    ...receiverOptions,
  });
  const f = { sim, receiver, sink, logger };
  open.push(f);
  return f;
}

afterEach(async () => {
  for (const f of open.splice(0)) {
    await f.receiver.stop();
    await f.sim.close();
  }
});

function events(prefix: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    eventType: 'bpms_task_change',
    eventId: `${prefix}-${i}`,
    data: { processInstanceId: `pi-${prefix}`, taskId: i, type: 'start', title: '督办事项' },
  }));
}

function expectEachStoredOnce(sink: MemorySink, eventIds: string[]): void {
  expect(sink.stored.size).toBe(eventIds.length);
  for (const id of eventIds) expect(sink.storedCount(id)).toBe(1);
}

it('stores events and acknowledges them only after the sink resolved', async () => {
  const { sim, receiver, sink } = await fixture();
  await receiver.start();
  expect(receiver.isConnected()).toBe(true);
  sink.delayMs = 30;
  const batch = events('basic', 3);
  const deliveries = await Promise.all(batch.map((e) => sim.deliverEvent(e)));
  expect(deliveries.every((d) => d.status === 'acknowledged')).toBe(true);
  expectEachStoredOnce(
    sink,
    batch.map((e) => e.eventId),
  );
  expect(sink.stored.get('basic-0')).toMatchObject({
    eventType: 'bpms_task_change',
    corpId: SIM_DEFAULTS.corpId,
    transport: 'stream',
    data: { taskId: 0, title: '督办事项' },
  });
});

it('recovers from a dropped connection without losing an event', async () => {
  const { sim, receiver, sink, logger } = await fixture();
  await receiver.start();
  sink.delayMs = 40; // keep events in flight when the connection drops
  const batch = events('drop', 12);
  const pending = batch.map((e) => sim.deliverEvent(e));
  await waitFor(() => sink.inFlight > 0, 2000, 'events in flight');
  sim.gateway.dropConnections();
  const deliveries = await Promise.all(pending);
  expect(deliveries.every((d) => d.status === 'acknowledged')).toBe(true);
  expectEachStoredOnce(
    sink,
    batch.map((e) => e.eventId),
  );
  expect(sim.gateway.redeliveries).toBeGreaterThan(0);
  expect(logger.lines.some((l) => l.message === 'the DingTalk Stream connection closed')).toBe(true);
  await waitFor(() => receiver.isConnected(), 2000, 'reconnection');
});

it('reconnects at once on `disconnect` and drains the old connection', async () => {
  const { sim, receiver, sink } = await fixture();
  await receiver.start();
  sink.delayMs = 25;
  const before = events('before', 5).map((e) => sim.deliverEvent(e));
  await waitFor(() => sink.inFlight > 0, 2000, 'events in flight');
  sim.gateway.sendDisconnect();
  const after = events('after', 5).map((e) => sim.deliverEvent(e));
  const deliveries = await Promise.all([...before, ...after]);
  expect(deliveries.every((d) => d.status === 'acknowledged')).toBe(true);
  expectEachStoredOnce(
    sink,
    [...events('before', 5), ...events('after', 5)].map((e) => e.eventId),
  );
  // The old connection delivered its acks while draining: nothing had to be pushed twice.
  expect(sim.gateway.redeliveries).toBe(0);
  await waitFor(() => sim.gateway.connections.size === 1, 2000, 'the old connection to close');
  expect(receiver.isConnected()).toBe(true);
});

it('acks LATER when the sink throws, and stores the redelivery', async () => {
  const { sim, receiver, sink } = await fixture();
  await receiver.start();
  let failures = 2;
  sink.failWhen = () => failures-- > 0;
  const delivery = await sim.deliverEvent({
    eventType: 'bpms_instance_change',
    eventId: 'later-1',
    data: { type: 'finish' },
  });
  expect(delivery.status).toBe('acknowledged');
  expect(sink.calls).toEqual([
    { eventId: 'later-1', outcome: 'failed' },
    { eventId: 'later-1', outcome: 'failed' },
    { eventId: 'later-1', outcome: 'stored' },
  ]);
});

it('answers a jitter redelivery of an acknowledged event as a duplicate', async () => {
  const { sim, receiver, sink } = await fixture();
  await receiver.start();
  const event = {
    eventId: 'jitter-1',
    eventType: 'bpms_task_change',
    corpId: SIM_DEFAULTS.corpId,
    bornAt: Date.now(),
    data: { a: 1 },
  };
  await sim.gateway.deliver(event);
  await sim.gateway.redeliver(event);
  expect(sink.calls.map((c) => c.outcome)).toEqual(['stored', 'duplicate']);
});

it('reconnects when the connection goes silent', async () => {
  const { sim, receiver, sink, logger } = await fixture({ silenceTimeoutMs: 300, keepAliveIntervalMs: 100 });
  await receiver.start();
  sim.gateway.silence(true);
  await waitFor(
    () => logger.lines.some((l) => l.message === 'the Stream connection went silent; reconnecting'),
    3000,
    'the watchdog',
  );
  await waitFor(() => receiver.isConnected(), 3000, 'reconnection');
  const delivery = await sim.deliverEvent({ eventType: 'x', eventId: 'after-silence', data: {} });
  expect(delivery.status).toBe('acknowledged');
  expect(sink.storedCount('after-silence')).toBe(1);
});

it('answers SYSTEM pings', async () => {
  const { sim, receiver } = await fixture({}, { pingIntervalMs: 30 });
  await receiver.start();
  await waitFor(() => sim.gateway.pingsAnswered >= 2, 2000, 'two pings answered');
});

it('logs and ignores frames that are not JSON or carry bad data, and keeps working', async () => {
  const { sim, receiver, sink, logger } = await fixture();
  await receiver.start();
  sim.gateway.sendRaw('{not json');
  sim.gateway.sendRaw(
    JSON.stringify({ type: 'EVENT', headers: { messageId: 'm-bad', eventId: 'bad-data' }, data: 'not json' }),
  );
  sim.gateway.sendRaw(JSON.stringify({ type: 'EVENT', headers: {} }));
  sim.gateway.sendRaw(JSON.stringify({ type: 'MYSTERY', headers: {}, data: '{}' }));
  const delivery = await sim.deliverEvent({ eventType: 'x', eventId: 'after-garbage', data: {} });
  expect(delivery.status).toBe('acknowledged');
  expect([...sink.stored.keys()]).toEqual(['after-garbage']);
  const messages = logger.lines.map((l) => l.message);
  expect(messages).toContain('ignored a Stream frame that is not JSON');
  expect(messages).toContain('dropped a Stream EVENT whose data is not a JSON object');
  expect(messages).toContain('ignored a Stream frame of unknown type');
});

it('hands CALLBACK frames to the registered handler and acks with its result', async () => {
  const { sim, receiver } = await fixture();
  receiver.onCallback(TOPIC_ROBOT, async (data) => ({ echoed: (data as { text: { content: string } }).text.content }));
  receiver.onCallback('/v1.0/graph/api/invoke', () => {
    throw new Error('boom');
  });
  await receiver.start();
  const robot = await sim.gateway.sendCallback(TOPIC_ROBOT, { msgtype: 'text', text: { content: '收到' } });
  expect(robot.code).toBe(200);
  expect(JSON.parse(robot.data)).toEqual({ response: { echoed: '收到' } });
  const card = await sim.gateway.sendCallback(TOPIC_CARD, { outTrackId: 'x' });
  expect(card.code).toBe(404);
  const failing = await sim.gateway.sendCallback('/v1.0/graph/api/invoke', {});
  expect(failing.code).toBe(500);
});

it('refuses to start with credentials the gateway rejects', async () => {
  const { receiver } = await fixture({ clientSecret: 'wrong-secret' });
  await expect(receiver.start()).rejects.toMatchObject({ code: 'stream_connect_failed', httpStatus: 400 });
  await expect(receiver.start()).rejects.toThrow('only be started once');
  const error = await new StreamReceiver({
    clientId: 'x',
    clientSecret: 'y',
    apiBase: open[0]?.sim.apiBase ?? '',
    sink: new MemorySink(),
  })
    .start()
    .catch((err: unknown) => err);
  expect(error).toBeInstanceOf(DingTalkApiError);
});

it('stays down after stop', async () => {
  const { sim, receiver } = await fixture();
  await receiver.start();
  await receiver.stop();
  await waitFor(() => sim.gateway.connections.size === 0, 2000, 'connections to close');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(sim.gateway.connections.size).toBe(0);
  expect(receiver.isConnected()).toBe(false);
});

it('never logs a secret', async () => {
  const { sim, receiver, logger } = await fixture();
  await receiver.start();
  sim.gateway.dropConnections();
  await waitFor(() => receiver.isConnected() && logger.lines.length > 2, 2000, 'reconnection');
  expect(JSON.stringify(logger.lines)).not.toContain(SIM_DEFAULTS.appSecret);
});

it('acknowledges but never stores an event of another organisation or one the inbox cannot hold, and reports it', async () => {
  const { sim, receiver, sink, logger } = await fixture({ corpId: SIM_DEFAULTS.corpId });
  await receiver.start();
  let deep: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < 40; i++) deep = { deep };
  const refused = [
    { eventType: 'bpms_task_change', eventId: 'foreign-header', corpId: 'dingforeigncorp', data: { taskId: 1 } },
    { eventType: 'bpms_task_change', eventId: 'foreign-body', data: { taskId: 2, corpId: 'dingforeigncorp' } },
    { eventType: 'x'.repeat(65), eventId: 'long-type', data: {} },
    { eventType: 'bpms_task_change', eventId: 'too-deep', data: deep },
    { eventType: 'bpms_task_change', eventId: 'too-large', data: { remark: '审'.repeat(30_000) } },
  ];
  for (const event of refused) {
    // Acknowledged once: a redelivery of the same frame could not be stored either.
    expect((await sim.deliverEvent(event)).status).toBe('acknowledged');
  }
  const ours = await sim.deliverEvent({ eventType: 'bpms_task_change', eventId: 'ours', data: { taskId: 3 } });
  expect(ours.status).toBe('acknowledged');
  expect([...sink.stored.keys()]).toEqual(['ours']);
  const reports = logger.lines.filter((l) => l.message.startsWith('refused a Stream EVENT'));
  expect(reports.map((l) => l.message)).toEqual([
    'refused a Stream EVENT: the event belongs to another organisation',
    'refused a Stream EVENT: the event belongs to another organisation',
    'refused a Stream EVENT: the EventType is longer than 64',
    'refused a Stream EVENT: the event is nested deeper than 32 levels',
    'refused a Stream EVENT: the event is larger than the 65535 bytes the inbox holds',
  ]);
  expect(sim.gateway.redeliveries).toBe(0);
});
