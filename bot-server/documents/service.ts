import { type DataSource, In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import type { z } from 'zod';
import { Document, DocumentProblem, DocumentStep, DocumentTemplate } from '../../entities';
import { audit } from '../audit/audit';
import { sqlInstant } from '../db/sql-instant';
import type { DeadlineService } from '../deadlines/deadline-service';
import { DingTalkApiError } from '../dingtalk/errors';
import type { OpenApiClient } from '../dingtalk/openapi-client';
import type { Logger } from '../logging/logger';
import { WakeRequests } from '../scheduler/wake-requests';
import { checkPeriod } from '../timelimits';
import { type DocumentScope, scopeOf, type Viewer } from './access';
import { conflict, DocumentError, forbiddenDoc, invalid, notFoundDoc } from './errors';
import {
  assignPaperStep,
  closePaperDocument,
  completePaperStep,
  type NextStep,
  type PaperRegistration,
  registerPaper,
} from './paper';
import { documentDetail, type ListFilter, linkOf, listDocuments, loadVisible, myOpenSteps } from './queries';
import type { SettleContext } from './settle';
import { applySnapshot, recordSyncFailure } from './sync';
import { checkTemplate, listTemplates, saveTemplate, type templateBody } from './templates';

/** The workflow calls documents make (docs/dingtalk.md §7); the OpenAPI client in production, a fake nowhere. */
export type WorkflowApi = Pick<OpenApiClient, 'getProcessInstance' | 'listProcessInstanceIds' | 'executeTask'>;

/**
 * How often the server's loop runs `runDue` when nobody woke it: reading instances from DingTalk when an event asks
 * for it, and reconciliation when it is due.
 */
export const DOCUMENT_POLL_MS = 5_000;

export interface DocumentServiceOptions {
  now?: () => Date;
  /** Instances read from DingTalk per run of the sync loop. Default 20. */
  syncBatch?: number;
  /** How often reconciliation runs. Default hourly. */
  reconcileEveryMs?: number;
  /** The first reconciliation after start. Default 1 minute (a restart catches up soon, tests are left alone). */
  reconcileFirstAfterMs?: number;
  /** An open document not read for this long is read again by reconciliation. Default 24 h. */
  staleAfterMs?: number;
  /** How far back reconciliation lists instances (by creation). Default 120 days. */
  lookbackDays?: number;
}

export interface ReconcileReport {
  templates: number;
  listed: number;
  read: number;
  created: number;
  repaired: number;
  failed: number;
  errors: string[];
}

const emptyReport = (): ReconcileReport => ({
  templates: 0,
  listed: 0,
  read: 0,
  created: 0,
  repaired: 0,
  failed: 0,
  errors: [],
});

/**
 * 公文: approval events become documents and steps, each with its deadline (the handlers in events.ts); a sync
 * reads instances from DingTalk for what events do not carry (the form, node ids) and reconciliation repairs what
 * missed events left behind; the mini-app's queries, paper documents, approving from the mini-app, and who may
 * read the figures (counted in reports/).
 */
export class DocumentService {
  private now: () => Date;
  private readonly syncRequests = new WakeRequests();
  private nextReconcileAt: number;
  /** Templates saved since the last run: their instances are read at once, not at the next hourly reconciliation. */
  private readonly templatesToAdopt = new Set<string>();
  private readonly options: Required<Omit<DocumentServiceOptions, 'now'>>;

  constructor(
    private readonly db: DataSource,
    readonly deadlines: DeadlineService,
    private readonly workflow: WorkflowApi,
    private readonly logger: Logger,
    options: DocumentServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.options = {
      syncBatch: options.syncBatch ?? 20,
      reconcileEveryMs: options.reconcileEveryMs ?? 3600_000,
      reconcileFirstAfterMs: options.reconcileFirstAfterMs ?? 60_000,
      staleAfterMs: options.staleAfterMs ?? 24 * 3600_000,
      lookbackDays: options.lookbackDays ?? 120,
    };
    this.nextReconcileAt = this.now().getTime() + this.options.reconcileFirstAfterMs;
  }

  /**
   * Pins Duban's notion of now for documents (or with null, the real clock again): for tests whose simulated
   * DingTalk runs on its own clock, so that reconciliation's window and "today" agree with it.
   */
  pinClock(clock: (() => Date) | null): void {
    this.now = clock ?? (() => new Date());
    // A pinned clock jumps by days: reconciliation then runs only when asked for.
    this.nextReconcileAt = clock ? Number.POSITIVE_INFINITY : this.now().getTime() + this.options.reconcileFirstAfterMs;
  }

  context(): SettleContext {
    return { deadlines: this.deadlines, now: this.now };
  }

  // ---- reading DingTalk ----

  /** Lets the server's loop be woken when an event left something to read. */
  onSyncRequested(wake: () => void): void {
    this.syncRequests.on(wake);
  }

  /** Wakes the sync loop soon (see WakeRequests). */
  requestSync(): void {
    this.syncRequests.request();
  }

  /** One run of the loop: reconciliation when it is due, then the documents waiting to be read. */
  async runDue(): Promise<number> {
    await this.adoptSavedTemplates();
    const now = this.now().getTime();
    if (now >= this.nextReconcileAt) {
      this.nextReconcileAt = now + this.options.reconcileEveryMs;
      try {
        const report = await this.reconcile();
        if (report.created + report.repaired + report.failed > 0 || report.errors.length > 0) {
          this.logger.info(report, 'documents reconciled with DingTalk');
        }
      } catch (err) {
        this.logger.error({ err }, 'document reconciliation failed; next run as scheduled');
      }
    }
    return this.syncDue();
  }

  /** Reads the instances of documents whose `sync_due_at` has come. Returns how many it read. */
  async syncDue(limit = this.options.syncBatch): Promise<number> {
    const due = await this.db.getRepository(Document).find({
      where: { syncDueAt: LessThanOrEqual(sqlInstant(this.db, this.now()) as Date), processInstanceId: Not(IsNull()) },
      order: { syncDueAt: 'ASC', id: 'ASC' },
      take: limit,
      select: { id: true, processInstanceId: true },
    });
    for (const doc of due) await this.syncInstance(doc.processInstanceId as string);
    return due.length;
  }

  /**
   * Reads one instance from DingTalk (outside any transaction) and applies it (in one). `processCode` lets a
   * document be created for an instance Duban never heard of (reconciliation).
   */
  async syncInstance(
    processInstanceId: string,
    processCode?: string,
  ): Promise<'created' | 'repaired' | 'unchanged' | 'failed' | 'skipped'> {
    const fetchStartedAt = this.now();
    let snapshot: Awaited<ReturnType<WorkflowApi['getProcessInstance']>>;
    try {
      snapshot = await this.workflow.getProcessInstance(processInstanceId);
    } catch (err) {
      this.logger.warn({ processInstanceId, err: (err as Error).message }, 'could not read an approval instance');
      await this.db.transaction((manager) => recordSyncFailure(manager, this.context(), processInstanceId, err));
      return 'failed';
    }
    const result = await this.db.transaction((manager) =>
      applySnapshot(manager, this.context(), { processInstanceId, processCode, snapshot, fetchStartedAt }),
    );
    if (result.documentId === null) return 'skipped';
    return result.created ? 'created' : result.changed ? 'repaired' : 'unchanged';
  }

  /**
   * Asks DingTalk for the instances of every active template (`POST /v1.0/workflow/processes/instanceIds/query`,
   * running and finished, created within the look-back window) and reads (`GET /v1.0/workflow/processInstances`)
   * those that need it: instances Duban does not know (their start event was missed), open documents whose
   * instance has ended, open documents DingTalk no longer lists, and open documents not read for a day — or every
   * open one with `full`. DingTalk keeps failed pushes for 7 days only; this is what makes a longer gap harmless.
   */
  async reconcile(options: { full?: boolean } = {}): Promise<ReconcileReport> {
    const report = emptyReport();
    const templates = await this.db.getRepository(DocumentTemplate).findBy({ active: true });
    for (const template of templates) await this.reconcileTemplate(template.processCode, report, options);
    return report;
  }

  /** Reconciliation of one template (see `reconcile`), adding to `report`. */
  private async reconcileTemplate(processCode: string, report: ReconcileReport, options: { full?: boolean }) {
    const now = this.now();
    const windowStart = now.getTime() - this.options.lookbackDays * 86_400_000;
    report.templates++;
    let running: Set<string>;
    let finished: Set<string>;
    try {
      running = await this.listAll(processCode, ['RUNNING'], windowStart, now.getTime());
      finished = await this.listAll(processCode, ['COMPLETED', 'TERMINATED'], windowStart, now.getTime());
    } catch (err) {
      report.errors.push(`${processCode}: ${(err as Error).message}`);
      return;
    }
    report.listed += running.size + finished.size;
    const listed = [...running, ...finished];
    const known = new Set<string>();
    for (let i = 0; i < listed.length; i += 500) {
      const rows = await this.db.getRepository(Document).find({
        where: { processInstanceId: In(listed.slice(i, i + 500)) },
        select: { id: true, processInstanceId: true },
      });
      for (const row of rows) if (row.processInstanceId) known.add(row.processInstanceId);
    }
    const toRead = new Set(listed.filter((id) => !known.has(id)));
    const open = await this.db.getRepository(Document).find({
      where: { processCode, status: 'open', origin: 'dingtalk' },
      select: { id: true, processInstanceId: true, receivedAt: true, lastSyncedAt: true, syncError: true },
    });
    for (const doc of open) {
      const id = doc.processInstanceId;
      if (!id) continue;
      const stale = !doc.lastSyncedAt || now.getTime() - doc.lastSyncedAt.getTime() >= this.options.staleAfterMs;
      const unlisted = !running.has(id) && !finished.has(id) && doc.receivedAt.getTime() >= windowStart;
      if (finished.has(id) || options.full || stale || (unlisted && !doc.syncError)) toRead.add(id);
    }
    for (const id of toRead) {
      report.read++;
      const outcome = await this.syncInstance(id, processCode);
      if (outcome === 'created') report.created++;
      else if (outcome === 'repaired') report.repaired++;
      else if (outcome === 'failed') report.failed++;
    }
  }

  /**
   * The approvals of templates saved since the last run, started before they were mapped (recorded as problems) or
   * never pushed: read from DingTalk now and made documents, as reconciliation would within the hour. The problems
   * their events left are cleared once their instance is a document.
   */
  private async adoptSavedTemplates(): Promise<void> {
    for (const processCode of [...this.templatesToAdopt]) {
      this.templatesToAdopt.delete(processCode);
      const template = await this.db.getRepository(DocumentTemplate).findOneBy({ processCode, active: true });
      if (!template) continue;
      const report = emptyReport();
      await this.reconcileTemplate(processCode, report, {});
      const adopted = await this.db
        .getRepository(DocumentProblem)
        .createQueryBuilder()
        .delete()
        .where("kind = 'unknown_process' AND process_code = :processCode", { processCode })
        .andWhere('process_instance_id IN (SELECT process_instance_id FROM document WHERE process_code = :processCode)')
        .execute();
      this.logger.info(
        { ...report, problemsCleared: adopted.affected ?? 0 },
        'approvals of a newly saved template taken in',
      );
    }
  }

  private async listAll(processCode: string, statuses: string[], startTime: number, endTime: number) {
    const ids = new Set<string>();
    let nextToken: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const result = await this.workflow.listProcessInstanceIds({
        processCode,
        startTime,
        endTime,
        statuses,
        maxResults: 20,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      for (const id of result.list) ids.add(id);
      nextToken = result.nextToken;
      if (!nextToken) break;
    }
    return ids;
  }

  // ---- for the mini-app ----

  scope(viewer: Viewer): Promise<DocumentScope> {
    return scopeOf(this.db.manager, viewer);
  }

  async mySteps(viewer: Viewer, now = this.now()) {
    return myOpenSteps(this.db.manager, this.deadlines, viewer.id, now);
  }

  async list(viewer: Viewer, filter: ListFilter, now = this.now()) {
    // Either bound alone is checked as a period of one day.
    const from = filter.from ?? filter.to;
    const to = filter.to ?? filter.from;
    if (from && to) checkPeriod(from, to, now, '查询期间');
    const scope = await this.scope(viewer);
    // canRegister: whether the page offers 收文登记.
    return {
      ...(await listDocuments(this.db.manager, this.deadlines, scope, filter, now)),
      canRegister: scope.canRegister,
    };
  }

  async detail(viewer: Viewer, documentId: number, now = this.now()) {
    return documentDetail(this.db.manager, this.deadlines, await this.scope(viewer), documentId, now);
  }

  async link(viewer: Viewer, documentId: number) {
    const { doc, steps } = await loadVisible(this.db.manager, await this.scope(viewer), documentId);
    const mine = steps.find((s) => s.status === 'open' && s.assigneeUserId === viewer.id);
    const link = linkOf(mine?.url ?? doc.url);
    if (!link) throw notFoundDoc(doc.origin === 'paper' ? '纸质公文没有钉钉审批' : '暂无该审批的钉钉链接');
    return link;
  }

  private async requireAll(viewer: Viewer): Promise<DocumentScope> {
    const scope = await this.scope(viewer);
    if (!scope.all) throw forbiddenDoc('仅办公室、督查室、领导可查看');
    return scope;
  }

  /**
   * Whether the viewer may read the documents' figures of [from, to] (those who see all documents, a plausible
   * period); throws if not. The figures themselves are counted by the reports area (reports/document-figures.ts).
   */
  async checkFigures(viewer: Viewer, from: string, to: string): Promise<void> {
    await this.requireAll(viewer);
    if (from > to) throw invalid('invalid_range', '起始日期不能晚于结束日期');
    checkPeriod(from, to, this.now(), '统计期间');
  }

  /** Events that became no document, and documents with problems. */
  async problems(viewer: Viewer) {
    await this.requireAll(viewer);
    const events = await this.db.getRepository(DocumentProblem).find({ order: { lastSeenAt: 'DESC' }, take: 200 });
    const documents = await this.db.getRepository(Document).find({
      where: { problems: Not(IsNull()) },
      order: { receivedAt: 'DESC' },
      take: 200,
      select: {
        id: true,
        kind: true,
        title: true,
        processInstanceId: true,
        processCode: true,
        problems: true,
        status: true,
      },
    });
    return { events, documents };
  }

  async templates(viewer: Viewer) {
    await this.requireAll(viewer);
    return listTemplates(this.db.manager);
  }

  async saveTemplate(viewer: Viewer, processCode: string, body: z.infer<typeof templateBody>) {
    if (!(await this.scope(viewer)).admin) throw forbiddenDoc('仅管理员可配置审批模板');
    const definition = checkTemplate(processCode, body);
    const saved = await this.db.transaction((manager) =>
      saveTemplate(manager, this.context(), viewer.id, processCode, definition),
    );
    if (saved.template.active) {
      this.templatesToAdopt.add(processCode);
      this.requestSync();
    }
    return saved;
  }

  async registerPaper(viewer: Viewer, input: PaperRegistration, at = this.now()) {
    const scope = await this.scope(viewer);
    if (!scope.canRegister) throw forbiddenDoc('仅办公室工作人员可登记纸质来文');
    return this.db.transaction((manager) =>
      registerPaper(manager, this.context(), { id: viewer.id, departmentId: viewer.primaryDepartmentId }, input, at),
    );
  }

  async assignStep(viewer: Viewer, documentId: number, input: NextStep, at = this.now()) {
    const scope = await this.scope(viewer);
    if (!scope.canRegister) throw forbiddenDoc('仅办公室工作人员可分送公文');
    await loadVisible(this.db.manager, scope, documentId);
    return this.db.transaction((manager) => assignPaperStep(manager, this.context(), viewer.id, documentId, input, at));
  }

  /** The viewer's own paper step done and sent on (to `next`, or back to the registrar); returns the next step. */
  async completeStep(
    viewer: Viewer,
    stepId: number,
    input: { comment?: string | null; next?: NextStep | null },
    at = this.now(),
  ) {
    const scope = await this.scope(viewer);
    const step = await this.db.getRepository(DocumentStep).findOneBy({ id: stepId });
    if (!step) throw notFoundDoc('未找到该办理环节');
    await loadVisible(this.db.manager, scope, step.documentId);
    if (step.assigneeUserId !== viewer.id) throw forbiddenDoc('只有该环节的办理人可以办理');
    return this.db.transaction((manager) => completePaperStep(manager, this.context(), viewer.id, stepId, input, at));
  }

  async closeDocument(viewer: Viewer, documentId: number, input: { comment?: string | null }, at = this.now()) {
    const scope = await this.scope(viewer);
    if (!scope.canRegister) throw forbiddenDoc('仅办公室工作人员可办结公文');
    await loadVisible(this.db.manager, scope, documentId);
    await this.db.transaction((manager) =>
      closePaperDocument(manager, this.context(), viewer.id, documentId, input, at),
    );
  }

  /**
   * Approves or refuses the viewer's own open task in DingTalk (`POST /v1.0/workflow/processInstances/execute`).
   * Nothing changes here: DingTalk's `bpms_task_change` for the task updates the step, as for an approval made
   * in DingTalk itself. The request is audited.
   */
  async executeStep(viewer: Viewer, stepId: number, input: { result: 'agree' | 'refuse'; comment?: string | null }) {
    const scope = await this.scope(viewer);
    const step = await this.db.getRepository(DocumentStep).findOneBy({ id: stepId });
    if (!step) throw notFoundDoc('未找到该办理环节');
    const { doc } = await loadVisible(this.db.manager, scope, step.documentId);
    if (doc.origin !== 'dingtalk' || !doc.processInstanceId) {
      throw invalid('not_dingtalk', '纸质公文无需钉钉审批，请使用「办理完毕」');
    }
    if (step.assigneeUserId !== viewer.id) throw forbiddenDoc('只有该环节的办理人可以审批');
    if (step.status !== 'open' || doc.status !== 'open') throw conflict('step_closed', '该环节已办理');
    if (!/^\d{1,18}$/.test(step.taskId ?? '')) throw invalid('invalid_task', '该环节没有可办理的钉钉审批任务');
    try {
      await this.workflow.executeTask({
        processInstanceId: doc.processInstanceId,
        taskId: Number(step.taskId),
        actionerUserId: viewer.id,
        result: input.result,
        ...(input.comment ? { remark: input.comment } : {}),
      });
    } catch (err) {
      if (err instanceof DingTalkApiError && !err.retryable && err.code === 'api_error') {
        throw conflict('task_not_executable', '钉钉中该审批任务已处理或已结束，无法办理');
      }
      this.logger.warn({ stepId, err: (err as Error).message }, 'executing an approval task failed');
      throw new DocumentError('unavailable', 'dingtalk_unavailable', '暂时无法连接钉钉，请稍后再试');
    }
    await this.db.transaction((manager) =>
      audit(manager, {
        actor: viewer.id,
        action: 'document.task.executed',
        subjectType: 'document_step',
        subjectId: step.id,
        after: { result: input.result, comment: input.comment ?? null, taskId: step.taskId },
      }),
    );
    return { accepted: true, stepId: step.id, result: input.result };
  }
}
