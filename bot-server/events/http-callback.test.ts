import { CallbackCrypto } from '../dingtalk/callback-crypto';
import { testDatabases } from '../test-support/databases';
import { type HttpCallbackDuban, startHttpCallbackDuban } from '../test-support/http-callback';

/**
 * HTTP event push into the real inbox of a running Duban: what DingTalk delivers is stored once, and what is not
 * ours, not well-formed or not storable is refused with a 4xx and a stable code, logged, and never stored.
 */
describe.each(testDatabases())('HTTP callback into the inbox on $name', (target) => {
  let h: HttpCallbackDuban;

  beforeAll(async () => {
    h = await startHttpCallbackDuban(target);
  });
  afterAll(async () => {
    await h.stop();
  });

  interface Push {
    ownerKey?: string;
    timestamp?: string;
    nonce?: string;
    /** Replaces the query built from the signature. */
    query?: (signed: { signature: string; timestamp: string; nonce: string }) => Array<[string, string]>;
  }

  /** Seals `message` as DingTalk would (optionally for another owner key) and POSTs it, signed with our token. */
  async function push(message: string, options: Push = {}): Promise<{ status: number; code?: string; body: string }> {
    const sealer = options.ownerKey
      ? new CallbackCrypto({ token: h.secrets.token, aesKey: h.secrets.aesKey, ownerKey: options.ownerKey })
      : h.crypto;
    const encrypt = sealer.seal(message);
    const timestamp = options.timestamp ?? String(Date.now());
    const nonce = options.nonce ?? 'fixedNonce01';
    const signed = { signature: h.crypto.sign(timestamp, nonce, encrypt), timestamp, nonce };
    const query = options.query?.(signed) ?? Object.entries(signed);
    return post(new URLSearchParams(query).toString(), JSON.stringify({ encrypt }));
  }

  async function post(query: string, body: string): Promise<{ status: number; code?: string; body: string }> {
    const response = await fetch(`${h.callbackUrl}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    const code = response.status === 200 ? undefined : (JSON.parse(text) as { error?: { code?: string } }).error?.code;
    return { status: response.status, code, body: text };
  }

  const event = (fields: Record<string, unknown>) =>
    JSON.stringify({ EventType: 'bpms_instance_change', EventTime: Date.now(), CorpId: h.secrets.corpId, ...fields });

  const storedIds = async () => (await h.inbox()).map((row) => row.eventId);
  const refusals = (code: string) => h.logs.filter((line) => line.code === code && line.level === 40);

  it('refuses a message framed for another owner key (an AppKey or a CorpId not ours): 403, logged, not stored', async () => {
    for (const ownerKey of ['dingotherapp000000000', 'dingothercorp0000000']) {
      const answer = await push(event({ eventId: `owner-${ownerKey}` }), { ownerKey });
      expect([answer.status, answer.code]).toEqual([403, 'callback_bad_owner']);
    }
    expect(refusals('callback_bad_owner')).toHaveLength(2);
    expect(await storedIds()).not.toEqual(expect.arrayContaining([expect.stringMatching(/^owner-/)]));

    // The same event framed for our AppKey is stored: the refusal is about the owner key alone.
    expect((await push(event({ eventId: 'owner-ours' }))).status).toBe(200);
    expect((await storedIds()).filter((id) => id.startsWith('owner-'))).toEqual(['owner-ours']);
  });

  it('refuses an event of another organisation, new-style or legacy: 403 callback_foreign_corp, logged, not stored', async () => {
    const before = await storedIds();
    const foreign = await h.sim.deliverEvent({
      eventType: 'bpms_instance_change',
      eventId: 'corp-foreign-1',
      corpId: 'dingothercorp0000000',
      data: { processInstanceId: 'pi-foreign', type: 'start' },
    });
    const legacy = await h.sim.deliverEvent({
      eventType: 'bpms_task_change',
      corpId: 'dingothercorp0000000',
      legacy: true,
      data: { processInstanceId: 'pi-foreign', taskId: 9, type: 'start' },
    });
    for (const delivery of [foreign, legacy]) {
      expect(delivery.status).toBe('failed');
      expect(delivery.attempts.map((a) => a.status)).toEqual([403]);
    }
    const direct = await push(event({ eventId: 'corp-foreign-2', CorpId: 'dingothercorp0000000' }));
    expect([direct.status, direct.code]).toEqual([403, 'callback_foreign_corp']);
    expect(refusals('callback_foreign_corp')).toHaveLength(3);
    expect(await storedIds()).toEqual(before);

    // Ours, through the same simulator: stored.
    const ours = await h.sim.deliverEvent({ eventType: 'bpms_instance_change', eventId: 'corp-ours-1', data: {} });
    expect(ours.status).toBe('acknowledged');
    expect(await storedIds()).toEqual([...before, 'corp-ours-1']);
  });

  it('keeps apart event ids that differ only in case, accents or trailing spaces, each stored once', async () => {
    const ids = ['Evt-Case-1', 'evt-case-1', 'evt-case-1 ', 'évt-case-1'];
    const before = (await h.inbox()).length;
    for (const round of [1, 2]) {
      for (const eventId of ids) {
        const delivery = await h.sim.deliverEvent({ eventType: 'some_future_event', eventId, data: { round } });
        expect(delivery.status).toBe('acknowledged');
      }
    }
    const rows = (await h.inbox()).slice(before);
    expect(rows).toHaveLength(ids.length);
    // The plain id is kept as DingTalk sent it; the others are keyed by a digest of their exact characters.
    expect(rows.map((r) => r.eventId)).toEqual([
      expect.stringMatching(/^sha256-id:[0-9a-f]{64}$/),
      'evt-case-1',
      expect.stringMatching(/^sha256-id:[0-9a-f]{64}$/),
      expect.stringMatching(/^sha256-id:[0-9a-f]{64}$/),
    ]);
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(ids.length);
    expect(rows.map((r) => r.payload)).toEqual(ids.map(() => ({ round: 1 })));
  });

  it('refuses an event the inbox cannot hold with a 4xx, instead of a 5xx on every retry', async () => {
    const before = await storedIds();
    const nested = `${'['.repeat(40)}${']'.repeat(40)}`;
    const cases: Array<[string, number, string]> = [
      [event({ eventId: 'unstorable-type', EventType: `x${'y'.repeat(64)}` }), 400, 'callback_bad_event'],
      [event({ eventId: 'unstorable-size', text: '督'.repeat(22_000) }), 413, 'callback_too_large'],
      [`{"EventType":"x","eventId":"unstorable-deep","d":${nested}}`, 400, 'callback_bad_event'],
      [`{"EventType":"x","corpId":"${h.secrets.corpId}","d":${nested}}`, 400, 'callback_bad_event'],
    ];
    for (const [message, status, code] of cases) {
      expect(await push(message)).toMatchObject({ status, code });
    }
    expect(await storedIds()).toEqual(before);
  });

  it('stores an event whose EventTime no DATETIME can hold with its receive time, and keeps a __proto__ member', async () => {
    const received = Date.now();
    expect((await push(event({ eventId: 'odd-time', EventTime: 1e20 }))).status).toBe(200);
    expect((await push(`{"EventType":"x","eventId":"odd-proto","__proto__":{"a":1},"b":2}`)).status).toBe(200);
    const rows = (await h.inbox()).filter((r) => r.eventId.startsWith('odd-'));
    expect(rows.map((r) => r.eventId)).toEqual(['odd-time', 'odd-proto']);
    expect(rows[0]?.bornAt.getTime()).toBeGreaterThanOrEqual(received - 1000);
    expect(JSON.stringify(rows[1]?.payload)).toBe('{"__proto__":{"a":1},"b":2}');
  });

  it('refuses stale, future and malformed timestamps and repeated parameters; stores a replay once', async () => {
    const before = await storedIds();
    const day = 24 * 3_600_000;
    const refused: Array<[Push, number, string]> = [
      [{ timestamp: String(Date.now() - 8 * day) }, 401, 'callback_bad_timestamp'],
      [{ timestamp: String(Math.floor((Date.now() - 8 * day) / 1000)) }, 401, 'callback_bad_timestamp'],
      [{ timestamp: String(Date.now() + 2 * 3_600_000) }, 401, 'callback_bad_timestamp'],
      [{ timestamp: '1e12' }, 401, 'callback_bad_timestamp'],
      [{ query: (s) => [...Object.entries(s), ['signature', 'a'.repeat(40)]] }, 400, 'callback_bad_query'],
      [{ query: (s) => [...Object.entries(s), ['nonce', s.nonce]] }, 400, 'callback_bad_query'],
      [{ query: (s) => [...Object.entries(s), ['timestamp', s.timestamp]] }, 400, 'callback_bad_query'],
      [
        {
          query: (s) => [
            ['signature', s.signature],
            ['timestamp', s.timestamp],
          ],
        },
        401,
        'callback_bad_signature',
      ],
    ];
    for (const [options, status, code] of refused) {
      expect(await push(event({ eventId: 'window-refused' }), options)).toMatchObject({ status, code });
    }
    expect(await storedIds()).toEqual(before);

    // Seconds as in DingTalk's older samples, and milliseconds as today: both within the window.
    expect(
      (await push(event({ eventId: 'window-s' }), { timestamp: String(Math.floor(Date.now() / 1000)) })).status,
    ).toBe(200);
    // The same bytes again (DingTalk retrying): the same success answer, one row.
    const encrypt = h.crypto.seal(event({ eventId: 'window-replay' }));
    const timestamp = String(Date.now() - 6 * day);
    const query = new URLSearchParams({ signature: h.crypto.sign(timestamp, 'n1', encrypt), timestamp, nonce: 'n1' });
    const body = JSON.stringify({ encrypt });
    const answers = await Promise.all([1, 2, 3].map(() => post(query.toString(), body)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    for (const answer of answers) {
      const map = JSON.parse(answer.body) as { encrypt: string };
      expect(h.crypto.open(map.encrypt).message).toBe('success');
    }
    expect(await storedIds()).toEqual([...before, 'window-s', 'window-replay']);
  });

  // A database that hangs (here: the inbox table locked by another session, which MariaDB waits on for a day) gets
  // DingTalk a quick "not stored" instead of no answer; the row that commits later is found by the redelivery.
  (target.name === 'mysql' ? it : it.skip)(
    'answers "not stored" while the database hangs, and stores the event once',
    async () => {
      const locker = h.duban.database.get().createQueryRunner();
      await locker.connect();
      try {
        await locker.query('LOCK TABLES inbox_event WRITE');
        const held = await push(event({ eventId: 'while-locked' }));
        expect(held).toMatchObject({ status: 503, code: 'event_not_stored' });
        await locker.query('UNLOCK TABLES');
        const again = await push(event({ eventId: 'while-locked' }));
        expect(again.status).toBe(200);
        expect((await storedIds()).filter((id) => id === 'while-locked')).toEqual(['while-locked']);
      } finally {
        await locker.query('UNLOCK TABLES');
        await locker.release();
      }
    },
  );
});
