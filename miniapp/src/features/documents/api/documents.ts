import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';

/** Where a deadline stands, counted by the server in working days. */
const timingSchema = z.object({
  dueDate: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  remainingWorkdays: z.number().nullable(),
  overdueWorkdays: z.number().nullable(),
  status: z.enum(['open', 'closed']),
  metOnTime: z.boolean().nullable(),
  ruleName: z.string().nullable(),
});
export type Timing = z.infer<typeof timingSchema>;

const linkSchema = z.object({ url: z.string(), dingtalkUrl: z.string() }).nullable();

const summarySchema = z.object({
  id: z.number(),
  kind: z.enum(['incoming', 'outgoing']),
  kindLabel: z.string(),
  origin: z.string(),
  title: z.string(),
  docNumber: z.string().nullable(),
  issuingOrg: z.string().nullable(),
  urgency: z.string(),
  urgencyLabel: z.string(),
  status: z.enum(['open', 'completed', 'withdrawn']),
  statusLabel: z.string(),
  receivedAt: z.string(),
  closedAt: z.string().nullable(),
});

const listSchema = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  items: z.array(
    summarySchema.extend({
      currentSteps: z.array(
        z.object({ stepId: z.number(), stageLabel: z.string(), assigneeName: z.string().nullable() }),
      ),
      overdue: z.boolean(),
      nextDeadline: timingSchema.nullable(),
    }),
  ),
});
export type DocumentListItem = z.infer<typeof listSchema>['items'][number];

const myStepsSchema = z.object({
  steps: z.array(
    z.object({
      stepId: z.number(),
      stageLabel: z.string(),
      startedAt: z.string(),
      document: summarySchema,
      deadline: timingSchema.nullable(),
      link: linkSchema,
      canExecute: z.boolean(),
      canComplete: z.boolean(),
    }),
  ),
});

const detailSchema = z.object({
  document: summarySchema.extend({
    departmentName: z.string().nullable(),
    originatorName: z.string().nullable(),
    templateName: z.string().nullable(),
    link: linkSchema,
  }),
  limits: z.array(timingSchema.extend({ label: z.string(), workdays: z.number() })),
  timeline: z.array(
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('start'), stageLabel: z.string(), at: z.string(), userName: z.string().nullable() }),
      z.object({
        type: z.literal('step'),
        stepId: z.number(),
        stageLabel: z.string().nullable(),
        nodeName: z.string().nullable(),
        assigneeName: z.string().nullable(),
        departmentName: z.string().nullable(),
        status: z.string(),
        statusLabel: z.string(),
        result: z.string().nullable(),
        comment: z.string().nullable(),
        startedAt: z.string(),
        finishedAt: z.string().nullable(),
        workdays: z.number(),
        onTime: z.boolean().nullable(),
        deadline: timingSchema.nullable(),
        link: linkSchema,
        canExecute: z.boolean(),
        canComplete: z.boolean(),
      }),
      z.object({ type: z.literal('end'), stageLabel: z.string(), at: z.string().nullable() }),
    ]),
  ),
});
export type DocumentDetail = z.infer<typeof detailSchema>;
export type TimelineStep = Extract<DocumentDetail['timeline'][number], { type: 'step' }>;

export interface DocumentQuery {
  kind?: 'incoming' | 'outgoing';
  status?: 'open' | 'completed' | 'withdrawn';
  overdue?: boolean;
  q?: string;
  page?: number;
}

export const listDocuments = (query: DocumentQuery, signal?: AbortSignal) =>
  apiRequest('/documents', listSchema, { query: { ...query, pageSize: 50 }, signal });

export const getMySteps = (signal?: AbortSignal) =>
  apiRequest('/documents/my-steps', myStepsSchema, { signal }).then((r) => r.steps);

export const getDocument = (id: number, signal?: AbortSignal) =>
  apiRequest(`/documents/${id}`, detailSchema, { signal });

/** Approve or refuse one's own DingTalk approval task from here; DingTalk confirms by its event. */
export const executeStep = (stepId: number, result: 'agree' | 'refuse', comment: string) =>
  apiRequest(`/documents/steps/${stepId}/execute`, z.object({ accepted: z.boolean() }), {
    method: 'POST',
    body: { result, ...(comment ? { comment } : {}) },
  });

/** A paper document's step done (办理完毕). */
export const completeStep = (stepId: number, comment: string) =>
  apiRequest(`/documents/steps/${stepId}/complete`, z.object({ ok: z.boolean() }), {
    method: 'POST',
    body: comment ? { comment } : {},
  });
