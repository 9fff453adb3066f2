import type { EntityManager } from 'typeorm';
import { formatISODate, shanghaiDayNumber } from '../calendar';
import { LedgerService } from '../ledgers/ledgers';
import { RegisterService } from '../ledgers/registers';
import type { Actor } from '../supervision/types';
import { withinTransaction } from './within-transaction';

/** 秘书科 (会务) keeps the registers in the demo; 督查室 keeps the 学习教育 ledger. */
const SECRETARIAT = { id: 'zhenglei', roles: [{ role: 'meeting_office' as const, scope: '*' }] };
const SUPERVISION_OFFICE = { id: 'sunli', roles: [{ role: 'supervision_office' as const, scope: '*' }] };

const RECEPTIONS: [
  string,
  string,
  'provincial' | 'city' | 'other',
  'site_meeting' | 'inspection' | 'research',
  string,
][] = [
  ['02-27', '市政府办公室', 'city', 'inspection', '一季度重点工作推进情况督导'],
  ['03-19', '省政府办公厅', 'provincial', 'research', '政务信息报送工作调研'],
  ['04-23', '市数据局', 'city', 'research', '“一网通办”政务服务改革调研'],
  ['05-15', '省发展改革委', 'provincial', 'site_meeting', '全省重大项目建设现场推进会'],
  ['06-12', '市应急管理局', 'city', 'inspection', '防汛备汛工作督导检查'],
  ['07-08', '市委政法委', 'city', 'research', '基层社会治理工作调研'],
  ['09-17', '省住房城乡建设厅', 'provincial', 'site_meeting', '城镇老旧小区改造现场会'],
  ['10-22', '兄弟县区政府办', 'other', 'research', '督查督办工作交流考察'],
  ['11-13', '市政府督查室', 'city', 'inspection', '民生实事项目推进情况督导'],
];

/** The entries of one demo ledger: month-day, category, what, and an amount in 万元 for the money ones. */
type Entry = [string, string, string, string?, boolean?];

const CAMPAIGN: Entry[] = [
  ['03-08', 'problem_list', '领导班子检视问题清单'],
  ['03-12', 'problem_list', '机关党支部检视问题清单'],
  ['03-15', 'problem', '公文办理时效仍有拖延', undefined, true],
  ['03-15', 'problem', '基层调研次数偏少', undefined, true],
  ['03-22', 'problem', '督办事项反馈不够及时', undefined, true],
  ['04-10', 'practical_deed', '为城南社区协调解决老旧路灯维修'],
  ['05-20', 'practical_deed', '帮助结对村疏通灌溉水渠'],
  ['06-18', 'practical_deed', '为辖区企业集中解答惠企政策'],
  ['09-09', 'practical_deed', '协调解决学校周边交通拥堵'],
  ['11-05', 'problem', '政务信息报送质量有待提高', undefined, false],
];
const PAIRING: Entry[] = [
  ['01-20', 'home_visit', '春节前走访慰问结对困难户'],
  ['02-25', 'home_visit', '入户了解春耕生产困难'],
  ['03-14', 'raised_funds', '机关干部捐款用于助学', '3.6'],
  ['03-28', 'home_visit', '入户宣传医保缴费政策'],
  ['04-16', 'project_funds', '争取危房改造补助资金', '12'],
  ['04-24', 'home_visit', '入户核实危房改造户情况'],
  ['05-22', 'home_visit', '入户走访了解产业发展需求'],
  ['06-19', 'raised_funds', '协调爱心企业捐助', '5.25'],
  ['06-26', 'home_visit', '入户开展防汛安全提醒'],
  ['07-24', 'home_visit', '入户回访危房改造进度'],
  ['08-21', 'home_visit', '入户了解学生入学情况'],
  ['09-25', 'home_visit', '中秋走访慰问结对户'],
  ['10-23', 'home_visit', '入户了解秋收情况'],
  ['11-20', 'home_visit', '入户宣传冬季防火知识'],
];
const CIVIC: Entry[] = [
  ['03-05', 'civic_activity', '机关大院及周边集中大扫除'],
  ['03-20', 'civic_funds', '公益广告宣传牌制作', '4.8'],
  ['04-28', 'civic_activity', '包保路段集中整治'],
  ['06-05', 'civic_activity', '世界环境日集中清扫'],
  ['07-15', 'civic_funds', '包保小区环境提升', '8.35'],
  ['09-26', 'civic_activity', '国庆前集中大扫除'],
  ['11-26', 'civic_activity', '冬季环境卫生集中整治'],
];

