import { Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn, USER_ID_LENGTH, VarcharColumn } from './columns';

/**
 * A custom group robot (自定义机器人, docs/dingtalk.md §5.1) an administrator keeps in the admin pages: bulletins go to
 * a group through the robot of its name (`supervision` for the 督查室's group). A row overrides the entry of the
 * same name in `DINGTALK_GROUP_ROBOTS`; the entries without a row still count (bot-server/reminders/group-robots.ts).
 * The webhook's access token and the 加签 secret are credentials: the API shows them masked only.
 */
@Entity({ name: 'group_robot' })
export class GroupRobot {
  /** What senders name it by, e.g. `supervision`. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  /** `https://oapi.dingtalk.com/robot/send?access_token=…`, as the robot's settings give it. */
  @VarcharColumn(500)
  webhook!: string;

  /** The 加签 secret (`SEC…`); null when the robot is secured by keywords or IP ranges instead. */
  @VarcharColumn(200, { nullable: true })
  secret!: string | null;

  /** What it is for, in the administrator's words (e.g. 督查通报推送至督查室工作群). */
  @VarcharColumn(200, { default: '' })
  purpose!: string;

  @VarcharColumn(USER_ID_LENGTH, { nullable: true })
  updatedBy!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
