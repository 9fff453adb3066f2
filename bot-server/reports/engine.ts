import type { DataSource, EntityManager } from 'typeorm';
import { DOCUMENT_KINDS, type DocumentKind } from '../../entities';
import { isMysql } from '../../entities/data-source';
import { formatISODate, parseISODate, shanghaiInstant, type WorkCalendar } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { NODE_STAGES_OF_KIND } from '../documents/stages';
import { DUTY_DOMAINS } from './duty-domains';
import { INFORMATION_DOMAINS, type InformationDomain } from './information-domains';
import { LEDGER_DOMAINS } from './ledger-domains';
import { RESEARCH_DOMAINS, type ResearchDomain } from './research-domains';

/**
 * A figure is defined once, as SQL conditions over one kind of record; its value and its drill-down both come
 * from that definition, so the list a leader taps through is exactly what the number counted.
 *
 * - a count counts the records of `set`;
 * - a rate is |set ∧ part| / |set| (a fraction, 4 places; null when the set is empty);
 * - a workdays figure averages (and gives the median of) the working days between the Shanghai dates of
 *   `span` over the records of `set` (working days in (a, b], as document-figures.ts counts them);
 * - a sum adds up `sum` (a SQL expression, e.g. the people of a visit) over the records of `set`.
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

export type Domain =
  | 'documents'
  | 'limits'
  | 'steps'
  | 'matters'
  | 'meetings'
  | 'notices'
  | 'urges'
  | 'bulletins'
  | 'visits'
  | 'calls'
  | 'incidentReports'
  | 'honours'
  | 'receptions'
  | 'briefs'
  | 'ledgerEntries'
  | InformationDomain
  | ResearchDomain;
export type FigureKind = 'count' | 'rate' | 'workdays' | 'sum';

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
  /** sum: what each record adds (a SQL expression over the domain's aliases). */
  sum?: string;
  /**
   * sum: how many of `sum`'s units make one of the figure's (100 when entries of 0.01 万元 give 万元). The integers
   * are added exactly and divided once, so no reader rounds a float sum.
   */
  sumPer?: number;
  /** Judged at the moment the figures are asked for (overdue): always counted from the records (rollup.ts). */
  live?: boolean;
  /**
   * The same records counted another way, for the rollup: the sum of the records of `records` (disjoint sets) less
   * those of `minus` (subsets of them) is `set`; `part` is that figure's records. The rollup test holds it to `set`
   * and `part`.
   */
  composedOf?: { records: string[]; minus?: string[]; part?: string };
}

export interface DomainInfo {
  from: string;
  /** The primary key of a row of `from`. */
  key: string;
  /** The instant a record belongs to a period by. */
  at: string;
  /** The unit a record is narrowed by (a column); null: the office as a whole. */
  unit: string | null;
  /** The type a record is narrowed by (SQL over the domain's aliases); null: none. */
  type: string | null;
  /** What every record of the domain meets, whatever the scope. */
  always: (q: QueryContext, start: Date, end: Date) => Condition[];
  /** How a record is listed in a drill-down. */
  item: { id: string; number: string; title: string; at: string; link: string; opens?: RecordPage };
  order: string;
}

/**
 * The page a record opens when it has none of its own (a register's row opens its register's year, a ledger
 * entry its ledger): `/m/<prefix><value>`, the value SQL over the domain's aliases.
 */
export interface RecordPage {
  prefix: string;
  value: string;
}

const periodOf = (q: QueryContext, column: string, start: Date, end: Date) =>
  cond(`${column} >= ? AND ${column} < ?`, sqlInstant(q.db, start), sqlInstant(q.db, end));

/** The records of a domain whose instant falls in [start, end), narrowed by the scope where the domain has it. */
export function baseOf(info: DomainInfo, q: QueryContext, start: Date, end: Date, scope: Scope): Condition {
  return and(
    periodOf(q, info.at, start, end),
    ...info.always(q, start, end),
    ...(info.unit && scope.unit !== undefined ? [cond(`${info.unit} = ?`, scope.unit)] : []),
    ...(info.type && scope.type !== undefined ? [cond(`${info.type} = ?`, scope.type)] : []),
  );
}

const none = () => [];
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
/** The document kind of a limit's purpose (拟办呈送 and 办结 收文, 签发 发文). */
const PURPOSE_KIND = { submit: 'incoming', complete: 'incoming', sign: 'outgoing' } as const;
/** A document kind by a column whose values each belong to one kind. */
const kindBy = (column: string, valuesOf: (kind: DocumentKind) => readonly string[]) =>
  `CASE ${DOCUMENT_KINDS.map((kind) => `WHEN ${column} IN (${quoted(valuesOf(kind))}) THEN '${kind}'`).join(' ')} END`;
/** Withdrawn documents (撤回) count nowhere; the few of the period are read once, not per row. */
const withdrawnLeftOut = (q: QueryContext, documentId: string, start: Date, end: Date) =>
  cond(
    `${documentId} NOT IN (SELECT w.id FROM document w WHERE w.status = 'withdrawn' AND w.received_at >= ? AND w.received_at < ?)`,
    sqlInstant(q.db, start),
    sqlInstant(q.db, end),
  );

