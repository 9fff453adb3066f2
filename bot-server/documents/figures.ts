import { type EntityManager, In } from 'typeorm';
import { Deadline, Department, Document, type DocumentKind, type DocumentStage, DocumentStep } from '../../entities';
import { formatISODate, parseISODate, shanghaiDayNumber, shanghaiInstant, type WorkCalendar } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { LIMIT_LABELS } from './queries';
import { KIND_LABELS, NODE_STAGES_OF_KIND, STAGE_LABELS } from './stages';

/**
 * The year-end figures the office summary leaves as "X" (文件签发控制在X个工作日以内, 电子收文X个工作日内完成拟办
 * 呈送, 全年处理来文X件、办结率, 起草文件X件), for any period. Definitions, so that a hand count can check them:
 *
 * - A document belongs to the period in which it was received (收文) or submitted (发文): `received_at`, as a
 *   Shanghai date, within [from, to]. Withdrawn documents (撤回) are left out of everything.
 * - received / drafted: incoming / outgoing documents of the period; completed: those of them now 办结;
 *   completionRate = completed / count; `months` gives the same counts for each calendar month of the period.
 * - limits (document level, per purpose 拟办呈送 / 办结 / 签发): over the closed deadlines of the period's documents,
 *   onTime = met on time, onTimeRate = onTime / closed, averageWorkdays = mean working days from the Shanghai
 *   date of receipt to that of closing (working days in (a, b], so same day = 0).
 * - stages (step level) and units (the unit of the step's assignee): over the period's steps that were done
 *   (not canceled or redirected) and had a limit: assessed, onTime, onTimeRate; averageWorkdays over all done steps
 *   of the stage, from the start to the end of the step.
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

export const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const rate = (part: number, whole: number) => (whole > 0 ? round(part / whole, 4) : null);
const mean = (values: number[]) => (values.length ? round(values.reduce((a, b) => a + b, 0) / values.length, 2) : null);

export async function periodFigures(
  manager: EntityManager,
  calendar: WorkCalendar,
  from: string,
  to: string,
): Promise<PeriodFigures> {
  const db = manager.connection;
  const docs = await manager
    .getRepository(Document)
    .createQueryBuilder('d')
    .where('d.receivedAt >= :start', { start: sqlInstant(db, shanghaiInstant(parseISODate(from))) })
    .andWhere('d.receivedAt < :end', { end: sqlInstant(db, shanghaiInstant(parseISODate(to) + 1)) })
    .andWhere('d.status <> :withdrawn', { withdrawn: 'withdrawn' })
    .getMany();
  const ids = docs.map((d) => d.id);
  const byId = new Map(docs.map((d) => [d.id, d]));
  const steps = ids.length ? await manager.getRepository(DocumentStep).findBy({ documentId: In(ids) }) : [];
  const limits = ids.length
    ? await manager.getRepository(Deadline).findBy({ subjectType: 'document', subjectId: In(ids), status: 'closed' })
    : [];
  const day = (d: Date) => formatISODate(shanghaiDayNumber(d));
  const workdays = (a: Date, b: Date) => Math.max(0, calendar.workdaysBetween(day(a), day(b)));

  const ofKind = (kind: DocumentKind) => docs.filter((d) => d.kind === kind);
  const completed = (kind: DocumentKind) => ofKind(kind).filter((d) => d.status === 'completed').length;

  const limitFigures = (['incoming', 'outgoing'] as const).flatMap((kind) =>
    (kind === 'incoming' ? ['submit', 'complete'] : ['sign']).map((purpose) => {
      const rows = limits.filter((l) => l.purpose === purpose && byId.get(l.subjectId)?.kind === kind);
      const onTime = rows.filter((l) => l.metOnTime === true).length;
      return {
        kind,
        purpose,
        label: `${KIND_LABELS[kind]}${LIMIT_LABELS[purpose] ?? purpose}`,
        count: rows.length,
        onTime,
        onTimeRate: rate(onTime, rows.length),
        averageWorkdays: mean(rows.map((l) => workdays(l.receivedAt, l.closedAt ?? l.receivedAt))),
      };
    }),
  );

  const done = steps.filter((s) => s.status === 'done' && s.stage !== null && s.finishedAt !== null);
  const stageFigures = (['incoming', 'outgoing'] as const).flatMap((kind) =>
    NODE_STAGES_OF_KIND[kind].map((stage) => {
      const ofStage = done.filter((s) => s.stage === stage && byId.get(s.documentId)?.kind === kind);
      const assessed = ofStage.filter((s) => s.onTime !== null);
      const onTime = assessed.filter((s) => s.onTime === true).length;
      return {
        kind,
        stage,
        label: STAGE_LABELS[stage],
        done: ofStage.length,
        count: assessed.length,
        onTime,
        onTimeRate: rate(onTime, assessed.length),
        averageWorkdays: mean(ofStage.map((s) => workdays(s.startedAt, s.finishedAt as Date))),
      };
    }),
  );

  const assessedSteps = done.filter((s) => s.onTime !== null);
  const unitIds = [...new Set(assessedSteps.map((s) => s.departmentId))];
  const departments = unitIds.some((u) => u !== null)
    ? await manager.getRepository(Department).findBy({ id: In(unitIds.filter((u): u is string => u !== null)) })
    : [];
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const unitFigures = unitIds
    .map((departmentId) => {
      const rows = assessedSteps.filter((s) => s.departmentId === departmentId);
      const onTime = rows.filter((s) => s.onTime === true).length;
      return {
        departmentId,
        name: departmentId ? (names.get(departmentId) ?? departmentId) : '未知单位',
        count: rows.length,
        onTime,
        onTimeRate: rate(onTime, rows.length),
        averageWorkdays: mean(rows.map((s) => workdays(s.startedAt, s.finishedAt as Date))),
      };
    })
    .sort((a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || b.count - a.count);

  const months = [...new Set(docs.map((d) => day(d.receivedAt).slice(0, 7)))].sort().map((month) => {
    const of = docs.filter((d) => day(d.receivedAt).startsWith(month));
    return {
      month,
      received: of.filter((d) => d.kind === 'incoming').length,
      drafted: of.filter((d) => d.kind === 'outgoing').length,
      completed: of.filter((d) => d.status === 'completed').length,
    };
  });

  return {
    from,
    to,
    received: ofKind('incoming').length,
    drafted: ofKind('outgoing').length,
    completed: { incoming: completed('incoming'), outgoing: completed('outgoing') },
    completionRate: {
      incoming: rate(completed('incoming'), ofKind('incoming').length),
      outgoing: rate(completed('outgoing'), ofKind('outgoing').length),
    },
    months,
    limits: limitFigures,
    stages: stageFigures,
    units: unitFigures,
  };
}

/** The same dates a year earlier (29 February → 28 February). */
export function yearEarlier(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y - 1;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : round(a - b, 4));

