import { type EntityManager, MoreThan } from 'typeorm';
import { DutyShift, DutyShiftMember } from '../../entities';
import type { WorkCalendar } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { DutySwapService } from '../duty/swaps';
import { withinTransaction } from './within-transaction';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Two 换班 of the demo roster, written through the service (audit rows and notices included): 周涛's 值班 a few days
 * ahead covered by 郑磊 and approved by 吴芳 yesterday, and 孙丽's request that 吴芳 cover a shift a week or more
 * ahead, waiting for her answer — so 我的班次, 换班申请 and the office's list show both states.
 */
export async function seedDutySwapsDemo(manager: EntityManager, calendar: WorkCalendar, now: Date): Promise<void> {
  let clock = now;
  const swaps = new DutySwapService(
    withinTransaction(manager),
    () => calendar,
    () => clock,
  );
  const at = (hoursAgo: number) => {
    clock = new Date(now.getTime() - hoursAgo * HOUR);
  };

  const covered = await staffShift(manager, 'zhoutao', new Date(now.getTime() + 2 * DAY));
  if (covered) {
    at(30);
    const asked = await swaps.request(
      { id: 'zhoutao', office: false },
      { shiftId: covered.id, kind: 'cover', counterpartUserId: 'zhenglei', reason: '随区领导赴乡镇开展专项督查' },
    );
    at(27);
    await swaps.accept({ id: 'zhenglei', office: false }, asked.id);
    at(20);
    await swaps.approve({ id: 'wufang', office: true }, asked.id);
  }
  const open = await staffShift(manager, 'sunli', new Date(now.getTime() + 7 * DAY));
  if (open) {
    at(2);
    await swaps.request(
      { id: 'sunli', office: false },
      { shiftId: open.id, kind: 'cover', counterpartUserId: 'wufang', reason: '参加市委党校中青年干部培训班' },
    );
  }
}

/** The first shift starting after `after` with `userId` among its 值班人员. */
async function staffShift(manager: EntityManager, userId: string, after: Date): Promise<DutyShift | null> {
  const shifts = await manager.getRepository(DutyShift).find({
    where: { startsAt: MoreThan(sqlInstant(manager.connection, after) as Date) },
    order: { startsAt: 'ASC' },
    take: 40,
  });
  for (const shift of shifts) {
    if (await manager.getRepository(DutyShiftMember).existsBy({ shiftId: shift.id, userId })) return shift;
  }
  return null;
}
