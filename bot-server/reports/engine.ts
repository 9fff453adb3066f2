import type { DataSource, EntityManager } from 'typeorm';
import type { DocumentKind } from '../../entities';
import { isMysql } from '../../entities/data-source';
import { formatISODate, parseISODate, shanghaiInstant, type WorkCalendar } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { NODE_STAGES_OF_KIND } from '../documents/stages';

/**
 * A figure is defined once, as SQL conditions over one kind of record; its value and its drill-down both come
 * from that definition, so the list a leader taps through is exactly what the number counted.
 *
 * - a count counts the records of `set`;
 * - a rate is |set ∧ part| / |set| (a fraction, 4 places; null when the set is empty);
 * - a workdays figure averages (and gives the median of) the working days between the Shanghai dates of
 *   `span` over the records of `set` (working days in (a, b], as document-figures.ts counts them).
 */

/** A SQL condition with its `?` parameters (both drivers take `?`). */
export interface Condition {
  sql: string;
  params: unknown[];
}

export const cond = (sql: string, ...params: unknown[]): Condition => ({ sql, params });
export const and = (...parts: Condition[]): Condition => ({
  sql: parts.map((p) => `(${p.sql})`).join(' AND '),
  params: parts.flatMap((p) => p.params),
});

export type Domain = 'documents' | 'limits' | 'steps' | 'matters' | 'meetings' | 'notices' | 'urges' | 'bulletins';
export type FigureKind = 'count' | 'rate' | 'workdays';

export interface Period {
  from: string;
  to: string;
}

/** What a figure is narrowed to: a unit (department id) and a type (matter source, document kind, meeting type). */
export interface Scope {
  unit?: string;
  type?: string;
}

/** The moment "overdue" is judged at, and the database's dialect. */
export interface QueryContext {
  db: DataSource;
  now: Date;
}

export interface FigureSpec {
  id: string;
  domain: Domain;
  kind: FigureKind;
  /** For the user: what the figure is called. */
  label: string;
  /** For the user: exactly what is counted. */
  definition: string;
  set: (q: QueryContext) => Condition;
  part?: (q: QueryContext) => Condition;
  /** workdays: the start and end instants (SQL expressions over the domain's aliases). */
  span?: [string, string];
}

interface DomainInfo {
  from: string;
  /** The records of the period (and scope), as a condition. */
  base: (q: QueryContext, start: Date, end: Date, scope: Scope) => Condition;
  /** How a record is listed in a drill-down. */
  item: { id: string; number: string; title: string; at: string; link: string };
  order: string;
}

const periodOf = (q: QueryContext, column: string, start: Date, end: Date) =>
  cond(`${column} >= ? AND ${column} < ?`, sqlInstant(q.db, start), sqlInstant(q.db, end));
const scoped = (column: string | null, value: string | undefined) =>
  column && value !== undefined ? [cond(`${column} = ?`, value)] : [];

/** The records whose instant `at` falls in the period, narrowed by unit and type where the columns exist. */
const recordsOf =
  (at: string, unit: string | null, type: string | null, ...always: Condition[]): DomainInfo['base'] =>
  (q, start, end, scope) =>
    and(periodOf(q, at, start, end), ...always, ...scoped(unit, scope.unit), ...scoped(type, scope.type));

const DOCUMENT_BASE = recordsOf('d.received_at', 'd.department_id', 'd.kind', cond("d.status <> 'withdrawn'"));
const DOCUMENT_ITEM = { id: 'd.id', number: 'd.doc_number', title: 'd.title', at: 'd.received_at', link: 'document' };
/** A record listed by its document, read by id for the page only. */
const documentItem = (documentId: string, at: string) => ({
  id: documentId,
  number: `(SELECT x.doc_number FROM document x WHERE x.id = ${documentId})`,
  title: `(SELECT x.title FROM document x WHERE x.id = ${documentId})`,
  at,
  link: 'document',
});
const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const purposesOf = (kind: string) =>
  quoted(kind === 'incoming' ? ['submit', 'complete'] : kind === 'outgoing' ? ['sign'] : []);
