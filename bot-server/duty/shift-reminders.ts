/**
 * 值班提醒: each person of a shift (its 带班领导 and 值班人员) is told the day before (at `EVE_NOTICE_MINUTE`) and at
 * the shift's start, by a work notice through the outbox. Just in time, from the roster as it is: a pass writes a
 * notice only once its send instant has come, reading the shifts and their people then, so a person swapped onto a
 * shift (or put there by a hand edit) is told and the one taken off is not. Each notice's idempotency key names the
 * shift, the kind, the person and the shift's start, so two passes (or two processes) write it once; its `expiresAt`
 * keeps the dispatcher from sending it late (a day-before notice once the shift began, a start notice once it ended).
 */
import { And, type DataSource, type EntityManager, In, LessThanOrEqual, MoreThan } from 'typeorm';
import { DutyShift, DutyShiftMember } from '../../entities';
import {
  formatISODate,
  formatShanghaiInstant,
  shanghaiDayNumber,
  shanghaiInstant,
  type WorkCalendar,
} from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { enqueueNotifications, type NewNotification } from '../reminders/outbox';
import { SHIFT_LABELS } from './pattern';
import { dayStatus, userNames } from './views';

/**
 * The day-before notice goes out at 16:00 Shanghai on the day before the shift's date: within office hours on a
 * working day, late enough that the roster of the morrow is settled, early enough to arrange one's evening. The
 * office's choice (no rule sets it).
 */
export const EVE_NOTICE_MINUTE = 16 * 60;

/**
 * A pass looks back to the previous one, but never further than this: a server started after days away does not
 * send the notices of shifts long begun (a day-before notice after 22:00 or a start notice 6 hours late is not sent).
 */
export const SHIFT_REMINDER_LOOKBACK_MS = 6 * 60 * 60_000;

/** How often the server's loop runs a pass. */
export const SHIFT_REMINDER_POLL_MS = 60_000;

export type ShiftNoticeKind = 'eve' | 'start';

const WEEKDAYS = '一二三四五六日';

/** 17:30—次日08:30 (the next day's end marked as such). */
function hours(shift: DutyShift): string {
  const start = formatShanghaiInstant(shift.startsAt);
  const end = formatShanghaiInstant(shift.endsAt);
  const nextDay = end.slice(0, 10) !== start.slice(0, 10) ? '次日' : '';
  return `${start.slice(11, 16)}—${nextDay}${end.slice(11, 16)}`;
}

/** 12月8日 周二; a holiday by its name and 调休上班 as such: 10月1日 周四，国庆节. */
function dayText(calendar: WorkCalendar, date: string): string {
  const day = calendar.describe(date);
  const status = dayStatus(day);
  const [, m, d] = date.split('-').map(Number);
  const note = status === 'holiday' ? `，${day.label}` : status === 'makeup' ? '，调休上班' : '';
  return `${m}月${d}日 周${WEEKDAYS[day.weekday - 1] ?? ''}${note}`;
}

interface ShiftPeople {
  shift: DutyShift;
  staff: string[];
}

function words(
  kind: ShiftNoticeKind,
  userId: string,
  { shift, staff }: ShiftPeople,
  names: Map<string, string>,
  calendar: WorkCalendar,
): { title: string; markdown: string } {
  const label = SHIFT_LABELS[shift.kind];
  const name = (id: string) => names.get(id) ?? id;
  const leading = userId === shift.leaderUserId;
  if (kind === 'start') {
    const [, m, d] = shift.date.split('-').map(Number);
    return {
      title: `值班提醒：${label}现在开始`,
      markdown: `值班提醒：您${leading ? '带班' : ''}的${label}（${m}月${d}日 ${hours(shift)}）现在开始，请按时到岗并做好交接班记录。`,
    };
  }
  const others = staff.filter((id) => id !== userId).map(name);
  const what = leading
    ? `担任${label}带班领导（${hours(shift)}），值班人员：${staff.map(name).join('、')}。`
    : `值${label}（${hours(shift)}），带班领导${name(shift.leaderUserId)}${others.length ? `，同班：${others.join('、')}` : ''}。`;
  return {
    title: `值班提醒：明日${label}`,
    markdown: `值班提醒：您明日（${dayText(calendar, shift.date)}）${what}`,
  };
}

