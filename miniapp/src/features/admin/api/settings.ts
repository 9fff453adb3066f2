import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';

/** The administrator's configuration pages: templates, time-limit rules, calendar changes, meeting types, reminders. */

const kindSchema = z.enum(['incoming', 'outgoing']);
export type DocumentKind = z.infer<typeof kindSchema>;

const templateSchema = z.object({
  processCode: z.string(),
  name: z.string(),
  /** Its name in DingTalk; null when DingTalk did not list it. */
  dingtalkName: z.string().nullable(),
  kind: kindSchema.nullable(),
  stageMap: z.record(z.string(), z.string()),
  active: z.boolean(),
  mapped: z.boolean(),
  nodes: z.array(z.object({ key: z.string(), name: z.string().nullable() })),
  note: z.string().nullable(),
});
export type TemplateToMap = z.infer<typeof templateSchema>;

/**
 * `notice`: what could not be read from DingTalk (the corp's templates, the nodes it predicts) and why, if so. The
 * server reuses DingTalk's answers for a minute; `refresh` asks DingTalk again.
 */
export const listTemplatesToMap = (signal?: AbortSignal, refresh = false) =>
  apiRequest(
    `/admin/templates${refresh ? '?refresh=1' : ''}`,
    z.object({ templates: z.array(templateSchema), notice: z.string().nullable() }),
    { signal },
  );

export const saveTemplate = (
  processCode: string,
  body: { name: string; kind: DocumentKind; stageMap: Record<string, string>; active: boolean },
) => apiRequest(`/documents/templates/${encodeURIComponent(processCode)}`, z.unknown(), { method: 'PUT', body });

const unitSchema = z.enum(['workday', 'day', 'month']);
export type LimitUnit = z.infer<typeof unitSchema>;

const ruleSchema = z.object({
  code: z.string(),
  name: z.string(),
  amount: z.number(),
  unit: unitSchema,
  anchor: z.string(),
  countReceiptDay: z.boolean().optional(),
  endOfDay: z.string().optional(),
  warnings: z
    .array(
      z.object({
        kind: z.string(),
        workdays: z.number().optional(),
        fraction: z.number().optional(),
      }),
    )
    .optional(),
  source: z.object({ basis: z.string(), citation: z.string() }),
});
export type Rule = z.infer<typeof ruleSchema>;

export const listRules = (signal?: AbortSignal) =>
  apiRequest('/timelimits/rules', z.object({ rules: z.array(ruleSchema) }), { signal });

export const listRuleOverrides = (signal?: AbortSignal) =>
  apiRequest(
    '/admin/rule-overrides',
    z.object({ overrides: z.array(z.object({ code: z.string(), definition: z.record(z.string(), z.unknown()) })) }),
    { signal },
  );

export const setRule = (code: string, definition: Record<string, unknown>) =>
  apiRequest(`/timelimits/rules/${encodeURIComponent(code)}`, z.object({ rule: ruleSchema }), {
    method: 'PUT',
    body: definition,
  });

const overrideSchema = z.object({
  id: z.number(),
  date: z.string(),
  kind: z.enum(['off', 'workday']),
  reason: z.string(),
  scope: z.string(),
  createdBy: z.string(),
});
export type DayOverride = z.infer<typeof overrideSchema>;

export const listDayOverrides = (signal?: AbortSignal) =>
  apiRequest('/calendar/overrides', z.object({ overrides: z.array(overrideSchema) }), { signal });

export const setDayOverride = (body: { date: string; kind: 'off' | 'workday'; reason: string; scope?: string }) =>
  apiRequest('/calendar/overrides', z.unknown(), { method: 'PUT', body });

export const removeDayOverride = (id: number, reason: string) =>
  apiRequest(`/calendar/overrides/${id}`, z.unknown(), { method: 'DELETE', query: { reason } });

const meetingTypeSchema = z.object({
  code: z.string(),
  name: z.string(),
  sortOrder: z.number(),
  active: z.boolean(),
  builtIn: z.boolean(),
});
export type MeetingTypeRow = z.infer<typeof meetingTypeSchema>;

export const listMeetingTypes = (signal?: AbortSignal) =>
  apiRequest('/meetings/types', z.object({ types: z.array(meetingTypeSchema) }), { signal });

export const saveMeetingType = (code: string, body: { name: string; sortOrder?: number; active?: boolean }) =>
  apiRequest(`/meetings/types/${encodeURIComponent(code)}`, z.unknown(), { method: 'PUT', body });

const policySchema = z.record(z.string(), z.unknown());

const reminderSettingsSchema = z.object({
  officeHours: z.string(),
  /** Where the hours come from: `admin` set here (by, at), `config` the server's REMINDER_OFFICE_HOURS. */
  officeHoursSet: z.object({
    source: z.enum(['admin', 'config']),
    by: z.string().nullable(),
    at: z.string().nullable(),
  }),
  configuredOfficeHours: z.string(),
  groupRobots: z.array(z.object({ name: z.string(), signed: z.boolean() })),
  policy: z.object({
    /** In force: the built-in defaults with the office's changes (`office`, set by `officeSet.by`). */
    defaults: policySchema,
    builtIn: policySchema,
    office: policySchema,
    officeSet: z.object({ by: z.string().nullable(), at: z.string().nullable() }),
    bySubject: z.record(z.string(), policySchema),
    byUrgency: z.record(z.string(), policySchema),
  }),
});

export const getReminderSettings = (signal?: AbortSignal) =>
  apiRequest('/admin/reminder-settings', reminderSettingsSchema, { signal });

/** `null` goes back to the server's configuration. */
export const setOfficeHours = (officeHours: string | null) =>
  apiRequest('/admin/reminder-settings/office-hours', reminderSettingsSchema, {
    method: 'PUT',
    body: { officeHours },
  });

/** The office's changes to the default reminder policy; `null` goes back to the built-in one. */
export const setOfficePolicy = (reminders: Record<string, unknown> | null) =>
  apiRequest('/admin/reminder-settings/policy', reminderSettingsSchema, { method: 'PUT', body: { reminders } });
