import type { EntityManager } from 'typeorm';
import { DutyHandover, DutyShift } from '../../entities';
import { CoverageWarnings, shanghaiDayNumber, WorkCalendar } from '../calendar';
import { civilDateOf, dayNumberOf, daysInMonth } from '../calendar/civil-date';
import { generateRoster } from '../duty/generate';

/** 带班领导 and 值班人员 of the demo office's roster. */
const LEADERS = ['zhaozhiqiang', 'liming', 'chenjing'];
const STAFF = ['zhenglei', 'zhoutao', 'wufang', 'sunli'];

/**
 * The demo's 值班表: the fair rotation for this month and the next (one 值班人员 per shift), and a handover entry on
 * the first night shift. Deterministic for a given `now`.
 */
export async function seedDutyDemo(manager: EntityManager, now: Date = new Date()): Promise<void> {
  const { year, month } = civilDateOf(shanghaiDayNumber(now));
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  const period = {
    first: dayNumberOf(year, month, 1),
    last: dayNumberOf(next.year, next.month, daysInMonth(next.year, next.month)),
  };
  // In December the next month lies in a year without a notice yet: its estimate is expected, not worth a warning.
  const calendar = new WorkCalendar({ warnings: new CoverageWarnings(() => {}) });
  await generateRoster(manager, calendar, 'demo', { period, leaderUserIds: LEADERS, staffUserIds: STAFF });
  const first = await manager
    .getRepository(DutyShift)
    .findOneByOrFail({ date: `${year}-${String(month).padStart(2, '0')}-01`, kind: 'night' });
  await manager.insert(DutyHandover, {
    shiftId: first.id,
    authorUserId: first.leaderUserId,
    text: '夜间无突发事件。22:10接区应急管理局电话，通报明日大风蓝色预警，已转告综合科，请白班跟进防范工作落实情况。',
    at: first.endsAt,
  });
}