/**
 * 荣誉, 接待, 简报 and the 学习教育, 结对帮扶 and 双创 ledgers of last year and of this year up to today, written
 * through their services (audited as any change). Deterministic for a given `now`.
 */
export async function seedLedgersDemo(manager: EntityManager, now: Date = new Date()): Promise<void> {
  const db = withinTransaction(manager);
  const registers = new RegisterService(db, () => now);
  const ledgers = new LedgerService(db, () => now);
  const today = formatISODate(shanghaiDayNumber(now));
  const thisYear = Number(today.slice(0, 4));

  for (const year of [thisYear - 1, thisYear]) {
    const on = (monthDay: string) => `${year}-${monthDay}`;
    const past = (monthDay: string) => on(monthDay) <= today;
    const honours: [string, string, string, 'provincial' | 'city'][] = [
      ['02-26', `${year - 1}年度市级综治先进单位`, '市委政法委', 'city'],
      ['03-18', `${year - 1}年度全省政务信息工作优秀单位`, '省政府办公厅', 'provincial'],
      ['04-20', '市级文明单位', '市精神文明建设委员会', 'city'],
    ];
    for (const [day, name, awardingBody, level] of honours.filter(([d]) => past(d))) {
      await registers.createHonour(SECRETARIAT, {
        name,
        awardingBody,
        level,
        awardYear: year - 1,
        receivedOn: on(day),
      });
    }
    for (const [day, visitingBody, level, kind, topic] of RECEPTIONS.filter(([d]) => past(d))) {
      await registers.createReception(SECRETARIAT, { receivedOn: on(day), visitingBody, level, kind, topic });
    }
    // 五型政府简报 each month on the 10th; 督查专报 each quarter.
    for (let month = 1; month <= 12; month++) {
      const day = `${String(month).padStart(2, '0')}-10`;
      if (!past(day)) continue;
      await registers.createBrief(SECRETARIAT, {
        series: '五型政府简报',
        issueNo: month,
        issuedOn: on(day),
        title: `${month}月全区“五型”政府建设工作动态`,
      });
      if (month % 3 === 0) {
        await registers.createBrief(SECRETARIAT, {
          series: '督查专报',
          issueNo: month / 3,
          issuedOn: on(day),
          title: `第${month / 3}季度重点工作督查情况`,
        });
      }
    }
    const books: [string, 'campaign' | 'pairing' | 'civic', Entry[], Actor][] = [
      [`${year}年学习教育`, 'campaign', CAMPAIGN, SUPERVISION_OFFICE],
      [`${year}年结对帮扶`, 'pairing', PAIRING, SECRETARIAT],
      [`${year}年创建全国文明城市（双创）`, 'civic', CIVIC, SECRETARIAT],
    ];
    for (const [name, kind, entries, keeper] of books) {
      const ledger = await ledgers.create(keeper, { year, kind, name });
      for (const [day, category, title, amount, rectified] of entries.filter(([d]) => past(d))) {
        // A problem found this year is rectified a month later, if that month has come.
        const rectifiedOn = rectified
          ? on(`${String(Number(day.slice(0, 2)) + 1).padStart(2, '0')}-${day.slice(3)}`)
          : null;
        const done = rectifiedOn !== null && rectifiedOn <= today;
        await ledgers.addEntry(keeper, ledger.id, {
          category,
          enteredOn: on(day),
          title,
          amount: amount ?? null,
          rectified: category === 'problem' ? done : null,
          rectifiedOn: done ? rectifiedOn : null,
        });
      }
    }
  }
}
