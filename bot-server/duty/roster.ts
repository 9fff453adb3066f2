import type { DataSource } from 'typeorm';
import { Between, LessThanOrEqual, MoreThan } from 'typeorm';
import { DutyHandover, DutyShift, type Role } from '../../entities';
import { audit } from '../audit/audit';
import { formatISODate, formatShanghaiInstant, shanghaiDayNumber, type WorkCalendar } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { DomainError } from '../errors/domain-error';
import {
  type GenerateRequest,
  type GenerateResult,
  generateRoster,
  insertShift,
  setMembers,
  shiftJson,
} from './generate';
import { activeUsers, datePeriod, MAX_STAFF_PER_SHIFT, monthPeriod, rosterDay, shiftKind } from './input';
import { busyOn, busyText } from './overlap';
import { DUTY_PATTERN, patternShiftAt, SHIFT_LABELS, shiftInstants } from './pattern';
import { publishRoster } from './publish';
import {
  dayStatus,
  type HandoverView,
  handoverViews,
  peopleOfShift,
  type RosterDay,
  type ShiftView,
  shiftById,
  shiftViews,
} from './views';

/**
 * Who plans and edits the roster besides administrators: 会务 (`meeting_office`), the office's staff who keep its
 * daily business (值班 is the office's, as 会务 is). See README.md.
 */
export const DUTY_OFFICE_ROLES: readonly Role[] = ['meeting_office'];

/** The longest 交接班记录, in characters. */
export const MAX_HANDOVER_LENGTH = 2000;

export interface RosterMonth {
  month: string;
  today: string;
  pattern: { kind: string; label: string; start: string; end: string }[];
  days: RosterDay[];
}

export interface OnDuty {
  at: string;
  /** The date and kind whose shift covers this instant under the pattern (a 夜班 before 08:30 is yesterday's). */
  date: string;
  kind: string;
  label: string;
  /** The planned shift covering the instant, if the roster has one. */
  shift: ShiftView | null;
}

export type PeriodInput = { month: string } | { from: string; to: string };

/** Someone acting on the roster: their user id, and whether they hold an office role (DUTY_OFFICE_ROLES or admin). */
export interface DutyActor {
  id: string;
  office: boolean;
}