const stagesOf = (kind: string) =>
  quoted(Object.hasOwn(NODE_STAGES_OF_KIND, kind) ? NODE_STAGES_OF_KIND[kind as DocumentKind] : []);
/** Withdrawn documents (撤回) count nowhere; the few of the period are read once, not per row. */
const withdrawnLeftOut = (q: QueryContext, documentId: string, start: Date, end: Date) =>
  cond(
    `${documentId} NOT IN (SELECT w.id FROM document w WHERE w.status = 'withdrawn' AND w.received_at >= ? AND w.received_at < ?)`,
    sqlInstant(q.db, start),
    sqlInstant(q.db, end),
  );

export const DOMAINS: Record<Domain, DomainInfo> = {
  documents: { from: 'document d', base: DOCUMENT_BASE, item: DOCUMENT_ITEM, order: 'd.received_at, d.id' },
  limits: {
    // A document-level limit starts at the document's receipt and carries its unit (documents/settle.ts), so the
    // figures read the deadline alone; the purpose tells the kind (拟办呈送 and 办结 收文, 签发 发文).
    from: 'deadline dl',
    base: (q, start, end, scope) =>
      and(
        cond("dl.subject_type = 'document'"),
        periodOf(q, 'dl.received_at', start, end),
        withdrawnLeftOut(q, 'dl.subject_id', start, end),
        ...scoped('dl.department_id', scope.unit),
        ...(scope.type ? [cond(`dl.purpose IN (${purposesOf(scope.type)})`)] : []),
      ),
    item: documentItem('dl.subject_id', 'dl.received_at'),
    order: 'dl.received_at, dl.id',
  },
  steps: {
    // A step belongs to the period it was finished in, and to the unit of its assignee (as document-figures.ts).
    from: 'document_step s',
    base: (q, start, end, scope) =>
      and(
        periodOf(q, 's.finished_at', start, end),
        ...scoped('s.department_id', scope.unit),
        ...(scope.type ? [cond(`s.stage IN (${stagesOf(scope.type)})`)] : []),
      ),
    item: documentItem('s.document_id', 's.finished_at'),
    order: 's.finished_at, s.id',
  },
  matters: {
    // An open matter's deadline, looked up once per row (a completed matter needs none): `md.due_at` tells overdue.
    from: "matter m LEFT JOIN deadline md ON md.id = m.deadline_id AND m.status NOT IN ('completed', 'evaluated')",
    base: recordsOf('m.assigned_at', 'm.lead_department_id', 'm.source'),
    item: { id: 'm.id', number: 'm.number', title: 'm.title', at: 'm.assigned_at', link: 'matter' },
    order: 'm.assigned_at, m.id',
  },
  meetings: {
    from: 'meeting mt',
    base: recordsOf('mt.starts_at', 'mt.department_id', 'mt.type', cond("mt.status IN ('notified', 'held')")),
    item: { id: 'mt.id', number: 'NULL', title: 'mt.title', at: 'mt.starts_at', link: 'meeting' },
    order: 'mt.starts_at, mt.id',
  },
  notices: {
    from: 'discipline_notice n',
    // Issued by the office as a whole: a unit or a type does not narrow them.
    base: recordsOf('n.issued_at', null, null),
    item: { id: 'n.id', number: 'n.number', title: 'n.title', at: 'n.issued_at', link: 'discipline-notice' },
    order: 'n.issued_at, n.id',
  },
  urges: {
    // 催办 as the audit log records it (supervision/matter-service urgeIn): one row per urge, listed by its matter.
    from: "audit_log a JOIN matter m ON a.subject_type = 'matter' AND a.subject_id = m.id",
    base: recordsOf('a.at', 'm.lead_department_id', 'm.source', cond("a.action = 'matter.urged'")),
    item: { id: 'm.id', number: 'm.number', title: 'm.title', at: 'a.at', link: 'matter' },
    order: 'a.at, a.id',
  },
  bulletins: {
    from: 'bulletin b',
    base: recordsOf('b.published_at', null, null),
    item: { id: 'b.id', number: 'b.issue_no', title: 'b.title', at: 'b.published_at', link: 'bulletin' },
    order: 'b.published_at, b.id',
  },
};

