import { Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, IntColumn, UpdatedAtColumn, USER_ID_LENGTH, VarcharColumn } from './columns';

export const DINGTALK_TODO_STATES = ['creating', 'open', 'done', 'withdrawing', 'withdrawn'] as const;
export type DingTalkTodoState = (typeof DINGTALK_TODO_STATES)[number];

/**
 * One DingTalk 待办 (to-do) Duban keeps for one deadline and one person (bot-server/todos): what DingTalk holds, as
 * far as Duban knows, so that a reconciliation pass compares it with the deadline as it is now. A deadline has at
 * most one current row (`creating`, `open` or `done`); a row whose person no longer owns the deadline is
 * `withdrawing` until DingTalk has deleted it, then `withdrawn` (kept as history, its source id never reused).
 */
@Entity({ name: 'dingtalk_todo' })
@Unique('uq_dingtalk_todo_source', ['sourceId'])
@Index('ix_dingtalk_todo_deadline', ['deadlineId', 'state'])
@Index('ix_dingtalk_todo_state', ['state', 'nextAttemptAt'])
export class DingTalkTodo {
  @PrimaryGeneratedColumn()
  id!: number;

  @IntColumn()
  deadlineId!: number;

  /** The deadline's subject type when the row was made: the kind it counts under (documents, matters, meetings). */
  @VarcharColumn(24)
  subjectType!: string;

  @VarcharColumn(USER_ID_LENGTH)
  userId!: string;

  /** The person's unionId the to-do was created under (the API addresses to-dos by it). */
  @VarcharColumn(64)
  unionId!: string;

  /** DingTalk's business key (`sourceId`): `duban-dl<deadline id>-<n>`, committed before the create call. */
  @VarcharColumn(64)
  sourceId!: string;

  /** DingTalk's task id; null until the create call's answer (or a look-up by source id) gave it. */
  @VarcharColumn(64, { nullable: true })
  taskId!: string | null;

  /** The due instant DingTalk holds. */
  @DateTimeColumn()
  dueAt!: Date;

  @VarcharColumn(12, { default: 'creating' })
  state!: DingTalkTodoState;

  /** Failed calls in a row (reset by a success); the next attempt waits 30 s · 2ⁿ⁻¹, at most an hour. */
  @IntColumn({ default: 0 })
  attempts!: number;

  @DateTimeColumn({ nullable: true })
  nextAttemptAt!: Date | null;

  @VarcharColumn(500, { nullable: true })
  lastError!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