export async function documentFigures(manager: EntityManager, calendar: WorkCalendar, from: string, to: string) {
  const current = await periodFigures(manager, calendar, from, to);
  const lastYear = await periodFigures(manager, calendar, yearEarlier(from), yearEarlier(to));
  return {
    current,
    lastYear,
    change: {
      received: current.received - lastYear.received,
      drafted: current.drafted - lastYear.drafted,
      completionRate: {
        incoming: diff(current.completionRate.incoming, lastYear.completionRate.incoming),
        outgoing: diff(current.completionRate.outgoing, lastYear.completionRate.outgoing),
      },
      limits: current.limits.map((l) => ({
        purpose: l.purpose,
        kind: l.kind,
        onTimeRate: diff(
          l.onTimeRate,
          lastYear.limits.find((p) => p.purpose === l.purpose && p.kind === l.kind)?.onTimeRate ?? null,
        ),
        averageWorkdays: diff(
          l.averageWorkdays,
          lastYear.limits.find((p) => p.purpose === l.purpose && p.kind === l.kind)?.averageWorkdays ?? null,
        ),
      })),
      stages: current.stages.map((s) => ({
        stage: s.stage,
        kind: s.kind,
        onTimeRate: diff(
          s.onTimeRate,
          lastYear.stages.find((p) => p.stage === s.stage && p.kind === s.kind)?.onTimeRate ?? null,
        ),
      })),
    },
  };
}
