import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { personSchema } from '@/lib/organisation';

export const shiftSchema = z.object({
  id: z.number(),
  date: z.string(),
  kind: z.enum(['day', 'night']),
  label: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  leader: personSchema,
  staff: z.array(personSchema),
  manual: z.boolean(),
});
export type DutyShift = z.infer<typeof shiftSchema>;

const daySchema = z.object({
  date: z.string(),
  weekday: z.number(),
  label: z.string(),
  status: z.enum(['workday', 'weekend', 'holiday', 'makeup']),
  dayOff: z.boolean(),
  approximate: z.boolean(),
  today: z.boolean(),
  shifts: z.array(shiftSchema),
});
export type RosterDay = z.infer<typeof daySchema>;

const rosterSchema = z.object({
  month: z.string(),
  today: z.string(),
  pattern: z.array(z.object({ kind: z.string(), label: z.string(), start: z.string(), end: z.string() })),
  days: z.array(daySchema),
  canEdit: z.boolean(),
});
export type Roster = z.infer<typeof rosterSchema>;

const handoverSchema = z.object({ id: z.number(), author: personSchema, text: z.string(), at: z.string() });

/** The month's 值班表: its days as the working-day calendar marks them, each with its shifts. */
export const getRoster = (month: string, signal?: AbortSignal) =>
  apiRequest('/duty/roster', rosterSchema, { query: { month }, signal });

export interface GenerateInput {
  month?: string;
  from?: string;
  to?: string;
  leaderUserIds: string[];
  staffUserIds: string[];
  staffPerShift: number;
  overwrite: boolean;
}

/** Generates the fair rotation for a month or a holiday period (shifts edited by hand kept unless overwriting). */
export const generateRoster = (input: GenerateInput) =>
  apiRequest(
    '/duty/roster/generate',
    z.object({ result: z.object({ created: z.number(), replaced: z.number(), kept: z.number() }) }),
    { method: 'POST', body: input },
  ).then((r) => r.result);

/** Sets the people of one shift by hand. */
export const editShift = (
  date: string,
  kind: DutyShift['kind'],
  input: { leaderUserId: string; staffUserIds: string[]; reason?: string },
) =>
  apiRequest(`/duty/shifts/${date}/${kind}`, z.object({ shift: shiftSchema }), { method: 'PUT', body: input }).then(
    (r) => r.shift,
  );

/** One shift with its 交接班记录. */
export const getShift = (id: number, signal?: AbortSignal) =>
  apiRequest(
    `/duty/shifts/${id}`,
    z.object({ shift: shiftSchema, handovers: z.array(handoverSchema), canWriteHandover: z.boolean() }),
    { signal },
  );

export const addHandover = (shiftId: number, text: string) =>
  apiRequest(`/duty/shifts/${shiftId}/handovers`, z.object({ handover: handoverSchema }), {
    method: 'POST',
    body: { text },
  });

/** Who is on duty now (the 夜班 before 08:30 is the previous day's). */
export const getOnDutyNow = (signal?: AbortSignal) =>
  apiRequest(
    '/duty/now',
    z.object({ at: z.string(), date: z.string(), kind: z.string(), label: z.string(), shift: shiftSchema.nullable() }),
    { signal },
  );

/** Posts the month's 值班表 to the office's DingTalk group; `published` false: this very roster was posted already. */
export const publishRoster = (month: string) =>
  apiRequest('/duty/roster/publish', z.object({ published: z.boolean(), group: z.string() }), {
    method: 'POST',
    body: { month },
  });
