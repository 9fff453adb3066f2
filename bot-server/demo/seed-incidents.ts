import type { EntityManager } from 'typeorm';
import type { IncidentCategory, IncidentLevel, IncidentReportChannel } from '../../entities';
import { shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { IncidentService } from '../duty/incidents';
import { withinTransaction } from './within-transaction';

const RECORDER = { id: 'zhenglei', roles: [{ role: 'meeting_office' as const, scope: '*' }] };
const MINUTE = 60_000;

/** Reports upward of a demo incident: minutes after 接报时间, kind, to whom, how. */
type DemoReport = [
  minutes: number,
  kind: 'phone' | 'written' | 'follow_up' | 'final',
  to: string,
  channel: IncidentReportChannel,
];

/** The demo's incidents: days before today, the minute of the day 接报, and what happened. */
const INCIDENTS: {
  daysAgo: number;
  minute: number;
  occurredBefore: number;
  place: string;
  category: IncidentCategory;
  level: IncidentLevel;
  summary: string;
  source: string;
  measures: string;
  reports: DemoReport[];
}[] = [
  {
    daysAgo: 330,
    minute: 2 * 60 + 10,
    occurredBefore: 25,
    place: '城东街道建设路',
    category: 'accident',
    level: 'general',
    summary: '一辆货车与电动自行车相撞，1人轻伤，已送医。',
    source: '区公安分局指挥中心',
    measures: '交警到场处置，道路已恢复通行。',
    reports: [
      [150, 'written', '区委总值班室', 'intranet'],
      [600, 'final', '区委总值班室', 'intranet'],
    ],
  },
  {
    daysAgo: 250,
    minute: 14 * 60 + 40,
    occurredBefore: 30,
    place: '西湖镇沿河村',
    category: 'natural_disaster',
    level: 'large',
    summary: '持续强降雨致沿河村部分农田被淹，转移群众36人，无人员伤亡。',
    source: '区应急管理局',
    measures: '启动防汛IV级应急响应，镇村干部转移群众并设置临时安置点。',
    reports: [
      [20, 'phone', '市政府总值班室', 'phone'],
      [55, 'written', '市政府总值班室', 'intranet'],
      [10 * 60, 'follow_up', '市政府总值班室', 'intranet'],
      [26 * 60, 'final', '市政府总值班室', 'intranet'],
    ],
  },
  {
    daysAgo: 190,
    minute: 21 * 60 + 5,
    occurredBefore: 15,
    place: '工业园区某化工企业',
    category: 'accident',
    level: 'large',
    summary: '企业仓库发生火情，明火已扑灭，无人员伤亡，周边空气监测正常。',
    source: '区消防救援大队',
    measures: '消防、应急、生态环境部门到场处置，企业停产排查。',
    reports: [
      [25, 'phone', '区委总值班室', 'phone'],
      // The written first report came 18 minutes after its limit: recorded as late.
      [78, 'written', '市政府总值班室', 'fax'],
      [8 * 60, 'final', '市政府总值班室', 'intranet'],
    ],
  },
  {
    daysAgo: 120,
    minute: 9 * 60 + 30,
    occurredBefore: 60,
    place: '实验小学',
    category: 'public_health',
    level: 'general',
    summary: '学校报告一个班级出现12例发热、腹泻症状学生，疑似食源性疾病。',
    source: '区教育局',
    measures: '疾控中心流调采样，停用学校食堂，患病学生均已就医。',
    reports: [
      [90, 'written', '区政府总值班室', 'dingtalk'],
      [3 * 24 * 60, 'final', '区政府总值班室', 'intranet'],
    ],
  },
  {
    daysAgo: 45,
    minute: 1 * 60 + 50,
    occurredBefore: 20,
    place: '人民广场周边',
    category: 'social_security',
    level: 'general',
    summary: '部分务工人员聚集反映工资拖欠问题，约20人，现场秩序平稳。',
    source: '城中派出所',
    measures: '区人社局、街道到场接待，当场协调企业作出支付承诺。',
    reports: [
      [40, 'written', '区委总值班室', 'intranet'],
      [5 * 60, 'final', '区委总值班室', 'intranet'],
    ],
  },
  {
    daysAgo: 12,
    minute: 16 * 60 + 20,
    occurredBefore: 10,
    place: '南山林场',
    category: 'natural_disaster',
    level: 'major',
    summary: '林场发生森林火情，过火面积约5公顷，明火已控制，无人员伤亡。',
    source: '区林业局',
    measures: '组织专业扑火队伍120人扑救，疏散周边群众，区领导赶赴现场指挥。',
    reports: [
      [12, 'phone', '市政府总值班室', 'phone'],
      [28, 'written', '市政府总值班室', 'intranet'],
      [6 * 60, 'follow_up', '市政府总值班室', 'intranet'],
      [16 * 60, 'follow_up', '市政府总值班室', 'intranet'],
      [30 * 60, 'final', '市政府总值班室', 'intranet'],
    ],
  },
];

/**
 * 应急值班信息 of the past year, written through the service as 会务 records it: six incidents of every class, their
 * reports upward (one written first report late), each closed by its 终报. Deterministic for a given `now`.
 */
export async function seedIncidentsDemo(manager: EntityManager, now: Date = new Date()): Promise<void> {
  let clock = now;
  const incidents = new IncidentService(withinTransaction(manager), () => clock);
  const today = shanghaiDayNumber(now);
  for (const demo of INCIDENTS) {
    const knownAt = shanghaiInstant(today - demo.daysAgo, demo.minute);
    const last = demo.reports.at(-1)?.[0] ?? 0;
    if (knownAt.getTime() + last * MINUTE > now.getTime()) continue;
    clock = knownAt;
    const incident = await incidents.record(RECORDER, {
      occurredAt: new Date(knownAt.getTime() - demo.occurredBefore * MINUTE),
      knownAt,
      place: demo.place,
      category: demo.category,
      level: demo.level,
      summary: demo.summary,
      source: demo.source,
      measures: demo.measures,
    });
    for (const [minutes, kind, recipient, channel] of demo.reports) {
      clock = new Date(knownAt.getTime() + minutes * MINUTE);
      await incidents.addReport(RECORDER, incident.id, {
        kind,
        recipient,
        channel,
        reportedAt: clock,
        content: kind === 'final' ? '事件处置完毕，现场恢复正常。' : demo.summary,
      });
    }
  }
}
