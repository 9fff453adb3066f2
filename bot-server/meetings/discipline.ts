/**
 * 违反会风会纪通报: who came late to, or stayed away without leave from, the meetings held in a period.
 *
 * Definitions (the preview and the figures' pages show them; the printed notice does not):
 * - the meetings counted are those notified and held (not drafts, not cancelled) whose start, as a Shanghai date,
 *   lies in [from, to], and that have ended (the end time, or the close of sign-in 2 hours after the start without
 *   one): no one is counted absent while sign-in is still open;
 * - district leaders (role `leader`) and the meeting's 主持人 are not named unless the office chooses to include them;
 * - 迟到 (late): signed in after the start time;
 * - 无故缺席 (absent without leave): invited by name or named by a unit, did not ask for leave (请假) or name a
 *   substitute (指派他人, whose own attendance then counts instead), and did not sign in;
 * - 单位未派员: a unit invited that named nobody.
 */
import { type DataSource, type EntityManager, In } from 'typeorm';
import {
  Department,
  DisciplineNotice,
  type JsonObject,
  Meeting,
  MeetingAttendee,
  User,
  UserRole,
} from '../../entities';
import { audit } from '../audit/audit';
import { parseISODate, shanghaiDayNumber } from '../calendar';
import { civilDateOf, daysInMonth } from '../calendar/civil-date';
import { lockedRow } from '../db/lock';
import { sqlInstant } from '../db/sql-instant';
import { issueNumber } from '../numbering/numbers';
import { enqueueNotifications } from '../reminders/outbox';
import { chineseDate } from '../render';
import { checkPeriod } from '../timelimits/plausible';
import { MeetingError } from './errors';
import { signInWindow } from './sign-in';
import { dayStart, readable } from './times';

export interface Violation {
  meetingId: number;
  meetingTitle: string;
  startsAt: string;
  attendeeId: number;
  userId: string | null;
  name: string | null;
  unit: string | null;
  kind: 'late' | 'absent' | 'unit_absent';
  minutesLate: number | null;
}

export interface DisciplineReport {
  from: string;
  to: string;
  meetings: number;
  violations: Violation[];
}

/** A Map: an entry's kind is read from the stored notice; `constructor` there finds no name and is shown as it is. */
export const VIOLATION_NAMES: ReadonlyMap<string, string> = new Map([
  ['late', '迟到'],
  ['absent', '无故缺席'],
  ['unit_absent', '单位未派员参会'],
]);

export const DISCIPLINE_DEFINITIONS =
  '统计范围为期间内已发通知并已结束的会议。迟到：会议开始后签到；无故缺席：未请假、未指派他人且未签到；' +
  '单位未派员参会：受邀单位未确定参会人员。';
const LEADERS_EXCLUDED = '区领导及会议主持人不列入通报。';

export interface DisciplineOptions {
  /** Name district leaders too (by default they are left out). */
  includeLeaders?: boolean;
}

