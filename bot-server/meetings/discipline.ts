/**
 * 违反会风会纪通报: who came late to, or stayed away without leave from, the meetings held in a period.
 *
 * Definitions (the notice prints them):
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
import { civilDateOf } from '../calendar/civil-date';
import { lockedRow } from '../db/lock';
import { sqlInstant } from '../db/sql-instant';
import { enqueueNotifications } from '../reminders/outbox';
import { chineseDateOf, docxKit, OFFICIAL_TEXT, TYPE_SIZE } from '../render';
import { checkPeriod } from '../timelimits/plausible';
import { MeetingError } from './errors';
import { signInWindow } from './sign-in';
import { meetingTime } from './texts';
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

function periodTitle(from: string, to: string): string {
  const a = civilDateOf(parseISODate(from));
  const b = civilDateOf(parseISODate(to));
  if (a.year === b.year && a.month === b.month) return `${a.year}年${a.month}月`;
  return `${a.year}年${a.month}月${a.day}日至${b.year}年${b.month}月${b.day}日`;
}

/**
 * Issues the notice (第N期 of the year), copying the entries so later corrections do not rewrite what was
 * published. Refused when the period has nothing to report.
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
        title: `关于${periodTitle(from, to)}违反会风会纪情况的通报（${year}年第${number}期）`,
        periodStart: from,
        periodEnd: to,
        entries: report.violations as unknown as JsonObject[],
        issuedBy: actorId,
        issuedAt: now,
        includesLeaders: options.includeLeaders === true,
      }),
    );
    await audit(manager, {
      actor: actorId,
      action: 'meeting.discipline_notice.issued',
      subjectType: 'discipline_notice',
      subjectId: notice.id,
      after: { year, number, from, to, entries: report.violations.length, includesLeaders: notice.includesLeaders },
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

// ---- the .docx ----------------------------------------------------------------------------------------------

const kit = docxKit(OFFICIAL_TEXT);
const COLUMNS = ['序号', '会议名称', '会议时间', '单位', '姓名', '情况'].map((header) => ({ header }));

/** The notice as a Word document, through the official-document kit (render/). */
export async function renderDisciplineDocx(
  notice: Pick<
    DisciplineNotice,
    'title' | 'year' | 'number' | 'periodStart' | 'periodEnd' | 'issuedAt' | 'entries' | 'includesLeaders'
  >,
): Promise<Buffer> {
  const entries = notice.entries as unknown as Violation[];
  const meetings = new Set(entries.map((e) => e.meetingId)).size;
  const count = (kind: Violation['kind']) => entries.filter((e) => e.kind === kind).length;
  const rows = entries.map((e, i) => [
    String(i + 1),
    e.meetingTitle,
    meetingTime(new Date(e.startsAt)),
    e.unit ?? '',
    e.name ?? '—',
    e.kind === 'late' ? `迟到${e.minutesLate ?? ''}分钟` : (VIOLATION_NAMES.get(e.kind) ?? String(e.kind)),
  ]);
  return kit.render({
    title: notice.title,
    page: 'plain',
    children: [
      kit.paragraph(`${notice.year}年第${notice.number}期`, { align: 'center' }),
      kit.title(notice.title.replace(/（.*期）$/, '')),
      kit.paragraph('各有关单位：', { indent: false }),
      kit.paragraph(
        `为严肃会风会纪，现将${periodTitle(notice.periodStart, notice.periodEnd)}区政府有关会议签到情况通报如下。` +
          `期间共有${meetings}次会议存在违反会风会纪情况，其中迟到${count('late')}人次、无故缺席${count('absent')}人次` +
          `${count('unit_absent') ? `、单位未派员参会${count('unit_absent')}次` : ''}。`,
      ),
      kit.table(COLUMNS, rows, { size: TYPE_SIZE.smallSize4 }),
      kit.paragraph('请以上人员所在单位认真对照检查，切实增强纪律意识，严格遵守会议纪律，按时参会、履行请假手续。'),
      kit.paragraph(`说明：${definitionsOf(notice.includesLeaders === true)}`),
      kit.paragraph('区政府办公室', { indent: false }),
      kit.paragraph(chineseDateOf(notice.issuedAt), { indent: false }),
    ],
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
    title: `关于${periodTitle(from, to)}违反会风会纪情况的通报`,
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
