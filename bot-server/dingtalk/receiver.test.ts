import { canonicalJson, derivedEventId, eventFromHttpPayload, eventFromStreamFrame, inboxEventId } from './receiver';

const receivedAt = new Date('2024-05-10T02:00:00Z');

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: '中' } })).toBe(
      '{"a":{"c":"中","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('drops undefined members like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
});

describe('derivedEventId', () => {
  it('is deterministic and independent of key order', () => {
    const a = derivedEventId('bpms_task_change', 'dingcorp', { taskId: 1, type: 'finish' });
    const b = derivedEventId('bpms_task_change', 'dingcorp', { type: 'finish', taskId: 1 });
    expect(a).toBe(b);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('differs when the type, corp or body differ', () => {
    const base = derivedEventId('t', 'c', { x: 1 });
    expect(derivedEventId('u', 'c', { x: 1 })).not.toBe(base);
    expect(derivedEventId('t', 'd', { x: 1 })).not.toBe(base);
    expect(derivedEventId('t', 'c', { x: 2 })).not.toBe(base);
  });
});

describe('inboxEventId', () => {
  it('keeps the ids DingTalk sends (lowercase hex) and other plain ones as they are', () => {
    for (const id of ['c7c7120f2c07419ebdba0318c8', 'evt-1', 'a_b', 'x'.repeat(128)]) expect(inboxEventId(id)).toBe(id);
  });

  it('keys any other id by a digest of its exact characters: distinct, stable, never a plain id', () => {
    // On MySQL/MariaDB (utf8mb4_unicode_ci) these would all be one value of the unique index.
    const folded = ['Evt-1', 'EVT-1', 'evt-1 ', 'évt-1', 'x'.repeat(129)];
    const keys = folded.map(inboxEventId);
    expect(new Set([...keys, 'evt-1']).size).toBe(folded.length + 1);
    for (const key of keys) expect(key).toMatch(/^sha256-id:[0-9a-f]{64}$/);
    expect(folded.map(inboxEventId)).toEqual(keys);
    expect(inboxEventId(keys[0] ?? '')).not.toBe(keys[0]);
  });
});

describe('eventFromHttpPayload', () => {
  it('reads the new-style envelope (docs/dingtalk.md §2.1, the HTTP example)', () => {
    const event = eventFromHttpPayload(
      {
        EventType: 'bpms_instance_change',
        EventTime: 1663143335567,
        CorpId: 'ding9f50b15bxxxx16741',
        BizId: '1663135567',
        eventId: 'c7c7120f2c07419ebdba0318c8',
        processInstanceId: '9Qgx5QqjR7axMwxxxx',
        type: 'finish',
        result: 'agree',
      },
      receivedAt,
    );
    expect(event).toEqual({
      eventId: 'c7c7120f2c07419ebdba0318c8',
      eventType: 'bpms_instance_change',
      corpId: 'ding9f50b15bxxxx16741',
      bornAt: new Date(1663143335567),
      data: { BizId: '1663135567', processInstanceId: '9Qgx5QqjR7axMwxxxx', type: 'finish', result: 'agree' },
      transport: 'http',
    });
  });

  it('derives an id for a legacy payload and falls back to the receive time', () => {
    const payload = { EventType: 'bpms_task_change', corpId: 'dinglegacy', taskId: 7, type: 'start' };
    const event = eventFromHttpPayload(payload, receivedAt);
    expect(event.eventId).toBe(derivedEventId('bpms_task_change', 'dinglegacy', payload));
    expect(event.corpId).toBe('dinglegacy');
    expect(event.bornAt).toEqual(receivedAt);
    expect(event.data).toEqual({ corpId: 'dinglegacy', taskId: 7, type: 'start' });
  });

  it('stores a non-plain eventId under its digest', () => {
    expect(eventFromHttpPayload({ EventType: 'x', eventId: 'ABC' }, receivedAt).eventId).toBe(inboxEventId('ABC'));
  });

  it('falls back to the receive time for an EventTime beyond what a DATETIME holds', () => {
    for (const time of [1e20, 253_402_300_800_000, '99999999999999999', -1, 0]) {
      expect(eventFromHttpPayload({ EventType: 'x', EventTime: time }, receivedAt).bornAt).toEqual(receivedAt);
    }
    const last = 253_402_300_799_999;
    expect(eventFromHttpPayload({ EventType: 'x', EventTime: last }, receivedAt).bornAt).toEqual(new Date(last));
  });

  it('keeps a __proto__ member as data, not as a prototype', () => {
    const payload = JSON.parse('{"EventType":"x","__proto__":{"polluted":true},"b":1}') as Record<string, unknown>;
    const { data } = eventFromHttpPayload(payload, receivedAt);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(JSON.stringify(data)).toBe('{"__proto__":{"polluted":true},"b":1}');
  });

  it('uses the configured corp id when the payload has none', () => {
    expect(eventFromHttpPayload({ EventType: 'x' }, receivedAt, 'dingme').corpId).toBe('dingme');
  });
});

describe('eventFromStreamFrame', () => {
  it('reads the Stream headers (protocol.md example)', () => {
    const event = eventFromStreamFrame(
      {
        topic: '*',
        messageId: '213d841d_972_1898bb26334_70a7',
        eventType: 'user_add_org',
        eventId: 'c7c7120f2c07419ebdba0318c8',
        eventCorpId: 'ding9f50b15b16741',
        eventBornTime: '1683533823336',
      },
      { userId: ['015227'] },
      receivedAt,
    );
    expect(event).toEqual({
      eventId: 'c7c7120f2c07419ebdba0318c8',
      eventType: 'user_add_org',
      corpId: 'ding9f50b15b16741',
      bornAt: new Date(1683533823336),
      data: { userId: ['015227'] },
      transport: 'stream',
    });
  });

  it('derives an id when the frame has none', () => {
    const event = eventFromStreamFrame({ eventType: 'x', eventCorpId: 'c' }, { a: 1 }, receivedAt);
    expect(event.eventId).toBe(derivedEventId('x', 'c', { a: 1 }));
    expect(event.bornAt).toEqual(receivedAt);
  });
});
