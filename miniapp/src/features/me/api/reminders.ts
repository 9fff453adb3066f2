import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';

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
  upcoming: z.array(
    z.object({
      deadlineId: z.number(),
      subjectType: z.string(),
      subjectId: z.number(),
      purpose: z.string(),
      name: z.string().nullable(),
      action: z.string().nullable(),
      path: z.string(),
      dueDate: z.string(),
      dueAt: z.string(),
      overdue: z.boolean(),
      remainingWorkdays: z.number().nullable(),
      overdueWorkdays: z.number().nullable(),
      estimated: z.boolean().optional(),
      nextReminderAt: z.string().nullable(),
    }),
  ),
});

export const getMyReminders = (signal?: AbortSignal) =>
  apiRequest('/reminders/mine', remindersSchema, { query: { limit: 50 }, signal });
