import { DutyShift, DutyShiftMember, OutboxNotification } from '../../entities';
import type { WorkCalendar } from '../calendar';
import { DeadlineService } from '../deadlines/deadline-service';
import { reseedDemo } from '../demo/seed-demo';
import { createLogger } from '../logging/logger';
import type { OutboxPayload } from '../reminders/outbox';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { DutyRoster } from './roster';
import { ShiftReminders } from './shift-reminders';
import { DutySwapService } from './swaps';

const t = (text: string) => new Date(`${text}+08:00`);
const LEADERS = ['zhaozhiqiang', 'liming', 'chenjing'];
const STAFF = ['zhoutao', 'sunli', 'hemin', 'caoxue'];

describe.each(testDatabases())('值班提醒 on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let roster: DutyRoster;
  let swaps: DutySwapService;
  let calendar: WorkCalendar;
  let clock = t('2026-09-15T10:00:00');
  /** A pass of a process of its own (a fresh one looks back at most six hours). */
  const newProcess = () => new ShiftReminders(() => scratch.db, { calendar: () => calendar }, { now: () => clock });
  const passAt = async (reminders: ShiftReminders, at: string) => {
    clock = t(at);
    return reminders.runDue();
  };

  beforeAll(async () => {
    await reseedDemo(scratch.db); // the organisation only
    const deadlines = await DeadlineService.load(() => scratch.db, createLogger('silent'));
    calendar = deadlines.calendar();
    roster = new DutyRoster(
      () => scratch.db,
      () => calendar,
      () => clock,
    );
    swaps = new DutySwapService(
      () => scratch.db,
      () => calendar,
      () => clock,
    );
    // October 2026: 国庆节 1–7 October, weekends, one 调休上班 day.
    await roster.generate('wufang', {
      month: '2026-10',
      leaderUserIds: LEADERS,
      staffUserIds: STAFF,
      staffPerShift: 2,
    });
  });
  beforeEach(async () => {
    await scratch.db.getRepository(OutboxNotification).clear();
    clock = t('2026-09-15T10:00:00');
  });

  const rows = async () =>
    (await scratch.db.getRepository(OutboxNotification).find({ order: { id: 'ASC' } })).map((r) => ({
      key: r.idempotencyKey,
      to: r.recipientUserId,
      kind: r.kind,
      channel: r.channel,
      subject: `${r.subjectType}:${r.subjectId}`,
      payload: r.payload as OutboxPayload,
    }));
  const shiftOn = (date: string, kind: 'day' | 'night') =>
    scratch.db.getRepository(DutyShift).findOneByOrFail({ date, kind });
  const peopleOf = async (shift: DutyShift) => [
    shift.leaderUserId,
    ...(
      await scratch.db.getRepository(DutyShiftMember).find({ where: { shiftId: shift.id }, order: { position: 'ASC' } })
    ).map((m) => m.userId),
  ];
  const nameOf = async (id: string) =>
    ((await scratch.db.query('SELECT name FROM app_user WHERE id = ?', [id])) as { name: string }[])[0]?.name;

  it('tells each person of a shift at 16:00 the day before, once, even with two processes at that instant', async () => {
    const a = newProcess();
    expect(await passAt(a, '2026-09-30T15:59:00')).toBe(0);
    expect(await rows()).toEqual([]);

    await passAt(a, '2026-09-30T16:00:00');
    const b = newProcess();
    await passAt(b, '2026-09-30T16:00:00'); // another process, the same instant
    await passAt(a, '2026-09-30T16:00:00'); // the same process again
    const day = await shiftOn('2026-10-01', 'day');
    const night = await shiftOn('2026-10-01', 'night');
    const written = await rows();
    const expected = [...(await peopleOf(day)), ...(await peopleOf(night))];
    expect(written.map((r) => r.to).sort()).toEqual([...expected].sort());
    expect(written).toHaveLength(6); // 1 leader and 2 值班人员 per shift, one row each
    expect(new Set(written.map((r) => r.key)).size).toBe(6);

    const [leader, first, second] = await peopleOf(day);
    const mine = written.find((r) => r.to === first && r.subject === `duty_shift:${day.id}`);
    expect(mine).toMatchObject({
      key: `duty-shift:${day.id}:eve:${first}:${day.startsAt.getTime()}`,
      kind: 'duty_shift_eve',
      channel: 'work_notice',
      payload: {
        title: '值班提醒：明日白班',
        markdown: `值班提醒：您明日（10月1日 周四，国庆节）值白班（08:30—17:30），带班领导${await nameOf(
          leader as string,
        )}，同班：${await nameOf(second as string)}。`,
        url: `/m/duty_shift/${day.id}`,
        urgent: true,
        expiresAt: day.startsAt.toISOString(),
      },
    });
    const nightLeader = written.find((r) => r.to === night.leaderUserId && r.subject === `duty_shift:${night.id}`);
    const nightStaff = (await peopleOf(night)).slice(1);
    expect(nightLeader?.payload.markdown).toBe(
      `值班提醒：您明日（10月1日 周四，国庆节）担任夜班带班领导（17:30—次日08:30），值班人员：${(
        await Promise.all(nightStaff.map(nameOf))
      ).join('、')}。`,
    );
    expect(nightLeader?.payload.expiresAt).toBe(night.startsAt.toISOString());
  });

  it('tells each person at the start of the shift, on a weekend evening too, urgent and expiring at its end', async () => {
    const a = newProcess();
    await passAt(a, '2026-10-03T17:29:00'); // the day-before notices of 4 October (16:00), no start notice yet
    const starts = async () => (await rows()).filter((r) => r.kind === 'duty_shift_start');
    expect(await starts()).toEqual([]);
    await passAt(a, '2026-10-03T17:30:00');
    await passAt(newProcess(), '2026-10-03T17:30:00');
    const night = await shiftOn('2026-10-03', 'night'); // a Saturday of 国庆节
    const written = await starts();
    expect(written.map((r) => r.to).sort()).toEqual((await peopleOf(night)).sort());
    const staff = (await peopleOf(night))[1] as string;
    expect(written.find((r) => r.to === staff)).toMatchObject({
      key: `duty-shift:${night.id}:start:${staff}:${night.startsAt.getTime()}`,
      kind: 'duty_shift_start',
      payload: {
        title: '值班提醒：夜班现在开始',
        markdown: '值班提醒：您的夜班（10月3日 17:30—次日08:30）现在开始，请按时到岗并做好交接班记录。',
        url: `/m/duty_shift/${night.id}`,
        urgent: true,
        expiresAt: night.endsAt.toISOString(),
      },
    });
    expect(written.find((r) => r.to === night.leaderUserId)?.payload.markdown).toBe(
      '值班提醒：您带班的夜班（10月3日 17:30—次日08:30）现在开始，请按时到岗并做好交接班记录。',
    );
  });

  it('sends no old notices after a restart or a long pause: at most six hours back', async () => {
    // A process started a week later, between the instants of the day: nothing.
    expect(await passAt(newProcess(), '2026-10-10T15:00:00')).toBe(0);
    expect(await rows()).toEqual([]);
    // One that ran on 1 October and runs again a week later looks back six hours, not to its last pass.
    const a = newProcess();
    await passAt(a, '2026-10-01T09:00:00');
    await scratch.db.getRepository(OutboxNotification).clear();
    await passAt(a, '2026-10-08T09:00:00');
    const day = await shiftOn('2026-10-08', 'day');
    const written = await rows();
    expect(written.map((r) => r.subject)).toEqual(written.map(() => `duty_shift:${day.id}`));
    expect(written.map((r) => r.kind)).toEqual(written.map(() => 'duty_shift_start'));
    expect(written.map((r) => r.to).sort()).toEqual((await peopleOf(day)).sort());
  });

  it('tells the person put on a shift by a hand edit, and not the one taken off', async () => {
    const a = newProcess();
    await passAt(a, '2026-10-19T16:00:00'); // the day-before notices of 20 October, to the people then
    const before = await shiftOn('2026-10-20', 'day');
    const [leader, kept, removed] = (await peopleOf(before)) as [string, string, string];
    const newcomer = STAFF.find((id) => !(id === kept || id === removed)) as string;
    const newLeader = LEADERS.find((id) => id !== leader) as string;

    clock = t('2026-10-19T18:00:00');
    await roster.editShift('wufang', '2026-10-20', 'day', {
      leaderUserId: newLeader,
      staffUserIds: [kept, newcomer],
      reason: '临时调整',
    });
    await scratch.db.getRepository(OutboxNotification).clear();
    await passAt(a, '2026-10-19T23:00:00');
    await passAt(a, '2026-10-20T08:30:00');
    const written = (await rows()).filter((r) => r.subject === `duty_shift:${before.id}`);
    expect(written.map((r) => [r.kind, r.to]).sort()).toEqual(
      [newLeader, kept, newcomer].map((id) => ['duty_shift_start', id]).sort(),
    );
    expect(written.map((r) => r.to)).not.toContain(removed);
    expect(written.map((r) => r.to)).not.toContain(leader);
    expect(written.find((r) => r.to === newcomer)?.payload.markdown).toContain('您的白班（10月20日 08:30—17:30）');
  });

  it('tells the colleague who took a place by an approved 替班, before and at the shift, and not the requester', async () => {
    const shift = await shiftOn('2026-10-25', 'day');
    const [leader, requester, other] = (await peopleOf(shift)) as [string, string, string];
    const colleague = STAFF.find((id) => id !== requester && id !== other) as string;
    clock = t('2026-10-24T10:00:00');
    const asked = await swaps.request(
      { id: requester, office: false },
      { shiftId: shift.id, kind: 'cover', counterpartUserId: colleague, reason: '参加市里培训' },
    );
    await swaps.accept({ id: colleague, office: false }, asked.id);
    await swaps.approve({ id: 'wufang', office: true }, asked.id);

    const a = newProcess();
    await passAt(a, '2026-10-24T16:00:00');
    await passAt(a, '2026-10-25T08:30:00');
    const written = (await rows()).filter((r) => r.subject === `duty_shift:${shift.id}`);
    expect(written.map((r) => [r.kind, r.to]).sort()).toEqual(
      [leader, other, colleague]
        .flatMap((id) => [
          ['duty_shift_eve', id],
          ['duty_shift_start', id],
        ])
        .sort(),
    );
    expect(written.map((r) => r.to)).not.toContain(requester);
  });
});
