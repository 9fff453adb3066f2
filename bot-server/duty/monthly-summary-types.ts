/** The data of the 值班工作月报 (monthly-summary.ts): its sections and what their loaders read. */
import type { EntityManager } from 'typeorm';
import type { WorkCalendar } from '../calendar';
import type { DocxColumn } from '../render';
import type { Actor } from '../supervision/types';

/** A paragraph of text, a small heading inside a section, or a table. */
export type SummaryBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'table'; columns: DocxColumn[]; rows: (string | number)[][] };

/** One numbered part of the summary (一、二、… are given in print, in the order of the list). */
export interface SummarySection {
  /** Stable name of the part: `shifts`, `holidays`, `visits`, `calls` (and later `incidents`). */
  key: string;
  title: string;
  blocks: SummaryBlock[];
}

/** What a section's loader reads: the month as Shanghai dates and instants, the viewer, the moment asked. */
export interface SummaryContext {
  manager: EntityManager;
  calendar: WorkCalendar;
  viewer: Actor;
  /** YYYY-MM. */
  month: string;
  from: string;
  /** The month's last day, or today for the month under way. */
  to: string;
  /** [start, end): the month's instants, `end` cut to now for the month under way. */
  start: Date;
  end: Date;
  /** The month is under way: the summary counts up to now. */
  partial: boolean;
  /** The viewer sees the petitioners' names and contacts whole (else masked: 张**). */
  personalData: boolean;
}

export type SectionLoader = (ctx: SummaryContext) => Promise<SummarySection | null>;
