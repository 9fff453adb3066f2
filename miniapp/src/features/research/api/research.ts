import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { namedSchema } from '@/lib/organisation';

const problemSchema = z.object({
  id: z.number(),
  text: z.string(),
  unit: namedSchema.nullable(),
  matter: z.object({ id: z.number(), number: z.string(), status: z.string(), statusName: z.string() }).nullable(),
  /** 督查室, a final report, and no matter yet (the server's one rule). */
  canTurn: z.boolean(),
});
export type Problem = z.infer<typeof problemSchema>;

const reportSchema = z.object({
  id: z.number(),
  title: z.string(),
  topic: z.string(),
  authors: z.array(namedSchema),
  places: z.array(z.string()),
  /** YYYY-MM-DD, Shanghai. */
  finishedOn: z.string(),
  summary: z.string().nullable(),
  status: z.enum(['draft', 'final']),
  statusName: z.string(),
  finalisedAt: z.string().nullable(),
  recordedBy: namedSchema,
  problems: z.array(problemSchema),
});
export type Report = z.infer<typeof reportSchema>;

/** What a report is recorded or corrected with. */
export interface ReportBody {
  title: string;
  topic: string;
  authorIds: string[];
  places: string[];
  finishedOn: string;
  summary: string | null;
}

export interface ProblemBody {
  text: string;
  departmentId: string | null;
}

/** 转为督办事项: the lead unit (the problem's own when not given), co-units, 急件, the leader who assigns it. */
export interface TurnBody {
  leadDepartmentId: string;
  coDepartmentIds: string[];
  urgent: boolean;
  assignedByUserId: string | null;
}

const one = z.object({ report: reportSchema });

/** 调研报告 finished in the period, newest first. */
export const getReports = (filter: { from: string; to: string; limit?: number }, signal?: AbortSignal) =>
  apiRequest('/research/reports', z.object({ total: z.number(), reports: z.array(reportSchema) }), {
    signal,
    query: { ...filter },
  });

export const getReport = (id: number, signal?: AbortSignal) =>
  apiRequest(`/research/reports/${id}`, one, { signal }).then((r) => r.report);

export const createReport = (body: ReportBody) =>
  apiRequest('/research/reports', one, { method: 'POST', body }).then((r) => r.report);

export const editReport = (id: number, body: ReportBody) =>
  apiRequest(`/research/reports/${id}`, one, { method: 'PUT', body }).then((r) => r.report);

/** 定稿: from then on it counts among the reports formed, and its problems may become matters. */
export const finaliseReport = (id: number) =>
  apiRequest(`/research/reports/${id}/finalise`, one, { method: 'POST' }).then((r) => r.report);

export const addProblem = (reportId: number, body: ProblemBody) =>
  apiRequest(`/research/reports/${reportId}/problems`, one, { method: 'POST', body }).then((r) => r.report);

export const editProblem = (reportId: number, problemId: number, body: ProblemBody) =>
  apiRequest(`/research/reports/${reportId}/problems/${problemId}`, one, { method: 'PUT', body }).then((r) => r.report);

export const removeProblem = (reportId: number, problemId: number) =>
  apiRequest(`/research/reports/${reportId}/problems/${problemId}`, one, { method: 'DELETE' }).then((r) => r.report);

/** A 领导批示 matter made from the problem (督〔年〕N号), its deadline from that source's rule. */
export const turnIntoMatter = (reportId: number, problemId: number, body: TurnBody) =>
  apiRequest(`/research/reports/${reportId}/problems/${problemId}/matter`, one, { method: 'POST', body }).then(
    (r) => r.report,
  );

const figuresSchema = z.object({
  from: z.string(),
  to: z.string(),
  figures: z.array(z.object({ id: z.string(), label: z.string(), definition: z.string(), value: z.number() })),
});

/** 形成调研报告X份, 存在问题X个, 转为督办X个 (and the 督查建议 figures) of a period. */
export const getResearchFigures = (from: string, to: string, signal?: AbortSignal) =>
  apiRequest('/research/figures', z.object({ figures: figuresSchema }), { signal, query: { from, to } }).then(
    (r) => r.figures,
  );
