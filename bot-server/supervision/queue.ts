/**
 * What awaits a decider: the extension requests a person may decide (督查室, or a 区政府领导 where the rule names
 * 本机关负责人), and 督查室's work queue — counted sections instead of one long list.
 */
import { type EntityManager, In } from 'typeorm';
import { Deadline, ExtensionRequest, Matter, User } from '../../entities';
import { formatISODate, OFFICE_SCOPE, parseISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { type Timing, timingOf } from '../deadlines/timing';
import { decisionDueDate } from './commands/extensions';
import { SupervisionError } from './errors';
import { list, type ReadContext, viewsIn } from './reads';
import type { Actor, MatterView, NamedRef } from './types';

export interface PendingExtension {
  requestId: number;
  matter: MatterView;
  amount: number;
  unit: ExtensionRequest['unit'];
  reason: string;
  requestedBy: NamedRef;
  requestedAt: string;
  /** The office's decision deadline (EXTENSION_DECISION_WORKDAYS working days after the request). */
  decideBy: string;
  decisionOverdue: boolean;
  /** Where the decision deadline stands now, counted as every deadline is (`timingOf`). */
  decision: Timing;
}

export interface QueueSection<T> {
  count: number;
  items: T[];
}

export interface OfficeQueue {
  /** 延期待审批 */
  extensions: QueueSection<PendingExtension>;
  /** 退回: returned by the lead unit, awaiting 改派. */
  returned: QueueSection<MatterView>;
  /** 逾期未办结 */
  overdue: QueueSection<MatterView>;
  /** 待评价 */
  toEvaluate: QueueSection<MatterView>;
}

const hasRole = (actor: Actor, role: string) => actor.roles.some((r) => r.role === role);

/** The pending requests the actor decides: 督查室 those under its rules, a leader those for 本机关负责人. */
export async function pendingDecisions(
  ctx: ReadContext,
  manager: EntityManager,
  actor: Actor,
): Promise<PendingExtension[]> {
  const roles = new Set([
    ...(hasRole(actor, 'supervision_office') ? ['supervision_office'] : []),
    ...(hasRole(actor, 'leader') ? ['organ_head'] : []),
  ]);
  if (roles.size === 0) return [];
  const requests = await manager
    .getRepository(ExtensionRequest)
    .find({ where: { status: 'pending' }, order: { requestedAt: 'ASC', id: 'ASC' } });
  if (requests.length === 0) return [];
  const matters = await manager.getRepository(Matter).findBy({ id: In(requests.map((r) => r.matterId)) });
  const deadlineIds = matters.map((m) => m.deadlineId).filter((d): d is number => !!d);
  const deadlines = new Map(
    (deadlineIds.length ? await manager.getRepository(Deadline).findBy({ id: In(deadlineIds) }) : []).map((d) => [
      d.id,
      d,
    ]),
  );
  const views = new Map((await viewsIn(ctx, manager, matters)).map((v) => [v.id, v]));
  const users = new Map(
    (await manager.getRepository(User).findBy({ id: In(requests.map((r) => r.requestedByUserId)) })).map((u) => [
      u.id,
      u.name,
    ]),
  );
  const today = formatISODate(shanghaiDayNumber(ctx.now()));
  return requests.flatMap((r) => {
    const matter = matters.find((m) => m.id === r.matterId);
    const deadline = matter?.deadlineId ? deadlines.get(matter.deadlineId) : undefined;
    const view = views.get(r.matterId);
    if (!deadline || !view) return [];
    const approverRole = ctx.deadlines.extensionPolicyOf(deadline)?.approverRole ?? 'supervision_office';
    if (!roles.has(approverRole)) return [];
    const decideBy = decisionDueDate(ctx, r.requestedAt);
    return [
      {
        requestId: r.id,
        matter: view,
        amount: r.amount,
        unit: r.unit,
        reason: r.reason,
        requestedBy: { id: r.requestedByUserId, name: users.get(r.requestedByUserId) ?? r.requestedByUserId },
        requestedAt: r.requestedAt.toISOString(),
        decideBy,
        decisionOverdue: today > decideBy,
        decision: decisionTiming(ctx, decideBy),
      },
    ];
  });
}

/** The decision deadline runs to the end of its day on the office's calendar. */
function decisionTiming(ctx: ReadContext, decideBy: string): Timing {
  const calendar = ctx.deadlines.calendar();
  return timingOf(
    ctx.deadlines,
    {
      dueDate: decideBy,
      dueAt: shanghaiInstant(parseISODate(decideBy) + 1),
      calendarScope: OFFICE_SCOPE,
      approximate: calendar.describe(decideBy).approximate,
      status: 'open',
    },
    ctx.now(),
  );
}

const section = <T>(items: T[]): QueueSection<T> => ({ count: items.length, items });

/** 督查室's work queue. Only for the role itself: an administrator without it has no queue. */
export async function officeQueue(ctx: ReadContext, manager: EntityManager, actor: Actor): Promise<OfficeQueue> {
  if (!hasRole(actor, 'supervision_office')) throw new SupervisionError('forbidden', '督查室工作台仅供督查室使用');
  const [extensions, returned, overdue, toEvaluate] = await Promise.all([
    pendingDecisions(ctx, manager, actor),
    list(ctx, manager, actor, { status: ['returned'] }),
    list(ctx, manager, actor, { status: ['assigned', 'accepted', 'in_progress'], timeliness: 'overdue' }),
    list(ctx, manager, actor, { status: ['completed'] }),
  ]);
  return {
    extensions: section(extensions),
    returned: section(returned.matters),
    overdue: section(overdue.matters),
    toEvaluate: section(toEvaluate.matters),
  };
}
