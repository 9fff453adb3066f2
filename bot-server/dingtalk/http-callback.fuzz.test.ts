import { createCipheriv } from 'node:crypto';
import { Agent, request } from 'node:http';
import { seededRandom } from '../../scripts/seeded-random';
import { testDatabases } from '../test-support/databases';
import { type HttpCallbackDuban, startHttpCallbackDuban } from '../test-support/http-callback';
import { CallbackCrypto } from './callback-crypto';
import { derivedEventId, inboxEventId } from './receiver';

/**
 * A bounded fuzz of `POST /dingtalk/callback` on a running Duban (HTTP push mode, the real inbox): thousands of
 * tampered and malformed pushes, generated from a fixed seed, interleaved with valid events that DingTalk pushes
 * several times over. Whatever comes in, nothing hostile is stored, nothing is answered with a 5xx, each refusal
 * is a 4xx with one of the receiver's codes, and each valid event is stored exactly once.
 */

const SEED = 0x5eed_d0ba;
const HOSTILE_REQUESTS = 10_000;
const VALID_EVENTS = 150;
const CONCURRENCY = 8;

/** Every code a refusal may carry, with the one status that goes with it. */
const REFUSALS: Record<string, number> = {
  callback_bad_signature: 401,
  callback_bad_query: 400,
  callback_bad_timestamp: 401,
  callback_bad_owner: 403,
  callback_foreign_corp: 403,
  callback_not_json: 400,
  callback_no_encrypt: 400,
  callback_undecryptable: 400,
  callback_bad_event: 400,
  callback_too_large: 413,
};

/** The seeded generator of the fuzz scripts, with what a push is made of: an index below `n`, bytes, text. */
function prng(seed: number) {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random.next() * n);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return {
    int,
    chance: random.chance,
    pick: random.pick,
    bytes,
    hex: (n: number) =>
      bytes(Math.ceil(n / 2))
        .toString('hex')
        .slice(0, n),
    text: (n: number) => Array.from({ length: n }, () => alnum[int(alnum.length)]).join(''),
  };
}

type Rng = ReturnType<typeof prng>;

interface FuzzRequest {
  kind: string;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body: Buffer;
  /** The codes a refusal may carry; absent for a valid push, which must be answered 200 with "success". */
  refusal?: readonly string[];
  /** For a valid push of an event: the inbox key it must be stored under. */
  storedAs?: string;
  /** Sent without a length, in chunks. */
  chunked?: boolean;
}

interface Answer {
  status: number;
  body: string;
}

