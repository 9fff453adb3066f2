import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { type DocumentKind, type DocumentStage, DocumentTemplate, type JsonObject } from '../../entities';
import { audit } from '../audit/audit';
import { invalid } from './errors';
import { FORM_FIELDS, type FormField } from './form';
import { type SettleContext, settleDocumentsOf } from './settle';
import { KIND_LABELS, NODE_STAGES_OF_KIND, parseKind, parseStage, REQUIRED_NODE_STAGE, STAGE_LABELS } from './stages';

/**
 * Which DingTalk approval template (process code) is a 收文 or a 发文, and which of its approval nodes stands for
 * which stage. Nodes are named by `activityId` (what `tasks[].activityId` of the instance says; stable across
 * renames) or by node name (`operationRecords[].showName`); stages may be given in English or Chinese.
 */
export interface TemplateDefinition {
  name: string;
  kind: DocumentKind;
  stageMap: Record<string, DocumentStage>;
  /** Extra form labels → document field, beyond the usual 文号 / 来文单位 / 紧急程度 / 密级 labels. */
  formFields?: Record<string, FormField> | null;
  active?: boolean;
}

const PROCESS_CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** The API body of a template; stage names are checked by `checkTemplate`, which knows the kind. */
export const templateBody = z.object({
  name: z.string().trim().min(1, '请填写模板名称').max(100, '模板名称不超过100字'),
  kind: z.string().trim().min(1, '请填写公文类别'),
  stageMap: z.record(z.string().trim().min(1).max(100), z.string().trim().min(1)),
  formFields: z.record(z.string().trim().min(1).max(100), z.enum(FORM_FIELDS)).nullable().optional(),
  active: z.boolean().optional(),
});

/** Validates a template and turns Chinese stage and kind names into ours; refusals carry a Chinese message. */
export function checkTemplate(processCode: string, input: z.infer<typeof templateBody>): TemplateDefinition {
  if (!PROCESS_CODE.test(processCode)) {
    throw invalid('invalid_process_code', '审批模板编码格式有误：应为字母、数字、下划线或短横线，最长64位');
  }
  const kind = parseKind(input.kind);
  if (!kind) throw invalid('invalid_kind', `公文类别「${input.kind}」无效：应为收文（incoming）或发文（outgoing）`);
  const allowed = NODE_STAGES_OF_KIND[kind];
  const choices = allowed.map((s) => STAGE_LABELS[s]).join('、');
  const stageMap: Record<string, DocumentStage> = {};
  for (const [node, text] of Object.entries(input.stageMap)) {
    const stage = parseStage(text);
    if (!stage || !allowed.includes(stage)) {
      throw invalid(
        'invalid_stage',
        `审批节点「${node}」对应的环节「${text}」无效：${KIND_LABELS[kind]}可选${choices}`,
      );
    }
    stageMap[node] = stage;
  }
  const required = REQUIRED_NODE_STAGE[kind];
  if (!Object.values(stageMap).includes(required)) {
    const limit = kind === 'incoming' ? '拟办呈送' : '签发';
    throw invalid(
      'missing_stage',
      `${KIND_LABELS[kind]}模板须有审批节点对应「${STAGE_LABELS[required]}」环节，${limit}时限以此为准`,
    );
  }
  return {
    name: input.name,
    kind,
    stageMap,
    formFields: input.formFields ?? null,
    ...(input.active === undefined ? {} : { active: input.active }),
  };
}

export function listTemplates(manager: EntityManager): Promise<DocumentTemplate[]> {
  return manager.getRepository(DocumentTemplate).find({ order: { processCode: 'ASC' } });
}

const asJson = (t: DocumentTemplate | null): JsonObject | null =>
  t
    ? {
        name: t.name,
        kind: t.kind,
        stageMap: t.stageMap,
        formFields: t.formFields,
        active: t.active,
      }
    : null;

/**
 * Creates or replaces a template, audited, then settles the documents it affects (a node that had no stage gets
 * one and its step deadline). Runs in the caller's transaction.
 */
export async function saveTemplate(
  manager: EntityManager,
  ctx: SettleContext,
  actor: string,
  processCode: string,
  definition: TemplateDefinition,
): Promise<{ template: DocumentTemplate; settled: number }> {
  const repo = manager.getRepository(DocumentTemplate);
  const before = await repo.findOneBy({ processCode });
  const values = {
    name: definition.name,
    kind: definition.kind,
    stageMap: definition.stageMap,
    formFields: definition.formFields ?? null,
    active: definition.active ?? before?.active ?? true,
  };
  if (before) await repo.update({ processCode }, values);
  else await repo.insert({ processCode, ...values });
  const template = await repo.findOneByOrFail({ processCode });
  await audit(manager, {
    actor,
    action: 'document.template.set',
    subjectType: 'document_template',
    subjectId: processCode,
    before: asJson(before),
    after: asJson(template),
  });
  const settled = await settleDocumentsOf(manager, ctx, processCode);
  return { template, settled };
}

/** The active template of a process code, or null (unknown or switched off). */
export async function activeTemplate(
  manager: EntityManager,
  processCode: string | null | undefined,
): Promise<DocumentTemplate | null> {
  if (!processCode) return null;
  return manager.getRepository(DocumentTemplate).findOneBy({ processCode, active: true });
}
