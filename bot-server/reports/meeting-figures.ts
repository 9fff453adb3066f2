/**
 * Meeting figures for a period (精简会议, 回执, 出席, 议定事项落实). Definitions, so that a hand count can check them:
 *
 * - A meeting counts when it was notified (draft and cancelled ones never do) and its start, as a Shanghai date,
 *   lies in [from, to]. `byType` counts them per type; `lastYear` counts the same dates one year earlier, and
 *   `change` / `changeRate` compare the totals (negative = fewer meetings, the summary's 会议数量减少X%).
 * - 回执 (receipts), over the invitations of those meetings (a person or a unit invited; a substitute's own row is
 *   not an invitation): answered = confirmed, leave, substitute, or a unit that named its attendees; onTime =
 *   answered by the confirm-by time; rates = answered / invited and onTime / invited.
 * - 出席 (attendance), over the meetings of the period that have started: expected = people (named, substitutes,
 *   or named by a unit) who neither took leave nor passed the meeting to a substitute; attended = those of them
 *   signed in; late = signed in after the start; absent = expected − attended; rate = attended / expected.
 * - 议定事项 (decisions) of those meetings: completed = its matter completed or evaluated; onTime = completed by its
 *   deadline; onTimeRate = onTime / completed.
 * - Rates are fractions rounded to 4 places; null when there is nothing to count.
 *
 * `MEETING_HELD_SPECS` are the figures for "召开…X次" (支部党员大会、主题党日、集中学习…, 专题协调): meetings HELD,
 * i.e. counted as above and also started by the moment asked (a meeting notified for a later day is not yet 召开).
 */
import type { EntityManager } from 'typeorm';
import { MEETING_TYPES } from '../../entities';
import { sqlInstant } from '../db/sql-instant';
import { dayStart } from '../meetings/times';
import { builtInName, meetingTypes } from '../meetings/types';
import { instantOf } from '../reminders/describe';
import { checkPeriod } from '../timelimits/plausible';
import { cond, type FigureSpec, type QueryContext, yearEarlier } from './engine';

/** Held by `q.now`: the meeting's start has come (lifecycle.ts stageOf), whether or not the sweep has marked it. */
const heldBy = (q: QueryContext, types: readonly string[]) =>
  cond(`mt.type IN (${types.map(() => '?').join(', ')}) AND mt.starts_at <= ?`, ...types, sqlInstant(q.db, q.now));

const HELD = '（已发通知、未取消，且开始时间已到；按会议开始日期计，尚未开始的不计）';

/** Meetings held ("召开…X次"), per type and for 专题协调; judged at the moment asked, so counted live. */
export const MEETING_HELD_SPECS: FigureSpec[] = [
  ...MEETING_TYPES.map(
    (type): FigureSpec => ({
      id: `meetings.held.${type}`,
      domain: 'meetings',
      kind: 'count',
      label: `召开${builtInName(type)}`,
      definition: `期间内已召开的${builtInName(type)}次数${HELD}`,
      set: (q) => heldBy(q, [type]),
      live: true,
    }),
  ),
  {
    id: 'meetings.held.coordinating',
    domain: 'meetings',
    kind: 'count',
    label: '专题协调',
    definition: `期间内已召开的专题协调会和调度会次数${HELD}`,
    set: (q) => heldBy(q, ['coordination', 'scheduling']),
    live: true,
  },
];

export interface MeetingFigures {
  from: string;
  to: string;
  total: number;
  /** count: notified or held; held: of those, started by now (召开). */
  byType: { type: string; name: string; count: number; held: number; lastYear: number }[];
  lastYear: { from: string; to: string; total: number };
  change: number;
  changeRate: number | null;
  receipts: { invited: number; answered: number; onTime: number; rate: number | null; onTimeRate: number | null };
  attendance: {
    meetings: number;
    expected: number;
    attended: number;
    late: number;
    absent: number;
    rate: number | null;
  };
  decisions: { count: number; completed: number; onTime: number; onTimeRate: number | null };
}

type Row = Record<string, unknown>;

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

