import {
  AuditLog,
  DutyIncident,
  DutyIncidentLimit,
  DutyIncidentReport,
  DutyIncidentRule,
  OutboxNotification,
} from '../../../entities';
import type { IncidentView } from '../../duty/incidents';
import { type AnnualReport, summaryParagraphs } from '../../reports/annual';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';

type ErrorBody = { error: { code: string; message: string; details?: { message: string }[] } };
type One = { incident: IncidentView };

const at = (text: string) => new Date(`${text}+08:00`);
const textOf = (report: AnnualReport) =>
  summaryParagraphs(report)
    .map((b) => b.pieces.map((p) => p.text).join(''))
    .join('\n');

/**
 * 应急值班信息 through the API: who may record and read (the person on duty now, 会务, administrators; leaders and
 * 督查室 read), every bad input refused with nothing stored, an incident at 02:00 on a Sunday with its limits in
 * minutes and the clock's warning, overdue notice and escalation sent once each, reports meeting limits (late by N
 * minutes), 终报 closing all, the rules changed by an administrator for the next incident, and the figure in the
 * year-end summary. The service's clock is pinned in June 2024, a year the demo seeds nothing in.
 */
describe.each(testDatabases())('emergency information on $name', (target) => {
  let clock = at('2024-06-16T02:00:00');
  const demo = useDemoDuban(target, {
    users: ['zhenglei', 'zhoutao', 'wangjianguo', 'liming', 'hemin', 'caoxue', 'fenggang', 'qianwei'],
  });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api');
  const services = () => demo.duban.services();

  beforeAll(async () => {
    services().incidents.useClock(() => clock);
    // The night shift of Saturday 2024-06-15 (17:30 to Sunday 08:30): 带班领导 李明, 值班人员 何敏.
    await services().duty.editShift('qianwei', '2024-06-15', 'night', {
      leaderUserId: 'liming',
      staffUserIds: ['hemin'],
    });
  });

  const incident = {
    occurredAt: '2024-06-16T01:40:00+08:00',
    place: '南山林场',
    category: 'natural_disaster',
    level: 'major',
    summary: '林场发生森林火情，过火面积约3公顷，无人员伤亡',
    source: '区林业局值班室',
    measures: '扑火队伍已出发',
  };
  const report = { kind: 'phone', recipient: '区委总值班室', channel: 'phone' };
  const snapshot = async () => ({
    incidents: await demo.db.getRepository(DutyIncident).count(),
    limits: await demo.db.getRepository(DutyIncidentLimit).find({ order: { id: 'ASC' } }),
    reports: await demo.db.getRepository(DutyIncidentReport).count(),
    rules: await demo.db.getRepository(DutyIncidentRule).count(),
    audit: await demo.db.getRepository(AuditLog).count(),
    outbox: await demo.db.getRepository(OutboxNotification).count(),
  });
  const said = (res: { body: ErrorBody }) =>
    [res.body.error?.message, ...(res.body.error?.details ?? []).map((d) => d.message)].join(' ');
  const sentFor = (incidentId: number) =>
    demo.db.getRepository(OutboxNotification).find({
      where: { subjectType: 'duty_incident', subjectId: incidentId },
      order: { id: 'ASC' },
    });
  const runAt = async (text: string) => {
    clock = at(text);
    return services().incidents.runDue();
  };

  it('writes 无记录 for 报送应急值班信息 while the year has no report on record', async () => {
    const res = await call<AnnualReport>('wangjianguo', '/reports/annual/2024');
    expect(res.body.figures.find((f) => f.name === 'emergencyReports')).toMatchObject({ text: null, records: 0 });
    expect(textOf(res.body)).toContain('报送应急值班信息【无记录，待填写】条');
  });

  it('lets each role do only what it may on each route', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/duty/incidents'],
      ['POST', '/duty/incidents', incident],
      ['GET', '/duty/incidents/1'],
      ['POST', '/duty/incidents/1/reports', report],
      ['GET', '/duty/incident-rules'],
      ['PUT', '/duty/incident-rules/major', {}],
      ['DELETE', '/duty/incident-rules/major'],
    ];
    for (const [method, path, body] of routes) {
      expect([method, path, (await call('nobody', path, method, body)).status]).toEqual([method, path, 401]);
      // A unit head of another unit is not on the office's roster.
      expect([method, path, (await call('fenggang', path, method, body)).status]).toEqual([method, path, 403]);
    }
    const before = await snapshot();
    // Signed in with a role the route lets in, but not on duty now: refused by the service.
    for (const user of ['caoxue', 'zhoutao', 'wangjianguo']) {
      const res = await call(user, '/duty/incidents', 'POST', incident);
      expect([user, res.status, said(res)]).toEqual([user, 403, expect.stringMatching(/当前值班/)]);
    }
    // The rules are changed by administrators only.
    for (const user of ['zhenglei', 'hemin', 'wangjianguo', 'zhoutao']) {
      expect([user, (await call(user, '/duty/incident-rules/major', 'DELETE')).status]).toEqual([user, 403]);
    }
    // A staff member not on duty reads nothing of the office's incidents.
    expect((await call<{ total: number }>('caoxue', '/duty/incidents')).body.total).toBe(0);
    expect(await snapshot()).toEqual(before);
    for (const user of ['wangjianguo', 'zhoutao', 'zhenglei', 'hemin', 'qianwei']) {
      expect([user, (await call(user, '/duty/incidents')).status]).toEqual([user, 200]);
      expect([user, (await call(user, '/duty/incident-rules')).status]).toEqual([user, 200]);
    }
  });

  it('refuses every bad incident with a Chinese message and stores nothing', async () => {
    const before = await snapshot();
    for (const [body, message] of [
      [{ ...incident, occurredAt: '2024-06-16T02:05:00+08:00' }, /事发时间不能晚于现在/],
      [{ ...incident, knownAt: '2024-06-16T02:30:00+08:00' }, /接报时间不能晚于现在/],
      [{ ...incident, knownAt: '2024-06-16T01:30:00+08:00' }, /接报时间不能早于事发时间/],
      [{ ...incident, level: 'huge' }, /事件等级/],
      [{ ...incident, category: 'fire' }, /事件类别/],
      [{ ...incident, summary: '  ' }, /事件概要/],
      [{ ...incident, place: '' }, /事发地点/],
      [{ ...incident, source: undefined }, /信息来源/],
      [{ ...incident, occurredAt: 'last night' }, /事发时间/],
      [{ ...incident, extra: 1 }, /./],
    ] as const) {
      const res = await call('hemin', '/duty/incidents', 'POST', body);
      expect([res.status, said(res)]).toEqual([400, expect.stringMatching(message)]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the limits of an incident at 02:00 on a Sunday in minutes, and sends each notice once', async () => {
    clock = at('2024-06-16T02:00:00');
    const res = await call<One>('hemin', '/duty/incidents', 'POST', incident);
    expect([res.status, res.body.error]).toEqual([201, undefined]);
    const recorded = res.body.incident;
    expect(recorded).toMatchObject({
      knownAt: at('2024-06-16T02:00:00').toISOString(),
      levelName: '重大',
      categoryName: '自然灾害',
      open: true,
      canReport: true,
      recordedBy: { id: 'hemin', name: '何敏' },
    });
    // 重大: 电话初报 within 15 minutes and 书面初报 within 30, at night on a day off all the same.
    expect(recorded.limits.map((l) => [l.name, l.dueAt, l.status])).toEqual([
      ['电话初报', at('2024-06-16T02:15:00').toISOString(), 'open'],
      ['书面初报', at('2024-06-16T02:30:00').toISOString(), 'open'],
    ]);
    const audit = await demo.db
      .getRepository(AuditLog)
      .findBy({ subjectType: 'duty_incident', subjectId: String(recorded.id) });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['duty.incident.recorded', 'hemin']]);

    // Before the warning (5 minutes before the limit), nothing.
    expect(await runAt('2024-06-16T02:09:00')).toBe(0);
    expect(await sentFor(recorded.id)).toEqual([]);
    // 02:10: the warning of the phone report, to the recorder; run twice (two processes), written once.
    clock = at('2024-06-16T02:10:00');
    await Promise.all([services().incidents.runDue(), services().incidents.runDue()]);
    await runAt('2024-06-16T02:10:30');
    let sent = await sentFor(recorded.id);
    expect(sent.map((s) => [s.kind, s.recipientUserId, s.channel])).toEqual([
      ['incident_warning', 'hemin', 'work_notice'],
    ]);
    expect(sent[0]?.payload).toMatchObject({ urgent: true, url: `/m/incident/${recorded.id}` });
    expect(JSON.stringify(sent[0]?.payload)).toContain('电话初报时限为6月16日 02:15，还剩5分钟');
    // 02:15: overdue; 02:25: the escalation to the shift's 带班领导 and the written report's warning.
    await runAt('2024-06-16T02:15:00');
    await runAt('2024-06-16T02:25:00');
    await runAt('2024-06-16T02:25:00');
    sent = await sentFor(recorded.id);
    expect(sent.map((s) => [s.kind, s.recipientUserId])).toEqual([
      ['incident_warning', 'hemin'],
      ['incident_overdue', 'hemin'],
      ['incident_escalation', 'liming'],
      ['incident_warning', 'hemin'],
    ]);
    expect(sent.every((s) => (s.payload as { urgent?: boolean }).urgent === true)).toBe(true);
    expect(JSON.stringify(sent[2]?.payload)).toContain('已超时10分钟');

    // 02:26: the phone report, 11 minutes late; it closes its limit, nothing more is sent for it.
    clock = at('2024-06-16T02:26:00');
    const phone = await call<One>('hemin', `/duty/incidents/${recorded.id}/reports`, 'POST', report);
    expect([phone.status, phone.body.error]).toEqual([201, undefined]);
    expect(phone.body.incident.limits[0]).toMatchObject({ name: '电话初报', status: 'met', lateMinutes: 11 });
    expect(phone.body.incident.reports[0]).toMatchObject({
      kindName: '电话初报',
      lateMinutes: 11,
      channelName: '电话',
    });
    // The written report, 3 minutes late, opens the first 续报 twelve hours later.
    await runAt('2024-06-16T02:30:00');
    clock = at('2024-06-16T02:33:00');
    const written = await call<One>('liming', `/duty/incidents/${recorded.id}/reports`, 'POST', {
      kind: 'written',
      recipient: '市政府总值班室',
      channel: 'intranet',
      content: '书面报告已报送',
    });
    expect(written.status).toBe(201);
    expect(written.body.incident.limits.map((l) => [l.name, l.status, l.lateMinutes, l.dueAt])).toEqual([
      ['电话初报', 'met', 11, at('2024-06-16T02:15:00').toISOString()],
      ['书面初报', 'met', 3, at('2024-06-16T02:30:00').toISOString()],
      ['第1次续报', 'open', null, at('2024-06-16T14:33:00').toISOString()],
    ]);
    await runAt('2024-06-16T02:45:00');
    sent = await sentFor(recorded.id);
    expect(sent.map((s) => s.kind)).toEqual([
      'incident_warning',
      'incident_overdue',
      'incident_escalation',
      'incident_warning',
      'incident_overdue',
    ]);
    expect(new Set(sent.map((s) => s.idempotencyKey)).size).toBe(sent.length);

    // A report before 接报时间 or in the future is refused; nothing changes.
    const before = await snapshot();
    for (const [body, message] of [
      [{ ...report, reportedAt: '2024-06-16T01:59:00+08:00' }, /报送时间不能早于接报时间/],
      [{ ...report, reportedAt: '2024-06-16T03:00:00+08:00' }, /报送时间不能晚于现在/],
      [{ ...report, kind: 'daily' }, /报送类型/],
      [{ ...report, channel: 'pigeon' }, /报送方式/],
      [{ ...report, recipient: ' ' }, /报送对象/],
    ] as const) {
      const bad = await call('hemin', `/duty/incidents/${recorded.id}/reports`, 'POST', body);
      expect([bad.status, said(bad)]).toEqual([400, expect.stringMatching(message)]);
    }
    expect(await snapshot()).toEqual(before);

    // The 终报 closes the incident and its open limits; the clock sends nothing more for them.
    clock = at('2024-06-16T08:00:00');
    const final = await call<One>('zhenglei', `/duty/incidents/${recorded.id}/reports`, 'POST', {
      kind: 'final',
      recipient: '市政府总值班室',
      channel: 'intranet',
    });
    expect(final.body.incident).toMatchObject({ open: false, closedAt: at('2024-06-16T08:00:00').toISOString() });
    expect(final.body.incident.limits.map((l) => l.status)).toEqual(['met', 'met', 'closed']);
    await runAt('2024-06-17T08:00:00');
    expect(await sentFor(recorded.id)).toHaveLength(5);
    const again = await call('zhenglei', `/duty/incidents/${recorded.id}/reports`, 'POST', report);
    expect([again.status, said(again)]).toEqual([409, expect.stringMatching(/已终报/)]);
    const audit2 = await demo.db
      .getRepository(AuditLog)
      .findBy({ subjectType: 'duty_incident', subjectId: String(recorded.id) });
    expect(audit2.map((a) => a.action)).toEqual([
      'duty.incident.recorded',
      'duty.incident.reported',
      'duty.incident.reported',
      'duty.incident.reported',
    ]);
    // Leaders and 督查室 read it; the list shows it.
    for (const user of ['wangjianguo', 'zhoutao']) {
      const read = await call<One>(user, `/duty/incidents/${recorded.id}`);
      expect([user, read.status, read.body.incident.canReport]).toEqual([user, 200, false]);
    }
  });

  it('applies the rules an administrator changes to the limits computed afterwards', async () => {
    clock = at('2024-06-16T03:00:00');
    const before = await snapshot();
    for (const [body, message] of [
      [
        { phoneMinutes: 40, writtenMinutes: 30, followUpHours: 6, warnMinutes: 5, escalateMinutes: 10 },
        /书面初报时限不能短于电话初报时限/,
      ],
      [{ phoneMinutes: 0, writtenMinutes: 30, followUpHours: 6, warnMinutes: 5, escalateMinutes: 10 }, /电话初报时限/],
      [{ writtenMinutes: 30 }, /./],
    ] as const) {
      const res = await call('qianwei', '/duty/incident-rules/major', 'PUT', body);
      expect([res.status, said(res)]).toEqual([400, expect.stringMatching(message)]);
    }
    expect((await call('qianwei', '/duty/incident-rules/huge', 'PUT', {})).status).toBe(400);
    expect(await snapshot()).toEqual(before);

    const first = await call<One>('hemin', '/duty/incidents', 'POST', {
      ...incident,
      occurredAt: '2024-06-16T02:50:00+08:00',
    });
    const saved = await call<{ rules: { level: string; phoneMinutes: number; changed: boolean }[]; note: string }>(
      'qianwei',
      '/duty/incident-rules/major',
      'PUT',
      { phoneMinutes: 20, writtenMinutes: 45, followUpHours: 6, warnMinutes: 10, escalateMinutes: 5 },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.rules.find((r) => r.level === 'major')).toMatchObject({ phoneMinutes: 20, changed: true });
    expect(saved.body.note).toMatch(/核实/);
    const audit = await demo.db.getRepository(AuditLog).findBy({ action: 'duty.incident_rule.saved' });
    expect(audit.map((a) => [a.actor, a.subjectId, (a.before as { phoneMinutes: number }).phoneMinutes])).toEqual([
      ['qianwei', 'major', 15],
    ]);
    const second = await call<One>('hemin', '/duty/incidents', 'POST', {
      ...incident,
      occurredAt: '2024-06-16T02:55:00+08:00',
    });
    expect(second.body.incident.limits.map((l) => l.dueAt)).toEqual([
      at('2024-06-16T03:20:00').toISOString(),
      at('2024-06-16T03:45:00').toISOString(),
    ]);
    // The incident recorded before the change keeps its limits.
    const kept = await call<One>('hemin', `/duty/incidents/${first.body.incident.id}`);
    expect(kept.body.incident.limits.map((l) => l.dueAt)).toEqual([
      at('2024-06-16T03:15:00').toISOString(),
      at('2024-06-16T03:30:00').toISOString(),
    ]);
    // 一般 asks for no phone report by default: only the written one, six hours.
    const general = await call<One>('zhenglei', '/duty/incidents', 'POST', {
      ...incident,
      level: 'general',
      occurredAt: '2024-06-16T02:58:00+08:00',
    });
    expect(general.body.incident.limits.map((l) => [l.name, l.dueAt])).toEqual([
      ['书面初报', at('2024-06-16T09:00:00').toISOString()],
    ]);
    // Back to the default.
    const reset = await call<{ rules: { level: string; phoneMinutes: number; changed: boolean }[] }>(
      'qianwei',
      '/duty/incident-rules/major',
      'DELETE',
    );
    expect(reset.body.rules.find((r) => r.level === 'major')).toMatchObject({ phoneMinutes: 15, changed: false });
  });

  it('counts the reports upward of the period as 报送应急值班信息, with its drill-down and in the year-end summary', async () => {
    const reports = (await demo.db.getRepository(DutyIncidentReport).find()).filter(
      (r) => r.reportedAt >= at('2024-01-01T00:00:00') && r.reportedAt < at('2025-01-01T00:00:00'),
    );
    expect(reports.length).toBe(3);
    const drill = await call<{ total: number; items: { link: string }[] }>(
      'zhoutao',
      '/reports/drill?figure=duty.emergencyReports&from=2024-01-01&to=2024-12-31&limit=200',
    );
    expect(drill.body.total).toBe(reports.length);
    expect(drill.body.items[0]?.link).toMatch(/^\/m\/incident\/\d+$/);
    const annual = await call<AnnualReport>('wangjianguo', '/reports/annual/2024');
    expect(annual.body.figures.find((f) => f.name === 'emergencyReports')?.text).toBe(String(reports.length));
    expect(textOf(annual.body)).toContain(`报送应急值班信息${reports.length}条`);
  });
});
