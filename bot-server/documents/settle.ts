import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Deadline, Document, type DocumentStage, DocumentStep, DocumentTemplate, User } from '../../entities';
import { isMysql } from '../../entities/data-source';
import { lockedRow } from '../db/lock';
import type { DeadlineService } from '../deadlines/deadline-service';
import { componentsOf, readForm } from './form';
import { NODE_STAGES_OF_KIND, stageOfNode, stepRuleCode, URGENCY_RULE_VARIANT } from './stages';

/** What converging a document needs: the deadline service, and the moment a missing close time stands for. */
export interface SettleContext {
  deadlines: DeadlineService;
  now: () => Date;
}

/** DingTalk's workflow API gives instants to the minute; events give milliseconds. Duban keeps minutes. */
export function toMinute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

/** The document with this instance id, locked for the transaction on MariaDB (SQLite transactions are exclusive). */
export async function lockedDocument(
  manager: EntityManager,
  where: FindOptionsWhere<Document>,
): Promise<Document | null> {
  return lockedRow(manager, Document, where);
}

/**
 * Before a transaction has locked its document, it must not read plainly on MariaDB: its first plain read fixes its
 * snapshot, and a document another transaction creates while this one waits for it would then be locked but
 * invisible to the reads after. So whether the document exists is asked outside the transaction, and what creating
 * it needs is read with shared locks, which read the latest rows. (SQLite transactions are exclusive: plain reads.)
 */
const beforeLock = (manager: EntityManager) =>
  isMysql(manager.connection) ? { lock: { mode: 'pessimistic_read' as const } } : {};

/** The active template of `processCode`, read before the document is locked (see beforeLock). */
export function templateBeforeLock(
  manager: EntityManager,
  processCode: string | null | undefined,
): Promise<DocumentTemplate | null> {
  if (!processCode) return Promise.resolve(null);
  return manager
    .getRepository(DocumentTemplate)
    .findOne({ where: { processCode, active: true }, ...beforeLock(manager) });
}

/**
 * The document of an approval instance, locked, if there is one. Never a locking read of a key not there yet: on
 * MariaDB that takes a gap lock, and two transactions creating the same document then deadlock on their inserts.
 */
export async function existingLockedDocument(
  manager: EntityManager,
  processInstanceId: string,
): Promise<Document | null> {
  const outside = isMysql(manager.connection) ? manager.connection.manager : manager;
  if (!(await outside.existsBy(Document, { processInstanceId }))) return null;
  return lockedDocument(manager, { processInstanceId });
}

/**
 * The document of an approval instance, created from `values` unless it is there, then locked; `created` says
 * whether this call made it. `ON DUPLICATE KEY UPDATE` waits for an exclusive lock on a row another transaction is
 * creating (`INSERT IGNORE` would take a shared one, which two waiters both upgrade: a deadlock again).
 */
export async function createdOrLockedDocument(
  manager: EntityManager,
  values: QueryDeepPartialEntity<Document> & { processInstanceId: string },
): Promise<{ doc: Document; created: boolean }> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('a document is created inside a transaction');
  const mysql = isMysql(manager.connection);
  const insert = manager.createQueryBuilder().insert().into(Document).values(values);
  const [sql, params] = (
    mysql ? insert.orUpdate(['process_instance_id'], ['process_instance_id']) : insert.orIgnore()
  ).getQueryAndParameters();
  const result = await runner.query(sql, params, true);
  // MariaDB counts a duplicate as affected (mysql2 asks for found rows) but gives it no insert id.
  const created = mysql ? Number((result.raw as { insertId?: number }).insertId ?? 0) > 0 : result.affected === 1;
  const doc = await lockedDocument(manager, { processInstanceId: values.processInstanceId });
  if (!doc) throw new Error(`document of ${values.processInstanceId} vanished`);
  return { doc, created };
}

/**
 * A user's unit (primary department), for a step's or a document's `departmentId`; read as beforeLock says while the
 * document is not locked yet.
 */
export async function departmentOfUser(
  manager: EntityManager,
  userId: string | null,
  documentLocked = true,
): Promise<string | null> {
  if (!userId) return null;
  const user = await manager.getRepository(User).findOne({
    where: { id: userId },
    select: { primaryDepartmentId: true },
    ...(documentLocked ? {} : beforeLock(manager)),
  });
  return user?.primaryDepartmentId ?? null;
}

/**
 * The step of a DingTalk task, created open (in its assignee's unit) the first time the task is seen; null when the
 * task already belongs to another document.
 */