async function meetingsBetween(manager: EntityManager, from: string, to: string): Promise<Row[]> {
  const db = manager.connection;
  return manager.query(
    "SELECT id, type, starts_at, confirm_by FROM meeting WHERE status IN ('notified', 'held') " +
      'AND starts_at >= ? AND starts_at < ?',
    [sqlInstant(db, dayStart(from)), sqlInstant(db, dayStart(to, 1))],
  );
}

export async function meetingFigures(
  manager: EntityManager,
  from: string,
  to: string,
  now: Date,
): Promise<MeetingFigures> {
  checkPeriod(from, to, now, '统计期间');
  const lastFrom = yearEarlier(from);
  const lastTo = yearEarlier(to);
  const meetings = await meetingsBetween(manager, from, to);
  const previous = await meetingsBetween(manager, lastFrom, lastTo);
  const types = await meetingTypes(manager);
  const countOf = (rows: Row[], type: string) => rows.filter((r) => r.type === type).length;
  const started = new Set(meetings.filter((m) => (instantOf(m.starts_at) ?? now) <= now).map((m) => Number(m.id)));
  const heldRows = meetings.filter((m) => started.has(Number(m.id)));
  const byType = types
    .map((t) => ({
      type: t.code,
      name: t.name,
      count: countOf(meetings, t.code),
      held: countOf(heldRows, t.code),
      lastYear: countOf(previous, t.code),
    }))
    .filter((t) => t.count > 0 || t.lastYear > 0 || types.find((x) => x.code === t.type)?.builtIn);

  const ids = meetings.map((m) => Number(m.id));
  const meetingById = new Map(meetings.map((m) => [Number(m.id), m]));
  const attendees: Row[] = [];
  const decisions: Row[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const marks = chunk.map(() => '?').join(',');
    attendees.push(
      ...(await manager.query(
        'SELECT meeting_id, user_id, response, responded_at, signed_in_at, late, substitute_for_id ' +
          `FROM meeting_attendee WHERE meeting_id IN (${marks})`,
        chunk,
      )),
    );
    decisions.push(
      ...(await manager.query(
        'SELECT d.id, m.status, m.completed_on_time FROM meeting_decision d LEFT JOIN matter m ON m.id = d.matter_id ' +
          `WHERE d.meeting_id IN (${marks})`,
        chunk,
      )),
    );
  }

  const invitations = attendees.filter((a) => a.substitute_for_id === null || a.substitute_for_id === undefined);
  const answered = invitations.filter((a) => a.response !== 'pending' || (a.user_id && a.responded_at));
  const onTime = answered.filter((a) => {
    const at = instantOf(a.responded_at);
    const by = instantOf(meetingById.get(Number(a.meeting_id))?.confirm_by);
    return at !== null && (by === null || at <= by);
  });

  const expected = attendees.filter(
    (a) => started.has(Number(a.meeting_id)) && a.user_id && (a.response === 'pending' || a.response === 'confirmed'),
  );
  const attended = expected.filter((a) => a.signed_in_at !== null && a.signed_in_at !== undefined);
  const late = attendees.filter((a) => started.has(Number(a.meeting_id)) && Number(a.late) === 1);

  const completed = decisions.filter((d) => d.status === 'completed' || d.status === 'evaluated');
  const decidedOnTime = completed.filter((d) => Number(d.completed_on_time) === 1);

  const total = meetings.length;
  return {
    from,
    to,
    total,
    byType,
    lastYear: { from: lastFrom, to: lastTo, total: previous.length },
    change: total - previous.length,
    changeRate: rate(total - previous.length, previous.length),
    receipts: {
      invited: invitations.length,
      answered: answered.length,
      onTime: onTime.length,
      rate: rate(answered.length, invitations.length),
      onTimeRate: rate(onTime.length, invitations.length),
    },
    attendance: {
      meetings: started.size,
      expected: expected.length,
      attended: attended.length,
      late: late.length,
      absent: expected.length - attended.length,
      rate: rate(attended.length, expected.length),
    },
    decisions: {
      count: decisions.length,
      completed: completed.length,
      onTime: decidedOnTime.length,
      onTimeRate: rate(decidedOnTime.length, completed.length),
    },
  };
}