/** The notices of `kind` for the shifts given, one per person, those already past their expiry left out. */
async function notices(
  manager: EntityManager,
  kind: ShiftNoticeKind,
  shifts: DutyShift[],
  calendar: WorkCalendar,
  now: Date,
): Promise<NewNotification[]> {
  const live = shifts.filter((s) => now < (kind === 'eve' ? s.startsAt : s.endsAt));
  if (live.length === 0) return [];
  const members = await manager.getRepository(DutyShiftMember).find({
    where: { shiftId: In(live.map((s) => s.id)) },
    order: { shiftId: 'ASC', position: 'ASC' },
  });
  const people: ShiftPeople[] = live.map((shift) => ({
    shift,
    staff: members.filter((m) => m.shiftId === shift.id).map((m) => m.userId),
  }));
  const names = await userNames(
    manager,
    people.flatMap((p) => [p.shift.leaderUserId, ...p.staff]),
  );
  return people.flatMap((p) =>
    [...new Set([p.shift.leaderUserId, ...p.staff])].map((userId) => ({
      idempotencyKey: `duty-shift:${p.shift.id}:${kind}:${userId}:${p.shift.startsAt.getTime()}`,
      channel: 'work_notice' as const,
      kind: `duty_shift_${kind}`,
      recipientUserId: userId,
      subjectType: 'duty_shift',
      subjectId: p.shift.id,
      payload: {
        ...words(kind, userId, p, names, calendar),
        url: `/m/duty_shift/${p.shift.id}`,
        buttonTitle: '查看班次',
        // Both go out at any hour: a 夜班 starts at 17:30, and a day-before notice on a day off (for a shift on
        // Monday or during a holiday) held to the next working morning would come after the shift began.
        urgent: true,
        expiresAt: (kind === 'eve' ? p.shift.startsAt : p.shift.endsAt).toISOString(),
      },
    })),
  );
}

/**
 * One pass over the window (`from`, `now`]: the day-before notices whose instant lies in it and the start notices of
 * the shifts starting in it. Resolves to the notices newly written.
 */
export async function runShiftReminders(
  db: DataSource,
  calendar: WorkCalendar,
  from: Date,
  now: Date,
): Promise<number> {
  const repo = db.getRepository(DutyShift);
  const starting = await repo.find({
    where: {
      startsAt: And(MoreThan(sqlInstant(db, from) as Date), LessThanOrEqual(sqlInstant(db, now) as Date)),
    },
  });
  const eveDates: string[] = [];
  for (let day = shanghaiDayNumber(from); day <= shanghaiDayNumber(now); day++) {
    const at = shanghaiInstant(day, EVE_NOTICE_MINUTE);
    if (from < at && at <= now) eveDates.push(formatISODate(day + 1));
  }
  const eve = eveDates.length ? await repo.find({ where: { date: In(eveDates) } }) : [];
  return db.transaction(async (manager) => {
    const rows = [
      ...(await notices(manager, 'eve', eve, calendar, now)),
      ...(await notices(manager, 'start', starting, calendar, now)),
    ];
    return enqueueNotifications(manager, rows, now);
  });
}

/** The server's loop over the shift reminders (`startWakeableLoop`, every `SHIFT_REMINDER_POLL_MS`). */
export class ShiftReminders {
  private lastPassAt: Date | null = null;

  /** `calendars`: the office calendar in force (the deadline service); `clock`: the roster's now (tests set it). */
  constructor(
    private readonly db: () => DataSource,
    private readonly calendars: { calendar(): WorkCalendar },
    private readonly clock: { now(): Date } = { now: () => new Date() },
  ) {}

  /** Nothing else asks for a pass sooner: the roster's changes are read when their instants come. */
  onSyncRequested(_wake: () => void): void {}

  /** One pass since the previous one (at most `SHIFT_REMINDER_LOOKBACK_MS` back). */
  async runDue(): Promise<number> {
    const now = this.clock.now();
    const floor = new Date(now.getTime() - SHIFT_REMINDER_LOOKBACK_MS);
    const from = this.lastPassAt && this.lastPassAt > floor && this.lastPassAt <= now ? this.lastPassAt : floor;
    await runShiftReminders(this.db(), this.calendars.calendar(), from, now);
    this.lastPassAt = now;
    // The notices written are not more work: the loop waits for its next minute.
    return 0;
  }
}
