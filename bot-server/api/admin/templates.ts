import type Router from '@koa/router';
import type { EntityManager } from 'typeorm';
import { Document, DocumentProblem, DocumentStep, DocumentTemplate } from '../../../entities';
import { DingTalkApiError, type OpenApiClient, PERMISSION_DENIED, type ProcessTemplate } from '../../dingtalk';
import type { WorkflowApi } from '../../documents/service';
import type { Services } from '../../services';
import { requireRole } from '../auth';
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

/** A template not configured yet: its nodes from the instance that arrived unmapped, if any, and why none. */
async function unmappedTemplate(
  workflow: WorkflowApi,
  processCode: string,
  name: string,
  problem: DocumentProblem | undefined,
) {
  const nodes = new Map<string, NodeChoice>();
  let note: string | null = problem?.message ?? null;
  if (problem?.processInstanceId) {
    try {
      await nodesOfInstance(workflow, problem.processInstanceId, nodes);
    } catch {
      note = `${problem.message}；暂未能从钉钉读取其审批节点，可按节点名称添加`;
    }
  } else if (!problem) {
    note = '本系统尚未收到此模板的审批，暂无法读取其审批节点；可按钉钉中的节点名称添加，或待首个审批发起后再配置';
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
 * choose from — those in its stage map, those seen on its documents and, for one not mapped yet, those DingTalk shows
 * on the instance that arrived. `notice` says why DingTalk's list is missing, if it is. Saving goes through
 * `PUT /documents/templates/:processCode`, which checks and audits it.
 */
export function templateRoutes(services: () => Services): Router {
  const router = exactRouter();
  router.get('/admin/templates', requireRole('admin'), async (ctx) => {
    const { db, dingtalk } = services();
    const configured = await db.getRepository(DocumentTemplate).find({ order: { processCode: 'ASC' } });
    const problems = await db
      .getRepository(DocumentProblem)
      .find({ where: { kind: 'unknown_process' }, order: { lastSeenAt: 'DESC' } });
    const corp = await corpTemplates(dingtalk.openApi);
    const corpNames = new Map(corp.templates.map((t) => [t.processCode, t.name]));
    const templates = [];
    for (const t of configured) {
      const nodes = new Map<string, NodeChoice>();
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
    const unmapped = [
      ...corp.templates.map((t) => t.processCode),
      ...problems.flatMap((p) => (p.processCode ? [p.processCode] : [])),
    ];
    for (const processCode of new Set(unmapped)) {
      if (templates.some((t) => t.processCode === processCode)) continue;
      const problem = problems.find((p) => p.processCode === processCode);
      templates.push(await unmappedTemplate(dingtalk.openApi, processCode, corpNames.get(processCode) ?? '', problem));
    }
    ctx.body = { templates, notice: corp.notice };
  });
  return router;
}
