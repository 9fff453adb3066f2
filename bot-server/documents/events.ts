import type { EntityManager } from 'typeorm';
import { Document, DocumentStep, type DocumentTemplate } from '../../entities';
import type { InboxProcessor, StoredEvent } from '../events/inbox-processor';
import { aflowUrl } from './links';
import { recordProblem } from './problems';
import {
  createdOrLockedDocument,
  departmentOfUser,
  existingLockedDocument,
  type SettleContext,
  settleDocument,
  taskStep,
  templateBeforeLock,
  toMinute,
} from './settle';

/**
 * Approval events → documents and steps. The rules (README.md has them with their reasons):
 *
 * - Documents are keyed by processInstanceId, steps by taskId (unique indexes). Every handler is an upsert that
 *   only moves forward: `start` never reopens what a `finish`/`cancel`/`terminate` closed, so a duplicate or a
 *   late event changes nothing, and a finish that arrives before its start creates the row already finished.
 * - An event for an instance Duban does not know, of a configured template, creates the document as a placeholder
 *   from what the event says; the form, node names and anything missed come from reading the instance from
 *   DingTalk afterwards (the sync, outside this transaction: no HTTP while the transaction holds the database).
 * - An event of a template nobody configured (leave requests, expense claims…) or without an instance id is not a
 *   document: it is counted in `document_problem` for the administrator and the event is done — never an error
 *   that would retry and park it.
 * - Instants are kept to the minute, as the workflow API gives them, so events and reads agree exactly.
 */
export interface DocumentEventDependencies {
  /** The deadline service and the clock documents run on (the server's DocumentService gives both). */
  documents: () => SettleContext;
  /** Called after an event left a document that needs reading from DingTalk (the server wakes its sync loop). */
  documentsTouched?: () => void;
}

type Data = Record<string, unknown>;

