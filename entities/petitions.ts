import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  DateTimeColumn,
  DEPARTMENT_ID_LENGTH,
  IntColumn,
  TextColumn,
  UpdatedAtColumn,
  USER_ID_LENGTH,
  VarcharColumn,
} from './columns';

/**
 * 集体访: a visit of this many petitioners or more. Several people who visit about one matter must choose
 * representatives, at most five — 《信访工作条例》(2022), whose primary text was not retrieved here (verify the
 * article); stated by 深圳市信访局 (https://www.szlhq.gov.cn/xxgk/zcfg/zcwjk/cjwd/qt/content/post_11825589.html:
 * 多人走访的，应当推选代表，代表人数不得超过5人). Offices count a visit of five or more as 集体访. The one definition:
 * the service, the list filter and the figures all read it.
 */
export const COLLECTIVE_VISIT_MIN = 5;

/** 当场答复, 转交办理, 交办督办 (set only by turning the visit into a supervised matter). */
export const VISIT_OUTCOMES = ['answered', 'referred', 'supervised'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

/** 群众, 上级机关, 部门单位, 其他. */
export const CALLER_TYPES = ['public', 'superior', 'department', 'other'] as const;
export type CallerType = (typeof CALLER_TYPES)[number];

/** 已答复, 已转办 (to a unit). */
export const CALL_OUTCOMES = ['answered', 'referred'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/**
 * A 信访接待登记: people who came to the office with a matter. The representative's name and contact are personal
 * data, shown only to the roles that record visits (bot-server/duty/README.md). A repeat visit (重复访) points at an
 * earlier visit of the same petitioners; a visit turned into a supervised matter (source 信访) keeps its id.
 */
@Entity({ name: 'petition_visit' })
@Index('ix_petition_visit_at', ['visitedAt'])
@Index('ix_petition_visit_unit', ['departmentId', 'visitedAt'])
@Index('ix_petition_visit_earlier', ['earlierVisitId'])
@Index('uq_petition_visit_matter', ['matterId'], { unique: true })
export class PetitionVisit {
  @PrimaryGeneratedColumn()
  id!: number;

  @DateTimeColumn()
  visitedAt!: Date;

  /** 人次: how many came. */
  @IntColumn()
  petitioners!: number;

  @VarcharColumn(50)
  representativeName!: string;

  @VarcharColumn(50, { nullable: true })
  representativeContact!: string | null;

  /** 反映事项. */
  @TextColumn()
  content!: string;

  /** The unit the matter concerns (涉及单位). */
  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  departmentId!: string | null;

  /** 处理情况. */
  @TextColumn({ nullable: true })
  handling!: string | null;

  /** Null until handled. */
  @VarcharColumn(16, { nullable: true })
  outcome!: VisitOutcome | null;

  /** 重复访: the earlier visit of the same petitioners. */
  @IntColumn({ nullable: true })
  earlierVisitId!: number | null;

  /** The supervised matter the visit became. */
  @IntColumn({ nullable: true })
  matterId!: number | null;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** A 电话记录 of the duty phone: who called, about what, and what was done. */
@Entity({ name: 'phone_call' })
@Index('ix_phone_call_at', ['calledAt'])
export class PhoneCall {
  @PrimaryGeneratedColumn()
  id!: number;

  @DateTimeColumn()
  calledAt!: Date;

  @VarcharColumn(16)
  callerType!: CallerType;

  @VarcharColumn(200)
  topic!: string;

  @VarcharColumn(16)
  outcome!: CallOutcome;

  /** 已转办: the unit it went to. */
  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  referredDepartmentId!: string | null;

  @VarcharColumn(USER_ID_LENGTH)
  recordedBy!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
