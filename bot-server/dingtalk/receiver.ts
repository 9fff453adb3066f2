/**
 * One event shape, two transports. The HTTP push receiver and the Stream receiver both turn what DingTalk sends
 * into an `InboundEvent` and hand it to an `EventSink`; DingTalk gets its acknowledgement only after the sink has
 * stored the event. Envelopes: docs/dingtalk.md §2.1 (the § numbers below are that file's).
 */
import { createHash } from 'node:crypto';
import { CallbackError } from './errors';

export interface InboundEvent {
  /**
   * The inbox key: DingTalk's `eventId` (Stream header / HTTP body) as sent when it is plain lowercase
   * letters, digits, `-` and `_`, else a digest of it (see `inboxEventId`). Legacy payloads without one get a
   * deterministic id, `sha256:<64 hex>` (see `derivedEventId`), so a redelivered legacy event gets the same id.
   * At most 128 chars (the column).
   */
  eventId: string;
  /** `EventType` / `eventType`, e.g. `bpms_instance_change`. Unknown types pass through untouched. */
  eventType: string;
  /** `CorpId` / `corpId` / `eventCorpId`; the receiver's configured corpId when the payload has none. */
  corpId: string;
  /** When DingTalk produced the event (`EventTime` / `eventBornTime`, epoch ms); the receive time if absent. */
  bornAt: Date;
  /** The business fields (for HTTP push: the decrypted body without the envelope keys). */
  data: Record<string, unknown>;
  transport: 'http' | 'stream';
}

/** Stores an event durably; resolves only once it is stored (or known as a duplicate). */
export interface EventSink {
  accept(event: InboundEvent): Promise<'stored' | 'duplicate'>;
}

