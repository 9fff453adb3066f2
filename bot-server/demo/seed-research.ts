import type { EntityManager } from 'typeorm';
import { Matter } from '../../entities';
import { formatISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { DeadlineService } from '../deadlines/deadline-service';
import { createLogger } from '../logging/logger';
import { ResearchService } from '../research/reports';
import { SuggestionService } from '../research/suggestions';
import { Supervision } from '../supervision';
import { withinTransaction } from './within-transaction';

const OFFICE = { id: 'sunli', roles: [{ role: 'supervision_office' as const, scope: '*' }] };
const MEETINGS = { id: 'zhenglei', roles: [{ role: 'meeting_office' as const, scope: '*' }] };

/** The demo's reports: days before today, title, topic, authors, places, and problems (text, unit, turned). */
const REPORTS: {
  daysAgo: number;
  title: string;
  topic: string;
  authors: string[];
  places: string[];
  problems: [string, string | null, boolean][];
  draft?: boolean;
}[] = [
  {
    daysAgo: 340,
    title: '关于全区营商环境优化情况的调研报告',
    topic: '营商环境',
    authors: ['sunli', 'zhoutao'],
    places: ['区行政服务中心', '经济开发区'],
    problems: [
      ['企业开办“一件事”办理仍需线下跑动', '31', true],
      ['涉企检查频次偏高', null, false],
      ['惠企政策兑现周期较长', '32', false],
    ],
  },
  {
    daysAgo: 310,
    title: '关于城南片区老旧小区改造推进情况的调研报告',
    topic: '老旧小区改造',
    authors: ['zhoutao'],
    places: ['城南街道', '区住建局'],
    problems: [
      ['加装电梯审批环节多、周期长', '33', true],
      ['改造资金拨付滞后', '32', false],
      ['居民意见征集不充分', null, false],
      ['施工期间安全管理薄弱', '33', false],
    ],
  },
  {
    daysAgo: 280,
    title: '关于义务教育阶段学位供给情况的调研报告',
    topic: '学位供给',
    authors: ['sunli'],
    places: ['区教育局', '城东学区'],
    problems: [
      ['新建小区配套学校建设滞后', '34', false],
      ['部分学校大班额问题仍存在', '34', false],
    ],
  },
  {
    daysAgo: 250,
    title: '关于困难群众救助政策落实情况的调研报告',
    topic: '社会救助',
    authors: ['zhoutao', 'zhenglei'],
    places: ['区民政局', '西湖街道', '北山社区'],
    problems: [
      ['临时救助审批时限偏长', '35', true],
      ['低保动态管理不够及时', '35', false],
      ['救助信息部门间共享不畅', null, false],
    ],
  },
  {
    daysAgo: 215,
    title: '关于重点项目建设进度的调研报告',
    topic: '重点项目',
    authors: ['sunli', 'zhoutao'],
    places: ['区发改委', '城西综合体项目工地'],
    problems: [
      ['部分项目征迁进度滞后', '33', false],
      ['项目前期手续办理周期长', '31', false],
      ['要素保障协调机制不健全', null, false],
      ['项目资金到位率偏低', '32', false],
      ['个别项目施工组织不力', '31', false],
    ],
  },
  {
    daysAgo: 180,
    title: '关于政府投资项目资金使用情况的调研报告',
    topic: '财政资金',
    authors: ['zhoutao'],
    places: ['区财政局'],
    problems: [
      ['预算执行进度不均衡', '32', false],
      ['项目结余资金清理不及时', '32', false],
    ],
  },
  {
    daysAgo: 150,
    title: '关于农村人居环境整治情况的调研报告',
    topic: '人居环境',
    authors: ['sunli'],
    places: ['青山镇', '石桥村', '柳塘村'],
    problems: [
      ['生活污水处理设施运维不到位', '33', false],
      ['垃圾分类覆盖率不高', null, false],
      ['长效管护机制尚未建立', null, false],
    ],
  },
  {
    daysAgo: 120,
    title: '关于12345热线诉求办理质效的调研报告',
    topic: '热线诉求',
    authors: ['zhenglei', 'zhoutao'],
    places: ['区政务服务热线中心'],
    problems: [
      ['部分诉求重复派单', null, false],
      ['回访满意率波动较大', null, false],
      ['疑难诉求会商机制落实不够', '35', true],
      ['承办单位答复质量参差不齐', null, false],
    ],
  },
  {
    daysAgo: 90,
    title: '关于中小企业融资情况的调研报告',
    topic: '企业融资',
    authors: ['sunli'],
    places: ['区财政局', '经济开发区'],
    problems: [
      ['财政贴息政策知晓率低', '32', false],
      ['担保机构覆盖面不足', '31', false],
    ],
  },
  {
    daysAgo: 60,
    title: '关于校园周边交通安全的调研报告',
    topic: '校园安全',
    authors: ['zhoutao'],
    places: ['城东实验小学', '区教育局'],
    problems: [
      ['上下学高峰拥堵', '34', false],
      ['护学岗人员不足', '34', false],
      ['周边违停治理不到位', null, false],
    ],
  },
  {
    daysAgo: 30,
    title: '关于养老服务设施建设情况的调研报告',
    topic: '养老服务',
    authors: ['sunli', 'zhoutao'],
    places: ['区民政局', '东湖社区居家养老服务中心'],
    problems: [
      ['社区养老服务设施利用率不高', '35', false],
      ['专业护理人员缺口较大', '35', false],
      ['医养结合推进缓慢', null, false],
      ['农村养老服务短板明显', '35', false],
      ['养老服务补贴发放不及时', '32', false],
      ['智慧养老平台应用不足', null, false],
    ],
  },
  {
    daysAgo: 8,
    title: '关于冬季供暖保障情况的调研报告',
    topic: '供暖保障',
    authors: ['zhoutao'],
    places: ['区住建局', '城北供热站'],
    problems: [
      ['老旧管网漏损较多', '33', false],
      ['应急抢修响应不够及时', '33', false],
    ],
    draft: true,
  },
];

const SUGGESTIONS = [
  '建议压实牵头单位责任，倒排工期、挂图作战',
  '建议建立周调度机制，及时协调解决堵点问题',
  '建议加强部门间信息共享，避免重复报送',
  '建议对照时限要求，逐项明确完成节点',
];

/**
 * 调研报告 of the past year, written through the service: a dozen reports (the last a draft) with 2–6 problems each,
 * four of them turned into 交办 matters a few days after the report; 督查建议 and 现场/电话督查 on the first demo
 * matters. Deterministic for a given `now`.
 */
export async function seedResearchDemo(manager: EntityManager, now: Date = new Date()): Promise<void> {
  const db = withinTransaction(manager);
  let clock = now;
  const deadlines = await DeadlineService.load(db, createLogger('silent'));
  const supervision = new Supervision(db, deadlines, () => clock, { notifications: false });
  const research = new ResearchService(db, supervision.matters);
  const suggestions = new SuggestionService(db, () => clock);
  const today = shanghaiDayNumber(now);

  for (const [i, r] of REPORTS.entries()) {
    const recorder = i % 3 === 2 ? MEETINGS : OFFICE;
    const report = await research.create(recorder, {
      title: r.title,
      topic: r.topic,
      authorIds: r.authors,
      places: r.places,
      finishedOn: formatISODate(today - r.daysAgo),
    });
    for (const [text, unit] of r.problems) {
      await research.addProblem(recorder, report.id, { text, departmentId: unit });
    }
    if (r.draft) continue;
    const final = await research.finalise(recorder, report.id);
    // 督查室 turns the chosen problems into matters three days after the report, at ten in the morning.
    clock = new Date(Math.min(shanghaiInstant(today - r.daysAgo + 3, 10 * 60).getTime(), now.getTime()));
    for (const [k, [, , turn]] of r.problems.entries()) {
      const problem = final.problems[k];
      if (turn && problem) {
        await research.turnIntoMatter(OFFICE, report.id, problem.id, { assignedByUserId: 'wangjianguo' });
      }
    }
    clock = now;
  }

  const matters = await manager.getRepository(Matter).find({ order: { id: 'ASC' }, take: 6 });
  for (const [i, m] of matters.entries()) {
    const first = shanghaiDayNumber(m.assignedAt);
    if (first >= today) continue;
    const on = formatISODate(Math.min(first + 5 + i, today));
    await suggestions.create(OFFICE, m.id, { text: SUGGESTIONS[i % SUGGESTIONS.length] as string, madeOn: on });
    await suggestions.recordInspection(OFFICE, m.id, {
      kind: i % 2 ? 'phone' : 'site',
      on,
      note: i % 2 ? '电话了解推进情况' : '实地查看现场进度',
    });
  }
}
