import ExcelJS from 'exceljs';
import {
  AuditLog,
  CalendarOverride,
  Deadline,
  Document,
  DocumentStep,
  DocumentTemplate,
  Evaluation,
  ExtensionRequest,
  Matter,
  OutboxNotification,
  ProgressReport,
  TimeLimitRule,
} from '../../entities';
import { actionOfPurpose } from '../reminders/describe';
import { refusalReason } from '../reminders/receipts';
import { SupervisionError } from '../supervision';
import type { Actor, MatterView } from '../supervision/types';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';

/** Names every plain object inherits: as a value looked up in an object they must count as unknown, never as found. */
const BUILT_IN_NAMES = ['toString', '__proto__', 'constructor', 'hasOwnProperty'] as const;
type ErrorBody = { error?: { code: string; message: string } };

/** A request whose enum-like field carries `v`. */
interface Case {
  route: string;
  user: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: (v: string) => string;
  body?: (v: string) => unknown;
}

const q = encodeURIComponent;
const PERIOD = 'from=2026-01-01&to=2026-03-31';

describe.each(testDatabases())('built-in names as enum values on $name', (target) => {
  const ids = { matter: 0, completed: 0, suggestion: 0, answered: 0, document: 0, step: 0 };
  const office: Actor = { id: 'sunli', roles: [{ role: 'supervision_office', scope: '*' }] };
  const clock = new Date('2026-06-15T10:00:00+08:00');
  const demo = useDemoDuban(target, {
    users: ['sunli', 'hanbing', 'wufang', 'qianwei', 'chenjing'],
    clock: { now: () => clock, on: ['matters', 'documents'] },
  });
  const call = demo.caller<ErrorBody>('/api');

  beforeAll(async () => {
    const assign = async (body: Record<string, unknown>) => {
      const res = await call<{ matter: MatterView }>('sunli', '/supervision/matters', 'POST', {
        leadDepartmentId: '33',
        responsibleUserId: 'hanbing',
        ...body,
      });
      expect(res.status).toBe(201);
      return res.body.matter.id;
    };
    ids.matter = await assign({ source: 'leader_instruction', title: '关于背街小巷整治的批示' });
    await call('hanbing', `/supervision/matters/${ids.matter}/accept`, 'POST', {});
    ids.completed = await assign({ source: 'leader_instruction', title: '关于路灯维修的批示' });
    await call('hanbing', `/supervision/matters/${ids.completed}/accept`, 'POST', {});
    await call('hanbing', `/supervision/matters/${ids.completed}/complete`, 'POST', { reply: '已全部修复' });
    ids.suggestion = await assign({ source: 'npc_suggestion', title: '关于增设公交站点的建议', proposer: '代表甲' });
    await call('hanbing', `/supervision/matters/${ids.suggestion}/accept`, 'POST', {});
    ids.answered = await assign({ source: 'cppcc_proposal', title: '关于完善社区养老服务的提案', proposer: '委员乙' });
    await call('hanbing', `/supervision/matters/${ids.answered}/accept`, 'POST', {});
    const answered = await call('hanbing', `/supervision/matters/${ids.answered}/complete`, 'POST', {
      reply: '已答复委员',
      outcomeClass: 'A',
      metDeputy: true,
    });
    expect(answered.status).toBe(200);

    const paper = await call<{ document: { id: number } }>('wufang', '/documents/paper', 'POST', {
      title: '关于报送年度统计数据的通知',
      urgency: '平件',
      proposerUserId: 'hanbing',
    });
    expect(paper.status).toBe(201);
    ids.document = paper.body.document.id;
    ids.step = (await demo.db.getRepository(DocumentStep).findOneByOrFail({ documentId: ids.document })).id;
  });

  /** Everything a refused request must leave as it was. */
  const snapshot = async () => ({
    matters: await demo.db.getRepository(Matter).find({ order: { id: 'ASC' } }),
    deadlines: await demo.db.getRepository(Deadline).count(),
    evaluations: await demo.db.getRepository(Evaluation).count(),
    reports: await demo.db.getRepository(ProgressReport).count(),
    extensions: await demo.db.getRepository(ExtensionRequest).count(),
    documents: await demo.db.getRepository(Document).count(),
    steps: await demo.db.getRepository(DocumentStep).count(),
    templates: await demo.db.getRepository(DocumentTemplate).count(),
    overrides: await demo.db.getRepository(CalendarOverride).count(),
    rules: await demo.db.getRepository(TimeLimitRule).count(),
    outbox: await demo.db.getRepository(OutboxNotification).count(),
    audit: await demo.db.getRepository(AuditLog).count(),
  });

  const cases: Case[] = [
    // 公文
    { route: 'GET /documents kind', user: 'wufang', path: (v) => `/documents?kind=${q(v)}` },
    { route: 'GET /documents status', user: 'wufang', path: (v) => `/documents?status=${q(v)}` },
    { route: 'GET /documents overdue', user: 'wufang', path: (v) => `/documents?overdue=${q(v)}` },
    {
      route: 'POST /documents/paper urgency',
      user: 'wufang',
      method: 'POST',
      path: () => '/documents/paper',
      body: (v) => ({ title: '关于开展安全检查的通知', urgency: v }),
    },
    {
      route: 'POST /documents/:id/steps stage',
      user: 'wufang',
      method: 'POST',
      path: () => `/documents/${ids.document}/steps`,
      body: (v) => ({ stage: v, assigneeUserId: 'hanbing' }),
    },
    {
      route: 'POST /documents/steps/:id/execute result',
      user: 'hanbing',
      method: 'POST',
      path: () => `/documents/steps/${ids.step}/execute`,
      body: (v) => ({ result: v }),
    },
    {
      route: 'PUT /documents/templates/:code kind',
      user: 'qianwei',
      method: 'PUT',
      path: () => '/documents/templates/PROTO_KIND',
      body: (v) => ({ name: '测试模板', kind: v, stageMap: { n1: '拟办' } }),
    },
    {
      route: 'PUT /documents/templates/:code stage',
      user: 'qianwei',
      method: 'PUT',
      path: () => '/documents/templates/PROTO_STAGE',
      body: (v) => ({ name: '测试模板', kind: '收文', stageMap: { n1: v } }),
    },
    {
      route: 'PUT /documents/templates/:code form field',
      user: 'qianwei',
      method: 'PUT',
      path: () => '/documents/templates/PROTO_FIELD',
      body: (v) => ({ name: '测试模板', kind: '收文', stageMap: { n1: '拟办' }, formFields: { 文号: v } }),
    },
    // 督查督办
    { route: 'GET /supervision/matters source', user: 'sunli', path: (v) => `/supervision/matters?source=${q(v)}` },
    { route: 'GET /supervision/matters status', user: 'sunli', path: (v) => `/supervision/matters?status=${q(v)}` },
    {
      route: 'GET /supervision/matters timeliness',
      user: 'sunli',
      path: (v) => `/supervision/matters?timeliness=${q(v)}`,
    },
    { route: 'GET /supervision/matters light', user: 'sunli', path: (v) => `/supervision/matters?light=${q(v)}` },
    {
      route: 'GET /supervision/matters/export.xlsx source',
      user: 'sunli',
      path: (v) => `/supervision/matters/export.xlsx?source=${q(v)}`,
    },
    {
      route: 'POST /supervision/matters source',
      user: 'sunli',
      method: 'POST',
      path: () => '/supervision/matters',
      body: (v) => ({ source: v, title: '关于河道保洁的批示', leadDepartmentId: '33' }),
    },
    {
      route: 'POST /supervision/matters/:id/progress period',
      user: 'hanbing',
      method: 'POST',
      path: () => `/supervision/matters/${ids.matter}/progress`,
      body: (v) => ({ content: '已完成现场踏勘', period: v }),
    },
    {
      route: 'POST /supervision/matters/:id/complete outcomeClass',
      user: 'hanbing',
      method: 'POST',
      path: () => `/supervision/matters/${ids.suggestion}/complete`,
      body: (v) => ({ reply: '已答复代表', outcomeClass: v, metDeputy: true }),
    },
    {
      route: 'POST /supervision/matters/:id/feedback satisfaction',
      user: 'sunli',
      method: 'POST',
      path: () => `/supervision/matters/${ids.answered}/feedback`,
      body: (v) => ({ satisfaction: v }),
    },
    {
      route: 'POST /supervision/matters/:id/evaluate grade',
      user: 'sunli',
      method: 'POST',
      path: () => `/supervision/matters/${ids.completed}/evaluate`,
      body: (v) => ({ grade: v }),
    },
    {
      route: 'GET /supervision/bulletins/preview month',
      user: 'sunli',
      path: (v) => `/supervision/bulletins/preview?month=${q(v)}`,
    },
    // 统计
    { route: 'GET /reports/figures type', user: 'sunli', path: (v) => `/reports/figures?${PERIOD}&type=${q(v)}` },
    { route: 'GET /reports/drill figure', user: 'sunli', path: (v) => `/reports/drill?${PERIOD}&figure=${q(v)}` },
    {
      route: 'GET /reports/drill type',
      user: 'chenjing',
      path: (v) => `/reports/drill?${PERIOD}&figure=documents.step.propose.onTimeRate&type=${q(v)}`,
    },
    { route: 'GET /reports/annual/:year', user: 'sunli', path: (v) => `/reports/annual/${q(v)}` },
    // 日历与时限
    {
      route: 'PUT /calendar/overrides kind',
      user: 'qianwei',
      method: 'PUT',
      path: () => '/calendar/overrides',
      body: (v) => ({ date: '2026-07-06', kind: v, reason: '临时停电闭馆' }),
    },
    {
      route: 'PUT /calendar/overrides scope',
      user: 'qianwei',
      method: 'PUT',
      path: () => '/calendar/overrides',
      body: (v) => ({ date: '2026-07-06', kind: 'off', reason: '临时停电闭馆', scope: v }),
    },
    { route: 'GET /calendar/days scope', user: 'wufang', path: (v) => `/calendar/days?${PERIOD}&scope=${q(v)}` },
    {
      route: 'GET /timelimits/due rule',
      user: 'wufang',
      path: (v) => `/timelimits/due?rule=${q(v)}&receivedAt=${q('2026-03-02T09:00+08:00')}`,
    },
    {
      route: 'GET /timelimits/due scope',
      user: 'wufang',
      path: (v) => `/timelimits/due?rule=doc.step.propose&receivedAt=${q('2026-03-02T09:00+08:00')}&scope=${q(v)}`,
    },
    {
      route: 'PUT /timelimits/rules/:code',
      user: 'qianwei',
      method: 'PUT',
      path: (v) => `/timelimits/rules/${q(v)}`,
      body: () => ({}),
    },
    // 提醒
    { route: 'GET /reminders/outbox status', user: 'qianwei', path: (v) => `/reminders/outbox?status=${q(v)}` },
    { route: 'GET /reminders/mine limit', user: 'hanbing', path: (v) => `/reminders/mine?limit=${q(v)}` },
  ];

  it.each(cases.map((c) => [c.route, c] as const))(
    '%s: 400 with a clear message for every built-in name',
    async (_, c) => {
      for (const v of BUILT_IN_NAMES) {
        const before = await snapshot();
        const res = await call(c.user, c.path(v), c.method ?? 'GET', c.body?.(v));
        expect({ value: v, status: res.status }).toEqual({ value: v, status: 400 });
        expect(res.body.error?.message).toMatch(/[\u4e00-\u9fff]/);
        expect(res.body.error?.message).not.toMatch(/系统繁忙/);
        expect(await snapshot()).toEqual(before);
      }
    },
  );

  it('reports a sheet row whose 来源 is a built-in name as unrecognised, importing nothing of it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('事项');
    sheet.addRow(['来源', '标题', '牵头单位']);
    for (const v of BUILT_IN_NAMES) sheet.addRow([v, `来源为${v}的事项`, '区住房和城乡建设局']);
    const res = await fetch(`${demo.duban.url}/api/supervision/import?dryRun=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demo.tokens.sunli}`, 'content-type': 'application/octet-stream' },
      body: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { imported: number; rejected: { row: number; reasons: string[] }[] };
    expect(report.rejected.map((r) => r.reasons)).toEqual(BUILT_IN_NAMES.map((v) => [`事项来源“${v}”无法识别`]));
  });

  it('the supervision service refuses them from any caller, not only behind the API’s checks', async () => {
    const matters = demo.duban.services().supervision.matters;
    for (const v of BUILT_IN_NAMES) {
      const before = await snapshot();
      const refusals = [
        matters.evaluate(office, ids.completed, { grade: v as never }),
        matters.recordFeedback(office, ids.answered, { satisfaction: v as never }),
        matters.complete({ id: 'hanbing', roles: [] }, ids.suggestion, {
          reply: '已答复代表',
          outcomeClass: v as never,
          metDeputy: true,
        }),
      ];
      for (const refusal of refusals) {
        await expect(refusal).rejects.toThrow(SupervisionError);
        await expect(refusal).rejects.toMatchObject({ code: 'invalid_input' });
      }
      expect(await snapshot()).toEqual(before);
    }
  });

  it('gives approval nodes DingTalk calls by a built-in name their stage by node name', async () => {
    const inserted = await demo.db.getRepository(Document).insert({
      kind: 'incoming',
      origin: 'dingtalk',
      processInstanceId: 'proto-instance-1',
      processCode: 'PROTO_NODES',
      title: '关于节点名称的测试来文',
      urgency: 'normal',
      status: 'open',
      receivedAt: new Date('2026-06-15T09:00:00+08:00'),
      syncAttempts: 0,
    });
    const documentId = Number(inserted.identifiers[0]?.id);
    await demo.db.getRepository(DocumentStep).insert(
      BUILT_IN_NAMES.map((v, i) => ({
        documentId,
        taskId: String(9000 + i),
        activityId: v,
        nodeName: '办公室审核',
        assigneeUserId: 'wufang',
        status: 'open' as const,
        startedAt: new Date('2026-06-15T09:30:00+08:00'),
      })),
    );
    const saved = await call('qianwei', '/documents/templates/PROTO_NODES', 'PUT', {
      name: '收文（节点测试）',
      kind: '收文',
      stageMap: { 办公室审核: '拟办' },
    });
    expect(saved.status).toBe(200);
    const steps = await demo.db.getRepository(DocumentStep).find({ where: { documentId }, order: { id: 'ASC' } });
    expect(steps.map((s) => [s.activityId, s.stage])).toEqual(BUILT_IN_NAMES.map((v) => [v, 'propose']));
  });

  it('names no reminder action or DingTalk refusal after a built-in function', () => {
    for (const v of BUILT_IN_NAMES) {
      expect(actionOfPurpose(v)).toBeNull();
      expect(refusalReason(v)).toBe(`被钉钉拒绝（${v}）`);
    }
    expect(actionOfPurpose('sign')).toBe('签发');
    expect(refusalReason('143105')).toBe('超过钉钉每人每日工作通知上限（143105）');
  });
});
