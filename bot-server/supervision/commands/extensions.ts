/**
 * 延期: requested by the lead unit and checked under the rule at once (before expiry, caps); decided by 督查室 (信访:
 * a 区政府领导, the rule's 本机关负责人) through `DeadlineService.extend` with the request's time. The original
 * deadline is kept for assessment.
 */
import type { EntityManager } from 'typeorm';
import { Deadline, ExtensionRequest, type Matter, UserRole } from '../../../entities';
import { checkPlannedDate } from '../../timelimits';
import { isAdmin, requireLeadUnit } from '../access';
import { command, type MatterContext, type Outcome, requireStarted, requireStatus, type Step } from '../command';
import { SupervisionError } from '../errors';
import { extensionApprovedNotice, extensionRefusedNotice, extensionRequestedNotice } from '../messages';
import { OPEN_STATUSES } from '../sources';
import type { Actor } from '../types';

/** The office's rule: a request is decided within this many working days of being made (README). */
export const EXTENSION_DECISION_WORKDAYS = 2;

/** The date by which a request made at `requestedAt` is to be decided. */
export function decisionDueDate(ctx: Pick<MatterContext, 'deadlines'>, requestedAt: Date): string {
  return ctx.deadlines.calendar().addWorkdays(requestedAt, EXTENSION_DECISION_WORKDAYS).date;
}

/**
 * Who decides a request under the policy's approver: 督查室's people, or for 本机关负责人 (信访) the leader who
 * assigned the matter, else every 区政府领导.
 */
async function decidersOf(manager: EntityManager, matter: Matter, approverRole: string): Promise<string[]> {
  const role = approverRole === 'organ_head' ? 'leader' : 'supervision_office';
  const rows = await manager.getRepository(UserRole).findBy({ role });
  const ids = [...new Set(rows.map((r) => r.userId))].sort();
  if (role === 'leader' && matter.assignedByUserId && ids.includes(matter.assignedByUserId)) {
    return [matter.assignedByUserId];
  }
  return ids;
}

export interface ExtensionDecision {
  approve: boolean;
  note?: string | null;
  amount?: number | null;
}

export function requestExtensionIn(
  ctx: MatterContext,
  manager: EntityManager,
  actor: Actor,
  id: number,
  input: { amount: number; reason: string },
): Promise<Matter> {
  return command(ctx, manager, actor.id, id, {
    may: (matter) => requireLeadUnit(manager, actor, matter),
    act: async ({ matter, now }) => {
      requireStarted(matter, '申请延期');
      const pending = await manager.getRepository(ExtensionRequest).existsBy({ matterId: id, status: 'pending' });
      if (pending) throw new SupervisionError('extension_pending', '该事项已有待审批的延期申请');
      const deadline = matter.deadlineId
        ? await manager.getRepository(Deadline).findOneBy({ id: matter.deadlineId })
        : null;
      if (!deadline) throw new SupervisionError('not_applicable', '该事项没有办理期限，无需延期');
      const policy = ctx.deadlines.extensionPolicyOf(deadline);
      const preview = ctx.deadlines.previewExtension(deadline, {
        amount: input.amount,
        unit: policy?.unit,
        requestedAt: now,
        approverRole: policy?.approverRole ?? 'supervision_office',
        reason: input.reason,
      });
      checkPlannedDate(preview.dueDate, now, '延期后的办理期限');
      const reason = input.reason.trim();
      const result = await manager.insert(ExtensionRequest, {
        matterId: id,
        requestedByUserId: actor.id,
        reason,
        amount: input.amount,
        unit: preview.unit,
        requestedAt: now,
        previousDueAt: deadline.dueAt,
        requestedDueAt: preview.dueAt,
        grantedDueAt: null,
        status: 'pending',
      });
      const requestId = Number(result.identifiers[0]?.id);
      const decideBy = decisionDueDate(ctx, now);
      const request = { id: requestId, amount: input.amount, unit: preview.unit, reason };
      const deciders = await decidersOf(manager, matter, policy?.approverRole ?? 'supervision_office');
      return {
        audit: {
          action: 'matter.extension_requested',
          after: {
            requestId,
            amount: input.amount,
            unit: preview.unit,
            previousDueDate: deadline.dueDate,
            requestedDueDate: preview.dueDate,
            decideBy,
          },
          reason,
        },
        messages: deciders.map((userId) => extensionRequestedNotice(matter, request, userId, decideBy)),
      };
    },
  });
}

