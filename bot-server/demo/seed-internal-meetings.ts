import { type EntityManager, In } from 'typeorm';
import { Meeting, MeetingAttendee } from '../../entities';
import { civilDateOf, dayNumberOf, isWeekend, shanghaiInstant } from '../calendar/civil-date';
import { lcg } from './random';

/** The office's people (区政府办公室 and its sections): the Party branch's members in the demo. */
const OFFICE = ['zhaozhiqiang', 'sunli', 'zhoutao', 'wufang', 'zhenglei', 'qianwei'];
const COMMITTEE = ['zhaozhiqiang', 'sunli', 'qianwei'];
const SECRETARIES = ['zhaozhiqiang', 'wufang', 'zhenglei'];

const STUDY_TOPICS = [
  '习近平新时代中国特色社会主义思想',
  '党的二十届四中全会精神',
  '《中国共产党纪律处分条例》',
  '中央八项规定及其实施细则精神',
  '《党政机关公文处理工作条例》',
  '优化营商环境有关政策',
];

interface Plan {
  type: string;
  title: (n: number) => string;
  /** By month: on `day` of the months listed (1–12); by interval: every `every` days from two years ago. */
  months?: number[];
  day?: number;
  every?: number;
  minute: number;
  place: string;
  people: string[];
}

const EVERY_MONTH = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const topic = (n: number) => STUDY_TOPICS[n % STUDY_TOPICS.length] as string;

/** 支部党员大会, 主题党日, 支委会 monthly; 党小组会 every other month; 党课 each quarter; 集中学习 ~30, 秘书集中学习 ~20. */
const PLANS: Plan[] = [
  {
    type: 'branch_committee',
    title: () => '办公室党支部支委会',
    months: EVERY_MONTH,
    day: 5,
    minute: 16 * 60,
    place: '办公室小会议室',
    people: COMMITTEE,
  },
  {
    type: 'branch_assembly',
    title: () => '办公室党支部党员大会',
    months: EVERY_MONTH,
    day: 9,
    minute: 15 * 60,
    place: '区政府三楼会议室',
    people: OFFICE,
  },
  {
    type: 'theme_party_day',
    title: () => '主题党日活动',
    months: EVERY_MONTH,
    day: 20,
    minute: 14 * 60 + 30,
    place: '区政府三楼会议室',
    people: OFFICE,
  },
  {
    type: 'party_cell',
    title: () => '党小组会',
    months: [2, 4, 6, 8, 10, 12],
    day: 14,
    minute: 16 * 60,
    place: '办公室小会议室',
    people: OFFICE,
  },
  {
    type: 'party_lecture',
    title: () => '单位主要领导讲党课',
    months: [3, 6, 9, 12],
    day: 25,
    minute: 15 * 60,
    place: '区政府三楼会议室',
    people: OFFICE,
  },
  {
    type: 'group_study',
    title: (n) => `集中学习：${topic(n)}`,
    every: 12,
    minute: 8 * 60 + 30,
    place: '区政府三楼会议室',
    people: OFFICE,
  },
  {
    type: 'secretary_study',
    title: (n) => `秘书集中学习：${topic(n + 3)}`,
    every: 18,
    minute: 17 * 60,
    place: '秘书科',
    people: SECRETARIES,
  },
];

/** One multi-row INSERT, the generated columns not read back row by row (TypeORM's `insert` would). */
const insertRows = <T extends object>(manager: EntityManager, entity: new () => T, rows: Partial<T>[]) =>
  manager
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(rows as never)
    .updateEntity(false)
    .execute();

/** The next working day from `day` (weekends only: the demo keeps it simple). */
const weekday = (day: number): number => (isWeekend(day) ? weekday(day + 1) : day);

/** The days of a plan in the two years up to today, [today − 730, today). */
function daysOf(plan: Plan, today: number): number[] {
  const first = today - 730;
  if (plan.every) {
    const days: number[] = [];
    for (let day = first + 3; day < today; day += plan.every) days.push(weekday(day));
    return days.filter((day) => day < today);
  }
  const { year } = civilDateOf(today);
  return [year - 2, year - 1, year]
    .flatMap((y) => (plan.months ?? []).map((m) => weekday(dayNumberOf(y, m, plan.day ?? 1))))
    .filter((day) => day >= first && day < today);
}

/**
 * Two years of the office's own internal meetings (党建 and study) up to `today`, as many each year (so that the
 * comparison with last year, 精简会议, stays that of the government's meetings), held, each with its attendees
 * confirmed and signed in on time or on leave (none late or absent: the demo's 违反会风会纪通报 stay as they are).
 * Multi-row inserts (the meetings read back in the order inserted), so the demo stays quick to seed; its own random
 * sequence, so the other meetings do not change.
 */
export async function seedInternalMeetings(manager: EntityManager, today: number): Promise<void> {
  const random = lcg(20261205);
  const planned = PLANS.flatMap((plan) =>
    daysOf(plan, today).map((day, n) => ({ plan, startsAt: shanghaiInstant(day, plan.minute), n })),
  ).sort((a, b) => +a.startsAt - +b.startsAt);
  const meetings = planned.map(({ plan, startsAt, n }) => ({
    type: plan.type,
    title: plan.title(n),
    startsAt,
    endsAt: new Date(startsAt.getTime() + 90 * 60_000),
    place: plan.place,
    organiserUserId: plan.type === 'secretary_study' ? 'wufang' : 'qianwei',
    presiderUserId: 'zhaozhiqiang',
    status: 'held' as const,
    notifiedAt: new Date(startsAt.getTime() - 3 * 86_400_000),
    confirmBy: new Date(startsAt.getTime() - 86_400_000),
    signInCode: String(Math.floor(random() * 1_000_000)).padStart(6, '0'),
  }));
  for (let i = 0; i < meetings.length; i += 100) await insertRows(manager, Meeting, meetings.slice(i, i + 100));
  const saved = await manager.getRepository(Meeting).find({
    select: { id: true, startsAt: true },
    where: { type: In(PLANS.map((p) => p.type)) },
    order: { id: 'ASC' },
  });
  const rows = saved.flatMap((meeting, i) =>
    (planned[i]?.plan.people ?? []).map((userId): Partial<MeetingAttendee> => {
      const respondedAt = new Date(meeting.startsAt.getTime() - (26 + Math.floor(random() * 40)) * 3_600_000);
      const base = { meetingId: meeting.id, userId, departmentId: null, readAt: respondedAt, respondedAt };
      const roll = random();
      if (roll < 0.05) return { ...base, response: 'leave', leaveReason: '外出公务' };
      const signedInAt = new Date(meeting.startsAt.getTime() - (2 + Math.floor(random() * 15)) * 60_000);
      return { ...base, response: 'confirmed', signedInAt, late: false };
    }),
  );
  for (let i = 0; i < rows.length; i += 200) await insertRows(manager, MeetingAttendee, rows.slice(i, i + 200));
}
