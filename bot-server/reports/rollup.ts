import type { DataSource, EntityManager } from 'typeorm';
import { formatISODate, parseISODate, type WorkCalendar } from '../calendar';
import { shortHash } from '../calendar/version';
import { sqlInstant } from '../db/sql-instant';
import { firstDayOfMonth, nextMonth } from '../supervision/months';
import {
  addTo,
  and,
  baseOf,
  type Condition,
  cond,
  DOMAINS,
  type Domain,
  type FigureSpec,
  type FigureValue,
  type Period,
  periodInstants,
  type QueryContext,
  type Scope,
  type SliceTotal,
  shanghaiDateSql,
  valuesOf,
  workdaysOf,
} from './engine';

/**
 * The figures kept ready. Every figure that does not depend on the moment it is asked for is kept as counts per
 * Shanghai day, month and year × unit × type (`figure_rollup`), computed by the figure's own SQL definition
 * (engine.ts) grouped by day. Triggers append the day of every change to a counted record to `figure_change` in the
 * transaction that makes it; before the figures are read, the days in that log are counted again and the months and
 * years above them added up anew. A 看板 call then adds a few hundred rows: whole years, whole months, and the days
 * at the edges of the period.
 *
 * The rollup remembers what it was built from (the definitions and the calendar's version, `figure_rollup_state`);
 * when either changes (a new release, a calendar override that moves deadlines and working days) the next read
 * builds it again from the records. `npx duban reports rebuild` does the same on demand.
 *
 * Figures judged at the moment asked (`live`: overdue) are counted from the records each time; they are the open
 * records, which the status indexes find directly. `composedOf` figures add up others.
 */

type Grain = 'd' | 'm' | 'y';

/** Dirty days closer than this are counted again in one range (a day counted again is harmless). */
const MERGE_GAP_DAYS = 7;
const INSERT_BATCH = 500;

interface RollupRow {
  grain: Grain;
  domain: Domain;
  period: string;
  unit: string;
  type: string;
  measure: string;
  bucket: number;
  n: number;
}

const partOf = (id: string) => `${id}:part`;
const EPOCH = new Date(0);

export class FigureRollup {
  /** The figures kept, by domain. */
  private readonly kept: Map<Domain, FigureSpec[]>;

  constructor(specs: FigureSpec[]) {
    this.kept = new Map();
    for (const spec of specs.filter((s) => !s.live && !s.composedOf)) {
      this.kept.set(spec.domain, [...(this.kept.get(spec.domain) ?? []), spec]);
    }
  }

  /** The last fingerprint made, by dialect and calendar version: every read asks for it. */
  private remembered: { key: string; fingerprint: string } | null = null;

  /** What the rollup is built from: the kept figures' SQL, their domains' SQL, and the calendar. */
  fingerprint(db: DataSource, calendar: WorkCalendar): string {
    const key = `${db.options.type}\n${calendar.version}`;
    if (this.remembered?.key !== key) this.remembered = { key, fingerprint: this.fingerprintOf(db, calendar) };
    return this.remembered.fingerprint;
  }

  private fingerprintOf(db: DataSource, calendar: WorkCalendar): string {
    const q = { db, now: EPOCH };
    const definitions = [...this.kept].map(([domain, specs]) => {
      const info = DOMAINS[domain];
      return {
        domain: [info.from, info.at, info.unit, info.type, info.always(q, EPOCH, EPOCH)],
        specs: specs.map((s) => [s.id, s.kind, s.set(q), s.part?.(q), s.span]),
      };
    });
    return shortHash(`${JSON.stringify(definitions)}\n${calendar.version}`);
  }

