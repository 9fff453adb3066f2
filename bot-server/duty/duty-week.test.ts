import { DutyIncidentLimit, Matter, OFFICE_WIDE, OutboxNotification, type Role } from '../../entities';
import { annualReport, summaryParagraphs } from '../reports/annual';
import { dutyFigures } from '../reports/duty-figures';
import type { Actor } from '../supervision/types';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import { ShiftReminders } from './shift-reminders';
import type { ShiftView } from './views';

const t = (text: string) => new Date(`${text}+08:00`);
const actor = (id: string, role: Role): Actor => ({ id, roles: [{ role, scope: OFFICE_WIDE }] });
const OFFICE = actor('zhenglei', 'meeting_office');
const SUPERVISION = actor('zhoutao', 'supervision_office');
const LEADERS = ['zhaozhiqiang', 'liming', 'chenjing'];
// 会务 (wufang) approves the swap; she is not on this roster.
const STAFF = ['zhoutao', 'sunli', 'hemin', 'caoxue'];

/** The roster generated for the holiday period: the 调休上班 Sunday before 国庆节, then its seven days. */
const PERIOD = { from: '2024-09-29', to: '2024-10-07' };
/** The week followed: Monday 30 September to Sunday 6 October 2024. */
const WEEK = { from: '2024-09-30', to: '2024-10-06' };

/** The instants the reminder pass runs at: 16:00 on the eve of the week, then 08:30, 16:00 and 17:30 each day. */
const PASSES = [
  t('2024-09-29T16:00:00'),
  ...['09-30', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06'].flatMap((d) =>
    ['08:30', '16:00', '17:30'].map((hm) => t(`2024-${d}T${hm}:00`)),
  ),
];

/** The duty phone's log, as the test records it (one call on the 调休上班 Sunday, before the week). */
const CALLS: { at: string; callerType: 'public' | 'superior' | 'department' | 'other'; referred: boolean }[] = [
  { at: '2024-09-29T10:00:00', callerType: 'public', referred: false },
  { at: '2024-09-30T09:15:00', callerType: 'public', referred: false },
  { at: '2024-10-01T11:00:00', callerType: 'superior', referred: false },
  { at: '2024-10-03T20:40:00', callerType: 'public', referred: true },
  { at: '2024-10-05T23:10:00', callerType: 'department', referred: false },
  { at: '2024-10-06T02:05:00', callerType: 'superior', referred: false },
  { at: '2024-10-06T16:45:00', callerType: 'other', referred: false },
];
/** The visits received, as the test records them. */
const VISITS = [
  { at: '2024-09-30T10:30:00', petitioners: 1, name: '张明', content: '咨询城乡居民医保缴费标准' },
  { at: '2024-10-03T09:30:00', petitioners: 12, name: '李国强', content: '反映安置小区电梯长期停运' },
];

/**
 * 国庆 week of 2024 (a year the demo seeds nothing in: its records are of the year before today), followed end to
 * end with the clock moved through it: the roster over the holiday, a 替班 of the Saturday night's 带班领导, the
 * shift reminders, an incident at 02:00 on the Sunday, a collective visit turned into a matter, the phone log, and
 * then the figures of the week and the year-end paragraph against a hand count of what the test recorded.
 * The `it`s run in order: each is a stretch of the week, the clock only moving forward.
 */
