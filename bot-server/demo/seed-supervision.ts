import type { EntityManager } from 'typeorm';
import { Deadline, ExtensionRequest, Matter, MatterPeriod, type MatterSource, type Role } from '../../entities';
import { formatISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { DeadlineService } from '../deadlines/deadline-service';
import { createLogger } from '../logging/logger';
import { Supervision } from '../supervision';
import type { Actor, AssignInput } from '../supervision/matter-service';
import { firstDayOfMonth, monthOfDay, nextMonth } from '../supervision/months';
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
  let clock = now;
  const supervision = new Supervision(db, deadlines, () => clock, { notifications: false });
  const service = supervision.matters;
  const latest = now.getTime() - 3_600_000;
  /** Runs a step at `at` unless `at` is not yet past (then the step has not happened). */
  const at = async <T>(when: Date, step: () => Promise<T>): Promise<T | null> => {
    if (when.getTime() > latest) return null;
    clock = when;
    return step();
  };
  const day = (d: Date) => shanghaiDayNumber(d);
  const todayNumber = day(now);
  /** 09:30 + `minutes` on the Shanghai day `n` days before today. */
  const daysAgo = (n: number, minutes = 0) => shanghaiInstant(todayNumber - n, 9 * 60 + 30 + minutes);
  const plusDays = (d: Date, n: number, minutes = 0) => new Date(d.getTime() + n * 86_400_000 + minutes * 60_000);
  const random = lcg(20260101);

  const office = actor('sunli', 'supervision_office');
  const heads: Record<string, Actor> = {
    '31': actor('fenggang', 'unit_head', '31'),
    '32': actor('xuqiang', 'unit_head', '32'),
    '33': actor('hanbing', 'unit_head', '33'),
    '34': actor('zhudan', 'unit_head', '34'),
    '35': actor('shenhong', 'unit_head', '35'),
    '23': actor('qianwei', 'unit_head', '23'),
  };
  const leaderOf: Record<string, string> = {
    '31': 'liming',
    '32': 'liming',
    '33': 'chenjing',
    '34': 'chenjing',
    '35': 'chenjing',
  };
  const headOf = (unit: string) => heads[unit] as Actor;

  // ---- leader instructions, meeting decisions, petitions, netizen messages, commissioned articles ----
  const items: { source: MatterSource; title: string; unit: string; co?: string[]; urgent?: boolean }[] = [
    { source: 'leader_instruction', title: '关于加快推进城区老旧小区改造工作的批示', unit: '33', co: ['32'] },
    { source: 'meeting_decision', title: '区政府常务会议议定：制定全区重点项目融资方案', unit: '32', co: ['31'] },
    { source: 'leader_instruction', title: '关于做好冬季安全生产隐患排查工作的批示', unit: '33', urgent: true },
    { source: 'netizen_message', title: '网民反映滨江路段路灯损坏问题', unit: '33' },
    { source: 'commissioned_article', title: '省政府办公厅约稿：我区“放管服”改革经验做法', unit: '31' },
    { source: 'leader_instruction', title: '关于落实困难群众临时救助资金发放的批示', unit: '35', co: ['32'] },
    { source: 'meeting_decision', title: '区政府常务会议议定：研究老年助餐服务点布局', unit: '35' },
    { source: 'petition', title: '市信访局交办：阳光花园小区物业纠纷信访事项', unit: '33' },
    { source: 'leader_instruction', title: '关于解决实验小学周边上下学交通拥堵问题的批示', unit: '34', co: ['33'] },
    { source: 'leader_instruction', title: '关于优化营商环境推进“一网通办”的批示', unit: '31' },
    { source: 'netizen_message', title: '网民反映城南幼儿园收费问题', unit: '34' },
    { source: 'meeting_decision', title: '区政府常务会议议定：完善保障性租赁住房筹集计划', unit: '33', co: ['32'] },
    { source: 'leader_instruction', title: '关于盘活闲置国有资产的批示', unit: '32' },
    { source: 'commissioned_article', title: '市政府办公室约稿：民生实事项目办理情况', unit: '35' },
    { source: 'leader_instruction', title: '关于加强校园食品安全管理的批示', unit: '34', urgent: true },
    { source: 'petition', title: '省信访局交办：东湖路拆迁补偿信访事项', unit: '33', co: ['32'] },
    { source: 'meeting_decision', title: '区政府常务会议议定：编制义务教育学位扩容计划', unit: '34', co: ['31'] },
    { source: 'leader_instruction', title: '关于做好防汛备汛物资储备的批示', unit: '35' },
    { source: 'netizen_message', title: '网民反映新区农贸市场周边占道经营问题', unit: '33' },
    { source: 'leader_instruction', title: '关于加快专项债券项目支出进度的批示', unit: '32', co: ['31'] },
    { source: 'meeting_decision', title: '区政府常务会议议定：推进社区养老服务综合体建设', unit: '35', co: ['33'] },
    { source: 'leader_instruction', title: '关于规范校外培训机构管理的批示', unit: '34' },
    { source: 'leader_instruction', title: '关于做好重点企业用工保障的批示', unit: '31' },
    { source: 'commissioned_article', title: '省政府办公厅约稿：县域经济高质量发展典型做法', unit: '31' },
    { source: 'leader_instruction', title: '关于做好残疾人两项补贴精准发放的批示', unit: '35', co: ['32'] },
    { source: 'netizen_message', title: '网民反映城西片区供水压力不足问题', unit: '33' },
    { source: 'meeting_decision', title: '区政府常务会议议定：落实预算绩效管理改革', unit: '32' },
    { source: 'leader_instruction', title: '关于加快项目前期手续办理的批示', unit: '31', co: ['33'] },
    { source: 'leader_instruction', title: '关于推进教师周转房建设的批示', unit: '34', co: ['33'] },
    { source: 'petition', title: '市信访局交办：和平里社区低保认定信访事项', unit: '35' },
    { source: 'leader_instruction', title: '关于整治老旧小区消防通道占用问题的批示', unit: '33', urgent: true },
    { source: 'meeting_decision', title: '区政府常务会议议定：建立重大项目周调度机制', unit: '31' },
    { source: 'leader_instruction', title: '关于清理拖欠中小企业账款的批示', unit: '32', co: ['31'] },
    { source: 'netizen_message', title: '网民反映中学食堂饭菜质量问题', unit: '34' },
    { source: 'leader_instruction', title: '关于做好冬季困难群众取暖保障的批示', unit: '35' },
    { source: 'leader_instruction', title: '关于推进城市道路“白改黑”工程的批示', unit: '33' },
    { source: 'meeting_decision', title: '区政府常务会议议定：开展财政资金专项检查', unit: '32' },
    { source: 'leader_instruction', title: '关于落实营商环境投诉快速响应机制的批示', unit: '31' },
    { source: 'leader_instruction', title: '关于做好中考组织保障工作的批示', unit: '34', urgent: true },
    { source: 'leader_instruction', title: '关于加快城区雨污分流改造的批示', unit: '33', co: ['32'] },
  ];
  const lastIndex = items.length - 1;
  for (const [i, item] of items.entries()) {
    // The last two are recent: one due soon (an urgent instruction of 3 days ago), one not yet due.
    const assignedAt = daysAgo(i === lastIndex ? 2 : i === lastIndex - 1 ? 3 : 335 - i * 8);
    const scenario = scenarioOf(i, lastIndex);
    const input: AssignInput = {
      source: item.source,
      title: item.title,
      content: `${item.title.replace(/^关于|的批示$/g, '')}，请牵头单位会同有关单位抓紧办理，按期报送办理结果。`,
      assignedByUserId: item.source === 'leader_instruction' ? (leaderOf[item.unit] ?? 'wangjianguo') : null,
      // A returned matter went first to a unit whose remit it is not.
      leadDepartmentId:
        scenario === 'returned'
          ? (['33', '31', '35'].find((u) => u !== item.unit && !item.co?.includes(u)) as string)
          : item.unit,
      coDepartmentIds: item.co ?? [],
      urgent: item.urgent ?? false,
    };
    const matter = await at(assignedAt, () => service.assignIn(manager, office.id, input));
    if (!matter) continue;
    let lead = input.leadDepartmentId;
    let t = assignedAt;
    if (scenario === 'returned') {
      t = plusDays(t, 1, 60);
      await at(t, () =>
        service.returnMatterIn(manager, headOf(lead), matter.id, '该事项不属于本单位职责范围，请督查室改派'),
      );
      t = plusDays(t, 1);
      await at(t, () =>
        service.reassignIn(manager, office, matter.id, {
          leadDepartmentId: item.unit,
          coDepartmentIds: item.co ?? [],
          reason: '经核实，改由职能单位牵头办理',
        }),
      );
      lead = item.unit;
    }
    t = plusDays(t, item.urgent ? 0 : 1, 30);
    if (
      !(await at(t, () =>
        service.acceptIn(
          manager,
          headOf(lead),
          matter.id,
          item.source === 'petition' ? '已决定受理，书面告知信访人' : null,
        ),
      ))
    ) {
      continue;
    }
    const deadline = await deadlineOf(manager, matter.id);
    const due = deadline?.dueAt ?? t;
    const span = due.getTime() - t.getTime();
    t = new Date(t.getTime() + Math.max(span * 0.3, 3_600_000));
    await at(t, () =>
      service.reportProgressIn(manager, headOf(lead), matter.id, {
        content: '已召开专题会议研究部署，明确责任科室和时间节点，正在抓紧推进。',
        attachments:
          i % 3 === 0 ? [{ name: '工作方案', url: `https://docs.example.gov.cn/duban/${matter.id}/plan` }] : [],
      }),
    );
    const replies = '已按要求办理完毕，相关问题已整改到位，长效机制已建立。';
    if (scenario === 'on_time' || scenario === 'on_time_evaluated' || scenario === 'returned') {
      const done = new Date(t.getTime() + Math.max((due.getTime() - t.getTime()) * 0.6, 3_600_000));
      if (await at(done, () => service.completeIn(manager, headOf(lead), matter.id, { reply: replies }))) {
        if (scenario !== 'on_time') {
          await at(plusDays(done, 2), () =>
            service.evaluateIn(manager, office.id, matter.id, {
              grade: random() < 0.5 ? 'excellent' : 'good',
              comment: '办理及时，成效明显',
            }),
          );
        }
      }
    } else if (scenario === 'late') {
      await at(plusDays(due, 1, 60), () => service.urgeIn(manager, office.id, matter.id, '已超过办理期限，请立即办结'));
      const done = plusDays(due, 3, 120);
      if (await at(done, () => service.completeIn(manager, headOf(lead), matter.id, { reply: replies }))) {
        await at(plusDays(done, 3), () =>
          service.evaluateIn(manager, office.id, matter.id, { grade: 'fair', comment: '逾期办结' }),
        );
      }
    } else if (scenario === 'extended') {
      const rule = deadlines.rule(deadline?.ruleCode ?? '');
      const policy = rule.extension;
      const askAt = new Date(due.getTime() - 2 * 86_400_000);
      if (policy && askAt.getTime() > t.getTime()) {
        const amount = Math.min(policy.maxAmount, policy.unit === 'month' ? 1 : 5);
        const asked = await at(askAt, () =>
          service.requestExtensionIn(manager, headOf(lead), matter.id, {
            amount,
            reason: '涉及多个部门协调，需延长办理时间',
          }),
        );
        const decider = policy.approverRole === 'organ_head' ? actor('wangjianguo', 'leader') : office;
        const request = asked ? await lastRequest(manager, matter.id) : null;
        if (request) {
          await at(plusDays(askAt, 1), () =>
            service.decideExtensionIn(manager, decider, matter.id, request.id, { approve: true, note: '同意延期' }),
          );
          const done = plusDays(due, 1, 90);
          if (await at(done, () => service.completeIn(manager, headOf(lead), matter.id, { reply: replies }))) {
            await at(plusDays(done, 2), () =>
              service.evaluateIn(manager, office.id, matter.id, { grade: 'good', comment: null }),
            );
          }
        }
      }
    } else if (scenario === 'overdue') {
      await at(plusDays(due, 2, 30), () => service.urgeIn(manager, office.id, matter.id, '已逾期，请抓紧办理'));
      await at(plusDays(due, 7, 30), () => service.urgeIn(manager, office.id, matter.id, '第二次催办，请说明逾期原因'));
    }
    // 'open': accepted and in progress.
  }

  // ---- 人大代表建议 and 政协委员提案 of this year's session ----
  const deputies: { source: MatterSource; title: string; proposer: string; unit: string; co?: string[] }[] = [
    { source: 'npc_suggestion', title: '关于加快老旧小区加装电梯的建议', proposer: '刘建华', unit: '33' },
    { source: 'npc_suggestion', title: '关于增加城区公办幼儿园学位的建议', proposer: '张敏', unit: '34' },
    { source: 'npc_suggestion', title: '关于完善农村养老服务设施的建议', proposer: '王海军', unit: '35', co: ['32'] },
    { source: 'npc_suggestion', title: '关于优化工业园区配套服务的建议', proposer: '陈立新', unit: '31' },
    {
      source: 'npc_suggestion',
      title: '关于加大中小企业纾困资金支持的建议',
      proposer: '李红梅',
      unit: '32',
      co: ['31'],
    },
    { source: 'npc_suggestion', title: '关于整治城区背街小巷环境的建议', proposer: '赵文斌', unit: '33' },
    { source: 'npc_suggestion', title: '关于提高乡村教师待遇的建议', proposer: '周晓燕', unit: '34', co: ['32'] },
    { source: 'npc_suggestion', title: '关于加强社区残疾人康复服务的建议', proposer: '吴国庆', unit: '35' },
    { source: 'npc_suggestion', title: '关于加快城南片区道路建设的建议', proposer: '郑志刚', unit: '33', co: ['31'] },
    { source: 'npc_suggestion', title: '关于规范政府投资项目审批的建议', proposer: '孙丽华', unit: '31' },
    { source: 'npc_suggestion', title: '关于加强中小学课后服务的建议', proposer: '马晓东', unit: '34' },
    { source: 'npc_suggestion', title: '关于提高城乡低保标准的建议', proposer: '黄秀英', unit: '35', co: ['32'] },
    { source: 'npc_suggestion', title: '关于推进政府采购透明化的建议', proposer: '林志强', unit: '32' },
    { source: 'npc_suggestion', title: '关于增设城区公共停车场的建议', proposer: '何建平', unit: '33' },
    { source: 'cppcc_proposal', title: '关于推动数字经济与实体经济融合发展的提案', proposer: '民建区委会', unit: '31' },
    { source: 'cppcc_proposal', title: '关于促进职业教育产教融合的提案', proposer: '钱文华', unit: '34', co: ['31'] },
    { source: 'cppcc_proposal', title: '关于完善社区居家养老服务的提案', proposer: '农工党区委会', unit: '35' },
    { source: 'cppcc_proposal', title: '关于加强历史街区保护利用的提案', proposer: '冯少华', unit: '33' },
    { source: 'cppcc_proposal', title: '关于优化财政支出结构的提案', proposer: '蒋丽', unit: '32' },
    { source: 'cppcc_proposal', title: '关于加强学生心理健康教育的提案', proposer: '民进区委会', unit: '34' },
    {
      source: 'cppcc_proposal',
      title: '关于推进城市社区嵌入式服务设施建设的提案',
      proposer: '韩志明',
      unit: '35',
      co: ['33'],
    },
    { source: 'cppcc_proposal', title: '关于支持小微企业融资担保的提案', proposer: '谢冬梅', unit: '32', co: ['31'] },
  ];
  const outcomes = ['A', 'A', 'B', 'A', 'B', 'A', 'C', 'A', 'B', 'A', 'D', 'A', 'B', 'A'] as const;
  const opinions = ['satisfied', 'satisfied', 'basically_satisfied', 'satisfied', 'satisfied', 'dissatisfied'] as const;
  for (const [i, item] of deputies.entries()) {
    const assignedAt = daysAgo(item.source === 'npc_suggestion' ? 235 : 233, i);
    const matter = await at(assignedAt, () =>
      service.assignIn(manager, office.id, {
        source: item.source,
        title: item.title,
        content: `${item.proposer}${item.source === 'npc_suggestion' ? '代表' : '委员'}提出：${item.title.replace(/^关于|的(建议|提案)$/g, '')}。`,
        proposer: item.proposer,
        leadDepartmentId: item.unit,
        coDepartmentIds: item.co ?? [],
      }),
    );
    if (!matter) continue;
    const lead = headOf(item.unit);
    await at(plusDays(assignedAt, 2), () => service.acceptIn(manager, lead, matter.id));
    const due = (await deadlineOf(manager, matter.id))?.dueAt ?? assignedAt;
    await at(plusDays(assignedAt, 30), () =>
      service.reportProgressIn(manager, lead, matter.id, { content: '已走访代表委员，听取意见，制定办理方案。' }),
    );
    let done: Date | null;
    if (i === 4 || i === 19) {
      // 涉及面广、处理难度大: one extension (3 + ≤3 months).
      const askAt = plusDays(due, -5);
      await at(askAt, () =>
        service.requestExtensionIn(manager, lead, matter.id, { amount: 2, reason: '涉及资金统筹，需延期答复' }),
      );
      const request = await lastRequest(manager, matter.id);
      if (request) {
        await at(plusDays(askAt, 1), () =>
          service.decideExtensionIn(manager, office, matter.id, request.id, { approve: true, note: '同意延期两个月' }),
        );
      }
      done = plusDays(due, 40); // after the original due date, within the extension
    } else if (i === 8) {
      done = null; // still open: overdue and urged
      await at(plusDays(due, 3), () => service.urgeIn(manager, office.id, matter.id, '建议答复已超期，请抓紧办复'));
    } else if (i % 7 === 3) {
      done = plusDays(due, 6);
    } else {
      done = plusDays(assignedAt, 50 + (i % 5) * 6);
    }
    if (!done) continue;
    const completed = await at(done, () =>
      service.completeIn(manager, lead, matter.id, {
        reply: `经研究，${item.title.replace(/^关于|的(建议|提案)$/g, '')}工作已纳入年度计划，正按计划推进，并已书面答复。`,
        outcomeClass: outcomes[i % outcomes.length] as 'A',
        metDeputy: i % 6 !== 5,
      }),
    );
    if (completed) {
      await at(plusDays(done, 15), () =>
        service.recordFeedbackIn(manager, office, matter.id, {
          satisfaction: opinions[i % opinions.length] as 'satisfied',
        }),
      );
    }
  }

  // ---- 重点工作 with monthly reports ----
  const keyWork: { title: string; unit: string; co?: string[] }[] = [
    { title: '全区重点项目建设“百日攻坚”行动', unit: '31', co: ['32', '33'] },
    { title: '城市更新三年行动计划年度任务', unit: '33', co: ['31'] },
    { title: '义务教育优质均衡发展创建', unit: '34', co: ['32'] },
    { title: '养老服务体系建设提质增效', unit: '35' },
    { title: '财政收支平衡与债务风险防控', unit: '32' },
  ];
  for (const [i, item] of keyWork.entries()) {
    const assignedAt = daysAgo(300 - i, 30);
    const matter = await at(assignedAt, () =>
      service.assignIn(manager, office.id, {
        source: 'key_work',
        title: item.title,
        content: `${item.title}，按月报送工作进展，年底前完成年度目标任务。`,
        assignedByUserId: 'wangjianguo',
        leadDepartmentId: item.unit,
        coDepartmentIds: item.co ?? [],
        dueDate: formatISODate(day(assignedAt) + 364),
      }),
    );
    if (!matter) continue;
    const lead = headOf(item.unit);
    await at(plusDays(assignedAt, 1), () => service.acceptIn(manager, lead, matter.id));
    const periods = await manager
      .getRepository(MatterPeriod)
      .find({ where: { matterId: matter.id }, order: { period: 'ASC' } });
    for (const [p, period] of periods.entries()) {
      // Reported on the 3rd of the next month; the 5th unit is late every fourth month and misses one.
      const next = firstDayOfMonth(nextMonth(period.period));
      const late = i === 4 && p % 4 === 2;
      if (i === 3 && p === 5) continue;
      await at(shanghaiInstant(next + (late ? 8 : 2), 10 * 60), () =>
        service.reportProgressIn(manager, lead, matter.id, {
          content: `${period.period} 月度进展：各项任务按序时推进，完成年度目标的 ${Math.min(100, (p + 1) * 9)}%。`,
          period: period.period,
        }),
      );
    }
  }

  // ---- the bulletins of the past months, published on the 3rd of the next month ----
  let month = monthOfDay(day(daysAgo(335)));
  const current = monthOfDay(todayNumber);
  while (month < current) {
    // On the 3rd of the next month, or now if that is still to come (the schedule then finds it published).
    const monthEnd = shanghaiInstant(firstDayOfMonth(nextMonth(month)));
    const publishAt = new Date(
      Math.min(shanghaiInstant(firstDayOfMonth(nextMonth(month)) + 2, 10 * 60).getTime(), latest),
    );
    if (publishAt.getTime() >= monthEnd.getTime())
      await at(publishAt, () => supervision.bulletins.publish(office.id, month));
    month = nextMonth(month);
  }
  clock = now;
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

/** A small deterministic generator (the demo is the same every time). */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
