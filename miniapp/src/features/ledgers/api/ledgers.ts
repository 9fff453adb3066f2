import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';

/** The fixed lists of the server (entities/ledgers.ts), with the names it shows. */
export const HONOUR_LEVELS = [
  { value: 'national', label: '国家级' },
  { value: 'provincial', label: '省级' },
  { value: 'city', label: '市级' },
  { value: 'district', label: '区级' },
] as const;
export const RECEPTION_LEVELS = [
  { value: 'national', label: '国家' },
  { value: 'provincial', label: '省级' },
  { value: 'city', label: '市级' },
  { value: 'other', label: '其他' },
] as const;
export const RECEPTION_KINDS = [
  { value: 'site_meeting', label: '现场会' },
  { value: 'inspection', label: '调研督导' },
  { value: 'research', label: '调研' },
] as const;
export const LEDGER_KINDS = [
  { value: 'campaign', label: '学习教育' },
  { value: 'pairing', label: '结对帮扶' },
  { value: 'civic', label: '双创' },
  { value: 'other', label: '其他' },
] as const;

const honourSchema = z.object({
  id: z.number(),
  name: z.string(),
  awardingBody: z.string(),
  level: z.string(),
  levelName: z.string(),
  awardYear: z.number(),
  /** YYYY-MM-DD, Shanghai. */
  receivedOn: z.string(),
});
export type Honour = z.infer<typeof honourSchema>;

const receptionSchema = z.object({
  id: z.number(),
  receivedOn: z.string(),
  visitingBody: z.string(),
  level: z.string(),
  levelName: z.string(),
  kind: z.string(),
  kindName: z.string(),
  topic: z.string(),
});
export type Reception = z.infer<typeof receptionSchema>;

const briefSchema = z.object({
  id: z.number(),
  series: z.string(),
  year: z.number(),
  issueNo: z.number(),
  issuedOn: z.string(),
  title: z.string(),
});
export type Brief = z.infer<typeof briefSchema>;

const ledgerSchema = z.object({
  id: z.number(),
  year: z.number(),
  kind: z.string(),
  kindName: z.string(),
  name: z.string(),
  categories: z.array(z.object({ category: z.string(), name: z.string(), money: z.boolean() })),
  /** Per category: how many entries, and the sum in 万元 ("12.50") of a money category. */
  totals: z.array(z.object({ category: z.string(), entries: z.number(), amount: z.string().nullable() })),
});
export type Ledger = z.infer<typeof ledgerSchema>;

const entrySchema = z.object({
  id: z.number(),
  ledgerId: z.number(),
  category: z.string(),
  categoryName: z.string(),
  enteredOn: z.string(),
  title: z.string(),
  /** 万元, exact ("12.50"); null for an entry that counts one. */
  amount: z.string().nullable(),
  rectified: z.boolean().nullable(),
  rectifiedOn: z.string().nullable(),
});
export type Entry = z.infer<typeof entrySchema>;

export interface HonourBody {
  name: string;
  awardingBody: string;
  level: string;
  awardYear: number;
  receivedOn: string;
}
export interface ReceptionBody {
  receivedOn: string;
  visitingBody: string;
  level: string;
  kind: string;
  topic: string;
}
export interface BriefBody {
  series: string;
  issueNo: number;
  issuedOn: string;
  title: string;
}
export interface LedgerBody {
  year: number;
  kind: string;
  name: string;
}
export interface EntryBody {
  category: string;
  enteredOn: string;
  title: string;
  amount: string | null;
  rectified: boolean | null;
  rectifiedOn: string | null;
}

/** One register's four calls: the year's rows, add, correct, delete. */
function register<T, B>(path: string, schema: z.ZodType<T>) {
  const one = z.object({ item: schema });
  return {
    list: (year: number, signal?: AbortSignal) =>
      apiRequest(`/ledgers/${path}`, z.object({ items: z.array(schema) }), { signal, query: { year } }).then(
        (r) => r.items,
      ),
    create: (body: B) => apiRequest(`/ledgers/${path}`, one, { method: 'POST', body }).then((r) => r.item),
    edit: (id: number, body: B) =>
      apiRequest(`/ledgers/${path}/${id}`, one, { method: 'PUT', body }).then((r) => r.item),
    remove: (id: number) => apiRequest(`/ledgers/${path}/${id}`, z.null(), { method: 'DELETE' }),
  };
}

/** 荣誉, counted in the year of the date received. */
export const honours = register<Honour, HonourBody>('honours', honourSchema);
/** 来访接待, in the year of the visit. */
export const receptions = register<Reception, ReceptionBody>('receptions', receptionSchema);
/** 简报, in the year issued; 期数 unique per series and year (409 otherwise). */
export const briefs = register<Brief, BriefBody>('briefs', briefSchema);

const oneLedger = z.object({ ledger: ledgerSchema });
const oneEntry = z.object({ entry: entrySchema });

/** The year's 台账, each with its totals per category. */
export const getLedgers = (year: number, signal?: AbortSignal) =>
  apiRequest('/ledgers/books', z.object({ ledgers: z.array(ledgerSchema) }), { signal, query: { year } }).then(
    (r) => r.ledgers,
  );

/** One 台账 and its entries, by date. */
export const getLedger = (id: number, signal?: AbortSignal) =>
  apiRequest(`/ledgers/books/${id}`, z.object({ ledger: ledgerSchema, entries: z.array(entrySchema) }), { signal });

export const createLedger = (body: LedgerBody) =>
  apiRequest('/ledgers/books', oneLedger, { method: 'POST', body }).then((r) => r.ledger);

/** Renames it (its year and kind stay while it has entries). */
export const renameLedger = (id: number, name: string) =>
  apiRequest(`/ledgers/books/${id}`, oneLedger, { method: 'PUT', body: { name } }).then((r) => r.ledger);

/** Deletes an empty 台账 (409 while it has entries). */
export const removeLedger = (id: number) => apiRequest(`/ledgers/books/${id}`, z.null(), { method: 'DELETE' });

export const addEntry = (ledgerId: number, body: EntryBody) =>
  apiRequest(`/ledgers/books/${ledgerId}/entries`, oneEntry, { method: 'POST', body }).then((r) => r.entry);

export const editEntry = (id: number, body: EntryBody) =>
  apiRequest(`/ledgers/entries/${id}`, oneEntry, { method: 'PUT', body }).then((r) => r.entry);

export const removeEntry = (id: number) => apiRequest(`/ledgers/entries/${id}`, z.null(), { method: 'DELETE' });