  /**
   * Brings the rollup up to date: the days in the change log counted again, or everything when the definitions or
   * the calendar changed. One refresh at a time (the state row is locked first); a change committed meanwhile
   * stays in the log for the next.
   */
  async refresh(db: DataSource, calendar: WorkCalendar): Promise<void> {
    const fingerprint = this.fingerprint(db, calendar);
    // One round trip on every read: the state and whether the log holds anything.
    const [state] = (await db.query(
      'SELECT fingerprint, (SELECT id FROM figure_change LIMIT 1) AS pending FROM figure_rollup_state WHERE id = 1',
    )) as { fingerprint: string; pending: unknown }[];
    if (state?.fingerprint === fingerprint && state.pending === null) return;
    if (state?.fingerprint !== fingerprint) await this.forgetForBuild(db, fingerprint);
    await this.update(db, calendar, fingerprint);
  }

  /** Builds the rollup again from the records (`npx duban reports rebuild`). */
  async rebuild(db: DataSource, calendar: WorkCalendar): Promise<void> {
    await this.forgetForBuild(db);
    await this.update(db, calendar, this.fingerprint(db, calendar));
  }

  /**
   * Before a build: the log emptied and the fingerprint cleared, committed on their own. The build counts every
   * change committed before it starts, so nothing is lost, and if it fails the cleared fingerprint makes the next
   * read build again. Committed first, the log's deleted entries are purged while the build runs: InnoDB walks
   * deleted entries not yet purged, and the log check of every read (refresh) would pay for each of them.
   * With `unlessBuiltAs`, nothing is done if another build with that fingerprint ended meanwhile.
   */
  private async forgetForBuild(db: DataSource, unlessBuiltAs?: string) {
    await db.transaction(async (manager) => {
      await this.lock(manager);
      if (unlessBuiltAs !== undefined && (await builtAs(manager)) === unlessBuiltAs) return;
      await manager.query("UPDATE figure_rollup_state SET fingerprint = '' WHERE id = 1");
      await forgetChanges(manager);
    });
  }

  /** Under the lock: everything built again if the fingerprint differs (another build may have just ended). */
  private async update(db: DataSource, calendar: WorkCalendar, fingerprint: string) {
    await db.transaction(async (manager) => {
      await this.lock(manager);
      if ((await builtAs(manager)) !== fingerprint) await this.buildAll(manager, calendar, fingerprint);
      else await this.countChanges(manager, calendar);
    });
  }

  /**
   * The kept figures of `specs` for a period and scope, added up from the rollup (the caller refreshed it);
   * with `by`, per unit, per type or per both (keyed by their values joined with a tab). Only the rows of the
   * measures asked for are added up: a workdays figure keeps a row per bucket, many more than a count.
   */
  async totals(
    manager: EntityManager,
    specs: FigureSpec[],
    period: Period,
    scope: Scope,
    by: readonly ('unit' | 'type')[] = [],
  ): Promise<Map<string, Map<string, SliceTotal>>> {
    const wanted = specs.filter((s) => this.kept.get(s.domain)?.includes(s));
    const result = new Map<string, Map<string, SliceTotal>>();
    if (!wanted.length) return result;
    const domains = [...new Set(wanted.map((s) => s.domain))];
    const forDomain = domains.map((domain) => {
      const info = DOMAINS[domain];
      return and(
        cond('domain = ?', domain),
        ...(info.unit && scope.unit !== undefined ? [cond('unit = ?', scope.unit)] : []),
        ...(info.type && scope.type !== undefined ? [cond('type = ?', scope.type)] : []),
      );
    });
    const within = coverOf(period);
    const measures = wanted.flatMap((s) => (s.part ? [s.id, partOf(s.id)] : [s.id]));
    const rows = (await manager.query(
      `SELECT measure, bucket, SUM(n) AS n${by.map((column, i) => `, ${column} AS k${i}`).join('')} FROM figure_rollup
       WHERE (${forDomain.map((c) => c.sql).join(' OR ')}) AND (${within.sql})
         AND measure IN (${measures.map(() => '?').join(', ')})
       GROUP BY measure, bucket${by.map((column) => `, ${column}`).join('')}`,
      [...forDomain.flatMap((c) => c.params), ...within.params, ...measures],
    )) as ({ measure: string; bucket: number | string; n: number | string } & Record<string, unknown>)[];
    const byMeasure = new Map<string, FigureSpec>(wanted.map((s) => [s.id, s]));
    for (const r of rows) {
      const [id, part] = r.measure.split(':') as [string, string | undefined];
      const spec = byMeasure.get(id);
      if (!spec) continue;
      const group = by.map((_, i) => String(r[`k${i}`])).join('\t');
      const totals = result.get(group) ?? new Map<string, SliceTotal>();
      result.set(group, totals);
      const n = Number(r.n);
      if (spec.kind === 'workdays') addTo(totals, id, { records: n, histogram: { [Number(r.bucket)]: n } });
      else addTo(totals, id, part ? { records: 0, part: n } : { records: n });
    }
    return result;
  }

