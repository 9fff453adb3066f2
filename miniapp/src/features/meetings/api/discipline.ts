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
  /** 撤回: withdrawn notices stay listed, marked, with the reason. */
  withdrawnAt: z.string().nullable().optional(),
  withdrawReason: z.string().nullable().optional(),
  /** 发文字号 (区府办会〔2026〕3号); absent in the answer to an issue, null for a notice issued before numbering. */
  documentNumber: z.string().nullable().optional(),
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
  /** Notices in force whose period overlaps: issuing is refused while there are any. */
  overlaps: z.array(z.object({ id: z.number(), year: z.number(), number: z.number() })),
});

/** The period of a notice, and whether district leaders are named too (left out unless the office asks). */
export interface DisciplinePeriod {
  from: string;
  to: string;
  includeLeaders: boolean;
}

/** What a notice for the period would list, before it is issued. */
export const previewDiscipline = ({ from, to, includeLeaders }: DisciplinePeriod, signal?: AbortSignal) =>
  apiRequest('/meetings/discipline/preview', z.object({ preview }), {
    query: { from, to, includeLeaders: String(includeLeaders) },
    signal,
  }).then((r) => r.preview);

/** Issues the notice for the period (会务): numbered 第N期 of the year; refused when there is nothing to report. */
export const issueDiscipline = (period: DisciplinePeriod) =>
  apiRequest('/meetings/discipline', z.object({ notice: summary }), { method: 'POST', body: period }).then(
    (r) => r.notice,
  );

/** 撤回 an issued notice (会务), with the reason; those it named are told. */
export const withdrawDiscipline = (id: number, reason: string) =>
  apiRequest(`/meetings/discipline/${id}/withdraw`, z.object({ notice: summary }), {
    method: 'POST',
    body: { reason },
  }).then((r) => r.notice);
