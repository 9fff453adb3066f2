import { type EntityManager, In } from 'typeorm';
import { Department, type DocumentKind, type DocumentStage } from '../../entities';
import type { WorkCalendar } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { LIMIT_LABELS } from '../documents/queries';
import { KIND_LABELS, NODE_STAGES_OF_KIND, STAGE_LABELS } from '../documents/stages';
import { difference, periodInstants, rate, shanghaiDateSql, summarise, workdaysOf, yearEarlier } from './engine';

/**
 * The documents area's figures (公文办理时效, `GET /api/documents/figures`) for any period, the year-end summary's
 * "X"s among them (文件签发控制在X个工作日以内, 电子收文X个工作日内完成拟办呈送, 全年处理来文X件、办结率, 起草文件X件).
 * Counted in SQL; definitions, so that a hand count can check them:
 *
 * - A document belongs to the period in which it was received (收文) or submitted (发文): `received_at`, as a
 *   Shanghai date, within [from, to]. Withdrawn documents (撤回) are left out of everything.
 * - received / drafted: incoming / outgoing documents of the period; completed: those of them now 办结;
 *   completionRate = completed / count; `months` gives the same counts for each calendar month of the period.
 * - limits (document level, per purpose 拟办呈送 / 办结 / 签发): over the deadlines of the period's documents that
 *   were met (closed with an on-time verdict; a limit closed by a refusal — 签发 不同意 — counts in none of these),
 *   onTime = met on time, onTimeRate = onTime / met, averageWorkdays = mean working days from the Shanghai
 *   date of receipt to that of closing (working days in (a, b], so same day = 0).
 * - stages (step level) and units (the unit of the step's assignee): over the period's steps that were done
 *   (not canceled or redirected) and had a limit, refused ones (拒绝) left out: assessed, onTime, onTimeRate;
 *   averageWorkdays over all done steps of the stage, refused ones included, from the start to the end of the step. Units are ranked by on-time rate, then by steps assessed,
 *   then by unit id.
 * - Rates are fractions rounded to 4 places, averages rounded to 2; null when there is nothing to count.
 * - lastYear: the same for the same dates one year earlier; change = this minus last (rates in fractions).
 */
export interface RateFigure {
  count: number;
  onTime: number;
  onTimeRate: number | null;
  averageWorkdays: number | null;
}

export interface PeriodFigures {
  from: string;
  to: string;
  received: number;
  drafted: number;
  completed: { incoming: number; outgoing: number };
  completionRate: { incoming: number | null; outgoing: number | null };
  months: Array<{ month: string; received: number; drafted: number; completed: number }>;
  limits: Array<RateFigure & { kind: DocumentKind; purpose: string; label: string }>;
  stages: Array<RateFigure & { kind: DocumentKind; stage: DocumentStage; label: string; done: number }>;
  units: Array<RateFigure & { departmentId: string | null; name: string }>;
}

/** The document-level limits each kind has, in the order they are shown. */
const LIMIT_PURPOSES: Record<DocumentKind, readonly string[]> = {
  incoming: ['submit', 'complete'],
  outgoing: ['sign'],
};
const KINDS = ['incoming', 'outgoing'] as const;

/** Rows counted with the working days of their date pair: the mean (and count) of a group of them. */
class Tally {
  count = 0;
  onTime = 0;
  private readonly histogram: Record<number, number> = {};

  add(n: number, onTime: number, days: number) {
    this.count += n;
    this.onTime += onTime;
    this.histogram[days] = (this.histogram[days] ?? 0) + n;
  }

  figure(): RateFigure {
    return {
      count: this.count,
      onTime: this.onTime,
      onTimeRate: rate(this.onTime, this.count),
      averageWorkdays: summarise(this.histogram).value,
    };
  }
}

/** The tally of `key`, made on first use. */
function tallyOf<K>(tallies: Map<K, Tally>, key: K): Tally {
  const tally = tallies.get(key) ?? new Tally();
  tallies.set(key, tally);
  return tally;
}

/** The SQL pieces shared by the three queries: the period's documents (alias `d`) and Shanghai dates. */
function periodSql(manager: EntityManager, from: string, to: string) {
  const db = manager.connection;
  const { start, end } = periodInstants({ from, to });
  return {
    where: "d.received_at >= ? AND d.received_at < ? AND d.status <> 'withdrawn'",
    params: [sqlInstant(db, start), sqlInstant(db, end)],
    date: (column: string) => shanghaiDateSql(db, column),
  };
}

