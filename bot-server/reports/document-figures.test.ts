import { Deadline, Department, Document, DocumentStep } from '../../entities';
import type { WorkCalendar } from '../calendar';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import { callJson, signInAs } from '../test-support/http';
import type { PeriodFigures } from './document-figures';
import { yearEarlier } from './engine';

/** Shanghai date of an instant, by hand (UTC+8, no DST). */
const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Working days in (a, b], counted one day at a time. */
function countWorkdays(calendar: WorkCalendar, a: string, b: string): number {
  let n = 0;
  for (let t = Date.parse(`${a}T00:00:00Z`) + 86_400_000; t <= Date.parse(`${b}T00:00:00Z`); t += 86_400_000) {
    if (calendar.isWorkday(new Date(t).toISOString().slice(0, 10))) n++;
  }
  return n;
}

const r4 = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);
const avg2 = (values: number[]) =>
  values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null;

interface Raw {
  docs: Document[];
  steps: DocumentStep[];
  deadlines: Deadline[];
  departments: Department[];
}

/** The figures counted by hand from the raw rows, following the definitions in document-figures.ts. */
function handCount(raw: Raw, calendar: WorkCalendar, from: string, to: string) {
  const docs = raw.docs.filter((d) => day(d.receivedAt) >= from && day(d.receivedAt) <= to && d.status !== 'withdrawn');
  const kindOf = new Map(docs.map((d) => [d.id, d.kind]));
  const incoming = docs.filter((d) => d.kind === 'incoming');
  const outgoing = docs.filter((d) => d.kind === 'outgoing');
  const done = (list: Document[]) => list.filter((d) => d.status === 'completed').length;
  const limits = [
    ['incoming', 'submit'],
    ['incoming', 'complete'],
    ['outgoing', 'sign'],
  ].map(([kind, purpose]) => {
    const rows = raw.deadlines.filter(
      (d) =>
        d.subjectType === 'document' &&
        kindOf.get(d.subjectId) === kind &&
        d.purpose === purpose &&
        d.status === 'closed' &&
        d.metOnTime !== null,
    );
    const onTime = rows.filter((d) => d.metOnTime).length;
    return [
      kind,
      purpose,
      rows.length,
      onTime,
      r4(onTime, rows.length),
      avg2(rows.map((d) => countWorkdays(calendar, day(d.receivedAt), day(d.closedAt as Date)))),
    ];
  });
  const finished = raw.steps.filter((s) => kindOf.has(s.documentId) && s.status === 'done' && s.stage && s.finishedAt);
  const stages = [
    ['incoming', 'propose'],
    ['incoming', 'instruct'],
    ['incoming', 'handle'],
    ['outgoing', 'review'],
    ['outgoing', 'sign'],
    ['outgoing', 'issue'],
  ].map(([kind, stage]) => {
    const rows = finished.filter((s) => s.stage === stage && kindOf.get(s.documentId) === kind);
    const assessed = rows.filter((s) => s.onTime !== null);
    const onTime = assessed.filter((s) => s.onTime).length;
    return [
      kind,
      stage,
      rows.length,
      assessed.length,
      onTime,
      r4(onTime, assessed.length),
      avg2(rows.map((s) => countWorkdays(calendar, day(s.startedAt), day(s.finishedAt as Date)))),
    ];
  });
  const assessed = finished.filter((s) => s.onTime !== null);
  const units = [...new Set(assessed.map((s) => s.departmentId))]
    .map((unit) => {
      const rows = assessed.filter((s) => s.departmentId === unit);
      const onTime = rows.filter((s) => s.onTime).length;
      const name = raw.departments.find((d) => d.id === unit)?.name ?? unit ?? '未知单位';
      return [
        unit,
        name,
        rows.length,
        onTime,
        r4(onTime, rows.length),
        avg2(rows.map((s) => countWorkdays(calendar, day(s.startedAt), day(s.finishedAt as Date)))),
      ];
    })
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const months = new Map<string, [number, number, number]>();
  for (const d of docs) {
    const month = day(d.receivedAt).slice(0, 7);
    const counts = months.get(month) ?? [0, 0, 0];
    if (d.kind === 'incoming') counts[0]++;
    else counts[1]++;
    if (d.status === 'completed') counts[2]++;
    months.set(month, counts);
  }
  return {
    received: incoming.length,
    drafted: outgoing.length,
    months: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([m, c]) => [m, ...c]),
    completed: [done(incoming), done(outgoing)],
    completionRate: [r4(done(incoming), incoming.length), r4(done(outgoing), outgoing.length)],
    limits,
    stages,
    units,
  };
}

