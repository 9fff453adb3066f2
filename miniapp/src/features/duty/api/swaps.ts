import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { personSchema } from '@/lib/organisation';
import { shiftSchema } from './roster';

/** A shift with its day as the calendar marks it: 「12月8日（周二）夜班」, a holiday by its name. */
const datedShiftSchema = shiftSchema.extend({
  title: z.string(),
  weekday: z.number(),
  dayLabel: z.string(),
  dayStatus: z.enum(['workday', 'weekend', 'holiday', 'makeup']),
  dayOff: z.boolean(),
});
export type DatedShift = z.infer<typeof datedShiftSchema>;

const myShiftSchema = datedShiftSchema.extend({
  role: z.enum(['leader', 'staff']),
  others: z.array(personSchema),
  started: z.boolean(),
  openSwapId: z.number().nullable(),
});
export type MyShift = z.infer<typeof myShiftSchema>;

const swapSchema = z.object({
  id: z.number(),
  kind: z.enum(['cover', 'exchange']),
  kindName: z.string(),
  role: z.enum(['leader', 'staff']),
  roleName: z.string(),
  status: z.enum(['requested', 'accepted', 'declined', 'approved', 'refused', 'withdrawn']),
  statusName: z.string(),
  expired: z.boolean(),
  shift: datedShiftSchema.nullable(),
  returnShift: datedShiftSchema.nullable(),
  requester: personSchema,
  counterpart: personSchema,
  reason: z.string().nullable(),
  note: z.string().nullable(),
  requestedAt: z.string(),
  answeredAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedBy: personSchema.nullable(),
  can: z.object({
    accept: z.boolean(),
    decline: z.boolean(),
    withdraw: z.boolean(),
    approve: z.boolean(),
    refuse: z.boolean(),
  }),
});
export type Swap = z.infer<typeof swapSchema>;

const one = z.object({ swap: swapSchema });
const many = z.object({ swaps: z.array(swapSchema) });

/** 我的班次: the shifts not yet ended, and the last few past ones (newest first). */
export const getMyShifts = (signal?: AbortSignal) =>
  apiRequest('/duty/my-shifts', z.object({ upcoming: z.array(myShiftSchema), past: z.array(myShiftSchema) }), {
    signal,
  });

/** Whom the reader may ask for their shift, each with the shifts they may give in return (换班). */
export const getSwapOptions = (shiftId: number, signal?: AbortSignal) =>
  apiRequest(
    '/duty/swaps/options',
    z.object({
      shift: datedShiftSchema,
      role: z.enum(['leader', 'staff']),
      candidates: z.array(z.object({ person: personSchema, returnShifts: z.array(datedShiftSchema) })),
    }),
    { query: { shiftId: String(shiftId) }, signal },
  );

export interface SwapRequestInput {
  shiftId: number;
  kind: 'cover' | 'exchange';
  counterpartUserId: string;
  returnShiftId?: number | null;
  reason?: string | null;
}

export const requestSwap = (input: SwapRequestInput) =>
  apiRequest('/duty/swaps', one, { method: 'POST', body: input }).then((r) => r.swap);

/** The requests the reader made or was asked. */
export const getMySwaps = (signal?: AbortSignal) => apiRequest('/duty/swaps', many, { signal }).then((r) => r.swaps);

/** The office's list: the open requests (those waiting for its decision first), then the latest decided. */
export const getOfficeSwaps = (signal?: AbortSignal) =>
  apiRequest('/duty/swaps/office', many, { signal }).then((r) => r.swaps);

export const getSwap = (id: number, signal?: AbortSignal) =>
  apiRequest(`/duty/swaps/${id}`, one, { signal }).then((r) => r.swap);

export type SwapStep = 'accept' | 'decline' | 'withdraw' | 'approve' | 'refuse';

/** One step of a request; `note` for 拒绝 (optional) and 不予批准 (required). */
export const swapStep = (id: number, step: SwapStep, note?: string) =>
  apiRequest(`/duty/swaps/${id}/${step}`, one, {
    method: 'POST',
    body: note === undefined ? {} : { note },
  }).then((r) => r.swap);