/** One POST over the shared keep-alive agent; resolves with whatever came back, never rejects. */
function send(agent: Agent, url: URL, fuzz: FuzzRequest): Promise<Answer> {
  const path = `${url.pathname}?${fuzz.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
  return new Promise((resolve) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path,
        agent,
        headers: {
          ...(fuzz.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(fuzz.body.length) }),
          ...fuzz.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', (err) => resolve({ status: 0, body: err.message }));
    req.end(fuzz.body);
  });
}

/** Builds the pushes: DingTalk's framing done by hand where the fuzz needs to break it. */
function generator(h: HttpCallbackDuban, rng: Rng, startedAt: number) {
  const { token, aesKey, appKey, corpId } = h.secrets;
  const random = (n: number) => rng.bytes(n);
  const ours = new CallbackCrypto({ token, aesKey, ownerKey: appKey, randomBytes: random });
  const key = Buffer.from(`${aesKey}=`, 'base64');
  const otherAesKey = 'FuzzOtherAesKey0000000000000000000000000000';
  const eventTypes = ['bpms_instance_change', 'bpms_task_change', 'calendar_event_change', 'fuzz_unknown_type'];
  const day = 24 * 3_600_000;

  /** AES-256-CBC of an already framed and padded plaintext (a multiple of 16 bytes), as DingTalk does it. */
  const encryptFrame = (plain: Buffer, aes = key) => {
    const cipher = createCipheriv('aes-256-cbc', aes, aes.subarray(0, 16));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  };
  const frame = (message: string, owner = appKey, declaredLength?: number) => {
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(declaredLength ?? body.length);
    return Buffer.concat([random(16), length, body, Buffer.from(owner, 'utf8')]);
  };
  const pad32 = (plain: Buffer) => {
    const n = 32 - (plain.length % 32);
    return Buffer.concat([plain, Buffer.alloc(n, n)]);
  };

  const hostileEvent = (fields: Record<string, unknown> = {}) =>
    JSON.stringify({
      EventType: rng.pick(eventTypes),
      EventTime: startedAt,
      CorpId: corpId,
      eventId: `hostile${rng.hex(24)}`,
      processInstanceId: `pi-${rng.hex(8)}`,
      ...fields,
    });
  const freshTimestamp = () => String(startedAt - rng.int(3_600_000));
  const signedQuery = (encrypt: string, timestamp = freshTimestamp(), nonce = rng.text(8)): Array<[string, string]> => {
    const signature = ours.sign(timestamp, nonce, encrypt);
    return rng.chance(0.5)
      ? [
          ['signature', signature],
          ['timestamp', timestamp],
          ['nonce', nonce],
        ]
      : [
          ['msg_signature', signature],
          ['timeStamp', timestamp],
          ['nonce', nonce],
        ];
  };
  const json = { 'content-type': 'application/json' };
  const push = (
    kind: string,
    encrypt: string,
    refusal: readonly string[],
    query = signedQuery(encrypt),
  ): FuzzRequest => ({ kind, query, headers: json, body: Buffer.from(JSON.stringify({ encrypt })), refusal });
  /** A push as DingTalk makes it: sealed by us, signed now. */
  const genuine = (kind: string, message: string, storedAs?: string): FuzzRequest => {
    const encrypt = ours.seal(message);
    return {
      kind,
      query: signedQuery(encrypt),
      headers: json,
      body: Buffer.from(JSON.stringify({ encrypt })),
      storedAs,
    };
  };

  const undecryptable = ['callback_undecryptable', 'callback_bad_owner'] as const;
  /** An event nested `depth` levels deep, new-style or legacy (whose id is a digest of the whole body). */
  const nested = (depth: number, legacy = false) =>
    `{"EventType":"fuzz_unknown_type",${legacy ? `"corpId":"${corpId}"` : `"eventId":"hostile${rng.hex(8)}"`},"d":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

  /** Each hostile kind with its weight. */
  const hostile: Array<[number, () => FuzzRequest]> = [
    [6, () => push('bad signature', ours.seal(hostileEvent()), ['callback_bad_signature'], signedQuery('x'))],
    [
      4,
      () => {
        const encrypt = ours.seal(hostileEvent());
        const query = signedQuery(encrypt);
        const at = rng.int(encrypt.length - 2);
        const flipped = `${encrypt.slice(0, at)}${encrypt[at] === 'A' ? 'B' : 'A'}${encrypt.slice(at + 1)}`;
        return push('ciphertext changed after signing', flipped, ['callback_bad_signature'], query);
      },
    ],
    [
      3,
      () => {
        const other = new CallbackCrypto({ token: `t${rng.text(6)}`, aesKey, ownerKey: appKey, randomBytes: random });
        const encrypt = other.seal(hostileEvent());
        const timestamp = freshTimestamp();
        const nonce = rng.text(8);
        return push(
          'signed with another token',
          encrypt,
          ['callback_bad_signature'],
          [
            ['signature', other.sign(timestamp, nonce, encrypt)],
            ['timestamp', timestamp],
            ['nonce', nonce],
          ],
        );
      },
    ],
    [
      5,
      () => {
        const encrypt = ours.seal(hostileEvent());
        const query = signedQuery(encrypt);
        const drop = rng.int(3);
        const emptied = rng.chance(0.5);
        return push(
          'missing signature, timestamp or nonce',
          encrypt,
          ['callback_bad_signature'],
          query
            .map(([k, v], i) => [k, i === drop && emptied ? '' : v] as [string, string])
            .filter((_, i) => emptied || i !== drop),
        );
      },
    ],
    [
      5,
      () => {
        const encrypt = ours.seal(hostileEvent());
        const query = signedQuery(encrypt);
        const [name, value] = rng.pick(query);
        const extra = rng.chance(0.5) ? value : rng.hex(40);
        return push(
          'repeated parameter',
          encrypt,
          ['callback_bad_query'],
          rng.chance(0.5) ? [...query, [name, extra]] : [[name, extra], ...query],
        );
      },
    ],
    [
      2,
      () => {
        const encrypt = ours.seal(hostileEvent());
        const query = signedQuery(encrypt).map(
          ([k, v]) => [k === 'signature' || k === 'msg_signature' ? `${k}[]` : k, v] as [string, string],
        );
        return push('array-style signature parameter', encrypt, ['callback_bad_signature'], query);
      },
    ],
    [
      5,
      () => {
        const age = 7 * day + 60_000 + rng.int(3 * 365 * day);
        const ms = startedAt - age;
        const timestamp = rng.chance(0.3) ? String(Math.floor(ms / 1000)) : String(ms);
        const encrypt = ours.seal(hostileEvent());
        return push('stale timestamp', encrypt, ['callback_bad_timestamp'], signedQuery(encrypt, timestamp));
      },
    ],
    [
      4,
      () => {
        const ms = startedAt + 3_600_000 + 60_000 + rng.int(365 * day);
        const timestamp = rng.chance(0.3) ? String(Math.floor(ms / 1000)) : String(ms);
        const encrypt = ours.seal(hostileEvent());
        return push('future timestamp', encrypt, ['callback_bad_timestamp'], signedQuery(encrypt, timestamp));
      },
    ],
    [
      3,
      () => {
        const timestamp = rng.pick([
          '-1',
          '1.7e12',
          ' 1',
          '0x1f',
          'now',
          '１２３',
          '12345678901234567',
          `${startedAt}.0`,
        ]);
        const encrypt = ours.seal(hostileEvent());
        return push('malformed timestamp', encrypt, ['callback_bad_timestamp'], signedQuery(encrypt, timestamp));
      },
    ],
    [
      6,
      () => {
        const whole = Buffer.from(ours.seal(hostileEvent()), 'base64');
        const cut = rng.chance(0.5) ? 1 + rng.int(whole.length - 1) : 16 * (1 + rng.int(whole.length / 16 - 1));
        return push('truncated ciphertext', whole.subarray(0, cut).toString('base64'), undecryptable);
      },
    ],
    [
      5,
      () => {
        const stranger = new CallbackCrypto({ token, aesKey: otherAesKey, ownerKey: appKey, randomBytes: random });
        return push('ciphertext under another AES key', stranger.seal(hostileEvent()), undecryptable);
      },
    ],
    [
      6,
      () => {
        const owner = rng.pick([
          'dingotherapp000000000',
          corpId,
          `${appKey}x`,
          appKey.slice(0, -1),
          appKey.toUpperCase(),
          '',
          `${appKey}\u0000`,
        ]);
        const encrypt = encryptFrame(pad32(frame(hostileEvent(), owner)));
        return push('another owner key', encrypt, ['callback_bad_owner']);
      },
    ],
    [
      5,
      () => {
        const plain = frame(hostileEvent());
        const n = 32 - (plain.length % 32);
        const padding = Buffer.alloc(n, n);
        const broken = rng.int(3);
        if (broken === 0) padding[n - 1] = 0;
        else if (broken === 1) padding.fill(n === 32 ? 33 : 32 + n);
        else if (n > 1) padding[rng.int(n - 1)] = n ^ 0x40;
        else padding[0] = 0;
        return push('bad padding', encryptFrame(Buffer.concat([plain, padding])), ['callback_undecryptable']);
      },
    ],
    [
      5,
      () => {
        const message = hostileEvent();
        const actual = Buffer.byteLength(message);
        const longer = rng.chance(0.5);
        const declared = longer ? actual + 1 + rng.int(100_000) : rng.int(actual);
        const encrypt = encryptFrame(pad32(frame(message, appKey, declared)));
        // Longer: runs past the frame, or into the owner key; shorter: the owner key is not where it should be.
        return push('msg_len lying', encrypt, undecryptable);
      },
    ],
    [
      4,
      () => {
        const message = rng.pick([
          'success',
          '',
          '{"EventType":',
          `<xml>${rng.text(20)}</xml>`,
          rng.text(40),
          "{'EventType':'x'}",
        ]);
        return push('plaintext not JSON', ours.seal(message), ['callback_bad_event']);
      },
    ],
    [
      6,
      () => {
        const message = rng.pick([
          '[]',
          '[{"EventType":"x"}]',
          '42',
          '"bpms_instance_change"',
          'null',
          'true',
          JSON.stringify({ eventId: `hostile${rng.hex(8)}`, CorpId: corpId }),
          JSON.stringify({ EventType: 5, eventId: `hostile${rng.hex(8)}` }),
          JSON.stringify({ EventType: '', eventId: `hostile${rng.hex(8)}` }),
          JSON.stringify({ EventType: ['bpms_instance_change'] }),
          JSON.stringify({ EventType: null }),
          hostileEvent({ EventType: `fuzz_${'t'.repeat(60 + rng.int(100))}` }),
          nested(33 + rng.int(2000)),
          nested(33 + rng.int(30_000), true),
        ]);
        return push('JSON of the wrong shape', ours.seal(message), ['callback_bad_event']);
      },
    ],
    [
      4,
      () => {
        const foreign = `dingforeign${rng.hex(10)}`;
        const message = rng.chance(0.5)
          ? hostileEvent({ CorpId: rng.pick([foreign, corpId.toUpperCase(), 42, '', { id: corpId }]) })
          : JSON.stringify({ EventType: rng.pick(eventTypes), corpId: foreign, processInstanceId: rng.hex(8) });
        return push('another organisation', ours.seal(message), ['callback_foreign_corp']);
      },
    ],
    [
      1,
      () => {
        const message = hostileEvent({ text: '督'.repeat(22_000 + rng.int(20_000)) });
        return push('event larger than the inbox holds', ours.seal(message), ['callback_too_large']);
      },
    ],
    [
      4,
      () => {
        const body = rng.pick([
          () => Buffer.concat([Buffer.from([1]), rng.bytes(rng.int(300))]),
          () => Buffer.from(`encrypt=${encodeURIComponent(ours.seal(hostileEvent()))}`),
          () => Buffer.from(`<xml><Encrypt>${ours.seal(hostileEvent())}</Encrypt></xml>`),
          () => Buffer.from(''),
          () => Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
          () => Buffer.from(`{"encrypt":"${rng.text(20)}"`),
        ])();
        return {
          kind: 'body not JSON',
          query: signedQuery(rng.text(20)),
          headers: json,
          body,
          refusal: ['callback_not_json'],
        };
      },
    ],
    [
      3,
      () => {
        const body = rng.pick([
          '{}',
          '[]',
          'null',
          '{"encrypt":""}',
          '{"encrypt":42}',
          '{"Encrypt":"AAAA"}',
          '"encrypt"',
        ]);
        return {
          kind: 'JSON without encrypt',
          query: signedQuery(rng.text(20)),
          headers: json,
          body: Buffer.from(body),
          refusal: ['callback_no_encrypt'],
        };
      },
    ],
    [
      4,
      () => {
        const contentType = rng.pick([
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=fuzz',
          'text/xml',
          'text/plain; charset=gbk',
          'application/octet-stream',
        ]);
        const encrypt = ours.seal(hostileEvent());
        const formStyle = rng.chance(0.5);
        return {
          kind: 'wrong content type',
          query: formStyle ? signedQuery(encrypt) : signedQuery('x'),
          headers: { 'content-type': contentType, ...(rng.chance(0.2) ? { 'content-encoding': 'gzip' } : {}) },
          body: Buffer.from(formStyle ? `encrypt=${encodeURIComponent(encrypt)}` : JSON.stringify({ encrypt })),
          refusal: [formStyle ? 'callback_not_json' : 'callback_bad_signature'],
        };
      },
    ],
  ];
  const totalWeight = hostile.reduce((sum, [weight]) => sum + weight, 0);

  return {
    hostile(): FuzzRequest {
      let roll = rng.int(totalWeight);
      for (const [weight, make] of hostile) {
        if (roll < weight) return make();
        roll -= weight;
      }
      throw new Error('unreachable');
    },
    /** A body over the 1 MiB limit: refused from its Content-Length, or while it is read when sent in chunks. */
    huge(chunked: boolean): FuzzRequest {
      const body = Buffer.from(JSON.stringify({ encrypt: ours.seal(hostileEvent({ pad: 'p'.repeat(800_000) })) }));
      const kind = chunked ? 'chunked body over the limit' : 'body over the limit';
      return { kind, query: signedQuery(rng.text(8)), headers: json, body, refusal: ['callback_too_large'], chunked };
    },
    /**
     * One valid event and the pushes DingTalk may make of it: the original, byte-for-byte replays, and
     * redeliveries sealed and signed afresh; new-style (with eventId, some not plain) or legacy (without).
     */
    valid(n: number): FuzzRequest[] {
      const eventType = rng.pick(['fuzz_unknown_type', 'fuzz_other_unknown', 'some_future_event']);
      const legacy = n % 5 === 0;
      const eventId = n % 7 === 0 ? `Valid-${rng.text(12)}` : `valid${rng.hex(26)}`;
      const payload = legacy
        ? { EventType: eventType, corpId, n, title: `第${n}件` }
        : { EventType: eventType, EventTime: startedAt - rng.int(day), CorpId: corpId, eventId, n, title: `第${n}件` };
      const storedAs = legacy ? derivedEventId(eventType, corpId, payload) : inboxEventId(eventId);
      const message = JSON.stringify(payload);
      const original = genuine('valid', message, storedAs);
      const pushes = [original];
      for (let i = 1 + rng.int(3); i > 0; i--) pushes.push({ ...original, kind: 'valid replay' });
      for (let i = rng.int(3); i > 0; i--) pushes.push(genuine('valid redelivery', message, storedAs));
      return pushes;
    },
    /** A URL check: answered, never stored. */
    probe(): FuzzRequest {
      return genuine('url check', '{"EventType":"check_url"}');
    },
  };
}

const histograms: string[] = [];

afterAll(() => {
  console.log(histograms.join('\n'));
});

describe.each(testDatabases())('POST /dingtalk/callback under fuzz, on $name', (target) => {
  let h: HttpCallbackDuban;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  beforeAll(async () => {
    h = await startHttpCallbackDuban(target);
  });
  afterAll(async () => {
    agent.destroy();
    await h.stop();
  });

  it(`refuses ${HOSTILE_REQUESTS} hostile pushes with a 4xx and a stable code, and stores each valid event once`, async () => {
    const rng = prng(SEED);
    const startedAt = Date.now();
    const make = generator(h, rng, startedAt);

    const requests: FuzzRequest[] = [];
    for (let i = 0; i < HOSTILE_REQUESTS - 6; i++) requests.push(make.hostile());
    for (let i = 0; i < 6; i++) requests.push(make.huge(i % 2 === 1));
    for (let n = 0; n < VALID_EVENTS; n++) requests.push(...make.valid(n));
    for (let i = 0; i < 20; i++) requests.push(make.probe());
    // Fisher–Yates with the same generator: hostile and valid pushes interleave, replays race their originals.
    for (let i = requests.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [requests[i], requests[j]] = [requests[j] as FuzzRequest, requests[i] as FuzzRequest];
    }

    const url = new URL(h.callbackUrl);
    const answers: Answer[] = new Array(requests.length);
    let next = 0;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < requests.length; i = next++) {
          answers[i] = await send(agent, url, requests[i] as FuzzRequest);
        }
      }),
    );
    const seconds = (performance.now() - began) / 1000;

    const byStatus = new Map<number, number>();
    const byCode = new Map<string, number>();
    const wrong: string[] = [];
    requests.forEach((fuzz, i) => {
      const answer = answers[i] as Answer;
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      if (!fuzz.refusal) {
        const map = answer.status === 200 ? (JSON.parse(answer.body) as { encrypt?: string }) : {};
        if (answer.status !== 200 || h.crypto.open(map.encrypt ?? '').message !== 'success') {
          wrong.push(`${fuzz.kind}: ${answer.status} ${answer.body.slice(0, 120)}`);
        }
        return;
      }
      let code: string | undefined;
      try {
        code = (JSON.parse(answer.body) as { error?: { code?: string } }).error?.code;
      } catch {
        code = undefined;
      }
      byCode.set(code ?? '(none)', (byCode.get(code ?? '(none)') ?? 0) + 1);
      if (code === undefined || !fuzz.refusal.includes(code) || REFUSALS[code] !== answer.status) {
        wrong.push(`${fuzz.kind}: ${answer.status} ${code} (expected ${fuzz.refusal.join(' or ')})`);
      }
    });

    const rows = await h.inbox();
    const validKeys = new Set(requests.flatMap((fuzz) => (fuzz.storedAs ? [fuzz.storedAs] : [])));
    const hostileCount = requests.filter((fuzz) => fuzz.refusal).length;
    histograms.push(
      [
        `callback fuzz on ${target.name}: ${requests.length} requests (${hostileCount} hostile, ${requests.length - hostileCount} valid pushes of ${validKeys.size} events and URL checks) in ${seconds.toFixed(1)} s`,
        `  statuses: ${[...byStatus]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}=${n}`)
          .join(' ')}`,
        `  refusal codes: ${[...byCode]
          .sort()
          .map(([c, n]) => `${c}=${n}`)
          .join(' ')}`,
        `  inbox rows: ${rows.length} (distinct valid events: ${validKeys.size}); answers >= 500: ${[...byStatus].filter(([s]) => s >= 500).reduce((sum, [, n]) => sum + n, 0)}`,
      ].join('\n'),
    );

    expect(hostileCount).toBeGreaterThanOrEqual(HOSTILE_REQUESTS);
    expect({ wrong: wrong.length, first: wrong.slice(0, 10) }).toEqual({ wrong: 0, first: [] });
    expect([...byStatus.keys()].filter((status) => status >= 500 || status === 0)).toEqual([]);
    // Every row is a valid event, each exactly once; nothing hostile reached the inbox.
    expect(rows.map((row) => row.eventId).sort()).toEqual([...validKeys].sort());
    expect(rows.filter((row) => row.eventId.startsWith('hostile'))).toEqual([]);
    // The process is still serving.
    expect((await fetch(`${h.duban.url}/health`)).status).toBe(200);
    // Ten thousand pushes take tens of seconds on a loaded 2-core machine: a generous limit, not a timing claim.
  }, 180_000);
});
