/**
 * 交办: what an assignment must satisfy (units, responsible person, dates, the source's rule), then the numbered
 * matter with its deadline(s), audited and announced to the responsible person.
 */
import { type EntityManager, In } from 'typeorm';
import {
  Department,
  Document,
  MATTER_SOURCES,
  Matter,
  MatterPeriod,
  MatterUnit,
  Meeting,
  User,
  UserDepartment,
} from '../../entities';
import { formatISODate, parseISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { civilDateOf } from '../calendar/civil-date';
import { checkPastInstant, checkPlannedDate, chineseDate } from '../timelimits';
import { type MatterContext, record } from './command';
import { SupervisionError } from './errors';
import { assignedNotice } from './messages';
import { firstDayOfMonth, monthOfDay, nextMonth } from './months';
import { formatMatterNumber, KEY_WORK_REPORT_RULE, SOURCES } from './sources';
import type { AssignInput, CheckedAssign, WriteOptions } from './types';

export const TITLE_MAX = 300;
export const CONTENT_MAX = 20000;
/** A matter registered afterwards (补录) may go back this far at most. */
const BACKDATE_MAX_DAYS = 400;

/** Everything `assignIn` refuses, without writing (the import reports these per row). */
export async function validateAssign(
  ctx: MatterContext,
  manager: EntityManager,
  input: AssignInput,
): Promise<CheckedAssign> {
  const now = ctx.now();
  if (!MATTER_SOURCES.includes(input.source)) {
    throw new SupervisionError('invalid_input', `事项来源“${String(input.source)}”无效`);
  }
  const info = SOURCES[input.source];
  const title = (input.title ?? '').trim();
  if (title.length < 2 || title.length > TITLE_MAX) {
    throw new SupervisionError('invalid_input', `事项标题应为2至${TITLE_MAX}个字`);
  }
  const content = input.content?.trim() || null;
  if (content && content.length > CONTENT_MAX) {
    throw new SupervisionError('invalid_input', `事项内容不得超过${CONTENT_MAX}字`);
  }
  const assignedAt = input.assignedAt ?? now;
  if (Number.isNaN(assignedAt.getTime()) || assignedAt.getTime() > now.getTime() + 60_000) {
    throw new SupervisionError('invalid_input', '交办时间不能晚于现在');
  }
  if (now.getTime() - assignedAt.getTime() > BACKDATE_MAX_DAYS * 86_400_000) {
    throw new SupervisionError('invalid_input', `补录的交办时间不能早于${BACKDATE_MAX_DAYS}天前`);
  }
  checkPastInstant(assignedAt, now, '交办时间');
  const { lead, co } = await checkUnits(manager, input.leadDepartmentId, input.coDepartmentIds ?? []);
  const responsibleUserId = await checkResponsible(manager, lead.id, input.responsibleUserId ?? null);
  let assignedByUserId: string | null = null;
  if (input.assignedByUserId) {
    const leader = await manager.getRepository(User).findOneBy({ id: input.assignedByUserId });
    if (!leader) throw new SupervisionError('unknown_user', `交办领导“${input.assignedByUserId}”不存在`);
    assignedByUserId = leader.id;
  }
  const today = formatISODate(shanghaiDayNumber(now));
  const assignedDate = formatISODate(shanghaiDayNumber(assignedAt));
  let dueDate: string | null = null;
  if (input.dueDate) {
    if (input.source === 'petition') {
      throw new SupervisionError(
        'not_applicable',
        '信访事项的受理告知和办结时限由《信访工作条例》规定，不能人工设定办理期限',
      );
    }
    dueDate = checkPlannedDate(formatISODate(parseISODate(input.dueDate)), now, '办理期限');
    if (dueDate < today) {
      throw new SupervisionError(
        'due_in_past',
        `办理期限${chineseDate(dueDate)}早于今天（${chineseDate(today)}），不能设定已经过去的期限`,
      );
    }
    if (dueDate < assignedDate) {
      throw new SupervisionError(
        'due_in_past',
        `办理期限${chineseDate(dueDate)}早于交办日期${chineseDate(assignedDate)}`,
      );
    }
  } else if (info.periodic) {
    throw new SupervisionError('invalid_input', `${info.name}须设定完成期限（dueDate）`);
  }
  const ruleCode = dueDate ? null : info.ruleCode(input.urgent ?? false);
  if (ruleCode) ctx.deadlines.rule(ruleCode); // an unknown rule is a TimeLimitError here, before any write
  if (input.documentId != null && !(await manager.getRepository(Document).existsBy({ id: input.documentId }))) {
    throw new SupervisionError('invalid_input', `关联的公文（编号${input.documentId}）不存在`);
  }
  if (input.meetingId != null && !(await manager.getRepository(Meeting).existsBy({ id: input.meetingId }))) {
    throw new SupervisionError('invalid_input', `关联的会议（编号${input.meetingId}）不存在`);
  }
  const proposer = input.proposer?.trim() || null;
  if (proposer && proposer.length > 64) throw new SupervisionError('invalid_input', '提出人不得超过64字');
  return {
    source: input.source,
    title,
    content,
    assignedAt,
    assignedByUserId,
    lead: lead.id,
    co: co.map((d) => d.id),
    responsibleUserId,
    dueDate,
    ruleCode,
    urgent: input.urgent ?? false,
    documentId: input.documentId ?? null,
    meetingId: input.meetingId ?? null,
    proposer,
  };
}

/** Numbers and stores an assignment `validateAssign` passed, with its deadline(s), audited. */
export async function assignCheckedIn(
  ctx: MatterContext,
  manager: EntityManager,
  actorId: string,
  c: CheckedAssign,
  options: WriteOptions,
): Promise<Matter> {
  const info = SOURCES[c.source];
  const year = civilDateOf(shanghaiDayNumber(c.assignedAt)).year;
  // The next number of the (year, source) series. Two writers may read the same maximum; the unique index
  // uq_matter_number then refuses the second, whose whole transaction `write` runs again.
  const row = await manager
    .getRepository(Matter)
    .createQueryBuilder('m')
    .select('MAX(m.sequence)', 'max')
    .where('m.year = :year AND m.source = :source', { year, source: c.source })
    .getRawOne<{ max: number | string | null }>();
  const sequence = Number(row?.max ?? 0) + 1;
  const result = await manager.insert(Matter, {
    year,
    source: c.source,
    sequence,
    number: formatMatterNumber(c.source, year, sequence),
    title: c.title,
    content: c.content,
    assignedByUserId: c.assignedByUserId,
    leadDepartmentId: c.lead,
    responsibleUserId: c.responsibleUserId,
    status: 'assigned',
    ruleCode: c.ruleCode,
    deadlineId: null,
    periodic: info.periodic,
    documentId: c.documentId,
    meetingId: c.meetingId,
    assignedAt: c.assignedAt,
    proposer: c.proposer,
    urgeCount: 0,
    createdByUserId: actorId,
  });
  const id = Number(result.identifiers[0]?.id);
  if (c.co.length)
    await manager.insert(
      MatterUnit,
      c.co.map((departmentId) => ({ matterId: id, departmentId })),
    );

  const common = {
    subjectType: 'matter' as const,
    subjectId: id,
    receivedAt: c.assignedAt,
    assigneeUserId: c.responsibleUserId,
    departmentId: c.lead,
  };
  const purpose = c.source === 'petition' ? 'acceptance_notice' : 'complete';
  const deadline = c.dueDate
    ? await ctx.deadlines.createExplicit(manager, { ...common, purpose, dueDate: c.dueDate })
    : await ctx.deadlines.create(manager, {
        ...common,
        purpose,
        ruleCode: c.ruleCode as string,
        urgent: c.urgent,
      });
  await manager.update(Matter, { id }, { deadlineId: deadline.id });
  if (info.periodic && c.dueDate) await createPeriods(ctx, manager, id, c, c.dueDate);

  const matter = await manager.getRepository(Matter).findOneByOrFail({ id });
  await record({ manager, ctx, actorId, now: ctx.now() }, id, {
    audit: {
      action: 'matter.assigned',
      after: {
        number: matter.number,
        source: c.source,
        title: c.title,
        leadDepartmentId: c.lead,
        coDepartmentIds: c.co,
        responsibleUserId: c.responsibleUserId,
        assignedByUserId: c.assignedByUserId,
        ruleCode: c.ruleCode,
        dueDate: deadline.dueDate,
        assignedAt: c.assignedAt.toISOString(),
      },
    },
    messages:
      options.notify !== false && c.responsibleUserId
        ? [assignedNotice(matter, c.responsibleUserId, deadline.dueDate)]
        : [],
  });
  return matter;
}

/** One period (YYYY-MM) per month from assignment to the due month, each with its report deadline. */
async function createPeriods(
  ctx: MatterContext,
  manager: EntityManager,
  matterId: number,
  c: CheckedAssign,
  dueDate: string,
) {
  let month = monthOfDay(shanghaiDayNumber(c.assignedAt));
  const last = dueDate.slice(0, 7);
  while (month <= last) {
    const start = shanghaiInstant(firstDayOfMonth(month));
    const receivedAt = start.getTime() > c.assignedAt.getTime() ? start : c.assignedAt;
    const result = await manager.insert(MatterPeriod, { matterId, period: month, deadlineId: null, reportId: null });
    const periodId = Number(result.identifiers[0]?.id);
    const deadline = await ctx.deadlines.create(manager, {
      subjectType: 'matter_period',
      subjectId: periodId,
      purpose: 'report',
      ruleCode: KEY_WORK_REPORT_RULE,
      receivedAt,
      assigneeUserId: c.responsibleUserId,
      departmentId: c.lead,
    });
    await manager.update(MatterPeriod, { id: periodId }, { deadlineId: deadline.id });
    month = nextMonth(month);
  }
}

export async function checkUnits(manager: EntityManager, leadId: string, coIds: string[]) {
  const ids = [leadId, ...coIds].map((id) => String(id ?? '').trim());
  const found = ids.length ? await manager.getRepository(Department).findBy({ id: In(ids.filter(Boolean)) }) : [];
  const byId = new Map(found.map((d) => [d.id, d]));
  const lead = byId.get(ids[0] ?? '');
  if (!lead || lead.kind === 'leadership') {
    throw new SupervisionError('unknown_unit', `牵头单位“${leadId}”不存在或不能承办督办事项`);
  }
  const co: Department[] = [];
  for (const id of ids.slice(1)) {
    const unit = byId.get(id);
    if (!unit || unit.kind === 'leadership') {
      throw new SupervisionError('unknown_unit', `协办单位“${id}”不存在或不能承办督办事项`);
    }
    if (id === lead.id) throw new SupervisionError('invalid_input', `${lead.name}已是牵头单位，不能同时为协办单位`);
    if (co.some((d) => d.id === id)) throw new SupervisionError('invalid_input', `协办单位“${unit.name}”重复`);
    co.push(unit);
  }
  return { lead, co };
}

/** The responsible person must belong to the lead unit; by default the unit's head. */
export async function checkResponsible(manager: EntityManager, leadId: string, userId: string | null) {
  if (!userId) {
    const head = await manager.getRepository(UserDepartment).findOneBy({ departmentId: leadId, isHead: true });
    return head?.userId ?? null;
  }
  const user = await manager.getRepository(User).findOneBy({ id: userId });
  if (!user?.active) throw new SupervisionError('unknown_user', `责任人“${userId}”不存在或已停用`);
  const member = await manager.getRepository(UserDepartment).existsBy({ userId, departmentId: leadId });
  if (!member) throw new SupervisionError('invalid_input', `责任人${user.name}不属于牵头单位`);
  return userId;
}
