/**
 * The supervision office's steps on a matter: 退回重办, 改派, 催办, 满意度登记, 评价. Who may (督查室) is checked by the
 * facade before the transaction; these run for the demo seed and imports as well.
 */
import { type EntityManager, In, MoreThan } from 'typeorm';
import { AuditLog, Deadline, Evaluation, Matter, MatterPeriod, MatterUnit } from '../../../entities';
import { unitHeadOf } from '../access';
import { checkResponsible, checkUnits } from '../assign';
import { command, type MatterContext, requireStatus } from '../command';
import { SupervisionError } from '../errors';
import { evaluatedNotice, reassignedNotice, redoNotice, urgeNotice } from '../messages';
import { DONE_STATUSES, GRADE_NAMES, OPEN_STATUSES, SATISFACTION_NAMES, SOURCES, STATUS_NAMES } from '../sources';
import type { Actor, ReassignInput, WriteOptions } from '../types';

/** How many times the matter has had this step, as its audit rows say. */
async function timesAudited(manager: EntityManager, matterId: number, action: string): Promise<number> {
  return manager.getRepository(AuditLog).countBy({ subjectType: 'matter', subjectId: String(matterId), action });
}

/**
 * 退回重办: 督查室 sends a completed matter back to its lead unit before evaluating it. The matter is in progress
 * again against the same deadline (overdue at once if that has passed); the reply given is kept in the history.
 */
export function redoIn(
  ctx: MatterContext,
  manager: EntityManager,
  actorId: string,
  id: number,
  reason: string,
): Promise<Matter> {
  return command(ctx, manager, actorId, id, {
    act: async ({ matter }) => {
      if (matter.status !== 'completed') {
        throw new SupervisionError(
          'invalid_state',
          `该事项当前为“${STATUS_NAMES[matter.status]}”，只有已办结未评价的事项可以退回重办`,
        );
      }
      const why = (reason ?? '').trim();
      if (why.length < 2) throw new SupervisionError('invalid_input', '退回重办须说明理由');
      if (matter.deadlineId) await ctx.deadlines.reopen(manager, matter.deadlineId);
      await manager.update(
        Matter,
        { id },
        {
          status: 'in_progress',
          completedAt: null,
          completedOnTime: null,
          reply: null,
          outcomeClass: null,
          metDeputy: null,
        },
      );
      const recipient = matter.responsibleUserId ?? (await unitHeadOf(manager, matter.leadDepartmentId));
      const n = (await timesAudited(manager, id, 'matter.redo')) + 1;
      return {
        audit: {
          action: 'matter.redo',
          before: { status: 'completed', reply: matter.reply, completedOnTime: matter.completedOnTime },
          after: { status: 'in_progress' },
          reason: why,
        },
        messages: recipient ? [redoNotice(matter, recipient, n, why)] : [],
      };
    },
  });
}

/** 改派: another lead unit (and co-units, responsible person); the deadline and the history stay. */
export function reassignIn(
  ctx: MatterContext,
  manager: EntityManager,
  actor: Actor,
  id: number,
  input: ReassignInput,
): Promise<Matter> {
  return command(ctx, manager, actor.id, id, {
    act: async ({ matter }) => {
      requireStatus(matter, OPEN_STATUSES, '不能改派');
      const why = (input.reason ?? '').trim();
      if (why.length < 2) throw new SupervisionError('invalid_input', '改派须说明理由');
      const { lead, co } = await checkUnits(manager, input.leadDepartmentId, input.coDepartmentIds ?? []);
      const responsibleUserId = await checkResponsible(manager, lead.id, input.responsibleUserId ?? null);
      const beforeCo = (await manager.getRepository(MatterUnit).findBy({ matterId: id })).map((u) => u.departmentId);
      await manager.delete(MatterUnit, { matterId: id });
      if (co.length) {
        await manager.insert(
          MatterUnit,
          co.map((d) => ({ matterId: id, departmentId: d.id })),
        );
      }
      await manager.update(
        Matter,
        { id },
        { leadDepartmentId: lead.id, responsibleUserId, status: 'assigned', acceptedAt: null },
      );
      const periods = await manager.getRepository(MatterPeriod).findBy({ matterId: id });
      const deadlineIds = [matter.deadlineId, ...periods.map((p) => p.deadlineId)].filter((d): d is number => !!d);
      if (deadlineIds.length) {
        await manager.update(
          Deadline,
          { id: In(deadlineIds), status: 'open' },
          { departmentId: lead.id, assigneeUserId: responsibleUserId },
        );
      }
      const n = (await timesAudited(manager, id, 'matter.reassigned')) + 1;
      return {
        audit: {
          action: 'matter.reassigned',
          before: {
            status: matter.status,
            leadDepartmentId: matter.leadDepartmentId,
            coDepartmentIds: beforeCo,
            responsibleUserId: matter.responsibleUserId,
          },
          after: {
            status: 'assigned',
            leadDepartmentId: lead.id,
            coDepartmentIds: co.map((d) => d.id),
            responsibleUserId,
          },
          reason: why,
        },
        messages: responsibleUserId ? [reassignedNotice(matter, responsibleUserId, n, lead.name)] : [],
      };
    },
  });
}

/** The office's rule: the same matter is urged at most once in this many minutes (README). */
export const URGE_INTERVAL_MINUTES = 10;

