import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RouteInfo } from '../../bot-server/api/security/route-table';
import type { RunningDuban } from '../../bot-server/server';
import { rawRequest } from '../../bot-server/test-support/raw-http';
import { type SeededRandom, seededRandom } from '../seeded-random';

/**
 * Hostile input for every route the routers declare: wrong types, missing and unknown fields, huge strings,
 * prototype keys, impossible and implausible dates, unknown ids, broken JSON, oversized bodies. Deterministic for a
 * seed. A run passes when no answer is 5xx and no refused write changed the database.
 */

/** Field names the API reads somewhere, so hostile values land where handlers look. */
const FIELDS = [
  'amount',
  'approve',
  'note',
  'active',
  'coDepartmentIds',
  'leadDepartmentId',
  'limit',
  'metDeputy',
  'name',
  'outcomeClass',
  'reason',
  'receivedAt',
  'reply',
  'responsibleUserId',
  'rule',
  'satisfaction',
  'scope',
  'sortOrder',
  'status',
  'response',
  'substituteUserId',
  'agenda',
  'assignedAt',
  'assignedByUserId',
  'assigneeUserId',
  'attachments',
  'attendeeDepartmentIds',
  'attendeeUserIds',
  'comment',
  'content',
  'date',
  'departmentId',
  'docNumber',
  'documentId',
  'dueDate',
  'figure',
  'from',
  'issuingOrg',
  'kind',
  'light',
  'meetingId',
  'mine',
  'offset',
  'organiserUserId',
  'overdue',
  'period',
  'place',
  'proposer',
  'q',
  'result',
  'securityLevel',
  'source',
  'stage',
  'timeliness',
  'title',
  'to',
  'type',
  'unit',
  'urgency',
  'urgent',
  'year',
  'month',
  'code',
  'userId',
  'startsAt',
  'endsAt',
  'grade',
  'stageMap',
  'typeCode',
  'confirmBy',
  'full',
  'full_name',
  'dryRun',
  'text',
];

const HUGE = 'x'.repeat(100_000);
const STRINGS = [
  '',
  ' ',
  'toString',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'valueOf',
  '9999-12-31',
  '1900-01-01',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '2026-12-04T25:00:00Z',
  'not a date',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '[object Object]',
  '\u0000',
  '\ud800',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '../../etc/passwd',
  '特急',
  '拟办',
  '区发改委',
  'a'.repeat(300),
  HUGE,
  '9'.repeat(40),
  '%00',
  'null',
  'true',
];
const SCALARS: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1,
  1.5,
  -0.5,
  2 ** 53,
  -(2 ** 63),
  1e308,
  99999999,
  [],
  {},
  [1, 'a', null],
  { __proto__: { admin: true } },
  { toString: 'x' },
  [[[[[]]]]],
];
const PATH_VALUES = [
  '1',
  '2',
  '3',
  '0',
  '-1',
  '99999999',
  '99999999999999999999',
  '1.5',
  '1e3',
  'toString',
  '__proto__',
  'constructor',
  'NaN',
  'a'.repeat(2000),
  '%20',
  '%E4%BD%A0',
  'x',
];

const hostileValue = (r: SeededRandom): unknown => (r.chance(0.55) ? r.pick(STRINGS) : r.pick(SCALARS));

function hostileObject(r: SeededRandom, depth = 0): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const fields = 1 + Math.floor(r.next() * 6);
  for (let i = 0; i < fields; i++) {
    const key = r.chance(0.1) ? r.pick(['__proto__', 'constructor', 'prototype', 'toString']) : r.pick(FIELDS);
    body[key] = depth < 2 && r.chance(0.1) ? hostileObject(r, depth + 1) : hostileValue(r);
  }
  return body;
}

export interface FuzzRequest {
  method: string;
  target: string;
  headers: Record<string, string>;
  body?: string;
}

