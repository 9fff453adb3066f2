import type { EntityManager } from 'typeorm';
import { Department, Document, DocumentStep } from '../../entities';
import { parseInstant } from '../calendar';
import { DingTalkApiError } from '../dingtalk/errors';
import { MISSING_PREFIX } from './events';
import { type FormComponent, readForm } from './form';
import {
  createdOrLockedDocument,
  departmentOfUser,
  existingLockedDocument,
  lockedDocument,
  type SettleContext,
  settleDocument,
  taskStep,
  templateBeforeLock,
  toMinute,
} from './settle';
import { activeTemplate } from './templates';

/**
 * An approval instance as `GET /v1.0/workflow/processInstances` returns it (docs/dingtalk.md §7.1), reduced to what
 * documents read. The SDK's result type fits it; the demo seed builds one by hand.
 */
export interface InstanceSnapshot {
  title?: string;
  status?: string;
  result?: string;
  businessId?: string;
  originatorUserId?: string;
  originatorDeptId?: string;
  createTime?: string;
  finishTime?: string;
  formComponentValues?: FormComponent[];
  operationRecords?: Array<{
    userId?: string;
    date?: string;
    type?: string;
    result?: string;
    remark?: string;
    activityId?: string;
    showName?: string;
  }>;
  tasks?: Array<{
    taskId?: number;
    userId?: string;
    status?: string;
    result?: string;
    createTime?: string;
    finishTime?: string;
    pcUrl?: string;
    mobileUrl?: string;
    activityId?: string;
  }>;
}

type SnapshotTask = NonNullable<InstanceSnapshot['tasks']>[number];

/** `2022-08-31T11:52Z` (the workflow API's UTC minutes) → Date; undefined when absent or unreadable. */
export function workflowInstant(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  try {
    return toMinute(parseInstant(value));
  } catch {
    return undefined;
  }
}

const minDate = (a: Date, b: Date | undefined) => (b && b.getTime() < a.getTime() ? b : a);

/** A task's state in the instance → the step's (docs/dingtalk.md §7.1, tasks[].status / result). */
function stepStateOf(task: SnapshotTask): Pick<DocumentStep, 'status' | 'result'> | null {
  const status = (task.status ?? '').toUpperCase();
  const result = (task.result ?? '').toUpperCase();
  if (status === 'COMPLETED') {
    if (result === 'REDIRECTED') return { status: 'redirected', result: null };
    return { status: 'done', result: result === 'AGREE' ? 'agree' : result === 'REFUSE' ? 'refuse' : null };
  }
  if (status === 'CANCELED' || status === 'TERMINATED') return { status: 'canceled', result: null };
  return null;
}

/** What changed between two looks at a document, to count repairs. */
async function fingerprint(manager: EntityManager, documentId: number): Promise<string> {
  const doc = await manager.getRepository(Document).findOneByOrFail({ id: documentId });
  const steps = await manager.getRepository(DocumentStep).find({ where: { documentId }, order: { id: 'ASC' } });
  return JSON.stringify([
    doc.status,
    doc.result,
    doc.closedAt?.getTime() ?? null,
    steps.map((s) => [s.taskId, s.status, s.result, s.finishedAt?.getTime() ?? null, s.activityId, s.stage]),
  ]);
}

export interface ApplyResult {
  documentId: number | null;
  created: boolean;
  /** The read changed the document's or a step's state: something an event had not told. */
  changed: boolean;
}

/**
 * Makes a document agree with the instance as DingTalk has it now: creates what is missing (the document, steps
 * of tasks whose events never came), closes what ended, fills node ids and names, reads the form, then settles.
 * Never undoes what events said; the times of events win (the instance's are the same minutes anyway).
 * `processCode` is needed only to create a document (the instance does not carry it).
 */
