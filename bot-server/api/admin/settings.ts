import type Router from '@koa/router';
import type { DataSource } from 'typeorm';
import { TimeLimitRule as TimeLimitRuleRow } from '../../../entities';
import type { Config } from '../../config/config';
import { groupRobots } from '../../reminders/group-robots';
import { describeOfficeHours, parseOfficeHours } from '../../reminders/office-hours';
import { officeHoursSetting, saveOfficeHours } from '../../reminders/office-hours-setting';
import {
  DEFAULT_POLICY,
  INVALID_POLICY_MESSAGE,
  officePolicySchema,
  SUBJECT_POLICIES,
  VARIANT_POLICIES,
} from '../../reminders/policy';
import { officePolicySetting, saveOfficePolicy } from '../../reminders/policy-setting';
import { requireRole } from '../auth';
import { badRequest } from '../errors';
import { exactRouter } from '../router';
import { officeHoursBody, userOf } from './schemas';

/**
 * What the administrator reads but changes elsewhere: the office's own time-limit overrides as stored (so the
 * rules page changes a field without dropping the others; it saves through `PUT /timelimits/rules/:code`), and
 * the reminder settings: office hours (changed here, else the server's `REMINDER_OFFICE_HOURS`), the group robots
 * and the reminder policy (its defaults changed here).
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

  const configured = parseOfficeHours(config.reminderOfficeHours);
  const reminderSettings = async () => {
    const hours = await officeHoursSetting(db().manager, configured);
    const office = await officePolicySetting(db().manager);
    return {
      officeHours: describeOfficeHours(hours.hours),
      officeHoursSet: { source: hours.source, by: hours.updatedBy, at: hours.updatedAt },
      // REMINDER_OFFICE_HOURS in the server's configuration: what 恢复默认 goes back to.
      configuredOfficeHours: describeOfficeHours(configured),
      // The admin pages' robots and DINGTALK_GROUP_ROBOTS: names only; tokens and 加签 secrets stay on the server.
      groupRobots: (await groupRobots(db().manager, config.groupRobots)).map((r) => ({
        name: r.name,
        signed: r.secret !== null,
      })),
      // The reminder policy's layers (reminders/policy.ts): the office's defaults (built-in ones with what the office
      // changed), then by subject and urgency; a rule's own `reminders` come with the rule overrides.
      policy: {
        defaults: office.policy,
        builtIn: DEFAULT_POLICY,
        office: office.override,
        officeSet: { by: office.updatedBy, at: office.updatedAt },
        bySubject: SUBJECT_POLICIES,
        byUrgency: VARIANT_POLICIES,
      },
    };
  };

  router.get('/admin/reminder-settings', requireRole('admin'), async (ctx) => {
    ctx.body = await reminderSettings();
  });

  // Office hours: `{"officeHours": "08:00-17:30"}`, or null to go back to the configuration. Held from the next pass.
  router.put('/admin/reminder-settings/office-hours', requireRole('admin'), async (ctx) => {
    const { officeHours } = officeHoursBody.parse(ctx.request.body ?? {});
    await db().transaction((m) => saveOfficeHours(m, userOf(ctx).id, officeHours, configured));
    ctx.body = await reminderSettings();
  });

  // The office's default reminder policy: `{"reminders": {"unitHeadAfter": 3}}` (the fields changed), or null to go
  // back to the built-in one. Held from the next planning pass.
  router.put('/admin/reminder-settings/policy', requireRole('admin'), async (ctx) => {
    const body = (ctx.request.body ?? {}) as { reminders?: unknown };
    const parsed = body.reminders === null ? null : officePolicySchema.safeParse(body.reminders);
    if (parsed && !parsed.success) throw badRequest('invalid_reminders', INVALID_POLICY_MESSAGE);
    await db().transaction((m) => saveOfficePolicy(m, userOf(ctx).id, parsed ? parsed.data : null));
    ctx.body = await reminderSettings();
  });

  return router;
}
