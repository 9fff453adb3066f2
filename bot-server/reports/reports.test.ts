import type { DataSource } from 'typeorm';
import {
  AuditLog,
  Bulletin,
  Deadline,
  DisciplineNotice,
  Document,
  DocumentStep,
  Matter,
  Meeting,
} from '../../entities';
import { defaultCalendar, formatISODate, parseInstant, shanghaiDayNumber } from '../calendar';
import { openDatabase } from '../db/database';
import { periodFigures } from '../documents/figures';
import { testDatabases } from '../test-support/databases';
import { summaryParagraphs } from './annual';
import { generateReportData } from './generate';
import { ReportService } from './report-service';

/**
 * Every figure against a count made here from the raw rows with plain loops: the rows are read with simple
 * SELECTs (repository finds), and each definition (README.md) is applied in JavaScript, not in SQL.
 */

const YEAR = 2025;
const NOW = parseInstant('2026-01-20T10:00');
const calendar = defaultCalendar();
const day = (d: Date) => formatISODate(shanghaiDayNumber(d));
const within = (d: Date | null, p: { from: string; to: string }) => !!d && day(d) >= p.from && day(d) <= p.to;
const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null);
const workdays = (a: Date, b: Date) => (day(a) < day(b) ? Math.max(0, calendar.workdaysBetween(day(a), day(b))) : 0);
const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null);
function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2
    ? (s[mid] as number)
    : Math.round((((s[mid - 1] as number) + (s[mid] as number)) / 2) * 100) / 100;
}
const DONE = ['completed', 'evaluated'];

interface Rows {
  matters: Matter[];
  deadlines: Deadline[];
  documents: Document[];
  steps: DocumentStep[];
  meetings: Meeting[];
  notices: DisciplineNotice[];
  bulletins: Bulletin[];
  audit: AuditLog[];
}

async function readRows(db: DataSource): Promise<Rows> {
  return {
    matters: await db.getRepository(Matter).find(),
    deadlines: await db.getRepository(Deadline).find(),
    documents: await db.getRepository(Document).find(),
    steps: await db.getRepository(DocumentStep).find(),
    meetings: await db.getRepository(Meeting).find(),
    notices: await db.getRepository(DisciplineNotice).find(),
    bulletins: await db.getRepository(Bulletin).find(),
    audit: await db.getRepository(AuditLog).find(),
  };
}

type Scope = { unit?: string; type?: string };
type Period = { from: string; to: string };