/** One hostile request for `route`. */
export function hostileRequest(route: RouteInfo, r: SeededRandom): FuzzRequest {
  const path = route.path.replace(/:[A-Za-z_]+/g, () => r.pick(PATH_VALUES));
  const params = new URLSearchParams();
  if (route.method === 'GET' || r.chance(0.2)) {
    const n = Math.floor(r.next() * 5);
    for (let i = 0; i < n; i++) params.append(r.pick(FIELDS), String(r.pick(STRINGS)).slice(0, 5000));
  }
  const query = params.toString();
  const target = query ? `${path}?${query}` : path;
  if (route.method === 'GET' || route.method === 'HEAD') return { method: route.method, target, headers: {} };
  const json = { 'content-type': 'application/json' };
  const shape = r.next();
  let body: string;
  if (shape < 0.6) body = JSON.stringify(hostileObject(r));
  else if (shape < 0.7) body = r.pick(['', '{', '{"a":', 'null', '[]', '"x"', '1', '{"__proto__":{"x":1}}', '\u0000']);
  else if (shape < 0.8) body = JSON.stringify(r.pick(SCALARS));
  else if (shape < 0.85) body = `{"title":"${'长'.repeat(400_000)}"}`;
  else if (shape < 0.9) body = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  else body = JSON.stringify({ ...hostileObject(r), ...hostileObject(r) });
  return { method: route.method, target, headers: json, body };
}

/** A digest of every row of every table: equal before and after means nothing changed. */
export async function databaseFingerprint(db: DataSource): Promise<string> {
  const hash = createHash('sha1');
  for (const entity of db.entityMetadatas) {
    const table = db.driver.escape(entity.tableName);
    const order = entity.primaryColumns.map((c) => db.driver.escape(c.databaseName)).join(', ');
    hash.update(entity.tableName);
    hash.update(JSON.stringify(await db.query(`SELECT * FROM ${table} ORDER BY ${order}`)));
  }
  return hash.digest('hex');
}

export interface FuzzReport {
  requests: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Route batches whose writes were all refused and whose database was compared before and after. */
  refusedBatchesCompared: number;
  /** What went wrong: 5xx answers and refused writes that changed something. */
  failures: string[];
}

export interface FuzzOptions {
  requests: number;
  seed: number;
  /** A session token for the identity the requests are sent as; called again when one expires or is revoked. */
  signIn: () => Promise<string>;
  onProgress?: (done: number) => void;
}

/**
 * Sends `requests` hostile requests spread evenly over every `/api/` route (the sign-in routes last, so their
 * attempt limit cannot lock out the rest), comparing the database around every route whose writes were all refused.
 */
export async function fuzzApi(duban: RunningDuban, options: FuzzOptions): Promise<FuzzReport> {
  const r = seededRandom(options.seed);
  const routes = duban.routes
    .filter((route) => route.path.startsWith('/api/'))
    .sort((a, b) => Number(a.path.startsWith('/api/auth/')) - Number(b.path.startsWith('/api/auth/')));
  const perRoute = Math.max(1, Math.ceil(options.requests / routes.length));
  const report: FuzzReport = { requests: 0, statuses: {}, refusedBatchesCompared: 0, failures: [] };
  let token = await options.signIn();
  const db = duban.database.get();

  for (const route of routes) {
    const writes = route.method !== 'GET';
    // An accepted write of the route before may have ended this session (sign-out everywhere): sign in afresh
    // before the fingerprint, so the sign-in is not counted as a change.
    const me = await rawRequest(duban.url, 'GET', '/api/me', { headers: { authorization: `Bearer ${token}` } });
    if (me.status === 401) token = await options.signIn();
    const before = writes ? await databaseFingerprint(db) : '';
    let comparable = writes;
    for (let i = 0; i < perRoute && report.requests < options.requests; i++) {
      const request = hostileRequest(route, r);
      const headers: Record<string, string> = { ...request.headers, authorization: `Bearer ${token}` };
      const res = await rawRequest(duban.url, request.method, request.target, { headers, body: request.body });
      report.requests += 1;
      report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
      if (res.status >= 500) {
        report.failures.push(
          `${request.method} ${request.target.slice(0, 200)} → ${res.status} ${res.body.slice(0, 200)}`,
        );
      }
      if (res.status < 400) comparable = false;
      if (res.status === 401 && !route.path.startsWith('/api/auth/')) {
        token = await options.signIn();
        comparable = false;
      }
      options.onProgress?.(report.requests);
    }
    if (comparable) {
      report.refusedBatchesCompared += 1;
      if ((await databaseFingerprint(db)) !== before) {
        report.failures.push(`${route.method} ${route.path}: refused writes changed the database`);
      }
    }
  }
  return report;
}
