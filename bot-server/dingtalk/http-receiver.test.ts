import { Agent, request, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { SAMPLE_ORG } from '../../scripts/sim/sample-org';
import { SIM_DEFAULTS, type Simulator, startSimulator } from '../../scripts/sim/simulator';
import { MemorySink, recordingLogger, waitFor } from '../test-support/dingtalk';
import { CallbackCrypto } from './callback-crypto';
import { createHttpCallbackReceiver, type HttpCallbackReceiver } from './http-receiver';
import { derivedEventId } from './receiver';

const token = SIM_DEFAULTS.callbackToken;
const aesKey = SIM_DEFAULTS.callbackAesKey;
const appKey = SIM_DEFAULTS.appKey;

async function listen(app: Koa): Promise<{ server: Server; url: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dingtalk/callback` };
}

describe('HTTP callback receiver, end to end through the simulator', () => {
  const sink = new MemorySink();
  const logger = recordingLogger();
  let receiver: HttpCallbackReceiver;
  let server: Server;
  let callbackUrl: string;
  let sim: Simulator;

  beforeAll(async () => {
    receiver = createHttpCallbackReceiver({ token, aesKey, appKey, corpId: SIM_DEFAULTS.corpId, sink, logger });
    const app = new Koa();
    app.use(receiver.routes());
    ({ server, url: callbackUrl } = await listen(app));
    await receiver.start();
    sim = await startSimulator({
      org: SAMPLE_ORG,
      eventMode: 'http',
      callback: { url: callbackUrl, retryDelaysMs: [30, 30], timeoutMs: 3000 },
      stream: { pingIntervalMs: 0 },
    });
  });

  afterAll(async () => {
    await sim.close();
    await receiver.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    sink.stored.clear();
    sink.calls.length = 0;
    sink.failWhen = () => false;
  });

  it('answers check_url with the success map and stores nothing', async () => {
    expect(await sim.checkCallbackUrl()).toBe(true);
    expect(sink.calls).toEqual([]);
  });

  it('stores an event before acknowledging it', async () => {
    const delivery = await sim.deliverEvent({
      eventType: 'bpms_instance_change',
      eventId: 'evt-http-1',
      data: { processInstanceId: 'pi-1', type: 'start', title: '王建国提交的发文审批' },
    });
    expect(delivery.status).toBe('acknowledged');
    const event = sink.stored.get('evt-http-1');
    expect(event).toMatchObject({
      eventType: 'bpms_instance_change',
      corpId: SIM_DEFAULTS.corpId,
      transport: 'http',
      data: { processInstanceId: 'pi-1', type: 'start', title: '王建国提交的发文审批' },
    });
  });

  it('acknowledges a duplicate with the same success answer, storing it once', async () => {
    const first = await sim.deliverEvent({ eventType: 'bpms_task_change', eventId: 'evt-dup', data: { taskId: 1 } });
    const second = await sim.deliverEvent({ eventType: 'bpms_task_change', eventId: 'evt-dup', data: { taskId: 1 } });
    expect([first.status, second.status]).toEqual(['acknowledged', 'acknowledged']);
    expect(sink.calls.map((c) => c.outcome)).toEqual(['stored', 'duplicate']);
  });

  it('acknowledges unknown event types', async () => {
    const delivery = await sim.deliverEvent({ eventType: 'some_future_event', data: { anything: true } });
    expect(delivery.status).toBe('acknowledged');
    expect(sink.stored.get(delivery.eventId)?.eventType).toBe('some_future_event');
  });

  it('gives legacy payloads a deterministic id, so a redelivery is a duplicate', async () => {
    const data = { processInstanceId: 'pi-legacy', taskId: 42, type: 'finish', result: 'agree' };
    await sim.deliverEvent({ eventType: 'bpms_task_change', data, legacy: true });
    await sim.deliverEvent({ eventType: 'bpms_task_change', data, legacy: true });
    const expectedId = derivedEventId('bpms_task_change', SIM_DEFAULTS.corpId, {
      EventType: 'bpms_task_change',
      corpId: SIM_DEFAULTS.corpId,
      ...data,
    });
    expect(sink.calls).toEqual([
      { eventId: expectedId, outcome: 'stored' },
      { eventId: expectedId, outcome: 'duplicate' },
    ]);
  });

  it('answers 503 when the event cannot be stored, so DingTalk pushes it again', async () => {
    let failures = 1;
    sink.failWhen = () => failures-- > 0;
    const delivery = await sim.deliverEvent({ eventType: 'bpms_task_change', eventId: 'evt-retry', data: {} });
    expect(delivery.attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(delivery.status).toBe('acknowledged');
    expect(sink.storedCount('evt-retry')).toBe(1);
  });

  it('never acknowledges an event that was never stored', async () => {
    sink.failWhen = () => true;
    const delivery = await sim.deliverEvent({ eventType: 'bpms_task_change', eventId: 'evt-lost', data: {} });
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts.every((a) => a.status === 503 && !a.ok)).toBe(true);
    expect(sink.stored.size).toBe(0);
  });

  describe('bad input: 4xx with a stable code, nothing stored', () => {
    const crypto = new CallbackCrypto({ token, aesKey, ownerKey: appKey });

    async function post(
      body: string,
      query: Record<string, string> | Array<[string, string]>,
    ): Promise<{ status: number; code: string | undefined }> {
      const response = await fetch(`${callbackUrl}?${new URLSearchParams(query)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const json = (await response.json()) as { error?: { code?: string } };
      return { status: response.status, code: json.error?.code };
    }

    function signed(
      encrypt: string,
      signer = crypto,
      timestamp = String(Date.now()),
    ): { body: string; query: Record<string, string> } {
      const nonce = 'n0nce123';
      return {
        body: JSON.stringify({ encrypt }),
        query: { signature: signer.sign(timestamp, nonce, encrypt), timestamp, nonce },
      };
    }

    const hour = 3_600_000;
    const cases: Array<
      [string, () => { body: string; query: Record<string, string> | Array<[string, string]> }, number, string]
    > = [
      [
        'wrong signature',
        () => {
          const ok = signed(crypto.seal('{"EventType":"x"}'));
          return { ...ok, query: { ...ok.query, signature: '0'.repeat(40) } };
        },
        401,
        'callback_bad_signature',
      ],
      [
        'missing nonce',
        () => {
          const ok = signed(crypto.seal('{"EventType":"x"}'));
          return { body: ok.body, query: { signature: ok.query.signature ?? '', timestamp: ok.query.timestamp ?? '' } };
        },
        401,
        'callback_bad_signature',
      ],
      [
        'signed by another token',
        () =>
          signed(crypto.seal('{"EventType":"x"}'), new CallbackCrypto({ token: 'intruder', aesKey, ownerKey: appKey })),
        401,
        'callback_bad_signature',
      ],
      [
        'another owner key',
        () => signed(new CallbackCrypto({ token, aesKey, ownerKey: 'dingotherapp' }).seal('{"EventType":"x"}')),
        403,
        'callback_bad_owner',
      ],
      [
        'a repeated signature',
        () => {
          const ok = signed(crypto.seal('{"EventType":"x"}'));
          return { body: ok.body, query: [...Object.entries(ok.query), ['signature', '0'.repeat(40)]] };
        },
        400,
        'callback_bad_query',
      ],
      [
        'a timestamp 8 days old',
        () => signed(crypto.seal('{"EventType":"x"}'), crypto, String(Date.now() - 8 * 24 * hour)),
        401,
        'callback_bad_timestamp',
      ],
      [
        'a timestamp 2 hours ahead',
        () => signed(crypto.seal('{"EventType":"x"}'), crypto, String(Date.now() + 2 * hour)),
        401,
        'callback_bad_timestamp',
      ],
      [
        'a timestamp that is no number',
        () => signed(crypto.seal('{"EventType":"x"}'), crypto, 'yesterday'),
        401,
        'callback_bad_timestamp',
      ],
      [
        'another organisation',
        () => signed(crypto.seal('{"EventType":"x","eventId":"e","CorpId":"dingothercorp"}')),
        403,
        'callback_foreign_corp',
      ],
      [
        'another organisation, legacy',
        () => signed(crypto.seal('{"EventType":"x","corpId":"dingothercorp"}')),
        403,
        'callback_foreign_corp',
      ],
      [
        'an EventType longer than the inbox holds',
        () => signed(crypto.seal(JSON.stringify({ EventType: 'x'.repeat(65) }))),
        400,
        'callback_bad_event',
      ],
      [
        'an event nested 33 levels deep',
        () => signed(crypto.seal(`{"EventType":"x","d":${'['.repeat(32)}${']'.repeat(32)}}`)),
        400,
        'callback_bad_event',
      ],
      [
        'an event larger than the inbox holds',
        () => signed(crypto.seal(JSON.stringify({ EventType: 'x', text: 'x'.repeat(65_530) }))),
        413,
        'callback_too_large',
      ],
      [
        'not JSON',
        () => ({ body: 'encrypt=abc', query: { signature: 'x', timestamp: '1', nonce: 'n' } }),
        400,
        'callback_not_json',
      ],
      [
        'no encrypt',
        () => ({ body: '{"payload":"x"}', query: { signature: 'x', timestamp: '1', nonce: 'n' } }),
        400,
        'callback_no_encrypt',
      ],
      ['undecryptable', () => signed(Buffer.alloc(48, 7).toString('base64')), 400, 'callback_undecryptable'],
      ['plaintext not JSON', () => signed(crypto.seal('hello')), 400, 'callback_bad_event'],
      ['plaintext without EventType', () => signed(crypto.seal('{"eventId":"x"}')), 400, 'callback_bad_event'],
      [
        'body too large',
        () => signed(crypto.seal(`{"EventType":"x","pad":"${'x'.repeat(1_100_000)}"}`)),
        413,
        'callback_too_large',
      ],
    ];

    it.each(cases)('%s', async (_name, build, status, code) => {
      const request = build();
      expect(await post(request.body, request.query)).toEqual({ status, code });
      expect(sink.calls).toEqual([]);
    });

    it('accepts an event nested 32 levels deep, and one as large as the inbox holds', async () => {
      const deep = `{"EventType":"x","eventId":"deep32","d":${'['.repeat(31)}${']'.repeat(31)}}`;
      const large = JSON.stringify({ EventType: 'x', eventId: 'large', text: 'x'.repeat(65_535 - 11) });
      for (const message of [deep, large]) {
        const request = signed(crypto.seal(message));
        expect((await post(request.body, request.query)).status).toBe(200);
      }
      expect(sink.calls).toEqual([
        { eventId: 'deep32', outcome: 'stored' },
        { eventId: 'large', outcome: 'stored' },
      ]);
    });

    it('logs each refusal with its code, and nothing of the request', async () => {
      logger.lines.length = 0;
      const request = signed(crypto.seal('{"EventType":"x","CorpId":"dingothercorp"}'));
      await post(request.body, request.query);
      expect(logger.lines).toEqual([
        {
          level: 'warn',
          fields: { code: 'callback_foreign_corp', status: 403 },
          message: 'rejected a DingTalk callback',
        },
      ]);
    });

    it('accepts a timestamp in seconds, as in older samples', async () => {
      const request = signed(crypto.seal('{"EventType":"check_url"}'), crypto, String(Math.floor(Date.now() / 1000)));
      expect((await post(request.body, request.query)).status).toBe(200);
    });

    it('accepts msg_signature with timeStamp, whatever the content type', async () => {
      const encrypt = crypto.seal('{"EventType":"check_url"}');
      const timeStamp = String(Date.now());
      const response = await fetch(
        `${callbackUrl}?${new URLSearchParams({ msg_signature: crypto.sign(timeStamp, 'abc', encrypt), timeStamp, nonce: 'abc' })}`,
        { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ encrypt }) },
      );
      expect(response.status).toBe(200);
      const map = (await response.json()) as Record<string, string>;
      expect(crypto.open(map.encrypt ?? '').message).toBe('success');
    });
  });

  it('never logs a secret', () => {
    const logged = JSON.stringify(logger.lines);
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const secret of [token, aesKey, SIM_DEFAULTS.appSecret]) expect(logged).not.toContain(secret);
  });
});

