import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, IntColumn, UpdatedAtColumn, USER_ID_LENGTH, VarcharColumn } from './columns';

/** 替班 (the colleague takes the shift) or 换班 (and the requester takes one of the colleague's shifts in return). */
export const DUTY_SWAP_KINDS = ['cover', 'exchange'] as const;
export type DutySwapKind = (typeof DUTY_SWAP_KINDS)[number];

/** The place on the shift that changes hands: 带班领导 or 值班人员. */
export const DUTY_SWAP_ROLES = ['leader', 'staff'] as const;
export type DutySwapRole = (typeof DUTY_SWAP_ROLES)[number];

/**
 * requested (waiting for the colleague) → accepted (waiting for the office) → approved or refused; the colleague
 * may decline a request, the requester may withdraw it before the office decides.
 */
export const DUTY_SWAP_STATUSES = ['requested', 'accepted', 'declined', 'approved', 'refused', 'withdrawn'] as const;
export type DutySwapStatus = (typeof DUTY_SWAP_STATUSES)[number];

/** The statuses of a request still open (the office has not decided, nobody withdrew or declined it). */
export const OPEN_SWAP_STATUSES: readonly DutySwapStatus[] = ['requested', 'accepted'];

/**
 * A 换班 request (bot-server/duty/README.md, 「换班」): a person on a shift (the requester) asks a colleague to take
 * their place on it, 替班 or 换班; the colleague accepts or declines, the office approves or refuses, and only the
 * approval changes the roster. `openKey` is `shiftId:requesterUserId` while the request is open and null after, so
 * the database itself holds one open request per shift and requester.
 */
@Entity({ name: 'duty_swap' })
@Index('uq_duty_swap_open', ['openKey'], { unique: true })
@Index('ix_duty_swap_requester', ['requesterUserId', 'createdAt'])
@Index('ix_duty_swap_counterpart', ['counterpartUserId', 'createdAt'])
@Index('ix_duty_swap_status', ['status', 'createdAt'])
export class DutySwap {
  @PrimaryGeneratedColumn()
  id!: number;

  @VarcharColumn(16)
  kind!: DutySwapKind;

  /** The requester's place on the shift, and the colleague's on the shift given in return. */
  @VarcharColumn(16)
  role!: DutySwapRole;

  /** The requester's shift, which the colleague takes. */
  @IntColumn()
  shiftId!: number;

  /** 换班: the colleague's shift, which the requester takes in return. */
  @IntColumn({ nullable: true })
  returnShiftId!: number | null;

  @VarcharColumn(USER_ID_LENGTH)
  requesterUserId!: string;

  @VarcharColumn(USER_ID_LENGTH)
  counterpartUserId!: string;

  /** 换班事由. */
  @VarcharColumn(200, { nullable: true })
  reason!: string | null;

  @VarcharColumn(16)
  status!: DutySwapStatus;

  @VarcharColumn(96, { nullable: true })
  openKey!: string | null;

  @DateTimeColumn()
  requestedAt!: Date;

  /** When the colleague accepted or declined. */
  @DateTimeColumn({ nullable: true })
  answeredAt!: Date | null;

  /** The office's decision, or the withdrawal: who, when, and the note given. */
  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  decidedBy!: string | null;

  @DateTimeColumn({ nullable: true })
  decidedAt!: Date | null;

  @VarcharColumn(200, { nullable: true })
  note!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
