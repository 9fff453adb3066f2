/**
 * The reporting limits of 应急值班信息 on their own clock: due instants in minutes from 接报时间 at any hour (an
 * emergency ignores office hours and working days, so these are not working-day `deadline` rows), and the pass that
 * sends, through the outbox, the warning to the recorder before a limit, the overdue notice at it, and the escalation
 * to the 带班领导 of the shift on duty after the escalation delay. Each step of each limit is sent once: its
 * idempotency key is the limit and the step, so two processes (or a pass run again) write it once.
 */
import { type EntityManager, LessThanOrEqual } from 'typeorm';
import { DutyIncident, DutyIncidentLimit, type IncidentLimitKind, type IncidentReportKind } from '../../entities';
import { formatShanghaiInstant } from '../calendar';
import { lockedRow } from '../db/lock';
import { sqlInstant } from '../db/sql-instant';
import { enqueueNotifications, type NewNotification } from '../reminders/outbox';
import { CATEGORY_NAMES, shiftAt } from './incident-access';
import { type IncidentRule, LEVEL_NAMES } from './incident-rules';

const MINUTE = 60_000;

/** How often the server's loop runs the clock (it is also woken when an incident or a report changes the limits). */
export const INCIDENT_CLOCK_MS = 30_000;

/** 电话初报, 书面初报, 第N次续报. */
export function limitName(kind: IncidentReportKind, seq: number): string {
  if (kind === 'phone') return '电话初报';
  if (kind === 'written') return '书面初报';
  if (kind === 'follow_up') return `第${seq}次续报`;
  return '终报';
}

/** A new limit due `minutes` after `from`, with its warning and escalation instants under `rule`. */
export function limitRow(
  incidentId: number,
  kind: IncidentLimitKind,
  seq: number,
  from: Date,
  minutes: number,
  rule: IncidentRule,
): Partial<DutyIncidentLimit> {
  const dueAt = new Date(from.getTime() + minutes * MINUTE);
  // A warning earlier than the limit's start would come before anything was due: it is sent at the start instead.
  const warnAt = new Date(Math.max(from.getTime(), dueAt.getTime() - rule.warnMinutes * MINUTE));
  const escalateAt = new Date(dueAt.getTime() + rule.escalateMinutes * MINUTE);
  return {
    incidentId,
    kind,
    seq,
    dueAt,
    warnAt,
    escalateAt,
    status: 'open',
    nextStepAt: warnAt,
    warnedAt: null,
    overdueNoticeAt: null,
    escalatedAt: null,
    reportId: null,
    metAt: null,
    lateMinutes: null,
  };
}

/** The first limits of an incident: 电话初报 (when the level asks for one) and 书面初报, from 接报时间. */
export function firstLimits(incidentId: number, knownAt: Date, rule: IncidentRule): Partial<DutyIncidentLimit>[] {
  return [
    ...(rule.phoneMinutes === null ? [] : [limitRow(incidentId, 'phone', 0, knownAt, rule.phoneMinutes, rule)]),
    limitRow(incidentId, 'written', 0, knownAt, rule.writtenMinutes, rule),
  ];
}

/** Whole minutes by which `at` is past `due` (0 when not past). */
export const minutesPast = (at: Date, due: Date) => Math.max(0, Math.ceil((at.getTime() - due.getTime()) / MINUTE));

type Step = 'warning' | 'overdue' | 'escalation';

/** 12月6日 02:15 (Shanghai). */
export function clockText(at: Date): string {
  const text = formatShanghaiInstant(at);
  return `${Number(text.slice(5, 7))}月${Number(text.slice(8, 10))}日 ${text.slice(11, 16)}`;
}

function incidentTitle(incident: DutyIncident): string {
  return `${incident.place}${CATEGORY_NAMES[incident.category]}（${LEVEL_NAMES[incident.level]}）`;
}

function message(step: Step, limit: DutyIncidentLimit, incident: DutyIncident, now: Date) {
  const name = limitName(limit.kind, limit.seq);
  const what = incidentTitle(incident);
  const due = clockText(limit.dueAt);
  if (step === 'warning') {
    const left = Math.max(1, Math.ceil((limit.dueAt.getTime() - now.getTime()) / MINUTE));
    return {
      title: `${name}时限将到`,
      markdown: `**${what}**\n\n${name}时限为${due}，还剩${left}分钟，请按时报送。`,
    };
  }
  if (step === 'overdue') {
    return {
      title: `${name}已超时`,
      markdown: `**${what}**\n\n${name}时限为${due}，现已超时${minutesPast(now, limit.dueAt)}分钟，请立即报送并登记。`,
    };
  }
  return {
    title: `突发事件${name}超时，请督促`,
    markdown: `**${what}**\n\n${name}时限为${due}，已超时${minutesPast(now, limit.dueAt)}分钟仍未登记报送，请督促值班人员立即报送。`,
  };
}

