import { AuditLog, DocumentProblem, UserRole } from '../../../entities';
import { approvalFormCalls } from '../../../scripts/sim/routes-approvals';
import { formatISODate, shanghaiDayNumber } from '../../calendar';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';

interface RoleView {
  role: string;
  scope: string;
  scopeName: string | null;
}
interface UsersBody {
  total: number;
  users: { id: string; name: string; departmentName: string | null; roles: RoleView[] }[];
}
interface AuditBody {
  entries: {
    id: number;
    actor: string;
    actorName: string | null;
    action: string;
    subjectId: string;
    before: unknown;
    after: unknown;
  }[];
  next: number | null;
}
interface TemplatesBody {
  notice: string | null;
  templates: {
    processCode: string;
    name: string;
    dingtalkName: string | null;
    kind: string | null;
    mapped: boolean;
    nodes: { key: string; name: string | null }[];
    note: string | null;
  }[];
}
interface ErrorBody {
  error: { code: string; message: string; details?: { message: string }[] };
}

/** What the mini-app shows of a refusal: the first bad field's message, else the message. */
const said = (body: ErrorBody) => body.error.details?.[0]?.message ?? body.error.message;

const today = () => formatISODate(shanghaiDayNumber(new Date()));

/** The simulator's names of the two DingTalk calls the templates page makes. */
const LIST_FORMS = 'GET /v1.0/workflow/processes/userVisibilities/templates';
const FORECAST = 'POST /v1.0/workflow/processes/forecast';

