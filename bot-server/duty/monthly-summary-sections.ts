/**
 * The sections of the 值班工作月报 (monthly-summary.ts), each read from its records for the month: the shifts kept
 * with their 交接班记录, the month's holidays, the visits received, the duty phone's calls.
 */
import { Between, In } from 'typeorm';
import {
  CALL_OUTCOMES,
  CALLER_TYPES,
  type CallerType,
  type CallOutcome,
  DutyHandover,
  DutyShift,
  Matter,
  PetitionVisit,
  PhoneCall,
} from '../../entities';
import { type DayInfo, formatISODate, formatShanghaiInstant, parseISODate, shanghaiDayNumber } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { monthDay } from '../render';
import type { SummaryBlock, SummaryContext, SummarySection } from './monthly-summary-types';
import { maskName, unitNames } from './petition-access';
import { isCollective, VISIT_OUTCOME_NAMES } from './petitions';
import { CALL_OUTCOME_NAMES, CALLER_TYPE_NAMES } from './phone-log';
import { dayStatus, peopleById, shiftViews } from './views';

export const paragraph = (text: string): SummaryBlock => ({ kind: 'paragraph', text });
/** 本月 — or 本月（截至12月5日） while the month is under way. */
export const monthWords = (ctx: SummaryContext) => (ctx.partial ? `本月（截至${monthDay(ctx.to)}）` : '本月');
/** The parts that are not zero, each as 名称N单位, joined: 白班31个、夜班31个 (empty when all are zero). */
export const listed = (parts: [string, number, string][], separator = '、') =>
  parts
    .filter(([, n]) => n > 0)
    .map(([name, n, unit]) => `${name}${n}${unit}`)
    .join(separator);
/** 10月1日 09:30, from an instant, in Shanghai. */
export const dayAndTime = (at: Date) =>
  `${monthDay(formatISODate(shanghaiDayNumber(at)))} ${formatShanghaiInstant(at).slice(11, 16)}`;

/** The last day of the month (the summary's `to` may stop at today). */
function monthLast(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return formatISODate(parseISODate(next) - 1);
}

/** The month's days as the working-day calendar marks them, by date. */
const daysOf = (ctx: SummaryContext) =>
  new Map(ctx.calendar.days(ctx.from, monthLast(ctx.month)).map((d) => [d.date, d]));

/** The shifts of the month that have begun by the summary's end, in time order. */
async function keptShifts(ctx: SummaryContext) {
  const rows = await ctx.manager.getRepository(DutyShift).findBy({ date: Between(ctx.from, monthLast(ctx.month)) });
  return shiftViews(
    ctx.manager,
    rows.filter((s) => s.startsAt.getTime() < ctx.end.getTime()),
  );
}

/** 一、值班安排: the shifts kept (date, kind, 带班领导, 值班人员), then each 交接班记录 with its text. */
export async function shiftsSection(ctx: SummaryContext): Promise<SummarySection> {
  const [shifts, days] = [await keptShifts(ctx), daysOf(ctx)];
  const handovers = shifts.length
    ? await ctx.manager
        .getRepository(DutyHandover)
        .find({ where: { shiftId: In(shifts.map((s) => s.id)) }, order: { at: 'ASC', id: 'ASC' } })
    : [];
  const authors = await peopleById(
    ctx.manager,
    handovers.map((h) => h.authorUserId),
  );
  const title = '值班安排及交接班情况';
  if (shifts.length === 0) {
    return { key: 'shifts', title, blocks: [paragraph(`${monthWords(ctx)}没有已值守的班次。`)] };
  }
  const statusOf = (date: string) => {
    const day = days.get(date);
    return day ? dayStatus(day) : 'workday';
  };
  const count = (test: (s: (typeof shifts)[number]) => boolean) => shifts.filter(test).length;
  const leaders = new Set(shifts.map((s) => s.leader.id)).size;
  const staff = new Set(shifts.flatMap((s) => s.staff.map((p) => p.id))).size;
  const label = (date: string) => {
    const day = days.get(date);
    return `${monthDay(date)}（${day?.label ?? ''}）`;
  };
  const rows = shifts.map((s) => {
    const n = handovers.filter((h) => h.shiftId === s.id).length;
    return [label(s.date), s.label, s.leader.name, s.staff.map((p) => p.name).join('、'), n ? `${n}条` : '—'];
  });
  const blocks: SummaryBlock[] = [
    paragraph(
      `${monthWords(ctx)}共值守${shifts.length}个班次，其中${listed([
        ['白班', count((s) => s.kind === 'day'), '个'],
        ['夜班', count((s) => s.kind === 'night'), '个'],
      ])}` +
        `${listed(
          [
            ['法定节假日值守', count((s) => statusOf(s.date) === 'holiday'), '个班次'],
            ['休息日值守', count((s) => statusOf(s.date) === 'weekend'), '个班次'],
          ],
          '，',
        ).replace(/^(?=.)/, '；')}。` +
        `带班领导${leaders}人、值班人员${staff}人参加值班，填写交接班记录${handovers.length}条。`,
    ),
    {
      kind: 'table',
      columns: [
        { header: '日期' },
        { header: '班次' },
        { header: '带班领导' },
        { header: '值班人员', left: true, wrap: true },
        { header: '交接班记录' },
      ],
      rows,
    },
  ];
  if (handovers.length) {
    blocks.push({ kind: 'subheading', text: '交接班记录' });
    for (const h of handovers) {
      const shift = shifts.find((s) => s.id === h.shiftId);
      const author = authors.get(h.authorUserId)?.name ?? h.authorUserId;
      const lines = h.text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
      blocks.push(
        paragraph(
          `${shift ? `${monthDay(shift.date)}${shift.label}` : ''}（${author}，${dayAndTime(h.at)}）：${lines.join('　')}`,
        ),
      );
    }
  }
  return { key: 'shifts', title, blocks };
}