/** What each count figure counts (ids) and each rate / average comes to, by the written definitions. */
function expected(rows: Rows, p: Period, scope: Scope, now: Date) {
  const ids = new Map<string, number[]>();
  const values = new Map<string, number | null>();
  const count = (id: string, list: { id: number }[]) => {
    ids.set(
      id,
      list.map((r) => r.id).sort((a, b) => a - b),
    );
    values.set(id, list.length);
  };
  const deadlineById = new Map(rows.deadlines.map((d) => [d.id, d]));

  const docs = rows.documents.filter(
    (d) =>
      within(d.receivedAt, p) &&
      d.status !== 'withdrawn' &&
      (scope.unit === undefined || d.departmentId === scope.unit) &&
      (scope.type === undefined || d.kind === scope.type),
  );
  const docById = new Map(docs.map((d) => [d.id, d]));
  const incoming = docs.filter((d) => d.kind === 'incoming');
  count('documents.received', incoming);
  count(
    'documents.receivedCompleted',
    incoming.filter((d) => d.status === 'completed'),
  );
  values.set(
    'documents.completionRate',
    rate(incoming.filter((d) => d.status === 'completed').length, incoming.length),
  );
  count(
    'documents.drafted',
    docs.filter((d) => d.kind === 'outgoing'),
  );
  const limits = rows.deadlines.filter((l) => l.subjectType === 'document' && docById.has(l.subjectId));
  const overdueLimits = limits.filter((l) => l.status === 'open' && l.dueAt.getTime() <= now.getTime());
  values.set('documents.overdueOpen', overdueLimits.length);
  ids.set(
    'documents.overdueOpen',
    overdueLimits.map((l) => l.subjectId).sort((a, b) => a - b),
  );
  for (const [kind, purpose] of [
    ['incoming', 'submit'],
    ['incoming', 'complete'],
    ['outgoing', 'sign'],
  ] as const) {
    const closed = limits.filter(
      (l) => l.purpose === purpose && l.status === 'closed' && docById.get(l.subjectId)?.kind === kind,
    );
    values.set(
      `documents.${purpose}.onTimeRate`,
      rate(closed.filter((l) => l.metOnTime === true).length, closed.length),
    );
    values.set(`documents.${purpose}.workdays`, mean(closed.map((l) => workdays(l.receivedAt, l.closedAt as Date))));
  }
  for (const stage of ['propose', 'instruct', 'handle', 'review', 'sign', 'issue']) {
    const assessed = rows.steps.filter(
      (s) => docById.has(s.documentId) && s.stage === stage && s.status === 'done' && s.onTime !== null,
    );
    values.set(`documents.step.${stage}.onTimeRate`, rate(assessed.filter((s) => s.onTime).length, assessed.length));
  }

  const matters = rows.matters.filter(
    (m) =>
      within(m.assignedAt, p) &&
      (scope.unit === undefined || m.leadDepartmentId === scope.unit) &&
      (scope.type === undefined || m.source === scope.type),
  );
  const done = matters.filter((m) => DONE.includes(m.status));
  const onTime = done.filter((m) => m.completedOnTime !== false);
  const overdue = matters.filter((m) => {
    const due = m.deadlineId ? deadlineById.get(m.deadlineId) : undefined;
    return !DONE.includes(m.status) && !!due && due.dueAt.getTime() <= now.getTime();
  });
  count('matters.assigned', matters);
  count('matters.completed', done);
  values.set('matters.completionRate', rate(done.length, matters.length));
  count('matters.completedOnTime', onTime);
  count('matters.overdueOpen', overdue);
  values.set('matters.onTimeRate', rate(onTime.length, done.length + overdue.length));
  values.set('matters.workdays', mean(done.map((m) => workdays(m.assignedAt, m.completedAt as Date))));

  const meetings = rows.meetings.filter(
    (m) =>
      within(m.startsAt, p) &&
      (m.status === 'notified' || m.status === 'held') &&
      (scope.unit === undefined || m.departmentId === scope.unit) &&
      (scope.type === undefined || m.type === scope.type),
  );
  count('meetings.total', meetings);
  for (const type of ['executive', 'party_group', 'coordination', 'scheduling', 'other']) {
    count(
      `meetings.${type}`,
      meetings.filter((m) => m.type === type),
    );
  }
  count(
    'meetings.disciplineNotices',
    rows.notices.filter((n) => within(n.issuedAt, p)),
  );
  return { ids, values, matters, done, overdue };
}

