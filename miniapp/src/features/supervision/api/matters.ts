import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { SOURCES } from '@/lib/matter-sources';
import { namedSchema } from '@/lib/organisation';
import { timingSchema } from '@/lib/timing';

export { SOURCES };
export type MatterSource = (typeof SOURCES)[number][0];
const sourceCodes = SOURCES.map(([code]) => code) as [MatterSource, ...MatterSource[]];

export const OPEN_STATUSES = ['assigned', 'accepted', 'in_progress'] as const;
export const DONE_STATUSES = ['completed', 'evaluated'] as const;
const statuses = z.enum(['assigned', 'accepted', 'in_progress', 'completed', 'evaluated', 'returned']);
export type MatterStatus = z.infer<typeof statuses>;

export const matterSchema = z.object({
  id: z.number(),
  number: z.string(),
  source: z.enum(sourceCodes),
  sourceName: z.string(),
  title: z.string(),
  content: z.string().nullable(),
  assignedBy: namedSchema.nullable(),
  leadDepartment: namedSchema,
  coDepartments: z.array(namedSchema),
  responsible: namedSchema.nullable(),
  status: statuses,
  statusName: z.string(),
  timeliness: z.string(),
  timelinessName: z.string(),
  light: z.enum(['blue', 'yellow', 'red']),
  workdaysLeft: z.number().nullable(),
  workdaysOverdue: z.number().nullable().optional(),
  periodic: z.boolean(),
  ruleCode: z.string().nullable(),
  assignedAt: z.string(),
  completedAt: z.string().nullable(),
  reply: z.string().nullable(),
  outcomeName: z.string().nullable(),
  satisfactionName: z.string().nullable(),
  proposer: z.string().nullable(),
  urgeCount: z.number(),
  deadline: z
    .object({
      dueDate: z.string(),
      originalDueDate: z.string(),
      extended: z.boolean(),
      status: z.enum(['open', 'closed']),
      estimated: z.boolean().optional(),
    })
    .nullable(),
});
export type Matter = z.infer<typeof matterSchema>;

const detailSchema = matterSchema.extend({
  periods: z.array(
    z.object({
      id: z.number(),
      period: z.string(),
      dueDate: z.string().nullable(),
      timing: timingSchema.nullable(),
      reportedAt: z.string().nullable(),
      metOnTime: z.boolean().nullable(),
    }),
  ),
  reports: z.array(
    z.object({
      id: z.number(),
      userName: z.string(),
      content: z.string(),
      reportedAt: z.string(),
      period: z.string().nullable(),
      coDepartment: namedSchema.nullable(),
    }),
  ),
  extensions: z.array(
    z.object({
      id: z.number(),
      requestedBy: namedSchema,
      reason: z.string(),
      amount: z.number(),
      unit: z.string(),
      requestedAt: z.string(),
      requestedDueAt: z.string(),
      status: z.enum(['pending', 'approved', 'refused']),
      decidedBy: namedSchema.nullable(),
      decisionNote: z.string().nullable(),
    }),
  ),
  evaluations: z.array(
    z.object({ id: z.number(), evaluator: namedSchema, gradeName: z.string(), comment: z.string().nullable() }),
  ),
  history: z.array(
    z.object({ at: z.string(), actorName: z.string(), action: z.string(), reason: z.string().nullable() }),
  ),
  /** How the deadline may be extended (the rule's policy, or the one for a date a person set); null: never. */
  extensionPolicy: z.object({ unit: z.string(), maxAmount: z.number(), maxTimes: z.number() }).nullable(),
});
export type MatterDetail = z.infer<typeof detailSchema>;

const listSchema = z.object({ total: z.number(), matters: z.array(matterSchema) });
const oneSchema = z.object({ matter: z.unknown() });

interface MatterQuery {
  status?: readonly MatterStatus[];
  source?: MatterSource;
  timeliness?: string;
  q?: string;
  limit?: number;
}

export const listMatters = (query: MatterQuery, signal?: AbortSignal) =>
  apiRequest('/supervision/matters', listSchema, {
    query: { ...query, status: query.status?.join(',') },
    signal,
  });

export const getMatter = (id: number, signal?: AbortSignal) =>
  apiRequest(`/supervision/matters/${id}`, z.object({ matter: detailSchema }), { signal }).then((r) => r.matter);

const post = (path: string, body: unknown) => apiRequest(path, oneSchema, { method: 'POST', body });

export const acceptMatter = (id: number) => post(`/supervision/matters/${id}/accept`, {});
export const reportProgress = (id: number, content: string) => post(`/supervision/matters/${id}/progress`, { content });
export const reportCoOpinion = (id: number, content: string) =>
  post(`/supervision/matters/${id}/co-opinion`, { content });
export const requestExtension = (id: number, amount: number, reason: string) =>
  post(`/supervision/matters/${id}/extensions`, { amount, reason });
export const completeMatter = (
  id: number,
  body: { reply: string; outcomeClass?: 'A' | 'B' | 'C' | 'D'; metDeputy?: boolean },
) => post(`/supervision/matters/${id}/complete`, body);
export const urgeMatter = (id: number, note: string) => post(`/supervision/matters/${id}/urge`, { note: note || null });
export const decideExtension = (id: number, requestId: number, approve: boolean, note: string) =>
  post(`/supervision/matters/${id}/extensions/${requestId}/decision`, { approve, note: note || null });
export const redoMatter = (id: number, reason: string) => post(`/supervision/matters/${id}/redo`, { reason });
export const evaluateMatter = (id: number, grade: 'excellent' | 'good' | 'fair' | 'poor', comment: string) =>
  post(`/supervision/matters/${id}/evaluate`, { grade, comment: comment || null });

interface AssignInput {
  source: MatterSource;
  title: string;
  content: string | null;
  leadDepartmentId: string;
  coDepartmentIds: string[];
  assignedByUserId: string | null;
  dueDate: string | null;
  urgent: boolean;
  proposer: string | null;
}

export const assignMatter = (input: AssignInput) =>
  apiRequest('/supervision/matters', z.object({ matter: matterSchema }), { method: 'POST', body: input }).then(
    (r) => r.matter,
  );

const matterIdSchema = z.object({ matterId: z.number() });

/** The matter of a report period or an extension request, which bot messages link to by their own id. */
export const matterOfSubject = (subject: 'periods' | 'extension-requests', id: number, signal?: AbortSignal) =>
  apiRequest(`/supervision/${subject}/${id}`, matterIdSchema, { signal }).then((r) => r.matterId);
