import type { EntityManager } from 'typeorm';
import { DisciplineNotice, type JsonObject, Matter, Meeting, MeetingAttendee, MeetingDecision } from '../../entities';
import { formatISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { civilDateOf, dayNumberOf } from '../calendar/civil-date';
import { DeadlineService } from '../deadlines/deadline-service';
import { createLogger } from '../logging/logger';
import { disciplineReport, noticeTitle } from '../meetings/discipline';
import { MeetingService } from '../meetings/service';
import { issueNumber } from '../numbering/numbers';
import { Supervision } from '../supervision';
import { lcg } from './random';
import { seedInternalMeetings } from './seed-internal-meetings';
import { withinTransaction } from './within-transaction';

const UNIT_HEADS: Record<string, string> = {
  '31': 'fenggang',
  '32': 'xuqiang',
  '33': 'hanbing',
  '34': 'zhudan',
  '35': 'shenhong',
};
const UNIT_STAFF: Record<string, string> = {
  '31': 'hemin',
  '32': 'caoxue',
  '33': 'yangfan',
  '34': 'qinyue',
  '35': 'hanlu',
};
const LEADERS = ['wangjianguo', 'liming', 'chenjing', 'zhaozhiqiang'];

/** Per month: this year's meetings, then (the year before) more of them — the office held fewer (精简会议). */
const PLAN: { type: string; title: string; perMonth: [number, number]; hour: number }[] = [
  { type: 'executive', title: '区政府常务会议', perMonth: [2, 2], hour: 9 },
  { type: 'party_group', title: '区政府党组会议', perMonth: [1, 1], hour: 15 },
  { type: 'coordination', title: '专题协调会', perMonth: [2, 3], hour: 10 },
  { type: 'scheduling', title: '重点工作调度会', perMonth: [1, 2], hour: 15 },
];

const TOPICS = ['重点项目建设', '安全生产', '民生实事', '营商环境优化', '防汛备汛', '城市更新', '乡村振兴', '招商引资'];

/**
 * Two years of meetings for the demo, with receipts, sign-ins (a few late or absent without leave), quarterly
 * discipline notices, the 常务会议 decisions that the supervision seed made into matters linked back to their
 * meetings; and, ahead, two meetings notified through the meeting service (their notices go to the simulator)
 * and one calendar event waiting to be adopted; two years of the office's own 党建 and study meetings
 * (seed-internal-meetings.ts). Deterministic for a given `now`.
 */
export async function seedMeetingsDemo(manager: EntityManager, now: Date = new Date()): Promise<void> {
  const random = lcg(20261125);
  const today = shanghaiDayNumber(now);
  const { year, month } = civilDateOf(today);
  const held: Meeting[] = [];
  for (let back = 24; back >= 1; back--) {
    const m = (((month - 1 - back) % 12) + 12) % 12;
    const y = year + Math.floor((month - 1 - back) / 12);
    const recent = back <= 12 ? 0 : 1;
    for (const plan of PLAN) {
      for (let k = 0; k < plan.perMonth[recent]; k++) {
        const day = dayNumberOf(y, m + 1, 3 + k * 9 + PLAN.indexOf(plan) * 2);
        const startsAt = shanghaiInstant(day, plan.hour * 60 + (k % 2) * 30);
        const topic = TOPICS[Math.floor(random() * TOPICS.length)] ?? TOPICS[0];
        const meeting = await manager.getRepository(Meeting).save(
          manager.getRepository(Meeting).create({
            type: plan.type,
            title: plan.type === 'executive' || plan.type === 'party_group' ? plan.title : `${topic}${plan.title}`,
            startsAt,
            endsAt: new Date(startsAt.getTime() + 90 * 60_000),
            place: plan.type === 'party_group' ? '区政府党组会议室' : '区政府三楼会议室',
            organiserUserId: 'zhenglei',
            status: 'held',
            notifiedAt: new Date(startsAt.getTime() - 2 * 86_400_000),
            confirmBy: new Date(startsAt.getTime() - 86_400_000),
            signInCode: String(Math.floor(random() * 1_000_000)).padStart(6, '0'),
          }),
        );
        held.push(meeting);
        const rows = attendeesOf(meeting, plan.type, random);
        // Last month's first 常务会议 always has one late and one absent, so its discipline notice has content.
        if (back === 1 && k === 0 && plan.type === 'executive') showcaseViolations(meeting, rows);
        await manager.insert(MeetingAttendee, rows);
      }
    }
  }
  await linkDecisions(manager, held);
  await seedInternalMeetings(manager, today);
  await issueQuarterlyNotices(manager, today);
  await seedUpcoming(manager, now);
}

function attendeesOf(meeting: Meeting, type: string, random: () => number): Partial<MeetingAttendee>[] {
  const units = Object.keys(UNIT_HEADS);
  const invited =
    type === 'party_group'
      ? LEADERS.map((id) => ({ userId: id, unit: '10' }))
      : type === 'scheduling'
        ? units.map((unit) => ({ userId: UNIT_STAFF[unit] as string, unit }))
        : units
            .filter((_, i) => type === 'executive' || (i + meeting.id) % 2 === 0)
            .map((unit) => ({ userId: UNIT_HEADS[unit] as string, unit }));
  const minute = 60_000;
  return invited.map(({ userId, unit }): Partial<MeetingAttendee> => {
    const roll = random();
    const respondedAt = new Date(meeting.startsAt.getTime() - (30 + Math.floor(random() * 20)) * 3_600_000);
    const base = { meetingId: meeting.id, userId, departmentId: unit, readAt: respondedAt };
    if (roll < 0.08) return { ...base, response: 'leave', leaveReason: '参加市级会议', respondedAt };
    const sign = random();
    const signedInAt =
      sign < 0.04
        ? new Date(meeting.startsAt.getTime() + (1 + Math.floor(random() * 15)) * minute)
        : sign < 0.07
          ? null
          : new Date(meeting.startsAt.getTime() - (2 + Math.floor(random() * 20)) * minute);
    const late = signedInAt ? signedInAt > meeting.startsAt : null;
    const answered = roll < 0.97;
    return {
      ...base,
      response: answered ? 'confirmed' : 'pending',
      respondedAt: answered ? respondedAt : null,
      readAt: answered ? respondedAt : null,
      signedInAt,
      late,
    };
  });
}

function showcaseViolations(meeting: Meeting, rows: Partial<MeetingAttendee>[]) {
  const [late, absent] = rows;
  const answered = { response: 'confirmed' as const, leaveReason: null };
  if (late)
    Object.assign(late, answered, { signedInAt: new Date(meeting.startsAt.getTime() + 8 * 60_000), late: true });
  if (absent) Object.assign(absent, answered, { signedInAt: null, late: null });
}

/** The supervision seed's 常务会议 decisions, each linked to the last executive meeting before it was assigned. */
async function linkDecisions(manager: EntityManager, held: Meeting[]) {
  const executive = held.filter((m) => m.type === 'executive').sort((a, b) => +a.startsAt - +b.startsAt);
  const matters = await manager
    .getRepository(Matter)
    .find({ where: { source: 'meeting_decision' }, order: { id: 'ASC' } });
  for (const matter of matters) {
    const meeting = [...executive].reverse().find((m) => m.startsAt < matter.assignedAt);
    if (!meeting) continue;
    await manager.update(Matter, { id: matter.id }, { meetingId: meeting.id });
    await manager.insert(MeetingDecision, {
      meetingId: meeting.id,
      content: matter.title.replace(/^区政府常务会议议定：/, ''),
      leadDepartmentId: matter.leadDepartmentId,
      matterId: matter.id,
      createdBy: 'sunli',
    });
  }
}

/** 违反会风会纪通报 each quarter that had something to report, numbered per year. */
async function issueQuarterlyNotices(manager: EntityManager, today: number) {
  const { year } = civilDateOf(today);
  const numbers = new Map<number, number>();
  for (const y of [year - 2, year - 1, year]) {
    for (let q = 0; q < 4; q++) {
      const from = formatISODate(dayNumberOf(y, q * 3 + 1, 1));
      const end = (q === 3 ? dayNumberOf(y + 1, 1, 1) : dayNumberOf(y, q * 3 + 4, 1)) - 1;
      const issuedDay = end + 5;
      if (issuedDay >= today) continue;
      const report = await disciplineReport(manager, from, formatISODate(end), shanghaiInstant(issuedDay, 9 * 60));
      if (report.violations.length === 0) continue;
      const issuedYear = civilDateOf(issuedDay).year;
      const number = (numbers.get(issuedYear) ?? 0) + 1;
      numbers.set(issuedYear, number);
      const issuedAt = shanghaiInstant(issuedDay, 10 * 60);
      const notice = await manager.save(
        manager.create(DisciplineNotice, {
          year: issuedYear,
          number,
          title: noticeTitle(from, formatISODate(end)),
          periodStart: from,
          periodEnd: formatISODate(end),
          entries: report.violations as unknown as JsonObject[],
          issuedBy: 'zhenglei',
          issuedAt,
        }),
      );
      // Its 发文字号, as the meeting office's issue gives one.
      await issueNumber(manager, {
        kind: 'discipline_notice',
        subjectType: 'discipline_notice',
        subjectId: notice.id,
        actorId: 'zhenglei',
        now: issuedAt,
      });
    }
  }
}

/** Two meetings ahead, notified through the service, and one calendar event to adopt. */
async function seedUpcoming(manager: EntityManager, now: Date) {
  const db = withinTransaction(manager);
  const deadlines = await DeadlineService.load(db, createLogger('silent'));
  const supervision = new Supervision(db, deadlines, () => now, { notifications: false });
  const meetings = new MeetingService({ db, deadlines, supervision: supervision.matters, clock: () => now });
  const calendar = deadlines.calendar();
  const workday = (n: number) => calendar.addWorkdaysToDay(shanghaiDayNumber(now), n);
  const organiser = { id: 'zhenglei', roles: [{ role: 'meeting_office' as const, scope: '*' }] };
  const executive = await meetings.create(organiser, {
    type: 'executive',
    title: '区政府常务会议',
    startsAt: shanghaiInstant(workday(2), 9 * 60),
    endsAt: shanghaiInstant(workday(2), 11 * 60 + 30),
    place: '区政府三楼会议室',
    agenda: '一、研究全区重点项目年度推进情况；二、审议民生实事项目资金安排方案',
    confirmBy: shanghaiInstant(workday(1), 17 * 60),
    attendeeUserIds: Object.values(UNIT_HEADS),
  });
  await meetings.notify(organiser, executive.id);
  const coordination = await meetings.create(organiser, {
    type: 'coordination',
    title: '城南片区征迁工作专题协调会',
    startsAt: shanghaiInstant(workday(1), 15 * 60),
    place: '区政府五楼会议室',
    attendeeUserIds: ['hemin', 'yangfan'],
    attendeeDepartmentIds: ['32'],
  });
  await meetings.notify(organiser, coordination.id);
  await manager.insert(Meeting, {
    type: 'other',
    title: '全区安全生产工作调度会',
    startsAt: shanghaiInstant(workday(3), 15 * 60),
    endsAt: shanghaiInstant(workday(3), 16 * 60 + 30),
    place: '区政府五楼会议室',
    organiserUserId: 'liming',
    status: 'draft',
    origin: 'calendar',
    calendarEventId: 'demo-calendar-event-1',
    external: { calendarId: 'primary', unionIds: ['union-liming'] },
    needsSync: false,
  });
  const adoptable = await manager.getRepository(Meeting).findOneByOrFail({ calendarEventId: 'demo-calendar-event-1' });
  await manager.insert(
    MeetingAttendee,
    ['fenggang', 'hanbing'].map((userId) => ({
      meetingId: adoptable.id,
      userId,
      departmentId: userId === 'fenggang' ? '31' : '33',
    })),
  );
}
