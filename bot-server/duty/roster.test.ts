import { AuditLog, DutyShift, DutyShiftMember } from '../../entities';
import { DeadlineService } from '../deadlines/deadline-service';
import { reseedDemo } from '../demo/seed-demo';
import { createLogger } from '../logging/logger';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { DutyRoster, type RosterMonth } from './roster';
import type { ShiftView } from './views';

const t = (text: string) => new Date(`${text}+08:00`);
const LEADERS = ['zhaozhiqiang', 'liming', 'chenjing'];
const STAFF = ['zhenglei', 'zhoutao', 'wufang', 'sunli', 'qianwei'];

const shiftsOf = (month: RosterMonth): ShiftView[] => month.days.flatMap((d) => d.shifts);
const peopleOf = (s: ShiftView) => [s.leader.id, ...s.staff.map((p) => p.id)];
const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
/** Shifts per person of `pool`, over the shifts given. */
const tally = (shifts: ShiftView[], pool: string[]) =>
  pool.map((id) => shifts.filter((s) => peopleOf(s).includes(id)).length);

describe.each(testDatabases())('the duty roster on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let roster: DutyRoster;
  let deadlines: DeadlineService;
  let clock = t('2026-09-15T10:00:00');

  beforeAll(async () => {
    await reseedDemo(scratch.db); // the organisation only
    deadlines = await DeadlineService.load(() => scratch.db, createLogger('silent'));
    roster = new DutyRoster(
      () => scratch.db,
      () => deadlines.calendar(),
      () => clock,
    );
  });

  const snapshot = async () => ({
    shifts: await scratch.db.getRepository(DutyShift).find({ order: { id: 'ASC' } }),
    members: await scratch.db.getRepository(DutyShiftMember).count(),
    audit: await scratch.db.getRepository(AuditLog).count(),
  });

  it.each([
    ['2026-10', '国庆节'],
    ['2026-02', '春节'],
    ['2027-02', '春节'],
  ])('marks the days of %s as the working-day calendar does (%s, 调休上班)', async (month, holiday) => {
    const view = await roster.month(month);
    const calendar = deadlines.calendar();
    expect(view.days.length).toBeGreaterThanOrEqual(28);
    for (const day of view.days) {
      const info = calendar.describe(day.date);
      const expected =
        info.reason.kind === 'holiday' || info.reason.kind === 'makeup'
          ? info.reason.kind
          : info.workday
            ? 'workday'
            : 'weekend';
      expect([day.date, day.status, day.dayOff, day.label]).toEqual([day.date, expected, !info.workday, info.label]);
    }
    const holidays = view.days.filter((d) => d.status === 'holiday');
    expect(holidays.length).toBeGreaterThanOrEqual(3);
    expect(holidays.every((d) => d.label === holiday || calendar.describe(d.date).reason.kind === 'holiday')).toBe(
      true,
    );
    expect(holidays.some((d) => d.label === holiday)).toBe(true);
    // 2027 has no notice yet: its holidays are the statutory ones by rule, shown as estimates.
    expect(view.days.every((d) => d.approximate === month.startsWith('2027'))).toBe(true);
  });

  it('shows the 调休上班 days the notice gives for 国庆 2026 as working days', async () => {
    const october = await roster.month('2026-10');
    const makeup = october.days.filter((d) => d.status === 'makeup').map((d) => d.date);
    const expected = october.days
      .filter((d) => deadlines.calendar().describe(d.date).reason.kind === 'makeup')
      .map((d) => d.date);
    expect(makeup).toEqual(expected);
    expect(makeup.length).toBeGreaterThan(0);
    expect(october.days.filter((d) => makeup.includes(d.date)).every((d) => !d.dayOff)).toBe(true);
  });

  it('generates a fair month: even totals and day-off shifts, nobody twice in a row, audited', async () => {
    const before = await snapshot();
    const result = await roster.generate('wufang', { month: '2026-10', leaderUserIds: LEADERS, staffUserIds: STAFF });
    expect(result).toEqual({ from: '2026-10-01', to: '2026-10-31', created: 62, replaced: 0, kept: 0 });
    const october = await roster.month('2026-10');
    const shifts = shiftsOf(october);
    expect(shifts).toHaveLength(62);
    const dayOff = october.days.filter((d) => d.dayOff).flatMap((d) => d.shifts);
    expect(dayOff.length).toBeGreaterThan(20);
    for (const pool of [LEADERS, STAFF]) {
      expect(spread(tally(shifts, pool))).toBeLessThanOrEqual(1);
      expect(spread(tally(dayOff, pool))).toBeLessThanOrEqual(1);
    }
    for (let i = 1; i < shifts.length; i++) {
      expect(peopleOf(shifts[i] as ShiftView).filter((p) => peopleOf(shifts[i - 1] as ShiftView).includes(p))).toEqual(
        [],
      );
    }
    expect(shifts[1]).toMatchObject({ date: '2026-10-01', kind: 'night', label: '夜班' });
    expect([shifts[1]?.startsAt, shifts[1]?.endsAt]).toEqual([
      '2026-10-01T17:30:00+08:00',
      '2026-10-02T08:30:00+08:00',
    ]);
    const rows = await scratch.db.getRepository(AuditLog).find({ where: { action: 'duty.roster.generated' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'wufang', subjectType: 'duty_roster', subjectId: '2026-10-01..2026-10-31' });
    expect((await snapshot()).audit).toBe(before.audit + 1);
  });

  it('keeps a shift edited by hand when generating again, and replaces it only when asked to overwrite', async () => {
    const edited = await roster.editShift('wufang', '2026-10-05', 'day', {
      leaderUserId: 'wangjianguo',
      staffUserIds: ['hemin', 'caoxue'],
      reason: '国庆期间区长带班',
    });
    expect(edited).toMatchObject({ manual: true, leader: { id: 'wangjianguo', name: '王建国' } });
    expect(edited.staff.map((p) => p.name)).toEqual(['何敏', '曹雪']);
    const audit = await scratch.db.getRepository(AuditLog).findOneByOrFail({ action: 'duty.shift.updated' });
    expect(audit).toMatchObject({ actor: 'wufang', subjectId: String(edited.id), reason: '国庆期间区长带班' });
    expect(audit.before).toMatchObject({ date: '2026-10-05', kind: 'day', manual: false });
    expect(audit.after).toMatchObject({ people: ['wangjianguo', 'hemin', 'caoxue'], manual: true });

    const again = await roster.generate('wufang', { month: '2026-10', leaderUserIds: LEADERS, staffUserIds: STAFF });
    expect(again).toMatchObject({ created: 61, replaced: 61, kept: 1 });
    const october = shiftsOf(await roster.month('2026-10'));
    const kept = october.find((s) => s.date === '2026-10-05' && s.kind === 'day') as ShiftView;
    expect(peopleOf(kept)).toEqual(['wangjianguo', 'hemin', 'caoxue']);
    const index = october.indexOf(kept);
    for (const near of [october[index - 1], october[index + 1]]) {
      expect(peopleOf(near as ShiftView).filter((p) => peopleOf(kept).includes(p))).toEqual([]);
    }

    const overwritten = await roster.generate('wufang', {
      month: '2026-10',
      leaderUserIds: LEADERS,
      staffUserIds: STAFF,
      overwrite: true,
    });
    expect(overwritten).toMatchObject({ created: 62, replaced: 62, kept: 0 });
    const now = shiftsOf(await roster.month('2026-10')).find((s) => s.date === '2026-10-05' && s.kind === 'day');
    expect(LEADERS).toContain(now?.leader.id);
    expect(now?.manual).toBe(false);
  });

  it('keeps the last shift of the month before apart from the first of a period generated after it', async () => {
    await roster.generate('wufang', {
      from: '2026-11-01',
      to: '2026-11-03',
      leaderUserIds: LEADERS,
      staffUserIds: STAFF,
    });
    const lastOfOctober = shiftsOf(await roster.month('2026-10')).at(-1) as ShiftView;
    const firstOfNovember = shiftsOf(await roster.month('2026-11'))[0] as ShiftView;
    expect(lastOfOctober).toMatchObject({ date: '2026-10-31', kind: 'night' });
    expect(peopleOf(firstOfNovember).filter((p) => peopleOf(lastOfOctober).includes(p))).toEqual([]);
  });

  it.each([
    [{ month: '2026-13' }, 'invalid_month', /月份“2026-13”格式有误/],
    [{ month: '2026/10' }, 'invalid_month', /应为 YYYY-MM/],
    [{ month: '2099-01' }, 'implausible_date', /值班日期应在/],
    [{ from: '2026-10-01', to: '2026-12-31' }, 'period_too_long', /一次最多排62天/],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'invalid_date', /2026-02-30/],
    [{ month: '2026-10', leaderUserIds: ['nobody', 'liming'] }, 'unknown_user', /带班领导中的用户“nobody”不存在/],
    [{ month: '2026-10', staffUserIds: ['zhenglei', 'zhenglei'] }, 'duplicate_user', /值班人员中“zhenglei”重复/],
    [{ month: '2026-10', leaderUserIds: ['liming'] }, 'not_enough_leaders', /带班领导至少需要2人/],
    [{ month: '2026-10', staffUserIds: ['liming', 'zhenglei'] }, 'leader_and_staff', /不能同时列为带班领导和值班人员/],
    [{ month: '2026-10', staffPerShift: 3 }, 'not_enough_staff', /值班人员至少需要6人/],
  ])('refuses %j with %s and changes nothing', async (input, code, message) => {
    const before = await snapshot();
    const request = { leaderUserIds: LEADERS, staffUserIds: STAFF, ...input } as Parameters<DutyRoster['generate']>[1];
    await expect(roster.generate('wufang', request)).rejects.toMatchObject({
      code,
      messageZh: expect.stringMatching(message),
    });
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['2026-10-06', 'evening', { leaderUserId: 'liming', staffUserIds: ['hemin'] }, 'invalid_kind'],
    ['2026-10-32', 'day', { leaderUserId: 'liming', staffUserIds: ['hemin'] }, 'invalid_date'],
    ['2026-10-06', 'day', { leaderUserId: 'ghost', staffUserIds: ['hemin'] }, 'unknown_user'],
    ['2026-10-06', 'day', { leaderUserId: 'liming', staffUserIds: [] }, 'no_staff'],
    ['2026-10-06', 'day', { leaderUserId: 'liming', staffUserIds: ['liming'] }, 'leader_and_staff'],
  ])('refuses a hand edit of %s %s (%j): %s, nothing changed', async (date, kind, input, code) => {
    const before = await snapshot();
    await expect(roster.editShift('wufang', date, kind, input)).rejects.toMatchObject({ code });
    expect(await snapshot()).toEqual(before);
  });

  it('says who is on duty across midnight: the night shift belongs to the day it began', async () => {
    const october = shiftsOf(await roster.month('2026-10'));
    const night = october.find((s) => s.date === '2026-10-01' && s.kind === 'night') as ShiftView;
    const day = october.find((s) => s.date === '2026-10-02' && s.kind === 'day') as ShiftView;
    for (const [at, expected] of [
      ['2026-10-01T17:30:00', night],
      ['2026-10-01T23:59:00', night],
      ['2026-10-02T00:00:00', night],
      ['2026-10-02T08:29:59', night],
      ['2026-10-02T08:30:00', day],
    ] as const) {
      clock = t(at);
      const now = await roster.onDutyNow();
      expect([at, now.date, now.kind, now.shift?.id]).toEqual([at, expected.date, expected.kind, expected.id]);
    }
    clock = t('2026-12-20T03:00:00');
    expect(await roster.onDutyNow()).toMatchObject({ date: '2026-12-19', kind: 'night', label: '夜班', shift: null });
  });

  it('lets the people of a shift and the office write its handover log, audited; nobody else', async () => {
    clock = t('2026-10-02T08:20:00');
    const night = shiftsOf(await roster.month('2026-10')).find((s) => s.date === '2026-10-01' && s.kind === 'night');
    const shiftId = night?.id as number;
    const outsider = ['hemin', 'caoxue', 'wangjianguo'].find(
      (id) => !peopleOf(night as ShiftView).includes(id),
    ) as string;
    const before = await snapshot();
    await expect(roster.addHandover({ id: outsider, office: false }, shiftId, '夜间平稳')).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'not_on_shift',
    });
    await expect(
      roster.addHandover({ id: night?.leader.id as string, office: false }, shiftId, '   '),
    ).rejects.toMatchObject({
      code: 'empty_handover',
    });
    expect(await snapshot()).toEqual(before);

    const written = await roster.addHandover(
      { id: night?.leader.id as string, office: false },
      shiftId,
      '夜间平稳，无突发事件。',
    );
    expect(written).toMatchObject({ text: '夜间平稳，无突发事件。', at: '2026-10-02T08:20:00+08:00' });
    await roster.addHandover({ id: 'wufang', office: true }, shiftId, '已阅，转综合科跟进。');
    const detail = await roster.shift(shiftId);
    expect(detail.handovers.map((h) => [h.author.id, h.text])).toEqual([
      [night?.leader.id, '夜间平稳，无突发事件。'],
      ['wufang', '已阅，转综合科跟进。'],
    ]);
    expect(
      await scratch.db.getRepository(AuditLog).countBy({ action: 'duty.handover.added', subjectId: String(shiftId) }),
    ).toBe(2);
  });
});
