/** The lead unit's steps (co-units may report progress too): 签收, 报送进展, 办结, 退回; a co-unit's 协办意见. */
import type { EntityManager } from 'typeorm';
import { Department, ExtensionRequest, Matter, MatterPeriod, MatterUnit, ProgressReport } from '../../../entities';
import { formatISODate, shanghaiDayNumber } from '../../calendar';
import { checkPlannedDate } from '../../timelimits';
import { requireLeadUnit, requireUnit, unitHeadOf, unitsOf } from '../access';
import { CONTENT_MAX } from '../assign';
import { command, type MatterContext, requireStarted, requireStatus, type Step } from '../command';
import { SupervisionError } from '../errors';
import { coOpinionNotice } from '../messages';
import { firstDayOfMonth, monthOfDay } from '../months';
import { OPEN_STATUSES, OUTCOME_NAMES, PETITION_COMPLETE_RULE, SOURCES } from '../sources';
import type { Actor, CompleteInput, ProgressInput } from '../types';

/** 签收. For 信访: 受理告知 — closes the notice deadline and starts the 60-day completion deadline. */
export function acceptIn(
  ctx: MatterContext,
  manager: EntityManager,
  actor: Actor,
  id: number,
  note?: string | null,
): Promise<Matter> {
  return command(ctx, manager, actor.id, id, {
    may: (matter) => requireLeadUnit(manager, actor, matter),
    act: async ({ matter, now }) => {
      requireStatus(matter, ['assigned'], '不能签收');
      const changes: Partial<Matter> = { status: 'accepted', acceptedAt: now };
      if (matter.source === 'petition' && matter.deadlineId) {
        const notice = await ctx.deadlines.close(manager, matter.deadlineId, now);
        const complete = await ctx.deadlines.create(manager, {
          subjectType: 'matter',
          subjectId: matter.id,
          purpose: 'complete',
          ruleCode: PETITION_COMPLETE_RULE,
          receivedAt: now,
          assigneeUserId: matter.responsibleUserId,
          departmentId: matter.leadDepartmentId,
        });
        changes.deadlineId = complete.id;
        changes.ruleCode = PETITION_COMPLETE_RULE;
        await manager.insert(ProgressReport, {
          matterId: id,
          periodId: null,
          userId: actor.id,
          content: `受理告知${notice.metOnTime ? '' : '（逾期）'}：${note?.trim() || '已决定受理并告知信访人'}`,
          attachments: null,
          reportedAt: now,
        });
      }
      await manager.update(Matter, { id }, changes);
      return {
        audit: {
          action: 'matter.accepted',
          before: { status: matter.status },
          after: { status: 'accepted', ...(changes.ruleCode ? { ruleCode: changes.ruleCode } : {}) },
          reason: note?.trim() || null,
        },
      };
    },
  });
}

export function reportProgressIn(
  ctx: MatterContext,
  manager: EntityManager,
  actor: Actor,
  id: number,
  input: ProgressInput,
): Promise<Matter> {
  return command(ctx, manager, actor.id, id, {
    may: (matter) => requireUnit(manager, actor, matter, true),
    act: async (step) => {
      const { matter, now } = step;
      requireStarted(matter, '报送进展');
      const content = (input.content ?? '').trim();
      if (content.length < 2 || content.length > CONTENT_MAX) {
        throw new SupervisionError('invalid_input', `进展情况应为2至${CONTENT_MAX}个字`);
      }
      const attachments = checkAttachments(input.attachments ?? []);
      const period = await periodOf(step, input.period ?? null);
      const result = await manager.insert(ProgressReport, {
        matterId: id,
        periodId: period?.id ?? null,
        userId: actor.id,
        content,
        attachments: attachments.length ? attachments : null,
        reportedAt: now,
      });
      const reportId = Number(result.identifiers[0]?.id);
      if (period) {
        await manager.update(MatterPeriod, { id: period.id }, { reportId });
        if (period.deadlineId) await ctx.deadlines.close(manager, period.deadlineId, now);
      }
      if (matter.status === 'accepted') await manager.update(Matter, { id }, { status: 'in_progress' });
      return {
        audit: {
          action: 'matter.progress_reported',
          before: { status: matter.status },
          after: { status: 'in_progress', reportId, period: period?.period ?? null, attachments: attachments.length },
        },
      };
    },
  });
}

