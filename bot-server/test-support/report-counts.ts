import type { DataSource } from 'typeorm';
import {
  AuditLog,
  Bulletin,
  Deadline,
  DisciplineNotice,
  Document,
  DocumentStep,
  DutyIncidentReport,
  InformationAdoption,
  InformationItem,
  Matter,
  MEETING_TYPES,
  Meeting,
  OfficeBrief,
  OfficeLedger,
  OfficeLedgerEntry,
  OfficeReception,
  PetitionVisit,
  PhoneCall,
  ResearchProblem,
  ResearchReport,
  SupervisionInspection,
  SupervisionSuggestion,
} from '../../entities';
import { defaultCalendar, formatISODate, shanghaiDayNumber } from '../calendar';

/**
 * For tests: the reports' figures counted again from the raw rows, read with simple SELECTs (repository finds),
 * each definition (README.md) applied with plain loops in JavaScript rather than in SQL.
 */
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

export interface Rows {
  matters: Matter[];
  deadlines: Deadline[];
  documents: Document[];
  steps: DocumentStep[];
  meetings: Meeting[];
  notices: DisciplineNotice[];
  bulletins: Bulletin[];
  audit: AuditLog[];
  visits: PetitionVisit[];
  calls: PhoneCall[];
  incidentReports: DutyIncidentReport[];
  informationItems: InformationItem[];
  adoptions: InformationAdoption[];
  researchReports: ResearchReport[];
  researchProblems: ResearchProblem[];
  suggestions: SupervisionSuggestion[];
  inspections: SupervisionInspection[];
  receptions: OfficeReception[];
  briefs: OfficeBrief[];
  ledgers: OfficeLedger[];
  ledgerEntries: OfficeLedgerEntry[];
}

export async function readRows(db: DataSource): Promise<Rows> {
  return {
    matters: await db.getRepository(Matter).find(),
    deadlines: await db.getRepository(Deadline).find(),
    documents: await db.getRepository(Document).find(),
    steps: await db.getRepository(DocumentStep).find(),
    meetings: await db.getRepository(Meeting).find(),
    notices: await db.getRepository(DisciplineNotice).find(),
    bulletins: await db.getRepository(Bulletin).find(),
    audit: await db.getRepository(AuditLog).find(),
    visits: await db.getRepository(PetitionVisit).find(),
    calls: await db.getRepository(PhoneCall).find(),
    incidentReports: await db.getRepository(DutyIncidentReport).find(),
    informationItems: await db.getRepository(InformationItem).find(),
    adoptions: await db.getRepository(InformationAdoption).find(),
    researchReports: await db.getRepository(ResearchReport).find(),
    researchProblems: await db.getRepository(ResearchProblem).find(),
    suggestions: await db.getRepository(SupervisionSuggestion).find(),
    inspections: await db.getRepository(SupervisionInspection).find(),
    receptions: await db.getRepository(OfficeReception).find(),
    briefs: await db.getRepository(OfficeBrief).find(),
    ledgers: await db.getRepository(OfficeLedger).find(),
    ledgerEntries: await db.getRepository(OfficeLedgerEntry).find(),
  };
}

export type Scope = { unit?: string; type?: string };
export type Period = { from: string; to: string };

