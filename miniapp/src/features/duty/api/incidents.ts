import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';

export const INCIDENT_LEVELS = [
  { value: 'extraordinary', label: '特别重大' },
  { value: 'major', label: '重大' },
  { value: 'large', label: '较大' },
  { value: 'general', label: '一般' },
] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number]['value'];

export const INCIDENT_CATEGORIES = [
  { value: 'natural_disaster', label: '自然灾害' },
  { value: 'accident', label: '事故灾难' },
  { value: 'public_health', label: '公共卫生事件' },
  { value: 'social_security', label: '社会安全事件' },
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number]['value'];

export const REPORT_KINDS = [
  { value: 'phone', label: '电话初报' },
  { value: 'written', label: '书面初报' },
  { value: 'follow_up', label: '续报' },
  { value: 'final', label: '终报' },
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number]['value'];

export const REPORT_CHANNELS = [
  { value: 'phone', label: '电话' },
  { value: 'fax', label: '传真' },
  { value: 'dingtalk', label: '钉钉' },
  { value: 'intranet', label: '政务内网' },
  { value: 'other', label: '其他' },
] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number]['value'];

const person = z.object({ id: z.string(), name: z.string() });

const limitSchema = z.object({
  id: z.number(),
  kind: z.string(),
  name: z.string(),
  dueAt: z.string(),
  status: z.enum(['open', 'met', 'closed']),
  metAt: z.string().nullable(),
  lateMinutes: z.number().nullable(),
  overdueMinutes: z.number(),
});
export type IncidentLimit = z.infer<typeof limitSchema>;

const reportSchema = z.object({
  id: z.number(),
  kind: z.enum(['phone', 'written', 'follow_up', 'final']),
  kindName: z.string(),
  recipient: z.string(),
  reportedAt: z.string(),
  channel: z.string(),
  channelName: z.string(),
  reporter: z.string(),
  content: z.string().nullable(),
  lateMinutes: z.number().nullable(),
  recordedBy: person,
});
export type IncidentReport = z.infer<typeof reportSchema>;

const incidentSchema = z.object({
  id: z.number(),
  occurredAt: z.string(),
  knownAt: z.string(),
  place: z.string(),
  category: z.string(),
  categoryName: z.string(),
  level: z.string(),
  levelName: z.string(),
  summary: z.string(),
  source: z.string(),
  measures: z.string().nullable(),
  open: z.boolean(),
  closedAt: z.string().nullable(),
  recordedBy: person,
  limits: z.array(limitSchema),
  reports: z.array(reportSchema),
  canReport: z.boolean(),
});
export type Incident = z.infer<typeof incidentSchema>;

export interface IncidentBody {
  occurredAt: string;
  knownAt?: string;
  place: string;
  category: IncidentCategory;
  level: IncidentLevel;
  summary: string;
  source: string;
  measures?: string | null;
}

export interface ReportBody {
  kind: ReportKind;
  recipient: string;
  reportedAt?: string;
  channel: ReportChannel;
  reporter?: string | null;
  content?: string | null;
}

const one = z.object({ incident: incidentSchema });

/** 突发事件信息, newest first (by 接报时间); `canRecord`: the reader is on duty now, or 会务. */
export const getIncidents = (filter: { from?: string; to?: string; open?: boolean }, signal?: AbortSignal) =>
  apiRequest(
    '/duty/incidents',
    z.object({ total: z.number(), incidents: z.array(incidentSchema), canRecord: z.boolean() }),
    { signal, query: filter },
  );

export const getIncident = (id: number, signal?: AbortSignal) =>
  apiRequest(`/duty/incidents/${id}`, one, { signal }).then((r) => r.incident);

export const recordIncident = (body: IncidentBody) =>
  apiRequest('/duty/incidents', one, { method: 'POST', body }).then((r) => r.incident);

export const addIncidentReport = (id: number, body: ReportBody) =>
  apiRequest(`/duty/incidents/${id}/reports`, one, { method: 'POST', body }).then((r) => r.incident);

/** The suggested 报送对象 (and the rules, which the admin pages edit). */
export const getIncidentRecipients = (signal?: AbortSignal) =>
  apiRequest('/duty/incident-rules', z.object({ recipients: z.array(z.string()) }), { signal }).then(
    (r) => r.recipients,
  );
