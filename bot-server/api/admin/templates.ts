import type Router from '@koa/router';
import type { EntityManager } from 'typeorm';
import { Document, DocumentProblem, DocumentStep, DocumentTemplate } from '../../../entities';
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

/**
 * The approval templates to map, for the administrator's page: those configured, and those whose approvals
 * arrived unmapped (a document problem names them), each with the nodes to choose from — those in its stage map,
 * those seen on its documents and, for one not mapped yet, those DingTalk shows on its latest instance. Saving goes
 * through `PUT /documents/templates/:processCode`, which checks and audits it.
 */
export function templateRoutes(services: () => Services): Router {
  const router = exactRouter();
  router.get('/admin/templates', requireRole('admin'), async (ctx) => {
    const { db, dingtalk } = services();
    const configured = await db.getRepository(DocumentTemplate).find({ order: { processCode: 'ASC' } });
    const problems = await db
      .getRepository(DocumentProblem)
      .find({ where: { kind: 'unknown_process' }, order: { lastSeenAt: 'DESC' } });
    const templates = [];
    for (const t of configured) {
      const nodes = new Map<string, NodeChoice>();
      for (const key of Object.keys(t.stageMap)) addNode(nodes, key, null);
      await nodesSeen(db.manager, t.processCode, nodes);
      templates.push({
        processCode: t.processCode,
        name: t.name,
        kind: t.kind,
        stageMap: t.stageMap,
        active: t.active,
        mapped: true,
        nodes: [...nodes.values()],
        note: null,
      });
    }
    for (const p of problems) {
      if (!p.processCode || templates.some((t) => t.processCode === p.processCode)) continue;
      const nodes = new Map<string, NodeChoice>();
      let note: string | null = p.message;
      if (p.processInstanceId) {
        try {
          await nodesOfInstance(dingtalk.openApi, p.processInstanceId, nodes);
        } catch {
          note = `${p.message}；暂未能从钉钉读取其审批节点，可按节点名称添加`;
        }
      }
      templates.push({
        processCode: p.processCode,
        name: '',
        kind: null,
        stageMap: {},
        active: false,
        mapped: false,
        nodes: [...nodes.values()],
        note,
      });
    }
    ctx.body = { templates };
  });
  return router;
}
