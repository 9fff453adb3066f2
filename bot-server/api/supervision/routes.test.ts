import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { AuditLog, Deadline, ExtensionRequest, Matter, MatterPeriod, OutboxNotification } from '../../../entities';
import type { BulletinFigures } from '../../supervision/bulletin';
import type { MatterDetail, MatterView } from '../../supervision/types';
import { unitCounts } from '../../test-support/bulletin';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import { signInAs } from '../../test-support/http';
import { docxTables, docxText } from '../../test-support/zip';

type ErrorBody = { error: { code: string; message: string } };
const at = (text: string) => new Date(text);

describe.each(testDatabases())('supervision API on $name', (target) => {
  let clock = at('2024-03-04T10:00:00+08:00');
  // The tests run in 2024 (the demo data lies in the last year), on a clock they set.
  const demo = useDemoDuban(target, {
    users: ['sunli', 'hanbing', 'yangfan', 'fenggang', 'hemin', 'chenjing', 'wangjianguo'],
    clock: { now: () => clock, on: ['matters'] },
  });
  const { tokens } = demo;
  const call = demo.caller('/api/supervision');
  const assign = (body: Record<string, unknown>, user = 'sunli') =>
    call<{ matter: MatterView } & ErrorBody>(user, '/matters', 'POST', body);
  /** What must not change when a request is refused. */
  const snapshot = async () => ({
    matters: await demo.db.getRepository(Matter).count(),
    audit: await demo.db.getRepository(AuditLog).count(),
    deadlines: await demo.db.getRepository(Deadline).count(),
    extensions: await demo.db.getRepository(ExtensionRequest).count(),
    outbox: await demo.db.getRepository(OutboxNotification).count(),
  });

  it('takes a matter from assignment through an extension and a late completion to evaluation, audited', async () => {
    clock = at('2024-03-04T10:00:00+08:00');
    const created = await assign({
      source: 'leader_instruction',
      title: '关于加快推进城南片区雨污分流改造的批示',
      content: '请区住建局牵头，区财政局配合，抓紧推进。',
      assignedByUserId: 'chenjing',
      leadDepartmentId: '33',
      coDepartmentIds: ['32'],
      responsibleUserId: 'yangfan',
    });
    expect(created.status).toBe(201);
    const matter = created.body.matter;
    expect(matter).toMatchObject({
      number: '督〔2024〕1号',
      status: 'assigned',
      leadDepartment: { id: '33', name: '区住房和城乡建设局' },
      coDepartments: [{ id: '32', name: '区财政局' }],
      responsible: { id: 'yangfan', name: '杨帆' },
      ruleCode: 'supervision.leader_instruction.routine',
      // 15 days from 03-04: Tuesday 03-19.
      deadline: { dueDate: '2024-03-19', originalDueDate: '2024-03-19', extended: false },
    });
    const id = matter.id;

    clock = at('2024-03-05T09:00:00+08:00');
    expect((await call('hanbing', `/matters/${id}/accept`, 'POST', {})).status).toBe(200);
    clock = at('2024-03-08T16:00:00+08:00');
    const progress = await call<{ matter: MatterView }>('yangfan', `/matters/${id}/progress`, 'POST', {
      content: '已完成管网摸排，正在编制施工方案。',
      attachments: [{ name: '施工方案（初稿）', url: 'https://docs.example.gov.cn/plan.docx' }],
    });
    expect(progress.body.matter.status).toBe('in_progress');

    clock = at('2024-03-12T10:00:00+08:00');
    const urged = await call<{ matter: MatterView }>('sunli', `/matters/${id}/urge`, 'POST', { note: '请加快进度' });
    expect(urged.body.matter.urgeCount).toBe(1);
    const notice = await demo.db.getRepository(OutboxNotification).findOneByOrFail({ idempotencyKey: `urge:${id}:1` });
    expect(notice).toMatchObject({
      channel: 'work_notice',
      kind: 'urge',
      recipientUserId: 'yangfan',
      status: 'pending',
    });
    expect(notice.payload).toMatchObject({ linkPath: `/m/matter/${id}` });
    expect(String(notice.payload.title)).toContain('督办催办');

    // Evaluation before completion is refused and changes nothing.
    const before = await snapshot();
    const early = await call<ErrorBody>('sunli', `/matters/${id}/evaluate`, 'POST', { grade: 'good' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/尚未办结/);
    expect(await snapshot()).toEqual(before);

    clock = at('2024-03-18T10:00:00+08:00');
    const asked = await call<{ matter: MatterView }>('yangfan', `/matters/${id}/extensions`, 'POST', {
      amount: 10,
      reason: '涉及管线迁改，需协调供水、燃气单位',
    });
    expect(asked.status).toBe(201);
    const request = await demo.db.getRepository(ExtensionRequest).findOneByOrFail({ matterId: id });
    expect(request).toMatchObject({ status: 'pending', amount: 10, unit: 'day' });

    // A unit cannot decide its own extension.
    expect(
      (await call('hanbing', `/matters/${id}/extensions/${request.id}/decision`, 'POST', { approve: true })).status,
    ).toBe(403);
    // Decided after the original due date: the request came before it, so it may be granted.
    clock = at('2024-03-20T09:30:00+08:00');
    const approved = await call<{ matter: MatterView }>(
      'sunli',
      `/matters/${id}/extensions/${request.id}/decision`,
      'POST',
      { approve: true, note: '同意延期10日' },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.matter.deadline).toMatchObject({
      dueDate: '2024-03-29',
      originalDueDate: '2024-03-19',
      extended: true,
    });
    expect(approved.body.matter).toMatchObject({ timeliness: 'extended', light: 'yellow' });

    clock = at('2024-03-22T15:00:00+08:00');
    const done = await call<{ matter: MatterView }>('hanbing', `/matters/${id}/complete`, 'POST', {
      reply: '管网改造已完工，已通过验收。',
    });
    expect(done.body.matter).toMatchObject({
      status: 'completed',
      completedOnTime: false, // assessed against the original 03-19
      timeliness: 'completed_late',
      light: 'yellow',
      deadline: { status: 'closed', metOnTime: true }, // within the extension in force
    });

    clock = at('2024-03-25T10:00:00+08:00');
    const evaluated = await call<{ matter: MatterView }>('sunli', `/matters/${id}/evaluate`, 'POST', {
      grade: 'good',
      comment: '延期后办结，质量较好',
    });
    expect(evaluated.body.matter.status).toBe('evaluated');

    const detail = await call<{ matter: MatterDetail }>('chenjing', `/matters/${id}`);
    expect(detail.status).toBe(200);
    const actions = detail.body.matter.history.map((h) => h.action);
    expect(actions).toEqual([
      'matter.assigned',
      'matter.accepted',
      'matter.progress_reported',
      'matter.urged',
      'matter.extension_requested',
      'deadline.extended',
      'matter.extension_approved',
      'matter.completed',
      'matter.evaluated',
    ]);
    const actors = detail.body.matter.history.map((h) => h.actor);
    expect(actors).toEqual(['sunli', 'hanbing', 'yangfan', 'sunli', 'yangfan', 'sunli', 'sunli', 'hanbing', 'sunli']);
    expect(detail.body.matter.history[0]?.at).toBe(at('2024-03-04T10:00:00+08:00').toISOString());
    const rows = await demo.db.getRepository(AuditLog).findBy({ subjectType: 'matter', subjectId: String(id) });
    expect(rows.find((r) => r.action === 'matter.completed')?.after).toMatchObject({
      completedOnTime: false,
      metDeadlineInForce: true,
    });
    expect(detail.body.matter.extensions[0]).toMatchObject({ status: 'approved', decidedBy: { id: 'sunli' } });
    expect(detail.body.matter.reports[0]?.attachments).toHaveLength(1);
    expect(detail.body.matter.evaluations[0]).toMatchObject({ grade: 'good', gradeName: '良好' });
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    clock = at('2024-03-04T11:00:00+08:00');
    const base = { source: 'leader_instruction', title: '关于整治占道经营的批示', leadDepartmentId: '33' };
    const before = await snapshot();

    const past = await assign({ ...base, dueDate: '2024-03-01' });
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('due_in_past');
    expect(past.body.error.message).toContain('2024年3月1日');

    const unknown = await assign({ ...base, leadDepartmentId: '999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_unit' });
    expect(unknown.body.error.message).toContain('999');

    const unknownCo = await assign({ ...base, coDepartmentIds: ['32', '404'] });
    expect(unknownCo.body.error.code).toBe('unknown_unit');

    const outsider = await assign({ ...base, responsibleUserId: 'hemin' });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error.message).toContain('不属于牵头单位');

    const byUnit = await assign(base, 'hanbing');
    expect(byUnit.status).toBe(403);

    const noTitle = await assign({ ...base, title: '' });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.error.code).toBe('invalid_body');
    expect(await snapshot()).toEqual(before);

    // An extension asked for after expiry: 网民留言, 5 working days from Monday 03-04 → Monday 03-11.
    const message = await assign({ ...base, source: 'netizen_message', title: '网民反映路灯不亮' });
    const id = message.body.matter.id;
    expect(message.body.matter.deadline?.dueDate).toBe('2024-03-11');
    await call('hanbing', `/matters/${id}/accept`, 'POST', {});
    clock = at('2024-03-12T09:00:00+08:00');
    const afterAccept = await snapshot();
    const late = await call<ErrorBody>('hanbing', `/matters/${id}/extensions`, 'POST', {
      amount: 3,
      reason: '情况复杂',
    });
    expect(late.status).toBe(400);
    expect(late.body.error.code).toBe('extension_after_expiry');
    expect(late.body.error.message).toMatch(/期限届满前/);

    // Another unit's people can neither see nor handle it.
    const foreign = await call<ErrorBody>('fenggang', `/matters/${id}/complete`, 'POST', { reply: '已办结完毕' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toMatch(/其他单位/);
    expect((await call('hemin', `/matters/${id}`)).status).toBe(403);
    expect((await call('hemin', `/matters/${id}/progress`, 'POST', { content: '代为报送进展' })).status).toBe(403);
    const theirs = await call<{ matters: MatterView[] }>('hemin', '/matters?year=2024');
    expect(
      theirs.body.matters.every((m) => m.leadDepartment.id === '31' || m.coDepartments.some((d) => d.id === '31')),
    ).toBe(true);
    const evaluateOpen = await call<ErrorBody>('sunli', `/matters/${id}/evaluate`, 'POST', { grade: 'poor' });
    expect(evaluateOpen.status).toBe(409);
    expect(await snapshot()).toEqual(afterAccept);

    // The unit's own people see it, as overdue and red.
    const mine = await call<{ matters: MatterView[] }>('yangfan', `/matters?timeliness=overdue&year=2024`);
    expect(mine.body.matters.map((m) => m.id)).toContain(id);
    expect(mine.body.matters.find((m) => m.id === id)).toMatchObject({ light: 'red', timelinessName: '已逾期' });
    const glance = await call<{ total: number; byTimeliness: Record<string, number>; byLight: Record<string, number> }>(
      'yangfan',
      '/overview?year=2024',
    );
    expect(glance.body.byTimeliness.overdue).toBeGreaterThanOrEqual(1);
    expect(glance.body.byLight.red).toBe(glance.body.byTimeliness.overdue);
  });

  it('numbers matters sequentially per year and source, also when created at once', async () => {
    clock = at('2024-04-01T10:00:00+08:00');
    const proposal = (n: number) => ({
      source: 'cppcc_proposal',
      title: `关于推进社区嵌入式服务设施建设的提案（${n}）`,
      leadDepartmentId: String(31 + (n % 5)),
      proposer: `委员${n}`,
    });
    const first = await assign(proposal(0));
    expect(first.body.matter.number).toBe('提案〔2024〕1号');
    const all = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => assign(proposal(n))));
    expect(all.map((r) => r.status)).toEqual(Array(8).fill(201));
    const sequences = all.map((r) => r.body.matter.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    // Another source keeps its own series; another year starts again at 1.
    const instruction = await assign({
      source: 'leader_instruction',
      title: '关于做好春季防火的批示',
      leadDepartmentId: '35',
    });
    expect(instruction.body.matter.number).toMatch(/^督〔2024〕\d+号$/);
    // Search by words of the title or the number; LIKE's wildcards are taken literally.
    const found = await call<{ total: number }>(
      'sunli',
      `/matters?q=${encodeURIComponent('嵌入式服务设施建设的提案（')}`,
    );
    expect(found.body.total).toBe(9);
    const byNumber = await call<{ matters: MatterView[] }>(
      'sunli',
      `/matters?q=${encodeURIComponent('提案〔2024〕1号')}`,
    );
    expect(byNumber.body.matters.map((m) => m.number)).toEqual(['提案〔2024〕1号']);
    expect((await call<{ total: number }>('sunli', '/matters?q=%25_')).body.total).toBe(0);
    clock = at('2025-01-02T10:00:00+08:00');
    const nextYear = await assign(proposal(9));
    expect(nextYear.body.matter.number).toBe('提案〔2025〕1号');
  });

  it('imports 47 of 50 suggestions and reports the 3 bad rows with their reasons', async () => {
    clock = at('2024-03-06T10:00:00+08:00');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('人大建议');
    sheet.addRow(['标题', '代表', '主办单位', '协办单位', '交办日期', '内容']);
    const units = ['区住房和城乡建设局', '区教育局', '区民政局', '区财政局', '31'];
    for (let i = 1; i <= 50; i++) {
      const row = [
        `关于改善民生的第${i}号建议`,
        `代表${i}`,
        units[i % units.length],
        i % 4 === 0 && i % 5 !== 4 ? '区发展和改革委员会' : '',
        '2024-03-05',
        `建议内容${i}`,
      ];
      if (i === 7) row[2] = '区不存在局';
      if (i === 23) row[0] = '';
      if (i === 41) row[4] = '2024-02-30';
      sheet.addRow(row);
    }
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = await demo.db.getRepository(Matter).countBy({ source: 'npc_suggestion', year: 2024 });
    const res = await fetch(`${demo.duban.url}/api/supervision/import?source=npc_suggestion`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.sunli}`,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: file,
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      imported: number;
      total: number;
      rejected: { row: number; reasons: string[] }[];
      matters: { number: string }[];
    };
    expect(report.total).toBe(50);
    expect(report.imported).toBe(47);
    expect(report.rejected.map((r) => r.row)).toEqual([8, 24, 42]); // sheet rows (row 1 is the header)
    expect(report.rejected[0]?.reasons.join()).toContain('区不存在局');
    expect(report.rejected[1]?.reasons.join()).toContain('缺少标题');
    expect(report.rejected[2]?.reasons.join()).toContain('2024-02-30');
    expect(report.matters.map((m) => m.number).slice(0, 2)).toEqual(['建议〔2024〕1号', '建议〔2024〕2号']);
    expect(await demo.db.getRepository(Matter).countBy({ source: 'npc_suggestion', year: 2024 })).toBe(before + 47);
    const imported = await demo.db.getRepository(Matter).findOneByOrFail({ number: '建议〔2024〕1号' });
    expect(imported).toMatchObject({
      proposer: '代表1',
      leadDepartmentId: '34',
      ruleCode: 'supervision.npc_suggestion.reply',
    });

    const refused = await fetch(`${demo.duban.url}/api/supervision/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.hanbing}`, 'content-type': 'application/octet-stream' },
      body: file,
    });
    expect(refused.status).toBe(403);
    const notExcel = await fetch(`${demo.duban.url}/api/supervision/import?source=npc_suggestion`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.sunli}`, 'content-type': 'application/octet-stream' },
      body: Buffer.from('not a workbook'),
    });
    expect(notExcel.status).toBe(400);
    expect(((await notExcel.json()) as ErrorBody).error.message).toMatch(/xlsx/);
  });

  it('publishes the bulletin with the figures a hand count of the rows gives, as .docx and .xlsx', async () => {
    // Replies and opinions for some imported suggestions, to fill the 建议提案 table.
    const suggestions = await demo.db
      .getRepository(Matter)
      .find({ where: { source: 'npc_suggestion', year: 2024 }, order: { id: 'ASC' } });
    const headOf: Record<string, string> = {
      '31': 'fenggang',
      '33': 'hanbing',
      '34': 'zhudan',
      '35': 'shenhong',
      '32': 'xuqiang',
    };
    for (const user of ['zhudan', 'shenhong', 'xuqiang']) tokens[user] ??= await signInAs(demo.duban, user);
    for (const [i, s] of suggestions.slice(0, 6).entries()) {
      const head = headOf[s.leadDepartmentId] as string;
      clock = at('2024-03-20T10:00:00+08:00');
      await call(head, `/matters/${s.id}/accept`, 'POST', {});
      clock = at(`2024-03-2${i + 1}T10:00:00+08:00`);
      const done = await call(head, `/matters/${s.id}/complete`, 'POST', {
        reply: '已研究办理并书面答复代表。',
        outcomeClass: (['A', 'B', 'A', 'C', 'A', 'D'] as const)[i],
        metDeputy: i !== 2,
      });
      expect(done.status).toBe(200);
      const feedback = await call('sunli', `/matters/${s.id}/feedback`, 'POST', {
        satisfaction: i === 4 ? 'dissatisfied' : i === 1 ? 'basically_satisfied' : 'satisfied',
      });
      expect(feedback.status).toBe(200);
    }

    clock = at('2024-04-02T09:00:00+08:00');
    const unfinished = await call<ErrorBody>('sunli', '/bulletins', 'POST', { month: '2024-04' });
    expect(unfinished.status).toBe(400);
    expect(unfinished.body.error.message).toMatch(/尚未结束/);
    expect((await call('hanbing', '/bulletins', 'POST', { month: '2024-03' })).status).toBe(403);

    const published = await call<{
      created: boolean;
      bulletin: { id: number; issueNo: number; figures: BulletinFigures };
    }>('sunli', '/bulletins', 'POST', { month: '2024-03' });
    expect(published.status).toBe(201);
    const { bulletin } = published.body;
    expect(bulletin.issueNo).toBe(1);
    const again = await call<{ created: boolean; bulletin: { id: number } }>('sunli', '/bulletins', 'POST', {
      month: '2024-03',
    });
    expect(again.body).toMatchObject({ created: false, bulletin: { id: bulletin.id } });
    const push = await demo.db.getRepository(OutboxNotification).findOneByOrFail({ idempotencyKey: 'bulletin:2024:1' });
    expect(push).toMatchObject({ channel: 'group_robot', kind: 'bulletin', recipientGroup: 'supervision' });

    const expected = await handCount(demo.db, '2024-03');
    expect(figuresOf(bulletin.figures)).toEqual(expected);
    // Known by construction: the life-cycle matter was completed late after an extension, the message is overdue.
    const housing = bulletin.figures.units.find((u) => u.departmentId === '33');
    expect(housing).toMatchObject({ completedLate: 1, extended: 1, light: 'red' });
    expect(housing?.overdueOpen).toBeGreaterThanOrEqual(1);
    const npc = bulletin.figures.deputy.find((d) => d.source === 'npc_suggestion');
    expect(npc).toMatchObject({ total: 47, replied: 6, met: 5, satisfied: 4, basicallySatisfied: 1, dissatisfied: 1 });
    expect(npc?.outcome).toEqual({ A: 3, B: 1, C: 1, D: 1 });
    expect(npc?.satisfactionRate).toBeCloseTo(5 / 6, 4);

    // The demo months (extensions, late and overdue matters, urges, 重点工作): each as the rows stand now. (The
    // published ones froze their figures before this test added matters back in 2024.)
    const list = await call<{ bulletins: { id: number; month: string }[] }>('hemin', '/bulletins');
    const demoMonths = list.body.bulletins.map((b) => b.month).filter((m) => m !== '2024-03');
    expect(demoMonths.length).toBeGreaterThan(3);
    // The demo months lie in the last year of real time: asked for from 2024 they would be implausibly far ahead.
    clock = new Date();
    for (const demoMonth of demoMonths.slice(0, 4)) {
      const preview = await call<{ figures: BulletinFigures }>('chenjing', `/bulletins/preview?month=${demoMonth}`);
      expect(figuresOf(preview.body.figures)).toEqual(await handCount(demo.db, demoMonth));
    }

    // The documents: Word and Excel open, and carry the same figures.
    const docx = await fetch(`${demo.duban.url}/api/supervision/bulletins/${bulletin.id}/bulletin.docx`, {
      headers: { authorization: `Bearer ${tokens.hemin}` },
    });
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(docx.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('督查通报2024年第1期.docx')}`,
    );
    const docxBuffer = Buffer.from(await docx.arrayBuffer());
    expect(docxText(docxBuffer)).toContain('2024年第1期');
    const [unitTable, deputyTable] = docxTables(docxBuffer);
    const housingRow = unitTable?.find((row) => row[1] === '区住房和城乡建设局');
    expect(housingRow?.slice(2, 9)).toEqual(
      [
        housing?.carriedOver,
        housing?.newlyAssigned,
        housing?.dueThisMonth,
        housing?.completedOnTime,
        housing?.completedLate,
        housing?.overdueOpen,
        housing?.extended,
      ].map(String),
    );
    const totalRow = unitTable?.find((row) => row[1] === '合计');
    expect(totalRow?.[7]).toBe(String(bulletin.figures.totals.overdueOpen));
    expect(deputyTable?.find((row) => row[0] === '人大代表建议')?.slice(1, 4)).toEqual(['47', String(npc?.units), '6']);

    const xlsx = await fetch(`${demo.duban.url}/api/supervision/bulletins/${bulletin.id}/bulletin.xlsx`, {
      headers: { authorization: `Bearer ${tokens.hemin}` },
    });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const units = workbook.getWorksheet('各单位情况');
    const rows = units?.getSheetValues().filter(Boolean) as unknown[][];
    const sheetHousing = rows.find((row) => row[2] === '区住房和城乡建设局');
    expect(sheetHousing?.slice(3, 10)).toEqual([
      housing?.carriedOver,
      housing?.newlyAssigned,
      housing?.dueThisMonth,
      housing?.completedOnTime,
      housing?.completedLate,
      housing?.overdueOpen,
      housing?.extended,
    ]);
    // A title row, the header, a row per overdue matter.
    expect(workbook.getWorksheet('逾期事项')?.rowCount).toBe(bulletin.figures.overdue.length + 2);

    const exported = await fetch(
      `${demo.duban.url}/api/supervision/matters/export.xlsx?year=2024&source=npc_suggestion`,
      {
        headers: { authorization: `Bearer ${tokens.sunli}` },
      },
    );
    const exportBook = new ExcelJS.Workbook();
    await exportBook.xlsx.load(Buffer.from(await exported.arrayBuffer()) as unknown as ArrayBuffer);
    expect(exportBook.worksheets[0]?.rowCount).toBe(49);
  });

  it('names the matter of a report period and of an extension request to those who may see it', async () => {
    clock = at('2024-05-06T10:00:00+08:00');
    const keyWork = await assign({
      source: 'key_work',
      title: '推进智慧社区建设',
      leadDepartmentId: '33',
      dueDate: '2024-08-30',
    });
    const periodic = keyWork.body.matter.id;
    const period = await demo.db.getRepository(MatterPeriod).findOneByOrFail({ matterId: periodic, period: '2024-06' });
    const ofPeriod = await call<{ matterId: number }>('yangfan', `/periods/${period.id}`);
    expect(ofPeriod).toMatchObject({ status: 200, body: { matterId: periodic } });

    const instruction = await assign({
      source: 'leader_instruction',
      title: '关于整治小区违建的批示',
      leadDepartmentId: '33',
    });
    const matterId = instruction.body.matter.id;
    expect((await call('hanbing', `/matters/${matterId}/accept`, 'POST', {})).status).toBe(200);
    const asked = await call('hanbing', `/matters/${matterId}/extensions`, 'POST', {
      amount: 5,
      reason: '需协调多个部门',
    });
    expect(asked.status).toBe(201);
    const request = await demo.db.getRepository(ExtensionRequest).findOneByOrFail({ matterId });
    expect((await call('sunli', `/extension-requests/${request.id}`)).body).toEqual({ matterId });

    // Another unit does not learn which matter it is; an unknown or malformed id is refused clearly.
    const foreign = await call<ErrorBody>('hemin', `/extension-requests/${request.id}`);
    expect(foreign.status).toBe(403);
    expect(foreign.body).not.toHaveProperty('matterId');
    expect((await call<ErrorBody>('hemin', `/periods/${period.id}`)).status).toBe(403);
    const missing = await call<ErrorBody>('sunli', `/periods/${period.id + 100000}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('没有这个报送期次');
    const unknownRequest = await call<ErrorBody>('sunli', `/extension-requests/${request.id + 100000}`);
    expect(unknownRequest.body.error.message).toBe('没有这条延期申请');
    expect((await call<ErrorBody>('sunli', '/periods/abc')).status).toBe(400);
  });

  it('lets only the supervision office send a completed matter back for rework', async () => {
    clock = at('2024-05-13T10:00:00+08:00');
    const created = await assign({
      source: 'leader_instruction',
      title: '关于规范共享单车停放的批示',
      leadDepartmentId: '33',
    });
    const matterId = created.body.matter.id;
    const early = await call<ErrorBody>('sunli', `/matters/${matterId}/redo`, 'POST', { reason: '办理不到位' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('只有已办结未评价的事项可以退回重办');
    await call('hanbing', `/matters/${matterId}/accept`, 'POST', {});
    await call('hanbing', `/matters/${matterId}/complete`, 'POST', { reply: '已划定停放区并完成清理。' });
    const before = await snapshot();
    expect((await call('hanbing', `/matters/${matterId}/redo`, 'POST', { reason: '自行退回' })).status).toBe(403);
    const empty = await call<ErrorBody>('sunli', `/matters/${matterId}/redo`, 'POST', { reason: '' });
    expect(empty.status).toBe(400);
    expect(await snapshot()).toEqual(before);
    const back = await call<{ matter: MatterView }>('sunli', `/matters/${matterId}/redo`, 'POST', {
      reason: '部分路段仍有乱停放，请继续整治',
    });
    expect(back.body.matter).toMatchObject({ status: 'in_progress', completedOnTime: null });
  });
});