type Row = Record<string, unknown>;
const num = (value: unknown) => Number(value ?? 0);

async function documentCounts(manager: EntityManager, from: string, to: string) {
  const p = periodSql(manager, from, to);
  const month = `SUBSTR(${p.date('d.received_at')}, 1, 7)`;
  const rows = (await manager.query(
    `SELECT d.kind AS kind, ${month} AS month, COUNT(*) AS n,
       SUM(CASE WHEN d.status = 'completed' THEN 1 ELSE 0 END) AS completed
     FROM document d WHERE ${p.where} GROUP BY d.kind, ${month}`,
    p.params,
  )) as Row[];
  const count = (kind: DocumentKind, field: 'n' | 'completed') =>
    rows.filter((r) => r.kind === kind).reduce((sum, r) => sum + num(r[field]), 0);
  const months = [...new Set(rows.map((r) => String(r.month)))].sort().map((m) => {
    const of = rows.filter((r) => String(r.month) === m);
    const sum = (field: 'n' | 'completed', kind?: DocumentKind) =>
      of.filter((r) => !kind || r.kind === kind).reduce((total, r) => total + num(r[field]), 0);
    return { month: m, received: sum('n', 'incoming'), drafted: sum('n', 'outgoing'), completed: sum('completed') };
  });
  return {
    received: count('incoming', 'n'),
    drafted: count('outgoing', 'n'),
    completed: { incoming: count('incoming', 'completed'), outgoing: count('outgoing', 'completed') },
    months,
  };
}

async function limitFigures(
  manager: EntityManager,
  calendar: WorkCalendar,
  from: string,
  to: string,
): Promise<PeriodFigures['limits']> {
  const p = periodSql(manager, from, to);
  const a = p.date('dl.received_at');
  const b = p.date('COALESCE(dl.closed_at, dl.received_at)');
  const rows = (await manager.query(
    `SELECT d.kind AS kind, dl.purpose AS purpose, ${a} AS a, ${b} AS b, COUNT(*) AS n,
       SUM(CASE WHEN dl.met_on_time = 1 THEN 1 ELSE 0 END) AS on_time
     FROM deadline dl JOIN document d ON d.id = dl.subject_id
     WHERE dl.subject_type = 'document' AND dl.status = 'closed' AND dl.met_on_time IS NOT NULL AND ${p.where}
     GROUP BY d.kind, dl.purpose, ${a}, ${b}`,
    p.params,
  )) as Row[];
  const tallies = new Map<string, Tally>();
  for (const r of rows) {
    tallyOf(tallies, `${r.kind} ${r.purpose}`).add(num(r.n), num(r.on_time), workdaysOf(calendar, `${r.a}`, `${r.b}`));
  }
  return KINDS.flatMap((kind) =>
    LIMIT_PURPOSES[kind].map((purpose) => ({
      kind,
      purpose,
      label: `${KIND_LABELS[kind]}${LIMIT_LABELS[purpose] ?? purpose}`,
      ...(tallies.get(`${kind} ${purpose}`) ?? new Tally()).figure(),
    })),
  );
}

