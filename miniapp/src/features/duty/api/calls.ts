import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { namedSchema } from '@/lib/organisation';

export const CALLER_TYPES = [
  { value: 'public', label: '群众' },
  { value: 'superior', label: '上级机关' },
  { value: 'department', label: '部门单位' },
  { value: 'other', label: '其他' },
] as const;
export type CallerType = (typeof CALLER_TYPES)[number]['value'];

const callSchema = z.object({
  id: z.number(),
  calledAt: z.string(),
  callerType: z.enum(['public', 'superior', 'department', 'other']),
  callerTypeName: z.string(),
  topic: z.string(),
  outcome: z.enum(['answered', 'referred']),
  outcomeName: z.string(),
  referredUnit: namedSchema.nullable(),
  recordedBy: namedSchema,
});
export type PhoneCall = z.infer<typeof callSchema>;

/** A call as entered: the time (now) and the caller type (群众) may be left to the server. */
export interface CallBody {
  calledAt?: string;
  callerType?: CallerType;
  topic?: string;
  outcome?: 'answered' | 'referred';
  referredDepartmentId?: string | null;
}

const one = z.object({ call: callSchema });

/** 电话记录, newest first. */
export const getCalls = (
  filter: { from?: string; to?: string; callerType?: CallerType; limit?: number },
  signal?: AbortSignal,
) => apiRequest('/duty/calls', z.object({ total: z.number(), calls: z.array(callSchema) }), { signal, query: filter });

export const getCall = (id: number, signal?: AbortSignal) =>
  apiRequest(`/duty/calls/${id}`, one, { signal }).then((r) => r.call);

export const recordCall = (body: CallBody) =>
  apiRequest('/duty/calls', one, { method: 'POST', body }).then((r) => r.call);

export const editCall = (id: number, body: CallBody) =>
  apiRequest(`/duty/calls/${id}`, one, { method: 'PUT', body }).then((r) => r.call);