/** The violations of the period, meeting by meeting in time order, then by unit and name. */
export async function disciplineReport(
  manager: EntityManager,
  from: string,
  to: string,
  now: Date,
  options: DisciplineOptions = {},
): Promise<DisciplineReport> {
  checkPeriod(from, to, now, '统计期间');
  const db = manager.connection;
  const end = dayStart(to, 1) < now ? dayStart(to, 1) : now;
  const meetings = await manager
    .getRepository(Meeting)
    .createQueryBuilder('m')
    .where("m.status IN ('notified', 'held') AND m.startsAt >= :from AND m.startsAt < :end", {
      from: sqlInstant(db, dayStart(from)),
      end: sqlInstant(db, end),
    })
    .orderBy('m.startsAt', 'ASC')
    .addOrderBy('m.id', 'ASC')
    .getMany()
    .then((rows) => rows.filter((m) => readable(m.startsAt) && signInWindow(m).closesAt <= now));
  if (meetings.length === 0) return { from, to, meetings: 0, violations: [] };
  const attendees = await manager
    .getRepository(MeetingAttendee)
    .find({ where: { meetingId: In(meetings.map((m) => m.id)) }, order: { id: 'ASC' } });
  const userIds = [...new Set(attendees.flatMap((a) => (a.userId ? [a.userId] : [])))];
  const users = new Map(
    (userIds.length ? await manager.getRepository(User).findBy({ id: In(userIds) }) : []).map((u) => [u.id, u.name]),
  );
  const units = new Map((await manager.getRepository(Department).find()).map((d) => [d.id, d.name]));
  const leaders = new Set(
    options.includeLeaders || userIds.length === 0
      ? []
      : (await manager.getRepository(UserRole).findBy({ userId: In(userIds), role: 'leader' })).map((r) => r.userId),
  );
  const violations: Violation[] = [];
  for (const meeting of meetings) {
    const rows: Violation[] = [];
    const excused = (row: MeetingAttendee) =>
      !options.includeLeaders && (leaders.has(row.userId ?? '') || row.userId === meeting.presiderUserId);
    for (const a of attendees.filter((row) => row.meetingId === meeting.id && !excused(row))) {
      const base = {
        meetingId: meeting.id,
        meetingTitle: meeting.title,
        startsAt: meeting.startsAt.toISOString(),
        attendeeId: a.id,
        userId: a.userId,
        name: a.userId ? (users.get(a.userId) ?? a.userId) : null,
        unit: a.departmentId ? (units.get(a.departmentId) ?? null) : null,
      };
      if (a.signedInAt) {
        if (a.late) {
          const minutes = Math.max(1, Math.ceil((a.signedInAt.getTime() - meeting.startsAt.getTime()) / 60_000));
          rows.push({ ...base, kind: 'late', minutesLate: minutes });
        }
      } else if (!a.userId && a.departmentId) {
        rows.push({ ...base, kind: 'unit_absent', minutesLate: null });
      } else if (a.response === 'pending' || a.response === 'confirmed') {
        rows.push({ ...base, kind: 'absent', minutesLate: null });
      }
    }
    rows.sort(
      (x, y) => (x.unit ?? '').localeCompare(y.unit ?? '', 'zh') || (x.name ?? '').localeCompare(y.name ?? '', 'zh'),
    );
    violations.push(...rows);
  }
  return { from, to, meetings: meetings.length, violations };
}

const QUARTERS = ['一', '二', '三', '四'];

/**
 * The period as a title names it, briefly: 2026年, 2026年上半年, 2026年第一季度, 2026年3月, 2026年3月至5月,
 * 2025年12月至2026年1月 — by the months it touches (the body gives the exact dates).
 */
export function periodTitle(from: string, to: string): string {
  const a = civilDateOf(parseISODate(from));
  const b = civilDateOf(parseISODate(to));
  if (a.year !== b.year) return `${a.year}年${a.month}月至${b.year}年${b.month}月`;
  const whole = a.day === 1 && b.day === daysInMonth(b.year, b.month);
  const months = `${a.month}-${b.month}`;
  if (whole && months === '1-12') return `${a.year}年`;
  if (whole && (months === '1-6' || months === '7-12')) return `${a.year}年${a.month === 1 ? '上' : '下'}半年`;
  if (whole && b.month - a.month === 2 && a.month % 3 === 1) return `${a.year}年第${QUARTERS[(a.month - 1) / 3]}季度`;
  return a.month === b.month ? `${a.year}年${a.month}月` : `${a.year}年${a.month}月至${b.month}月`;
}

/** The exact period, as the notice's text gives it once: 2026年3月2日至3月13日 (the year once when shared). */
export function periodSpan(from: string, to: string): string {
  const b = civilDateOf(parseISODate(to));
  const start = chineseDate(from);
  return from.slice(0, 4) === to.slice(0, 4) ? `${start}至${b.month}月${b.day}日` : `${start}至${chineseDate(to)}`;
}

export const noticeTitle = (from: string, to: string) => `关于${periodTitle(from, to)}违反会风会纪情况的通报`;

/**
 * Issues the notice (第N期 of the year, and its 发文字号 from the office's numbering, numbering/), copying the
 * entries so later corrections do not rewrite what was published. Refused when the period has nothing to report.
 */