  private async lock(manager: EntityManager) {
    await manager.query('UPDATE figure_rollup_state SET refreshed_at = ? WHERE id = 1', [
      sqlInstant(manager.connection, new Date()),
    ]);
  }

  /** Counts again the days in the change log, then forgets the entries it saw. */
  private async countChanges(manager: EntityManager, calendar: WorkCalendar) {
    const changes = (await manager.query('SELECT DISTINCT domain, day FROM figure_change')) as {
      domain: string;
      day: string;
    }[];
    const days = new Map<Domain, Set<number>>();
    for (const c of changes) {
      if (!this.kept.has(c.domain as Domain)) continue;
      const domain = c.domain as Domain;
      days.set(domain, (days.get(domain) ?? new Set()).add(parseISODate(String(c.day))));
    }
    for (const [domain, set] of days) {
      for (const range of rangesOf([...set])) await this.countRange(manager, calendar, domain, range);
    }
    await forgetChanges(manager);
  }

  private async buildAll(manager: EntityManager, calendar: WorkCalendar, fingerprint: string) {
    await manager.query('DELETE FROM figure_rollup');
    for (const domain of this.kept.keys()) {
      const info = DOMAINS[domain];
      const day = shanghaiDateSql(manager.connection, info.at);
      const [span] = (await manager.query(`SELECT MIN(${day}) AS first, MAX(${day}) AS last FROM ${info.from}`)) as {
        first: string | null;
        last: string | null;
      }[];
      if (!span?.first || !span.last) continue;
      // Year by year, so that no step holds more than a year's rows.
      for (let year = Number(span.first.slice(0, 4)); year <= Number(span.last.slice(0, 4)); year++) {
        await this.countRange(manager, calendar, domain, [`${year}-01-01`, `${year}-12-31`]);
      }
    }
    await forgetChanges(manager);
    await manager.query('UPDATE figure_rollup_state SET fingerprint = ? WHERE id = 1', [fingerprint]);
  }

  /** Counts the days [from, to] of a domain again, then the months and years that hold them. */
  private async countRange(
    manager: EntityManager,
    calendar: WorkCalendar,
    domain: Domain,
    [from, to]: [string, string],
  ) {
    const rows = await this.countDays(manager, calendar, domain, { from, to });
    await manager.query(`DELETE FROM figure_rollup WHERE grain = 'd' AND domain = ? AND period >= ? AND period <= ?`, [
      domain,
      from,
      to,
    ]);
    await insertRows(manager, rows);
    const months = new Set<string>();
    for (let d = parseISODate(from); d <= parseISODate(to); d++) months.add(formatISODate(d).slice(0, 7));
    for (const month of months) await addUp(manager, domain, 'm', month, 'd');
    for (const year of new Set([...months].map((m) => m.slice(0, 4)))) await addUp(manager, domain, 'y', year, 'm');
  }

