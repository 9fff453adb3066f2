import { Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import {
  BoolColumn,
  CivilDateColumn,
  CreatedAtColumn,
  DateTimeColumn,
  IntColumn,
  TextColumn,
  UpdatedAtColumn,
  USER_ID_LENGTH,
  VarcharColumn,
} from './columns';

/** 白班 and 夜班; their hours are the office's pattern, `DUTY_PATTERN` in bot-server/duty/pattern.ts. */
export const DUTY_SHIFT_KINDS = ['day', 'night'] as const;
export type DutyShiftKind = (typeof DUTY_SHIFT_KINDS)[number];

/**
 * One shift of the 24-hour duty roster (值班表): a Shanghai civil date and a kind, with its 带班领导 and 值班人员
 * (`duty_shift_member`). The start and end are stored as instants when the shift is planned, so a later change of
 * the pattern leaves the shifts already planned as they were; a 夜班 ends on the next day but belongs to its date.
 */
@Entity({ name: 'duty_shift' })
@Index('uq_duty_shift_date_kind', ['date', 'kind'], { unique: true })
@Index('ix_duty_shift_starts', ['startsAt'])
export class DutyShift {
  @PrimaryGeneratedColumn()
  id!: number;

  @CivilDateColumn()
  date!: string;

  @VarcharColumn(16)
  kind!: DutyShiftKind;

  @DateTimeColumn()
  startsAt!: Date;

  @DateTimeColumn()
  endsAt!: Date;

  /** 带班领导. */
  @VarcharColumn(USER_ID_LENGTH)
  leaderUserId!: string;

  /** Set by a hand edit: a regenerated roster keeps the shift unless asked to overwrite it. */
  @BoolColumn({ default: false })
  manual!: boolean;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** A 值班人员 of a shift, in the order the roster names them. */
@Entity({ name: 'duty_shift_member' })
@Index('ix_duty_shift_member_user', ['userId'])
export class DutyShiftMember {
  @PrimaryColumn({ type: 'int' })
  shiftId!: number;

  @PrimaryColumn({ type: 'varchar', length: USER_ID_LENGTH })
  userId!: string;

  @IntColumn({ default: 0 })
  position!: number;
}

/** A 交接班记录: what the people of a shift hand over to the next (events, open matters, calls to return). */
@Entity({ name: 'duty_handover' })
@Index('ix_duty_handover_shift', ['shiftId', 'at'])
export class DutyHandover {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  shiftId!: number;

  @VarcharColumn(USER_ID_LENGTH)
  authorUserId!: string;

  @TextColumn()
  text!: string;

  @DateTimeColumn()
  at!: Date;
}
