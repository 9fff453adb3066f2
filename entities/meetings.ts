import { Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import {
  BoolColumn,
  CivilDateColumn,
  CreatedAtColumn,
  DateTimeColumn,
  DEPARTMENT_ID_LENGTH,
  IntColumn,
  JsonColumn,
  type JsonObject,
  TextColumn,
  UpdatedAtColumn,
  USER_ID_LENGTH,
  VarcharColumn,
} from './columns';

/** The office's own (党建 and study) meetings, not the district government's: 精简会议 leaves them out. */
export const INTERNAL_MEETING_TYPES = [
  'branch_assembly',
  'branch_committee',
  'party_cell',
  'party_lecture',
  'theme_party_day',
  'group_study',
  'secretary_study',
] as const;

/**
 * 区政府常务会议, 区政府党组会议, 专题协调会, 调度会 and 其他会议; then the office's own internal meetings: 支部党员大会,
 * 支委会, 党小组会 (`party_cell`, not to be confused with `party_group`, the 区政府党组), 党课, 主题党日, 集中学习 and
 * 秘书集中学习. The office adds its own in `meeting_type`.
 */
export const MEETING_TYPES = [
  'executive',
  'party_group',
  'coordination',
  'scheduling',
  'other',
  ...INTERNAL_MEETING_TYPES,
] as const;

/** A meeting type the office added, or a shipped one it renamed or retired. */
@Entity({ name: 'meeting_type' })
export class MeetingType {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code!: string;

  @VarcharColumn(50)
  name!: string;

  @IntColumn({ default: 100 })
  sortOrder!: number;

  @BoolColumn({ default: true })
  active!: boolean;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** A 会议, created in Duban or adopted from a DingTalk calendar event or video meeting. */
@Entity({ name: 'meeting' })
@Index('ix_meeting_starts', ['startsAt'])
@Index('ix_meeting_type', ['type', 'startsAt'])
@Index('uq_meeting_calendar_event', ['calendarEventId'], { unique: true })
export class Meeting {
  @PrimaryGeneratedColumn()
  id!: number;

  @VarcharColumn(32)
  type!: string;

  @VarcharColumn(200)
  title!: string;

  @DateTimeColumn()
  startsAt!: Date;

  @DateTimeColumn({ nullable: true })
  endsAt!: Date | null;

  @VarcharColumn(200, { nullable: true })
  place!: string | null;

  /** What the notice says beyond time and place: agenda, materials, requirements. */
  @TextColumn({ nullable: true })
  agenda!: string | null;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  organiserUserId!: string | null;

  /** 主持人, when known: named in the notice, and (a leader presiding) left out of the discipline notice. */
  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  presiderUserId!: string | null;

  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  departmentId!: string | null;

  @VarcharColumn(16, { default: 'draft' })
  status!: 'draft' | 'notified' | 'held' | 'cancelled';

  /** When the notices went out. */
  @DateTimeColumn({ nullable: true })
  notifiedAt!: Date | null;

  /** Confirmations (回执) are due by this instant. */
  @DateTimeColumn({ nullable: true })
  confirmBy!: Date | null;

  /** The code shown in the room for sign-in (签到). */
  @VarcharColumn(16, { nullable: true })
  signInCode!: string | null;

  @VarcharColumn(128, { nullable: true })
  calendarEventId!: string | null;

  /** Made in Duban, or adopted from DingTalk's calendar (日程) or a DingTalk video meeting (视频会议). */
  @VarcharColumn(16, { default: 'duban' })
  origin!: 'duban' | 'calendar' | 'video';

  /** Where DingTalk keeps it: `{ calendarId, unionIds, conferenceId, status }`, from the events that named it. */
  @JsonColumn({ nullable: true })
  external!: JsonObject | null;

  /** The details (title, time, place, invitees) are still to be read from DingTalk's calendar API. */
  @BoolColumn({ default: false })
  needsSync!: boolean;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/**
 * One invitee: a person, or a unit that then names who attends. The receipt (回执): confirmed, leave with a
 * reason, or a substitute; then sign-in.
 */
@Entity({ name: 'meeting_attendee' })
@Unique('uq_meeting_attendee', ['meetingId', 'userId'])
@Index(['userId', 'response'])
export class MeetingAttendee {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  meetingId!: number;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  userId!: string | null;

  /** Set when the invitation went to a unit. */
  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  departmentId!: string | null;

  /** The invited unit this row answers for: the unit's own row, and the rows of the people its head named. */
  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  unitId!: string | null;

  @VarcharColumn(16, { default: 'pending' })
  response!: 'pending' | 'confirmed' | 'leave' | 'substitute';

  @TextColumn({ nullable: true })
  leaveReason!: string | null;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  substituteUserId!: string | null;

  /** On a substitute's row: the attendee who named them. */
  @IntColumn({ nullable: true })
  substituteForId!: number | null;

  @DateTimeColumn({ nullable: true })
  readAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  respondedAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  signedInAt!: Date | null;

  @BoolColumn({ nullable: true })
  late!: boolean | null;

  @IntColumn({ nullable: true })
  deadlineId!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** 议定事项: becomes a supervised matter in one step. */
@Entity({ name: 'meeting_decision' })
@Index(['meetingId'])
export class MeetingDecision {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  meetingId!: number;

  @TextColumn()
  content!: string;

  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  leadDepartmentId!: string | null;

  @IntColumn({ nullable: true })
  matterId!: number | null;

  @CivilDateColumn({ nullable: true })
  dueDate!: string | null;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  createdBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

/**
 * 违反会风会纪通报: a notice the office issues listing who came late or stayed away without leave, numbered per year
 * (第N期). The entries are copied in when it is issued, so later corrections do not rewrite what was published.
 */
@Entity({ name: 'discipline_notice' })
@Unique('uq_discipline_notice_number', ['year', 'number'])
export class DisciplineNotice {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  year!: number;

  @IntColumn()
  number!: number;

  @VarcharColumn(200)
  title!: string;

  @CivilDateColumn()
  periodStart!: string;

  @CivilDateColumn()
  periodEnd!: string;

  /** `{ meetingId, meetingTitle, startsAt, userId, name, unit, kind: 'late' | 'absent', minutesLate? }[]` */
  @JsonColumn()
  entries!: JsonObject[];

  @VarcharColumn(USER_ID_LENGTH)
  issuedBy!: string;

  @DateTimeColumn()
  issuedAt!: Date;

  /** The office chose to name district leaders and the presiding leader too. */
  @BoolColumn({ default: false })
  includesLeaders!: boolean;

  /** 撤回: a withdrawn notice stays on record but no longer counts (its period may be issued again). */
  @DateTimeColumn({ nullable: true })
  withdrawnAt!: Date | null;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  withdrawnBy!: string | null;

  @VarcharColumn(200, { nullable: true })
  withdrawReason!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