/** The instants bounding [from, to] in Asia/Shanghai. */
export function periodInstants(period: Period): { start: Date; end: Date } {
  return { start: shanghaiInstant(parseISODate(period.from)), end: shanghaiInstant(parseISODate(period.to) + 1) };
}

/** The Shanghai date (YYYY-MM-DD) of an instant column, in SQL (Shanghai has kept UTC+8 since 1991). */
export function shanghaiDateSql(db: DataSource, column: string): string {
  return isMysql(db)
    ? `DATE_FORMAT(DATE_ADD(${column}, INTERVAL 8 HOUR), '%Y-%m-%d')`
    : `strftime('%Y-%m-%d', ${column}, '+8 hours')`;
}

export interface FigureValue {
  value: number | null;
  /** count: the records; rate: the denominator; workdays: the records averaged. */
  records: number;
  /** rate: the numerator. */
  part?: number;
  /** workdays: the median, and how many records had each number of working days. */
  median?: number | null;
  histogram?: Record<number, number>;
}

export const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
/** part ÷ whole as a fraction rounded to 4 places; null when there is nothing to count. */
export const rate = (part: number, whole: number) => (whole > 0 ? round(part / whole, 4) : null);
/** a − b rounded to 4 places (rates as fractions); null without both. */
export const difference = (a: number | null, b: number | null) => (a === null || b === null ? null : round(a - b, 4));

/** Periods longer than this are counted in slices of at most this many days, run side by side. */
const SLICE_DAYS = 92;

/** [from, to] cut into consecutive slices of at most SLICE_DAYS days. */
export function slicesOf(period: Period): Period[] {
  const last = parseISODate(period.to);
  const slices: Period[] = [];
  for (let day = parseISODate(period.from); day <= last; day += SLICE_DAYS) {
    slices.push({ from: formatISODate(day), to: formatISODate(Math.min(day + SLICE_DAYS - 1, last)) });
  }
  return slices;
}

/** What a slice of a period contributes to a figure: counts and histograms add up across slices. */
interface SliceTotal {
  records: number;
  part?: number;
  histogram?: Record<number, number>;
}

/**
 * Every figure of `specs` for one period and scope: one query per domain, one more per workdays figure. Every
 * figure is a sum over records, so a long period is counted slice by slice — the queries of all slices and figures
 * run side by side on the connection pool (a database on several cores answers them together) — and added up.
 */
export async function computeFigures(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: QueryContext,
  specs: FigureSpec[],
  period: Period,
  scope: Scope,
): Promise<Map<string, FigureValue>> {
  const jobs: Promise<Map<string, SliceTotal>>[] = [];
  for (const slice of slicesOf(period)) {
    const { start, end } = periodInstants(slice);
    for (const domain of [...new Set(specs.map((s) => s.domain))]) {
      const own = specs.filter((s) => s.domain === domain && s.kind !== 'workdays');
      if (own.length) jobs.push(countsOf(manager, q, domain, own, start, end, scope));
      for (const s of specs.filter((x) => x.domain === domain && x.kind === 'workdays')) {
        jobs.push(workdayHistogram(manager, calendar, q, s, start, end, scope).then((h) => new Map([[s.id, h]])));
      }
    }
  }
  const totals = new Map<string, SliceTotal>();
  for (const partials of await Promise.all(jobs)) {
    for (const [id, p] of partials) {
      const total = totals.get(id) ?? { records: 0 };
      total.records += p.records;
      if (p.part !== undefined) total.part = (total.part ?? 0) + p.part;
      if (p.histogram) {
        total.histogram ??= {};
        for (const [days, n] of Object.entries(p.histogram)) {
          total.histogram[Number(days)] = (total.histogram[Number(days)] ?? 0) + n;
        }
      }
      totals.set(id, total);
    }
  }
  const values = new Map<string, FigureValue>();
  for (const spec of specs) {
    const total = totals.get(spec.id) ?? { records: 0 };
    if (spec.kind === 'workdays') values.set(spec.id, summarise(total.histogram ?? {}));
    else if (spec.part) {
      const part = total.part ?? 0;
      values.set(spec.id, { value: rate(part, total.records), records: total.records, part });
    } else values.set(spec.id, { value: total.records, records: total.records });
  }
  return values;
}