/** The name a holiday (or an office's own day off) goes by. */
function holidayName(day: DayInfo): string {
  const { reason } = day;
  if (reason.kind === 'holiday' || reason.kind === 'makeup') return reason.holiday;
  if (reason.kind === 'override') return reason.reason;
  return day.label;
}

/** 二、节假日: the month's statutory holidays by name and dates, the 调休上班 days, the days off and working days. */
export async function holidaysSection(ctx: SummaryContext): Promise<SummarySection> {
  const days = [...daysOf(ctx).values()];
  const shifts = await keptShifts(ctx);
  const runs: { name: string; first: string; last: string; days: number }[] = [];
  for (const day of days) {
    if (dayStatus(day) !== 'holiday') continue;
    const name = holidayName(day);
    const last = runs[runs.length - 1];
    if (last && last.name === name && parseISODate(last.last) + 1 === parseISODate(day.date)) {
      last.last = day.date;
      last.days += 1;
    } else runs.push({ name, first: day.date, last: day.date, days: 1 });
  }
  const makeup = days.filter((d) => dayStatus(d) === 'makeup');
  const weekends = days.filter((d) => dayStatus(d) === 'weekend').length;
  const workdays = days.filter((d) => d.workday).length;
  const span = (first: string, last: string) =>
    first === last ? monthDay(first) : `${monthDay(first)}至${monthDay(last)}`;
  const blocks: SummaryBlock[] = [];
  if (runs.length === 0 && makeup.length === 0) {
    blocks.push(paragraph(`本月无法定节假日和调休上班日；休息日${weekends}天，工作日${workdays}天。`));
  } else {
    const holidays = runs.map((r) => {
      const held = shifts.filter((s) => s.date >= r.first && s.date <= r.last).length;
      return `${r.name}${span(r.first, r.last)}（${r.days}天，值守${held}个班次）`;
    });
    const text = [
      runs.length
        ? `本月法定节假日${runs.reduce((a, r) => a + r.days, 0)}天：${holidays.join('；')}`
        : '本月无法定节假日',
      makeup.length ? `调休上班${makeup.length}天：${makeup.map((d) => monthDay(d.date)).join('、')}` : '',
      `休息日${weekends}天，工作日${workdays}天`,
    ].filter(Boolean);
    blocks.push(paragraph(`${text.join('。')}。`));
  }
  if (days.some((d) => d.approximate)) {
    blocks.push(paragraph(`（${ctx.month.slice(0, 4)}年节假日安排尚未发布，以上节假日按法定节日规则预计。）`));
  }
  return { key: 'holidays', title: '节假日安排', blocks };
}

/** The visits received in [start, end), oldest first. */
async function visitsOf(ctx: SummaryContext) {
  const db = ctx.manager.connection;
  return ctx.manager
    .getRepository(PetitionVisit)
    .createQueryBuilder('pv')
    .where('pv.visitedAt >= :start AND pv.visitedAt < :end', {
      start: sqlInstant(db, ctx.start),
      end: sqlInstant(db, ctx.end),
    })
    .orderBy('pv.visitedAt', 'ASC')
    .addOrderBy('pv.id', 'ASC')
    .getMany();
}