describe.each(testDatabases())('a 国庆 duty week on $name', (target) => {
  let clock = t('2024-09-20T10:00:00');
  const demo = useDemoDuban(target, { clock: { now: () => clock, on: ['matters'] } });
  const services = () => demo.duban.services();
  let reminders: ShiftReminders;
  const newProcess = () => new ShiftReminders(() => demo.db, services().deadlines, { now: () => clock });
  /** Moves the clock to `at`, running the reminder pass (twice: this process and a fresh one) at each instant passed. */
  const advanceTo = async (at: string) => {
    const target = t(at);
    for (const pass of PASSES.filter((p) => p > clock && p <= target)) {
      clock = pass;
      await reminders.runDue();
      await newProcess().runDue();
    }
    clock = target;
  };
  const shifts = async () =>
    [...(await services().duty.month('2024-09')).days, ...(await services().duty.month('2024-10')).days]
      .filter((d) => d.date >= PERIOD.from && d.date <= PERIOD.to)
      .flatMap((d) => d.shifts);
  const shiftOn = async (date: string, kind: 'day' | 'night') =>
    (await shifts()).find((s) => s.date === date && s.kind === kind) as ShiftView;
  const peopleOf = (s: ShiftView) => [s.leader.id, ...s.staff.map((p) => p.id)];
  /** The reports upward on the incident, filled in as they are recorded. */
  const REPORTS: string[] = [];
  let petitionsBefore: string | null = null;
  /** The 带班领导 of the Saturday night (5–6 October) before and after the 替班. */
  let nightLeader = '';
  let coveringLeader = '';

  beforeAll(async () => {
    services().duty.useClock(() => clock);
    services().incidents.useClock(() => clock);
    reminders = newProcess();
    const q = { db: demo.db, now: clock };
    const annual = await annualReport(demo.db.manager, services().deadlines.calendar(), q, 2024);
    petitionsBefore = annual.figures.find((f) => f.name === 'petitions')?.text ?? null;
  }, 120_000);

  it('1. 20 September: 会务 generates the roster over the holiday, the days marked as the calendar says', async () => {
    const result = await services().duty.generate('wufang', {
      ...PERIOD,
      leaderUserIds: LEADERS,
      staffUserIds: STAFF,
    });
    expect(result).toMatchObject({ ...PERIOD, created: 18, replaced: 0, kept: 0 });
    const days = [...(await services().duty.month('2024-09')).days, ...(await services().duty.month('2024-10')).days]
      .filter((d) => d.date >= PERIOD.from && d.date <= PERIOD.to)
      .map((d) => [d.date, d.status, d.dayOff, d.shifts.length]);
    expect(days).toEqual([
      ['2024-09-29', 'makeup', false, 2], // a Sunday worked (调休上班)
      ['2024-09-30', 'workday', false, 2],
      ...['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2024-10-${d}`, 'holiday', true, 2]),
    ]);
    const october = (await services().duty.month('2024-10')).days;
    expect(october.find((d) => d.date === '2024-10-01')?.label).toContain('国庆节');
    expect(october.find((d) => d.date === '2024-10-12')?.status).toBe('makeup');
    for (const s of await shifts()) {
      expect(LEADERS).toContain(s.leader.id);
      expect(s.staff).toHaveLength(1);
    }
  });

  it('2. 29 September, the 调休上班 Sunday: a call on the duty phone; the eve notices of Monday at 16:00', async () => {
    await advanceTo(CALLS[0]?.at as string);
    const first = CALLS[0] as (typeof CALLS)[number];
    await services().phoneLog.record(OFFICE, {
      callerType: first.callerType,
      topic: '咨询国庆期间办事时间',
      outcome: 'answered',
    });
    // 16:00: the day-before notices of Monday's two shifts, to their 带班领导 and 值班人员; nothing else yet.
    await advanceTo('2024-09-29T16:00:00');
    const monday = [await shiftOn('2024-09-30', 'day'), await shiftOn('2024-09-30', 'night')];
    const written = await demo.db.getRepository(OutboxNotification).findBy({ subjectType: 'duty_shift' });
    expect(written.map((r) => [r.kind, r.subjectId, r.recipientUserId]).sort()).toEqual(
      monday.flatMap((s) => peopleOf(s).map((p) => ['duty_shift_eve', s.id, p])).sort(),
    );
    await advanceTo('2024-09-30T08:00:00');
  });

  it('3. 30 September – 2 October: visits and calls; the Saturday night’s 带班领导 asks a colleague to cover, approved', async () => {
    const call = async (i: number) => {
      const c = CALLS[i] as (typeof CALLS)[number];
      await advanceTo(c.at);
      await services().phoneLog.record(OFFICE, {
        callerType: c.callerType,
        topic: `值班电话${i}`,
        outcome: c.referred ? 'referred' : 'answered',
        referredDepartmentId: c.referred ? '33' : null,
      });
    };
    await call(1);
    const single = VISITS[0] as (typeof VISITS)[number];
    await advanceTo(single.at);
    await services().petitions.register(OFFICE, {
      petitioners: single.petitioners,
      representativeName: single.name,
      content: single.content,
      departmentId: '35',
      outcome: 'answered',
    });
    await call(2);

    // 2 October, 10:00: the 带班领导 of the night of 5 October asks another leader to take the shift.
    await advanceTo('2024-10-02T10:00:00');
    const night = await shiftOn('2024-10-05', 'night');
    nightLeader = night.leader.id;
    coveringLeader = LEADERS.find((id) => id !== nightLeader) as string;
    const swaps = services().dutySwaps;
    const asked = await swaps.request(
      { id: nightLeader, office: false },
      { shiftId: night.id, kind: 'cover', counterpartUserId: coveringLeader, reason: '参加市里防汛会商' },
    );
    expect(asked.status).toBe('requested');
    await advanceTo('2024-10-02T11:00:00');
    expect((await swaps.accept({ id: coveringLeader, office: false }, asked.id)).status).toBe('accepted');
    await advanceTo('2024-10-02T14:00:00');
    expect((await swaps.approve({ id: 'wufang', office: true }, asked.id)).status).toBe('approved');
    const after = await shiftOn('2024-10-05', 'night');
    expect(after).toMatchObject({ leader: { id: coveringLeader }, manual: true });
    expect(after.staff.map((p) => p.id)).toEqual(night.staff.map((p) => p.id));
  });

  it('4. 3 October: a collective visit of 12 people, turned by 督查室 into a supervised matter (信访)', async () => {
    const collective = VISITS[1] as (typeof VISITS)[number];
    await advanceTo(collective.at);
    const visit = await services().petitions.register(OFFICE, {
      petitioners: collective.petitioners,
      representativeName: collective.name,
      representativeContact: '13812345678',
      content: collective.content,
      departmentId: '33',
    });
    expect(visit).toMatchObject({ petitioners: 12, collective: true, matter: null });
    await advanceTo('2024-10-03T11:00:00');
    const turned = await services().petitions.turnIntoMatter(SUPERVISION, visit.id, {});
    expect(turned.outcome).toBe('supervised');
    const matter = await demo.db.getRepository(Matter).findOneByOrFail({ id: turned.matter?.id as number });
    expect(matter).toMatchObject({ source: 'petition', leadDepartmentId: '33' });
    expect(matter.number).toMatch(/^信访〔2024〕\d+号$/);
    expect(matter.assignedAt.toISOString()).toBe(t('2024-10-03T11:00:00').toISOString());
    expect(matter.content).toContain(`来访接待登记第${visit.id}号，来访12人次，集体访`);
  });

  it('5. 3–6 October: calls; at 02:00 on Sunday a 较大 incident, its limits in minutes, the notices each once', async () => {
    for (const i of [3, 4, 5, 6]) {
      const c = CALLS[i] as (typeof CALLS)[number];
      if (i === 5) {
        // 02:00 on Sunday 6 October, during the night shift of 5 October: the person on duty records an incident.
        await advanceTo('2024-10-06T02:00:00');
        await recordIncident();
      }
      if (i === 6) await runIncidentNight();
      await advanceTo(c.at);
      await services().phoneLog.record(OFFICE, {
        callerType: c.callerType,
        topic: `值班电话${i}`,
        outcome: c.referred ? 'referred' : 'answered',
        referredDepartmentId: c.referred ? '33' : null,
      });
    }
  });

  let incidentId = 0;
  let recorder: Actor = OFFICE;
  const incidents = () => services().incidents;
  const incidentRows = () =>
    demo.db.getRepository(OutboxNotification).find({
      where: { subjectType: 'duty_incident', subjectId: incidentId },
      order: { id: 'ASC' },
    });
  const report = async (kind: string, by: Actor) => {
    await incidents().addReport(by, incidentId, { kind, recipient: '区政府总值班室', channel: 'phone' });
    REPORTS.push(kind);
  };

  async function recordIncident() {
    const night = await shiftOn('2024-10-05', 'night');
    recorder = actor(night.staff[0]?.id as string, 'staff');
    const incident = await incidents().record(recorder, {
      occurredAt: t('2024-10-06T01:50:00'),
      place: '环城东路与滨河路交叉口',
      category: 'accident',
      level: 'large',
      summary: '两车相撞，2人受伤送医',
      source: '区应急管理局',
    });
    incidentId = incident.id;
    expect(incident.levelName).toBe('较大');
    // 较大: 电话初报 within 30 minutes and 书面初报 within 60 of 接报时间 (02:00), at night on a holiday as on any day.
    expect(incident.limits.map((l) => [l.name, l.dueAt])).toEqual([
      ['电话初报', t('2024-10-06T02:30:00').toISOString()],
      ['书面初报', t('2024-10-06T03:00:00').toISOString()],
    ]);
    expect(await incidents().runDue()).toBe(0);
  }

  async function runIncidentNight() {
    const at = async (text: string) => {
      await advanceTo(text);
      await incidents().runDue();
      await incidents().runDue();
    };
    // The clock at chosen instants of the night, each run twice: the warning 5 minutes before the phone limit, the
    // overdue notice at it, the escalation 15 minutes after it to the night's 带班领导 (after the 替班).
    await at('2024-10-06T02:25:00');
    await at('2024-10-06T02:30:00');
    await at('2024-10-06T02:45:00');
    await advanceTo('2024-10-06T02:50:00');
    await report('phone', recorder); // 20 minutes late
    await at('2024-10-06T02:55:00'); // the written report's warning
    await advanceTo('2024-10-06T02:58:00');
    await report('written', recorder); // in time; the first 续报 is opened, due 14:58
    await at('2024-10-06T03:30:00');
    await advanceTo('2024-10-06T09:00:00');
    await report('final', OFFICE); // 会务 sends the 终报 in the morning; the 续报 is closed
    await at('2024-10-06T15:30:00');

    const limits = await demo.db
      .getRepository(DutyIncidentLimit)
      .find({ where: { incidentId }, order: { dueAt: 'ASC', id: 'ASC' } });
    const [phone, written] = limits as [DutyIncidentLimit, DutyIncidentLimit];
    const rows = await incidentRows();
    expect(rows.map((r) => [r.idempotencyKey, r.kind, r.recipientUserId])).toEqual([
      [`duty-incident:${phone.id}:warning`, 'incident_warning', recorder.id],
      [`duty-incident:${phone.id}:overdue`, 'incident_overdue', recorder.id],
      [`duty-incident:${phone.id}:escalation`, 'incident_escalation', coveringLeader],
      [`duty-incident:${written.id}:warning`, 'incident_warning', recorder.id],
    ]);
    expect(rows.map((r) => r.recipientUserId)).not.toContain(nightLeader);
    const view = await incidents().get(OFFICE, incidentId);
    expect(view.open).toBe(false);
    expect(view.reports.map((r) => [r.kind, r.lateMinutes])).toEqual([
      ['phone', 20],
      ['written', null],
      ['final', null],
    ]);
    expect(view.limits.map((l) => [l.name, l.status, l.lateMinutes])).toEqual([
      ['电话初报', 'met', 20],
      ['书面初报', 'met', null],
      ['第1次续报', 'closed', null],
    ]);
  }

  it('6. 6 October, 17:30: the week over, each person of each shift told the day before and at the start, once', async () => {
    await advanceTo('2024-10-06T18:00:00');
    const all = await shifts();
    const rows = await demo.db
      .getRepository(OutboxNotification)
      .find({ where: { subjectType: 'duty_shift' }, order: { id: 'ASC' } });
    const keyOf = (s: ShiftView, kind: 'eve' | 'start', person: string) =>
      `duty-shift:${s.id}:${kind}:${person}:${new Date(s.startsAt).getTime()}`;
    // The week's shifts: the day-before and the start notices; those of 7 October: the day-before ones (6 October,
    // 16:00). The 调休上班 Sunday's shifts were before the first pass.
    const expected = [
      ...all
        .filter((s) => s.date >= WEEK.from && s.date <= WEEK.to)
        .flatMap((s) => peopleOf(s).flatMap((p) => [keyOf(s, 'eve', p), keyOf(s, 'start', p)])),
      ...all.filter((s) => s.date === PERIOD.to).flatMap((s) => peopleOf(s).map((p) => keyOf(s, 'eve', p))),
    ];
    expect(expected).toHaveLength(7 * 2 * 2 * 2 + 2 * 2);
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual([...expected].sort());
    // The 替班: the Saturday night's notices went to the covering leader, none to the leader who asked.
    const night = await shiftOn('2024-10-05', 'night');
    const ofNight = rows.filter((r) => r.subjectId === night.id);
    expect(ofNight.filter((r) => r.recipientUserId === coveringLeader).map((r) => r.kind)).toEqual([
      'duty_shift_eve',
      'duty_shift_start',
    ]);
    expect(ofNight.map((r) => r.recipientUserId)).not.toContain(nightLeader);
  });

  it("7. the week's figures and the year-end paragraph equal the hand count of what was recorded", async () => {
    const inWeek = (at: string) => at.slice(0, 10) >= WEEK.from && at.slice(0, 10) <= WEEK.to;
    const weekVisits = VISITS.filter((v) => inWeek(v.at));
    const hand = {
      visits: weekVisits.length,
      petitioners: weekVisits.reduce((n, v) => n + v.petitioners, 0),
      collective: weekVisits.filter((v) => v.petitioners >= 5).length,
      calls: CALLS.filter((c) => inWeek(c.at)).length,
      reports: REPORTS.length,
    };
    expect(hand).toEqual({ visits: 2, petitioners: 13, collective: 1, calls: 6, reports: 3 });
    const calendar = services().deadlines.calendar();
    const q = { db: demo.db, now: clock };
    const figures = await dutyFigures(demo.db.manager, calendar, q, WEEK);
    const value = (id: string) => figures.figures.find((f) => f.id === id)?.value;
    expect({
      visits: value('duty.petitionVisits'),
      petitioners: value('duty.petitioners'),
      collective: value('duty.collectiveVisits'),
      calls: value('duty.phoneCalls'),
      reports: value('duty.emergencyReports'),
    }).toEqual(hand);

    // The year: every record of 2024 is the test's (the call on the 调休上班 Sunday too).
    const year = await annualReport(demo.db.manager, calendar, q, 2024);
    const paragraph = summaryParagraphs(year)
      .map((b) => b.pieces.map((p) => p.text).join(''))
      .find((text) => text.startsWith('4.值班信访'));
    const people = VISITS.reduce((n, v) => n + v.petitioners, 0);
    // The visit turned into a matter is not counted again as a 信访交办函.
    expect(year.figures.find((f) => f.name === 'petitions')?.text ?? null).toBe(petitionsBefore);
    expect(paragraph).toContain(
      `接待上访群众${VISITS.length}起${people}人次，处理信访交办函${petitionsBefore}起；` +
        `值班接听处理各类电话${CALLS.length}次，报送应急值班信息${REPORTS.length}条；`,
    );
  });
});
