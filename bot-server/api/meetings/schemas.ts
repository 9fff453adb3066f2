import type { Context } from 'koa';
import { z } from 'zod';
import type { SignedInUser } from '../auth';
import { instant, isoDate } from '../schemas';

/** What the meetings routes accept: every body and query, with the messages a user reads. */

export const id = z.coerce.number().int().positive();
const userId = z.string().trim().min(1).max(64);
const unitId = z.string().trim().min(1).max(32);

/** Who is asking (the API gate signed them in). */
export const userOf = (ctx: Context) => ctx.state.user as SignedInUser;

export const typeCode = z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, '类型代码应为小写字母、数字或下划线');

export const typeBody = z.object({
  name: z.string().trim().min(2, '请填写类型名称').max(50),
  sortOrder: z.number().int().min(0).max(10000).optional(),
  active: z.boolean().optional(),
});

export const meetingBody = z.object({
  type: z.string().trim().min(1, '请选择会议类型').max(32),
  title: z.string().trim().min(2, '请填写会议名称').max(200),
  startsAt: instant('请填写有效的会议时间'),
  endsAt: instant('请填写有效的结束时间').nullish(),
  place: z.string().trim().max(200).nullish(),
  agenda: z.string().trim().max(5000).nullish(),
  confirmBy: instant('请填写有效的回执截止时间').nullish(),
  organiserUserId: userId.nullish(),
  presiderUserId: userId.nullish(),
  attendeeUserIds: z.array(userId).max(500).optional(),
  attendeeDepartmentIds: z.array(unitId).max(100).optional(),
});

export const cancelBody = z.object({ reason: z.string().trim().min(2, '请填写取消原因').max(500) });

export const receiptBody = z.discriminatedUnion('response', [
  z.object({ response: z.literal('confirmed') }),
  z.object({ response: z.literal('leave'), reason: z.string().trim().min(2, '请填写请假事由').max(500) }),
  z.object({
    response: z.literal('substitute'),
    substituteUserId: userId,
    reason: z.string().trim().max(500).nullish(),
  }),
]);

export const nominateBody = z.object({ userIds: z.array(userId).min(1, '请选择参会人员').max(20) });

export const signInBody = z.object({ code: z.string().trim().max(16).default('') });

export const decisionBody = z.object({
  content: z.string().trim().min(4, '请填写议定事项内容').max(5000),
  leadDepartmentId: unitId,
  coDepartmentIds: z.array(unitId).max(30).optional(),
  responsibleUserId: userId.nullish(),
  dueDate: isoDate.nullish(),
});

export const period = z.object({ from: isoDate, to: isoDate });

/** The notice's period, and whether to name district leaders too (query `true`/`1`, or a JSON boolean). */
export const disciplinePeriod = period.extend({
  includeLeaders: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .optional()
    .transform((v) => v === true || v === 'true' || v === '1'),
});

export const withdrawBody = z.object({ reason: z.string().trim().min(2, '请填写撤回原因').max(200) });

export const listQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  type: z.string().max(32).optional(),
  status: z.enum(['draft', 'notified', 'held', 'cancelled']).optional(),
  mine: z
    .enum(['1', 'true'])
    .optional()
    .transform((v) => v !== undefined),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
