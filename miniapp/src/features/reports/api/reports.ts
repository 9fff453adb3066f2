import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';

const kind = z.enum(['count', 'rate', 'workdays', 'sum']);
export type FigureKind = z.infer<typeof kind>;

const annualSchema = z.object({
  year: z.number(),
  from: z.string(),
  to: z.string(),
  figures: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      figure: z.string(),
      value: z.number().nullable(),
      text: z.string().nullable(),
      definition: z.string(),
      records: z.number(),
    }),
  ),
  changes: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      figure: z.string(),
      thisYear: z.number(),
      lastYear: z.number(),
      change: z.number(),
      changeRate: z.number().nullable(),
      text: z.string(),
      definition: z.string(),
    }),
  ),
  /** Words from the registers (荣誉, 全篇采用的信息, 排名): 【…】 marks where nothing is recorded. */
  statements: z.array(
    z.object({ name: z.string(), label: z.string(), text: z.string(), definition: z.string(), records: z.number() }),
  ),
  needsPerson: z.array(z.object({ section: z.string(), what: z.string() })),
  /** The summary's sections and items as the server's template writes them. */
  layout: z.array(
    z.object({
      title: z.string(),
      items: z.array(
        z.object({
          title: z.string(),
          figures: z.array(z.string()),
          units: z.record(z.string(), z.string()),
          gaps: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type AnnualReport = z.infer<typeof annualSchema>;
export type AnnualItem = AnnualReport['layout'][number]['items'][number];

/** The year-end figures of the summary that the records back, and what only a person can write. */
export const getAnnual = (year: number, signal?: AbortSignal) =>
  apiRequest(`/reports/annual/${year}`, annualSchema, { signal });

/** The summary as Word, figures filled in; the session cookie set at sign-in lets the download through. */
export const annualDocxUrl = (year: number) => `/api/reports/annual/${year}/summary.docx`;

export interface Scope {
  from: string;
  to: string;
  unit?: string;
  type?: string;
}

const breakdown = z.object({
  key: z.string(),
  name: z.string(),
  assigned: z.number(),
  completed: z.number(),
  completionRate: z.number().nullable(),
  completedOnTime: z.number(),
  overdueOpen: z.number(),
  onTimeRate: z.number().nullable(),
});

/** 值班信访 of the period (the server's reports/duty-figures.ts), with the calls month by month. */
const dutySchema = z.object({
  from: z.string(),
  to: z.string(),
  figures: z.array(
    z.object({ id: z.string(), label: z.string(), definition: z.string(), value: z.number(), records: z.number() }),
  ),
  phoneCallsByMonth: z.array(z.object({ month: z.string(), from: z.string(), to: z.string(), count: z.number() })),
});
export type DutyFigures = z.infer<typeof dutySchema>;

const sectionFigure = z.object({
  id: z.string(),
  label: z.string(),
  definition: z.string(),
  value: z.number(),
  records: z.number(),
});
export type SectionFigure = z.infer<typeof sectionFigure>;

/** 政务信息 of the period (reports/information-figures.ts) and the units' ranking of its month or year. */
const informationSchema = z.object({
  from: z.string(),
  to: z.string(),
  figures: z.array(sectionFigure),
  ranking: z.object({
    kind: z.enum(['month', 'year']),
    period: z.string(),
    from: z.string(),
    to: z.string(),
    units: z.array(
      z.object({
        rank: z.number(),
        unit: z.object({ id: z.string(), name: z.string() }),
        score: z.number(),
        adopted: z.number(),
        reported: z.number(),
      }),
    ),
  }),
});
export type InformationSection = z.infer<typeof informationSchema>;

/** 调研 of the period and the registers and ledgers of its year (reports/research-figures.ts, ledger-figures.ts). */
const figureSection = z.object({ from: z.string(), to: z.string(), figures: z.array(sectionFigure) });
const ledgersSchema = figureSection.extend({
  briefsBySeries: z.array(z.object({ series: z.string(), issues: z.number() })),
});
export type ResearchSection = z.infer<typeof figureSection>;
export type LedgersSection = z.infer<typeof ledgersSchema>;

const figuresSchema = z.object({
  from: z.string(),
  to: z.string(),
  lastYear: z.object({ from: z.string(), to: z.string() }),
  unit: z.string().nullable(),
  type: z.string().nullable(),
  figures: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind,
      definition: z.string(),
      value: z.number().nullable(),
      records: z.number(),
      lastYear: z.number().nullable(),
      change: z.number().nullable(),
    }),
  ),
  bySource: z.array(breakdown),
  byUnit: z.array(breakdown),
  /** Office-wide: null when a unit or a type narrows the figures. */
  duty: dutySchema.nullable(),
  information: informationSchema.nullable(),
  research: figureSection.nullable(),
  ledgers: ledgersSchema.nullable(),
});
export type Figures = z.infer<typeof figuresSchema>;
export type Figure = Figures['figures'][number];

/** The dashboard figures of a period, each with the same dates a year earlier. */
export const getFigures = (scope: Scope, signal?: AbortSignal) =>
  apiRequest('/reports/figures', figuresSchema, { query: { ...scope }, signal });

const drillSchema = z.object({
  figure: z.object({ id: z.string(), label: z.string(), kind, definition: z.string() }),
  from: z.string(),
  to: z.string(),
  total: z.number(),
  items: z.array(
    z.object({
      id: z.number(),
      number: z.string().nullable(),
      title: z.string(),
      date: z.string(),
      link: z.string(),
      counted: z.boolean().optional(),
      workdays: z.number().optional(),
      amount: z.number().optional(),
    }),
  ),
});
export type Drill = z.infer<typeof drillSchema>;

/** The records a figure counts, a page at a time, in date order. */
export const getDrill = (figure: string, scope: Scope, offset: number, limit: number, signal?: AbortSignal) =>
  apiRequest('/reports/drill', drillSchema, { query: { figure, ...scope, offset, limit }, signal });

/** The in-app address of a figure's drill-down. */
export function drillPath(figure: string, scope: Scope): string {
  const query = new URLSearchParams({ figure, from: scope.from, to: scope.to });
  if (scope.unit) query.set('unit', scope.unit);
  if (scope.type) query.set('type', scope.type);
  return `/m/reports/drill?${query}`;
}