async function stepFigures(
  manager: EntityManager,
  calendar: WorkCalendar,
  from: string,
  to: string,
): Promise<Pick<PeriodFigures, 'stages' | 'units'>> {
  const p = periodSql(manager, from, to);
  const a = p.date('s.started_at');
  const b = p.date('s.finished_at');
  const rows = (await manager.query(
    `SELECT d.kind AS kind, s.stage AS stage, s.department_id AS unit, s.on_time AS on_time, ${a} AS a, ${b} AS b,
       COUNT(*) AS n
     FROM document_step s JOIN document d ON d.id = s.document_id
     WHERE s.status = 'done' AND s.stage IS NOT NULL AND s.finished_at IS NOT NULL AND ${p.where}
     GROUP BY d.kind, s.stage, s.department_id, s.on_time, ${a}, ${b}`,
    p.params,
  )) as Row[];
  const done = new Map<string, Tally>();
  const assessed = new Map<string, Tally>();
  const units = new Map<string | null, Tally>();
  for (const r of rows) {
    const n = num(r.n);
    const days = workdaysOf(calendar, `${r.a}`, `${r.b}`);
    const key = `${r.kind} ${r.stage}`;
    tallyOf(done, key).add(n, 0, days);
    if (r.on_time === null || r.on_time === undefined) continue;
    const onTime = Number(r.on_time) === 1 ? n : 0;
    tallyOf(assessed, key).add(n, onTime, days);
    tallyOf(units, r.unit === null || r.unit === undefined ? null : String(r.unit)).add(n, onTime, days);
  }
  const stages = KINDS.flatMap((kind) =>
    NODE_STAGES_OF_KIND[kind].map((stage) => {
      const all = done.get(`${kind} ${stage}`)?.figure();
      const rated = (assessed.get(`${kind} ${stage}`) ?? new Tally()).figure();
      return {
        kind,
        stage,
        label: STAGE_LABELS[stage],
        done: all?.count ?? 0,
        count: rated.count,
        onTime: rated.onTime,
        onTimeRate: rated.onTimeRate,
        averageWorkdays: all?.averageWorkdays ?? null,
      };
    }),
  );
  return { stages, units: await unitFigures(manager, units) };
}

/** The assessed steps by the assignee's unit, named, best on-time rate first. */
async function unitFigures(manager: EntityManager, units: Map<string | null, Tally>): Promise<PeriodFigures['units']> {
  const ids = [...units.keys()].filter((u): u is string => u !== null);
  const departments = ids.length
    ? await manager.getRepository(Department).find({ select: { id: true, name: true }, where: { id: In(ids) } })
    : [];
  const names = new Map(departments.map((d) => [d.id, d.name]));
  return [...units.entries()]
    .map(([departmentId, tally]) => ({
      departmentId,
      name: departmentId ? (names.get(departmentId) ?? departmentId) : '未知单位',
      ...tally.figure(),
    }))
    .sort(
      (x, y) =>
        (y.onTimeRate ?? -1) - (x.onTimeRate ?? -1) ||
        y.count - x.count ||
        (x.departmentId ?? '\uffff').localeCompare(y.departmentId ?? '\uffff'),
    );
}

/** The figures of the documents received in [from, to]: three grouped queries, side by side on the pool. */
export async function periodFigures(
  manager: EntityManager,
  calendar: WorkCalendar,
  from: string,
  to: string,
): Promise<PeriodFigures> {
  const [counts, limits, steps] = await Promise.all([
    documentCounts(manager, from, to),
    limitFigures(manager, calendar, from, to),
    stepFigures(manager, calendar, from, to),
  ]);
  return {
    from,
    to,
    received: counts.received,
    drafted: counts.drafted,
    completed: counts.completed,
    completionRate: {
      incoming: rate(counts.completed.incoming, counts.received),
      outgoing: rate(counts.completed.outgoing, counts.drafted),
    },
    months: counts.months,
    limits,
    stages: steps.stages,
    units: steps.units,
  };
}

/** The period's figures, the same dates a year earlier, and the change. */
export async function documentFigures(manager: EntityManager, calendar: WorkCalendar, from: string, to: string) {
  const [current, lastYear] = await Promise.all([
    periodFigures(manager, calendar, from, to),
    periodFigures(manager, calendar, yearEarlier(from), yearEarlier(to)),
  ]);
  return {
    current,
    lastYear,
    change: {
      received: current.received - lastYear.received,
      drafted: current.drafted - lastYear.drafted,
      completionRate: {
        incoming: difference(current.completionRate.incoming, lastYear.completionRate.incoming),
        outgoing: difference(current.completionRate.outgoing, lastYear.completionRate.outgoing),
      },
      limits: current.limits.map((l) => {
        const last = lastYear.limits.find((p) => p.purpose === l.purpose && p.kind === l.kind);
        return {
          purpose: l.purpose,
          kind: l.kind,
          onTimeRate: difference(l.onTimeRate, last?.onTimeRate ?? null),
          averageWorkdays: difference(l.averageWorkdays, last?.averageWorkdays ?? null),
        };
      }),
      stages: current.stages.map((s) => ({
        stage: s.stage,
        kind: s.kind,
        onTimeRate: difference(
          s.onTimeRate,
          lastYear.stages.find((p) => p.stage === s.stage && p.kind === s.kind)?.onTimeRate ?? null,
        ),
      })),
    },
  };
}
