import { type DataSource, type EntityManager, In } from 'typeorm';
import {
  DocumentNumber,
  DocumentNumberKind,
  DocumentNumberSequence,
  NUMBERED_KINDS,
  type NumberedKind,
} from '../../entities';
import { isMysql } from '../../entities/data-source';
import { audit } from '../audit/audit';
import { shanghaiDayNumber } from '../calendar';
import { civilDateOf } from '../calendar/civil-date';
import { DomainError } from '../errors/domain-error';
import { documentNumber } from '../render';

/**
 * 发文字号: per kind of output, the 机关代字 the office set and a yearly sequence under it, printed
 * 区府办督〔2026〕5号: 机关代字, the year in full in 〔〕, the serial number without 第 or leading zeros, then 号
 * (GB/T 9704-2012 clause 7.2.5, docs/official-documents.md §4). See README.md.
 */

export interface KindSetting {
  kind: NumberedKind;
  /** What the office calls the output. */
  label: string;
  /** 机关代字: 区府办督. */
  agencyCode: string;
  /** The issuing body signed under the document (落款): 区政府办公室. */
  issuer: string;
  /** False while the office has not set the kind (the defaults below stand). */
  configured: boolean;
}

const DEFAULTS: Record<NumberedKind, Omit<KindSetting, 'kind' | 'configured'>> = {
  supervision_bulletin: { label: '督查通报', agencyCode: '区府办督', issuer: '区政府办公室' },
  discipline_notice: { label: '违反会风会纪通报', agencyCode: '区府办会', issuer: '区政府办公室' },
  annual_summary: { label: '年度工作总结', agencyCode: '区府办', issuer: '区政府办公室' },
};

export class NumberingError extends DomainError {
  override name = 'NumberingError';

  constructor(code: 'unknown_kind' | 'invalid_input', messageZh: string) {
    super('invalid', code, messageZh);
  }
}

export const isNumberedKind = (kind: string): kind is NumberedKind =>
  (NUMBERED_KINDS as readonly string[]).includes(kind);

/** Every kind, as the office set it or by default. */
export async function kindSettings(manager: EntityManager): Promise<KindSetting[]> {
  const rows = new Map((await manager.getRepository(DocumentNumberKind).find()).map((r) => [r.kind, r]));
  return NUMBERED_KINDS.map((kind) => settingOf(kind, rows.get(kind)));
}

export async function kindSetting(manager: EntityManager, kind: NumberedKind): Promise<KindSetting> {
  return settingOf(kind, await manager.getRepository(DocumentNumberKind).findOneBy({ kind }));
}

function settingOf(kind: NumberedKind, row: DocumentNumberKind | null | undefined): KindSetting {
  const fallback = DEFAULTS[kind];
  return row
    ? { kind, label: fallback.label, agencyCode: row.agencyCode, issuer: row.issuer, configured: true }
    : { kind, ...fallback, configured: false };
}

/** 机关代字: Chinese characters only (the year and number are added when a number is issued). */
const AGENCY_CODE = /^[\u4e00-\u9fff]{1,20}$/;

/** The office sets a kind's 机关代字 and issuing body; numbers already issued keep what they were issued under. */
export async function setKind(
  db: DataSource,
  actorId: string,
  kind: string,
  input: { agencyCode: string; issuer: string },
  now: Date,
): Promise<KindSetting> {
  if (!isNumberedKind(kind)) throw new NumberingError('unknown_kind', '没有这类公文');
  const agencyCode = input.agencyCode.trim();
  const issuer = input.issuer.trim();
  if (!AGENCY_CODE.test(agencyCode)) throw new NumberingError('invalid_input', '机关代字应为1至20个汉字，如“区府办督”');
  if (issuer.length < 2 || issuer.length > 100) throw new NumberingError('invalid_input', '发文机关名称应为2至100个字');
  return db.transaction(async (manager) => {
    const before = await kindSetting(manager, kind);
    await manager.getRepository(DocumentNumberKind).upsert({ kind, agencyCode, issuer, updatedBy: actorId }, ['kind']);
    await audit(manager, {
      actor: actorId,
      action: 'numbering.kind.set',
      subjectType: 'document_number_kind',
      subjectId: kind,
      before: { agencyCode: before.agencyCode, issuer: before.issuer, configured: before.configured },
      after: { agencyCode, issuer },
      at: now,
    });
    return kindSetting(manager, kind);
  });
}

/**
 * Issues the next number of `kind` to a record, inside the caller's transaction (so a publish that fails takes its
 * number back with it, and one that commits keeps it forever). The year is the Shanghai civil year of `now`. The
 * sequence row is incremented by one upsert, which holds the row's write lock until commit: two transactions never
 * read the same number, on MySQL/MariaDB (row lock) as on SQLite (one writer at a time).
 */
export async function issueNumber(
  manager: EntityManager,
  request: { kind: NumberedKind; subjectType: string; subjectId: number; actorId: string; now: Date },
): Promise<DocumentNumber> {
  const { agencyCode, issuer } = await kindSetting(manager, request.kind);
  const year = civilDateOf(shanghaiDayNumber(request.now)).year;
  await manager.query(
    isMysql(manager.connection)
      ? 'INSERT INTO document_number_sequence (agency_code, year, last_seq) VALUES (?, ?, 1) ' +
          'ON DUPLICATE KEY UPDATE last_seq = last_seq + 1'
      : 'INSERT INTO document_number_sequence (agency_code, year, last_seq) VALUES (?, ?, 1) ' +
          'ON CONFLICT (agency_code, year) DO UPDATE SET last_seq = last_seq + 1',
    [agencyCode, year],
  );
  const sequence = await manager.getRepository(DocumentNumberSequence).findOneByOrFail({ agencyCode, year });
  const seq = sequence.lastSeq;
  const issued = manager.getRepository(DocumentNumber).create({
    kind: request.kind,
    agencyCode,
    year,
    seq,
    text: documentNumber(agencyCode, year, seq),
    issuer,
    subjectType: request.subjectType,
    subjectId: request.subjectId,
    issuedBy: request.actorId,
    issuedAt: request.now,
  });
  await manager.insert(DocumentNumber, issued);
  return issued;
}

/** The numbers these records of one type were issued, by record id (records issued none are absent). */
export async function numbersOf(
  manager: EntityManager,
  subjectType: string,
  subjectIds: number[],
): Promise<Map<number, DocumentNumber>> {
  const rows = subjectIds.length
    ? await manager.getRepository(DocumentNumber).findBy({ subjectType, subjectId: In(subjectIds) })
    : [];
  return new Map(rows.map((r) => [r.subjectId, r]));
}

/** The number a record was issued, if any. */
export function numberOf(manager: EntityManager, subjectType: string, subjectId: number) {
  return manager.getRepository(DocumentNumber).findOneBy({ subjectType, subjectId });
}