export const DOMAINS: Record<Domain, DomainInfo> = {
  documents: {
    from: 'document d',
    key: 'd.id',
    at: 'd.received_at',
    unit: 'd.department_id',
    type: 'd.kind',
    always: () => [cond("d.status <> 'withdrawn'")],
    item: DOCUMENT_ITEM,
    order: 'd.received_at, d.id',
  },
  limits: {
    // A document-level limit starts at the document's receipt and carries its unit (documents/settle.ts), so the
    // figures read the deadline alone; the purpose tells the kind.
    from: 'deadline dl',
    key: 'dl.id',
    at: 'dl.received_at',
    unit: 'dl.department_id',
    type: kindBy('dl.purpose', (kind) =>
      Object.entries(PURPOSE_KIND)
        .filter(([, k]) => k === kind)
        .map(([purpose]) => purpose),
    ),
    always: (q, start, end) => [cond("dl.subject_type = 'document'"), withdrawnLeftOut(q, 'dl.subject_id', start, end)],
    item: documentItem('dl.subject_id', 'dl.received_at'),
    order: 'dl.received_at, dl.id',
  },
  steps: {
    // A step belongs to the period it was finished in, and to the unit of its assignee (as document-figures.ts).
    from: 'document_step s',
    key: 's.id',
    at: 's.finished_at',
    unit: 's.department_id',
    type: kindBy('s.stage', (kind) => NODE_STAGES_OF_KIND[kind]),
    always: none,
    item: documentItem('s.document_id', 's.finished_at'),
    order: 's.finished_at, s.id',
  },
  matters: {
    from: 'matter m',
    key: 'm.id',
    at: 'm.assigned_at',
    unit: 'm.lead_department_id',
    type: 'm.source',
    always: none,
    item: { id: 'm.id', number: 'm.number', title: 'm.title', at: 'm.assigned_at', link: 'matter' },
    order: 'm.assigned_at, m.id',
  },
  meetings: {
    from: 'meeting mt',
    key: 'mt.id',
    at: 'mt.starts_at',
    unit: 'mt.department_id',
    type: 'mt.type',
    always: () => [cond("mt.status IN ('notified', 'held')")],
    item: { id: 'mt.id', number: 'NULL', title: 'mt.title', at: 'mt.starts_at', link: 'meeting' },
    order: 'mt.starts_at, mt.id',
  },
  notices: {
    // Issued by the office as a whole: a unit or a type does not narrow them.
    from: 'discipline_notice n',
    key: 'n.id',
    at: 'n.issued_at',
    unit: null,
    type: null,
    always: none,
    item: { id: 'n.id', number: 'n.number', title: 'n.title', at: 'n.issued_at', link: 'discipline-notice' },
    order: 'n.issued_at, n.id',
  },
  urges: {
    // 催办 as the audit log records it (supervision/matter-service urgeIn): one row per urge, listed by its matter.
    from: "audit_log a JOIN matter m ON a.subject_type = 'matter' AND a.subject_id = m.id",
    key: 'a.id',
    at: 'a.at',
    unit: 'm.lead_department_id',
    type: 'm.source',
    always: () => [cond("a.action = 'matter.urged'")],
    item: { id: 'm.id', number: 'm.number', title: 'm.title', at: 'a.at', link: 'matter' },
    order: 'a.at, a.id',
  },
  bulletins: {
    from: 'bulletin b',
    key: 'b.id',
    at: 'b.published_at',
    unit: null,
    type: null,
    always: none,
    item: { id: 'b.id', number: 'b.issue_no', title: 'b.title', at: 'b.published_at', link: 'bulletin' },
    order: 'b.published_at, b.id',
  },
  ...DUTY_DOMAINS,
  ...LEDGER_DOMAINS,
  ...INFORMATION_DOMAINS,
  ...RESEARCH_DOMAINS,
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
export interface SliceTotal {
  records: number;
  part?: number;
  /** sum: what the records add up to. */
  sum?: number;
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
  // A live figure counts the few open records: its own condition narrows the rows read (the open indexes), so the
  // whole period is one query — slices would only add round trips.
  const whole = periodInstants(period);
  for (const s of specs.filter((x) => x.kind !== 'workdays' && x.live)) {
    jobs.push(countsOf(manager, q, s.domain, [s], whole.start, whole.end, scope, s.set(q)));
  }
  for (const slice of slicesOf(period)) {
    const { start, end } = periodInstants(slice);
    for (const domain of [...new Set(specs.map((s) => s.domain))]) {
      const own = specs.filter((s) => s.domain === domain && s.kind !== 'workdays' && !s.live);
      if (own.length) jobs.push(countsOf(manager, q, domain, own, start, end, scope));
      for (const s of specs.filter((x) => x.domain === domain && x.kind === 'workdays')) {
        jobs.push(workdayHistogram(manager, calendar, q, s, start, end, scope).then((h) => new Map([[s.id, h]])));
      }
    }
  }
  const totals = new Map<string, SliceTotal>();
  for (const partials of await Promise.all(jobs)) {
    for (const [id, p] of partials) addTo(totals, id, p);
  }
  return valuesOf(specs, totals);
}

/** Adds what `p` counted to the total of figure `id`. */
export function addTo(totals: Map<string, SliceTotal>, id: string, p: SliceTotal): void {
  const total = totals.get(id) ?? { records: 0 };
  total.records += p.records;
  if (p.part !== undefined) total.part = (total.part ?? 0) + p.part;
  if (p.sum !== undefined) total.sum = (total.sum ?? 0) + p.sum;
  if (p.histogram) {
    total.histogram ??= {};
    for (const [days, n] of Object.entries(p.histogram)) {
      total.histogram[Number(days)] = (total.histogram[Number(days)] ?? 0) + n;
    }
  }
  totals.set(id, total);
}

/** The figures of `specs` from what their records add up to. */
export function valuesOf(specs: FigureSpec[], totals: Map<string, SliceTotal>): Map<string, FigureValue> {
  const values = new Map<string, FigureValue>();
  for (const spec of specs) {
    const total = totals.get(spec.id) ?? { records: 0 };
    if (spec.kind === 'workdays') values.set(spec.id, summarise(total.histogram ?? {}));
    else if (spec.kind === 'sum') {
      values.set(spec.id, { value: (total.sum ?? 0) / (spec.sumPer ?? 1), records: total.records });
    } else if (spec.part) {
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
  narrowedBy?: Condition,
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
  // A sum figure adds its expression over its set, in a column of its own.
  const added: { set: Condition; sum: string }[] = [];
  const wanted = specs.map((s) => {
    const set = s.set(q);
    const sum = s.sum ? `s${added.push({ set, sum: s.sum }) - 1}` : null;
    return { spec: s, set: columnOf(set), part: s.part ? columnOf(and(set, s.part(q))) : null, sum };
  });
  const base = narrowedBy ? and(baseOf(info, q, start, end, scope), narrowedBy) : baseOf(info, q, start, end, scope);
  const sums = [
    ...columns.map((c, i) => `SUM(CASE WHEN ${c.sql} THEN 1 ELSE 0 END) AS c${i}`),
    ...added.map((a, i) => `SUM(CASE WHEN ${a.set.sql} THEN ${a.sum} ELSE 0 END) AS s${i}`),
  ];
  const [row] = (await manager.query(`SELECT ${sums.join(', ')} FROM ${info.from} WHERE ${base.sql}`, [
    ...columns.flatMap((c) => c.params),
    ...added.flatMap((a) => a.set.params),
    ...base.params,
  ])) as Record<string, unknown>[];
  return new Map(
    wanted.map((w) => [
      w.spec.id,
      {
        records: Number(row?.[w.set] ?? 0),
        ...(w.part ? { part: Number(row?.[w.part] ?? 0) } : {}),
        ...(w.sum ? { sum: Number(row?.[w.sum] ?? 0) } : {}),
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
  const where = and(baseOf(info, q, start, end, scope), spec.set(q));
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
  /** sum: what it adds. */
  amount?: number;
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
  const where = and(baseOf(info, q, start, end, scope), spec.set(q));
  const [count] = (await manager.query(`SELECT COUNT(*) AS n FROM ${info.from} WHERE ${where.sql}`, where.params)) as {
    n: number | string;
  }[];
  const extra: Condition[] = [];
  if (spec.part) {
    const part = spec.part(q);
    extra.push(cond(`CASE WHEN ${part.sql} THEN 1 ELSE 0 END AS counted`, ...part.params));
  }
  if (spec.sum) extra.push(cond(`${spec.sum} AS amount`));
  if (info.item.opens) extra.push(cond(`${info.item.opens.value} AS opens`));
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
  // The page's rows found first by the columns the condition reads (an index alone), then read whole.
  const rows = (await manager.query(
    `SELECT ${select} FROM ${info.from} JOIN (SELECT ${info.key} AS page_key FROM ${info.from} WHERE ${where.sql} ` +
      `ORDER BY ${info.order} LIMIT ? OFFSET ?) page ON page.page_key = ${info.key} ORDER BY ${info.order}`,
    [...extra.flatMap((e) => e.params), ...where.params, page.limit, page.offset],
  )) as Record<string, unknown>[];
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      id: Number(r.id),
      number: r.number === null || r.number === undefined ? null : String(r.number),
      title: String(r.title),
      date: String(r.date),
      link: it.opens ? `/m/${it.opens.prefix}${String(r.opens)}` : `/m/${it.link}/${Number(r.id)}`,
      ...(spec.part ? { counted: Number(r.counted) === 1 } : {}),
      ...(spec.span ? { workdays: workdaysOf(calendar, String(r.span_from), String(r.span_to)) } : {}),
      ...(spec.sum ? { amount: Number(r.amount) / (spec.sumPer ?? 1) } : {}),
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
