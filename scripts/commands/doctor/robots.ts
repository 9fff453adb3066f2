/**
 * The group robots line: every robot the senders would use, from the same source as they read it
 * (bot-server/reminders/group-robots.ts): the robots kept in the admin pages, then those of DINGTALK_GROUP_ROBOTS
 * no saved robot replaces. Without a usable database (its own lines say why) the configuration's robots alone.
 */
import type { DataSource } from 'typeorm';
import type { Config } from '../../../bot-server/config/config';
import { openDatabase } from '../../../bot-server/db/database';
import { type GroupRobotEntry, groupRobots } from '../../../bot-server/reminders/group-robots';
import { checkRobot } from './dingtalk';
import { type CheckResult, CREDENTIAL_FIX, info, skip } from './report';

async function robotsToCheck(
  config: Config,
): Promise<Pick<GroupRobotEntry, 'name' | 'webhook' | 'secret' | 'source'>[]> {
  const configured = Object.entries(config.groupRobots).map(([name, robot]) => ({
    name,
    webhook: robot.webhook,
    secret: robot.secret ?? null,
    source: 'config' as const,
  }));
  let db: DataSource | undefined;
  try {
    db = await openDatabase(config.database, { migrate: false, serialise: false });
    return await groupRobots(db.manager, config.groupRobots);
  } catch {
    return configured;
  } finally {
    await db?.destroy();
  }
}

export async function robotChecks(config: Config, now: () => number): Promise<CheckResult[]> {
  const robots = await robotsToCheck(config);
  if (robots.length === 0) {
    return [info('robots', '群机器人', '未配置（系统管理「群机器人」或 DINGTALK_GROUP_ROBOTS）：督查通报不会推送到群')];
  }
  if (config.demo) {
    return robots.map((r) => skip(`robot:${r.name}`, `群机器人 ${r.name}`, '未检查：演示模式', CREDENTIAL_FIX));
  }
  const results: CheckResult[] = [];
  for (const r of robots) {
    const where =
      r.source === 'admin' ? `小程序「系统管理 → 群机器人」中 "${r.name}"` : `DINGTALK_GROUP_ROBOTS 中 "${r.name}"`;
    const robot = { webhook: r.webhook, ...(r.secret ? { secret: r.secret } : {}) };
    results.push(await checkRobot(r.name, robot, config.dingtalk.oapiBase, now, where));
  }
  return results;
}
