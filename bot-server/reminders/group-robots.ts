/**
 * The custom group robots senders may use, from one place: the rows administrators keep in the admin pages
 * (`group_robot`), then the entries of `DINGTALK_GROUP_ROBOTS` no row of the same name overrides. The configuration's
 * entries are read-only defaults: a row named like one replaces it, and deleting the row brings it back.
 */
import type { EntityManager } from 'typeorm';
import { GroupRobot, type JsonObject } from '../../entities';
import { audit } from '../audit/audit';
import type { GroupRobotWebhook } from '../dingtalk';
import { DomainError } from '../errors/domain-error';
import { groupRobotWebhook } from './settings';

/** A robot as the configuration gives it: its webhook (or bare access token) and 加签 secret. */
export interface RobotSetting {
  webhook: string;
  secret?: string;
}

export interface GroupRobotEntry {
  name: string;
  webhook: string;
  secret: string | null;
  purpose: string;
  /** `admin`: kept in the admin pages; `config`: an entry of DINGTALK_GROUP_ROBOTS, read-only. */
  source: 'admin' | 'config';
  /** An administrator's row that replaces the configuration's entry of the same name. */
  overridesConfig: boolean;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** The configuration's entries, whether given as settings (`webhook`) or already parsed (`accessToken`). */
export type RobotDefaults = Readonly<Record<string, RobotSetting | GroupRobotWebhook>>;

const settingOf = (robot: RobotSetting | GroupRobotWebhook): RobotSetting =>
  'webhook' in robot ? robot : { webhook: robot.accessToken, ...(robot.secret ? { secret: robot.secret } : {}) };

/** Every group robot: the administrators' rows by name, then the configuration's entries no row replaces, in order. */
export async function groupRobots(manager: EntityManager, defaults: RobotDefaults): Promise<GroupRobotEntry[]> {
  const rows = await manager.getRepository(GroupRobot).find({ order: { name: 'ASC' } });
  const entries: GroupRobotEntry[] = rows.map((r) => ({
    name: r.name,
    webhook: r.webhook,
    secret: r.secret,
    purpose: r.purpose,
    source: 'admin',
    overridesConfig: Object.hasOwn(defaults, r.name),
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt,
  }));
  for (const [name, robot] of Object.entries(defaults)) {
    if (rows.some((r) => r.name === name)) continue;
    const { webhook, secret } = settingOf(robot);
    entries.push({
      name,
      webhook,
      secret: secret ?? null,
      purpose: '',
      source: 'config',
      overridesConfig: false,
      updatedBy: null,
      updatedAt: null,
    });
  }
  return entries;
}

/** The webhook to send through for `name`, if a robot of that name exists. */
export async function groupRobotNamed(
  manager: EntityManager,
  name: string,
  defaults: RobotDefaults,
): Promise<GroupRobotWebhook | undefined> {
  const entry = (await groupRobots(manager, defaults)).find((r) => r.name === name);
  return entry
    ? groupRobotWebhook({ webhook: entry.webhook, ...(entry.secret ? { secret: entry.secret } : {}) })
    : undefined;
}

/** A credential shown by its first and last characters only. */
function masked(text: string, keep = 4): string {
  return text.length <= keep * 2 ? '…' : `${text.slice(0, keep)}…${text.slice(-keep)}`;
}

/** The webhook with its access token masked: what the browser and the audit log may see. */
export function maskedWebhook(webhook: string): string {
  return webhook.replace(/access_token=([^&]+)/, (_all, token: string) => `access_token=${masked(token)}`);
}

const auditView = (r: Pick<GroupRobot, 'name' | 'webhook' | 'secret' | 'purpose'>): JsonObject => ({
  name: r.name,
  webhook: maskedWebhook(r.webhook),
  signed: r.secret !== null,
  purpose: r.purpose,
});

/** The webhook DingTalk gives a custom robot (docs/dingtalk.md §5.1); the token is what authenticates a send. */
export const ROBOT_WEBHOOK = /^https:\/\/oapi\.dingtalk\.com\/robot\/send\?access_token=[A-Za-z0-9_-]+$/;

export interface GroupRobotInput {
  name: string;
  /** Absent: keep the stored one (a new robot needs one). */
  webhook?: string;
  /** Absent: keep the stored one; null: the robot signs nothing (secured by keywords or IP ranges). */
  secret?: string | null;
  purpose: string;
}

/** Adds or changes an administrator's robot, audited (credentials masked in the log). */
export async function saveGroupRobot(manager: EntityManager, actorId: string, input: GroupRobotInput): Promise<void> {
  const repo = manager.getRepository(GroupRobot);
  const existing = await repo.findOneBy({ name: input.name });
  const webhook = input.webhook ?? existing?.webhook;
  if (!webhook) throw new DomainError('invalid', 'webhook_required', '请填写机器人的 Webhook 地址');
  const secret = input.secret === undefined ? (existing?.secret ?? null) : input.secret;
  const after = { name: input.name, webhook, secret, purpose: input.purpose };
  await repo.save({ ...after, updatedBy: actorId });
  await audit(manager, {
    actor: actorId,
    action: 'group_robot.saved',
    subjectType: 'group_robot',
    subjectId: input.name,
    before: existing ? auditView(existing) : null,
    after: auditView(after),
  });
}

/** Removes an administrator's robot, audited; the configuration's entry of that name, if any, counts again. */
export async function deleteGroupRobot(manager: EntityManager, actorId: string, name: string): Promise<void> {
  const repo = manager.getRepository(GroupRobot);
  const existing = await repo.findOneBy({ name });
  if (!existing) throw new DomainError('not_found', 'robot_not_found', '没有这个由管理员添加的群机器人');
  await repo.delete({ name });
  await audit(manager, {
    actor: actorId,
    action: 'group_robot.deleted',
    subjectType: 'group_robot',
    subjectId: name,
    before: auditView(existing),
    after: null,
  });
}
