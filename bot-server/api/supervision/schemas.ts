import { z } from 'zod';
import { MATTER_SOURCES, MATTER_STATUSES } from '../../../entities';
import { TIMELINESS } from '../../supervision/status';
import { isoDate } from '../schemas';

/** What the supervision routes accept: every body and query, with the messages a user reads. */

export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
export const id = z.coerce.number().int().positive();
const text = (min: number, max: number, message: string) => z.string().trim().min(min, message).max(max);
const unitId = z.string().trim().min(1, '请选择单位').max(32);
const userId = z.string().trim().min(1).max(64);
const amount = z.number().int().min(1).max(366);

export const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const monthQuery = z.object({ month });

export const assignBody = z.object({
  source: z.enum(MATTER_SOURCES),
  title: text(2, 300, '请填写事项标题'),
  content: z.string().max(20000).nullish(),
  assignedByUserId: userId.nullish(),
  leadDepartmentId: unitId,
  coDepartmentIds: z.array(unitId).max(30).optional(),
  responsibleUserId: userId.nullish(),
  dueDate: isoDate.nullish(),
  urgent: z.boolean().optional(),
  /** 补录: when it was assigned on paper (ISO-8601); never in the future. */
  assignedAt: z.string().max(40).nullish(),
  documentId: z.number().int().positive().nullish(),
  meetingId: z.number().int().positive().nullish(),
  proposer: z.string().trim().max(64).nullish(),
});

export const listQuery = z.object({
  source: z.enum(MATTER_SOURCES).optional(),
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',') : undefined))
    .pipe(z.array(z.enum(MATTER_STATUSES)).optional()),
  timeliness: z.enum(TIMELINESS).optional(),
  light: z.enum(['blue', 'yellow', 'red']).optional(),
  departmentId: z.string().max(32).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().max(100).optional(),
  mine: z.enum(['lead', 'co_opinion']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

/** The bodies of the steps of a matter's lifecycle, by the step's route. */
export const stepBodies = {
  accept: z.object({ note: z.string().max(2000).nullish() }),
  progress: z.object({
    content: text(2, 20000, '请填写进展情况'),
    attachments: z
      .array(
        z.object({
          name: text(1, 200, '请填写附件名称'),
          url: z
            .string()
            .trim()
            .regex(/^https?:\/\/\S+$/, '附件链接应以 http:// 或 https:// 开头')
            .max(2000),
        }),
      )
      .max(20)
      .optional(),
    period: month.nullish(),
  }),
  coOpinion: z.object({ content: text(2, 20000, '请填写协办意见') }),
  extension: z.object({ amount, reason: text(2, 2000, '请说明延期理由') }),
  decision: z.object({ approve: z.boolean(), note: z.string().max(2000).nullish(), amount: amount.nullish() }),
  complete: z.object({
    reply: text(2, 20000, '请填写办理结果'),
    outcomeClass: z.enum(['A', 'B', 'C', 'D']).nullish(),
    metDeputy: z.boolean().nullish(),
  }),
  return: z.object({ reason: text(2, 2000, '请说明退回理由') }),
  redo: z.object({ reason: text(2, 2000, '请说明退回重办的理由') }),
  reassign: z.object({
    leadDepartmentId: unitId,
    coDepartmentIds: z.array(unitId).max(30).optional(),
    responsibleUserId: userId.nullish(),
    reason: text(2, 2000, '请说明改派理由'),
  }),
  urge: z.object({ note: z.string().max(500).nullish() }),
  feedback: z.object({
    satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']),
    metDeputy: z.boolean().nullish(),
  }),
  evaluate: z.object({
    grade: z.enum(['excellent', 'good', 'fair', 'poor']),
    comment: z.string().max(2000).nullish(),
  }),
};

export const importQuery = z.object({
  source: z.enum(MATTER_SOURCES).optional(),
  dryRun: z.enum(['0', '1', 'true', 'false']).optional(),
});
