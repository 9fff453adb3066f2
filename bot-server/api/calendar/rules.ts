import type Router from '@koa/router';
import { z } from 'zod';
import { OFFICE_SCOPE, parseInstant } from '../../calendar';
import { INVALID_POLICY_MESSAGE, policyOverrideSchema } from '../../reminders/policy';
import type { Services } from '../../services';
import type { SignedInUser } from '../auth';
import { requireRole } from '../auth';
import { badRequest } from '../errors';
import { exactRouter } from '../router';
import { scope } from './schemas';

const ruleBody = z.record(z.string(), z.unknown());

/** The time-limit rules: read them, preview a deadline, and (administrators) change one, audited and recomputing. */
export function ruleRoutes(services: () => Services): Router {
  const router = exactRouter();

  router.get('/timelimits/rules', async (ctx) => {
    ctx.body = { rules: services().deadlines.listRules() };
  });

  router.put('/timelimits/rules/:code', requireRole('admin'), async (ctx) => {
    const code = z
      .string()
      .regex(/^[a-z0-9_.]{3,64}$/, '规则代码格式有误')
      .parse(ctx.params.code);
    const definition = ruleBody.parse(ctx.request.body);
    // The reminder policy of the rule (reminders/policy.ts, layer 4): refused here rather than stored and skipped.
    if (definition.reminders !== undefined && !policyOverrideSchema.safeParse(definition.reminders).success) {
      throw badRequest('invalid_reminders', INVALID_POLICY_MESSAGE);
    }
    const user = ctx.state.user as SignedInUser;
    ctx.body = { rule: await services().deadlines.setRule(user.id, code, definition) };
  });

  router.get('/timelimits/due', async (ctx) => {
    const query = z
      .object({ rule: z.string().min(1).max(64), receivedAt: z.string().min(1).max(40), scope })
      .parse(ctx.query);
    const deadline = await services().deadlines.preview(
      query.rule,
      parseInstant(query.receivedAt),
      query.scope ?? OFFICE_SCOPE,
    );
    ctx.body = { rule: services().deadlines.rule(query.rule), deadline };
  });

  return router;
}