export async function taskStep(
  manager: EntityManager,
  documentId: number,
  taskId: string,
  assignee: string | null,
  startedAt: Date,
): Promise<DocumentStep | null> {
  const repo = manager.getRepository(DocumentStep);
  const step = await repo.findOneBy({ taskId });
  if (step) return step.documentId === documentId ? step : null;
  await repo.insert({
    documentId,
    taskId,
    assigneeUserId: assignee,
    departmentId: await departmentOfUser(manager, assignee),
    status: 'open',
    startedAt,
  });
  return repo.findOneByOrFail({ taskId });
}

/** The document-level limits of each kind: purpose → rule code for an urgency. */
export function documentLimits(doc: Pick<Document, 'kind' | 'urgency'>): { purpose: string; ruleCode: string }[] {
  const variant = Object.hasOwn(URGENCY_RULE_VARIANT, doc.urgency) ? URGENCY_RULE_VARIANT[doc.urgency] : 'routine';
  return doc.kind === 'incoming'
    ? [
        { purpose: 'submit', ruleCode: `doc.incoming.submit.${variant}` },
        { purpose: 'complete', ruleCode: 'doc.incoming.complete' },
      ]
    : [{ purpose: 'sign', ruleCode: `doc.outgoing.sign.${variant}` }];
}

function hasRule(deadlines: DeadlineService, code: string): boolean {
  try {
    deadlines.rule(code);
    return true;
  } catch {
    return false;
  }
}

