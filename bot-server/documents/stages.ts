import type { DocumentKind, DocumentStage, Urgency } from '../../entities';

/**
 * The stages of a 公文 (DESIGN.md, area documents/): incoming 收文 登记→拟办→批办→承办→办结, outgoing 发文
 * 拟稿→核稿→签发→印发. 登记/拟稿 are the start of the approval (the originator submits it) and 办结 its end, so only
 * the stages between are approval nodes a template maps; each of those has a step-level limit `doc.step.<stage>`.
 */
export const STAGES_OF_KIND: Record<DocumentKind, readonly DocumentStage[]> = {
  incoming: ['register', 'propose', 'instruct', 'handle', 'close'],
  outgoing: ['draft', 'review', 'sign', 'issue'],
};

/** The stages an approval node can stand for (the others are the instance's start and end). */
export const NODE_STAGES_OF_KIND: Record<DocumentKind, readonly DocumentStage[]> = {
  incoming: ['propose', 'instruct', 'handle'],
  outgoing: ['review', 'sign', 'issue'],
};

/** Every template must map a node to this stage: the document-level limit ends there (拟办呈送, 签发). */
export const REQUIRED_NODE_STAGE: Record<DocumentKind, DocumentStage> = { incoming: 'propose', outgoing: 'sign' };

export const STAGE_LABELS: Record<DocumentStage, string> = {
  register: '登记',
  propose: '拟办',
  instruct: '批办',
  handle: '承办',
  close: '办结',
  draft: '拟稿',
  review: '核稿',
  sign: '签发',
  issue: '印发',
};

export const KIND_LABELS: Record<DocumentKind, string> = { incoming: '收文', outgoing: '发文' };

export const URGENCY_LABELS: Record<Urgency, string> = { extra_urgent: '特急', urgent: '加急', normal: '平件' };

/** The rule code suffix of each urgency (default-rules: extra_urgent / urgent / routine). */
export const URGENCY_RULE_VARIANT: Record<Urgency, string> = {
  extra_urgent: 'extra_urgent',
  urgent: 'urgent',
  normal: 'routine',
};

/** The step-level rule of a stage; stages without one get no step deadline. */
export const stepRuleCode = (stage: DocumentStage) => `doc.step.${stage}`;

/** `propose` or `拟办` → `propose`; undefined when neither. */
export function parseStage(text: string): DocumentStage | undefined {
  const trimmed = text.trim();
  if ((Object.keys(STAGE_LABELS) as DocumentStage[]).includes(trimmed as DocumentStage))
    return trimmed as DocumentStage;
  return (Object.entries(STAGE_LABELS) as [DocumentStage, string][]).find(([, label]) => label === trimmed)?.[0];
}

/**
 * The stage a template's node map gives an approval node: by its activity id, else by its name. Only the map's own
 * entries count, so a node DingTalk calls `toString` or `constructor` is not given a built-in function as a stage.
 */
export function stageOfNode(
  stageMap: Readonly<Record<string, DocumentStage>>,
  activityId: string | null,
  nodeName: string | null,
): DocumentStage | undefined {
  const own = (key: string | null) => (key !== null && Object.hasOwn(stageMap, key) ? stageMap[key] : undefined);
  return own(activityId) ?? own(nodeName);
}

/** `incoming`/`收文` → `incoming`, `outgoing`/`发文` → `outgoing`. */
export function parseKind(text: string): DocumentKind | undefined {
  const trimmed = text.trim();
  if (trimmed === 'incoming' || trimmed === KIND_LABELS.incoming) return 'incoming';
  if (trimmed === 'outgoing' || trimmed === KIND_LABELS.outgoing) return 'outgoing';
  return undefined;
}

/**
 * Reads a form's 紧急程度. 特急 / 特提 → extra urgent; 加急 / 急件 / 紧急 / 急 → urgent; 平件 / 普通 / 一般 / 平急 /
 * empty → normal (平急 is the telegram grade below 加急, reference time-limits.md 紧急程度 labels). Anything else:
 * `undefined`, so the caller can say it could not read it.
 */
export function parseUrgency(text: string): Urgency | undefined {
  const value = text.trim().replace(/\s+/g, '');
  if (value === '' || ['平件', '普通', '一般', '平急', '常规', 'normal', 'routine'].includes(value)) return 'normal';
  if (['特急', '特提', 'extra_urgent'].includes(value)) return 'extra_urgent';
  if (['加急', '急件', '紧急', '急', 'urgent'].includes(value)) return 'urgent';
  return undefined;
}
