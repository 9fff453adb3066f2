import { AuditLog, DutyShift, DutyShiftMember, DutySwap, OutboxNotification } from '../../entities';
import { DeadlineService } from '../deadlines/deadline-service';
import { reseedDemo } from '../demo/seed-demo';
import { createLogger } from '../logging/logger';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { DutyRoster } from './roster';
import { DutySwapService } from './swaps';
import type { ShiftView } from './views';

const t = (text: string) => new Date(`${text}+08:00`);
const LEADERS = ['zhaozhiqiang', 'liming', 'chenjing'];
// 会务 (zhenglei, wufang) approve; they are not on this roster.
const STAFF = ['zhoutao', 'sunli', 'hemin', 'caoxue'];
const OFFICE = { id: 'wufang', office: true };
const person = (id: string) => ({ id, office: false });

describe.each(testDatabases())('换班 and 我的班次 on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let roster: DutyRoster;
  let swaps: DutySwapService;
  let clock = t('2026-09-15T10:00:00');

  beforeAll(async () => {
    await reseedDemo(scratch.db); // the organisation only
    const deadlines = await DeadlineService.load(() => scratch.db, createLogger('silent'));
    roster = new DutyRoster(
      () => scratch.db,
      () => deadlines.calendar(),
      () => clock,
    );
    swaps = new DutySwapService(
      () => scratch.db,
      () => deadlines.calendar(),
      () => clock,
    );
    await roster.generate('wufang', { month: '2026-10', leaderUserIds: LEADERS, staffUserIds: STAFF });
  });
  beforeEach(() => {
    clock = t('2026-09-15T10:00:00');
  });

  const shifts = async () => (await roster.month('2026-10')).days.flatMap((d) => d.shifts);
  const peopleOf = (s: ShiftView) => [s.leader.id, ...s.staff.map((p) => p.id)];
  /** The first October shift (from `from` on) `userId` is on as `role`. */
  const shiftOf = async (userId: string, role: 'leader' | 'staff', from = '2026-10-01') =>
    (await shifts()).find(
      (s) => s.date >= from && (role === 'leader' ? s.leader.id === userId : s.staff.some((p) => p.id === userId)),
    ) as ShiftView;
  const snapshot = async () => ({
    shifts: await scratch.db.getRepository(DutyShift).find({ order: { id: 'ASC' } }),
    members: await scratch.db.getRepository(DutyShiftMember).find({ order: { shiftId: 'ASC', position: 'ASC' } }),
    swaps: await scratch.db.getRepository(DutySwap).find({ order: { id: 'ASC' } }),
    audit: await scratch.db.getRepository(AuditLog).count(),
    outbox: await scratch.db.getRepository(OutboxNotification).count(),
  });
  const notices = async (swapId: number) =>
    (
      await scratch.db
        .getRepository(OutboxNotification)
        .find({ where: { subjectType: 'duty_swap', subjectId: swapId }, order: { id: 'ASC' } })
    ).map((n) => ({
      to: n.recipientUserId,
      channel: n.channel,
      text: String((n.payload as { text?: string }).text),
      link: (n.payload as { linkPath?: string }).linkPath,
    }));
  const audits = async (swapId: number) =>
    (
      await scratch.db
        .getRepository(AuditLog)
        .find({ where: { subjectType: 'duty_swap', subjectId: String(swapId) }, order: { id: 'ASC' } })
    ).map((a) => [a.action, a.actor]);

  it('lists 我的班次 with the day as the calendar marks it, the place held and the others on the shift', async () => {
    const mine = await swaps.myShifts('zhoutao');
    expect(mine.past).toEqual([]);
    expect(mine.upcoming.length).toBeGreaterThan(10);
    const first = mine.upcoming[0];
    expect(first).toMatchObject({ role: 'staff', started: false, openSwapId: null });
    expect(first?.others.map((p) => p.id)).toEqual([first?.leader.id]);
    const holiday = mine.upcoming.find((s) => s.date <= '2026-10-07');
    expect(holiday?.dayStatus).toBe('holiday');
    expect(holiday?.title).toMatch(/^10月\d日（周.，国庆节）(白班|夜班)$/);
    const led = await swaps.myShifts('liming');
    expect(led.upcoming.every((s) => s.role === 'leader' && s.leader.id === 'liming')).toBe(true);

    clock = t('2026-10-20T12:00:00');
    const later = await swaps.myShifts('zhoutao');
    expect(later.past).toHaveLength(5);
    // Newest first.
    expect(later.past.map((s) => s.startsAt)).toEqual([...later.past.map((s) => s.startsAt)].sort().reverse());
    expect(later.upcoming.every((s) => s.endsAt > '2026-10-20T12:00:00+08:00')).toBe(true);
  });

  it('takes 替班 from request to approval: the place changes hands, audited, each notice written once', async () => {
    const shift = await shiftOf('zhoutao', 'staff', '2026-10-10');
    expect(peopleOf(shift)).not.toContain('sunli');
    const asked = await swaps.request(person('zhoutao'), {
      shiftId: shift.id,
      kind: 'cover',
      counterpartUserId: 'sunli',
      reason: '参加市里培训',
    });
    expect(asked).toMatchObject({
      status: 'requested',
      statusName: '待对方确认',
      kindName: '替班',
      roleName: '值班人员',
    });
    expect(asked.can).toEqual({ accept: false, decline: false, withdraw: true, approve: false, refuse: false });
    expect((await swaps.get(person('sunli'), asked.id)).can).toMatchObject({ accept: true, decline: true });
    await expect(swaps.get(person('hemin'), asked.id)).rejects.toMatchObject({ kind: 'forbidden' });
    const title = asked.shift?.title as string;
    expect(await notices(asked.id)).toEqual([
      {
        to: 'sunli',
        channel: 'work_notice',
        text: `周涛申请由您替班：${title}（值班人员）。请确认。事由：参加市里培训。`,
        link: `/m/duty_swap/${asked.id}`,
      },
    ]);

    const accepted = await swaps.accept(person('sunli'), asked.id);
    expect(accepted.status).toBe('accepted');
    const afterAccept = await notices(asked.id);
    expect(afterAccept.slice(1).map((n) => n.to)).toEqual(['wufang', 'zhenglei']);
    expect(afterAccept[1]?.text).toBe(`孙丽已同意周涛的替班申请：孙丽接替周涛${title}（值班人员）。请审批。`);

    const approved = await swaps.approve(OFFICE, asked.id);
    expect(approved).toMatchObject({ status: 'approved', decidedBy: { id: 'wufang' } });
    const now = (await shifts()).find((s) => s.id === shift.id) as ShiftView;
    expect(now.staff.map((p) => p.id)).toEqual(['sunli']);
    expect(now.leader.id).toBe(shift.leader.id);
    expect(now.manual).toBe(true);
    const decided = (await notices(asked.id)).slice(3);
    expect(decided.map((n) => n.to)).toEqual(['zhoutao', 'sunli']);
    expect(decided[0]?.text).toBe(
      `周涛与孙丽的替班申请已批准：孙丽接替周涛${title}（值班人员）。请按调整后的安排值班。`,
    );
    expect(await audits(asked.id)).toEqual([
      ['duty.swap.requested', 'zhoutao'],
      ['duty.swap.accepted', 'sunli'],
      ['duty.swap.approved', 'wufang'],
    ]);
    const row = await scratch.db
      .getRepository(AuditLog)
      .findOneByOrFail({ action: 'duty.swap.approved', subjectId: String(asked.id) });
    expect(row.before).toMatchObject({ status: 'accepted', shifts: [{ id: shift.id, people: peopleOf(shift) }] });
    expect(row.after).toMatchObject({
      status: 'approved',
      shifts: [{ id: shift.id, people: [shift.leader.id, 'sunli'] }],
    });
    // Approving again changes nothing and writes nothing.
    const before = await snapshot();
    await expect(swaps.approve({ id: 'zhenglei', office: true }, asked.id)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'already_decided',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('takes 换班 between two 带班领导: each takes the other’s shift', async () => {
    const mine = await shiftOf('liming', 'leader', '2026-10-12');
    const theirs = (await shifts()).find(
      (s) => s.date > mine.date && s.leader.id === 'chenjing' && !peopleOf(s).includes('liming'),
    ) as ShiftView;
    const asked = await swaps.request(person('liming'), {
      shiftId: mine.id,
      kind: 'exchange',
      counterpartUserId: 'chenjing',
      returnShiftId: theirs.id,
    });
    expect((await notices(asked.id))[0]?.text).toBe(
      `李明申请与您换班：您接替其${asked.shift?.title}（带班领导），其接替您${asked.returnShift?.title}。请确认。`,
    );
    await swaps.accept(person('chenjing'), asked.id);
    await swaps.approve({ id: 'qianwei', office: true }, asked.id);
    const after = await shifts();
    expect(after.find((s) => s.id === mine.id)?.leader.id).toBe('chenjing');
    expect(after.find((s) => s.id === theirs.id)?.leader.id).toBe('liming');
  });

  it('lets a 带班领导 ask a district leader not on the roster, but not a 值班人员; and 值班人员 only 值班人员', async () => {
    const led = await shiftOf('zhaozhiqiang', 'leader', '2026-10-15');
    const staffed = await shiftOf('hemin', 'staff', '2026-10-15');
    const before = await snapshot();
    for (const [actor, shiftId, other] of [
      ['zhaozhiqiang', led.id, 'sunli'],
      ['hemin', staffed.id, 'liming'],
      ['hemin', staffed.id, 'fenggang'],
    ] as const) {
      await expect(
        swaps.request(person(actor), { shiftId, kind: 'cover', counterpartUserId: other }),
      ).rejects.toMatchObject({ kind: 'invalid', code: 'not_eligible', messageZh: expect.stringMatching(/只能与/) });
    }
    expect(await snapshot()).toEqual(before);
    const options = await swaps.options('zhaozhiqiang', led.id);
    expect(options.candidates.map((c) => c.person.id)).toContain('wangjianguo');
    expect(options.candidates.map((c) => c.person.id)).not.toContain('sunli');
    const asked = await swaps.request(person('zhaozhiqiang'), {
      shiftId: led.id,
      kind: 'cover',
      counterpartUserId: 'wangjianguo',
    });
    await swaps.withdraw(person('zhaozhiqiang'), asked.id);
  });

  it('refuses bad requests with a Chinese message and changes nothing', async () => {
    const mine = await shiftOf('caoxue', 'staff', '2026-10-16');
    const other = (await shifts()).find((s) => s.date >= '2026-10-16' && !peopleOf(s).includes('caoxue')) as ShiftView;
    const sunliShift = (await shifts()).find(
      (s) => s.date > mine.date && s.staff.some((p) => p.id === 'sunli'),
    ) as ShiftView;
    const open = await swaps.request(person('caoxue'), { shiftId: mine.id, kind: 'cover', counterpartUserId: 'hemin' });
    const before = await snapshot();
    const cases: [Parameters<DutySwapService['request']>[1], string, RegExp][] = [
      [{ shiftId: mine.id, kind: 'cover', counterpartUserId: 'caoxue' }, 'self_swap', /不能与本人换班/],
      [{ shiftId: other.id, kind: 'cover', counterpartUserId: 'sunli' }, 'not_on_shift', /您不在该班次/],
      [{ shiftId: mine.id, kind: 'cover', counterpartUserId: 'sunli' }, 'open_request', /已为该班次提出换班申请/],
      [{ shiftId: mine.id, kind: 'exchange', counterpartUserId: 'sunli' }, 'no_return_shift', /请选择对方的一个班次/],
      [
        { shiftId: mine.id, kind: 'exchange', counterpartUserId: 'hemin', returnShiftId: sunliShift.id },
        'not_their_shift',
        /不是.+的值班人员/,
      ],
      [{ shiftId: mine.id, kind: 'cover', counterpartUserId: 'nobody' }, 'unknown_user', /不存在/],
      [{ shiftId: 999_999, kind: 'cover', counterpartUserId: 'sunli' }, 'unknown_shift', /没有这个值班班次/],
    ];
    for (const [input, code, message] of cases) {
      await expect(swaps.request(person('caoxue'), input)).rejects.toMatchObject({
        code,
        messageZh: expect.stringMatching(message),
      });
    }
    expect(await snapshot()).toEqual(before);
    // A shift already started (or past) cannot be swapped.
    await swaps.withdraw(person('caoxue'), open.id);
    clock = new Date(new Date(mine.startsAt).getTime() + 60_000);
    const started = await snapshot();
    await expect(
      swaps.request(person('caoxue'), { shiftId: mine.id, kind: 'cover', counterpartUserId: 'sunli' }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'shift_started', messageZh: expect.stringMatching(/已开始/) });
    expect(await snapshot()).toEqual(started);
  });

  it('refuses a colleague already on duty then, and a shift in return that overlaps one of the requester’s', async () => {
    const mine = await shiftOf('hemin', 'staff', '2026-10-20');
    const next = (await shifts()).find((s) => s.startsAt === mine.endsAt) as ShiftView;
    const busy = next.staff[0]?.id as string;
    // Planned under an earlier pattern: the next shift starts an hour before this one ends.
    const repo = scratch.db.getRepository(DutyShift);
    const row = await repo.findOneByOrFail({ id: next.id });
    await repo.update({ id: next.id }, { startsAt: new Date(new Date(mine.endsAt).getTime() - 3_600_000) });
    const before = await snapshot();
    await expect(
      swaps.request(person('hemin'), { shiftId: mine.id, kind: 'cover', counterpartUserId: busy }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'counterpart_busy',
      messageZh: expect.stringMatching(/时间重叠/),
    });
    // 换班 the other way: hemin would take `busy`'s overlapping shift while on their own.
    const theirs = await shiftOf(busy, 'staff', '2026-10-01');
    await expect(
      swaps.request(person(busy), {
        shiftId: theirs.id,
        kind: 'exchange',
        counterpartUserId: 'hemin',
        returnShiftId: mine.id,
      }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'requester_busy' });
    // The roster's hand edit refuses the same: one person on two shifts that overlap.
    await expect(
      roster.editShift('wufang', next.date, next.kind, { leaderUserId: next.leader.id, staffUserIds: ['hemin'] }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      code: 'overlapping_shift',
      messageZh: expect.stringMatching(/^何敏已安排在10月\d+日(白班|夜班)，与该班次时间重叠，不能同时安排$/),
    });
    expect(await snapshot()).toEqual(before);
    await repo.update({ id: next.id }, { startsAt: row.startsAt });
  });

  it('lets the colleague decline and the requester withdraw; only they may, and a new request may follow', async () => {
    const mine = await shiftOf('sunli', 'staff', '2026-10-22');
    const first = await swaps.request(person('sunli'), { shiftId: mine.id, kind: 'cover', counterpartUserId: 'hemin' });
    await expect(swaps.accept(person('caoxue'), first.id)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(swaps.withdraw(person('hemin'), first.id)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(swaps.approve(OFFICE, first.id)).rejects.toMatchObject({ kind: 'conflict', code: 'not_accepted' });
    const declined = await swaps.decline(person('hemin'), first.id, '当天另有公务');
    expect(declined.status).toBe('declined');
    expect((await notices(first.id)).map((n) => [n.to, n.text])).toEqual([
      ['hemin', expect.stringContaining('孙丽申请由您替班')],
      ['sunli', `何敏未同意接替您${first.shift?.title}（当天另有公务）。请按原安排值班或另行申请。`],
    ]);
    const second = await swaps.request(person('sunli'), {
      shiftId: mine.id,
      kind: 'cover',
      counterpartUserId: 'caoxue',
    });
    expect((await swaps.myShifts('sunli')).upcoming.find((s) => s.id === mine.id)?.openSwapId).toBe(second.id);
    await swaps.accept(person('caoxue'), second.id);
    const withdrawn = await swaps.withdraw(person('sunli'), second.id);
    expect(withdrawn.status).toBe('withdrawn');
    await expect(swaps.approve(OFFICE, second.id)).rejects.toMatchObject({ code: 'already_decided' });
    expect(await audits(second.id)).toEqual([
      ['duty.swap.requested', 'sunli'],
      ['duty.swap.accepted', 'caoxue'],
      ['duty.swap.withdrawn', 'sunli'],
    ]);
    expect((await swaps.mine(person('caoxue'))).map((s) => s.id)).toEqual(expect.arrayContaining([second.id]));
  });

  it('lets only the office decide, never on its own swap; a refusal needs a reason and tells both', async () => {
    const mine = await shiftOf('caoxue', 'staff', '2026-10-24');
    const asked = await swaps.request(person('caoxue'), {
      shiftId: mine.id,
      kind: 'cover',
      counterpartUserId: 'hemin',
    });
    await swaps.accept(person('hemin'), asked.id);
    const before = await snapshot();
    await expect(swaps.approve(person('zhoutao'), asked.id)).rejects.toMatchObject({ code: 'not_office' });
    await expect(swaps.forOffice(person('zhoutao'))).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(swaps.approve({ id: 'hemin', office: true }, asked.id)).rejects.toMatchObject({ code: 'own_swap' });
    await expect(swaps.refuse(OFFICE, asked.id, '  ')).rejects.toMatchObject({ code: 'note_required' });
    expect(await snapshot()).toEqual(before);
    expect((await swaps.forOffice(OFFICE))[0]).toMatchObject({ id: asked.id, can: { approve: true, refuse: true } });
    const refused = await swaps.refuse(OFFICE, asked.id, '当日有重要活动，请按原安排值班');
    expect(refused).toMatchObject({ status: 'refused', note: '当日有重要活动，请按原安排值班' });
    const told = (await notices(asked.id)).filter((n) => n.text.includes('未获批准'));
    expect(told.map((n) => n.to)).toEqual(['caoxue', 'hemin']);
    expect(told[0]?.text).toBe('曹雪与何敏的替班申请未获批准（当日有重要活动，请按原安排值班）。请按原安排值班。');
    expect((await shifts()).find((s) => s.id === mine.id)?.staff.map((p) => p.id)).toEqual(['caoxue']);
  });

  it('cannot approve a request whose shift started meanwhile (409), nothing changed', async () => {
    const mine = await shiftOf('zhoutao', 'staff', '2026-10-26');
    const asked = await swaps.request(person('zhoutao'), {
      shiftId: mine.id,
      kind: 'cover',
      counterpartUserId: 'caoxue',
    });
    await swaps.accept(person('caoxue'), asked.id);
    clock = new Date(new Date(mine.startsAt).getTime() + 1000);
    const before = await snapshot();
    await expect(swaps.approve(OFFICE, asked.id)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'shift_started',
      messageZh: expect.stringMatching(/^10月\d+日（周.）(白班|夜班)已于(08:30|17:30)开始，该换班申请已不能批准$/),
    });
    expect(await snapshot()).toEqual(before);
    expect((await swaps.get(OFFICE, asked.id)).statusName).toBe('已过期');
  });

  it('lets one of two simultaneous approvals win; the shift changes once', async () => {
    const mine = await shiftOf('hemin', 'staff', '2026-10-28');
    const asked = await swaps.request(person('hemin'), {
      shiftId: mine.id,
      kind: 'cover',
      counterpartUserId: 'zhoutao',
    });
    await swaps.accept(person('zhoutao'), asked.id);
    const results = await Promise.allSettled([
      swaps.approve(OFFICE, asked.id),
      swaps.approve({ id: 'zhenglei', office: true }, asked.id),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ kind: 'conflict', code: 'already_decided' });
    expect((await shifts()).find((s) => s.id === mine.id)?.staff.map((p) => p.id)).toEqual(['zhoutao']);
    expect((await audits(asked.id)).filter(([a]) => a === 'duty.swap.approved')).toHaveLength(1);
    const told = (await notices(asked.id)).filter((n) => n.text.includes('已批准'));
    expect(told.map((n) => n.to)).toEqual(['hemin', 'zhoutao']);
  });
});
