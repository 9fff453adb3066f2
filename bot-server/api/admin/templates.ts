import type Router from '@koa/router';
import type { EntityManager } from 'typeorm';
import { Document, DocumentProblem, DocumentStep, DocumentTemplate } from '../../../entities';
import {
  DingTalkApiError,
  type ForecastNode,
  type OpenApiClient,
  PERMISSION_DENIED,
  type ProcessTemplate,
} from '../../dingtalk';
import type { WorkflowApi } from '../../documents/service';
import type { Services } from '../../services';
import { requireRole, type SignedInUser } from '../auth';
import { exactRouter } from '../router';

/** An approval node an administrator can map: its key in the stage map (activity id, else name) and its name. */
interface NodeChoice {
  key: string;
  name: string | null;
}

const addNode = (nodes: Map<string, NodeChoice>, key: string | null | undefined, name: string | null | undefined) => {
  const k = key || name;
  if (!k) return;
  const known = nodes.get(k);
  nodes.set(k, { key: k, name: known?.name ?? name ?? null });
};

/** The nodes seen on the template's documents, by activity id and name. */
async function nodesSeen(manager: EntityManager, processCode: string, nodes: Map<string, NodeChoice>) {
  const steps = await manager
    .getRepository(DocumentStep)
    .createQueryBuilder('s')
    .select(['s.activityId AS activityId', 's.nodeName AS nodeName'])
    .innerJoin(Document, 'd', 'd.id = s.documentId')
    .where('d.processCode = :processCode', { processCode })
    .distinct(true)
    .getRawMany<{ activityId: string | null; nodeName: string | null }>();
  for (const s of steps) addNode(nodes, s.activityId, s.nodeName);
}

/** The nodes DingTalk shows on an instance of the template: the tasks' activity ids, the records' names. */
async function nodesOfInstance(workflow: WorkflowApi, instanceId: string, nodes: Map<string, NodeChoice>) {
  const instance = await workflow.getProcessInstance(instanceId);
  for (const r of instance.operationRecords ?? []) if (r.activityId) addNode(nodes, r.activityId, r.showName);
  for (const t of instance.tasks ?? []) addNode(nodes, t.activityId, null);
}

/** How long what DingTalk said of the corp's forms is reused: the page is reloaded often, the forms change rarely. */
export const TEMPLATE_CACHE_MS = 60_000;

/** Answers kept for `TEMPLATE_CACHE_MS`, by key: those its loader says to keep (not DingTalk's refusals). */
export class ShortCache {
  private readonly entries = new Map<string, { at: number; value: unknown }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get<T>(key: string, refresh: boolean, load: () => Promise<{ value: T; keep: boolean }>): Promise<T> {
    const hit = this.entries.get(key);
    if (!refresh && hit && this.now() - hit.at < TEMPLATE_CACHE_MS) return hit.value as T;
    this.entries.delete(key);
    const { value, keep } = await load();
    if (keep) this.entries.set(key, { at: this.now(), value });
    return value;
  }
}

/** More pages than any corp has forms (100 a page): a bound against a cursor that never ends. */
const MAX_TEMPLATE_PAGES = 20;

/**
 * Every approval form of the corp, or the Chinese notice of why DingTalk did not list them. The forms come from the
 * "visible forms" API without a user (every form of the corp, docs/dingtalk.md §7.6) rather than from "forms the
 * user manages": that one needs a DingTalk user who administers approval forms, which a Duban administrator need
 * not be.
 */
async function corpTemplates(
  openApi: Pick<OpenApiClient, 'listProcessTemplates'>,
): Promise<{ templates: ProcessTemplate[]; notice: string | null }> {
  const templates: ProcessTemplate[] = [];
  try {
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_TEMPLATE_PAGES; page++) {
      const answer = await openApi.listProcessTemplates({ maxResults: 100, ...(nextToken ? { nextToken } : {}) });
      templates.push(...answer.templates);
      nextToken = answer.nextToken;
      if (nextToken === undefined) break;
    }
    return { templates, notice: null };
  } catch (err) {
    const known = '下列仅为已配置或已收到其审批的模板';
    if (err instanceof DingTalkApiError && err.errcode === PERMISSION_DENIED) {
      return {
        templates: [],
        notice: `未能从钉钉读取本单位的审批模板：应用尚未开通「工作流模板读权限」（Workflow.Form.Read）。请在钉钉开发者后台「权限管理」中申请该权限并发布新版本；${known}。`,
      };
    }
    return { templates: [], notice: `暂未能从钉钉读取本单位的审批模板，请稍后刷新；${known}。` };
  }
}

