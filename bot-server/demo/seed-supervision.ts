import type { EntityManager } from 'typeorm';
import { Deadline, ExtensionRequest, Matter, MatterPeriod, type Role } from '../../entities';
import { formatISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { DeadlineService } from '../deadlines/deadline-service';
import { createLogger } from '../logging/logger';
import { type Actor, type AssignInput, Supervision, type SupervisionService } from '../supervision';
import { firstDayOfMonth, monthOfDay, nextMonth } from '../supervision/months';
import { lcg } from './random';
import { DEPUTIES, KEY_WORK, MATTERS, OPINIONS, OUTCOMES } from './supervision-data';
import { withinTransaction } from './within-transaction';

/**
 * A year of 督查督办 for the demo, made through the supervision service itself (so every row is what the service
 * would have written, audit included): matters from every source across the units — completed on time, late,
 * within an extension, evaluated, returned and reassigned, open, due soon and overdue and urged —, the year's
 * 人大代表建议 and 政协委员提案 with their reply classes and the deputies' opinions, 重点工作 with monthly reports,
 * and the bulletins of the past months. Times are relative to now; the same `now` gives the same data.
 * No outbox notification is written for this history.
 */
export async function seedSupervisionDemo(manager: EntityManager, now: Date = new Date()): Promise<void> {
  const db = withinTransaction(manager);
  const deadlines = await DeadlineService.load(db, createLogger('silent'));
  const year = new DemoYear(manager, deadlines, now);
  await seedMatters(year);
  await seedDeputies(year);
  await seedKeyWork(year);
  await seedBulletins(year);
  year.clock = now;
}

const HEADS: ReadonlyMap<string, Actor> = new Map(
  (
    [
      ['31', 'fenggang'],
      ['32', 'xuqiang'],
      ['33', 'hanbing'],
      ['34', 'zhudan'],
      ['35', 'shenhong'],
      ['23', 'qianwei'],
    ] as const
  ).map(([unit, id]) => [unit, actor(id, 'unit_head', unit)]),
);
const LEADER_OF: ReadonlyMap<string, string> = new Map([
  ['31', 'liming'],
  ['32', 'liming'],
  ['33', 'chenjing'],
  ['34', 'chenjing'],
  ['35', 'chenjing'],
]);
const OFFICE = actor('sunli', 'supervision_office');
const REPLY = '已按要求办理完毕，相关问题已整改到位，长效机制已建立。';

/** The demo's clock and service: each step runs at its own moment, and only if that moment has passed. */
class DemoYear {
  clock: Date;
  readonly supervision: Supervision;
  readonly service: SupervisionService;
  readonly todayNumber: number;
  readonly random = lcg(20260101);
  private readonly latest: number;

  constructor(
    readonly manager: EntityManager,
    readonly deadlines: DeadlineService,
    readonly now: Date,
  ) {
    this.clock = now;
    this.supervision = new Supervision(withinTransaction(manager), deadlines, () => this.clock, {
      notifications: false,
    });
    this.service = this.supervision.matters;
    this.latest = now.getTime() - 3_600_000;
    this.todayNumber = shanghaiDayNumber(now);
  }

  /** Runs a step at `when` unless `when` is not yet past (then the step has not happened). */
  async at<T>(when: Date, step: () => Promise<T>): Promise<T | null> {
    if (when.getTime() > this.latest) return null;
    this.clock = when;
    return step();
  }

  /** 09:30 + `minutes` on the Shanghai day `n` days before today. */
  daysAgo(n: number, minutes = 0): Date {
    return shanghaiInstant(this.todayNumber - n, 9 * 60 + 30 + minutes);
  }

  /** The latest moment a step may take: an hour ago. */
  notAfterLatest(when: Date): Date {
    return new Date(Math.min(when.getTime(), this.latest));
  }
}

const plusDays = (d: Date, n: number, minutes = 0) => new Date(d.getTime() + n * 86_400_000 + minutes * 60_000);
const headOf = (unit: string) => HEADS.get(unit) as Actor;

/** Leader instructions, meeting decisions, petitions, netizen messages and commissioned articles, each its story. */
async function seedMatters(year: DemoYear): Promise<void> {
  const { manager, service } = year;
  const lastIndex = MATTERS.length - 1;
  for (const [i, item] of MATTERS.entries()) {
    // The last two are recent: one due soon (an urgent instruction of 3 days ago), one not yet due.
    const assignedAt = year.daysAgo(i === lastIndex ? 2 : i === lastIndex - 1 ? 3 : 335 - i * 8);
    const scenario = scenarioOf(i, lastIndex);
    const input: AssignInput = {
      source: item.source,
      title: item.title,
      content: `${item.title.replace(/^关于|的批示$/g, '')}，请牵头单位会同有关单位抓紧办理，按期报送办理结果。`,
      assignedByUserId: item.source === 'leader_instruction' ? (LEADER_OF.get(item.unit) ?? 'wangjianguo') : null,
      // A returned matter went first to a unit whose remit it is not.
      leadDepartmentId:
        scenario === 'returned'
          ? (['33', '31', '35'].find((u) => u !== item.unit && !item.co?.includes(u)) as string)
          : item.unit,
      coDepartmentIds: item.co ?? [],
      urgent: item.urgent ?? false,
    };
    const matter = await year.at(assignedAt, () => service.assignIn(manager, OFFICE.id, input));
    if (!matter) continue;
    let lead = input.leadDepartmentId;
    let t = assignedAt;
    if (scenario === 'returned') {
      t = plusDays(t, 1, 60);
      await year.at(t, () =>
        service.returnMatterIn(manager, headOf(lead), matter.id, '该事项不属于本单位职责范围，请督查室改派'),
      );
      t = plusDays(t, 1);
      await year.at(t, () =>
        service.reassignIn(manager, OFFICE, matter.id, {
          leadDepartmentId: item.unit,
          coDepartmentIds: item.co ?? [],
          reason: '经核实，改由职能单位牵头办理',
        }),
      );
      lead = item.unit;
    }
    t = plusDays(t, item.urgent ? 0 : 1, 30);
    const reason = item.source === 'petition' ? '已决定受理，书面告知信访人' : null;
    if (!(await year.at(t, () => service.acceptIn(manager, headOf(lead), matter.id, reason)))) continue;
    const deadline = await deadlineOf(manager, matter.id);
    const due = deadline?.dueAt ?? t;
    t = new Date(t.getTime() + Math.max((due.getTime() - t.getTime()) * 0.3, 3_600_000));
    await year.at(t, () =>
      service.reportProgressIn(manager, headOf(lead), matter.id, {
        content: '已召开专题会议研究部署，明确责任科室和时间节点，正在抓紧推进。',
        attachments:
          i % 3 === 0 ? [{ name: '工作方案', url: `https://docs.example.gov.cn/duban/${matter.id}/plan` }] : [],
      }),
    );
    await finishMatter(year, { matterId: matter.id, lead: headOf(lead), scenario, deadline, due, since: t });
  }
}

/** How a matter ends after its first progress report (at `since`): its scenario. 'open' stays in progress. */
async function finishMatter(
  year: DemoYear,
  story: { matterId: number; lead: Actor; scenario: Scenario; deadline: Deadline | null; due: Date; since: Date },
): Promise<void> {
  const { manager, service } = year;
  const { matterId, lead, scenario, deadline, due, since } = story;
  const complete = (at: Date) => year.at(at, () => service.completeIn(manager, lead, matterId, { reply: REPLY }));
  const evaluate = (at: Date, grade: 'excellent' | 'good' | 'fair', comment: string | null) =>
    year.at(at, () => service.evaluateIn(manager, OFFICE.id, matterId, { grade, comment }));
  const urge = (at: Date, text: string) => year.at(at, () => service.urgeIn(manager, OFFICE.id, matterId, text));

  if (scenario === 'on_time' || scenario === 'on_time_evaluated' || scenario === 'returned') {
    const done = new Date(since.getTime() + Math.max((due.getTime() - since.getTime()) * 0.6, 3_600_000));
    if ((await complete(done)) && scenario !== 'on_time') {
      await evaluate(plusDays(done, 2), year.random() < 0.5 ? 'excellent' : 'good', '办理及时，成效明显');
    }
  } else if (scenario === 'late') {
    await urge(plusDays(due, 1, 60), '已超过办理期限，请立即办结');
    const done = plusDays(due, 3, 120);
    if (await complete(done)) await evaluate(plusDays(done, 3), 'fair', '逾期办结');
  } else if (scenario === 'extended') {
    const policy = year.deadlines.rule(deadline?.ruleCode ?? '').extension;
    const askAt = new Date(due.getTime() - 2 * 86_400_000);
    if (!policy || askAt.getTime() <= since.getTime()) return;
    const amount = Math.min(policy.maxAmount, policy.unit === 'month' ? 1 : 5);
    const asked = await year.at(askAt, () =>
      service.requestExtensionIn(manager, lead, matterId, { amount, reason: '涉及多个部门协调，需延长办理时间' }),
    );
    const decider = policy.approverRole === 'organ_head' ? actor('wangjianguo', 'leader') : OFFICE;
    const request = asked ? await lastRequest(manager, matterId) : null;
    if (!request) return;
    await year.at(plusDays(askAt, 1), () =>
      service.decideExtensionIn(manager, decider, matterId, request.id, { approve: true, note: '同意延期' }),
    );
    const done = plusDays(due, 1, 90);
    if (await complete(done)) await evaluate(plusDays(done, 2), 'good', null);
  } else if (scenario === 'overdue') {
    await urge(plusDays(due, 2, 30), '已逾期，请抓紧办理');
    await urge(plusDays(due, 7, 30), '第二次催办，请说明逾期原因');
  }
}

/** 人大代表建议 and 政协委员提案 of this year's session: replies, extensions, one overdue, the deputies' opinions. */
async function seedDeputies(year: DemoYear): Promise<void> {
  const { manager, service } = year;
  for (const [i, item] of DEPUTIES.entries()) {
    const assignedAt = year.daysAgo(item.source === 'npc_suggestion' ? 235 : 233, i);
    const subject = item.title.replace(/^关于|的(建议|提案)$/g, '');
    const matter = await year.at(assignedAt, () =>
      service.assignIn(manager, OFFICE.id, {
        source: item.source,
        title: item.title,
        content: `${item.proposer}${item.source === 'npc_suggestion' ? '代表' : '委员'}提出：${subject}。`,
        proposer: item.proposer,
        leadDepartmentId: item.unit,
        coDepartmentIds: item.co ?? [],
      }),
    );
    if (!matter) continue;
    const lead = headOf(item.unit);
    await year.at(plusDays(assignedAt, 2), () => service.acceptIn(manager, lead, matter.id));
    const due = (await deadlineOf(manager, matter.id))?.dueAt ?? assignedAt;
    await year.at(plusDays(assignedAt, 30), () =>
      service.reportProgressIn(manager, lead, matter.id, { content: '已走访代表委员，听取意见，制定办理方案。' }),
    );
    let done: Date | null;
    if (i === 4 || i === 19) {
      // 涉及面广、处理难度大: one extension (3 + ≤3 months).
      const askAt = plusDays(due, -5);
      await year.at(askAt, () =>
        service.requestExtensionIn(manager, lead, matter.id, { amount: 2, reason: '涉及资金统筹，需延期答复' }),
      );
      const request = await lastRequest(manager, matter.id);
      if (request) {
        await year.at(plusDays(askAt, 1), () =>
          service.decideExtensionIn(manager, OFFICE, matter.id, request.id, { approve: true, note: '同意延期两个月' }),
        );
      }
      done = plusDays(due, 40); // after the original due date, within the extension
    } else if (i === 8) {
      done = null; // still open: overdue and urged
      await year.at(plusDays(due, 3), () =>
        service.urgeIn(manager, OFFICE.id, matter.id, '建议答复已超期，请抓紧办复'),
      );
    } else if (i % 7 === 3) {
      done = plusDays(due, 6);
    } else {
      done = plusDays(assignedAt, 50 + (i % 5) * 6);
    }
    if (!done) continue;
    const completed = await year.at(done, () =>
      service.completeIn(manager, lead, matter.id, {
        reply: `经研究，${subject}工作已纳入年度计划，正按计划推进，并已书面答复。`,
        outcomeClass: OUTCOMES[i % OUTCOMES.length] as 'A',
        metDeputy: i % 6 !== 5,
      }),
    );
    if (completed) {
      await year.at(plusDays(done, 15), () =>
        service.recordFeedbackIn(manager, OFFICE, matter.id, {
          satisfaction: OPINIONS[i % OPINIONS.length] as 'satisfied',
        }),
      );
    }
  }
}

/** 重点工作 with monthly reports: the 5th unit is late every fourth month, the 4th misses one. */
async function seedKeyWork(year: DemoYear): Promise<void> {
  const { manager, service } = year;
  for (const [i, item] of KEY_WORK.entries()) {
    const assignedAt = year.daysAgo(300 - i, 30);
    const matter = await year.at(assignedAt, () =>
      service.assignIn(manager, OFFICE.id, {
        source: 'key_work',
        title: item.title,
        content: `${item.title}，按月报送工作进展，年底前完成年度目标任务。`,
        assignedByUserId: 'wangjianguo',
        leadDepartmentId: item.unit,
        coDepartmentIds: item.co ?? [],
        dueDate: formatISODate(shanghaiDayNumber(assignedAt) + 364),
      }),
    );
    if (!matter) continue;
    const lead = headOf(item.unit);
    await year.at(plusDays(assignedAt, 1), () => service.acceptIn(manager, lead, matter.id));
    const periods = await manager
      .getRepository(MatterPeriod)
      .find({ where: { matterId: matter.id }, order: { period: 'ASC' } });
    for (const [p, period] of periods.entries()) {
      // Reported on the 3rd of the next month.
      const next = firstDayOfMonth(nextMonth(period.period));
      const late = i === 4 && p % 4 === 2;
      if (i === 3 && p === 5) continue;
      await year.at(shanghaiInstant(next + (late ? 8 : 2), 10 * 60), () =>
        service.reportProgressIn(manager, lead, matter.id, {
          content: `${Number(period.period.slice(5))}月份进展：各项任务按序时推进，完成年度目标的${Math.min(100, (p + 1) * 9)}%。`,
          period: period.period,
        }),
      );
    }
  }
}

/** The bulletins of the past months, published on the 3rd of the next month (or now, if that is still to come). */
async function seedBulletins(year: DemoYear): Promise<void> {
  let month = monthOfDay(shanghaiDayNumber(year.daysAgo(335)));
  const current = monthOfDay(year.todayNumber);
  while (month < current) {
    const monthEnd = shanghaiInstant(firstDayOfMonth(nextMonth(month)));
    const publishAt = year.notAfterLatest(shanghaiInstant(firstDayOfMonth(nextMonth(month)) + 2, 10 * 60));
    const published = month;
    if (publishAt.getTime() >= monthEnd.getTime()) {
      await year.at(publishAt, () => year.supervision.bulletins.publish(OFFICE.id, published));
    }
    month = nextMonth(month);
  }
}

/** The matter's own deadline as it stands. */
async function deadlineOf(manager: EntityManager, matterId: number): Promise<Deadline | null> {
  const matter = await manager.getRepository(Matter).findOneByOrFail({ id: matterId });
  return matter.deadlineId ? manager.getRepository(Deadline).findOneBy({ id: matter.deadlineId }) : null;
}

async function lastRequest(manager: EntityManager, matterId: number): Promise<ExtensionRequest | null> {
  return manager.getRepository(ExtensionRequest).findOne({ where: { matterId }, order: { id: 'DESC' } });
}

type Scenario = 'on_time' | 'on_time_evaluated' | 'late' | 'extended' | 'overdue' | 'open' | 'returned';

/** What happens to the i-th demo matter (the last few are recent and still open). */
function scenarioOf(i: number, last: number): Scenario {
  if (i >= last - 1) return 'open';
  if (i === last - 2 || i === last - 4 || i === 9) return 'overdue';
  if (i === 12 || i === 27) return 'returned';
  const cycle: Scenario[] = ['on_time_evaluated', 'on_time', 'late', 'on_time_evaluated', 'extended', 'on_time'];
  return cycle[i % cycle.length] as Scenario;
}

function actor(id: string, role: Role, scope = '*'): Actor {
  return { id, roles: [{ role, scope }] };
}