/** The instant of the next step still to come, or null. */
function nextStep(limit: DutyIncidentLimit): Date | null {
  if (limit.warnedAt === null) return limit.warnAt;
  if (limit.overdueNoticeAt === null) return limit.dueAt;
  if (limit.escalatedAt === null) return limit.escalateAt;
  return null;
}

/** Who is told at the escalation: the 带班领导 of the shift on duty now, else of the shift it was recorded on. */
async function leaderToTell(manager: EntityManager, incident: DutyIncident, now: Date): Promise<string | null> {
  const current = await shiftAt(manager, now);
  if (current) return current.leaderUserId;
  if (incident.shiftId === null) return null;
  const rows = (await manager.query('SELECT leader_user_id AS leader FROM duty_shift WHERE id = ?', [
    incident.shiftId,
  ])) as { leader: string }[];
  return rows[0]?.leader ?? null;
}

/** The steps of one open limit that have come, sent once each; the row locked so that one process sends them. */
async function stepLimit(manager: EntityManager, limitId: number, now: Date): Promise<number> {
  const limit = await lockedRow(manager, DutyIncidentLimit, { id: limitId, status: 'open' });
  if (!limit) return 0;
  const incident = await manager.getRepository(DutyIncident).findOneByOrFail({ id: limit.incidentId });
  const rows: NewNotification[] = [];
  const notice = (step: Step, recipient: string | null): NewNotification[] =>
    recipient === null
      ? []
      : [
          {
            idempotencyKey: `duty-incident:${limit.id}:${step}`,
            channel: 'work_notice',
            kind: `incident_${step}`,
            recipientUserId: recipient,
            subjectType: 'duty_incident',
            subjectId: incident.id,
            payload: {
              ...message(step, limit, incident, now),
              url: `/m/incident/${incident.id}`,
              buttonTitle: '查看并登记报送',
              urgent: true,
            },
          },
        ];
  if (limit.warnedAt === null && now >= limit.warnAt) {
    // A limit already past when its warning comes (the clock was away) gets its overdue notice instead.
    if (now < limit.dueAt) rows.push(...notice('warning', incident.recordedBy));
    limit.warnedAt = now;
  }
  if (limit.overdueNoticeAt === null && now >= limit.dueAt) {
    rows.push(...notice('overdue', incident.recordedBy));
    limit.overdueNoticeAt = now;
  }
  if (limit.escalatedAt === null && now >= limit.escalateAt) {
    rows.push(...notice('escalation', await leaderToTell(manager, incident, now)));
    limit.escalatedAt = now;
  }
  limit.nextStepAt = nextStep(limit);
  await manager.getRepository(DutyIncidentLimit).update(
    { id: limit.id },
    {
      warnedAt: limit.warnedAt,
      overdueNoticeAt: limit.overdueNoticeAt,
      escalatedAt: limit.escalatedAt,
      nextStepAt: limit.nextStepAt,
    },
  );
  return enqueueNotifications(manager, rows, now);
}

/** Limits handled per pass; a pass that handled this many is followed at once by another. */
const BATCH = 100;

/** One pass of the clock at `now`: every open limit whose next step has come. Resolves to the messages written. */
export async function runIncidentClock(manager: EntityManager, now: Date): Promise<number> {
  const due = await manager.getRepository(DutyIncidentLimit).find({
    select: { id: true },
    where: { status: 'open', nextStepAt: LessThanOrEqual(sqlInstant(manager.connection, now) as Date) },
    order: { nextStepAt: 'ASC' },
    take: BATCH,
  });
  let sent = 0;
  for (const { id } of due) sent += await manager.connection.transaction((tx) => stepLimit(tx, id, now));
  return sent + (due.length === BATCH ? 1 : 0);
}

/** The open limits of an incident (of one kind when given), oldest first. */
export function openLimits(manager: EntityManager, incidentId: number, kind?: IncidentLimitKind) {
  return manager.getRepository(DutyIncidentLimit).find({
    where: { incidentId, status: 'open', ...(kind ? { kind } : {}) },
    order: { dueAt: 'ASC', id: 'ASC' },
  });
}
