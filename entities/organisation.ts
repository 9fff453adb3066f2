import { Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import {
  BoolColumn,
  CreatedAtColumn,
  DateTimeColumn,
  DEPARTMENT_ID_LENGTH,
  IntColumn,
  UpdatedAtColumn,
  USER_ID_LENGTH,
  VarcharColumn,
} from './columns';

/**
 * office: 区政府办公室 itself; section: its 科室 (秘书科、督查室、综合科);
 * unit: a 区直单位 (区发改委…) that leads or assists on matters; leadership: 区政府领导班子.
 */
export const DEPARTMENT_KINDS = ['office', 'section', 'unit', 'leadership'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** A DingTalk department, or a unit kept only in Duban. The id is DingTalk's dept_id where there is one. */
@Entity({ name: 'department' })
@Index(['parentId'])
export class Department {
  @PrimaryColumn({ type: 'varchar', length: DEPARTMENT_ID_LENGTH })
  id!: string;

  @VarcharColumn(100)
  name!: string;

  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  parentId!: string | null;

  @VarcharColumn(16, { default: 'unit' })
  kind!: DepartmentKind;

  @IntColumn({ default: 0 })
  sortOrder!: number;

  /** 分管领导: the leader an overdue matter of this unit escalates to. */
  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  leaderUserId!: string | null;

  /** Where the row came from: 'dingtalk' rows are refreshed by org sync, 'duban' rows are not touched by it. */
  @VarcharColumn(16, { default: 'duban' })
  origin!: 'dingtalk' | 'duban';

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** A person, keyed by DingTalk userid. */
@Entity({ name: 'app_user' })
@Index(['primaryDepartmentId'])
export class User {
  @PrimaryColumn({ type: 'varchar', length: USER_ID_LENGTH })
  id!: string;

  @VarcharColumn(64)
  name!: string;

  @VarcharColumn(64, { nullable: true })
  unionId!: string | null;

  /** 职务, e.g. 科长, 副主任. */
  @VarcharColumn(64, { nullable: true })
  title!: string | null;

  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  primaryDepartmentId!: string | null;

  @BoolColumn({ default: true })
  active!: boolean;

  @VarcharColumn(16, { default: 'duban' })
  origin!: 'dingtalk' | 'duban';

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** Membership of a user in a department (DingTalk users may belong to several). */
@Entity({ name: 'user_department' })
@Index(['departmentId'])
export class UserDepartment {
  @PrimaryColumn({ type: 'varchar', length: USER_ID_LENGTH })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: DEPARTMENT_ID_LENGTH })
  departmentId!: string;

  /** 部门主管 in DingTalk, 单位负责人 here. */
  @BoolColumn({ default: false })
  isHead!: boolean;
}

/** meeting_office: 会务 (综合科, 秘书科), who organise meetings, send notices and issue the discipline notice. */
export const ROLES = ['staff', 'unit_head', 'supervision_office', 'meeting_office', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const OFFICE_WIDE = '*';

/**
 * A role granted in Duban. Kept apart from the synced organisation so that an org sync never loses it.
 * `scope` is a department id for a role held in one unit (unit_head), or OFFICE_WIDE. It is never null, because
 * NULLs are distinct in unique indexes on both dialects and would let the same grant be stored twice.
 */
@Entity({ name: 'user_role' })
@Unique('uq_user_role', ['userId', 'role', 'scope'])
export class UserRole {
  @PrimaryGeneratedColumn()
  id!: number;

  @VarcharColumn(USER_ID_LENGTH)
  userId!: string;

  @VarcharColumn(32)
  role!: Role;

  @VarcharColumn(DEPARTMENT_ID_LENGTH, { default: OFFICE_WIDE })
  scope!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  grantedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

/**
 * A sign-in. The token a client holds names this row; signing out, signing out everywhere, an administrator's
 * revocation or the user's deactivation ends it at once, whatever the token's own expiry says.
 */
@Entity({ name: 'user_session' })
@Index(['userId'])
export class UserSession {
  /** Random, 128 bits, hex: the token's `sid` claim. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @VarcharColumn(USER_ID_LENGTH)
  userId!: string;

  /** How the user signed in: 'dingtalk' or 'demo'. */
  @VarcharColumn(16)
  via!: 'dingtalk' | 'demo';

  @DateTimeColumn()
  expiresAt!: Date;

  /** When and why it was ended early; null while it lasts. */
  @DateTimeColumn({ nullable: true })
  revokedAt!: Date | null;

  @VarcharColumn(32, { nullable: true })
  revokedReason!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
