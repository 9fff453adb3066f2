import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { timingSchema } from '@/lib/timing';

/** Where a step's or a document's deadline stands, counted by the server, and how a closed one ended. */
const documentTimingSchema = timingSchema.extend({
  dueAt: z.string(),
  status: z.enum(['open', 'closed']),
  metOnTime: z.boolean().nullable(),
  ruleName: z.string().nullable(),
});
export type Timing = z.infer<typeof documentTimingSchema>;

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
  status: z.enum(['open', 'completed', 'refused', 'withdrawn']),
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
      nextDeadline: documentTimingSchema.nullable(),
    }),
  ),
  canRegister: z.boolean(),
});
export type DocumentListItem = z.infer<typeof listSchema>['items'][number];

const myStepsSchema = z.object({
  steps: z.array(
    z.object({
      stepId: z.number(),
      stageLabel: z.string(),
      startedAt: z.string(),
      document: summarySchema,
      deadline: documentTimingSchema.nullable(),
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
  limits: z.array(
    documentTimingSchema.extend({ label: z.string(), workdays: z.number(), outcomeLabel: z.string().nullable() }),
  ),
  timeline: z.array(
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('start'), stageLabel: z.string(), at: z.string(), userName: z.string().nullable() }),
      z.object({
        type: z.literal('step'),
        stepId: z.number(),
        stage: z.string().nullable(),
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
        outcome: z.string().nullable(),
        outcomeLabel: z.string().nullable(),
        deadline: documentTimingSchema.nullable(),
        deadlineNote: z.string().nullable(),
        link: linkSchema,
        canExecute: z.boolean(),
        canComplete: z.boolean(),
      }),
      z.object({ type: z.literal('end'), stageLabel: z.string(), at: z.string().nullable() }),
    ]),
  ),
  /** The office may 办结归档 a paper document. */
  canRoute: z.boolean(),
});
export type DocumentDetail = z.infer<typeof detailSchema>;
export type TimelineStep = Extract<DocumentDetail['timeline'][number], { type: 'step' }>;

export interface DocumentQuery {
  kind?: 'incoming' | 'outgoing';
  status?: 'open' | 'completed' | 'refused' | 'withdrawn';
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

/** Where a paper document goes next: a stage (拟办 / 批办 / 承办) and a person. */
export interface NextStep {
  stage: 'propose' | 'instruct' | 'handle';
  assigneeUserId: string;
}

/** A paper document's step done (办理完毕), sent on to `next`, or without it back to the registrar. */
export const completeStep = (stepId: number, comment: string, next: NextStep | null) =>
  apiRequest(`/documents/steps/${stepId}/complete`, z.object({ ok: z.boolean() }), {
    method: 'POST',
    body: { ...(comment ? { comment } : {}), ...(next ? { next } : {}) },
  });

export interface PaperRegistration {
  title: string;
  docNumber?: string;
  issuingOrg?: string;
  urgency: 'extra_urgent' | 'urgent' | 'normal';
  proposerUserId?: string;
}

/** 收文登记: a paper document, handed to its 拟办 person (or held by the registrar). */
export const registerPaper = (body: PaperRegistration) =>
  apiRequest('/documents/paper', detailSchema, { method: 'POST', body });

/** 办结归档 (the office). */
export const closeDocument = (id: number, comment: string) =>
  apiRequest(`/documents/${id}/close`, z.object({ ok: z.boolean() }), {
    method: 'POST',
    body: comment ? { comment } : {},
  });
