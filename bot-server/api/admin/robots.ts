import type Router from '@koa/router';
import { z } from 'zod';
import { audit } from '../../audit/audit';
import type { Config } from '../../config/config';
import { DingTalkApiError, groupRobotText } from '../../dingtalk';
import { DomainError } from '../../errors/domain-error';
import {
  deleteGroupRobot,
  type GroupRobotEntry,
  groupRobotNamed,
  groupRobots,
  maskedWebhook,
  ROBOT_WEBHOOK,
  saveGroupRobot,
} from '../../reminders/group-robots';
import type { Services } from '../../services';
import { requireRole } from '../auth';
import { ApiError } from '../errors';
import { exactRouter } from '../router';
import { userOf } from './schemas';

const robotName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, '名称只能由字母、数字、下划线或连字符组成（如 supervision），不超过64个字符');

const robotBody = z.object({
  webhook: z
    .string()
    .trim()
    .regex(
      ROBOT_WEBHOOK,
      '请填写机器人设置中复制的完整 Webhook 地址：https://oapi.dingtalk.com/robot/send?access_token=…',
    )
    .optional(),
  // Empty: the robot signs nothing (secured by keywords or IP ranges instead).
  secret: z
    .string()
    .trim()
    .regex(/^(SEC[A-Za-z0-9]+)?$/, '加签密钥应以 SEC 开头（机器人安全设置「加签」中复制）')
    .max(200, '加签密钥过长')
    .transform((text) => text || null)
    .nullish(),
  purpose: z.string().trim().max(200, '用途不超过200字').default(''),
});

/** What the browser may see of a robot: its credentials masked. */
const view = (r: GroupRobotEntry) => ({
  name: r.name,
  webhook: maskedWebhook(r.webhook),
  secret: r.secret ? `SEC…${r.secret.slice(-4)}` : null,
  purpose: r.purpose,
  source: r.source,
  overridesConfig: r.overridesConfig,
  updatedBy: r.updatedBy,
  updatedAt: r.updatedAt,
});

/** DingTalk's refusals of a custom robot's send, as the administrator fixes them (docs/dingtalk.md §5.1). */
const SEND_REFUSALS: Record<number, string> = {
  400101: 'Webhook 的 access_token 不存在：机器人已删除或地址抄错',
  400102: '机器人已停用',
  310000: '安全设置校验未通过：加签密钥不对，或消息不含所设关键词、服务器出口 IP 不在所设范围',
  410100: '发送过快，机器人被限流 10 分钟，请稍后再试',
};

/**
 * The custom group robots bulletins go through (bot-server/reminders/group-robots.ts): listed with their
 * credentials masked, added or changed and removed by administrators (audited), and tried with a test message.
 * Robots of `DINGTALK_GROUP_ROBOTS` are listed read-only; a robot saved under the same name replaces one.
 */
export function robotRoutes(services: () => Services, config: Config): Router {
  const router = exactRouter();
  const list = async () => (await groupRobots(services().db.manager, config.groupRobots)).map(view);

  router.get('/admin/robots', requireRole('admin'), async (ctx) => {
    ctx.body = { robots: await list() };
  });

  router.put('/admin/robots/:name', requireRole('admin'), async (ctx) => {
    const name = robotName.parse(ctx.params.name);
    const body = robotBody.parse(ctx.request.body ?? {});
    await services().db.transaction((m) => saveGroupRobot(m, userOf(ctx).id, { name, ...body }));
    ctx.body = { robots: await list() };
  });

  router.delete('/admin/robots/:name', requireRole('admin'), async (ctx) => {
    const name = robotName.parse(ctx.params.name);
    const { db } = services();
    const entry = (await groupRobots(db.manager, config.groupRobots)).find((r) => r.name === name);
    if (entry?.source === 'config') {
      throw new DomainError(
        'conflict',
        'robot_from_config',
        '此机器人来自服务器配置项 DINGTALK_GROUP_ROBOTS，须在配置中删除',
      );
    }
    await db.transaction((m) => deleteGroupRobot(m, userOf(ctx).id, name));
    ctx.body = { robots: await list() };
  });

  router.post('/admin/robots/:name/test', requireRole('admin'), async (ctx) => {
    const name = robotName.parse(ctx.params.name);
    const { db, dingtalk } = services();
    const webhook = await groupRobotNamed(db.manager, name, config.groupRobots);
    if (!webhook) throw new DomainError('not_found', 'robot_not_found', '没有这个群机器人');
    const text = `【督办系统】群机器人「${name}」测试消息：收到此消息，说明配置正确。`;
    let refusal: string | null = null;
    try {
      await dingtalk.sender.sendGroupRobot(webhook, groupRobotText(text));
    } catch (err) {
      const errcode = err instanceof DingTalkApiError ? Number(err.errcode) : Number.NaN;
      refusal = SEND_REFUSALS[errcode] ?? (err instanceof DingTalkApiError ? err.message : '无法连接钉钉');
    }
    // A message went (or did not go) to a group in the office's name: on the record either way.
    await audit(db.manager, {
      actor: userOf(ctx).id,
      action: 'group_robot.tested',
      subjectType: 'group_robot',
      subjectId: name,
      after: refusal === null ? { sent: true } : { sent: false, reason: refusal },
    });
    if (refusal !== null) throw new ApiError(502, 'robot_send_failed', `测试消息未发出：${refusal}`);
    ctx.body = { sent: true };
  });

  return router;
}
