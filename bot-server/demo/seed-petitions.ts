import type { EntityManager } from 'typeorm';
import { CALLER_TYPES, type CallerType } from '../../entities';
import { shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { DeadlineService } from '../deadlines/deadline-service';
import { PetitionService } from '../duty/petitions';
import { PhoneLogService } from '../duty/phone-log';
import { createLogger } from '../logging/logger';
import { Supervision } from '../supervision';
import { lcg } from './random';
import { withinTransaction } from './within-transaction';

const RECORDER = { id: 'zhenglei', roles: [{ role: 'meeting_office' as const, scope: '*' }] };
const SUPERVISION_OFFICE = { id: 'sunli', roles: [{ role: 'supervision_office' as const, scope: '*' }] };

/** The demo's visits: days before today, people, the representative, the matter, its unit and how it was handled. */
const VISITS: {
  daysAgo: number;
  petitioners: number;
  name: string;
  contact: string | null;
  content: string;
  unit: string;
  handling: string;
  outcome: 'answered' | 'referred' | null;
}[] = [
  {
    daysAgo: 280,
    petitioners: 1,
    name: '刘桂兰',
    contact: '13905710231',
    content: '咨询城乡居民医保缴费标准',
    unit: '35',
    handling: '当场解释政策',
    outcome: 'answered',
  },
  {
    daysAgo: 215,
    petitioners: 2,
    name: '陈国庆',
    contact: '13757102846',
    content: '反映小区地下车库长期积水',
    unit: '33',
    handling: '转区住建局调查处理',
    outcome: 'referred',
  },
  {
    daysAgo: 160,
    petitioners: 8,
    name: '王建军',
    contact: '15858103377',
    content: '反映城南片区征迁安置房交付延期',
    unit: '33',
    handling: '接谈代表，转区住建局核实',
    outcome: 'referred',
  },
  {
    daysAgo: 118,
    petitioners: 1,
    name: '赵红梅',
    contact: null,
    content: '咨询义务教育阶段转学手续',
    unit: '34',
    handling: '当场告知办理流程',
    outcome: 'answered',
  },
  {
    daysAgo: 75,
    petitioners: 3,
    name: '王建军',
    contact: '15858103377',
    content: '再次反映城南片区安置房交付延期',
    unit: '33',
    handling: '转区住建局，要求书面答复',
    outcome: 'referred',
  },
  {
    daysAgo: 40,
    petitioners: 1,
    name: '孙立新',
    contact: '18967105512',
    content: '反映企业技改补贴申报未获答复',
    unit: '31',
    handling: '联系区发改委了解进展',
    outcome: 'referred',
  },
  {
    daysAgo: 12,
    petitioners: 2,
    name: '李秀英',
    contact: '13588106620',
    content: '反映困难家庭临时救助申请办理缓慢',
    unit: '35',
    handling: '登记后报督查室',
    outcome: null,
  },
  {
    daysAgo: 3,
    petitioners: 1,
    name: '周海波',
    contact: '13606719984',
    content: '咨询个体工商户财政贴息政策',
    unit: '32',
    handling: '当场答复',
    outcome: 'answered',
  },
];

const TOPICS: Record<CallerType, string[]> = {
  public: ['咨询办事时间', '反映路灯不亮', '咨询社保办理', '反映噪音扰民', '咨询入学政策', '反映道路积水'],
  superior: ['市政府值班室询问汛情', '市政府办公室通知报送材料', '市应急局核实突发事件信息'],
  department: ['区财政局报送值班安排', '街道办报告停水情况', '区住建局报告工地安全检查'],
  other: ['媒体记者咨询采访安排', '企业咨询项目申报'],
};

/**
 * 信访接待 and the duty phone log of the past year, written through their services: visits (one collective, one
 * repeat of it, one turned into a 信访 matter by 督查室) and about 25 calls a month. Deterministic for a given `now`.
 */
export async function seedPetitionsDemo(manager: EntityManager, now: Date = new Date()): Promise<void> {
  const db = withinTransaction(manager);
  let clock = now;
  const deadlines = await DeadlineService.load(db, createLogger('silent'));
  const supervision = new Supervision(db, deadlines, () => clock, { notifications: false });
  const petitions = new PetitionService(db, supervision.matters);
  const phoneLog = new PhoneLogService(db, supervision.matters);
  const today = shanghaiDayNumber(now);

  const ids: number[] = [];
  for (const [i, v] of VISITS.entries()) {
    const visitedAt = shanghaiInstant(today - v.daysAgo, 9 * 60 + 15 * i);
    const visit = await petitions.register(RECORDER, {
      visitedAt: visitedAt.getTime() < now.getTime() ? visitedAt : now,
      petitioners: v.petitioners,
      representativeName: v.name,
      representativeContact: v.contact,
      content: v.content,
      departmentId: v.unit,
      handling: v.handling,
      outcome: v.outcome,
    });
    ids.push(visit.id);
  }
  // 重复访: the second visit about the resettlement housing follows the collective one.
  await petitions.linkRepeat(RECORDER, ids[4] as number, ids[2] as number);
  // 督查室 turns the relief application into a matter two hours after the visit.
  clock = new Date(Math.min(shanghaiInstant(today - 12, 11 * 60).getTime(), now.getTime()));
  await petitions.turnIntoMatter(SUPERVISION_OFFICE, ids[6] as number, { title: '困难家庭临时救助申请办理缓慢' });
  clock = now;

  const random = lcg(20261205);
  const types: CallerType[] = [...CALLER_TYPES, 'public', 'public', 'public', 'department'];
  for (let daysAgo = 360; daysAgo >= 0; daysAgo--) {
    const calls = Math.floor(random() * 2) + (random() < 0.3 ? 1 : 0);
    for (let k = 0; k < calls; k++) {
      const calledAt = shanghaiInstant(today - daysAgo, Math.floor(random() * 24 * 60));
      if (calledAt.getTime() > now.getTime()) continue;
      const callerType = types[Math.floor(random() * types.length)] ?? 'public';
      const topics = TOPICS[callerType];
      const referred = random() < 0.25;
      await phoneLog.record(RECORDER, {
        calledAt,
        callerType,
        topic: topics[Math.floor(random() * topics.length)] ?? topics[0] ?? '来电咨询',
        outcome: referred ? 'referred' : 'answered',
        referredDepartmentId: referred ? String(31 + Math.floor(random() * 5)) : null,
      });
    }
  }
}
