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

export const getOverview = (year: number, signal?: AbortSignal) =>
  apiRequest('/supervision/overview', overviewSchema, { query: { year }, signal });

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

/** The matters behind a figure (drill-down): of one status at a glance, optionally of one lead unit. */
export const getMattersOf = (year: number, timeliness: Timeliness, signal?: AbortSignal) =>
  apiRequest('/supervision/matters', z.object({ total: z.number(), matters: z.array(matterSchema) }), {
    query: { year, timeliness, limit: 1000 },
    signal,
  }).then((r) => r.matters);

const overdueUnit = z.object({ rank: z.number(), id: z.string(), name: z.string(), count: z.number() });

/** 逾期未办结 · 单位排名: lead units by their matters of the year overdue now, ranked by the server. */
export const getOverdueByUnit = (year: number, signal?: AbortSignal) =>
  apiRequest('/reports/overdue-by-unit', z.object({ year: z.number(), units: z.array(overdueUnit) }), {
    query: { year },
    signal,
  }).then((r) => r.units);

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
export type BulletinFigures = z.infer<typeof figuresSchema>;

/** A month's figures as the bulletin would print them (the trend is one of these per month). */
export const getMonthFigures = (month: string, signal?: AbortSignal) =>
  apiRequest('/supervision/bulletins/preview', z.object({ figures: figuresSchema }), { query: { month }, signal }).then(
    (r) => r.figures,
  );

const bulletinSummary = z.object({
  id: z.number(),
  year: z.number(),
  issueNo: z.number(),
  month: z.string(),
  title: z.string(),
  publishedAt: z.string().nullable(),
});

export const getBulletins = (signal?: AbortSignal) =>
  apiRequest('/supervision/bulletins', z.object({ bulletins: z.array(bulletinSummary) }), { signal }).then(
    (r) => r.bulletins,
  );

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
  current: z.object({
    from: z.string(),
    to: z.string(),
    received: z.number(),
    drafted: z.number(),
    completed: z.object({ incoming: z.number(), outgoing: z.number() }),
    completionRate: z.object({ incoming: z.number().nullable(), outgoing: z.number().nullable() }),
    limits: z.array(rateFigure.extend({ kind: z.string(), purpose: z.string(), label: z.string() })),
  }),
});

export const getDocumentFigures = (from: string, to: string, signal?: AbortSignal) =>
  apiRequest('/documents/figures', documentFiguresSchema, { query: { from, to }, signal }).then((r) => r.current);

/** 催办 one matter: counted, audited, and a work notice to the unit's responsible person. */
export const urgeMatter = (id: number) =>
  apiRequest(`/supervision/matters/${id}/urge`, z.object({ matter: z.object({ urgeCount: z.number() }) }), {
    method: 'POST',
    body: { note: null },
  }).then((r) => r.matter);

const myStepsSchema = z.object({
  steps: z.array(
    z.object({
      stepId: z.number(),
      stageLabel: z.string(),
      document: z.object({ id: z.number(), title: z.string() }),
      deadline: z.object({ dueDate: z.string(), overdue: z.boolean() }).nullable(),
    }),
  ),
});

/** The documents waiting for the leader's own step (批示、签发…), the server's own list. */
export const getMySteps = (signal?: AbortSignal) =>
  apiRequest('/documents/my-steps', myStepsSchema, { signal }).then((r) => r.steps);

const meetingSummary = z.object({
  id: z.number(),
  title: z.string(),
  startsAt: z.string(),
  place: z.string().nullable(),
});

/** The meetings the user attends between two dates (inclusive). */
export const getMyMeetings = (from: string, to: string, signal?: AbortSignal) =>
  apiRequest('/meetings', z.object({ meetings: z.array(meetingSummary) }), {
    query: { from, to, mine: 1 },
    signal,
  }).then((r) => r.meetings);
