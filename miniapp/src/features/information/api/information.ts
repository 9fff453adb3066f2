import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { namedSchema } from '@/lib/organisation';

export const INFORMATION_STATUSES = ['draft', 'submitted', 'edited', 'reported', 'returned'] as const;
export type InformationStatus = (typeof INFORMATION_STATUSES)[number];

/** 市政府办公室, 省政府办公厅, 国务院办公厅: where an item was adopted (and the level of a leader's 批示). */
export const ADOPTION_LEVELS = [
  { value: 'city', label: '市政府办公室', leader: '市领导' },
  { value: 'province', label: '省政府办公厅', leader: '省领导' },
  { value: 'state', label: '国务院办公厅', leader: '国家领导' },
] as const;
export type AdoptionLevel = (typeof ADOPTION_LEVELS)[number]['value'];

export const ADOPTION_FORMS = [
  { value: 'whole', label: '全篇采用' },
  { value: 'part', label: '部分采用' },
  { value: 'combined', label: '综合采用' },
] as const;
export type AdoptionForm = (typeof ADOPTION_FORMS)[number]['value'];

const adoptionSchema = z.object({
  id: z.number(),
  level: z.enum(['city', 'province', 'state']),
  levelName: z.string(),
  form: z.enum(['whole', 'part', 'combined']),
  formName: z.string(),
  adoptedOn: z.string(),
  instructionLevel: z.enum(['city', 'province', 'state']).nullable(),
  instructionName: z.string().nullable(),
  /** The points the administrator's score table gives this adoption. */
  points: z.number(),
});
export type Adoption = z.infer<typeof adoptionSchema>;

const itemSchema = z.object({
  id: z.number(),
  title: z.string(),
  content: z.string(),
  unit: namedSchema,
  author: namedSchema,
  status: z.enum(INFORMATION_STATUSES),
  statusName: z.string(),
  submittedAt: z.string().nullable(),
  reportedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  matter: z.object({ id: z.number(), number: z.string(), title: z.string() }).nullable(),
  adoptions: z.array(adoptionSchema),
  /** The sum of the adoptions' points. */
  score: z.number(),
  /** Whether this reader may edit it now (the unit its draft or returned item, the office a submitted one). */
  canEdit: z.boolean(),
});
export type InformationItem = z.infer<typeof itemSchema>;

export interface ItemFilter {
  month?: string;
  /** Items submitted in that year, and the drafts in hand. */
  year?: number;
  unit?: string;
  status?: InformationStatus;
  limit?: number;
  offset?: number;
}

/** What an item is written or edited with; `submit` sends a new item to the office at once. */
export interface ItemBody {
  title: string;
  content: string;
  departmentId?: string;
  matterId?: number | null;
  submit?: boolean;
}

export interface AdoptionBody {
  level: AdoptionLevel;
  form: AdoptionForm;
  /** YYYY-MM-DD, Shanghai. */
  adoptedOn: string;
  instructionLevel: AdoptionLevel | null;
}

const one = z.object({ item: itemSchema });
const itemOf = (r: z.infer<typeof one>) => r.item;

/** 政务信息, newest first: every unit's for the office and leaders, a unit's own for its staff. */
export const getItems = (filter: ItemFilter, signal?: AbortSignal) =>
  apiRequest('/information/items', z.object({ total: z.number(), items: z.array(itemSchema) }), {
    signal,
    query: { ...filter },
  });

export const getItem = (id: number, signal?: AbortSignal) =>
  apiRequest(`/information/items/${id}`, one, { signal }).then(itemOf);

export const createItem = (body: ItemBody) =>
  apiRequest('/information/items', one, { method: 'POST', body }).then(itemOf);

export const editItem = (id: number, body: Omit<ItemBody, 'submit'>) =>
  apiRequest(`/information/items/${id}`, one, { method: 'PUT', body }).then(itemOf);

export const submitItem = (id: number) =>
  apiRequest(`/information/items/${id}/submit`, one, { method: 'POST' }).then(itemOf);

export const reportItem = (id: number) =>
  apiRequest(`/information/items/${id}/report`, one, { method: 'POST' }).then(itemOf);

export const returnItem = (id: number, reason: string) =>
  apiRequest(`/information/items/${id}/return`, one, { method: 'POST', body: { reason } }).then(itemOf);

export const recordAdoption = (id: number, body: AdoptionBody) =>
  apiRequest(`/information/items/${id}/adoptions`, one, { method: 'POST', body }).then(itemOf);

export const removeAdoption = (id: number, adoptionId: number) =>
  apiRequest(`/information/items/${id}/adoptions/${adoptionId}`, one, { method: 'DELETE' }).then(itemOf);

const rankingSchema = z.object({
  period: z.string(),
  units: z.array(
    z.object({ rank: z.number(), unit: namedSchema, score: z.number(), adopted: z.number(), reported: z.number() }),
  ),
});
export type UnitRanking = z.infer<typeof rankingSchema>;

/** The units by score for a month (YYYY-MM) or a year: for the office and the leaders. */
export const getRanking = (period: { month: string } | { year: number }, signal?: AbortSignal) =>
  apiRequest('/information/ranking', rankingSchema, { signal, query: { ...period } });

const commissionedSchema = z.object({
  matters: z.array(z.object({ id: z.number(), number: z.string(), title: z.string() })),
});

/** The 约稿 of a year the reader sees (a unit: those assigned to it), to name the one an item answers. */
export const getCommissioned = (year: number, signal?: AbortSignal) =>
  apiRequest('/supervision/matters', commissionedSchema, {
    signal,
    query: { source: 'commissioned_article', year, limit: 50 },
  }).then((r) => r.matters);