export async function applySnapshot(
  manager: EntityManager,
  ctx: SettleContext,
  input: { processInstanceId: string; processCode?: string; snapshot: InstanceSnapshot; fetchStartedAt: Date },
): Promise<ApplyResult> {
  const { processInstanceId, snapshot } = input;
  const now = ctx.now();
  let doc = await existingLockedDocument(manager, processInstanceId);
  let created = false;
  if (!doc) {
    const template = await templateBeforeLock(manager, input.processCode);
    if (!template) return { documentId: null, created: false, changed: false };
    const originator = snapshot.originatorUserId ?? null;
    ({ doc, created } = await createdOrLockedDocument(manager, {
      kind: template.kind,
      origin: 'dingtalk',
      processInstanceId,
      processCode: template.processCode,
      businessId: snapshot.businessId?.slice(0, 64) ?? null,
      title: (snapshot.title ?? `${template.name} ${processInstanceId}`).slice(0, 300),
      urgency: 'normal',
      status: 'open',
      receivedAt: workflowInstant(snapshot.createTime) ?? toMinute(now),
      originatorUserId: originator,
      departmentId: await departmentOfUser(manager, originator, false),
      syncAttempts: 0,
    }));
  }
  const before = created ? '' : await fingerprint(manager, doc.id);
  const template = doc.processCode ? await activeTemplate(manager, doc.processCode) : null;

  const form = readForm(snapshot.formComponentValues ?? [], doc.kind, template?.formFields);
  const changes: Partial<Document> = {
    formValues: form.values,
    title: form.title ?? (doc.formLoadedAt ? doc.title : (snapshot.title?.slice(0, 300) ?? doc.title)),
    docNumber: form.docNumber ?? doc.docNumber,
    issuingOrg: form.issuingOrg ?? doc.issuingOrg,
    securityLevel: form.securityLevel ?? doc.securityLevel,
    // The limits were computed from the urgency first read; a later edit of the form does not move them.
    urgency: doc.formLoadedAt ? doc.urgency : form.urgency,
    formLoadedAt: doc.formLoadedAt ?? now,
    receivedAt: minDate(doc.receivedAt, workflowInstant(snapshot.createTime)),
    syncError: null,
    syncAttempts: 0,
    lastSyncedAt: now,
    // An event that asked for another read while this one was under way keeps its request.
    syncDueAt: doc.syncDueAt && doc.syncDueAt.getTime() > input.fetchStartedAt.getTime() ? doc.syncDueAt : null,
  };
  if (!doc.businessId && snapshot.businessId) changes.businessId = snapshot.businessId.slice(0, 64);
  if (!doc.originatorUserId && snapshot.originatorUserId) changes.originatorUserId = snapshot.originatorUserId;
  const deptId = snapshot.originatorDeptId;
  if (deptId && deptId !== '-1' && (await manager.getRepository(Department).existsBy({ id: deptId }))) {
    changes.departmentId = deptId;
  } else if (!doc.departmentId) {
    changes.departmentId = await departmentOfUser(manager, changes.originatorUserId ?? doc.originatorUserId);
  }
  const firstTaskUrl = snapshot.tasks?.find((t) => t.pcUrl ?? t.mobileUrl);
  if (!doc.url && firstTaskUrl) changes.url = firstTaskUrl.pcUrl ?? firstTaskUrl.mobileUrl ?? null;
  const status = (snapshot.status ?? '').toUpperCase();
  const endedAt = workflowInstant(snapshot.finishTime) ?? toMinute(now);
  if (status === 'COMPLETED' && !doc.result) {
    const result = (snapshot.result ?? '').toLowerCase();
    if (result === 'agree' || result === 'refuse') changes.result = result;
  }
  const refused = (changes.result ?? doc.result) === 'refuse'; // ended, not 办结, whether the event or a read said so
  if (doc.status === 'open' && status === 'COMPLETED') {
    changes.status = refused ? 'refused' : 'completed';
    changes.closedAt = endedAt;
  } else if (doc.status === 'completed' && refused) {
    changes.status = 'refused';
  } else if (doc.status === 'open' && status === 'TERMINATED') {
    changes.status = 'withdrawn';
    changes.closedAt = endedAt;
  }
  await manager.update(Document, { id: doc.id }, changes);

  const records = snapshot.operationRecords ?? [];
  const repo = manager.getRepository(DocumentStep);
  for (const task of snapshot.tasks ?? []) {
    if (task.taskId === undefined || task.taskId === null) continue;
    const taskId = String(task.taskId);
    const nodeName = records.find((r) => r.activityId && r.activityId === task.activityId && r.showName)?.showName;
    const step = await taskStep(
      manager,
      doc.id,
      taskId,
      task.userId ?? null,
      workflowInstant(task.createTime) ?? toMinute(now),
    );
    if (!step) continue;
    const stepChanges: Partial<DocumentStep> = {};
    if (!step.activityId && task.activityId) stepChanges.activityId = task.activityId.slice(0, 64);
    if (!step.nodeName && nodeName) stepChanges.nodeName = nodeName.slice(0, 100);
    const url = task.pcUrl ?? task.mobileUrl;
    if (!step.url && url) stepChanges.url = url;
    const startedAt = minDate(step.startedAt, workflowInstant(task.createTime));
    if (startedAt !== step.startedAt) stepChanges.startedAt = startedAt;
    const state = stepStateOf(task);
    if (state) {
      if (step.status === 'open') Object.assign(stepChanges, state);
      if (!step.finishedAt) stepChanges.finishedAt = workflowInstant(task.finishTime) ?? endedAt;
      if (!step.comment && state.status === 'done') {
        const record = [...records]
          .reverse()
          .find((r) => r.userId === task.userId && r.activityId === task.activityId && r.remark);
        if (record?.remark) stepChanges.comment = record.remark;
      }
    }
    if (Object.keys(stepChanges).length > 0) await repo.update({ id: step.id }, stepChanges);
  }

  await settleDocument(manager, ctx, doc.id);
  const after = created ? '' : await fingerprint(manager, doc.id);
  return { documentId: doc.id, created, changed: before !== after };
}

/** Whether DingTalk answered that the instance does not exist (simulator: `aflowProcessInstNotExist`). */
export function isNotFound(err: unknown): boolean {
  return err instanceof DingTalkApiError && /notexist|not_?found/i.test(String(err.errcode ?? ''));
}

const MAX_SYNC_ATTEMPTS = 8;

/** Records a failed read: retried with backoff (10 s · 2ⁿ, at most 30 min, 8 times), or never for a missing one. */
export async function recordSyncFailure(
  manager: EntityManager,
  ctx: SettleContext,
  processInstanceId: string,
  err: unknown,
): Promise<void> {
  const doc = await lockedDocument(manager, { processInstanceId });
  if (!doc) return;
  const now = ctx.now();
  const attempts = doc.syncAttempts + 1;
  if (isNotFound(err)) {
    await manager.update(
      Document,
      { id: doc.id },
      { syncError: `${MISSING_PREFIX}（可能已被删除）`, syncDueAt: null, syncAttempts: attempts, lastSyncedAt: now },
    );
  } else {
    const retry = attempts < MAX_SYNC_ATTEMPTS;
    const delay = Math.min(30 * 60_000, 10_000 * 2 ** (attempts - 1));
    const message = err instanceof Error ? err.message : String(err);
    await manager.update(
      Document,
      { id: doc.id },
      {
        syncError: `暂时无法连接钉钉（${message}）`.slice(0, 500),
        syncDueAt: retry ? new Date(now.getTime() + delay) : null,
        syncAttempts: attempts,
      },
    );
  }
  await settleDocument(manager, ctx, doc.id);
}