/** 催办: one more urge, audited, and a work notice to the responsible person (or the unit's head). */
export function urgeIn(
  ctx: MatterContext,
  manager: EntityManager,
  actorId: string,
  id: number,
  note?: string | null,
  options: WriteOptions = {},
): Promise<Matter> {
  return command(ctx, manager, actorId, id, {
    act: async ({ matter, now }) => {
      requireStatus(matter, ['assigned', 'accepted', 'in_progress'], '无需催办');
      const recent = await manager.getRepository(AuditLog).existsBy({
        subjectType: 'matter',
        subjectId: String(id),
        action: 'matter.urged',
        at: MoreThan(new Date(now.getTime() - URGE_INTERVAL_MINUTES * 60_000)),
      });
      if (recent) {
        throw new SupervisionError('too_soon', `该事项${URGE_INTERVAL_MINUTES}分钟内已催办过，请勿重复催办`);
      }
      await manager
        .createQueryBuilder()
        .update(Matter)
        .set({ urgeCount: () => 'urge_count + 1' })
        .where('id = :id', { id })
        .execute();
      const { urgeCount } = await manager.getRepository(Matter).findOneByOrFail({ id });
      const text = note?.trim() || null;
      const recipient = matter.responsibleUserId ?? (await unitHeadOf(manager, matter.leadDepartmentId));
      const deadline =
        options.notify !== false && recipient && matter.deadlineId
          ? await manager.getRepository(Deadline).findOneBy({ id: matter.deadlineId })
          : null;
      return {
        audit: {
          action: 'matter.urged',
          before: { urgeCount: matter.urgeCount },
          after: { urgeCount, leadDepartmentId: matter.leadDepartmentId },
          reason: text,
        },
        messages:
          options.notify !== false && recipient
            ? [urgeNotice(matter, recipient, urgeCount, deadline?.dueDate ?? null, text)]
            : [],
      };
    },
  });
}

/** 建议/提案: the deputy's satisfaction (征询意见), and whether the unit met them, recorded by the office. */
export function recordFeedbackIn(
  ctx: MatterContext,
  manager: EntityManager,
  actor: Actor,
  id: number,
  input: { satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied'; metDeputy?: boolean | null },
): Promise<Matter> {
  return command(ctx, manager, actor.id, id, {
    act: async ({ matter }) => {
      if (!SOURCES[matter.source].deputyFeedback) {
        throw new SupervisionError('not_applicable', '只有人大建议、政协提案登记满意度');
      }
      if (!DONE_STATUSES.includes(matter.status)) {
        throw new SupervisionError('invalid_state', '尚未办复的建议提案不能登记满意度');
      }
      if (!Object.hasOwn(SATISFACTION_NAMES, input.satisfaction)) {
        throw new SupervisionError('invalid_input', '满意度应为满意、基本满意或不满意');
      }
      const changes = {
        satisfaction: input.satisfaction,
        ...(typeof input.metDeputy === 'boolean' ? { metDeputy: input.metDeputy } : {}),
      };
      await manager.update(Matter, { id }, changes);
      return {
        audit: {
          action: 'matter.feedback_recorded',
          before: { satisfaction: matter.satisfaction, metDeputy: matter.metDeputy },
          after: changes,
        },
      };
    },
  });
}

/**
 * 评价: a completed matter, or again (a revision, audited; the latest counts) once evaluated. 较差 needs a reason;
 * the unit is told each time.
 */
export function evaluateIn(
  ctx: MatterContext,
  manager: EntityManager,
  actorId: string,
  id: number,
  input: { grade: 'excellent' | 'good' | 'fair' | 'poor'; comment?: string | null },
): Promise<Matter> {
  return command(ctx, manager, actorId, id, {
    act: async ({ matter }) => {
      if (matter.status !== 'completed' && matter.status !== 'evaluated') {
        throw new SupervisionError(
          'invalid_state',
          `该事项尚未办结（当前为“${STATUS_NAMES[matter.status]}”），办结后才能评价`,
        );
      }
      if (!Object.hasOwn(GRADE_NAMES, input.grade)) {
        throw new SupervisionError('invalid_input', '评价等次应为优秀、良好、一般或较差');
      }
      const comment = input.comment?.trim() || null;
      if (input.grade === 'poor' && (comment?.length ?? 0) < 2) {
        throw new SupervisionError('invalid_input', '评价为“较差”须说明理由');
      }
      const previous = await manager.getRepository(Evaluation).find({ where: { matterId: id }, order: { id: 'DESC' } });
      const revised = matter.status === 'evaluated';
      const result = await manager.insert(Evaluation, {
        matterId: id,
        evaluatorUserId: actorId,
        grade: input.grade,
        comment,
      });
      await manager.update(Matter, { id }, { status: 'evaluated' });
      const recipient = matter.responsibleUserId ?? (await unitHeadOf(manager, matter.leadDepartmentId));
      const n = previous.length + 1;
      return {
        audit: {
          action: revised ? 'matter.evaluation_revised' : 'matter.evaluated',
          before: { status: matter.status, grade: previous[0]?.grade ?? null },
          after: { status: 'evaluated', grade: input.grade, evaluationId: Number(result.identifiers[0]?.id) },
          reason: comment,
        },
        messages: recipient ? [evaluatedNotice(matter, recipient, n, GRADE_NAMES[input.grade], comment)] : [],
      };
    },
  });
}
