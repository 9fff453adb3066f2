import type { Context } from 'koa';
import { z } from 'zod';
import type { DocumentStage } from '../../../entities';
import { parseStage } from '../../documents/stages';
import type { SignedInUser } from '../auth';
import { badRequest } from '../errors';
import { isoDate } from '../schemas';

/** The bodies and queries of the documents routes: bad input is a 400 with a Chinese message. */

export const id = z.coerce.number().int().positive();

/** Who is asking (the API gate signed them in). */
export const userOf = (ctx: Context) => ctx.state.user as SignedInUser;

export const listQuery = z.object({
  kind: z.enum(['incoming', 'outgoing']).optional(),
  status: z.enum(['open', 'completed', 'refused', 'withdrawn']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  unit: z.string().trim().min(1).max(32).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** The words a registration may give for 紧急程度: a Map, so that no built-in name (`toString`…) is one. */
const URGENCY_WORDS = new Map<string, 'extra_urgent' | 'urgent' | 'normal'>([
  ['extra_urgent', 'extra_urgent'],
  ['urgent', 'urgent'],
  ['normal', 'normal'],
  ['特急', 'extra_urgent'],
  ['加急', 'urgent'],
  ['平件', 'normal'],
]);

export const paperBody = z.object({
  title: z.string().trim().min(1, '请填写公文标题').max(300, '标题不超过300字'),
  docNumber: z.string().trim().max(100, '文号不超过100字').optional(),
  issuingOrg: z.string().trim().max(100, '来文单位不超过100字').optional(),
  urgency: z
    .string()
    .refine((v) => URGENCY_WORDS.has(v), '紧急程度应为特急、加急或平件')
    .transform((v) => URGENCY_WORDS.get(v) ?? 'normal')
    .default('normal'),
  securityLevel: z.string().trim().max(16, '密级不超过16字').optional(),
  receivedAt: z.string().max(40).optional(),
  proposerUserId: z.string().trim().min(1).max(64).optional(),
});

export const assignBody = z.object({
  stage: z.string().trim().min(1, '请选择环节'),
  assigneeUserId: z.string().trim().min(1, '请选择办理人').max(64),
});

/** `批办` or `instruct` → the stage; anything else a 400 (which stages a paper step may take, the domain checks). */
export function stageOf(text: string): DocumentStage {
  const stage = parseStage(text);
  if (!stage) throw badRequest('invalid_stage', `环节「${text}」无效：应为拟办、批办或承办`);
  return stage;
}

export const commentBody = z.object({ comment: z.string().trim().max(1000, '意见不超过1000字').optional() });

/** 办理完毕: the comment, and where the document goes next (none: back to the registrar). */
export const completeBody = commentBody.extend({ next: assignBody.optional() });

export const executeBody = z.object({
  result: z.enum(['agree', 'refuse'], { error: '审批结果应为 agree（同意）或 refuse（拒绝）' }),
  comment: z.string().trim().max(1000, '意见不超过1000字').optional(),
});

export const reconcileBody = z.object({ full: z.boolean().optional() });
