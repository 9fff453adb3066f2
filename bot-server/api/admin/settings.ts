import type Router from '@koa/router';
import type { DataSource } from 'typeorm';
import { TimeLimitRule as TimeLimitRuleRow } from '../../../entities';
import type { Config } from '../../config/config';
import { groupRobots } from '../../reminders/group-robots';
import { DEFAULT_POLICY, SUBJECT_POLICIES, VARIANT_POLICIES } from '../../reminders/policy';
import { requireRole } from '../auth';
import { exactRouter } from '../router';

/**
 * What the administrator reads but changes elsewhere: the office's own time-limit overrides as stored (so the
 * rules page changes a field without dropping the others; it saves through `PUT /timelimits/rules/:code`), and
 * the reminder settings, which come from the server's configuration (`.env`), the group robots and the reminder
 * policy.
 */
export function settingsRoutes(db: () => DataSource, config: Config): Router {
  const router = exactRouter();

  router.get('/admin/rule-overrides', requireRole('admin'), async (ctx) => {
    const rows = await db()
      .getRepository(TimeLimitRuleRow)
      .find({ order: { code: 'ASC' } });
    ctx.body = {
      overrides: rows.map((r) => ({
        code: r.code,
        definition: r.definition,
        updatedBy: r.updatedBy,
        updatedAt: r.updatedAt,
      })),
    };
  });

  router.get('/admin/reminder-settings', requireRole('admin'), async (ctx) => {
    ctx.body = {
      // REMINDER_OFFICE_HOURS in the server's configuration.
      officeHours: config.reminderOfficeHours,
      // The admin pages' robots and DINGTALK_GROUP_ROBOTS: names only; tokens and 加签 secrets stay on the server.
      groupRobots: (await groupRobots(db().manager, config.groupRobots)).map((r) => ({
        name: r.name,
        signed: r.secret !== null,
      })),
      // The reminder policy's layers (reminders/policy.ts); a rule's own `reminders` come with the rule overrides.
      policy: { defaults: DEFAULT_POLICY, bySubject: SUBJECT_POLICIES, byUrgency: VARIANT_POLICIES },
    };
  });

  return router;
}
