import type { EntityManager } from 'typeorm';
import { Document, type DocumentStage, DocumentStep, type JsonObject, type Urgency, User } from '../../entities';
import { audit } from '../audit/audit';
import { checkPastInstant } from '../timelimits';
import { conflict, invalid, notFoundDoc } from './errors';
import { departmentOfUser, type SettleContext, settleDocument, toMinute } from './settle';
import { NODE_STAGES_OF_KIND, STAGE_LABELS, URGENCY_LABELS } from './stages';

/**
 * Paper documents (纸质来文): registered by hand (收文登记) and routed stage by stage, with the same limits as those
 * that arrive through DingTalk. An open paper document always has a current handler: whoever finishes a step sends
 * it on to the next stage and person, or back to the registrar (a 登记 step: to send on, or 办结归档). Every change
 * is a person's, so every change is audited.
 */
export interface PaperRegistration {
  title: string;
  docNumber?: string | null;
  issuingOrg?: string | null;
  urgency: Urgency;
  securityLevel?: string | null;
  /** When it was received; default now. Not in the future. */
  receivedAt?: Date;
  /** Who proposes the handling (拟办); the 拟办 step opens at once when given, else the registrar holds it. */
  proposerUserId?: string | null;
}

/** Where a finished step sends the document: a stage (拟办 / 批办 / 承办) and a person. */
export interface NextStep {
  stage: DocumentStage;
  assigneeUserId: string;
}

function checkStage(stage: DocumentStage): void {
  if (!NODE_STAGES_OF_KIND.incoming.includes(stage)) {
    throw invalid(
      'invalid_stage',
      `环节应为${NODE_STAGES_OF_KIND.incoming.map((s) => STAGE_LABELS[s]).join('、')}之一`,
    );
  }
}

async function openStep(
  manager: EntityManager,
  documentId: number,
  stage: DocumentStage,
  assigneeUserId: string,
  at: Date,
): Promise<number> {
  const inserted = await manager.insert(DocumentStep, {
    documentId,
    stage,
    assigneeUserId,
    departmentId: await departmentOfUser(manager, assigneeUserId),
    status: 'open',
    startedAt: toMinute(at),
  });
  return Number(inserted.identifiers[0]?.id);
}

async function activeUser(manager: EntityManager, userId: string, what: string): Promise<User> {
  const user = await manager.getRepository(User).findOneBy({ id: userId, active: true });
  if (!user) throw invalid('unknown_user', `${what}「${userId}」不存在或已停用`);
  return user;
}

async function openPaperDocument(manager: EntityManager, documentId: number): Promise<Document> {
  const doc = await manager.getRepository(Document).findOneBy({ id: documentId });
  if (!doc) throw notFoundDoc();
  if (doc.origin !== 'paper') throw invalid('not_paper', '该公文在钉钉中审批，请在钉钉审批中办理');
  if (doc.status !== 'open') throw conflict('document_closed', '该公文已办结或撤回');
  return doc;
}

export async function registerPaper(
  manager: EntityManager,
  ctx: SettleContext,
  actor: { id: string; departmentId: string | null },
  input: PaperRegistration,
  at: Date = ctx.now(),
): Promise<number> {
  const receivedAt = toMinute(input.receivedAt ?? at);
  if (receivedAt.getTime() > at.getTime()) throw invalid('invalid_received_at', '收文时间不能晚于当前时间');
  checkPastInstant(receivedAt, at, '收文时间');
  if (!Object.hasOwn(URGENCY_LABELS, input.urgency)) throw invalid('invalid_urgency', '紧急程度应为特急、加急或平件');
  if (input.proposerUserId) await activeUser(manager, input.proposerUserId, '拟办人');
  const formValues: JsonObject = {
    标题: input.title,
    ...(input.docNumber ? { 文号: input.docNumber } : {}),
    ...(input.issuingOrg ? { 来文单位: input.issuingOrg } : {}),
    紧急程度: URGENCY_LABELS[input.urgency],
    ...(input.securityLevel ? { 密级: input.securityLevel } : {}),
  };
  const inserted = await manager.insert(Document, {
    kind: 'incoming',
    origin: 'paper',
    title: input.title,
    docNumber: input.docNumber ?? null,
    issuingOrg: input.issuingOrg ?? null,
    urgency: input.urgency,
    securityLevel: input.securityLevel ?? null,
    originatorUserId: actor.id,
    departmentId: actor.departmentId,
    status: 'open',
    receivedAt,
    formValues,
    formLoadedAt: at,
    syncAttempts: 0,
  });
  const documentId = Number(inserted.identifiers[0]?.id);
  if (input.proposerUserId) await openStep(manager, documentId, 'propose', input.proposerUserId, at);
  else await openStep(manager, documentId, 'register', actor.id, at);
  await audit(manager, {
    actor: actor.id,
    action: 'document.registered',
    subjectType: 'document',
    subjectId: documentId,
    after: { ...formValues, receivedAt: receivedAt.toISOString(), proposer: input.proposerUserId ?? null },
    at,
  });
  await settleDocument(manager, ctx, documentId);
  return documentId;
}

