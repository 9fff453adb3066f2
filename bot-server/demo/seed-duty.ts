import { Between, type EntityManager, In } from 'typeorm';
import { DutyHandover, DutyShift, DutyShiftMember } from '../../entities';
import { CoverageWarnings, formatISODate, shanghaiDayNumber, WorkCalendar } from '../calendar';
import { civilDateOf, dayNumberOf, daysInMonth } from '../calendar/civil-date';
import { generateRoster } from '../duty/generate';
import { lcg } from './random';
import { seedPastRoster } from './seed-duty-roster';
import { seedDutySwapsDemo } from './seed-duty-swaps';

/** 带班领导 and 值班人员 of the demo office's roster. */
const LEADERS = ['zhaozhiqiang', 'liming', 'chenjing'];
const STAFF = ['zhenglei', 'zhoutao', 'wufang', 'sunli'];

/** Months of roster before this one: the past year, so every past month has its shifts and handovers. */
const PAST_MONTHS = 12;
/** 交接班记录 per past month, on shifts drawn at random among those that have ended. */
const HANDOVERS_PER_MONTH = 4;
const MINUTE = 60_000;

/** What the people on duty write when they hand over, by shift. */
const HANDOVER_TEXTS: Record<'day' | 'night', string[]> = {
  day: [
    '白班接电话5个，其中1件转区民政局办理，已登记；其余当场答复。',
    '接待来访群众1批2人，反映小区物业服务问题，已当场答复并告知投诉渠道。',
    '市政府办公室来电通知周五前报送节前安全检查情况，已转综合科办理，请跟进报送时间。',
    '值班电话、传真、政务内网检查正常，值班记录簿已填写完整。',
    '收到市应急管理局关于做好强降雨防范工作的通知，已呈赵主任阅示，并转发各街道、各部门。',
    '下午区财政局、区住建局报送下周值班安排，已存档备查。',
  ],
  night: [
    '夜间值守正常，无突发事件报告，值班电话畅通。',
    '23:40接市政府总值班室电话，核实我区防汛值守情况，已按要求答复。',
    '凌晨01:20接群众来电反映建设路路灯不亮，已记录并转区住建局，请白班跟进办理情况。',
    '夜间接区应急管理局通报寒潮蓝色预警，已转告各街道值班室做好防范，请白班跟进落实情况。',
    '夜间接电话3个，均为咨询事项，已答复，无需转办。',
    '21:30接区公安分局通报城东街道一起交通事故，无人员死亡，已掌握情况，未达到报送标准。',
  ],
};

/**
 * The demo's 值班表: the fair rotation of the past year up to the end of next month, generated month by month with
 * the same lists (one 值班人员 per shift), a few 交接班记录 in every month, and two 换班 (seed-duty-swaps.ts).
 * Deterministic for a given `now`.
 */
export async function seedDutyDemo(manager: EntityManager, now: Date = new Date()): Promise<void> {
  const { year, month } = civilDateOf(shanghaiDayNumber(now));
  // In December the next month lies in a year without a notice yet: its estimate is expected, not worth a warning.
  const calendar = new WorkCalendar({ warnings: new CoverageWarnings(() => {}) });
  const monthBack = (back: number) => {
    const index = year * 12 + (month - 1) - back;
    return { year: Math.floor(index / 12), month: (index % 12) + 1 };
  };
  const past = Array.from({ length: PAST_MONTHS }, (_, i) => monthBack(PAST_MONTHS - i));
  await seedPastRoster(manager, calendar, past, LEADERS, STAFF);
  // This month and the next as the office generates them (their neighbour: the last shift of last month).
  for (const { year: y, month: m } of [monthBack(0), monthBack(-1)]) {
    const period = { first: dayNumberOf(y, m, 1), last: dayNumberOf(y, m, daysInMonth(y, m)) };
    await generateRoster(manager, calendar, 'demo', { period, leaderUserIds: LEADERS, staffUserIds: STAFF });
  }
  await seedHandovers(manager, now);
  const first = await manager
    .getRepository(DutyShift)
    .findOneByOrFail({ date: `${year}-${String(month).padStart(2, '0')}-01`, kind: 'night' });
  await manager.insert(DutyHandover, {
    shiftId: first.id,
    authorUserId: first.leaderUserId,
    text: '夜间无突发事件。22:10接区应急管理局电话，通报明日大风蓝色预警，已转告综合科，请白班跟进防范工作落实情况。',
    at: first.endsAt,
  });
  await seedDutySwapsDemo(manager, calendar, now);
}

/** HANDOVERS_PER_MONTH entries in each month, on shifts that have ended, by one of their people. */
async function seedHandovers(manager: EntityManager, now: Date): Promise<void> {
  const random = lcg(20261130);
  const today = shanghaiDayNumber(now);
  const shifts = await manager.getRepository(DutyShift).find({
    where: { date: Between(formatISODate(today - 31 * (PAST_MONTHS + 1)), formatISODate(today)) },
    order: { date: 'ASC', kind: 'ASC' },
  });
  const ended = shifts.filter((s) => s.endsAt.getTime() <= now.getTime());
  const members = ended.length
    ? await manager.getRepository(DutyShiftMember).findBy({ shiftId: In(ended.map((s) => s.id)) })
    : [];
  const byMonth = new Map<string, DutyShift[]>();
  for (const s of ended) byMonth.set(s.date.slice(0, 7), [...(byMonth.get(s.date.slice(0, 7)) ?? []), s]);
  const rows: Partial<DutyHandover>[] = [];
  for (const monthShifts of byMonth.values()) {
    const chosen = new Set<DutyShift>();
    for (let k = 0; k < Math.min(HANDOVERS_PER_MONTH, monthShifts.length); k++) {
      let pick = monthShifts[Math.floor(random() * monthShifts.length)] as DutyShift;
      while (chosen.has(pick)) pick = monthShifts[(monthShifts.indexOf(pick) + 1) % monthShifts.length] as DutyShift;
      chosen.add(pick);
    }
    for (const shift of [...chosen].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
      const texts = HANDOVER_TEXTS[shift.kind];
      const staff = members.filter((m) => m.shiftId === shift.id).map((m) => m.userId);
      const authors = [shift.leaderUserId, ...staff];
      rows.push({
        shiftId: shift.id,
        authorUserId: authors[Math.floor(random() * authors.length)] ?? shift.leaderUserId,
        text: texts[Math.floor(random() * texts.length)] ?? (texts[0] as string),
        at: new Date(shift.endsAt.getTime() - (5 + Math.floor(random() * 40)) * MINUTE),
      });
    }
  }
  if (rows.length) await manager.insert(DutyHandover, rows);
}