const clock = (minutes: number) =>
  `${minutes >= 1440 ? '次日' : ''}${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The 24-hour duty roster (值班表): the month as the calendar marks it with its shifts, the fair rotation, hand
 * edits, the handover log, and who is on duty now. Every change is audited in its own transaction.
 */
export class DutyRoster {
  private clock: () => Date;

  constructor(
    private readonly db: () => DataSource,
    private readonly calendar: () => WorkCalendar,
    now: () => Date = () => new Date(),
  ) {
    this.clock = now;
  }

  /** Tests run the roster on a clock of their own. */
  useClock(now: () => Date): void {
    this.clock = now;
  }

  now(): Date {
    return this.clock();
  }

  /** The month's days, as the working-day calendar marks them, each with its shifts. */
  async month(month: string): Promise<RosterMonth> {
    const now = this.now();
    const period = monthPeriod(month, now);
    const from = formatISODate(period.first);
    const to = formatISODate(period.last);
    const manager = this.db().manager;
    const shifts = await shiftViews(
      manager,
      await manager.getRepository(DutyShift).findBy({ date: Between(from, to) }),
    );
    const today = formatISODate(shanghaiDayNumber(now));
    return {
      month,
      today,
      pattern: DUTY_PATTERN.map((p) => ({
        kind: p.kind,
        label: p.label,
        start: clock(p.startMinute),
        end: clock(p.endMinute),
      })),
      days: this.calendar()
        .days(from, to)
        .map((day) => ({
          date: day.date,
          weekday: day.weekday,
          label: day.label,
          status: dayStatus(day),
          dayOff: !day.workday,
          approximate: day.approximate,
          today: day.date === today,
          shifts: shifts.filter((s) => s.date === day.date),
        })),
    };
  }

  /** Generates the fair rotation for a month or a period (generate.ts). */
  async generate(actor: string, input: PeriodInput & Omit<GenerateRequest, 'period'>): Promise<GenerateResult> {
    const now = this.now();
    const period = 'month' in input ? monthPeriod(input.month, now) : datePeriod(input.from, input.to, now);
    const calendar = this.calendar();
    return this.db().transaction((manager) => generateRoster(manager, calendar, actor, { ...input, period }));
  }

  /** Sets the people of one shift by hand (creating the shift if the roster had none); kept on regeneration. */
  async editShift(
    actor: string,
    date: string,
    kind: string,
    input: { leaderUserId: string; staffUserIds: readonly string[]; reason?: string | null },
  ): Promise<ShiftView> {
    const day = rosterDay(date, this.now());
    const shiftKindOf = shiftKind(kind);
    if (input.staffUserIds.length === 0) throw new DomainError('invalid', 'no_staff', '请至少安排一名值班人员');
    if (input.staffUserIds.length > MAX_STAFF_PER_SHIFT) {
      throw new DomainError('invalid', 'too_many_staff', `每班值班人员最多${MAX_STAFF_PER_SHIFT}人`);
    }
    if (input.staffUserIds.includes(input.leaderUserId)) {
      throw new DomainError('invalid', 'leader_and_staff', '带班领导不能同时列为值班人员');
    }
    return this.db().transaction(async (manager) => {
      const [leader] = await activeUsers(manager, [input.leaderUserId], '带班领导');
      const staff = await activeUsers(manager, input.staffUserIds, '值班人员');
      const repo = manager.getRepository(DutyShift);
      const existing = await repo.findOneBy({ date: formatISODate(day), kind: shiftKindOf });
      // Nobody on two shifts at once (shifts planned under an earlier pattern may overlap).
      const at = existing ?? shiftInstants(day, shiftKindOf);
      const busy = await busyOn(
        manager,
        [leader as string, ...staff],
        at.startsAt,
        at.endsAt,
        existing ? [existing.id] : [],
      );
      if (busy) throw new DomainError('invalid', 'overlapping_shift', `${await busyText(manager, busy)}，不能同时安排`);
      const before = existing ? { ...shiftJson(existing), people: await peopleOfShift(manager, existing) } : null;
      let shift: DutyShift;
      if (existing) {
        await repo.update({ id: existing.id }, { leaderUserId: leader as string, manual: true, updatedBy: actor });
        await setMembers(manager, existing.id, staff);
        shift = await repo.findOneByOrFail({ id: existing.id });
      } else {
        shift = await insertShift(manager, {
          date: formatISODate(day),
          kind: shiftKindOf,
          ...shiftInstants(day, shiftKindOf),
          leader: leader as string,
          staff,
          actor,
          manual: true,
        });
      }
      await audit(manager, {
        actor,
        action: 'duty.shift.updated',
        subjectType: 'duty_shift',
        subjectId: shift.id,
        before,
        after: { ...shiftJson(shift), people: [leader as string, ...staff] },
        reason: input.reason?.trim() || null,
      });
      return (await shiftViews(manager, [shift]))[0] as ShiftView;
    });
  }

  /** One shift with its handover log. */
  async shift(id: number): Promise<{ shift: ShiftView; handovers: HandoverView[] }> {
    const manager = this.db().manager;
    const shift = await shiftById(manager, id);
    return { shift: (await shiftViews(manager, [shift]))[0] as ShiftView, handovers: await handoverViews(manager, id) };
  }

  /** Adds a 交接班记录 to a shift: by its leader or staff, or by the office. */
  async addHandover(actor: DutyActor, shiftId: number, text: string): Promise<HandoverView> {
    const body = text.trim();
    if (!body) throw new DomainError('invalid', 'empty_handover', '请填写交接班记录');
    if (body.length > MAX_HANDOVER_LENGTH) {
      throw new DomainError('invalid', 'handover_too_long', `交接班记录不超过${MAX_HANDOVER_LENGTH}字`);
    }
    return this.db().transaction(async (manager) => {
      const shift = await shiftById(manager, shiftId);
      if (!actor.office && !(await peopleOfShift(manager, shift)).includes(actor.id)) {
        throw new DomainError('forbidden', 'not_on_shift', '只有本班次的值班人员、带班领导或办公室可以填写交接班记录');
      }
      const at = this.now();
      const inserted = await manager.insert(DutyHandover, { shiftId, authorUserId: actor.id, text: body, at });
      const id = Number(inserted.identifiers[0]?.id);
      await audit(manager, {
        actor: actor.id,
        action: 'duty.handover.added',
        subjectType: 'duty_shift',
        subjectId: shiftId,
        after: { handoverId: id, text: body },
        at,
      });
      return (await handoverViews(manager, shiftId)).find((h) => h.id === id) as HandoverView;
    });
  }

  /** Posts the month's roster to the group robot `group` (publish.ts); false when this very roster was posted. */
  async publish(actor: string, month: string, group: string): Promise<boolean> {
    const roster = await this.month(month);
    return this.db().transaction((manager) => publishRoster(manager, actor, roster, group, this.now()));
  }

  /** Who is on duty at this instant: the planned shift whose stored start and end cover it. */
  async onDutyNow(): Promise<OnDuty> {
    const at = this.now();
    const db = this.db();
    const manager = db.manager;
    const instant = sqlInstant(db, at) as Date;
    const covering = await manager.getRepository(DutyShift).findOne({
      where: { startsAt: LessThanOrEqual(instant), endsAt: MoreThan(instant) },
      order: { startsAt: 'DESC' },
    });
    const hint = patternShiftAt(at);
    const shift = covering ? ((await shiftViews(manager, [covering]))[0] ?? null) : null;
    const date = shift?.date ?? formatISODate(hint.day);
    const kind = shift?.kind ?? hint.kind;
    return { at: formatShanghaiInstant(at), date, kind, label: SHIFT_LABELS[kind], shift };
  }
}
