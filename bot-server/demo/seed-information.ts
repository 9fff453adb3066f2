import type { EntityManager } from 'typeorm';
import { type AdoptionForm, type AdoptionLevel, Matter } from '../../entities';
import { formatISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { InformationService } from '../information/items';
import { setOutsideRanking } from '../information/rankings';
import type { Actor } from '../supervision/types';
import { lcg } from './random';
import { withinTransaction } from './within-transaction';

const staff = (id: string): Actor => ({ id, roles: [{ role: 'staff', scope: '*' }] });
const OFFICE: Actor = { id: 'zhoutao', roles: [{ role: 'supervision_office', scope: '*' }] };

/** The writers of the demo's 区直 units, and what each unit writes about. */
const UNITS: { writer: Actor; topics: string[] }[] = [
  {
    writer: staff('hemin'),
    topics: ['重大项目建设提速增效', '优化营商环境“一件事”改革', '一季度固定资产投资稳中有进', '县域经济高质量发展'],
  },
  {
    writer: staff('caoxue'),
    topics: ['财政资金直达基层惠企利民', '政府债券资金使用管理', '预算绩效管理全覆盖', '政府采购营商环境提升'],
  },
  {
    writer: staff('yangfan'),
    topics: ['老旧小区改造惠及万户居民', '城南片区安置房建设加快推进', '建筑工地安全生产专项整治', '城市内涝点位整治'],
  },
  {
    writer: staff('qinyue'),
    topics: ['“双减”工作落地见效', '新建中小学学位供给', '教师队伍建设三年行动', '校园安全隐患排查'],
  },
  {
    writer: staff('hanlu'),
    topics: ['困难群众临时救助提速', '居家养老服务中心全覆盖', '社区治理“网格+”模式', '最低生活保障动态管理'],
  },
];

const FORMS: AdoptionForm[] = ['whole', 'part', 'part', 'combined', 'combined'];

/**
 * 政务信息 of the past year, written through the service: about three items a month from the five 区直 units,
 * most reported upward and some adopted (市政府办公室 often, 省政府办公厅 now and then, 国务院办公厅 once), a few
 * with a leader's 批示; two answering the demo's 约稿 matters; this month's items still with the office, one
 * returned; and the office's places in last year's city and province rankings. Deterministic for a given `now`.
 */
export async function seedInformationDemo(manager: EntityManager, now: Date = new Date()): Promise<void> {
  const db = withinTransaction(manager);
  let clock = now;
  const info = new InformationService(db);
  info.pinClock(() => clock);
  const today = shanghaiDayNumber(now);
  const random = lcg(20261206);
  const commissioned = await manager
    .getRepository(Matter)
    .find({ where: { source: 'commissioned_article' }, order: { id: 'ASC' }, take: 2 });
  const at = (day: number, minutes: number) =>
    new Date(Math.min(shanghaiInstant(day, minutes).getTime(), now.getTime()));

  let n = 0;
  for (let daysAgo = 355; daysAgo >= 2; daysAgo -= 10) {
    const unit = UNITS[n % UNITS.length] as (typeof UNITS)[number];
    const topic = unit.topics[Math.floor(n / UNITS.length) % unit.topics.length] as string;
    const answers = unit.writer.id === 'hemin' && n % 10 === 0 ? commissioned.shift() : undefined;
    n++;
    const day = today - daysAgo;
    clock = at(day, 9 * 60);
    const item = await info.create(unit.writer, {
      title: answers ? `${answers.title.replace(/^.*约稿：/, '')}` : `区${topic}`,
      content: `${topic}：近期主要做法、取得成效和下一步打算。`,
      matterId: answers?.id ?? null,
      submit: true,
    });
    // The items of the last three weeks are still with the office; the earlier of them was returned.
    if (daysAgo < 20) {
      if (daysAgo >= 10) {
        clock = at(day, 15 * 60);
        await info.giveBack(OFFICE, item.id, '请补充具体数据和典型案例');
      }
      continue;
    }
    clock = at(day + 1, 10 * 60);
    // Half are edited by the office before they go up (its closing words added).
    if (random() < 0.5) await info.edit(OFFICE, item.id, { content: `${item.content.replace(/。$/, '')}，特此报送。` });
    await info.report(OFFICE, item.id);
    const levels: AdoptionLevel[] = [];
    if (answers || random() < 0.55) levels.push('city');
    if (answers || random() < 0.2) levels.push('province');
    if (n === 13) levels.push('state');
    for (const level of levels) {
      const adopted = day + 3 + Math.floor(random() * 15) + levels.indexOf(level) * 10;
      if (adopted > today) continue;
      clock = at(adopted, 11 * 60);
      const instruction = random() < 0.15 ? level : null;
      const form = FORMS[Math.floor(random() * FORMS.length)] as AdoptionForm;
      await info.adopt(OFFICE, item.id, {
        level,
        form,
        adoptedOn: formatISODate(adopted),
        instructionLevel: instruction,
      });
    }
  }
  clock = now;
  const lastYear = Number(formatISODate(today).slice(0, 4)) - 1;
  await setOutsideRanking(db(), OFFICE, { year: lastYear, scope: 'city', rank: 3 }, now);
  await setOutsideRanking(db(), OFFICE, { year: lastYear, scope: 'province', rank: 21 }, now);
}