/** Approves (under the rule: the request came before expiry, caps, the approver's role) or refuses a request. */
export function decideExtensionIn(
  ctx: MatterContext,
  manager: EntityManager,
  actor: Actor,
  id: number,
  requestId: number,
  input: ExtensionDecision,
): Promise<Matter> {
  return command(ctx, manager, actor.id, id, {
    act: async (step) => {
      const { matter } = step;
      const request = await manager.getRepository(ExtensionRequest).findOneBy({ id: requestId, matterId: id });
      if (!request) throw new SupervisionError('not_found', '没有这条延期申请');
      if (request.status !== 'pending') {
        throw new SupervisionError('invalid_state', `该延期申请已${request.status === 'approved' ? '批准' : '驳回'}`);
      }
      requireStatus(matter, OPEN_STATUSES, '不能审批延期');
      const deadline = await manager.getRepository(Deadline).findOneByOrFail({ id: matter.deadlineId ?? 0 });
      const approverRole = requireApprover(ctx, actor, deadline);
      const note = input.note?.trim() || null;
      return input.approve
        ? approve(step, request, deadline, approverRole, input.amount ?? request.amount, note)
        : refuse(step, request, note);
    },
  });
}

/**
 * 督查室 decides, or for a rule whose approver is the organ's head (信访), a 区政府领导; an administrator may too.
 * Returns the approver's role under the deadline's policy.
 */
function requireApprover(ctx: MatterContext, actor: Actor, deadline: Deadline): string {
  const rule = deadline.ruleCode ? ctx.deadlines.rule(deadline.ruleCode) : null;
  const approverRole = ctx.deadlines.extensionPolicyOf(deadline)?.approverRole ?? 'supervision_office';
  const mayDecide =
    isAdmin(actor) ||
    (approverRole === 'organ_head'
      ? actor.roles.some((r) => r.role === 'leader')
      : actor.roles.some((r) => r.role === 'supervision_office'));
  if (mayDecide) return approverRole;
  throw new SupervisionError(
    'forbidden',
    approverRole === 'organ_head'
      ? `${rule?.name ?? '该事项'}的延期须经本机关负责人（区政府领导）批准`
      : '延期申请由督查室审批',
  );
}

async function refuse(
  { manager, matter, actorId, now }: Step,
  request: ExtensionRequest,
  note: string | null,
): Promise<Outcome> {
  if (!note || note.length < 2) throw new SupervisionError('invalid_input', '驳回延期申请须说明理由');
  await manager.update(
    ExtensionRequest,
    { id: request.id },
    { status: 'refused', decidedByUserId: actorId, decidedAt: now, decisionNote: note },
  );
  return {
    audit: {
      action: 'matter.extension_refused',
      before: { requestId: request.id, status: 'pending' },
      after: { requestId: request.id, status: 'refused' },
      reason: note,
    },
    messages: [extensionRefusedNotice(matter, request, note)],
  };
}

async function approve(
  { manager, ctx, matter, actorId, now }: Step,
  request: ExtensionRequest,
  deadline: Deadline,
  approverRole: string,
  amount: number,
  note: string | null,
): Promise<Outcome> {
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > request.amount) {
    throw new SupervisionError('invalid_input', `批准的延期时长应为 1 至 ${request.amount}（申请的时长）`);
  }
  const extended = await ctx.deadlines.extend(manager, deadline.id, {
    amount,
    unit: request.unit,
    requestedAt: request.requestedAt,
    approverRole,
    approvedBy: actorId,
    reason: request.reason,
  });
  await manager.update(
    ExtensionRequest,
    { id: request.id },
    { status: 'approved', decidedByUserId: actorId, decidedAt: now, decisionNote: note, grantedDueAt: extended.dueAt },
  );
  return {
    audit: {
      action: 'matter.extension_approved',
      before: { requestId: request.id, status: 'pending', dueDate: deadline.dueDate },
      after: {
        requestId: request.id,
        status: 'approved',
        amount,
        dueDate: extended.dueDate,
        originalDueDate: extended.originalDueDate,
      },
      reason: note,
    },
    messages: [extensionApprovedNotice(matter, request, extended.dueDate)],
  };
}