/** The bulletin's figures that a hand count checks (names and prose aside). */
function figuresOf(f: BulletinFigures) {
  return {
    units: Object.fromEntries(f.units.map((u) => [u.departmentId, unitCounts(u)])),
    overdue: f.overdue.map((o) => o.matterId).sort((a, b) => a - b),
    deputy: f.deputy.map((d) => [
      d.total,
      d.replied,
      d.repliedOnTime,
      d.met,
      d.satisfied,
      d.basicallySatisfied,
      d.dissatisfied,
    ]),
  };
}

/**
 * The bulletin counted by hand from the raw rows, with the definitions printed in the bulletin: every matter is
 * looked at once, in plain loops, without the service's loader or computation.
 */
async function handCount(db: DataSource, month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = new Date(`${month}-01T00:00:00+08:00`);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const end = new Date(`${next}-01T00:00:00+08:00`);
  const matters = await db.getRepository(Matter).find();
  const deadlines = new Map((await db.getRepository(Deadline).find()).map((d) => [d.id, d]));
  const approved = await db.getRepository(ExtensionRequest).findBy({ status: 'approved' });
  const urges = await db.getRepository(AuditLog).findBy({ action: 'matter.urged' });
  const units: Record<string, number[]> = {};
  const overdue: number[] = [];
  for (const matter of matters) {
    const assigned = matter.assignedAt.getTime();
    const completed = matter.completedAt?.getTime() ?? null;
    if (assigned >= end.getTime()) continue;
    if (completed !== null && completed < start.getTime()) continue;
    const deadline = matter.deadlineId ? deadlines.get(matter.deadlineId) : undefined;
    const original = deadline?.originalDueAt.getTime() ?? null;
    let due = original;
    const grants = approved
      .filter((e) => e.matterId === matter.id && (e.decidedAt as Date).getTime() < end.getTime())
      .sort((a, b) => (a.decidedAt as Date).getTime() - (b.decidedAt as Date).getTime());
    const lastGrant = grants.at(-1);
    if (lastGrant?.grantedDueAt) due = lastGrant.grantedDueAt.getTime();
    units[matter.leadDepartmentId] ??= [0, 0, 0, 0, 0, 0, 0, 0];
    const row = units[matter.leadDepartmentId] as number[];
    if (assigned < start.getTime()) row[0] = (row[0] as number) + 1;
    else row[1] = (row[1] as number) + 1;
    if (due !== null && due > start.getTime() && due <= end.getTime()) row[2] = (row[2] as number) + 1;
    if (completed !== null && completed < end.getTime()) {
      if (original === null || completed <= original) row[3] = (row[3] as number) + 1;
      else row[4] = (row[4] as number) + 1;
    }
    if ((completed === null || completed >= end.getTime()) && due !== null && due <= end.getTime()) {
      row[5] = (row[5] as number) + 1;
      overdue.push(matter.id);
    }
    row[6] =
      (row[6] as number) +
      approved.filter((e) => e.matterId === matter.id && (e.decidedAt as Date) >= start && (e.decidedAt as Date) < end)
        .length;
    row[7] =
      (row[7] as number) + urges.filter((a) => a.subjectId === String(matter.id) && a.at >= start && a.at < end).length;
  }
  const deputy = ['npc_suggestion', 'cppcc_proposal', 'both'].map((source) => {
    const list = matters.filter(
      (x) =>
        (source === 'both' ? x.source === 'npc_suggestion' || x.source === 'cppcc_proposal' : x.source === source) &&
        x.year === y &&
        x.assignedAt < end,
    );
    const replied = list.filter((x) => x.completedAt && x.completedAt < end);
    return [
      list.length,
      replied.length,
      replied.filter((x) => {
        const d = x.deadlineId ? deadlines.get(x.deadlineId) : undefined;
        return !d || (x.completedAt as Date) <= d.originalDueAt;
      }).length,
      replied.filter((x) => x.metDeputy === true).length,
      replied.filter((x) => x.satisfaction === 'satisfied').length,
      replied.filter((x) => x.satisfaction === 'basically_satisfied').length,
      replied.filter((x) => x.satisfaction === 'dissatisfied').length,
    ];
  });
  return { units, overdue: overdue.sort((a, b) => a - b), deputy };
}
