import { Brackets, type EntityManager, In, type SelectQueryBuilder } from 'typeorm';
import {
  Deadline,
  Department,
  Document,
  type DocumentKind,
  DocumentStep,
  DocumentTemplate,
  User,
} from '../../entities';
import { formatISODate, parseISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import type { DeadlineService } from '../deadlines/deadline-service';
import { timingOf } from '../deadlines/timing';
import { canSee, type DocumentScope } from './access';
import { notFoundDoc } from './errors';
import { dingtalkPageLink } from './links';
import { KIND_LABELS, STAGE_LABELS, URGENCY_LABELS } from './stages';

export const STATUS_LABELS: Record<Document['status'], string> = {
  open: '在办',
  completed: '办结',
  refused: '退回（未通过）',
  withdrawn: '撤回',
};

/**
 * How a closed deadline ended. Only work done is on time or late; a refusal (拒绝), a withdrawal (撤回), a step
 * handed on (转交) or canceled (或签) has its own outcome and counts in no on-time rate (reports/document-figures.ts).
 */
export type Outcome = 'on_time' | 'late' | 'refused' | 'withdrawn' | 'redirected' | 'canceled';
export const OUTCOME_LABELS: Record<Outcome, string> = {
  on_time: '按时完成',
  late: '逾期完成',
  refused: '不同意（退回）',
  withdrawn: '已撤回',
  redirected: '已转交',
  canceled: '已取消',
};

function limitOutcome(row: Deadline, doc: Document): Outcome | null {
  if (row.status !== 'closed') return null;
  if (row.metOnTime !== null) return row.metOnTime ? 'on_time' : 'late';
  return doc.status === 'withdrawn' ? 'withdrawn' : 'refused';
}

function stepOutcome(step: DocumentStep): Outcome | null {
  if (step.status === 'open') return null;
  if (step.status === 'redirected' || step.status === 'canceled') return step.status;
  if (step.result === 'refuse') return 'refused';
  return step.onTime === null ? null : step.onTime ? 'on_time' : 'late';
}

const labelled = (outcome: Outcome | null) => ({ outcome, outcomeLabel: outcome ? OUTCOME_LABELS[outcome] : null });

/** The step whose own limit ends where a document-level one does: 拟办 for 拟办呈送, 签发 for 签发. */
const LIMIT_OF_STAGE: Partial<Record<string, string>> = { propose: 'submit', sign: 'sign' };

export const STEP_STATUS_LABELS: Record<DocumentStep['status'], string> = {
  open: '办理中',
  done: '已办理',
  canceled: '已取消',
  redirected: '已转交',
};

export const LIMIT_LABELS: Record<string, string> = { submit: '拟办呈送', complete: '办结', sign: '签发' };

/**
 * Steps in the order they happened: by start, then by DingTalk's task id (tasks of one node start in the same
 * minute and get increasing ids), then by row.
 */
export function stepOrder(a: DocumentStep, b: DocumentStep): number {
  const taskA = a.taskId ?? '';
  const taskB = b.taskId ?? '';
  return (
    a.startedAt.getTime() - b.startedAt.getTime() ||
    taskA.length - taskB.length ||
    (taskA < taskB ? -1 : taskA > taskB ? 1 : 0) ||
    a.id - b.id
  );
}

function deadlineView(deadlines: DeadlineService, row: Deadline, now: Date) {
  return {
    id: row.id,
    purpose: row.purpose,
    ruleCode: row.ruleCode,
    ruleName: row.ruleCode ? safeRuleName(deadlines, row.ruleCode) : null,
    receivedAt: row.receivedAt.toISOString(),
    status: row.status,
    closedAt: row.closedAt?.toISOString() ?? null,
    metOnTime: row.metOnTime,
    originalDueDate: row.originalDueDate,
    ...(row.status === 'open'
      ? timingOf(deadlines, row, now)
      : {
          dueDate: row.dueDate,
          dueAt: row.dueAt.toISOString(),
          overdue: false,
          remainingWorkdays: null,
          overdueWorkdays: null,
        }),
  };
}

function safeRuleName(deadlines: DeadlineService, code: string): string | null {
  try {
    return deadlines.rule(code).name;
  } catch {
    return null;
  }
}

async function userNames(manager: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const users = await manager.getRepository(User).find({ where: { id: In(wanted) }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

async function departmentNames(manager: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await manager.getRepository(Department).find({ where: { id: In(wanted) } });
  return new Map(rows.map((d) => [d.id, d.name]));
}

function documentSummary(doc: Document) {
  return {
    id: doc.id,
    kind: doc.kind,
    kindLabel: KIND_LABELS[doc.kind],
    origin: doc.origin,
    title: doc.title,
    docNumber: doc.docNumber,
    issuingOrg: doc.issuingOrg,
    urgency: doc.urgency,
    urgencyLabel: URGENCY_LABELS[doc.urgency],
    securityLevel: doc.securityLevel,
    status: doc.status,
    statusLabel: STATUS_LABELS[doc.status],
    result: doc.result,
    departmentId: doc.departmentId,
    originatorUserId: doc.originatorUserId,
    processInstanceId: doc.processInstanceId,
    businessId: doc.businessId,
    receivedAt: doc.receivedAt.toISOString(),
    closedAt: doc.closedAt?.toISOString() ?? null,
    problems: doc.problems ?? [],
  };
}

/** The DingTalk link of a document or step: DingTalk's own URL, and the same wrapped to open inside the client. */
export function linkOf(url: string | null): { url: string; dingtalkUrl: string } | null {
  return url ? { url, dingtalkUrl: dingtalkPageLink(url) } : null;
}

// ---- my open steps ----

export async function myOpenSteps(manager: EntityManager, deadlines: DeadlineService, userId: string, now: Date) {
  const steps = await manager.getRepository(DocumentStep).find({
    where: { assigneeUserId: userId, status: 'open' },
    order: { startedAt: 'ASC', id: 'ASC' },
  });
  const docs = steps.length
    ? await manager.getRepository(Document).findBy({ id: In([...new Set(steps.map((s) => s.documentId))]) })
    : [];
  const byId = new Map(docs.map((d) => [d.id, d]));
  const deadlineIds = steps.map((s) => s.deadlineId).filter((id): id is number => id !== null);
  const rows = deadlineIds.length ? await manager.getRepository(Deadline).findBy({ id: In(deadlineIds) }) : [];
  const deadlineById = new Map(rows.map((r) => [r.id, r]));
  const items = steps.flatMap((step) => {
    const doc = byId.get(step.documentId);
    if (doc?.status !== 'open') return [];
    const deadline = step.deadlineId !== null ? deadlineById.get(step.deadlineId) : undefined;
    return [
      {
        stepId: step.id,
        stage: step.stage,
        stageLabel: step.stage ? STAGE_LABELS[step.stage] : (step.nodeName ?? '审批'),
        nodeName: step.nodeName,
        startedAt: step.startedAt.toISOString(),
        document: documentSummary(doc),
        deadline: deadline ? deadlineView(deadlines, deadline, now) : null,
        link: linkOf(step.url ?? doc.url),
        canExecute: doc.origin === 'dingtalk' && /^\d+$/.test(step.taskId ?? ''),
        canComplete: doc.origin === 'paper',
      },
    ];
  });
  // Overdue first, then by due instant; steps without a limit last.
  items.sort(
    (a, b) =>
      (a.deadline ? Date.parse(a.deadline.dueAt) : Number.MAX_SAFE_INTEGER) -
      (b.deadline ? Date.parse(b.deadline.dueAt) : Number.MAX_SAFE_INTEGER),
  );
  return items;
}

// ---- the list ----

export interface ListFilter {
  kind?: DocumentKind;
  status?: Document['status'];
  overdue?: boolean;
  unit?: string;
  /** Received on or after / on or before these Shanghai dates. */
  from?: string;
  to?: string;
  q?: string;
  page: number;
  pageSize: number;
}

/** Open deadlines past due, of the document or one of its steps (alias `d` is the document). */
const OVERDUE_SQL =
  'EXISTS (SELECT 1 FROM deadline od WHERE od.status = :openStatus AND od.due_at < :now AND (' +
  "(od.subject_type = 'document' AND od.subject_id = d.id) OR " +
  "(od.subject_type = 'document_step' AND od.subject_id IN (SELECT os.id FROM document_step os WHERE os.document_id = d.id))))";

function visibleTo(qb: SelectQueryBuilder<Document>, scope: DocumentScope): void {
  if (scope.all) return;
  const units = scope.units.length ? scope.units : ['-'];
  qb.andWhere(
    new Brackets((w) => {
      w.where('d.departmentId IN (:...scopeUnits)', { scopeUnits: units })
        .orWhere('d.originatorUserId = :scopeUser', { scopeUser: scope.userId })
        .orWhere(
          'EXISTS (SELECT 1 FROM document_step vs WHERE vs.document_id = d.id AND ' +
            '(vs.assignee_user_id = :scopeUser OR vs.department_id IN (:...scopeUnits)))',
        );
    }),
  );
}

export async function listDocuments(
  manager: EntityManager,
  deadlines: DeadlineService,
  scope: DocumentScope,
  filter: ListFilter,
  now: Date,
) {
  const db = manager.connection;
  const qb = manager.getRepository(Document).createQueryBuilder('d');
  visibleTo(qb, scope);
  if (filter.kind) qb.andWhere('d.kind = :kind', { kind: filter.kind });
  if (filter.status) qb.andWhere('d.status = :status', { status: filter.status });
  if (filter.unit) {
    qb.andWhere(
      new Brackets((w) => {
        w.where('d.departmentId = :unit', { unit: filter.unit }).orWhere(
          'EXISTS (SELECT 1 FROM document_step us WHERE us.document_id = d.id AND us.department_id = :unit)',
        );
      }),
    );
  }
  if (filter.from) {
    qb.andWhere('d.receivedAt >= :from', { from: sqlInstant(db, shanghaiInstant(parseISODate(filter.from))) });
  }
  if (filter.to) {
    qb.andWhere('d.receivedAt < :to', { to: sqlInstant(db, shanghaiInstant(parseISODate(filter.to) + 1)) });
  }
  if (filter.q) {
    qb.andWhere(
      new Brackets((w) => {
        w.where('d.title LIKE :q', { q: `%${filter.q}%` }).orWhere('d.docNumber LIKE :q');
      }),
    );
  }
  if (filter.overdue !== undefined) {
    qb.andWhere(filter.overdue ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`, { openStatus: 'open', now: sqlInstant(db, now) });
  }
  const [docs, total] = await qb
    .orderBy('d.receivedAt', 'DESC')
    .addOrderBy('d.id', 'DESC')
    .skip((filter.page - 1) * filter.pageSize)
    .take(filter.pageSize)
    .getManyAndCount();

  const ids = docs.map((d) => d.id);
  const steps = ids.length ? await manager.getRepository(DocumentStep).findBy({ documentId: In(ids) }) : [];
  const stepIds = steps.map((s) => s.id);
  const open = [
    ...(ids.length
      ? await manager.getRepository(Deadline).findBy({ subjectType: 'document', subjectId: In(ids), status: 'open' })
      : []),
    ...(stepIds.length
      ? await manager
          .getRepository(Deadline)
          .findBy({ subjectType: 'document_step', subjectId: In(stepIds), status: 'open' })
      : []),
  ];
  const names = await userNames(
    manager,
    steps.map((s) => s.assigneeUserId),
  );
  const items = docs.map((doc) => {
    const own = steps.filter((s) => s.documentId === doc.id);
    const ownStepIds = new Set(own.map((s) => s.id));
    const mine = open.filter(
      (d) =>
        (d.subjectType === 'document' && d.subjectId === doc.id) ||
        (d.subjectType === 'document_step' && ownStepIds.has(d.subjectId)),
    );
    const next = mine.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
    return {
      ...documentSummary(doc),
      currentSteps: own
        .filter((s) => s.status === 'open')
        .map((s) => ({
          stepId: s.id,
          stage: s.stage,
          stageLabel: s.stage ? STAGE_LABELS[s.stage] : (s.nodeName ?? '审批'),
          assigneeUserId: s.assigneeUserId,
          assigneeName: s.assigneeUserId ? (names.get(s.assigneeUserId) ?? s.assigneeUserId) : null,
        })),
      overdue: mine.some((d) => d.dueAt.getTime() < now.getTime()),
      nextDeadline: next ? deadlineView(deadlines, next, now) : null,
    };
  });
  return { total, page: filter.page, pageSize: filter.pageSize, items };
}

// ---- one document ----

export async function loadVisible(
  manager: EntityManager,
  scope: DocumentScope,
  documentId: number,
): Promise<{ doc: Document; steps: DocumentStep[] }> {
  const doc = await manager.getRepository(Document).findOneBy({ id: documentId });
  if (!doc) throw notFoundDoc();
  const steps = (await manager.getRepository(DocumentStep).find({ where: { documentId } })).sort(stepOrder);
  // Not visible answers the same as not there: the list of document ids is nobody's business.
  if (!canSee(scope, doc, steps)) throw notFoundDoc();
  return { doc, steps };
}

export async function documentDetail(
  manager: EntityManager,
  deadlines: DeadlineService,
  scope: DocumentScope,
  documentId: number,
  now: Date,
) {
  const { doc, steps } = await loadVisible(manager, scope, documentId);
  const template = doc.processCode
    ? await manager.getRepository(DocumentTemplate).findOneBy({ processCode: doc.processCode })
    : null;
  const limits = await manager
    .getRepository(Deadline)
    .find({ where: { subjectType: 'document', subjectId: doc.id }, order: { id: 'ASC' } });
  const stepDeadlineIds = steps.map((s) => s.deadlineId).filter((id): id is number => id !== null);
  const stepDeadlines = stepDeadlineIds.length
    ? await manager.getRepository(Deadline).findBy({ id: In(stepDeadlineIds) })
    : [];
  const byId = new Map(stepDeadlines.map((d) => [d.id, d]));
  const names = await userNames(manager, [doc.originatorUserId, ...steps.map((s) => s.assigneeUserId)]);
  const units = await departmentNames(manager, [doc.departmentId, ...steps.map((s) => s.departmentId)]);
  const calendar = deadlines.calendar();
  const workdays = (from: Date, to: Date) =>
    Math.max(0, calendar.workdaysBetween(formatISODate(shanghaiDayNumber(from)), formatISODate(shanghaiDayNumber(to))));

  const start = {
    type: 'start' as const,
    stage: doc.kind === 'incoming' ? ('register' as const) : ('draft' as const),
    stageLabel: doc.kind === 'incoming' ? STAGE_LABELS.register : STAGE_LABELS.draft,
    at: doc.receivedAt.toISOString(),
    userId: doc.originatorUserId,
    userName: doc.originatorUserId ? (names.get(doc.originatorUserId) ?? doc.originatorUserId) : null,
  };
  const stepEntries = steps.map((s) => {
    const deadline = s.deadlineId !== null ? byId.get(s.deadlineId) : undefined;
    return {
      type: 'step' as const,
      stepId: s.id,
      taskId: s.taskId,
      stage: s.stage,
      stageLabel: s.stage ? STAGE_LABELS[s.stage] : null,
      nodeName: s.nodeName,
      activityId: s.activityId,
      assigneeUserId: s.assigneeUserId,
      assigneeName: s.assigneeUserId ? (names.get(s.assigneeUserId) ?? s.assigneeUserId) : null,
      departmentId: s.departmentId,
      departmentName: s.departmentId ? (units.get(s.departmentId) ?? null) : null,
      status: s.status,
      statusLabel: STEP_STATUS_LABELS[s.status],
      result: s.result,
      comment: s.comment,
      startedAt: s.startedAt.toISOString(),
      finishedAt: s.finishedAt?.toISOString() ?? null,
      workdays: workdays(s.startedAt, s.finishedAt ?? now),
      onTime: s.onTime,
      ...labelled(stepOutcome(s)),
      deadline: deadline ? deadlineView(deadlines, deadline, now) : null,
      deadlineNote: deadline ? deadlineNote(deadlines, s, deadline, limits) : null,
      link: linkOf(s.url ?? doc.url),
      canExecute:
        doc.origin === 'dingtalk' &&
        s.status === 'open' &&
        s.assigneeUserId === scope.userId &&
        /^\d+$/.test(s.taskId ?? ''),
      canComplete: doc.origin === 'paper' && s.status === 'open' && s.assigneeUserId === scope.userId,
    };
  });
  const end =
    doc.status === 'open'
      ? null
      : {
          type: 'end' as const,
          stage: doc.status === 'completed' && doc.kind === 'incoming' ? ('close' as const) : null,
          stageLabel: doc.status === 'withdrawn' ? '撤回' : doc.result === 'refuse' ? '退回（未通过）' : '办结',
          at: doc.closedAt?.toISOString() ?? null,
        };
  return {
    document: {
      ...documentSummary(doc),
      departmentName: doc.departmentId ? (units.get(doc.departmentId) ?? null) : null,
      originatorName: start.userName,
      templateName: template?.name ?? null,
      formValues: doc.formValues,
      link: linkOf(doc.url),
      sync: { lastSyncedAt: doc.lastSyncedAt?.toISOString() ?? null, error: doc.syncError },
    },
    limits: limits.map((row) => ({
      ...deadlineView(deadlines, row, now),
      label: LIMIT_LABELS[row.purpose] ?? row.purpose,
      ...labelled(limitOutcome(row, doc)),
      workdays: workdays(row.receivedAt, row.closedAt ?? now),
    })),
    timeline: [start, ...stepEntries, ...(end ? [end] : [])],
    canRoute: doc.origin === 'paper' && doc.status === 'open' && scope.canRegister,
  };
}

/**
 * Why a step's limit and the document-level limit of its stage (拟办 and 拟办呈送, 签发 and 签发) fall on different
 * days: they are counted by different rules from different starts (docs/time-limits.md §4.7). Null when they agree.
 */
function deadlineNote(deadlines: DeadlineService, step: DocumentStep, own: Deadline, limits: Deadline[]) {
  const purpose = step.stage ? LIMIT_OF_STAGE[step.stage] : undefined;
  const limit = limits.find((l) => l.purpose === purpose);
  if (!step.stage || !purpose || !limit || limit.dueDate === own.dueDate) return null;
  const rule = (row: Deadline) => (row.ruleCode ? safeRuleName(deadlines, row.ruleCode) : null) ?? '规定时限';
  const start = limit.purpose === 'sign' ? '提交' : '收文';
  return (
    `本环节时限自送达本环节之日起按「${rule(own)}」计算；` +
    `文件「${LIMIT_LABELS[purpose]}」时限自${start}之日起按「${rule(limit)}」计算，故两者不同`
  );
}
