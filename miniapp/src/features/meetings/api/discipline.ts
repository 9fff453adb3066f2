import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';

const summary = z.object({
  id: z.number(),
  year: z.number(),
  number: z.number(),
  title: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  issuedAt: z.string(),
});

const entry = z.object({
  meetingId: z.number(),
  meetingTitle: z.string(),
  attendeeId: z.number(),
  startsAt: z.string(),
  name: z.string().nullable(),
  unit: z.string().nullable(),
  kind: z.enum(['late', 'absent', 'unit_absent']),
  minutesLate: z.number().nullable().optional(),
});
export type DisciplineEntry = z.infer<typeof entry>;

/** The 违反会风会纪通报 issued so far, newest first. */
export const getDisciplineNotices = (signal?: AbortSignal) =>
  apiRequest('/meetings/discipline', z.object({ notices: z.array(summary.extend({ entryCount: z.number() })) }), {
    signal,
  }).then((r) => r.notices);

/** One notice with the entries copied in when it was issued. */
export const getDisciplineNotice = (id: number, signal?: AbortSignal) =>
  apiRequest(`/meetings/discipline/${id}`, z.object({ notice: summary.extend({ entries: z.array(entry) }) }), {
    signal,
  }).then((r) => r.notice);

/** The notice as Word; the session cookie set at sign-in lets the download through. */
export const disciplineDocxUrl = (id: number) => `/api/meetings/discipline/${id}/notice.docx`;

const preview = z.object({
  title: z.string(),
  meetings: z.number(),
  violations: z.array(entry),
  definitions: z.string(),
});

/** What a notice for [from, to] would list, before it is issued. */
export const previewDiscipline = (from: string, to: string, signal?: AbortSignal) =>
  apiRequest('/meetings/discipline/preview', z.object({ preview }), { query: { from, to }, signal }).then(
    (r) => r.preview,
  );

/** Issues the notice for [from, to] (会务): numbered 第N期 of the year; refused when there is nothing to report. */
export const issueDiscipline = (from: string, to: string) =>
  apiRequest('/meetings/discipline', z.object({ notice: summary }), { method: 'POST', body: { from, to } }).then(
    (r) => r.notice,
  );
