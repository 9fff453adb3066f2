import { Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CivilDateColumn, DateTimeColumn, DEPARTMENT_ID_LENGTH, IntColumn, VarcharColumn } from './columns';

/**
 * The dashboard's figures kept ready (bot-server/reports/rollup.ts): how many records of a domain fall on a day, a
 * month or a year (Shanghai dates), by unit and type, under each measure of the figure definitions. A 看板 call
 * adds up a few hundred of these rows instead of counting the year's records.
 */
@Entity({ name: 'figure_rollup' })
export class FigureRollup {
  /** 'd' (period YYYY-MM-DD), 'm' (YYYY-MM) or 'y' (YYYY). */
  @PrimaryColumn({ type: 'varchar', length: 1 })
  grain!: 'd' | 'm' | 'y';

  @PrimaryColumn({ type: 'varchar', length: 16 })
  domain!: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  period!: string;

  /** The unit the records are narrowed by; '' when they have none. */
  @PrimaryColumn({ type: 'varchar', length: DEPARTMENT_ID_LENGTH })
  unit!: string;

  /** The type (document kind, matter source, meeting type); '' when the domain has none. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  type!: string;

  /** A figure id, with ':part' for a rate's numerator. */
  @PrimaryColumn({ type: 'varchar', length: 96 })
  measure!: string;

  /** Working days, for a working-day figure's histogram; 0 otherwise. */
  @PrimaryColumn({ type: 'int' })
  bucket!: number;

  @IntColumn()
  n!: number;
}

/**
 * The ordered change log the rollup follows: database triggers (migration FigureRollups) append the domain and
 * Shanghai day of every change to a counted record, in the transaction that makes it.
 */
@Entity({ name: 'figure_change' })
export class FigureChange {
  @PrimaryGeneratedColumn()
  id!: number;

  @VarcharColumn(16)
  domain!: string;

  @CivilDateColumn()
  day!: string;
}

/** One row: what the rollup was built from (definitions and calendar), and the lock its refreshes take. */
@Entity({ name: 'figure_rollup_state' })
export class FigureRollupState {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @VarcharColumn(64, { default: '' })
  fingerprint!: string;

  @DateTimeColumn({ nullable: true })
  refreshedAt!: Date | null;
}
