import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { namedSchema } from '@/lib/organisation';

const visitSchema = z.object({
  id: z.number(),
  visitedAt: z.string(),
  petitioners: z.number(),
  /** 集体访: five people or more (the server's one definition). */
  collective: z.boolean(),
  representativeName: z.string(),
  representativeContact: z.string().nullable(),
  /** Masked for this reader (leaders). */
  personalHidden: z.boolean(),
  content: z.string(),
  unit: namedSchema.nullable(),
  handling: z.string().nullable(),
  outcome: z.enum(['answered', 'referred', 'supervised']).nullable(),
  outcomeName: z.string().nullable(),
  earlierVisit: z.object({ id: z.number(), visitedAt: z.string() }).nullable(),
  laterVisitIds: z.array(z.number()),
  matter: z.object({ id: z.number(), number: z.string(), status: z.string(), statusName: z.string() }).nullable(),
  recordedBy: namedSchema,
  canTurn: z.boolean(),
});
export type Visit = z.infer<typeof visitSchema>;

export interface VisitFilter {
  from?: string;
  to?: string;
  unit?: string;
  collective?: boolean;
  repeat?: boolean;
  limit?: number;
}

/** What a visit is registered or edited with; the time as an ISO instant. */
export interface VisitBody {
  visitedAt?: string;
  petitioners?: number;
  representativeName?: string;
  representativeContact?: string | null;
  content?: string;
  departmentId?: string | null;
  handling?: string | null;
  outcome?: 'answered' | 'referred' | null;
}

const one = z.object({ visit: visitSchema });

/** 来访接待登记, newest first. */
export const getVisits = (filter: VisitFilter, signal?: AbortSignal) =>
  apiRequest('/duty/petitions', z.object({ total: z.number(), visits: z.array(visitSchema) }), {
    signal,
    query: { ...filter, collective: filter.collective, repeat: filter.repeat },
  });

export const getVisit = (id: number, signal?: AbortSignal) =>
  apiRequest(`/duty/petitions/${id}`, one, { signal }).then((r) => r.visit);

export const registerVisit = (body: VisitBody) =>
  apiRequest('/duty/petitions', one, { method: 'POST', body }).then((r) => r.visit);

export const editVisit = (id: number, body: VisitBody) =>
  apiRequest(`/duty/petitions/${id}`, one, { method: 'PUT', body }).then((r) => r.visit);

/** 重复访: this visit follows `earlierVisitId`; null removes the link. */
export const linkRepeat = (id: number, earlierVisitId: number | null) =>
  apiRequest(`/duty/petitions/${id}/repeat-of`, one, { method: 'PUT', body: { earlierVisitId } }).then((r) => r.visit);

/** 转为督办事项: a 信访 matter made from the visit, its deadline from the 信访 rule. */
export const turnIntoMatter = (id: number, body: { leadDepartmentId?: string; coDepartmentIds?: string[] }) =>
  apiRequest(`/duty/petitions/${id}/matter`, one, { method: 'POST', body }).then((r) => r.visit);

const figuresSchema = z.object({
  from: z.string(),
  to: z.string(),
  figures: z.array(
    z.object({ id: z.string(), label: z.string(), definition: z.string(), value: z.number(), records: z.number() }),
  ),
  phoneCallsByMonth: z.array(z.object({ month: z.string(), from: z.string(), to: z.string(), count: z.number() })),
});
export type DutyFigures = z.infer<typeof figuresSchema>;

/** 接待上访群众（起、人次）, 集体访, 各类电话 of a period, and the calls month by month. */
export const getDutyFigures = (from: string, to: string, signal?: AbortSignal) =>
  apiRequest('/duty/figures', z.object({ figures: figuresSchema }), { signal, query: { from, to } }).then(
    (r) => r.figures,
  );
