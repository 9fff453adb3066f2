import { Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import {
  BoolColumn,
  CreatedAtColumn,
  DateTimeColumn,
  DEPARTMENT_ID_LENGTH,
  IntColumn,
  TextColumn,
  UpdatedAtColumn,
  USER_ID_LENGTH,
  VarcharColumn,
} from './columns';

/** 区政府常务会议, 区政府党组会议, 专题协调会, 调度会; others are configurable. */
export const MEETING_TYPES = ['executive', 'party_group', 'coordination', 'scheduling', 'other'] as const;

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

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  organiserUserId!: string | null;

  @VarcharColumn(DEPARTMENT_ID_LENGTH, { nullable: true })
  departmentId!: string | null;

  @VarcharColumn(16, { default: 'draft' })
  status!: 'draft' | 'notified' | 'held' | 'cancelled';

  /** Confirmations (回执) are due by this instant. */
  @DateTimeColumn({ nullable: true })
  confirmBy!: Date | null;

  /** The code shown in the room for sign-in (签到). */
  @VarcharColumn(16, { nullable: true })
  signInCode!: string | null;

  @VarcharColumn(128, { nullable: true })
  calendarEventId!: string | null;

  @VarcharColumn(16, { default: 'duban' })
  origin!: 'duban' | 'dingtalk_calendar' | 'dingtalk_video';

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

  @VarcharColumn(16, { default: 'pending' })
  response!: 'pending' | 'confirmed' | 'leave' | 'substitute';

  @TextColumn({ nullable: true })
  leaveReason!: string | null;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  substituteUserId!: string | null;

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

  @CreatedAtColumn()
  createdAt!: Date;
}