/** A form's predicted nodes (in the flow's order), or null when DingTalk could not predict them. */
type Forecasts = Map<string, NodeChoice[] | null>;

/**
 * DingTalk refuses a forecast without form values (`componentIsNull`); one value no control is named after lets it
 * walk the flow as for an empty form. Nodes behind a branch condition on a form value may so be left out: those are
 * added as approvals show them.
 */
const FORECAST_FORM = [{ name: '督办预测审批节点', value: '预测' }];

/** DingTalk's answers about the form itself (approval-process-prediction, 错误码): asking again gives the same. */
const FORM_ANSWERS = new Set(['processCodeError', 'formNotExist', 'forecastError']);

/** The refusals that hold for every form alike: asking for the others would only be refused again. */
function forecastNotice(err: unknown, user: SignedInUser): string | null {
  if (!(err instanceof DingTalkApiError)) return null;
  const seen = '下列审批节点仅为已收到的审批中出现过的节点';
  if (err.errcode === PERMISSION_DENIED) {
    return `未能从钉钉预测审批模板的审批节点：应用尚未开通「工作流实例写权限」（Workflow.Instance.Write）。请在钉钉开发者后台「权限管理」中申请该权限并发布新版本；${seen}。`;
  }
  if (err.errcode === 'userNotExist' || err.errcode === 'invalidUserId') {
    return `未能从钉钉预测审批模板的审批节点：钉钉通讯录中没有当前登录的管理员${user.name}，请由本单位钉钉通讯录中的管理员登录后查看；${seen}。`;
  }
  return null;
}

/**
 * The nodes DingTalk predicts for each form, as an approval started by the signed-in administrator (a Duban user is
 * keyed by their DingTalk userid) from their primary department would pass them; the root department (1) when that
 * is not a DingTalk department. Asked a few forms at a time; a refusal that holds for all stops the asking.
 */
async function forecastAll(
  openApi: Pick<OpenApiClient, 'forecastProcess'>,
  cache: ShortCache,
  scope: { corpId: string; refresh: boolean; user: SignedInUser },
  processCodes: string[],
): Promise<{ forecasts: Forecasts; notice: string | null }> {
  const { corpId, refresh, user } = scope;
  const department = Number(user.primaryDepartmentId);
  const deptId = Number.isSafeInteger(department) && department > 0 ? department : 1;
  const forecasts: Forecasts = new Map();
  const refused: { notice: string | null } = { notice: null };
  const one = (processCode: string) =>
    cache.get(`${corpId}\u0000forecast\u0000${processCode}`, refresh, async () => {
      try {
        const predicted = await openApi.forecastProcess({
          processCode,
          userId: user.id,
          deptId,
          formComponentValues: FORECAST_FORM,
        });
        return { value: predicted.map((n: ForecastNode) => ({ key: n.activityId, name: n.activityName })), keep: true };
      } catch (err) {
        refused.notice ??= forecastNotice(err, user);
        // DingTalk's word on this form (gone, or no flow to predict) is kept; a refusal or a failure is not.
        const definite = err instanceof DingTalkApiError && FORM_ANSWERS.has(String(err.errcode));
        return { value: null, keep: definite };
      }
    });
  for (let i = 0; i < processCodes.length && refused.notice === null; i += FORECASTS_AT_ONCE) {
    const batch = processCodes.slice(i, i + FORECASTS_AT_ONCE);
    const answers = await Promise.all(batch.map(one));
    for (const [j, code] of batch.entries()) forecasts.set(code, answers[j] ?? null);
  }
  return { forecasts, notice: refused.notice };
}

/** Forecasts asked at once: well under DingTalk's 20 calls/s per API (docs/dingtalk.md §8.2). */
const FORECASTS_AT_ONCE = 4;

/** Why the page offers the nodes it does for a form nobody has used, or cannot offer any. */
function neverUsedNote(forecast: NodeChoice[] | null | undefined): string {
  if (forecast && forecast.length > 0) {
    return '本系统尚未收到此模板的审批；下列审批节点系按钉钉中的流程设置预测，条件分支中的节点可能未全部列出，可按节点名称补充';
  }
  if (forecast) return '钉钉预测此模板的流程中没有审批节点；如有，可按钉钉中的节点名称添加';
  return '本系统尚未收到此模板的审批，且未能从钉钉预测其审批节点；可按钉钉中的节点名称添加，或待首个审批发起后再配置';
}