/** A non-empty string field (numbers, such as DingTalk's task ids, as their decimal text). */
export function text(data: Data, name: string): string | undefined {
  const value = data[name];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** An epoch-milliseconds field (a number, or digits as text), to the minute. */
export function instant(data: Data, name: string): Date | undefined {
  const value = data[name];
  const ms =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d{10,16}$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(ms) && ms > 0 ? toMinute(new Date(ms)) : undefined;
}

const earlier = (a: Date, b: Date | undefined) => (b && b.getTime() < a.getTime() ? b : a);

/** An approval event applied in the inbox's transaction; resolves to whether DingTalk should be read. */
type ApprovalHandler = (manager: EntityManager, ctx: SettleContext, event: StoredEvent) => Promise<boolean>;

export function registerDocumentHandlers(processor: InboxProcessor, deps: DocumentEventDependencies): void {
  const handlers: [string, ApprovalHandler][] = [
    ['bpms_instance_change', handleInstanceEvent],
    ['bpms_task_change', handleTaskEvent],
  ];
  for (const [type, handle] of handlers) {
    processor.on(type, async (event, manager) => {
      if (await handle(manager, deps.documents(), event)) deps.documentsTouched?.();
    });
  }
}

/** The document of an event, created as a placeholder if new; null (and a recorded problem) if not a document. */
async function documentFor(
  manager: EntityManager,
  ctx: SettleContext,
  event: StoredEvent,
  processInstanceId: string,
  fromTask: boolean,
): Promise<Document | null> {
  const found = await existingLockedDocument(manager, processInstanceId);
  if (found) return found;
  const processCode = text(event.data, 'processCode');
  const template = await templateBeforeLock(manager, processCode);
  if (!template) {
    await recordUnknownProcess(manager, event, processCode, processInstanceId);
    return null;
  }
  const values = placeholder(ctx, event, template, processInstanceId, fromTask);
  if (!fromTask) {
    const originator = text(event.data, 'staffId') ?? null;
    Object.assign(values, {
      originatorUserId: originator,
      departmentId: await departmentOfUser(manager, originator, false),
    });
  }
  return (await createdOrLockedDocument(manager, values)).doc;
}

function placeholder(
  ctx: SettleContext,
  event: StoredEvent,
  template: DocumentTemplate,
  processInstanceId: string,
  fromTask: boolean,
) {
  const data = event.data;
  return {
    kind: template.kind,
    origin: 'dingtalk' as const,
    processInstanceId,
    processCode: template.processCode,
    businessId: text(data, 'businessId')?.slice(0, 64) ?? null,
    title: (text(data, 'title') ?? `${template.name} ${processInstanceId}`).slice(0, 300),
    urgency: 'normal' as const,
    status: 'open' as const,
    // A task's start stands in for the receipt until the instance itself says when it began.
    receivedAt: instant(data, 'createTime') ?? toMinute(event.bornAt),
    url: fromTask
      ? aflowUrl(event.corpId, processInstanceId)
      : (text(data, 'url') ?? aflowUrl(event.corpId, processInstanceId)),
    syncDueAt: ctx.now(),
    syncAttempts: 0,
  };
}

async function recordUnknownProcess(
  manager: EntityManager,
  event: StoredEvent,
  processCode: string | undefined,
  processInstanceId: string,
): Promise<void> {
  const title = text(event.data, 'title');
  await recordProblem(manager, {
    kind: 'unknown_process',
    key: processCode ?? '(none)',
    processCode: processCode ?? null,
    processInstanceId,
    eventId: event.eventId,
    message: processCode
      ? `审批模板 ${processCode}${title ? `（如「${title}」）` : ''} 未配置为收文或发文，其审批事件未计入公文`
      : `审批事件缺少模板编码 processCode${title ? `（「${title}」）` : ''}，未计入公文`,
    at: new Date(),
  });
}

async function recordBadEvent(manager: EntityManager, event: StoredEvent, message: string): Promise<false> {
  await recordProblem(manager, {
    kind: 'bad_event',
    key: event.eventId,
    processCode: text(event.data, 'processCode') ?? null,
    processInstanceId: text(event.data, 'processInstanceId') ?? null,
    eventId: event.eventId,
    message,
    at: new Date(),
  });
  return false;
}

/**
 * `bpms_instance_change` (docs/dingtalk.md §2.2): `start` → the document; `finish` → 办结 with the result; `terminate`
 * (the originator revoked it; also the unconfirmed `delete`) → withdrawn. Returns whether DingTalk should be read.
 */
export const handleInstanceEvent: ApprovalHandler = async (manager, ctx, event) => {
  const data = event.data;
  const processInstanceId = text(data, 'processInstanceId');
  if (!processInstanceId) return recordBadEvent(manager, event, '审批实例事件缺少 processInstanceId，已忽略');
  const type = text(data, 'type');
  if (type !== 'start' && type !== 'finish' && type !== 'terminate' && type !== 'delete') {
    return recordBadEvent(manager, event, `审批实例事件类型「${type ?? '（空）'}」无法识别，已忽略`);
  }
  const doc = await documentFor(manager, ctx, event, processInstanceId, false);
  if (!doc) return false;

  const changes: Partial<Document> = {};
  const createdAt = instant(data, 'createTime');
  const receivedAt = earlier(doc.receivedAt, createdAt);
  if (receivedAt !== doc.receivedAt) changes.receivedAt = receivedAt;
  const url = text(data, 'url');
  if (url && doc.url !== url) changes.url = url;
  if (!doc.businessId && text(data, 'businessId')) changes.businessId = text(data, 'businessId')?.slice(0, 64) ?? null;
  if (!doc.originatorUserId && text(data, 'staffId')) {
    changes.originatorUserId = text(data, 'staffId') ?? null;
    changes.departmentId = doc.departmentId ?? (await departmentOfUser(manager, changes.originatorUserId ?? null));
  }
  if (!doc.formLoadedAt && text(data, 'title')) changes.title = (text(data, 'title') as string).slice(0, 300);

  const endedAt = instant(data, 'finishTime') ?? toMinute(event.bornAt);
  if (type === 'finish' && doc.status !== 'withdrawn') {
    const result = text(data, 'result');
    changes.result = result === 'agree' || result === 'refuse' ? result : (doc.result ?? null);
    changes.status = changes.result === 'refuse' ? 'refused' : 'completed';
    if (!doc.closedAt || doc.status === 'open') changes.closedAt = endedAt;
  } else if ((type === 'terminate' || type === 'delete') && doc.status === 'open') {
    changes.status = 'withdrawn';
    changes.closedAt = endedAt;
  }
  // Read the instance for its form while it has not been read, and once more at the end (a missed task event).
  const readAgain = !doc.formLoadedAt || (type !== 'start' && doc.status === 'open');
  if (readAgain && !doc.syncDueAt && !isMissing(doc)) changes.syncDueAt = ctx.now();
  if (Object.keys(changes).length > 0) await manager.update(Document, { id: doc.id }, changes);
  await settleDocument(manager, ctx, doc.id);
  return changes.syncDueAt !== undefined || doc.syncDueAt !== null;
};

/** DingTalk said the instance does not exist: reading it again is pointless until reconciliation says otherwise. */
export const isMissing = (doc: Pick<Document, 'syncError'>) => doc.syncError?.startsWith(MISSING_PREFIX) ?? false;
export const MISSING_PREFIX = '钉钉中查无此审批实例';

/**
 * `bpms_task_change` (docs/dingtalk.md §2.3): `start` → a step with its assignee (`staffId`); `finish` with `agree` /
 * `refuse` → done with the result and comment (`remark`); `finish`/`redirect` → redirected (转交); `cancel` (或签:
 * someone else acted first, or the instance ended) → canceled. The step's node, hence its stage and deadline,
 * comes from reading the instance.
 */
export const handleTaskEvent: ApprovalHandler = async (manager, ctx, event) => {
  const data = event.data;
  const processInstanceId = text(data, 'processInstanceId');
  const taskId = text(data, 'taskId');
  if (!processInstanceId || !taskId) {
    return recordBadEvent(manager, event, '审批任务事件缺少 processInstanceId 或 taskId，已忽略');
  }
  const type = text(data, 'type');
  const result = text(data, 'result');
  if (type !== 'start' && type !== 'finish' && type !== 'cancel') {
    return recordBadEvent(manager, event, `审批任务事件类型「${type ?? '（空）'}」无法识别，已忽略`);
  }
  if (type === 'finish' && result !== 'agree' && result !== 'refuse' && result !== 'redirect') {
    return recordBadEvent(manager, event, `审批任务 ${taskId} 的办理结果「${result ?? '（空）'}」无法识别，已忽略`);
  }
  const doc = await documentFor(manager, ctx, event, processInstanceId, true);
  if (!doc) return false;

  const startedAt = instant(data, 'createTime') ?? toMinute(event.bornAt);
  const step = await taskStep(manager, doc.id, taskId, text(data, 'staffId') ?? null, startedAt);
  if (!step) return recordBadEvent(manager, event, `审批任务 ${taskId} 已属于另一审批实例，本事件已忽略`);
  const changes: Partial<DocumentStep> = {};
  const earliestStart = earlier(step.startedAt, startedAt);
  if (earliestStart !== step.startedAt) changes.startedAt = earliestStart;
  const finishedAt = instant(data, 'finishTime') ?? toMinute(event.bornAt);
  if (type === 'finish' || type === 'cancel') {
    changes.status = type === 'cancel' ? 'canceled' : result === 'redirect' ? 'redirected' : 'done';
    changes.result = result === 'agree' || result === 'refuse' ? result : null;
    changes.finishedAt = finishedAt;
    const remark = text(data, 'remark');
    if (remark) changes.comment = remark;
  }
  if (Object.keys(changes).length > 0) await manager.update(DocumentStep, { id: step.id }, changes);

  const needsRead = !step.activityId || !doc.formLoadedAt;
  if (needsRead && !doc.syncDueAt && !isMissing(doc)) {
    await manager.update(Document, { id: doc.id }, { syncDueAt: ctx.now() });
  }
  await settleDocument(manager, ctx, doc.id);
  return needsRead;
};
