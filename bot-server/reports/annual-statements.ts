/**
 * The year-end summary's words that come from a register rather than a count: the honours the office received
 * (开篇), the titles of the 政务信息 adopted whole (一、2 《XXX》), and the city's and province's rankings of the
 * office's 政务信息 (全市排名第X位，全省排名第X位), which are given from outside and recorded when their notices
 * arrive. Each is a gap (【…】) when nothing is recorded, so the summary never claims what no record backs.
 */
import { Between, type EntityManager } from 'typeorm';
import { InformationAdoption, InformationItem, InformationRanking, OfficeHonour } from '../../entities';
import { parseISODate, shanghaiInstant } from '../calendar';

/** The template's slots filled with a register's words, and 不足 and 打算 drafted from the figures (annual-outlook.ts). */
export const STATEMENT_NAMES = ['honours', 'wholeAdopted', 'rankings', 'shortfalls', 'plans'] as const;

export interface AnnualStatement {
  name: (typeof STATEMENT_NAMES)[number];
  label: string;
  /** As printed, 【…】 marks included. */
  text: string;
  definition: string;
  /** How many records it rests on. */
  records: number;
}

/** Titles named in the summary at most; the rest are counted by 全篇采用N篇. */
const TITLES_NAMED = 3;

const quotedList = (names: readonly string[], open: string, close: string) =>
  names.map((n) => `${open}${n}${close}`).join('、');

export async function registerStatements(manager: EntityManager, year: number): Promise<AnnualStatement[]> {
  const honours = await manager.getRepository(OfficeHonour).find({
    where: { receivedOn: Between(`${year}-01-01`, `${year}-12-31`) },
    order: { receivedOn: 'ASC', id: 'ASC' },
  });
  const start = shanghaiInstant(parseISODate(`${year}-01-01`));
  const end = shanghaiInstant(parseISODate(`${year + 1}-01-01`));
  const whole = (await manager
    .getRepository(InformationAdoption)
    .createQueryBuilder('a')
    .innerJoin(InformationItem, 'i', 'i.id = a.itemId')
    .select('i.title', 'title')
    .addSelect('MIN(a.adoptedAt)', 'first')
    .where("a.form = 'whole'")
    .andWhere('a.adoptedAt >= :start AND a.adoptedAt < :end', { start, end })
    .groupBy('i.id')
    .addGroupBy('i.title')
    .orderBy('first', 'ASC')
    .getRawMany()) as { title: string }[];
  const rankings = await manager.getRepository(InformationRanking).findBy({ year });
  const rankOf = (scope: 'city' | 'province') => rankings.find((r) => r.scope === scope)?.rankNo;
  const city = rankOf('city');
  const province = rankOf('province');
  return [
    {
      name: 'honours',
      label: '获得荣誉',
      text:
        honours.length === 0
          ? '【无记录，待填写：本年度获得的荣誉，无则删去】'
          : `全年获得${quotedList(
              honours.map((h) => h.name),
              '“',
              '”',
            )}${honours.length > 1 ? '等' : ''}荣誉。`,
      definition: '荣誉登记中获得日期在本年的荣誉名称，按获得日期排列',
      records: honours.length,
    },
    {
      name: 'wholeAdopted',
      label: '被全篇采用的信息',
      text:
        whole.length === 0
          ? ''
          : `（${quotedList(
              whole.slice(0, TITLES_NAMED).map((w) => w.title),
              '《',
              '》',
            )}${whole.length > TITLES_NAMED ? '等' : ''}）`,
      definition: `本年被任一层级全篇采用的政务信息标题，按首次全篇采用日期排列，至多列${TITLES_NAMED}篇`,
      records: whole.length,
    },
    {
      name: 'rankings',
      label: '政务信息得分排名',
      text: [
        city === undefined ? '【待填写：政务信息得分全市排名（上级通报后登记）】' : `政务信息得分全市排名第${city}位`,
        province === undefined ? '【待填写：政务信息得分全省排名（上级通报后登记）】' : `全省排名第${province}位`,
      ]
        .join('，')
        .concat('。'),
      definition: '上级通报的本年度政务信息得分全市、全省排名，通报到达后由办公室登记（系统不计算）',
      records: rankings.length,
    },
  ];
}
