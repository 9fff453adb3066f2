import type { Context } from 'koa';
import { z } from 'zod';
import { ROLES } from '../../../entities';
import { parseISODate, shanghaiInstant } from '../../calendar';
import type { SignedInUser } from '../auth';

/** What the administration routes accept: every body and query, with the messages a user reads. */

/** Who is asking (the API gate signed them in, the route's guard made sure they administer). */
export const userOf = (ctx: Context) => ctx.state.user as SignedInUser;

export const userId = z.string().trim().min(1, '请选择用户').max(64, '用户标识过长');

const role = z.enum(ROLES, { message: '角色无效：应为领导、督查室、会务、单位负责人、工作人员或管理员' });
const scope = z.string().trim().min(1).max(32, '单位标识过长').nullish();

export const grantBody = z.object({ role, scope });

export const revokeBody = z.object({ role, scope, reason: z.string().trim().max(200, '原因不超过200字').nullish() });

const page = {
  limit: z.coerce.number().int().min(1, '每页条数应为1至100').max(100, '每页条数应为1至100').default(30),
};

export const userQuery = z.object({
  q: z.string().trim().max(64, '搜索内容不超过64字').optional(),
  departmentId: z.string().trim().max(32).optional(),
  role: role.optional(),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  ...page,
});

/** A Shanghai civil date, read as the instant its day starts (`days` later). */
const civilDay = (days: number) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .transform((text, ctx) => {
      try {
        return shanghaiInstant(parseISODate(text) + days);
      } catch {
        ctx.addIssue({ code: 'custom', message: `日期 ${text} 不存在` });
        return z.NEVER;
      }
    });

export const auditQuery = z
  .object({
    actor: z.string().trim().max(64).optional(),
    action: z.string().trim().max(48).optional(),
    subjectType: z.string().trim().max(32).optional(),
    subjectId: z.string().trim().max(64).optional(),
    from: civilDay(0).optional(),
    // The last day is included: entries before the start of the day after it.
    to: civilDay(1).optional(),
    before: z.coerce.number().int().positive().optional(),
    ...page,
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: '起始日期不能晚于结束日期', path: ['from'] });

/** Office hours for reminders, `HH:mm-HH:mm`; null goes back to the server's configuration. */
export const officeHoursBody = z.object({
  officeHours: z
    .string({ message: '请填写办公时间，格式如 08:30-18:00' })
    .trim()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, '办公时间格式应为「08:30-18:00」')
    .nullable(),
});
