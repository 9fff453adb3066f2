/**
 * Subject describers: how the subject of a deadline is named in a reminder and which mini-app page opens it, read
 * from the tables of the area that owns it (公文, 办理环节, 督办事项, 报送周期, 会议回执, 延期申请). One query per
 * subject type for a whole batch, so a planning pass reads as many rows as it has items.
 */
import type { EntityManager } from 'typeorm';
import type { DocumentStage } from '../../entities';
import { STAGE_LABELS } from '../documents/stages';
import type { SubjectInfo } from './texts';

export interface SubjectRef {
  subjectType: string;
  subjectId: number;
  /** The deadline's purpose (submit, complete, sign, reply, confirm, report…): names the action. */
  purpose?: string | null;
}

/** Purpose of a deadline → what the person has to do. */
const PURPOSE_ACTIONS: Record<string, string> = {
  submit: '拟办呈送',
  propose: '拟办',
  instruct: '批办',
  handle: '办理',
  complete: '办结',
  draft: '拟稿',
  review: '核稿',
  sign: '签发',
  issue: '印发',
  reply: '答复',
  report: '报送进展',
  confirm: '回执',
  decide: '审批',
  accept: '签收',
};

export const subjectKey = (subjectType: string, subjectId: number) => `${subjectType}:${subjectId}`;

export function actionOfPurpose(purpose: string | null | undefined): string | null {
  return purpose && Object.hasOwn(PURPOSE_ACTIONS, purpose) ? (PURPOSE_ACTIONS[purpose] ?? null) : null;
}

type Row = Record<string, unknown>;

/** A datetime from a raw query: mysql2 answers Dates, SQLite answers UTC text. */
export function instantOf(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && value.length > 0) {
    const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

function periodLabel(period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return `${month[1]}年${Number(month[2])}月`;
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(period);
  if (quarter) return `${quarter[1]}年第${quarter[2]}季度`;
  return period;
}

/**
 * Ids per query. Larger lists save few round trips and, against a small table, lead MariaDB to scan it whole
 * (`duban bench planner` counts the rows read).
 */
const IDS_PER_QUERY = 1000;

async function rowsById(manager: EntityManager, sql: string, ids: number[]): Promise<Map<number, Row>> {
  const found = new Map<number, Row>();
  // Integers written out, not bound: nothing to escape, and no limit on bound values (SQLite: 32,766).
  const integers = ids.filter(Number.isSafeInteger);
  for (let i = 0; i < integers.length; i += IDS_PER_QUERY) {
    const chunk = integers.slice(i, i + IDS_PER_QUERY);
    const rows: Row[] = await manager.query(sql.replace('(?)', `(${chunk.join(',')})`));
    for (const row of rows) found.set(Number(row.id), row);
  }
  return found;
}

const QUERIES: Record<string, string> = {
  document: 'SELECT id, title, doc_number FROM document WHERE id IN (?)',
  document_step:
    'SELECT s.id AS id, s.stage AS stage, s.node_name AS node_name, d.title AS title, d.doc_number AS doc_number ' +
    'FROM document_step s JOIN document d ON d.id = s.document_id WHERE s.id IN (?)',
  matter: 'SELECT id, title, number FROM matter WHERE id IN (?)',
  matter_period:
    'SELECT p.id AS id, p.period AS period, m.title AS title, m.number AS number ' +
    'FROM matter_period p JOIN matter m ON m.id = p.matter_id WHERE p.id IN (?)',
  meeting_attendee:
    'SELECT a.id AS id, m.title AS title, m.starts_at AS starts_at, m.place AS place ' +
    'FROM meeting_attendee a JOIN meeting m ON m.id = a.meeting_id WHERE a.id IN (?)',
  extension_request:
    'SELECT e.id AS id, m.title AS title, m.number AS number ' +
    'FROM extension_request e JOIN matter m ON m.id = e.matter_id WHERE e.id IN (?)',
};

function describeRow(ref: SubjectRef, row: Row | undefined): SubjectInfo {
  const path = `/m/${ref.subjectType}/${ref.subjectId}`;
  const purposeAction = actionOfPurpose(ref.purpose);
  if (!row) {
    return { name: `待办事项（编号${ref.subjectId}）`, action: purposeAction, detail: null, path };
  }
  const title = text(row.title) ?? `编号${ref.subjectId}`;
  switch (ref.subjectType) {
    case 'document':
      return { name: `《${title}》`, action: purposeAction, detail: text(row.doc_number), path };
    case 'document_step': {
      const stage = text(row.stage);
      const action =
        purposeAction ??
        (stage && Object.hasOwn(STAGE_LABELS, stage) ? STAGE_LABELS[stage as DocumentStage] : null) ??
        text(row.node_name);
      return { name: `《${title}》`, action, detail: text(row.doc_number), path };
    }
    case 'matter':
      return { name: `《${title}》`, action: purposeAction, detail: text(row.number), path };
    case 'matter_period': {
      const period = text(row.period);
      return {
        name: `《${title}》${period ? `${periodLabel(period)}` : ''}`,
        action: purposeAction ?? '报送进展',
        detail: text(row.number),
        path,
      };
    }
    case 'meeting_attendee': {
      const startsAt = instantOf(row.starts_at);
      return {
        name: `会议《${title}》`,
        action: null,
        detail: text(row.place) ? `地点：${text(row.place)}` : null,
        path,
        ...(startsAt ? { meetingStartsAt: startsAt } : {}),
      };
    }
    case 'extension_request':
      return { name: `《${title}》的延期申请`, action: '审批', detail: text(row.number), path };
    default:
      return { name: `《${title}》`, action: purposeAction, detail: null, path };
  }
}

/** Describes every subject of a batch: one query per subject type. Missing rows get a neutral name. */
export async function describeSubjects(
  manager: EntityManager,
  refs: readonly SubjectRef[],
): Promise<{ subjects: Map<string, SubjectInfo>; rowsRead: number }> {
  const byType = new Map<string, Set<number>>();
  for (const ref of refs) {
    const ids = byType.get(ref.subjectType) ?? new Set<number>();
    ids.add(ref.subjectId);
    byType.set(ref.subjectType, ids);
  }
  const rows = new Map<string, Row>();
  let rowsRead = 0;
  for (const [subjectType, ids] of byType) {
    const sql = Object.hasOwn(QUERIES, subjectType) ? QUERIES[subjectType] : undefined;
    if (!sql) continue;
    const found = await rowsById(manager, sql, [...ids]);
    rowsRead += found.size;
    for (const [id, row] of found) rows.set(subjectKey(subjectType, id), row);
  }
  const subjects = new Map<string, SubjectInfo>();
  for (const ref of refs) {
    const key = subjectKey(ref.subjectType, ref.subjectId);
    // The same subject can have several deadlines with different purposes: key by purpose too.
    subjects.set(`${key}:${ref.purpose ?? ''}`, describeRow(ref, rows.get(key)));
  }
  return { subjects, rowsRead };
}

export const describedKey = (ref: SubjectRef) => `${subjectKey(ref.subjectType, ref.subjectId)}:${ref.purpose ?? ''}`;
