/**
 * The records the 政务信息 figures (information-figures.ts) count, as the engine's domains (engine.ts spreads them
 * into DOMAINS). Kept apart from the figures so that the engine imports this file and nothing imports back.
 */
import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-instant';

const none = () => [];
const ADOPTIONS = 'information_adoption ia JOIN information_item ii ON ii.id = ia.item_id';
const ITEM_OF_ADOPTION = { id: 'ii.id', number: 'NULL', title: 'ii.title', at: 'ia.adopted_at', link: 'information' };

export const INFORMATION_DOMAINS = {
  /** 政务信息 items by the instant they were reported upward (上报), by the submitting unit. */
  informationItems: {
    from: 'information_item ii',
    key: 'ii.id',
    at: 'ii.reported_at',
    unit: 'ii.department_id',
    type: null,
    always: none,
    item: { id: 'ii.id', number: 'NULL', title: 'ii.title', at: 'ii.reported_at', link: 'information' },
    order: 'ii.reported_at, ii.id',
  },
  /** Adoptions (采用) by their day, by the item's unit; typed by the level (city, province, state). */
  informationAdoptions: {
    from: ADOPTIONS,
    key: 'ia.id',
    at: 'ia.adopted_at',
    unit: 'ii.department_id',
    type: 'ia.level',
    always: none,
    item: ITEM_OF_ADOPTION,
    order: 'ia.adopted_at, ia.id',
  },
  /**
   * One adoption per item adopted in the period (a whole one when there is one, else the earliest), so that a count
   * counts distinct items. Its figures are `live` (counted over the whole period in one query): a distinct count
   * cannot be added up slice by slice.
   */
  informationAdopted: {
    from: ADOPTIONS,
    key: 'ia.id',
    at: 'ia.adopted_at',
    unit: 'ii.department_id',
    type: null,
    always: (q: { db: DataSource }, start: Date, end: Date) => [
      {
        sql:
          'ia.id = (SELECT x.id FROM information_adoption x WHERE x.item_id = ia.item_id AND x.adopted_at >= ? ' +
          "AND x.adopted_at < ? ORDER BY CASE WHEN x.form = 'whole' THEN 0 ELSE 1 END, x.adopted_at, x.id LIMIT 1)",
        params: [sqlInstant(q.db, start), sqlInstant(q.db, end)],
      },
    ],
    item: ITEM_OF_ADOPTION,
    order: 'ia.adopted_at, ia.id',
  },
};

export type InformationDomain = keyof typeof INFORMATION_DOMAINS;