/**
 * 报送协办意见: a co-unit's opinion on a matter another unit leads — a progress report marked with the co-unit,
 * audited, and the lead unit told. Each co-unit owes one; until then the matter waits in its 待办 (without a
 * deadline of its own: the completion deadline is the lead unit's).
 */
export function reportCoOpinionIn(
  ctx: MatterContext,
  manager: EntityManager,
  actor: Actor,
  id: number,
  input: { content: string },
): Promise<Matter> {
  let coDepartmentId = '';
  return command(ctx, manager, actor.id, id, {
    may: async (matter) => {
      const units = await unitsOf(manager, actor);
      const co = await manager.getRepository(MatterUnit).findBy({ matterId: id });
      const mine = co.find((u) => units.has(u.departmentId) && u.departmentId !== matter.leadDepartmentId);
      if (!mine) throw new SupervisionError('forbidden', `您所在单位不是该事项的协办单位（${matter.number}）`);
      coDepartmentId = mine.departmentId;
    },
    act: async ({ matter, now }) => {
      requireStatus(matter, OPEN_STATUSES, '不能报送协办意见');
      const content = (input.content ?? '').trim();
      if (content.length < 2 || content.length > CONTENT_MAX) {
        throw new SupervisionError('invalid_input', `协办意见应为2至${CONTENT_MAX}个字`);
      }
      const result = await manager.insert(ProgressReport, {
        matterId: id,
        periodId: null,
        userId: actor.id,
        content,
        coDepartmentId,
        attachments: null,
        reportedAt: now,
      });
      const reportId = Number(result.identifiers[0]?.id);
      const unit = await manager.getRepository(Department).findOneBy({ id: coDepartmentId });
      const recipient = matter.responsibleUserId ?? (await unitHeadOf(manager, matter.leadDepartmentId));
      return {
        audit: { action: 'matter.co_opinion_reported', after: { reportId, coDepartmentId } },
        messages: recipient ? [coOpinionNotice(matter, recipient, reportId, unit?.name ?? coDepartmentId)] : [],
      };
    },
  });
}

function checkAttachments(given: { name: string; url: string }[]): { name: string; url: string }[] {
  const attachments = given.map((a) => ({ name: a.name?.trim() ?? '', url: a.url?.trim() ?? '' }));
  for (const a of attachments) {
    if (!a.name || !/^https?:\/\/\S+$/.test(a.url)) {
      throw new SupervisionError('invalid_input', '附件须有名称和以 http(s):// 开头的链接');
    }
  }
  return attachments;
}

/** The report period a progress report answers: the one named, or the earliest unreported month so far. */
async function periodOf({ manager, matter, now }: Step, month: string | null): Promise<MatterPeriod | null> {
  if (!matter.periodic) {
    if (month) throw new SupervisionError('invalid_input', '该事项不是按月报送的事项，无需指定报送期');
    return null;
  }
  const periods = await manager
    .getRepository(MatterPeriod)
    .find({ where: { matterId: matter.id }, order: { period: 'ASC' } });
  if (!month) {
    const current = monthOfDay(shanghaiDayNumber(now));
    return periods.find((p) => !p.reportId && p.period <= current) ?? null;
  }
  checkPlannedDate(formatISODate(firstDayOfMonth(month)), now, '报送期');
  const period = periods.find((p) => p.period === month);
  if (!period) throw new SupervisionError('invalid_input', `该事项没有${month}的报送期`);
  if (period.reportId) throw new SupervisionError('invalid_state', `${month}的进展已报送`);
  return period;
}