/** The same shape from what the API answered. */
function asCounted(f: PeriodFigures) {
  return {
    received: f.received,
    drafted: f.drafted,
    months: f.months.map((m) => [m.month, m.received, m.drafted, m.completed]),
    completed: [f.completed.incoming, f.completed.outgoing],
    completionRate: [f.completionRate.incoming, f.completionRate.outgoing],
    limits: f.limits.map((l) => [l.kind, l.purpose, l.count, l.onTime, l.onTimeRate, l.averageWorkdays]),
    stages: f.stages.map((s) => [s.kind, s.stage, s.done, s.count, s.onTime, s.onTimeRate, s.averageWorkdays]),
    units: f.units
      .map((u) => [u.departmentId, u.name, u.count, u.onTime, u.onTimeRate, u.averageWorkdays])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  };
}

describe.each(testDatabases())('document figures over the demo data on $name', (target) => {
  const demo = useDemoDuban(target);

  it('match a hand count from the raw rows, this period and the same period last year', async () => {
    const db = demo.duban.services().db;
    const raw: Raw = {
      docs: await db.getRepository(Document).find(),
      steps: await db.getRepository(DocumentStep).find(),
      deadlines: await db.getRepository(Deadline).find(),
      departments: await db.getRepository(Department).find(),
    };
    const calendar = demo.duban.services().deadlines.calendar();
    const to = day(new Date());
    const from = day(new Date(Date.now() - 200 * 86_400_000));
    const leader = await signInAs(demo.duban, 'wangjianguo');
    const res = await callJson<{
      current: PeriodFigures;
      lastYear: PeriodFigures;
      change: { received: number; drafted: number };
    }>(demo.duban, `/api/documents/figures?from=${from}&to=${to}`, { token: leader });
    expect(res.status).toBe(200);
    const expected = handCount(raw, calendar, from, to);
    expect(asCounted(res.body.current)).toEqual(expected);
    const lastYear = handCount(raw, calendar, yearEarlier(from), yearEarlier(to));
    expect(asCounted(res.body.lastYear)).toEqual(lastYear);
    expect(res.body.change).toMatchObject({
      received: expected.received - lastYear.received,
      drafted: expected.drafted - lastYear.drafted,
    });

    // The demo is rich enough for the figures to mean something: late work, several units, last year's data.
    expect(expected.received).toBeGreaterThanOrEqual(15);
    expect(expected.drafted).toBeGreaterThanOrEqual(5);
    expect(lastYear.received).toBeGreaterThan(0);
    expect(expected.limits.some((l) => (l[4] as number) < 1)).toBe(true);
    expect(expected.units.length).toBeGreaterThanOrEqual(4);
    expect(res.body.current.units.every((u) => u.name !== u.departmentId)).toBe(true);
  });

  it('count working days in (receipt, close], across weekends and holidays', () => {
    const calendar = demo.duban.services().deadlines.calendar();
    // 2026-02-13 (Fri) → 2026-02-24 (Tue) across the Spring Festival: 14 Feb is a make-up working Saturday.
    expect(countWorkdays(calendar, '2026-02-13', '2026-02-24')).toBe(
      calendar.workdaysBetween('2026-02-13', '2026-02-24'),
    );
    expect(yearEarlier('2028-02-29')).toBe('2027-02-28');
  });
});