/** The counts and rates of one domain over [start, end): one SUM per distinct condition, in one query. */
async function countsOf(
  manager: EntityManager,
  q: QueryContext,
  domain: Domain,
  specs: FigureSpec[],
  start: Date,
  end: Date,
  scope: Scope,
): Promise<Map<string, SliceTotal>> {
  const info = DOMAINS[domain];
  // Figures that share a set (or a part) share its column.
  const columns: Condition[] = [];
  const columnOf = (c: Condition) => {
    const key = JSON.stringify(c);
    let index = columns.findIndex((x) => JSON.stringify(x) === key);
    if (index < 0) index = columns.push(c) - 1;
    return `c${index}`;
  };
  const wanted = specs.map((s) => {
    const set = s.set(q);
    return { spec: s, set: columnOf(set), part: s.part ? columnOf(and(set, s.part(q))) : null };
  });
  const base = info.base(q, start, end, scope);
  const sums = columns.map((c, i) => `SUM(CASE WHEN ${c.sql} THEN 1 ELSE 0 END) AS c${i}`);
  const [row] = (await manager.query(`SELECT ${sums.join(', ')} FROM ${info.from} WHERE ${base.sql}`, [
    ...columns.flatMap((c) => c.params),
    ...base.params,
  ])) as Record<string, unknown>[];
  return new Map(
    wanted.map((w) => [
      w.spec.id,
      {
        records: Number(row?.[w.set] ?? 0),
        ...(w.part ? { part: Number(row?.[w.part] ?? 0) } : {}),
      },
    ]),
  );
}

/** Working days in (a, b] between two Shanghai dates, never negative. */
export const workdaysOf = (calendar: WorkCalendar, a: string, b: string) =>
  a < b ? Math.max(0, calendar.workdaysBetween(a, b)) : 0;

async function workdayHistogram(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: QueryContext,
  spec: FigureSpec,
  start: Date,
  end: Date,
  scope: Scope,
): Promise<SliceTotal> {
  const info = DOMAINS[spec.domain];
  const [from, to] = spec.span as [string, string];
  const where = and(info.base(q, start, end, scope), spec.set(q));
  // Grouped by the pair of dates: a year holds a few thousand pairs at most, whatever the number of records.
  const rows = (await manager.query(
    `SELECT ${shanghaiDateSql(q.db, from)} AS a, ${shanghaiDateSql(q.db, to)} AS b, COUNT(*) AS n ` +
      `FROM ${info.from} WHERE ${where.sql} GROUP BY ${shanghaiDateSql(q.db, from)}, ${shanghaiDateSql(q.db, to)}`,
    where.params,
  )) as { a: string; b: string; n: number | string }[];
  const histogram: Record<number, number> = {};
  let records = 0;
  for (const r of rows) {
    const days = workdaysOf(calendar, r.a, r.b);
    histogram[days] = (histogram[days] ?? 0) + Number(r.n);
    records += Number(r.n);
  }
  return { records, histogram };
}