/** What each count figure counts (ids) and each rate / average comes to, by the written definitions. */
export function expected(rows: Rows, p: Period, scope: Scope, now: Date) {
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
  // Limits by their own receipt and unit (those of their document), the purpose telling the kind.
  const withdrawn = new Set(rows.documents.filter((d) => d.status === 'withdrawn').map((d) => d.id));
  const purposes: Record<string, string[]> = { incoming: ['submit', 'complete'], outgoing: ['sign'] };
  const limits = rows.deadlines.filter(
    (l) =>
      l.subjectType === 'document' &&
      within(l.receivedAt, p) &&
      !withdrawn.has(l.subjectId) &&
      (scope.unit === undefined || l.departmentId === scope.unit) &&
      (scope.type === undefined || (purposes[scope.type] ?? []).includes(l.purpose)),
  );
  const overdueLimits = limits.filter((l) => l.status === 'open' && l.dueAt.getTime() <= now.getTime());
  values.set('documents.overdueOpen', overdueLimits.length);
  ids.set(
    'documents.overdueOpen',
    overdueLimits.map((l) => l.subjectId).sort((a, b) => a - b),
  );
  for (const purpose of ['submit', 'complete', 'sign']) {
    // A limit closed by a refusal or a withdrawal (no verdict) counts in neither figure.
    const closed = limits.filter((l) => l.purpose === purpose && l.status === 'closed' && l.metOnTime !== null);
    values.set(
      `documents.${purpose}.onTimeRate`,
      rate(closed.filter((l) => l.metOnTime === true).length, closed.length),
    );
    values.set(`documents.${purpose}.workdays`, mean(closed.map((l) => workdays(l.receivedAt, l.closedAt as Date))));
  }
  // Steps by the day they were finished and their assignee's unit.
  const stages: Record<string, string[]> = {
    incoming: ['propose', 'instruct', 'handle'],
    outgoing: ['review', 'sign', 'issue'],
  };
  for (const stage of ['propose', 'instruct', 'handle', 'review', 'sign', 'issue']) {
    const assessed = rows.steps.filter(
      (s) =>
        within(s.finishedAt, p) &&
        (scope.unit === undefined || s.departmentId === scope.unit) &&
        (scope.type === undefined || (stages[scope.type] ?? []).includes(stage)) &&
        s.stage === stage &&
        s.status === 'done' &&
        s.onTime !== null,
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
  // 精简会议 compares the government's meetings: the office's own 党建 and study meetings are left out.
  const internal = [
    'branch_assembly',
    'branch_committee',
    'party_cell',
    'party_lecture',
    'theme_party_day',
    'group_study',
    'secretary_study',
  ];
  count(
    'annual.meetings',
    meetings.filter((m) => !internal.includes(m.type)),
  );
  for (const type of MEETING_TYPES) {
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

/** A count of records the office may not keep in Duban at all: none in the year is 无记录 (null), not 0. */
const recorded = (of: unknown[]) => (of.length ? String(of.length) : null);
/** A civil date (`YYYY-MM-DD`, Shanghai) in the period. */
const onDay = (d: string | null, p: Period) => d !== null && d >= p.from && d <= p.to;

/** 政务信息: reports upward and adoptions of the year, each item counted once where the definition says 篇. */
function informationSlots(rows: Rows, p: Period): Record<string, string | null> {
  const commissioned = new Set(rows.matters.filter((m) => m.source === 'commissioned_article').map((m) => m.id));
  const answers = (i: InformationItem) => i.matterId !== null && commissioned.has(i.matterId);
  const reported = rows.informationItems.filter((i) => i.status === 'reported' && within(i.reportedAt, p));
  const ofYear = rows.adoptions.filter((a) => within(a.adoptedAt, p));
  const items = (list: InformationAdoption[]) => [...new Set(list.map((a) => a.itemId))];
  const adoptedEver = new Set(rows.adoptions.map((a) => a.itemId));
  const commissionedReported = reported.filter(answers);
  return {
    infoReported: recorded(reported),
    infoAdopted: recorded(items(ofYear)),
    infoAdoptedByCity: recorded(ofYear.filter((a) => a.level === 'city')),
    infoAdoptedWhole: recorded(items(ofYear.filter((a) => a.form === 'whole'))),
    commissionedReported: recorded(commissionedReported),
    // Of the 约稿 reported in the year, those adopted at any time: never more adopted than reported.
    commissionedAdopted: recorded(commissionedReported.filter((i) => adoptedEver.has(i.id))),
  };
}

/** 调研 and 督查: final reports of the year and their problems; suggestions and inspections by their day. */
function researchSlots(rows: Rows, p: Period): Record<string, string | null> {
  const reports = new Set(
    rows.researchReports.filter((r) => r.status === 'final' && within(r.finishedAt, p)).map((r) => r.id),
  );
  const problems = rows.researchProblems.filter((x) => reports.has(x.reportId));
  return {
    researchReports: recorded([...reports]),
    researchProblems: recorded(problems),
    researchToMatters: recorded(problems.filter((x) => x.matterId !== null)),
    suggestions: recorded(rows.suggestions.filter((x) => within(x.madeAt, p))),
    inspections: recorded(rows.inspections.filter((x) => within(x.at, p))),
  };
}

/** The registers and the ledgers' entries of the year, each entry read under its ledger's kind. */
function ledgerSlots(rows: Rows, p: Period): Record<string, string | null> {
  const upper = rows.receptions.filter(
    (r) => onDay(r.receivedOn, p) && (r.level === 'provincial' || r.level === 'city'),
  );
  const kindOf = new Map(rows.ledgers.map((l) => [l.id, l.kind]));
  const entries = (kind: string, category: string) =>
    rows.ledgerEntries.filter(
      (e) => kindOf.get(e.ledgerId) === kind && e.category === category && onDay(e.enteredOn, p),
    );
  // 万元 from exact 0.01 万元, to two places; no entry is 无记录.
  const money = (list: OfficeLedgerEntry[]) => {
    if (!list.length) return null;
    const centi = list.reduce((sum, e) => sum + (e.amountCentiWan ?? 0), 0);
    return String(Math.round((centi / 100) * 100) / 100);
  };
  const problems = entries('campaign', 'problem');
  return {
    receptions: recorded(upper),
    receptionsResearch: recorded(upper.filter((r) => r.kind === 'research')),
    briefs: recorded(rows.briefs.filter((b) => onDay(b.issuedOn, p))),
    practicalDeeds: recorded(entries('campaign', 'practical_deed')),
    problemLists: recorded(entries('campaign', 'problem_list')),
    problemsFound: recorded(problems),
    problemsRectified: recorded(problems.filter((e) => Boolean(e.rectified))),
    pairingVisits: recorded(entries('pairing', 'home_visit')),
    pairingFunds: money(entries('pairing', 'raised_funds')),
    housingFunds: money(entries('pairing', 'project_funds')),
    civicFunds: money(entries('civic', 'civic_funds')),
    civicActivities: recorded(entries('civic', 'civic_activity')),
  };
}

/** The year-end figures as the summary prints them, by their definitions. */
export function expectedAnnual(rows: Rows, year: number, now: Date): Record<string, string | null> {
  const p = { from: `${year}-01-01`, to: `${year}-12-31` };
  const mine = expected(rows, p, {}, now);
  const docs = rows.documents.filter((d) => within(d.receivedAt, p) && d.status !== 'withdrawn');
  const docIds = new Map(docs.map((d) => [d.id, d]));
  const closedLimits = (purpose: string, electronic: boolean) =>
    rows.deadlines.filter(
      (l) =>
        l.subjectType === 'document' &&
        l.purpose === purpose &&
        l.status === 'closed' &&
        l.metOnTime !== null &&
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
  const visits = rows.visits.filter((v) => within(v.visitedAt, p));
  const calls = rows.calls.filter((c) => within(c.calledAt, p));
  const reportsUp = rows.incidentReports.filter((r) => within(r.reportedAt, p));
  // A year without any such record says 无记录 (null), not 0.
  const recordedSum = (n: number, of: unknown[]) => (of.length ? String(n) : null);
  const turned = new Set(rows.visits.map((v) => v.matterId).filter((id) => id !== null));
  const held = (...types: string[]) => {
    const list = rows.meetings.filter(
      (m) =>
        within(m.startsAt, p) &&
        (m.status === 'notified' || m.status === 'held') &&
        m.startsAt.getTime() <= now.getTime() &&
        types.includes(m.type),
    );
    return recorded(list);
  };
  return {
    ...informationSlots(rows, p),
    ...researchSlots(rows, p),
    ...ledgerSlots(rows, p),
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
    coordinationHeld: held('coordination', 'scheduling') ?? '0',
    groupStudy: held('group_study'),
    secretaryStudy: held('secretary_study'),
    branchAssembly: held('branch_assembly'),
    themePartyDay: held('theme_party_day'),
    branchCommittee: held('branch_committee'),
    partyCell: held('party_cell'),
    partyLecture: held('party_lecture'),
    keyWork: String(ofSource('key_work').length),
    urges: String(rows.audit.filter((a) => a.action === 'matter.urged' && within(a.at, p)).length),
    bulletins: String(rows.bulletins.filter((b) => within(b.publishedAt, p)).length),
    npc: String(ofSource('npc_suggestion').length),
    cppcc: String(ofSource('cppcc_proposal').length),
    replyRate: pct(rate(replied.length, deputy.length)),
    satisfactionRate: pct(
      rate(withOpinion.filter((m) => m.satisfaction !== 'dissatisfied').length, withOpinion.length),
    ),
    petitionVisits: recorded(visits),
    petitioners: recordedSum(
      visits.reduce((sum, v) => sum + v.petitioners, 0),
      visits,
    ),
    petitions: String(ofSource('petition').filter((m) => !turned.has(m.id)).length),
    phoneCalls: recorded(calls),
    emergencyReports: recorded(reportsUp),
    netizen: String(ofSource('netizen_message').filter((m) => DONE.includes(m.status)).length),
  };
}
