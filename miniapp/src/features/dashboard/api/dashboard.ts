import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { namedSchema } from '@/lib/organisation';

export const TIMELINESS = [
  ['not_due', '未到期'],
  ['due_soon', '即将到期'],
  ['overdue', '已逾期'],
  ['extended', '已延期'],
  ['completed_on_time', '按期办结'],
  ['completed_late', '逾期办结'],
] as const;
export type Timeliness = (typeof TIMELINESS)[number][0];

const overviewSchema = z.object({
  total: z.number(),
  byTimeliness: z.record(z.string(), z.number()),
  byLight: z.object({ blue: z.number(), yellow: z.number(), red: z.number() }),
});

const matterSchema = z.object({
  id: z.number(),
  number: z.string(),
  title: z.string(),
  sourceName: z.string(),
  leadDepartment: namedSchema,
  timelinessName: z.string(),
  urgeCount: z.number(),
  deadline: z.object({ dueDate: z.string() }).nullable(),
});
export type DrillMatter = z.infer<typeof matterSchema>;

/**
 * The matters behind a figure (drill-down): of one status at a glance, optionally of one lead unit — the server
 * narrows to the unit's matters (led or co-led), of which the ones it leads count.
 */
export const getMattersOf = (year: number, timeliness: Timeliness, unit?: string, signal?: AbortSignal) =>
  apiRequest('/supervision/matters', z.object({ total: z.number(), matters: z.array(matterSchema) }), {
    query: { year, timeliness, limit: 1000, ...(unit ? { departmentId: unit } : {}) },
    signal,
  }).then((r) => (unit ? r.matters.filter((m) => m.leadDepartment.id === unit) : r.matters));

const overdueUnit = z.object({ rank: z.number(), id: z.string(), name: z.string(), count: z.number() });

export type OverdueUnit = z.infer<typeof overdueUnit>;

const unitRow = z.object({
  departmentId: z.string(),
  name: z.string(),
  newlyAssigned: z.number(),
  completedOnTime: z.number(),
  completedLate: z.number(),
  overdueOpen: z.number(),
  assessed: z.number(),
  onTimeRate: z.number().nullable(),
  rank: z.number().nullable(),
  lightName: z.string(),
  light: z.enum(['blue', 'yellow', 'red']),
});

const figuresSchema = z.object({
  month: z.string(),
  title: z.string(),
  units: z.array(unitRow),
  totals: unitRow,
  overdue: z.array(
    z.object({
      matterId: z.number(),
      unitName: z.string(),
      number: z.string(),
      title: z.string(),
      dueDate: z.string(),
      workdaysOverdue: z.number(),
      urged: z.number(),
    }),
  ),
  yearToDate: z.object({ assigned: z.number(), completed: z.number(), completedOnTime: z.number(), urged: z.number() }),
});

const bulletinSummary = z.object({
  id: z.number(),
  year: z.number(),
  issueNo: z.number(),
  month: z.string(),
  title: z.string(),
  publishedAt: z.string().nullable(),
});

export const getBulletin = (id: number, signal?: AbortSignal) =>
  apiRequest(
    `/supervision/bulletins/${id}`,
    z.object({ bulletin: bulletinSummary.extend({ figures: figuresSchema }) }),
    {
      signal,
    },
  ).then((r) => r.bulletin);

/** The bulletin as a file; the session cookie set at sign-in lets the download through. */
export const bulletinFileUrl = (id: number, type: 'docx' | 'xlsx') =>
  `/api/supervision/bulletins/${id}/bulletin.${type}`;

const rateFigure = z.object({
  count: z.number(),
  onTime: z.number(),
  onTimeRate: z.number().nullable(),
  averageWorkdays: z.number().nullable(),
});

const documentFiguresSchema = z.object({
  from: z.string(),
  to: z.string(),
  received: z.number(),
  drafted: z.number(),
  completed: z.object({ incoming: z.number(), outgoing: z.number() }),
  completionRate: z.object({ incoming: z.number().nullable(), outgoing: z.number().nullable() }),
  limits: z.array(rateFigure.extend({ kind: z.string(), purpose: z.string(), label: z.string() })),
});

/** One month of the trend: what the month's bulletin would total. */
const trendMonth = z.object({
  month: z.string(),
  totals: unitRow.pick({
    newlyAssigned: true,
    completedOnTime: true,
    completedLate: true,
    overdueOpen: true,
    onTimeRate: true,
  }),
});
export type TrendMonth = z.infer<typeof trendMonth>;

/** One 值班信访 figure of the 看板 (the server's reports/duty-figures.ts): 来访 起, 人次, 集体访, 电话. */
const dutyFigure = z.object({
  id: z.string(),
  label: z.string(),
  definition: z.string(),
  value: z.number(),
  records: z.number(),
});

const dashboardSchema = z.object({
  year: z.number(),
  /** The last day counted: today, or the year's end for a past year. */
  asOf: z.string(),
  overview: overviewSchema,
  overdueByUnit: z.array(overdueUnit),
  trend: z.array(trendMonth),
  documents: documentFiguresSchema,
  bulletins: z.array(bulletinSummary),
  /** 值班信访 from 1 January to `asOf`. */
  duty: z.object({ from: z.string(), to: z.string(), figures: z.array(dutyFigure) }),
});

export type Dashboard = z.infer<typeof dashboardSchema>;

/** 领导看板 in one request: the server reads every part side by side and ranks the units itself. */
export const getDashboard = (year: number, signal?: AbortSignal) =>
  apiRequest('/reports/dashboard', dashboardSchema, { query: { year }, signal });

/** 催办 one matter: counted, audited, and a work notice to the unit's responsible person. */
export const urgeMatter = (id: number) =>
  apiRequest(`/supervision/matters/${id}/urge`, z.object({ matter: z.object({ urgeCount: z.number() }) }), {
    method: 'POST',
    body: { note: null },
  }).then((r) => r.matter);

const leaderHomeSchema = z.object({
  year: z.number(),
  today: z.string(),
  overdueByUnit: z.array(overdueUnit),
  /** The documents waiting for the leader's own step (批示、签发…). */
  mySteps: z.array(
    z.object({
      stepId: z.number(),
      stageLabel: z.string(),
      document: z.object({ id: z.number(), title: z.string() }),
      deadline: z.object({ dueDate: z.string(), overdue: z.boolean() }).nullable(),
    }),
  ),
  /** The meetings the leader attends today and tomorrow. */
  meetings: z.array(
    z.object({ id: z.number(), title: z.string(), startsAt: z.string(), place: z.string().nullable() }),
  ),
});

export type LeaderHome = z.infer<typeof leaderHomeSchema>;

/** The 看板 part of a leader's first screen in one request: overdue units, documents awaiting them, meetings. */
export const getLeaderHome = (year: number, signal?: AbortSignal) =>
  apiRequest('/reports/dashboard/leader-home', leaderHomeSchema, { query: { year }, signal });