/** 三、来访接待: 起, 人次, 集体访, then each visit (date, 来访人 as the viewer may see it, unit, matter, outcome). */
export async function visitsSection(ctx: SummaryContext): Promise<SummarySection> {
  const visits = await visitsOf(ctx);
  const title = '来访接待情况';
  if (visits.length === 0) return { key: 'visits', title, blocks: [paragraph(`${monthWords(ctx)}没有来访接待登记。`)] };
  const matterIds = visits.map((v) => v.matterId).filter((id): id is number => id !== null);
  const [units, matters] = await Promise.all([
    unitNames(
      ctx.manager,
      visits.map((v) => v.departmentId),
    ),
    matterIds.length ? ctx.manager.getRepository(Matter).findBy({ id: In(matterIds) }) : [],
  ]);
  const collective = visits.filter((v) => isCollective(v.petitioners));
  const people = (list: PetitionVisit[]) => list.reduce((a, v) => a + v.petitioners, 0);
  const outcome = (o: PetitionVisit['outcome']) => visits.filter((v) => v.outcome === o).length;
  const rows = visits.map((v, i) => {
    const matter = matters.find((m) => m.id === v.matterId);
    const result = v.outcome ? (VISIT_OUTCOME_NAMES.get(v.outcome) ?? v.outcome) : '未填写';
    return [
      i + 1,
      monthDay(formatISODate(shanghaiDayNumber(v.visitedAt))),
      ctx.personalData ? v.representativeName : maskName(v.representativeName),
      v.petitioners,
      v.departmentId ? (units.get(v.departmentId) ?? v.departmentId) : '—',
      `${isCollective(v.petitioners) ? '【集体访】' : ''}${v.earlierVisitId !== null ? '【重复访】' : ''}${v.content.replace(/\s+/g, ' ')}`,
      matter ? `${result}（${matter.number}）` : result,
    ];
  });
  const blocks: SummaryBlock[] = [
    paragraph(
      `${monthWords(ctx)}接待来访群众${visits.length}起${people(visits)}人次` +
        `${listed(
          [
            ['集体访', collective.length, `起${people(collective)}人次`],
            ['重复访', visits.filter((v) => v.earlierVisitId !== null).length, '起'],
          ],
          '，',
        ).replace(/^(?=.)/, '，其中')}` +
        `${listed(
          [
            ['当场答复', outcome('answered'), '起'],
            ['转交办理', outcome('referred'), '起'],
            ['转为督办事项', outcome('supervised'), '起'],
            ['尚未填写处理结果', outcome(null), '起'],
          ],
          '，',
        ).replace(/^(?=.)/, '；')}。`,
    ),
    {
      kind: 'table',
      columns: [
        { header: '序号' },
        { header: '日期' },
        { header: '来访人' },
        { header: '人次' },
        { header: '涉及单位', left: true },
        { header: '反映事项', left: true, wrap: true },
        { header: '处理结果', left: true, wrap: true },
      ],
      rows,
    },
  ];
  if (!ctx.personalData) blocks.push(paragraph('（来访人姓名已按查看权限隐去部分字符。）'));
  return { key: 'visits', title, blocks };
}

/** 四、电话记录: the calls in [start, end) by caller type and by outcome. */
export async function callsSection(ctx: SummaryContext): Promise<SummarySection> {
  const db = ctx.manager.connection;
  const grouped = (await ctx.manager
    .getRepository(PhoneCall)
    .createQueryBuilder('pc')
    .select('pc.callerType', 'callerType')
    .addSelect('pc.outcome', 'outcome')
    .addSelect('COUNT(*)', 'n')
    .where('pc.calledAt >= :start AND pc.calledAt < :end', {
      start: sqlInstant(db, ctx.start),
      end: sqlInstant(db, ctx.end),
    })
    .groupBy('pc.callerType')
    .addGroupBy('pc.outcome')
    .getRawMany()) as { callerType: CallerType; outcome: CallOutcome; n: number | string }[];
  const count = (type?: CallerType, outcome?: CallOutcome) =>
    grouped
      .filter((r) => (type === undefined || r.callerType === type) && (outcome === undefined || r.outcome === outcome))
      .reduce((a, r) => a + Number(r.n), 0);
  const total = count();
  const title = '值班电话情况';
  if (total === 0) return { key: 'calls', title, blocks: [paragraph(`${monthWords(ctx)}没有值班电话记录。`)] };
  const typeName = (t: CallerType) => CALLER_TYPE_NAMES.get(t) ?? t;
  const outcomeName = (o: CallOutcome) => CALL_OUTCOME_NAMES.get(o) ?? o;
  const byType = listed(CALLER_TYPES.map((t) => [typeName(t), count(t), '次']));
  const byOutcome = listed(
    CALL_OUTCOMES.map((o) => [outcomeName(o), count(undefined, o), '次']),
    '，',
  );
  return {
    key: 'calls',
    title,
    blocks: [
      paragraph(`${monthWords(ctx)}接听各类电话${total}次，其中${byType}；${byOutcome}。`),
      {
        kind: 'table',
        columns: [
          { header: '来电类型' },
          ...CALL_OUTCOMES.map((o) => ({ header: outcomeName(o) })),
          { header: '合计' },
        ],
        rows: [
          ...CALLER_TYPES.map((t) => [typeName(t), ...CALL_OUTCOMES.map((o) => count(t, o)), count(t)]),
          ['合计', ...CALL_OUTCOMES.map((o) => count(undefined, o)), total],
        ],
      },
    ],
  };
}