  /** The day rows of a domain over a period, by the kept figures' definitions. */
  private async countDays(
    manager: EntityManager,
    calendar: WorkCalendar,
    domain: Domain,
    period: Period,
  ): Promise<RollupRow[]> {
    const db = manager.connection;
    const q: QueryContext = { db, now: new Date() };
    const info = DOMAINS[domain];
    const specs = this.kept.get(domain) ?? [];
    const { start, end } = periodInstants(period);
    const base = baseOf(info, q, start, end, {});
    const keys = `${shanghaiDateSql(db, info.at)} AS r_day, ${info.unit ? `COALESCE(${info.unit}, '')` : "''"} AS r_unit, ${info.type ? `COALESCE(${info.type}, '')` : "''"} AS r_type`;
    const out = new Map<string, RollupRow>();
    const add = (r: Record<string, unknown>, measure: string, bucket: number, n: number) => {
      // A row whose instant cannot be read as a date (stored before dates were checked) belongs to no day.
      if (n <= 0 || r.r_day === null) return;
      const row = {
        grain: 'd' as const,
        domain,
        period: String(r.r_day),
        unit: String(r.r_unit),
        type: String(r.r_type),
      };
      const id = `${row.period}|${row.unit}|${row.type}|${measure}|${bucket}`;
      const existing = out.get(id);
      if (existing) existing.n += n;
      else out.set(id, { ...row, measure, bucket, n });
    };

    const counted = specs.filter((s) => s.kind !== 'workdays');
    if (counted.length) {
      const columns: Condition[] = counted.flatMap((s) => [s.set(q), ...(s.part ? [and(s.set(q), s.part(q))] : [])]);
      const sums = columns.map((c, i) => `SUM(CASE WHEN ${c.sql} THEN 1 ELSE 0 END) AS c${i}`);
      const rows = (await manager.query(
        `SELECT ${keys}, ${sums.join(', ')} FROM ${info.from} WHERE ${base.sql} GROUP BY 1, 2, 3`,
        [...columns.flatMap((c) => c.params), ...base.params],
      )) as Record<string, unknown>[];
      for (const r of rows) {
        let i = 0;
        for (const s of counted) {
          add(r, s.id, 0, Number(r[`c${i++}`]));
          if (s.part) add(r, partOf(s.id), 0, Number(r[`c${i++}`]));
        }
      }
    }
    for (const s of specs.filter((x) => x.kind === 'workdays')) {
      const [a, b] = s.span as [string, string];
      const where = and(base, s.set(q));
      const rows = (await manager.query(
        `SELECT ${keys}, ${shanghaiDateSql(db, a)} AS a, ${shanghaiDateSql(db, b)} AS b, COUNT(*) AS n ` +
          `FROM ${info.from} WHERE ${where.sql} GROUP BY 1, 2, 3, 4, 5`,
        where.params,
      )) as Record<string, unknown>[];
      for (const r of rows) add(r, s.id, workdaysOf(calendar, r.a as string, r.b as string), Number(r.n));
    }
    return [...out.values()];
  }
}

/** The fingerprint the rollup was last built with. */
async function builtAs(manager: EntityManager): Promise<string | undefined> {
  const [state] = (await manager.query('SELECT fingerprint FROM figure_rollup_state WHERE id = 1')) as {
    fingerprint: string;
  }[];
  return state?.fingerprint;
}

/** The rows of a month (or year) added up anew from the days (or months) under it. */
async function addUp(manager: EntityManager, domain: Domain, grain: Grain, period: string, from: Grain) {
  const [first, last] = grain === 'm' ? [`${period}-01`, `${period}-31`] : [`${period}-01`, `${period}-12`];
  await manager.query('DELETE FROM figure_rollup WHERE grain = ? AND domain = ? AND period = ?', [
    grain,
    domain,
    period,
  ]);
  await manager.query(
    `INSERT INTO figure_rollup (grain, domain, period, unit, type, measure, bucket, n)
     SELECT ?, domain, ?, unit, type, measure, bucket, SUM(n) FROM figure_rollup
     WHERE grain = ? AND domain = ? AND period >= ? AND period <= ?
     GROUP BY domain, unit, type, measure, bucket`,
    [grain, period, from, domain, first, last],
  );
}

async function insertRows(manager: EntityManager, rows: RollupRow[]) {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = rows.slice(i, i + INSERT_BATCH);
    await manager.query(
      `INSERT INTO figure_rollup (grain, domain, period, unit, type, measure, bucket, n) VALUES ${batch
        .map(() => '(?, ?, ?, ?, ?, ?, ?, ?)')
        .join(', ')}`,
      batch.flatMap((r) => [r.grain, r.domain, r.period, r.unit, r.type, r.measure, r.bucket, r.n]),
    );
  }
}