function earliest(dates: (Date | null)[]): Date | null {
  const times = dates.filter((d): d is Date => d !== null).map((d) => d.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

/**
 * When a document-level limit closes, and whether it was met: 拟办呈送 when a 拟办 step is done (not refused),
 * 签发 when a 签发 step agreed, 办结 when the document is 办结. A document that ended otherwise (refused,
 * withdrawn) closes what is still open unassessed: neither on time nor late.
 */
function closingOf(purpose: string, doc: Document, steps: DocumentStep[]): { at: Date; assessed: boolean } | null {
  const reached = (stage: DocumentStage) =>
    earliest(
      steps.filter((s) => s.stage === stage && s.status === 'done' && s.result !== 'refuse').map((s) => s.finishedAt),
    );
  const met = purpose === 'submit' ? reached('propose') : purpose === 'sign' ? reached('sign') : null;
  if (met) return { at: met, assessed: true };
  if (doc.status === 'open' || !doc.closedAt) return null;
  return { at: doc.closedAt, assessed: doc.status === 'completed' };
}

/**
 * Brings everything derived about one document in line with what is known of it: stages of steps from the
 * template, the step deadlines (created once a step's stage is known, closed once the step is), the document
 * deadlines (created once the form — hence the urgency — is known, closed when their stage is reached), and the
 * list of problems. Idempotent: it only adds what is missing and closes what is due, so it can run after every
 * event and every read from DingTalk, in any order, and always ends in the same state.
 */
export async function settleDocument(manager: EntityManager, ctx: SettleContext, documentId: number): Promise<void> {
  const doc = await manager.getRepository(Document).findOneByOrFail({ id: documentId });
  const template = doc.processCode
    ? await manager.getRepository(DocumentTemplate).findOneBy({ processCode: doc.processCode })
    : null;
  const steps = await manager.getRepository(DocumentStep).find({
    where: { documentId },
    order: { startedAt: 'ASC', id: 'ASC' },
  });
  const urgent = doc.urgency !== 'normal';
  // Fields a changed form mapping can now read (the urgency stays what the limits were computed from).
  if (template && doc.formValues) {
    const read = readForm(componentsOf(doc.formValues), doc.kind, template.formFields);
    const fill = {
      ...(doc.docNumber === null && read.docNumber !== null ? { docNumber: read.docNumber } : {}),
      ...(doc.issuingOrg === null && read.issuingOrg !== null ? { issuingOrg: read.issuingOrg } : {}),
      ...(doc.securityLevel === null && read.securityLevel !== null ? { securityLevel: read.securityLevel } : {}),
    };
    if (Object.keys(fill).length > 0) {
      await manager.update(Document, { id: doc.id }, fill);
      Object.assign(doc, fill);
    }
  }
  const nodeStages = NODE_STAGES_OF_KIND[doc.kind] ?? [];

  // Stages of approval nodes: the template maps an activity id (or a node name) to a stage.
  if (template && template.kind === doc.kind) {
    for (const step of steps) {
      if (step.stage || (!step.activityId && !step.nodeName)) continue;
      const stage = stageOfNode(template.stageMap, step.activityId || null, step.nodeName || null);
      if (stage && nodeStages.includes(stage)) {
        step.stage = stage;
        await manager.update(DocumentStep, { id: step.id }, { stage });
      }
    }
  }

  // Step deadlines.
  for (const step of steps) {
    if (step.stage && step.deadlineId === null && hasRule(ctx.deadlines, stepRuleCode(step.stage))) {
      const row = await ctx.deadlines.create(manager, {
        subjectType: 'document_step',
        subjectId: step.id,
        purpose: step.stage,
        ruleCode: stepRuleCode(step.stage as DocumentStage),
        receivedAt: step.startedAt,
        assigneeUserId: step.assigneeUserId,
        departmentId: step.departmentId,
        urgent,
      });
      step.deadlineId = row.id;
      await manager.update(DocumentStep, { id: step.id }, { deadlineId: row.id });
    }
    if (step.deadlineId !== null && step.status !== 'open' && step.onTime === null) {
      // Only work done counts for on time: refused, redirected (转交) and canceled (或签) steps have their own outcome.
      const assessed = step.status === 'done' && step.result !== 'refuse';
      const closed = await ctx.deadlines.close(manager, step.deadlineId, step.finishedAt ?? ctx.now(), assessed);
      if (closed.metOnTime !== null) {
        step.onTime = closed.metOnTime;
        await manager.update(DocumentStep, { id: step.id }, { onTime: closed.metOnTime });
      }
    }
  }

  // Document deadlines, once the urgency is known.
  if (doc.formLoadedAt) {
    const existing = await manager.getRepository(Deadline).find({
      where: { subjectType: 'document', subjectId: doc.id },
    });
    for (const limit of documentLimits(doc)) {
      let row = existing.find((d) => d.purpose === limit.purpose);
      if (!row) {
        row = await ctx.deadlines.create(manager, {
          subjectType: 'document',
          subjectId: doc.id,
          purpose: limit.purpose,
          ruleCode: limit.ruleCode,
          receivedAt: doc.receivedAt,
          assigneeUserId: doc.originatorUserId,
          departmentId: doc.departmentId,
          urgent,
        });
      }
      const closing = row.status === 'open' ? closingOf(limit.purpose, doc, steps) : null;
      if (closing) await ctx.deadlines.close(manager, row.id, closing.at, closing.assessed);
    }
  }

  const problems = problemsOf(doc, template, steps);
  if (JSON.stringify(problems) !== JSON.stringify(doc.problems ?? [])) {
    await manager.update(Document, { id: doc.id }, { problems: problems.length ? problems : null });
  }
}

/** What a person should look at, in Chinese; recomputed from the facts each time, so fixed problems disappear. */
function problemsOf(doc: Document, template: DocumentTemplate | null, steps: DocumentStep[]): string[] {
  const problems: string[] = [];
  if (doc.origin === 'dingtalk') {
    if (!template) problems.push(`审批模板 ${doc.processCode ?? '（未知）'} 尚未配置，无法确定各办理环节`);
    else if (template.kind !== doc.kind) problems.push(`审批模板「${template.name}」的公文类别已改变，请核对`);
    if (doc.syncError) problems.push(`无法从钉钉读取审批详情：${doc.syncError}`);
    if (template && doc.formValues) {
      problems.push(...readForm(componentsOf(doc.formValues), doc.kind, template.formFields).problems);
    }
    for (const step of steps) {
      if (!step.stage && (step.activityId || step.nodeName)) {
        problems.push(`审批节点「${step.nodeName ?? step.activityId}」未对应办理环节，未设时限`);
      }
    }
  }
  return [...new Set(problems)];
}

/**
 * Settles the documents of a template that a changed node map or form mapping can affect: the open ones and those
 * with problems (a node that had no stage gets one, and its step deadline, even after the fact).
 */
export async function settleDocumentsOf(
  manager: EntityManager,
  ctx: SettleContext,
  processCode: string,
): Promise<number> {
  const docs = await manager
    .getRepository(Document)
    .createQueryBuilder('d')
    .select('d.id', 'id')
    .where('d.processCode = :processCode', { processCode })
    .andWhere("(d.status = 'open' OR d.problems IS NOT NULL)")
    .getRawMany<{ id: number }>();
  for (const doc of docs) await settleDocument(manager, ctx, Number(doc.id));
  return docs.length;
}
