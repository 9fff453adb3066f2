import { z } from 'zod';
import { FIGURE_TYPES } from '../../reports/dashboard';
import { badRequest } from '../errors';
import { isoDate } from '../schemas';

export const periodQuery = z.object({
  from: isoDate,
  to: isoDate,
  unit: z.string().trim().min(1, '单位无效').max(32, '单位无效').optional(),
  type: z.enum(FIGURE_TYPES, { message: '统计类型无效' }).optional(),
});

export const drillQuery = periodQuery.extend({
  figure: z.string().min(1, '请指定统计项').max(64),
  limit: z.coerce
    .number({ message: '每页条数应为 1 至 500 的整数' })
    .int('每页条数应为 1 至 500 的整数')
    .min(1, '每页条数应为 1 至 500 的整数')
    .max(500, '每页条数应为 1 至 500 的整数')
    .default(50),
  offset: z.coerce
    .number({ message: '起始位置应为非负整数' })
    .int('起始位置应为非负整数')
    .min(0, '起始位置应为非负整数')
    .default(0),
});

export const year = z.coerce
  .number({ message: '年份无效' })
  .int('年份无效')
  .min(2000, '年份无效')
  .max(2100, '年份无效');

/** A query that does not parse is answered 400 with the first problem, in Chinese. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest('invalid_query', result.error.issues[0]?.message ?? '查询条件有误');
  return result.data;
}
