import ExcelJS from 'exceljs';
import {
  AuditLog,
  CalendarOverride,
  Deadline,
  Document,
  DocumentStep,
  ExtensionRequest,
  Matter,
  MatterPeriod,
  Meeting,
  ProgressReport,
} from '../../entities';
import type { MatterDetail, MatterView } from '../supervision/types';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';

type ErrorBody = { error: { code: string; message: string } };

/**
 * Dates far outside what an office can mean (9999-12-31, 1999) are refused on every input, in the services, so
 * that the API, the .xlsx import and meeting decisions share one rule; and a row stored before that rule (an old
 * bad import) is shown as it is, without a count of working days, instead of breaking the answers it appears in.
 */
describe.each(testDatabases())('implausible dates on $name', (target) => {
  // The supervision and documents services run on this clock: a plausible due date ends on 2031-12-31.
  const clock = new Date('2026-06-15T10:00:00+08:00');
  const demo = useDemoDuban(target, {
    users: ['sunli', 'hanbing', 'yangfan', 'chenjing', 'fenggang', 'wufang', 'qianwei'],
    clock: { now: () => clock, on: ['matters', 'documents'] },
  });
  const call = demo.caller<ErrorBody>('/api');
  /** What a refusal must leave as it was. */
  const snapshot = async () => ({
    matters: await demo.db.getRepository(Matter).count(),
    deadlines: await demo.db.getRepository(Deadline).count(),
    periods: await demo.db.getRepository(MatterPeriod).count(),
    extensions: await demo.db.getRepository(ExtensionRequest).count(),
    reports: await demo.db.getRepository(ProgressReport).count(),
    documents: await demo.db.getRepository(Document).count(),
    overrides: await demo.db.getRepository(CalendarOverride).count(),
    audit: await demo.db.getRepository(AuditLog).count(),
  });
  const expectImplausible = (res: { status: number; body: ErrorBody }, message: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('implausible_date');
    expect(res.body.error.message).toMatch(message);
  };

  describe('a row stored before dates were checked', () => {
    let matterId: number;
    let documentId: number;

    beforeAll(async () => {
      // As an old import stored it: a matter of 区住建局 due on 9999-12-31, written straight into the tables.
      const dueAt = new Date('9999-12-31T16:00:00.000Z'); // 24:00 of 9999-12-31 in Shanghai
      const inserted = await demo.db.getRepository(Matter).insert({
        year: 2026,
        source: 'leader_instruction',
        sequence: 900,
        number: '督〔2026〕900号',
        title: '历史导入的事项（期限有误）',
        content: null,
        assignedByUserId: null,
        leadDepartmentId: '33',
        responsibleUserId: 'yangfan',
        status: 'accepted',
        ruleCode: null,
        deadlineId: null,
        periodic: false,
        documentId: null,
        meetingId: null,
        assignedAt: new Date('2026-06-01T09:00:00+08:00'),
        acceptedAt: new Date('2026-06-02T09:00:00+08:00'),
        proposer: null,
        urgeCount: 0,
        createdByUserId: 'sunli',
      });
      matterId = Number(inserted.identifiers[0]?.id);
      const deadline = await demo.db.getRepository(Deadline).insert({
        subjectType: 'matter',
        subjectId: matterId,
        purpose: 'complete',
        ruleCode: null,
        receivedAt: new Date('2026-06-01T09:00:00+08:00'),
        receivedDate: '2026-06-01',
        dueDate: '9999-12-31',
        dueAt,
        originalDueDate: '9999-12-31',
        originalDueAt: dueAt,
        approximate: false,
        calendarVersion: 'imported',
        calendarScope: 'office',
        inputs: null,
        extensions: null,
        warnings: null,
        urgent: false,
        status: 'open',
        assigneeUserId: 'yangfan',
        departmentId: '33',
      });
      await demo.db.getRepository(Matter).update({ id: matterId }, { deadlineId: Number(deadline.identifiers[0]?.id) });

      // A paper document whose 拟办 step limit was stored as 9999-12-31.
      const registered = await call<{ document: { id: number } }>('wufang', '/documents/paper', 'POST', {
        title: '关于历史数据的来文',
        docNumber: '历〔2026〕1号',
        issuingOrg: '区档案馆',
        urgency: '平件',
        proposerUserId: 'hanbing',
      });
      expect(registered.status).toBe(201);
      documentId = registered.body.document.id;
      const step = await demo.db.getRepository(DocumentStep).findOneByOrFail({ documentId, stage: 'propose' });
      await demo.db
        .getRepository(Deadline)
        .update({ id: step.deadlineId as number }, { dueDate: '9999-12-31', dueAt, originalDueDate: '9999-12-31' });
    });

    it('is listed, counted, exported and opened for everyone who sees it, with its date and no count', async () => {
      for (const user of ['sunli', 'hanbing', 'yangfan', 'chenjing']) {
        const list = await call<{ matters: MatterView[] }>(user, '/supervision/matters');
        expect(list.status).toBe(200);
        const row = list.body.matters.find((m) => m.id === matterId);
        expect(row).toMatchObject({
          deadline: { dueDate: '9999-12-31' },
          timeliness: 'not_due',
          workdaysLeft: null,
          outsideCalendar: true,
        });

        const overview = await call<{ total: number; byTimeliness: Record<string, number> }>(
          user,
          '/supervision/overview',
        );
        expect(overview.status).toBe(200);
        expect(overview.body.total).toBe(list.body.matters.length);

        const detail = await call<{ matter: MatterDetail }>(user, `/supervision/matters/${matterId}`);
        expect(detail.status).toBe(200);
        expect(detail.body.matter).toMatchObject({ deadline: { dueDate: '9999-12-31' }, workdaysLeft: null });

        const exported = await fetch(`${demo.duban.url}/api/supervision/matters/export.xlsx`, {
          headers: { authorization: `Bearer ${demo.tokens[user]}` },
        });
        expect(exported.status).toBe(200);
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(await exported.arrayBuffer());
        const cells: string[] = [];
        workbook.worksheets[0]?.eachRow((r) => {
          // A date cell: an Excel date shown as 9999年12月31日.
          const due = r.getCell(9);
          if (r.getCell(1).value === '督〔2026〕900号')
            cells.push(`${(due.value as Date).toISOString()} ${due.numFmt}`);
        });
        expect(cells).toEqual(['9999-12-31T00:00:00.000Z yyyy"年"m"月"d"日"']);
      }
      // Someone of another unit still gets their list (without it).
      const other = await call<{ matters: MatterView[] }>('fenggang', '/supervision/matters');
      expect(other.status).toBe(200);
      expect(other.body.matters.some((m) => m.id === matterId)).toBe(false);
    });

    it('leaves the documents lists and the document itself readable', async () => {
      const mine = await call<{ steps: { document: { id: number }; deadline: Record<string, unknown> }[] }>(
        'hanbing',
        '/documents/my-steps',
      );
      expect(mine.status).toBe(200);
      expect(mine.body.steps.find((s) => s.document.id === documentId)?.deadline).toMatchObject({
        dueDate: '9999-12-31',
        remainingWorkdays: null,
        outsideCalendar: true,
      });
      const list = await call<{ items: { id: number }[] }>('wufang', `/documents?q=${encodeURIComponent('历史数据')}`);
      expect(list.status).toBe(200);
      expect(list.body.items.some((d) => d.id === documentId)).toBe(true);
      const detail = await call('wufang', `/documents/${documentId}`);
      expect(detail.status).toBe(200);
    });
  });

  describe('supervision refuses them on input, changing nothing', () => {
    const assignment = (extra: Record<string, unknown>) => ({
      source: 'leader_instruction',
      title: '关于城区道路积水点整治的批示',
      leadDepartmentId: '33',
      responsibleUserId: 'yangfan',
      ...extra,
    });

    it('refuses a due date of 9999-12-31, or one years ahead, naming the range', async () => {
      const before = await snapshot();
      for (const [extra, message] of [
        [{ dueDate: '9999-12-31' }, /办理期限应在2000年1月1日至2031年12月31日之间/],
        [{ source: 'key_work', dueDate: '2040-12-31' }, /办理期限应在2000年1月1日至2031年12月31日之间/],
      ] as const) {
        expectImplausible(await call('sunli', '/supervision/matters', 'POST', assignment(extra)), message);
      }
      expect(await snapshot()).toEqual(before);
      // The last plausible day is taken.
      const last = await call<{ matter: MatterView }>(
        'sunli',
        '/supervision/matters',
        'POST',
        assignment({ dueDate: '2031-12-31' }),
      );
      expect(last.status).toBe(201);
      expect(last.body.matter.deadline?.dueDate).toBe('2031-12-31');
    });

    it('refuses a matter registered afterwards (补录) as assigned before 2000', async () => {
      // Within the 400 days a 补录 may go back, but before the first plausible year.
      const matters = demo.duban.services().supervision.matters;
      matters.useClock(() => new Date('2000-03-01T10:00:00+08:00'));
      try {
        const before = await snapshot();
        expectImplausible(
          await call('sunli', '/supervision/matters', 'POST', assignment({ assignedAt: '1999-12-20T09:00:00+08:00' })),
          /交办时间应在2000年1月1日至2000年3月1日之间/,
        );
        expect(await snapshot()).toEqual(before);
      } finally {
        matters.useClock(() => clock);
      }
    });

    it('refuses an extension that would end past the plausible range', async () => {
      const created = await call<{ matter: MatterView }>(
        'sunli',
        '/supervision/matters',
        'POST',
        assignment({ dueDate: '2031-12-15' }),
      );
      const id = created.body.matter.id;
      expect((await call('hanbing', `/supervision/matters/${id}/accept`, 'POST', {})).status).toBe(200);
      const before = await snapshot();
      const asked = await call('hanbing', `/supervision/matters/${id}/extensions`, 'POST', {
        amount: 30,
        reason: '需跨年度实施',
      });
      expectImplausible(asked, /延期后的办理期限应在2000年1月1日至2031年12月31日之间/);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a report period and a bulletin month outside the range', async () => {
      const created = await call<{ matter: MatterView }>('sunli', '/supervision/matters', 'POST', {
        ...assignment({ dueDate: '2026-09-30' }),
        source: 'key_work',
        title: '老旧小区改造年度目标任务',
      });
      const id = created.body.matter.id;
      expect((await call('hanbing', `/supervision/matters/${id}/accept`, 'POST', {})).status).toBe(200);
      const before = await snapshot();
      expectImplausible(
        await call('yangfan', `/supervision/matters/${id}/progress`, 'POST', {
          content: '本月完成入户调查。',
          period: '9999-01',
        }),
        /报送期/,
      );
      expect(await snapshot()).toEqual(before);

      for (const month of ['9999-12', '1999-12']) {
        expectImplausible(await call('sunli', `/supervision/bulletins/preview?month=${month}`), /通报月份/);
        expectImplausible(await call('sunli', '/supervision/bulletins', 'POST', { month }), /通报月份/);
      }
      const docx = await fetch(`${demo.duban.url}/api/supervision/bulletins/preview.docx?month=9999-12`, {
        headers: { authorization: `Bearer ${demo.tokens.sunli}` },
      });
      expect(docx.status).toBe(400);
    });

    it('reports an imported row due 9999-12-31 as that row’s error and imports the others', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('事项');
      sheet.addRow(['来源', '标题', '牵头单位', '办理期限']);
      sheet.addRow(['领导批示', '关于背街小巷照明改造的批示', '区住房和城乡建设局', '2026-07-31']);
      sheet.addRow(['领导批示', '关于排水管网清淤的批示', '区住房和城乡建设局', '9999-12-31']);
      sheet.addRow(['领导批示', '关于人行道修缮的批示', '区住房和城乡建设局', '2026-08-31']);
      const res = await fetch(`${demo.duban.url}/api/supervision/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${demo.tokens.sunli}`, 'content-type': 'application/octet-stream' },
        body: Buffer.from(await workbook.xlsx.writeBuffer()),
      });
      expect(res.status).toBe(200);
      const report = (await res.json()) as { imported: number; rejected: { row: number; reasons: string[] }[] };
      expect(report.imported).toBe(2);
      expect(report.rejected).toEqual([{ row: 3, title: '关于排水管网清淤的批示', reasons: [expect.any(String)] }]);
      expect(report.rejected[0]?.reasons[0]).toMatch(/办理期限应在2000年1月1日至2031年12月31日之间/);
      expect(await demo.db.getRepository(Matter).countBy({ title: '关于排水管网清淤的批示' })).toBe(0);
    });

    it('refuses a meeting decision due 9999-12-31 (decisions become matters through the same service)', async () => {
      const meeting = await demo.db
        .getRepository(Meeting)
        .findOneOrFail({ where: { status: 'held' }, order: { id: 'DESC' } });
      const before = await snapshot();
      const res = await call('sunli', `/meetings/${meeting.id}/decisions`, 'POST', {
        content: '由区住建局牵头完成片区改造',
        leadDepartmentId: '33',
        dueDate: '9999-12-31',
      });
      expectImplausible(res, /办理期限应在2000年1月1日至2031年12月31日之间/);
      expect(await snapshot()).toEqual(before);
    });
  });

  it('documents refuse a receipt before 2000 and a period outside the range', async () => {
    const before = await snapshot();
    expectImplausible(
      await call('wufang', '/documents/paper', 'POST', {
        title: '一份年代久远的来文',
        urgency: '平件',
        receivedAt: '1999-12-31T09:00:00+08:00',
      }),
      /收文时间应在2000年1月1日至2026年6月15日之间/,
    );
    expect(await snapshot()).toEqual(before);
    expectImplausible(await call('wufang', '/documents?from=1900-01-01'), /2000年1月1日/);
    expectImplausible(await call('wufang', '/documents?to=9999-12-31'), /2000年1月1日/);
    expectImplausible(await call('sunli', '/documents/figures?from=1999-01-01&to=2026-01-31'), /2000年1月1日/);
  });

  it('reports refuse periods and years outside the range', async () => {
    expectImplausible(await call('sunli', '/reports/figures?from=9999-01-01&to=9999-12-31'), /统计期间/);
    expectImplausible(await call('sunli', '/reports/figures?from=1999-12-01&to=2000-01-31'), /统计期间/);
    expectImplausible(
      await call('sunli', '/reports/drill?figure=matters.assigned&from=9999-01-01&to=9999-12-31'),
      /统计期间/,
    );
    expectImplausible(await call('sunli', '/reports/annual/2099'), /统计期间/);
  });

  it('the calendar refuses days outside its range with a clear 400, never a 500', async () => {
    const before = await snapshot();
    for (const date of ['9999-12-31', '2099-01-01', '1999-12-31']) {
      expectImplausible(
        await call('qianwei', '/calendar/overrides', 'PUT', { date, kind: 'off', reason: '测试日期范围' }),
        /调整日期应在2000年1月1日至/,
      );
    }
    expect(await snapshot()).toEqual(before);
    expectImplausible(
      await call('sunli', '/calendar/days?from=2099-01-01&to=2099-01-31'),
      /查询日期应在2000年1月1日至/,
    );
    expectImplausible(
      await call(
        'sunli',
        `/timelimits/due?rule=doc.step.propose&receivedAt=${encodeURIComponent('9999-01-04T09:00+08:00')}`,
      ),
      /收到时间/,
    );
  });
});