/**
 * Deletes the log entries this transaction sees, as runs of consecutive ids: an entry committed after its snapshot
 * (its changes not counted) is never inside a run, so it stays for the next refresh.
 */
async function forgetChanges(manager: EntityManager) {
  const runs = (await manager.query(
    'SELECT MIN(id) AS a, MAX(id) AS b FROM (SELECT id, id - ROW_NUMBER() OVER (ORDER BY id) AS g FROM figure_change) r GROUP BY g',
  )) as { a: number | string; b: number | string }[];
  for (const run of runs) {
    await manager.query('DELETE FROM figure_change WHERE id >= ? AND id <= ?', [Number(run.a), Number(run.b)]);
  }
}

/** Days (day numbers) as ranges of ISO dates, near ones merged. */
function rangesOf(days: number[]): [string, string][] {
  const sorted = [...days].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const day of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && day - last[1] <= MERGE_GAP_DAYS) last[1] = day;
    else ranges.push([day, day]);
  }
  return ranges.map(([a, b]) => [formatISODate(a), formatISODate(b)]);
}

/** [from, to] as whole years, whole months and single days of the rollup, as one condition. */
export function coverOf(period: Period): Condition {
  const years: string[] = [];
  const months: string[] = [];
  const dayRanges: [string, string][] = [];
  const last = parseISODate(period.to);
  for (let day = parseISODate(period.from); day <= last; ) {
    const date = formatISODate(day);
    const yearEnd = parseISODate(`${date.slice(0, 4)}-12-31`);
    const monthEnd = firstDayOfMonth(nextMonth(date.slice(0, 7))) - 1;
    if (date.endsWith('-01-01') && yearEnd <= last) {
      years.push(date.slice(0, 4));
      day = yearEnd + 1;
    } else if (date.endsWith('-01') && monthEnd <= last) {
      months.push(date.slice(0, 7));
      day = monthEnd + 1;
    } else {
      const open = dayRanges[dayRanges.length - 1];
      if (open && parseISODate(open[1]) === day - 1) open[1] = date;
      else dayRanges.push([date, date]);
      day++;
    }
  }
  const parts: Condition[] = [];
  const list = (values: string[]) => values.map(() => '?').join(', ');
  if (years.length) parts.push(cond(`grain = 'y' AND period IN (${list(years)})`, ...years));
  if (months.length) parts.push(cond(`grain = 'm' AND period IN (${list(months)})`, ...months));
  for (const [a, b] of dayRanges) parts.push(cond("grain = 'd' AND period >= ? AND period <= ?", a, b));
  return { sql: parts.map((p) => `(${p.sql})`).join(' OR '), params: parts.flatMap((p) => p.params) };
}

/**
 * The figures of `specs` from what the rollup kept and what was counted live: `needed` holds them and every figure
 * their composed ones add up, those first (`composedOf` may name another composed figure defined before it).
 */
export function figuresFrom(
  specs: FigureSpec[],
  needed: FigureSpec[],
  kept: Map<string, SliceTotal>,
  live: Map<string, FigureValue>,
): Map<string, FigureValue> {
  const totals = new Map(kept);
  for (const [id, v] of live) {
    totals.set(id, { records: v.records, ...(v.part !== undefined ? { part: v.part } : {}) });
  }
  const records = (ids: string[] = []) => ids.reduce((sum, id) => sum + (totals.get(id)?.records ?? 0), 0);
  for (const spec of needed) {
    if (!spec.composedOf) continue;
    const { part } = spec.composedOf;
    totals.set(spec.id, {
      records: records(spec.composedOf.records) - records(spec.composedOf.minus),
      ...(part ? { part: totals.get(part)?.records ?? 0 } : {}),
    });
  }
  return valuesOf(specs, totals);
}