/** A template not configured yet: its nodes as predicted and as the instance that arrived unmapped shows, and why none. */
async function unmappedTemplate(
  workflow: WorkflowApi,
  processCode: string,
  name: string,
  problem: DocumentProblem | undefined,
  forecast: NodeChoice[] | null | undefined,
) {
  const nodes = new Map<string, NodeChoice>();
  for (const n of forecast ?? []) addNode(nodes, n.key, n.name);
  let note: string | null = problem?.message ?? null;
  if (problem?.processInstanceId) {
    try {
      await nodesOfInstance(workflow, problem.processInstanceId, nodes);
    } catch {
      if (nodes.size === 0) note = `${problem.message}；暂未能从钉钉读取其审批节点，可按节点名称添加`;
    }
  } else if (!problem) {
    note = neverUsedNote(forecast);
  }
  return {
    processCode,
    name,
    dingtalkName: name || null,
    kind: null,
    stageMap: {},
    active: false,
    mapped: false,
    nodes: [...nodes.values()],
    note,
  };
}

/**
 * The approval templates to map, for the administrator's page: those configured, the corp's other forms as DingTalk
 * lists them, and those whose approvals arrived unmapped (a document problem names them), each with the nodes to
 * choose from — those DingTalk predicts for it (in the flow's order), those in its stage map, those seen on its
 * documents and, for one not mapped yet, those DingTalk shows on the instance that arrived. What DingTalk answered
 * is reused for `TEMPLATE_CACHE_MS`, by corp; `?refresh=1` asks it again. `notice` says what DingTalk would not
 * tell, if anything. Saving goes through `PUT /documents/templates/:processCode`, which checks and audits it.
 */
export function templateRoutes(services: () => Services, corpId: string): Router {
  const router = exactRouter();
  const cache = new ShortCache();
  router.get('/admin/templates', requireRole('admin'), async (ctx) => {
    const { db, dingtalk } = services();
    const refresh = ctx.query.refresh === '1';
    const configured = await db.getRepository(DocumentTemplate).find({ order: { processCode: 'ASC' } });
    const problems = await db
      .getRepository(DocumentProblem)
      .find({ where: { kind: 'unknown_process' }, order: { lastSeenAt: 'DESC' } });
    const corp = await cache.get(`${corpId}\u0000templates`, refresh, async () => {
      const answer = await corpTemplates(dingtalk.openApi);
      return { value: answer, keep: answer.notice === null };
    });
    const corpNames = new Map(corp.templates.map((t) => [t.processCode, t.name]));
    const codes = [
      ...configured.map((t) => t.processCode),
      ...corp.templates.map((t) => t.processCode),
      ...problems.flatMap((p) => (p.processCode ? [p.processCode] : [])),
    ];
    const predicted = await forecastAll(
      dingtalk.openApi,
      cache,
      { corpId, refresh, user: ctx.state.user as SignedInUser },
      [...new Set(codes)],
    );
    const templates = [];
    for (const t of configured) {
      const nodes = new Map<string, NodeChoice>();
      for (const n of predicted.forecasts.get(t.processCode) ?? []) addNode(nodes, n.key, n.name);
      for (const key of Object.keys(t.stageMap)) addNode(nodes, key, null);
      await nodesSeen(db.manager, t.processCode, nodes);
      templates.push({
        processCode: t.processCode,
        name: t.name,
        dingtalkName: corpNames.get(t.processCode) ?? null,
        kind: t.kind,
        stageMap: t.stageMap,
        active: t.active,
        mapped: true,
        nodes: [...nodes.values()],
        note: null,
      });
    }
    for (const processCode of new Set(codes)) {
      if (templates.some((t) => t.processCode === processCode)) continue;
      const problem = problems.find((p) => p.processCode === processCode);
      const name = corpNames.get(processCode) ?? '';
      const forecast = predicted.forecasts.get(processCode);
      templates.push(await unmappedTemplate(dingtalk.openApi, processCode, name, problem, forecast));
    }
    const notice = [corp.notice, predicted.notice].filter((n) => n !== null).join('');
    ctx.body = { templates, notice: notice || null };
  });
  return router;
}
