import { z } from 'zod';
import { apiRequest } from './api-client';
import { timingSchema } from './timing';

/** A deadline as the bot names it, counted by the server. */
const reminded = timingSchema.extend({
  deadlineId: z.number(),
  subjectType: z.string(),
  subjectId: z.number(),
  name: z.string().nullable(),
  action: z.string().nullable(),
  path: z.string(),
});

const remindersSchema = z.object({
  sent: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      title: z.string(),
      items: z
        .array(
          z.object({
            deadlineId: z.number(),
            kind: z.string(),
            text: z.string().optional(),
            path: z.string().optional(),
          }),
        )
        .catch([]),
      url: z.string().nullable(),
      status: z.string(),
      scheduledAt: z.string(),
      sentAt: z.string().nullable(),
      readAt: z.string().nullable(),
    }),
  ),
  upcoming: z.array(reminded.extend({ nextReminderAt: z.string().nullable() })),
  watching: z.array(reminded.extend({ assigneeName: z.string().nullable(), unitName: z.string().nullable() })),
});

export type MyReminders = z.infer<typeof remindersSchema>;
export type Reminded = z.infer<typeof reminded>;

/** What the bot sent the user, their deadlines and others' it escalated to them (`limit` of each, latest first). */
export const getMyReminders = (signal?: AbortSignal, limit = 50) =>
  apiRequest('/reminders/mine', remindersSchema, { query: { limit }, signal });
