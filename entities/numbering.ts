import { Entity, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DateTimeColumn, IntColumn, UpdatedAtColumn, USER_ID_LENGTH, VarcharColumn } from './columns';

/** The kinds of output that carry a 发文字号 (bot-server/numbering/README.md). */
export const NUMBERED_KINDS = ['supervision_bulletin', 'discipline_notice', 'annual_summary'] as const;
export type NumberedKind = (typeof NUMBERED_KINDS)[number];

export const AGENCY_CODE_LENGTH = 20;

/** What the office set for a kind: its 机关代字 (区府办督) and the issuing body signed under it (区政府办公室). */
@Entity({ name: 'document_number_kind' })
export class DocumentNumberKind {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  kind!: NumberedKind;

  @VarcharColumn(AGENCY_CODE_LENGTH)
  agencyCode!: string;

  @VarcharColumn(100)
  issuer!: string;

  @VarcharColumn(USER_ID_LENGTH)
  updatedBy!: string;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** The last number issued under a 机关代字 in a year; kinds sharing a code share its sequence. */
@Entity({ name: 'document_number_sequence' })
export class DocumentNumberSequence {
  @PrimaryColumn({ type: 'varchar', length: AGENCY_CODE_LENGTH })
  agencyCode!: string;

  @PrimaryColumn({ type: 'int' })
  year!: number;

  @IntColumn()
  lastSeq!: number;
}

/** 发文登记: every number issued, with what it was issued to. A number is never issued twice, nor taken back. */
@Entity({ name: 'document_number' })
@Unique('uq_document_number_seq', ['agencyCode', 'year', 'seq'])
@Unique('uq_document_number_subject', ['subjectType', 'subjectId'])
export class DocumentNumber {
  @PrimaryGeneratedColumn()
  id!: number;

  @VarcharColumn(40)
  kind!: NumberedKind;

  @VarcharColumn(AGENCY_CODE_LENGTH)
  agencyCode!: string;

  @IntColumn()
  year!: number;

  @IntColumn()
  seq!: number;

  /** As printed: 区府办督〔2026〕5号. */
  @VarcharColumn(60)
  text!: string;

  /** The issuing body at the time of issue, signed under the document. */
  @VarcharColumn(100)
  issuer!: string;

  @VarcharColumn(40)
  subjectType!: string;

  @IntColumn()
  subjectId!: number;

  @VarcharColumn(USER_ID_LENGTH)
  issuedBy!: string;

  @DateTimeColumn()
  issuedAt!: Date;
}