export async function issueDisciplineNotice(
  db: DataSource,
  actorId: string,
  from: string,
  to: string,
  now: Date,
  options: DisciplineOptions = {},
): Promise<DisciplineNotice> {
  return db.transaction(async (manager) => {
    const report = await disciplineReport(manager, from, to, now, options);
    const [overlap] = await overlapping(manager, from, to);
    if (overlap) {
      throw new MeetingError(
        'invalid_state',
        `统计期间与已印发的${overlap.year}年第${overlap.number}期通报（${overlap.periodStart}至${overlap.periodEnd}）重叠，` +
          '同一会议不能重复通报；请调整统计期间，或先撤回该期通报',
      );
    }
    if (report.violations.length === 0) {
      throw new MeetingError('invalid_state', '该期间没有迟到或无故缺席的情况，无需印发通报');
    }
    const year = civilDateOf(shanghaiDayNumber(now)).year;
    const [last] = await manager
      .getRepository(DisciplineNotice)
      .find({ where: { year }, order: { number: 'DESC' }, take: 1 });
    const number = (last?.number ?? 0) + 1;
    const notice = await manager.getRepository(DisciplineNotice).save(
      manager.getRepository(DisciplineNotice).create({
        year,
        number,
        title: noticeTitle(from, to),
        periodStart: from,
        periodEnd: to,
        entries: report.violations as unknown as JsonObject[],
        issuedBy: actorId,
        issuedAt: now,
        includesLeaders: options.includeLeaders === true,
      }),
    );
    const issued = await issueNumber(manager, {
      kind: 'discipline_notice',
      subjectType: 'discipline_notice',
      subjectId: notice.id,
      actorId,
      now,
    });
    await audit(manager, {
      actor: actorId,
      action: 'meeting.discipline_notice.issued',
      subjectType: 'discipline_notice',
      subjectId: notice.id,
      after: {
        year,
        number,
        documentNumber: issued.text,
        from,
        to,
        entries: report.violations.length,
        includesLeaders: notice.includesLeaders,
      },
      at: now,
    });
    return notice;
  });
}

/** The notices in force (not withdrawn) whose period shares a day with [from, to]. */
export async function overlapping(manager: EntityManager, from: string, to: string) {
  return manager
    .getRepository(DisciplineNotice)
    .createQueryBuilder('n')
    .where('n.withdrawnAt IS NULL AND n.periodStart <= :to AND n.periodEnd >= :from', { from, to })
    .orderBy('n.year', 'ASC')
    .addOrderBy('n.number', 'ASC')
    .getMany();
}

/**
 * 撤回: the office withdraws an issued notice. It stays on record, marked withdrawn with who, when and why; it no
 * longer holds its period (the period may be issued again, under a new number), and everyone it named is told.
 */
export async function withdrawDisciplineNotice(
  db: DataSource,
  actorId: string,
  id: number,
  reason: string,
  now: Date,
): Promise<DisciplineNotice> {
  const text = reason.trim();
  if (text.length < 2) throw new MeetingError('invalid_input', '请填写撤回原因');
  return db.transaction(async (manager) => {
    const notice = await lockedRow(manager, DisciplineNotice, { id });
    if (!notice) throw new MeetingError('not_found', '没有这期通报');
    if (notice.withdrawnAt) throw new MeetingError('invalid_state', '该期通报已撤回');
    Object.assign(notice, { withdrawnAt: now, withdrawnBy: actorId, withdrawReason: text });
    await manager.getRepository(DisciplineNotice).save(notice);
    const entries = (Array.isArray(notice.entries) ? notice.entries : []) as unknown as Violation[];
    const named = [...new Set(entries.flatMap((e) => (typeof e.userId === 'string' ? [e.userId] : [])))];
    const label = `${notice.year}年第${notice.number}期`;
    await enqueueNotifications(
      manager,
      named.map((userId) => ({
        idempotencyKey: `discipline_notice:${notice.id}:withdrawn:${userId}`,
        channel: 'work_notice' as const,
        kind: 'discipline_withdrawn',
        recipientUserId: userId,
        subjectType: 'discipline_notice',
        subjectId: notice.id,
        payload: {
          title: '通报撤回通知',
          markdown: `### 通报撤回通知\n\n《${notice.title}》已由区政府办公室撤回，其中涉及您的情况不再通报。撤回原因：${text}`,
        },
      })),
      now,
    );
    await audit(manager, {
      actor: actorId,
      action: 'meeting.discipline_notice.withdrawn',
      subjectType: 'discipline_notice',
      subjectId: notice.id,
      before: { withdrawnAt: null },
      after: { label, told: named.length },
      reason: text,
      at: now,
    });
    return notice;
  });
}

/**
 * The notice a period would produce, unnumbered, for the preview; with the notices in force it would overlap (then
 * issuing is refused).
 */
export async function previewNotice(
  manager: EntityManager,
  from: string,
  to: string,
  now: Date,
  options: DisciplineOptions = {},
) {
  const report = await disciplineReport(manager, from, to, now, options);
  return {
    ...report,
    title: noticeTitle(from, to),
    definitions: definitionsOf(options.includeLeaders === true),
    overlaps: (await overlapping(manager, from, to)).map((n) => ({
      id: n.id,
      year: n.year,
      number: n.number,
      periodStart: n.periodStart,
      periodEnd: n.periodEnd,
    })),
  };
}

const definitionsOf = (includesLeaders: boolean) =>
  includesLeaders ? DISCIPLINE_DEFINITIONS : DISCIPLINE_DEFINITIONS + LEADERS_EXCLUDED;