export interface Receiver {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * What one `inbox_event` row holds: `event_type` and `corp_id` are varchar(64) and `payload` is TEXT on MySQL
 * (65,535 bytes of UTF-8 JSON). MySQL/MariaDB in strict mode refuse anything longer, so an event beyond these
 * could never be stored, whatever the number of retries.
 */
export const INBOX_LIMITS = { eventType: 64, corpId: 64, payloadBytes: 65_535 } as const;

const payloadJsons = new WeakMap<Record<string, unknown>, string>();

/**
 * An event's `data` as the inbox stores it (JSON), made once per event: the size check here and the inbox's insert
 * share it. Events are not changed once built, so the text stays theirs.
 */
export function payloadJson(data: Record<string, unknown>): string {
  let json = payloadJsons.get(data);
  if (json === undefined) {
    json = JSON.stringify(data);
    payloadJsons.set(data, json);
  }
  return json;
}

/** Real events are a few levels deep; bound it so nothing downstream recurses without limit. */
export const MAX_EVENT_DEPTH = 32;

/**
 * Why an event must not be stored, whichever transport brought it: it names another organisation than `ours`, or
 * the inbox could never hold it — storing would fail on every redelivery, so DingTalk would be asked to push it
 * again forever. Undefined when it may be stored. `payload` is checked before the event is built from it (building
 * reads it recursively), so a refusal comes before `build` runs.
 */
export function refusalOf(
  eventType: string,
  payload: Record<string, unknown>,
  ours: string | undefined,
  build: () => InboundEvent,
): { refusal: CallbackError } | { event: InboundEvent } {
  const refuse = (code: 'callback_foreign_corp' | 'callback_bad_event', status: number, message: string) => ({
    refusal: new CallbackError(code, status, message),
  });
  if (ours && namesAnotherCorp(payload, ours)) {
    return refuse('callback_foreign_corp', 403, 'the event belongs to another organisation');
  }
  if (eventType.length > INBOX_LIMITS.eventType) {
    return refuse('callback_bad_event', 400, `the EventType is longer than ${INBOX_LIMITS.eventType}`);
  }
  if (deeperThan(payload, MAX_EVENT_DEPTH)) {
    return refuse('callback_bad_event', 400, `the event is nested deeper than ${MAX_EVENT_DEPTH} levels`);
  }
  const event = build();
  if (ours && event.corpId !== ours) {
    return refuse('callback_foreign_corp', 403, 'the event belongs to another organisation');
  }
  if (event.corpId.length > INBOX_LIMITS.corpId) {
    return refuse('callback_bad_event', 400, `the CorpId is longer than ${INBOX_LIMITS.corpId}`);
  }
  if (Buffer.byteLength(payloadJson(event.data), 'utf8') > INBOX_LIMITS.payloadBytes) {
    const message = `the event is larger than the ${INBOX_LIMITS.payloadBytes} bytes the inbox holds`;
    return { refusal: new CallbackError('callback_too_large', 413, message) };
  }
  return { event };
}

/** Whether the payload's `CorpId` / `corpId` is there and is not `ours`. */
export function namesAnotherCorp(payload: Record<string, unknown>, ours: string): boolean {
  return [payload.CorpId, payload.corpId].some((corp) => corp !== undefined && corp !== null && corp !== ours);
}

/** Whether JSON `value` nests objects or arrays more than `limit` levels deep (iteratively: no recursion). */
function deeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/** Keys of the HTTP push envelope (§2.1, the "HTTP推送" example of bpms_instance_change). */
const HTTP_ENVELOPE_KEYS = new Set(['EventType', 'EventTime', 'CorpId', 'eventId']);

/** JSON with object keys sorted at every level, so equal values always serialise to equal strings. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The id of an event that came without one (legacy `register_call_back` payloads, §2.1):
 * `sha256:` + hex SHA-256 of `eventType \n corpId \n canonicalJson(body)`. The whole body is hashed rather than
 * the handful of fields §2.6 suggests, so two different events of an unknown type can never collapse into one;
 * the price is that a redelivery with a changed body would count as a new event (the domain dedupes on its ids).
 */
export function derivedEventId(eventType: string, corpId: string, body: unknown): string {
  const digest = createHash('sha256')
    .update(`${eventType}\n${corpId}\n${canonicalJson(body)}`, 'utf8')
    .digest('hex');
  return `sha256:${digest}`;
}

/**
 * DingTalk's own event ids are lowercase hex (`c7c7120f2c07419ebdba0318c8`); ids in this alphabet are stored as
 * they come. MySQL/MariaDB compare the unique `event_id` under `utf8mb4_unicode_ci`, which ignores case, accents
 * and trailing spaces, while SQLite compares bytes: `Evt1`, `evt1` and `evt1 ` would be one event on one database
 * and three on the other, and on MariaDB every event after the first would be acknowledged as a duplicate and lost.
 */
const PLAIN_EVENT_ID = /^[0-9a-z_-]{1,128}$/;

/**
 * The key an event id is stored under: the id itself when plain, else `sha256-id:<64 hex>` of its exact
 * characters, so distinct ids never collide on any database and a redelivery maps to the same key. The `:`
 * keeps digests apart from plain ids, and the prefix apart from `derivedEventId`.
 */
export function inboxEventId(eventId: string): string {
  if (PLAIN_EVENT_ID.test(eventId)) return eventId;
  return `sha256-id:${createHash('sha256').update(eventId, 'utf8').digest('hex')}`;
}

/** 10000-01-01T00:00:00Z: DATETIME columns end at 9999-12-31, and `Date` itself at ±8.64e15 ms. */
const END_OF_DATETIME_MS = 253_402_300_800_000;

function epochMillis(value: unknown): Date | undefined {
  const ms = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(ms) && ms > 0 && ms < END_OF_DATETIME_MS ? new Date(ms) : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Normalises a decrypted HTTP push body: `{EventType, EventTime, CorpId, eventId, …fields}` (new style) or
 * `{EventType, corpId, …fields}` (legacy) (§2.1). The caller has checked that `EventType` is a string.
 */
export function eventFromHttpPayload(
  payload: Record<string, unknown>,
  receivedAt: Date,
  fallbackCorpId = '',
): InboundEvent {
  const eventType = String(payload.EventType);
  const corpId = nonEmptyString(payload.CorpId) ?? nonEmptyString(payload.corpId) ?? fallbackCorpId;
  // fromEntries defines own properties: a `__proto__` member stays data instead of becoming the prototype.
  const data: Record<string, unknown> = Object.fromEntries(
    Object.entries(payload).filter(([key]) => !HTTP_ENVELOPE_KEYS.has(key)),
  );
  const eventId = nonEmptyString(payload.eventId);
  return {
    eventId: eventId === undefined ? derivedEventId(eventType, corpId, payload) : inboxEventId(eventId),
    eventType,
    corpId,
    bornAt: epochMillis(payload.EventTime) ?? receivedAt,
    data,
    transport: 'http',
  };
}

/**
 * Normalises a Stream EVENT frame: headers `eventId`, `eventType`, `eventCorpId`, `eventBornTime` (ms string),
 * data = the parsed JSON string of business fields (§2.1, §3.1).
 */
export function eventFromStreamFrame(
  headers: Record<string, unknown>,
  data: Record<string, unknown>,
  receivedAt: Date,
  fallbackCorpId = '',
): InboundEvent {
  const eventType = nonEmptyString(headers.eventType) ?? 'unknown';
  const corpId = nonEmptyString(headers.eventCorpId) ?? fallbackCorpId;
  const eventId = nonEmptyString(headers.eventId);
  return {
    eventId: eventId === undefined ? derivedEventId(eventType, corpId, data) : inboxEventId(eventId),
    eventType,
    corpId,
    bornAt: epochMillis(headers.eventBornTime) ?? epochMillis(headers.time) ?? receivedAt,
    data,
    transport: 'stream',
  };
}