/** 办结, with the reply; 建议/提案 also with the outcome class and whether the unit met the deputy. */
export function completeIn(
  ctx: MatterContext,
  manager: EntityManager,
  actor: Actor,
  id: number,
  input: CompleteInput,
): Promise<Matter> {
  return command(ctx, manager, actor.id, id, {
    may: (matter) => requireLeadUnit(manager, actor, matter),
    act: async ({ matter, now }) => {
      requireStarted(matter, '办结');
      const reply = (input.reply ?? '').trim();
      if (reply.length < 2 || reply.length > CONTENT_MAX) {
        throw new SupervisionError('invalid_input', `办理结果（答复）应为2至${CONTENT_MAX}个字`);
      }
      const deputyFeedback = checkDeputyFeedback(matter, input);
      const deadline = matter.deadlineId ? await ctx.deadlines.close(manager, matter.deadlineId, now) : null;
      const completedOnTime = deadline ? now.getTime() <= deadline.originalDueAt.getTime() : true;
      // Report periods still open end with the matter.
      const periods = await manager.getRepository(MatterPeriod).findBy({ matterId: id });
      for (const p of periods) if (p.deadlineId && !p.reportId) await ctx.deadlines.close(manager, p.deadlineId, now);
      const pending = await manager.getRepository(ExtensionRequest).findBy({ matterId: id, status: 'pending' });
      for (const r of pending) {
        await manager.update(
          ExtensionRequest,
          { id: r.id },
          { status: 'refused', decidedAt: now, decisionNote: '事项已办结，延期申请自动撤销' },
        );
      }
      const changes = {
        status: 'completed' as const,
        completedAt: now,
        completedOnTime,
        reply,
        outcomeClass: deputyFeedback ? (input.outcomeClass ?? null) : null,
        metDeputy: deputyFeedback ? (input.metDeputy ?? null) : null,
      };
      await manager.update(Matter, { id }, changes);
      return {
        audit: {
          action: 'matter.completed',
          before: { status: matter.status },
          after: {
            status: 'completed',
            completedOnTime,
            metDeadlineInForce: deadline?.metOnTime ?? null,
            outcomeClass: changes.outcomeClass,
            metDeputy: changes.metDeputy,
          },
        },
      };
    },
  });
}

/** 建议/提案 must, other sources must not, give the outcome class and the meeting; true for the former. */
function checkDeputyFeedback(matter: Matter, input: CompleteInput): boolean {
  const info = SOURCES[matter.source];
  if (info.deputyFeedback) {
    if (!input.outcomeClass || !Object.hasOwn(OUTCOME_NAMES, input.outcomeClass)) {
      throw new SupervisionError('invalid_input', `${info.name}办结须选择答复类别（A/B/C/D）`);
    }
    if (typeof input.metDeputy !== 'boolean') {
      throw new SupervisionError('invalid_input', `${info.name}办结须说明是否与代表委员见面沟通`);
    }
  } else if (input.outcomeClass || input.metDeputy != null) {
    throw new SupervisionError('invalid_input', '只有人大建议、政协提案有答复类别和见面沟通');
  }
  return info.deputyFeedback;
}

/** 退回: the lead unit sends a matter back to the supervision office (not its remit), with the reason. */
export function returnMatterIn(
  ctx: MatterContext,
  manager: EntityManager,
  actor: Actor,
  id: number,
  reason: string,
): Promise<Matter> {
  return command(ctx, manager, actor.id, id, {
    may: (matter) => requireLeadUnit(manager, actor, matter),
    act: async ({ matter }) => {
      requireStatus(matter, ['assigned', 'accepted'], '不能退回');
      const why = (reason ?? '').trim();
      if (why.length < 2) throw new SupervisionError('invalid_input', '退回须说明理由');
      await manager.update(Matter, { id }, { status: 'returned' });
      return {
        audit: {
          action: 'matter.returned',
          before: { status: matter.status, leadDepartmentId: matter.leadDepartmentId },
          after: { status: 'returned' },
          reason: why,
        },
      };
    },
  });
}