describe.each(testDatabases())('administration of users, roles and the audit log on $name', (target) => {
  // qianwei is the demo's one administrator; zhoutao (督查室) and hemin (staff) are not.
  const demo = useDemoDuban(target, { users: ['qianwei', 'zhoutao', 'hemin'] });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api/admin');

  /** The role rows and audit rows, to show a refusal changed nothing. */
  const snapshot = async () => ({
    roles: await demo.db.getRepository(UserRole).count(),
    audit: await demo.db.getRepository(AuditLog).count(),
  });

  it('lists and searches users with their roles, for administrators only', async () => {
    const all = await call<UsersBody>('qianwei', '/users?limit=100');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(all.body.users.length);
    expect(all.body.users).toContainEqual(
      expect.objectContaining({
        id: 'fenggang',
        roles: [expect.objectContaining({ role: 'unit_head', scope: '31', scopeName: '区发展和改革委员会' })],
      }),
    );
    const byName = await call<UsersBody>('qianwei', `/users?q=${encodeURIComponent('何敏')}`);
    expect(byName.body.users.map((u) => u.id)).toEqual(['hemin']);
    expect(byName.body.users[0]?.departmentName).toBe('区发展和改革委员会');
    const wildcard = await call<UsersBody>('qianwei', '/users?q=%25');
    expect(wildcard.body.users).toEqual([]);
    const inUnit = await call<UsersBody>('qianwei', '/users?departmentId=32');
    expect(inUnit.body.users.map((u) => u.id).sort()).toEqual(['caoxue', 'xuqiang']);
    const leaders = await call<UsersBody>('qianwei', '/users?role=leader');
    expect(leaders.body.users.map((u) => u.id).sort()).toEqual(['chenjing', 'liming', 'wangjianguo', 'zhaozhiqiang']);

    expect((await call('zhoutao', '/users')).status).toBe(403);
    expect((await call('hemin', '/audit')).status).toBe(403);
  });

  it('refuses a grant from someone who does not administer, and changes nothing', async () => {
    const before = await snapshot();
    const refused = await call('zhoutao', '/users/hemin/roles', 'POST', { role: 'admin' });
    expect(refused.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    [{ role: 'boss' }, 400, 'invalid_body', /角色无效/],
    [{ role: 'unit_head' }, 400, 'scope_required', /须选择所负责的单位/],
    [{ role: 'unit_head', scope: '999' }, 400, 'unknown_department', /所选单位不存在/],
    [{ role: 'leader', scope: '31' }, 400, 'scope_not_allowed', /全办角色/],
    [{ role: 'staff' }, 409, 'role_held', /何敏已是「工作人员」/],
  ])('refuses the grant %j with a clear message, and changes nothing', async (body, status, code, message) => {
    const before = await snapshot();
    const res = await call('qianwei', '/users/hemin/roles', 'POST', body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(said(res.body)).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a grant to nobody', async () => {
    const res = await call('qianwei', '/users/nobody/roles', 'POST', { role: 'staff' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('没有这个用户');
  });

  it('grants a role that counts from the next request, audited', async () => {
    expect((await call('zhoutao', '/users')).status).toBe(403);
    const granted = await call<{ roles: RoleView[] }>('qianwei', '/users/zhoutao/roles', 'POST', { role: 'admin' });
    expect(granted.status).toBe(200);
    expect(granted.body.roles.map((r) => r.role)).toEqual(['admin', 'supervision_office']);
    // The same session, its very next request.
    expect((await call('zhoutao', '/users')).status).toBe(200);

    const unit = await call<{ roles: RoleView[] }>('qianwei', '/users/hemin/roles', 'POST', {
      role: 'unit_head',
      scope: '31',
    });
    expect(unit.body.roles).toContainEqual(expect.objectContaining({ role: 'unit_head', scope: '31' }));

    const log = await call<AuditBody>('qianwei', '/audit?action=user.role.granted&subjectId=zhoutao');
    expect(log.body.entries).toEqual([
      expect.objectContaining({
        actor: 'qianwei',
        actorName: '钱伟',
        action: 'user.role.granted',
        subjectId: 'zhoutao',
        after: { userId: 'zhoutao', role: 'admin', scope: '*' },
      }),
    ]);
  });

  it('revokes a role, audited with the reason, and refuses revoking it twice', async () => {
    const res = await call<{ roles: RoleView[] }>('qianwei', '/users/hemin/roles/revoke', 'POST', {
      role: 'unit_head',
      scope: '31',
      reason: '岗位调整',
    });
    expect(res.status).toBe(200);
    expect(res.body.roles.map((r) => r.role)).toEqual(['staff']);
    const row = await demo.db
      .getRepository(AuditLog)
      .findOneOrFail({ where: { action: 'user.role.revoked', subjectId: 'hemin' }, order: { id: 'DESC' } });
    expect(row).toMatchObject({ actor: 'qianwei', reason: '岗位调整', before: { role: 'unit_head', scope: '31' } });

    const again = await call('qianwei', '/users/hemin/roles/revoke', 'POST', { role: 'unit_head', scope: '31' });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('role_not_held');
  });

  it('never revokes the last administrator', async () => {
    // Two administrators now: one may go, the other then stays.
    const first = await call('zhoutao', '/users/qianwei/roles/revoke', 'POST', { role: 'admin' });
    expect(first.status).toBe(200);
    expect((await call('qianwei', '/users')).status).toBe(403);

    const before = await snapshot();
    const last = await call('zhoutao', '/users/zhoutao/roles/revoke', 'POST', { role: 'admin' });
    expect(last.status).toBe(409);
    expect(last.body.error).toMatchObject({ code: 'last_admin', message: expect.stringMatching(/最后一位管理员/) });
    expect(await snapshot()).toEqual(before);
    expect((await call('zhoutao', '/users')).status).toBe(200);

    // And the office is handed back.
    expect((await call('zhoutao', '/users/qianwei/roles', 'POST', { role: 'admin' })).status).toBe(200);
  });

  it('reads the audit log by actor, action, subject and dates, newest first, page by page', async () => {
    const mine = await call<AuditBody>('qianwei', '/audit?actor=zhoutao&action=user.role');
    expect(mine.body.entries.map((e) => [e.action, e.subjectId])).toEqual([
      ['user.role.granted', 'qianwei'],
      ['user.role.revoked', 'qianwei'],
    ]);

    const first = await call<AuditBody>('qianwei', '/audit?action=user.role&limit=2');
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.next).toBe(first.body.entries[1]?.id);
    const second = await call<AuditBody>('qianwei', `/audit?action=user.role&limit=2&before=${first.body.next}`);
    const ids = [...first.body.entries, ...second.body.entries].map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
    const all = await call<AuditBody>('qianwei', '/audit?action=user.role&limit=100');
    expect(all.body.entries).toHaveLength(5);
    expect(all.body.next).toBeNull();

    const day = today();
    const todays = await call<AuditBody>('qianwei', `/audit?action=user.role&from=${day}&to=${day}`);
    expect(todays.body.entries).toHaveLength(5);
    const earlier = await call<AuditBody>('qianwei', '/audit?action=user.role&from=2020-01-01&to=2020-12-31');
    expect(earlier.body.entries).toEqual([]);
    const literal = await call<AuditBody>('qianwei', '/audit?action=user_role');
    expect(literal.body.entries).toEqual([]);
  });

  it.each([
    ['/audit?from=2026-02-30', /日期 2026-02-30 不存在/],
    ['/audit?from=2026-03-02&to=2026-03-01', /起始日期不能晚于结束日期/],
    ['/audit?limit=500', /每页条数应为1至100/],
  ])('refuses the query %s with a clear message', async (path, message) => {
    const res = await call('qianwei', path);
    expect(res.status).toBe(400);
    expect(said(res.body)).toMatch(message);
  });

  it('lists the templates to map, with the nodes to pick from, configured or arrived unmapped', async () => {
    // An approval of a template nobody mapped yet arrived: its instance is in DingTalk (the demo's simulator).
    const instanceId = await demo.duban.services().dingtalk.openApi.startProcessInstance({
      processCode: 'PROC-DUBAN-SHOUWEN',
      originatorUserId: 'zhenglei',
      formComponentValues: [{ name: '文件标题', value: '关于开展安全生产大检查的通知' }],
    });
    const at = new Date();
    await demo.db.getRepository(DocumentProblem).insert([
      {
        kind: 'unknown_process',
        problemKey: 'PROC-NEW',
        processCode: 'PROC-NEW',
        processInstanceId: instanceId,
        message: '审批模板 PROC-NEW 未配置为收文或发文，其审批事件未计入公文',
        occurrences: 1,
        firstSeenAt: at,
        lastSeenAt: at,
      },
      {
        kind: 'unknown_process',
        problemKey: 'PROC-GONE',
        processCode: 'PROC-GONE',
        processInstanceId: 'no-such-instance',
        message: '审批模板 PROC-GONE 未配置为收文或发文，其审批事件未计入公文',
        occurrences: 1,
        firstSeenAt: at,
        lastSeenAt: at,
      },
    ]);
    const res = await call<TemplatesBody>('qianwei', '/templates');
    expect(res.status).toBe(200);
    const byCode = new Map(res.body.templates.map((t) => [t.processCode, t]));
    const incoming = byCode.get('PROC-DUBAN-SHOUWEN');
    expect(incoming).toMatchObject({ kind: 'incoming', mapped: true });
    expect(incoming?.nodes.map((n) => n.key)).toEqual(expect.arrayContaining(['node-1', 'node-2', 'node-3']));
    expect(incoming?.nodes.every((n) => n.name !== null)).toBe(true);
    expect(byCode.get('PROC-NEW')).toMatchObject({ mapped: false, kind: null, nodes: [{ key: 'node-1' }] });
    expect(byCode.get('PROC-GONE')).toMatchObject({ mapped: false, nodes: [] });
    expect(byCode.get('PROC-GONE')?.note).toMatch(/暂未能从钉钉读取其审批节点/);
    expect((await call('hemin', '/templates')).status).toBe(403);

    // Mapped by picking, through the documents' own route: then it is configured, and audited.
    const saved = await demo.caller()('qianwei', '/api/documents/templates/PROC-NEW', 'PUT', {
      name: '来文办理',
      kind: 'incoming',
      stageMap: { 'node-1': 'propose' },
    });
    expect(saved.status).toBe(200);
    const after = await call<TemplatesBody>('qianwei', '/templates');
    expect(after.body.templates.find((t) => t.processCode === 'PROC-NEW')).toMatchObject({
      mapped: true,
      name: '来文办理',
    });
    const log = await call<AuditBody>('qianwei', '/audit?action=document.template&subjectId=PROC-NEW');
    expect(log.body.entries).toHaveLength(1);
  });

  it("lists the corp's templates from DingTalk, and what it knows when DingTalk refuses", async () => {
    const sim = demo.duban.simulator;
    if (!sim) throw new Error('the demo runs on its simulator');
    const setMissing = (missing: string[]) =>
      fetch(`${sim.url}/__sim/permissions`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ missing }),
      });
    // A form the corp has in DingTalk that nobody has used yet, with no approval node in its flow.
    sim.state.processes.set('PROC-YONGYIN', { processCode: 'PROC-YONGYIN', name: '用印申请', approvers: [] });
    try {
      // What DingTalk said is reused for a minute: `refresh` asks again, as after each change made here.
      const res = await call<TemplatesBody>('qianwei', '/templates?refresh=1');
      expect(res.status).toBe(200);
      expect(res.body.notice).toBeNull();
      const byCode = new Map(res.body.templates.map((t) => [t.processCode, t]));
      expect(byCode.get('PROC-DUBAN-SHOUWEN')).toMatchObject({ mapped: true, dingtalkName: '收文办理' });
      expect(byCode.get('PROC-YONGYIN')).toMatchObject({
        mapped: false,
        name: '用印申请',
        dingtalkName: '用印申请',
        kind: null,
        nodes: [],
      });
      expect(byCode.get('PROC-YONGYIN')?.note).toMatch(/钉钉预测此模板的流程中没有审批节点/);
      expect(res.body.templates.filter((t) => t.processCode === 'PROC-DUBAN-SHOUWEN')).toHaveLength(1);

      expect((await setMissing(['Workflow.Form.Read'])).status).toBe(200);
      const refused = await call<TemplatesBody>('qianwei', '/templates?refresh=1');
      expect(refused.status).toBe(200);
      expect(refused.body.notice).toMatch(/尚未开通「工作流模板读权限」（Workflow\.Form\.Read）/);
      const known = refused.body.templates.map((t) => t.processCode);
      expect(known).toEqual(expect.arrayContaining(['PROC-DUBAN-SHOUWEN', 'PROC-DUBAN-FAWEN']));
      expect(known).not.toContain('PROC-YONGYIN');
      expect(refused.body.templates.every((t) => t.dingtalkName === null)).toBe(true);

      // DingTalk busy through every retry: the same list, and a notice to try again later.
      await setMissing([]);
      const path = '/v1.0/workflow/processes/userVisibilities/templates';
      await fetch(`${sim.url}/__sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path, kind: 'busy', times: 4 }),
      });
      const busy = await call<TemplatesBody>('qianwei', '/templates?refresh=1');
      expect(busy.body.notice).toMatch(/^暂未能从钉钉读取本单位的审批模板，请稍后刷新/);
      expect(busy.body.templates.map((t) => t.processCode)).toEqual(known);
    } finally {
      await setMissing([]);
      sim.state.processes.delete('PROC-YONGYIN');
    }
  });

  it('offers the nodes DingTalk predicts for a form nobody has used, and for a mapped one with those seen', async () => {
    const sim = demo.duban.simulator;
    if (!sim) throw new Error('the demo runs on its simulator');
    sim.state.processes.set('PROC-YONGYIN', {
      processCode: 'PROC-YONGYIN',
      name: '用印申请',
      approvers: [
        { actionType: 'NONE', userIds: ['qianwei'], name: '部门审核' },
        { actionType: 'OR', userIds: ['zhaozhiqiang', 'liming'], name: '领导审批' },
      ],
    });
    try {
      const res = await call<TemplatesBody>('qianwei', '/templates?refresh=1');
      expect(res.status).toBe(200);
      expect(res.body.notice).toBeNull();
      const byCode = new Map(res.body.templates.map((t) => [t.processCode, t]));
      expect(byCode.get('PROC-YONGYIN')).toMatchObject({
        mapped: false,
        nodes: [
          { key: 'node-1', name: '部门审核' },
          { key: 'node-2', name: '领导审批' },
        ],
      });
      expect(byCode.get('PROC-YONGYIN')?.note).toMatch(/下列审批节点系按钉钉中的流程设置预测/);
      // A mapped one: the flow's nodes first, in its order, then any other its stage map or documents name.
      const outgoing = byCode.get('PROC-DUBAN-FAWEN');
      expect(outgoing?.nodes.slice(0, 3)).toEqual([
        { key: 'node-1', name: '核稿' },
        { key: 'node-2', name: '签发' },
        { key: 'node-3', name: '印发' },
      ]);
      expect(new Set(outgoing?.nodes.map((n) => n.key)).size).toBe(outgoing?.nodes.length);
      // A form DingTalk no longer has: nothing predicted, what was seen stays.
      expect(byCode.get('PROC-GONE')).toMatchObject({ nodes: [] });
    } finally {
      sim.state.processes.delete('PROC-YONGYIN');
    }
  });

  it('names the permission the forecast needs when DingTalk refuses it, and still lists every template', async () => {
    const sim = demo.duban.simulator;
    if (!sim) throw new Error('the demo runs on its simulator');
    const setMissing = (missing: string[]) =>
      fetch(`${sim.url}/__sim/permissions`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ missing }),
      });
    sim.state.processes.set('PROC-YONGYIN', {
      processCode: 'PROC-YONGYIN',
      name: '用印申请',
      approvers: [{ actionType: 'NONE', userIds: ['qianwei'], name: '部门审核' }],
    });
    expect((await setMissing(['Workflow.Instance.Write'])).status).toBe(200);
    try {
      const res = await call<TemplatesBody>('qianwei', '/templates?refresh=1');
      expect(res.status).toBe(200);
      expect(res.body.notice).toBe(
        '未能从钉钉预测审批模板的审批节点：应用尚未开通「工作流实例写权限」（Workflow.Instance.Write）。' +
          '请在钉钉开发者后台「权限管理」中申请该权限并发布新版本；下列审批节点仅为已收到的审批中出现过的节点。',
      );
      const byCode = new Map(res.body.templates.map((t) => [t.processCode, t]));
      expect(byCode.get('PROC-YONGYIN')).toMatchObject({ mapped: false, dingtalkName: '用印申请', nodes: [] });
      expect(byCode.get('PROC-YONGYIN')?.note).toMatch(/且未能从钉钉预测其审批节点；可按钉钉中的节点名称添加/);
      // The mapped ones keep the nodes their documents showed.
      expect(byCode.get('PROC-DUBAN-SHOUWEN')?.nodes.map((n) => n.key)).toEqual(
        expect.arrayContaining(['node-1', 'node-2', 'node-3']),
      );

      // Granted: the nodes are there on the next load, the refusal not having been kept.
      await setMissing([]);
      const granted = await call<TemplatesBody>('qianwei', '/templates');
      expect(granted.body.notice).toBeNull();
      expect(granted.body.templates.find((t) => t.processCode === 'PROC-YONGYIN')?.nodes).toEqual([
        { key: 'node-1', name: '部门审核' },
      ]);

      // An administrator DingTalk does not know (kept only in Duban) cannot be the one the forecast is for.
      const qianwei = sim.state.users.get('qianwei');
      sim.state.users.delete('qianwei');
      try {
        const unknown = await call<TemplatesBody>('qianwei', '/templates?refresh=1');
        expect(unknown.body.notice).toMatch(/^未能从钉钉预测审批模板的审批节点：钉钉通讯录中没有当前登录的管理员钱伟/);
        expect(unknown.body.templates.find((t) => t.processCode === 'PROC-YONGYIN')?.nodes).toEqual([]);
      } finally {
        if (qianwei) sim.state.users.set('qianwei', qianwei);
      }
    } finally {
      await setMissing([]);
      sim.state.processes.delete('PROC-YONGYIN');
    }
  });

  it('reuses what DingTalk said on the next load, and asks again when the administrator refreshes', async () => {
    const sim = demo.duban.simulator;
    if (!sim) throw new Error('the demo runs on its simulator');
    const calls = approvalFormCalls(sim.state);
    const counts = () => [calls.get(LIST_FORMS) ?? 0, calls.get(FORECAST) ?? 0];
    const codes = (body: TemplatesBody) => body.templates.map((t) => t.processCode);

    const first = await call<TemplatesBody>('qianwei', '/templates?refresh=1');
    const afterFirst = counts();
    expect(afterFirst[0]).toBeGreaterThan(0);
    const again = await call<TemplatesBody>('qianwei', '/templates');
    expect(counts()).toEqual(afterFirst);
    expect(again.body).toEqual(first.body);

    // A form added in DingTalk meanwhile shows once the administrator refreshes.
    sim.state.processes.set('PROC-YONGYIN', { processCode: 'PROC-YONGYIN', name: '用印申请', approvers: [] });
    try {
      expect(codes((await call<TemplatesBody>('qianwei', '/templates')).body)).not.toContain('PROC-YONGYIN');
      expect(counts()).toEqual(afterFirst);
      const refreshed = await call<TemplatesBody>('qianwei', '/templates?refresh=1');
      expect(codes(refreshed.body)).toContain('PROC-YONGYIN');
      const [lists, forecasts] = counts();
      expect(lists).toBe((afterFirst[0] ?? 0) + 1);
      // One forecast for each template on the page, those DingTalk no longer has included.
      expect(forecasts).toBe((afterFirst[1] ?? 0) + refreshed.body.templates.length);
    } finally {
      sim.state.processes.delete('PROC-YONGYIN');
    }
  });

  it('audits a meeting type added or renamed, with what it was before', async () => {
    const put = (name: string) =>
      demo.caller()('qianwei', '/api/meetings/types/study_session', 'PUT', { name, sortOrder: 90 });
    expect((await put('集中学习')).status).toBe(200);
    expect((await put('机关集中学习')).status).toBe(200);
    const log = await call<AuditBody>('qianwei', '/audit?action=meeting.type&subjectId=study_session');
    expect(log.body.entries.map((e) => [e.before, e.after])).toEqual([
      [
        { code: 'study_session', name: '集中学习', sortOrder: 90, active: true },
        { code: 'study_session', name: '机关集中学习', sortOrder: 90, active: true },
      ],
      [null, { code: 'study_session', name: '集中学习', sortOrder: 90, active: true }],
    ]);
  });
  it("sets a rule's reminder steps, audited, and refuses bad ones with nothing changed", async () => {
    const rule = 'doc.incoming.submit.routine';
    const put = (definition: Record<string, unknown>) =>
      demo.caller<Record<string, unknown>, ErrorBody>()('qianwei', `/api/timelimits/rules/${rule}`, 'PUT', definition);
    const stored = async () =>
      (
        await call<{ overrides: { code: string; definition: Record<string, unknown> }[] }>('qianwei', '/rule-overrides')
      ).body.overrides.find((o) => o.code === rule)?.definition;
    const base = { amount: 5, unit: 'workday' };
    expect((await put({ ...base, reminders: { unitHeadAfter: 3, leaderAfter: null, warnings: false } })).status).toBe(
      200,
    );
    expect(await stored()).toMatchObject({ reminders: { unitHeadAfter: 3, leaderAfter: null, warnings: false } });

    const before = await snapshot();
    for (const reminders of [
      { unitHeadAfter: -1 },
      { unitHeadAfter: '3' },
      { overdueEvery: 61 },
      { bogus: 1 },
      'often',
    ]) {
      const refused = await put({ ...base, amount: 9, reminders });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('invalid_reminders');
      expect(said(refused.body)).toContain('提醒设置有误');
    }
    expect(await snapshot()).toEqual(before);
    expect(await stored()).toMatchObject({ amount: 5, reminders: { unitHeadAfter: 3 } });

    // Audited, with the steps as they were and are.
    const log = await call<AuditBody>('qianwei', `/audit?action=timelimit.rule&subjectId=${rule}`);
    expect(JSON.stringify(log.body.entries[0]?.after)).toContain('"unitHeadAfter":3');
  });
});
