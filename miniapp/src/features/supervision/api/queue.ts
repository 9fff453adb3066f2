import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { namedSchema } from '@/lib/organisation';
import { matterSchema } from './matters';

const pendingSchema = z.object({
  requestId: z.number(),
  matter: matterSchema,
  amount: z.number(),
  unit: z.string(),
  reason: z.string(),
  requestedBy: namedSchema,
  requestedAt: z.string(),
  decideBy: z.string(),
  decisionOverdue: z.boolean(),
});
export type PendingExtension = z.infer<typeof pendingSchema>;

const section = <T extends z.ZodTypeAny>(item: T) => z.object({ count: z.number(), items: z.array(item) });

const queueSchema = z.object({
  extensions: section(pendingSchema),
  returned: section(matterSchema),
  overdue: section(matterSchema),
  toEvaluate: section(matterSchema),
});
export type OfficeQueue = z.infer<typeof queueSchema>;

/** 督查室's work queue: 延期待审批, 退回, 逾期未办结, 待评价, each counted. */
export const getOfficeQueue = (signal?: AbortSignal) => apiRequest('/supervision/queue', queueSchema, { signal });