describe.each(testDatabases())('reports on a generated year on $name', (target) => {
  let db: DataSource;
  let drop: () => Promise<void>;
  let reports: ReportService;
  let rows: Rows;

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    db = await openDatabase(created.settings);
    const counts = await generateReportData(db, { seed: 20251, year: YEAR, matters: 1500, documents: 700, now: NOW });
    expect(counts.matters).toBe(1500);
    reports = new ReportService(
      () => db,
      () => calendar,
    );
    rows = await readRows(db);
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  const cases: { name: string; period: Period; scope: Scope }[] = [
    { name: 'the year', period: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, scope: {} },
    { name: 'a quarter of one unit', period: { from: `${YEAR}-04-01`, to: `${YEAR}-06-30` }, scope: { unit: '31' } },
    { name: 'one source', period: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, scope: { type: 'npc_suggestion' } },
    { name: 'incoming documents', period: { from: `${YEAR}-03-01`, to: `${YEAR}-09-15` }, scope: { type: 'incoming' } },
    { name: 'one meeting type', period: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` }, scope: { type: 'executive' } },
  ];

  it.each(cases)('every dashboard figure equals the hand count: $name', async ({ period, scope }) => {
    const dashboard = await reports.figures(period, scope, NOW);
    const mine = expected(rows, period, scope, NOW);
    const before = expected(rows, dashboard.lastYear, scope, NOW);
    expect(dashboard.figures.length).toBeGreaterThan(0);
    for (const figure of dashboard.figures) {
      expect({ id: figure.id, value: figure.value }).toEqual({ id: figure.id, value: mine.values.get(figure.id) });
      expect({ id: figure.id, lastYear: figure.lastYear }).toEqual({
        id: figure.id,
        lastYear: before.values.get(figure.id),
      });
    }
    if (scope.type === undefined || scope.type === 'npc_suggestion') {
      expect(dashboard.figures.find((f) => f.id === 'matters.assigned')?.value).toBeGreaterThan(0);
      const units = new Map<string, number>();
      for (const m of mine.matters) units.set(m.leadDepartmentId, (units.get(m.leadDepartmentId) ?? 0) + 1);
      expect(Object.fromEntries(dashboard.byUnit.map((u) => [u.key, u.assigned]))).toEqual(Object.fromEntries(units));
      for (const u of dashboard.byUnit) {
        expect(u.overdueOpen).toBe(mine.overdue.filter((m) => m.leadDepartmentId === u.key).length);
      }
      const npc = dashboard.bySource.find((s) => s.key === 'npc_suggestion');
      expect(npc?.completed ?? 0).toBe(mine.done.filter((m) => m.source === 'npc_suggestion').length);
    }
  });

  it.each(cases)('each count drills down to exactly the records it counts: $name', async ({ period, scope }) => {
    const mine = expected(rows, period, scope, NOW);
    const dashboard = await reports.figures(period, scope, NOW);
    for (const figure of dashboard.figures.filter((f) => f.kind === 'count')) {
      const drill = await reports.drill(figure.id, period, scope, { limit: 100_000, offset: 0 }, NOW);
      expect({ id: figure.id, total: drill.total }).toEqual({ id: figure.id, total: figure.value });
      const want = mine.ids.get(figure.id);
      if (want)
        expect({ id: figure.id, ids: drill.items.map((i) => i.id).sort((a, b) => a - b) }).toEqual({
          id: figure.id,
          ids: want,
        });
    }
    const page = await reports.drill('matters.assigned', period, scope, { limit: 5, offset: 5 }, NOW);
    expect(page.items.length).toBeLessThanOrEqual(5);
    for (const item of page.items) expect(item.link).toBe(`/m/matter/${item.id}`);
  });

  it('rates drill down to their denominator with the counted records flagged', async () => {
    const period = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
    const drill = await reports.drill('matters.completionRate', period, {}, { limit: 100_000, offset: 0 }, NOW);
    const mine = expected(rows, period, {}, NOW);
    expect(drill.total).toBe(mine.matters.length);
    expect(drill.items.filter((i) => i.counted).length).toBe(mine.done.length);
    const days = await reports.drill('matters.workdays', period, {}, { limit: 100_000, offset: 0 }, NOW);
    expect(days.items.map((i) => i.workdays)).toHaveLength(mine.done.length);
  });

  it('agrees with the documents area on the figures both compute', async () => {
    const period = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
    const dashboard = await reports.figures(period, {}, NOW);
    const documents = await periodFigures(db.manager, calendar, period.from, period.to);
    const value = (id: string) => dashboard.figures.find((f) => f.id === id)?.value;
    expect(value('documents.received')).toBe(documents.received);
    expect(value('documents.drafted')).toBe(documents.drafted);
    expect(value('documents.completionRate')).toBe(documents.completionRate.incoming);
    for (const limit of documents.limits) {
      expect(value(`documents.${limit.purpose}.onTimeRate`)).toBe(limit.onTimeRate);
      expect(value(`documents.${limit.purpose}.workdays`)).toBe(limit.averageWorkdays);
    }
  });

  it('gives every year-end figure by its definition, and the changes on last year', async () => {
    const report = await reports.annual(YEAR, NOW);
    const p = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
    const mine = expected(rows, p, {}, NOW);
    const docs = rows.documents.filter((d) => within(d.receivedAt, p) && d.status !== 'withdrawn');
    const docIds = new Map(docs.map((d) => [d.id, d]));
    const closedLimits = (purpose: string, electronic: boolean) =>
      rows.deadlines.filter(
        (l) =>
          l.subjectType === 'document' &&
          l.purpose === purpose &&
          l.status === 'closed' &&
          docIds.has(l.subjectId) &&
          (!electronic || docIds.get(l.subjectId)?.origin === 'dingtalk'),
      );
    const sign = closedLimits('sign', false);
    const submit = closedLimits('submit', true);
    const matters = mine.matters;
    const ofSource = (s: string) => matters.filter((m) => m.source === s);
    const deputy = [...ofSource('npc_suggestion'), ...ofSource('cppcc_proposal')];
    const replied = deputy.filter((m) => DONE.includes(m.status));
    const withOpinion = replied.filter((m) => m.satisfaction !== null);
    const pct = (r: number | null) => (r === null ? null : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);
    const want: Record<string, string | null> = {
      'sign.median': String(median(sign.map((l) => workdays(l.receivedAt, l.closedAt as Date)))),
      'sign.within': pct(rate(sign.filter((l) => l.metOnTime).length, sign.length)),
      'submit.median': String(median(submit.map((l) => workdays(l.receivedAt, l.closedAt as Date)))),
      'submit.within': pct(rate(submit.filter((l) => l.metOnTime).length, submit.length)),
      received: String(mine.values.get('documents.received')),
      completionRate: pct(mine.values.get('documents.completionRate') ?? null),
      drafted: String(mine.values.get('documents.drafted')),
      executive: String(mine.values.get('meetings.executive')),
      partyGroup: String(mine.values.get('meetings.party_group')),
      coordination: String(
        (mine.values.get('meetings.coordination') as number) + (mine.values.get('meetings.scheduling') as number),
      ),
      disciplineNotices: String(rows.notices.filter((n) => within(n.issuedAt, p)).length),
      articles: String(ofSource('commissioned_article').filter((m) => DONE.includes(m.status)).length),
      keyWork: String(ofSource('key_work').length),
      urges: String(rows.audit.filter((a) => a.action === 'matter.urged' && within(a.at, p)).length),
      bulletins: String(rows.bulletins.filter((b) => within(b.publishedAt, p)).length),
      npc: String(ofSource('npc_suggestion').length),
      cppcc: String(ofSource('cppcc_proposal').length),
      replyRate: pct(rate(replied.length, deputy.length)),
      satisfactionRate: pct(
        rate(withOpinion.filter((m) => m.satisfaction !== 'dissatisfied').length, withOpinion.length),
      ),
      petitions: String(ofSource('petition').length),
      netizen: String(ofSource('netizen_message').filter((m) => DONE.includes(m.status)).length),
    };
    expect(Object.fromEntries(report.figures.map((f) => [f.name, f.text]))).toEqual(want);
    for (const f of report.figures) expect(f.definition).not.toBe('');

    const last = { from: `${YEAR - 1}-01-01`, to: `${YEAR - 1}-12-31` };
    const before = expected(rows, last, {}, NOW);
    const outgoing = report.changes.find((c) => c.name === 'outgoingChange');
    expect(outgoing).toMatchObject({
      thisYear: mine.values.get('documents.drafted'),
      lastYear: before.values.get('documents.drafted'),
    });
    const meetings = report.changes.find((c) => c.name === 'meetingChange');
    expect(meetings).toMatchObject({
      thisYear: mine.values.get('meetings.total'),
      lastYear: before.values.get('meetings.total'),
    });
    const change = (meetings?.thisYear as number) - (meetings?.lastYear as number);
    expect(meetings?.text).toBe(
      change === 0
        ? '与上年持平'
        : `${change < 0 ? '减少' : '增加'}${(Math.round((Math.abs(change) / (meetings?.lastYear as number)) * 1000) / 10).toFixed(1)}%`,
    );

    // The summary keeps its structure: three headings, the figures in place, the rest marked for a person.
    const paragraphs = summaryParagraphs(report);
    expect(paragraphs.filter((b) => b.kind === 'heading').map((b) => b.pieces[0]?.text.slice(0, 2))).toEqual([
      '一、',
      '二、',
      '三、',
    ]);
    const text = paragraphs.map((b) => b.pieces.map((x) => x.text).join('')).join('\n');
    expect(text).toContain(`全年共处理各类来文${want.received}件，办结率${want.completionRate}`);
    expect(text).toContain(`区政府常务会议${want.executive}次、区政府党组会议${want.partyGroup}次`);
    expect(text).toContain('【待填写】');
    expect(text).not.toMatch(/X|\{/);
  });

  it('refuses a period that is not one', async () => {
    await expect(reports.figures({ from: '2025-02-30', to: '2025-03-01' })).rejects.toMatchObject({
      code: 'invalid_period',
    });
    await expect(reports.figures({ from: '2025-03-02', to: '2025-03-01' })).rejects.toMatchObject({
      code: 'invalid_period',
    });
    await expect(reports.drill('no.such', { from: '2025-01-01', to: '2025-01-31' })).rejects.toMatchObject({
      code: 'unknown_figure',
    });
  });
});