/**
 * Hands a paper document to the next stage (拟办 / 批办 / 承办) and a person, from the office: the registrar's own
 * 登记 step, if open, is done with it.
 */
export async function assignPaperStep(
  manager: EntityManager,
  ctx: SettleContext,
  actorId: string,
  documentId: number,
  input: NextStep,
  at: Date = ctx.now(),
): Promise<number> {
  const doc = await openPaperDocument(manager, documentId);
  checkStage(input.stage);
  await activeUser(manager, input.assigneeUserId, '办理人');
  await manager.update(
    DocumentStep,
    { documentId: doc.id, stage: 'register', status: 'open' },
    { status: 'done', result: 'agree', finishedAt: toMinute(at) },
  );
  const stepId = await openStep(manager, doc.id, input.stage, input.assigneeUserId, at);
  await audit(manager, {
    actor: actorId,
    action: 'document.step.assigned',
    subjectType: 'document_step',
    subjectId: stepId,
    after: { documentId: doc.id, stage: input.stage, assigneeUserId: input.assigneeUserId },
    at,
  });
  await settleDocument(manager, ctx, doc.id);
  return stepId;
}

/**
 * A paper step done (办理完毕), with the comment (拟办意见、批示、办理情况), sent on in the same action: to `next`, or
 * back to the registrar (a 登记 step) to send on or 办结归档. Returns the step now holding the document.
 */
export async function completePaperStep(
  manager: EntityManager,
  ctx: SettleContext,
  actorId: string,
  stepId: number,
  input: { comment?: string | null; next?: NextStep | null },
  at: Date = ctx.now(),
): Promise<number> {
  const step = await manager.getRepository(DocumentStep).findOneBy({ id: stepId });
  if (!step) throw notFoundDoc('未找到该办理环节');
  const doc = await openPaperDocument(manager, step.documentId);
  if (step.status !== 'open') throw conflict('step_closed', '该环节已办理');
  if (input.next) {
    checkStage(input.next.stage);
    await activeUser(manager, input.next.assigneeUserId, '办理人');
  }
  const registrar = doc.originatorUserId ?? actorId;
  const next = input.next ?? { stage: 'register' as const, assigneeUserId: registrar };
  if (next.stage === 'register' && step.stage === 'register') {
    throw invalid('next_required', '请选择下一环节和办理人，或办结归档');
  }
  const finishedAt = toMinute(at);
  await manager.update(
    DocumentStep,
    { id: step.id },
    { status: 'done', result: 'agree', comment: input.comment ?? null, finishedAt },
  );
  const nextId = await openStep(manager, doc.id, next.stage, next.assigneeUserId, at);
  await audit(manager, {
    actor: actorId,
    action: 'document.step.completed',
    subjectType: 'document_step',
    subjectId: step.id,
    before: { status: 'open' },
    after: { status: 'done', comment: input.comment ?? null, next },
    at,
  });
  await settleDocument(manager, ctx, step.documentId);
  return nextId;
}

/** 办结: the paper document is done; steps still open close with it. */
export async function closePaperDocument(
  manager: EntityManager,
  ctx: SettleContext,
  actorId: string,
  documentId: number,
  input: { comment?: string | null },
  at: Date = ctx.now(),
): Promise<void> {
  const doc = await openPaperDocument(manager, documentId);
  const closedAt = toMinute(at);
  await manager.update(
    DocumentStep,
    { documentId: doc.id, status: 'open' },
    { status: 'done', result: 'agree', finishedAt: closedAt },
  );
  await manager.update(Document, { id: doc.id }, { status: 'completed', result: 'agree', closedAt });
  await audit(manager, {
    actor: actorId,
    action: 'document.closed',
    subjectType: 'document',
    subjectId: doc.id,
    before: { status: 'open' },
    after: { status: 'completed' },
    reason: input.comment ?? null,
    at,
  });
  await settleDocument(manager, ctx, doc.id);
}