/** Mean (2 places) and median of a histogram of working days. */
export function summarise(histogram: Record<number, number>): FigureValue {
  const entries = Object.entries(histogram)
    .map(([days, n]) => [Number(days), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const records = entries.reduce((sum, [, n]) => sum + n, 0);
  if (records === 0) return { value: null, records: 0, median: null, histogram };
  const total = entries.reduce((sum, [days, n]) => sum + days * n, 0);
  return { value: round(total / records, 2), records, median: median(entries, records), histogram };
}

/** The median of sorted (value, count) pairs: the middle value, or the mean of the two middle ones. */
function median(entries: (readonly [number, number])[], records: number): number {
  const at = (index: number) => {
    let seen = 0;
    for (const [days, n] of entries) {
      seen += n;
      if (index < seen) return days;
    }
    return entries[entries.length - 1]?.[0] ?? 0;
  };
  return records % 2 ? at((records - 1) / 2) : round((at(records / 2 - 1) + at(records / 2)) / 2, 2);
}

export interface DrillItem {
  id: number;
  number: string | null;
  title: string;
  /** The Shanghai date the record belongs to the period by. */
  date: string;
  link: string;
  /** rate: whether the record is in the numerator. */
  counted?: boolean;
  /** workdays: its working days. */
  workdays?: number;
}

/** The records a figure counts, in date order: `total` of them, `items` from `offset`. */
export async function drillFigure(
  manager: EntityManager,
  calendar: WorkCalendar,
  q: QueryContext,
  spec: FigureSpec,
  period: Period,
  scope: Scope,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: DrillItem[] }> {
  const info = DOMAINS[spec.domain];
  const { start, end } = periodInstants(period);
  const where = and(info.base(q, start, end, scope), spec.set(q));
  const [count] = (await manager.query(`SELECT COUNT(*) AS n FROM ${info.from} WHERE ${where.sql}`, where.params)) as {
    n: number | string;
  }[];
  const extra: Condition[] = [];
  if (spec.part) {
    const part = spec.part(q);
    extra.push(cond(`CASE WHEN ${part.sql} THEN 1 ELSE 0 END AS counted`, ...part.params));
  }
  if (spec.span) {
    extra.push(cond(`${shanghaiDateSql(q.db, spec.span[0])} AS span_from`));
    extra.push(cond(`${shanghaiDateSql(q.db, spec.span[1])} AS span_to`));
  }
  const it = info.item;
  const select = [
    `${it.id} AS id`,
    `${it.number} AS number`,
    `${it.title} AS title`,
    `${shanghaiDateSql(q.db, it.at)} AS date`,
    ...extra.map((e) => e.sql),
  ].join(', ');
  const rows = (await manager.query(
    `SELECT ${select} FROM ${info.from} WHERE ${where.sql} ORDER BY ${info.order} LIMIT ? OFFSET ?`,
    [...extra.flatMap((e) => e.params), ...where.params, page.limit, page.offset],
  )) as Record<string, unknown>[];
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      id: Number(r.id),
      number: r.number === null || r.number === undefined ? null : String(r.number),
      title: String(r.title),
      date: String(r.date),
      link: `/m/${it.link}/${Number(r.id)}`,
      ...(spec.part ? { counted: Number(r.counted) === 1 } : {}),
      ...(spec.span ? { workdays: workdaysOf(calendar, String(r.span_from), String(r.span_to)) } : {}),
    })),
  };
}

/** The same civil date one year earlier (29 February → 28 February). */
export function yearEarlier(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y - 1;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** [from, to] is a valid period: two real dates, from ≤ to, at most five years apart. Null when it is. */
export function checkPeriod(period: Period): string | null {
  let from: number;
  let to: number;
  try {
    from = parseISODate(period.from);
    to = parseISODate(period.to);
  } catch {
    return '日期无效：应为真实存在的日期，格式 YYYY-MM-DD';
  }
  if (from > to) return '开始日期不能晚于结束日期';
  if (to - from > 366 * 5) return '统计期间不能超过五年';
  return null;
}