describe('HTTP callback receiver lifecycle and body parsers', () => {
  it('logs a sender that breaks off mid-body as callback_body_unreadable, stores nothing, and keeps serving', async () => {
    const sink = new MemorySink();
    const logger = recordingLogger();
    const receiver = createHttpCallbackReceiver({ token, aesKey, appKey, sink, logger });
    const app = new Koa();
    app.use(receiver.routes());
    const { server, url } = await listen(app);
    await receiver.start();
    try {
      const { port } = new URL(url);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `POST /dingtalk/callback?signature=s&timestamp=1&nonce=n HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"encrypt":"`,
      );
      await waitFor(() => sink.inFlight === 0 && receiverBusy(receiver), 5000, 'the body to be read');
      socket.destroy();
      await waitFor(() => logger.lines.length > 0, 5000, 'the refusal to be logged');
      expect(logger.lines).toEqual([
        {
          level: 'warn',
          fields: { code: 'callback_body_unreadable', status: 400 },
          message: 'rejected a DingTalk callback',
        },
      ]);
      expect(sink.calls).toEqual([]);
      expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(400);
    } finally {
      await receiver.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('answers a chunked body over the limit with 413, and the keep-alive connection stays usable', async () => {
    const sink = new MemorySink();
    const receiver = createHttpCallbackReceiver({ token, aesKey, appKey, sink, maxBodyBytes: 64 * 1024 });
    const app = new Koa();
    app.use(receiver.routes());
    const { server, url } = await listen(app);
    await receiver.start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: Buffer, chunked: boolean) =>
      new Promise<{ status: number; code?: string }>((resolve, reject) => {
        const target = new URL(url);
        const req = request(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            agent,
            headers: chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(body.length) },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk) => {
              text += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, code: JSON.parse(text).error?.code }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      for (let round = 0; round < 3; round++) {
        expect(await post(Buffer.alloc(1024 * 1024, 'x'), true)).toEqual({ status: 413, code: 'callback_too_large' });
        expect(await post(Buffer.from('{}'), false)).toEqual({ status: 400, code: 'callback_no_encrypt' });
      }
      expect(sink.calls).toEqual([]);
    } finally {
      agent.destroy();
      await receiver.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('answers 503 before start and after stop', async () => {
    const sink = new MemorySink();
    const receiver = createHttpCallbackReceiver({ token, aesKey, appKey, sink });
    const app = new Koa();
    app.use(receiver.routes());
    const { server, url } = await listen(app);
    try {
      const before = await fetch(url, { method: 'POST', body: '{}' });
      expect(before.status).toBe(503);
      expect(((await before.json()) as { error: { code: string } }).error.code).toBe('receiver_not_running');
      await receiver.start();
      await receiver.stop();
      expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(503);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('works behind @koa/bodyparser by reading rawBody', async () => {
    const sink = new MemorySink();
    const receiver = createHttpCallbackReceiver({ token, aesKey, appKey, sink });
    const app = new Koa();
    app.use(bodyParser());
    app.use(receiver.routes());
    const { server, url } = await listen(app);
    await receiver.start();
    const sim = await startSimulator({
      org: SAMPLE_ORG,
      eventMode: 'http',
      callback: { url, retryDelaysMs: [] },
      stream: { pingIntervalMs: 0 },
    });
    try {
      const delivery = await sim.deliverEvent({ eventType: 'calendar_event_change', data: { calendarEventId: 'c1' } });
      expect(delivery.status).toBe('acknowledged');
      expect(sink.stored.get(delivery.eventId)?.data).toEqual({ calendarEventId: 'c1' });
    } finally {
      await sim.close();
      await receiver.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

/** Whether the receiver holds a push in flight (waiting on its body). */
function receiverBusy(receiver: HttpCallbackReceiver): boolean {
  return (receiver as unknown as { inFlight: Set<unknown> }).inFlight.size > 0;
}
