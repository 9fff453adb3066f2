import { AuditLog, Deadline, Matter, PetitionVisit, PhoneCall } from '../../../entities';
import { formatISODate, shanghaiDayNumber } from '../../calendar';
import type { VisitView } from '../../duty/petitions';
import type { CallView } from '../../duty/phone-log';
import type { AnnualReport } from '../../reports/annual';
import type { DutyFigures } from '../../reports/duty-figures';
import type { MatterView } from '../../supervision/types';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';

const dateOf = (instant: Date) => formatISODate(shanghaiDayNumber(instant));

type ErrorBody = { error: { code: string; message: string; details?: { message: string }[] } };
type List = { total: number; visits: VisitView[] };

/**
 * 信访接待登记 and the phone log through the API: who may do what, filters, the 集体访 threshold, repeat visits, a
 * visit turned into a supervised matter once, the audit, and the figures in the year-end summary. The clock is
 * pinned in 2024, a year the demo seeds nothing in.
 */
describe.each(testDatabases())('petition reception and the phone log on $name', (target) => {
  const clock = new Date('2024-06-12T10:00:00+08:00');
  const demo = useDemoDuban(target, {
    users: ['zhenglei', 'zhoutao', 'sunli', 'wangjianguo', 'hemin', 'fenggang', 'qianwei'],
    clock: { now: () => clock, on: ['matters'] },
  });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api');
  const visit = {
    visitedAt: '2024-06-03T09:30:00+08:00',
    petitioners: 1,
    representativeName: '张三丰',
    representativeContact: '13812345678',
    content: '小区供暖管道漏水，物业长期未修',
    departmentId: '33',
    handling: '当场联系区住建局',
    outcome: 'referred',
  };
  const register = async (body: Record<string, unknown>, user = 'zhenglei') => {
    const res = await call<{ visit: VisitView }>(user, '/duty/petitions', 'POST', body);
    expect([res.status, res.body.error]).toEqual([201, undefined]);
    return res.body.visit;
  };
  const snapshot = async () => ({
    visits: await demo.db.getRepository(PetitionVisit).find({ order: { id: 'ASC' } }),
    calls: await demo.db.getRepository(PhoneCall).find({ order: { id: 'ASC' } }),
    matters: await demo.db.getRepository(Matter).count(),
    deadlines: await demo.db.getRepository(Deadline).count(),
    audit: await demo.db.getRepository(AuditLog).count(),
  });
  const auditOf = (subjectType: string, subjectId: number) =>
    demo.db
      .getRepository(AuditLog)
      .find({ where: { subjectType, subjectId: String(subjectId) }, order: { id: 'ASC' } });
  const list = async (query: string, user = 'zhenglei') => {
    const res = await call<List>(user, `/duty/petitions?${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('finds the demo office’s visits (one collective, one repeat, one turned into a matter) and calls of the past year', async () => {
    const seeded = (await demo.db.getRepository(PetitionVisit).find()).filter((v) => v.recordedBy === 'zhenglei');
    expect(seeded.filter((v) => v.petitioners >= 5)).toHaveLength(1);
    const repeat = seeded.find((v) => v.earlierVisitId !== null);
    expect(seeded.find((v) => v.id === repeat?.earlierVisitId)?.petitioners).toBeGreaterThanOrEqual(5);
    const turned = seeded.filter((v) => v.matterId !== null);
    expect(turned).toHaveLength(1);
    const matter = await demo.db.getRepository(Matter).findOneByOrFail({ id: turned[0]?.matterId ?? 0 });
    expect([matter.source, turned[0]?.outcome]).toEqual(['petition', 'supervised']);
    const months = new Set((await demo.db.getRepository(PhoneCall).find()).map((c) => dateOf(c.calledAt).slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(12);
  });

  it('writes 无记录 in the year-end summary while the year has no visit or call on record', async () => {
    const res = await call<AnnualReport>('wangjianguo', '/reports/annual/2024');
    expect(res.status).toBe(200);
    for (const name of ['petitionVisits', 'petitioners', 'phoneCalls']) {
      expect(res.body.figures.find((f) => f.name === name)).toMatchObject({ text: null, records: 0 });
    }
  });

  it('registers a visit, audited, refuses bad input with a Chinese message and changes nothing', async () => {
    const before = await snapshot();
    for (const [body, message] of [
      [{ ...visit, petitioners: 0 }, /来访人次/],
      [{ ...visit, representativeName: ' ' }, /姓名/],
      [{ ...visit, content: '' }, /反映事项/],
      [{ ...visit, departmentId: '999' }, /涉及单位/],
      [{ ...visit, outcome: 'supervised' }, /处理结果/],
      [{ ...visit, visitedAt: '2024-06-13T09:00:00+08:00' }, /不能晚于现在/],
      [{ ...visit, visitedAt: '1999-12-31T09:00:00+08:00' }, /2000/],
      [{ ...visit, visitedAt: 'yesterday' }, /接待时间/],
      [{ ...visit, extra: 1 }, /./],
    ] as const) {
      const res = await call('zhenglei', '/duty/petitions', 'POST', body);
      expect(res.status).toBe(400);
      const said = [res.body.error.message, ...(res.body.error.details ?? []).map((d) => d.message)].join(' ');
      expect(said).toMatch(message);
    }
    expect(await snapshot()).toEqual(before);

    const created = await register(visit);
    expect(created).toMatchObject({
      petitioners: 1,
      collective: false,
      representativeName: '张三丰',
      representativeContact: '13812345678',
      personalHidden: false,
      unit: { id: '33', name: '区住房和城乡建设局' },
      outcome: 'referred',
      outcomeName: '转交办理',
      earlierVisit: null,
      matter: null,
      recordedBy: { id: 'zhenglei', name: '郑磊' },
    });
    expect(created.visitedAt).toBe(new Date(visit.visitedAt).toISOString());
    const rows = await auditOf('petition_visit', created.id);
    expect(rows.map((r) => [r.action, r.actor])).toEqual([['petition_visit.registered', 'zhenglei']]);
    expect(rows[0]?.after).toMatchObject({ petitioners: 1, departmentId: '33' });

    // The time defaults to now.
    const now = await register({ petitioners: 2, representativeName: '李四', content: '咨询低保办理流程' });
    expect(now.visitedAt).toBe(clock.toISOString());
    expect(now.outcome).toBeNull();
  });

  it('counts a visit of four as individual and one of five as collective (集体访), and says so after an edit', async () => {
    const four = await register({ ...visit, petitioners: 4, content: '四人反映拆迁补偿标准' });
    const five = await register({ ...visit, petitioners: 5, content: '五人反映拆迁补偿标准' });
    expect([four.collective, five.collective]).toEqual([false, true]);
    const edited = await call<{ visit: VisitView }>('zhoutao', `/duty/petitions/${four.id}`, 'PUT', { petitioners: 5 });
    expect(edited.status).toBe(200);
    expect(edited.body.visit).toMatchObject({ petitioners: 5, collective: true, content: '四人反映拆迁补偿标准' });
    const rows = await auditOf('petition_visit', four.id);
    expect(rows.at(-1)).toMatchObject({ action: 'petition_visit.edited', actor: 'zhoutao' });
    expect([rows.at(-1)?.before?.petitioners, rows.at(-1)?.after?.petitioners]).toEqual([4, 5]);

    const before = await snapshot();
    const bad = await call('zhoutao', `/duty/petitions/${four.id}`, 'PUT', { petitioners: -1 });
    expect(bad.status).toBe(400);
    expect((await call('zhoutao', '/duty/petitions/99999', 'PUT', { petitioners: 2 })).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('links a repeat visit to an earlier one, only an earlier one, and filters by period, unit, collective, repeat', async () => {
    const first = await register({
      ...visit,
      visitedAt: '2024-05-06T10:00:00+08:00',
      content: '反映学校周边交通拥堵',
      departmentId: '34',
    });
    const again = await register({
      ...visit,
      visitedAt: '2024-06-05T10:00:00+08:00',
      content: '再次反映学校周边交通拥堵',
      departmentId: '34',
      petitioners: 6,
    });
    const before = await snapshot();
    for (const [id, earlierVisitId, status] of [
      [again.id, again.id, 400],
      [first.id, again.id, 400],
      [again.id, 99999, 404],
    ] as const) {
      expect((await call('zhenglei', `/duty/petitions/${id}/repeat-of`, 'PUT', { earlierVisitId })).status).toBe(
        status,
      );
    }
    expect(await snapshot()).toEqual(before);

    const linked = await call<{ visit: VisitView }>('zhenglei', `/duty/petitions/${again.id}/repeat-of`, 'PUT', {
      earlierVisitId: first.id,
    });
    expect(linked.status).toBe(200);
    expect(linked.body.visit.earlierVisit).toEqual({
      id: first.id,
      visitedAt: new Date('2024-05-06T10:00:00+08:00').toISOString(),
    });
    expect(
      (await call<{ visit: VisitView }>('zhenglei', `/duty/petitions/${first.id}`)).body.visit.laterVisitIds,
    ).toEqual([again.id]);
    expect((await auditOf('petition_visit', again.id)).at(-1)).toMatchObject({
      action: 'petition_visit.repeat_linked',
      after: { earlierVisitId: first.id },
    });
    // Moving the earlier visit after its repeat is refused.
    expect(
      (await call('zhenglei', `/duty/petitions/${first.id}`, 'PUT', { visitedAt: '2024-06-06T10:00:00+08:00' })).status,
    ).toBe(400);

    const all = await list('from=2024-01-01&to=2024-12-31&limit=200');
    const ids = (l: List) => l.visits.map((v) => v.id).sort((a, b) => a - b);
    expect(all.total).toBe(
      (await demo.db.getRepository(PetitionVisit).find()).filter((v) => v.visitedAt.getUTCFullYear() === 2024).length,
    );
    expect(ids(await list('from=2024-05-01&to=2024-05-31'))).toEqual([first.id]);
    expect(ids(await list('from=2024-01-01&to=2024-12-31&unit=34'))).toEqual([first.id, again.id]);
    expect(ids(await list('from=2024-01-01&to=2024-12-31&repeat=true'))).toEqual([again.id]);
    expect(
      (await list('from=2024-01-01&to=2024-12-31&collective=1&limit=200')).visits.every((v) => v.petitioners >= 5),
    ).toBe(true);
    expect(
      (await list('from=2024-01-01&to=2024-12-31&collective=0&limit=200')).visits.every((v) => v.petitioners < 5),
    ).toBe(true);
    expect(ids(await list('from=2024-01-01&to=2024-12-31&unit=34&collective=true'))).toEqual([again.id]);
    // Newest first.
    const times = all.visits.map((v) => v.visitedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect((await call('zhenglei', '/duty/petitions?from=2024-13-01&to=2024-12-31')).status).toBe(400);
  });

  it('turns a visit into a 信访 matter once, with the deadline any 信访 matter gets, and refuses a second time', async () => {
    const v = await register({ ...visit, content: '反映老旧小区加装电梯资金分摊问题', petitioners: 3 });
    // 会务 records visits but does not assign matters.
    const before = await snapshot();
    expect((await call('zhenglei', `/duty/petitions/${v.id}/matter`, 'POST', {})).status).toBe(403);
    expect((await call('zhoutao', `/duty/petitions/${v.id}/matter`, 'POST', { leadDepartmentId: '10' })).status).toBe(
      400,
    );
    expect(await snapshot()).toEqual(before);

    const turned = await call<{ visit: VisitView }>('zhoutao', `/duty/petitions/${v.id}/matter`, 'POST', {});
    expect(turned.status).toBe(201);
    expect(turned.body.visit).toMatchObject({ outcome: 'supervised', outcomeName: '交办督办', canTurn: false });
    const matter = await demo.db.getRepository(Matter).findOneByOrFail({ id: turned.body.visit.matter?.id });
    expect(matter).toMatchObject({
      source: 'petition',
      leadDepartmentId: '33',
      status: 'assigned',
      createdByUserId: 'zhoutao',
    });
    expect(matter.number).toMatch(/^信访〔2024〕\d+号$/);
    expect(matter.content).toContain(`来访接待登记第${v.id}号`);
    expect(matter.content).not.toContain('13812345678');
    expect((await demo.db.getRepository(PetitionVisit).findOneByOrFail({ id: v.id })).matterId).toBe(matter.id);

    // A 信访 matter assigned directly at the same moment has the same rule and due date.
    const direct = await call<{ matter: MatterView }>('sunli', '/supervision/matters', 'POST', {
      source: 'petition',
      title: '对照：直接交办的信访事项',
      leadDepartmentId: '33',
    });
    expect(direct.status).toBe(201);
    const deadlineOf = (id: number | null) => demo.db.getRepository(Deadline).findOneByOrFail({ id: Number(id) });
    const directMatter = await demo.db.getRepository(Matter).findOneByOrFail({ id: direct.body.matter.id });
    const [ours, theirs] = [await deadlineOf(matter.deadlineId), await deadlineOf(directMatter.deadlineId)];
    expect([ours.ruleCode, ours.purpose, ours.dueDate]).toEqual([theirs.ruleCode, theirs.purpose, theirs.dueDate]);
    expect(ours.ruleCode).toBe('supervision.petition.acceptance_notice');

    const audits = await auditOf('petition_visit', v.id);
    expect(audits.at(-1)).toMatchObject({
      action: 'petition_visit.turned_into_matter',
      actor: 'zhoutao',
      after: { matterId: matter.id, matterNumber: matter.number, outcome: 'supervised' },
    });
    expect(
      await demo.db.getRepository(AuditLog).countBy({ action: 'matter.assigned', subjectId: String(matter.id) }),
    ).toBe(1);

    const once = await snapshot();
    const again = await call('zhoutao', `/duty/petitions/${v.id}/matter`, 'POST', {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(matter.number);
    // Its outcome stays 交办督办.
    expect((await call('zhenglei', `/duty/petitions/${v.id}`, 'PUT', { outcome: 'answered' })).status).toBe(409);
    expect(await snapshot()).toEqual(once);
  });

  it('lets leaders read with the name and contact masked, and refuses staff and unit heads', async () => {
    const read = await list('from=2024-06-03&to=2024-06-03', 'wangjianguo');
    expect(read.visits.length).toBeGreaterThan(0);
    const own = read.visits.find((v) => v.representativeName.startsWith('张'));
    expect(own).toMatchObject({
      representativeName: '张**',
      representativeContact: '138****5678',
      personalHidden: true,
    });
    expect((await call('wangjianguo', '/duty/petitions', 'POST', visit)).status).toBe(403);
    expect((await call('wangjianguo', '/duty/calls', 'POST', { topic: '咨询', outcome: 'answered' })).status).toBe(403);
    for (const user of ['hemin', 'fenggang']) {
      for (const [path, method] of [
        ['/duty/petitions', 'GET'],
        ['/duty/petitions', 'POST'],
        ['/duty/calls', 'GET'],
        ['/duty/calls', 'POST'],
        ['/duty/figures?from=2024-01-01&to=2024-12-31', 'GET'],
      ] as const) {
        expect([
          user,
          path,
          method,
          (
            await call(
              user,
              path,
              method,
              method === 'GET' ? undefined : path === '/duty/calls' ? { topic: '咨询', outcome: 'answered' } : visit,
            )
          ).status,
        ]).toEqual([user, path, method, 403]);
      }
    }
    // An administrator holds every role.
    expect((await list('from=2024-06-03&to=2024-06-03', 'qianwei')).visits[0]?.personalHidden).toBe(false);
  });

  it('records a phone call in a few taps: now and 群众 by default, 已转办 with its unit', async () => {
    const quick = await call<{ call: CallView }>('zhenglei', '/duty/calls', 'POST', {
      topic: '咨询办事时间',
      outcome: 'answered',
    });
    expect(quick.status).toBe(201);
    expect(quick.body.call).toMatchObject({
      calledAt: clock.toISOString(),
      callerType: 'public',
      callerTypeName: '群众',
      outcomeName: '已答复',
      referredUnit: null,
      recordedBy: { id: 'zhenglei' },
    });
    const before = await snapshot();
    for (const body of [
      { topic: '路灯不亮', outcome: 'referred' },
      { topic: '路灯不亮', outcome: 'answered', referredDepartmentId: '33' },
      { topic: '', outcome: 'answered' },
      { topic: '路灯不亮', outcome: 'maybe' },
      { topic: '路灯不亮', outcome: 'answered', callerType: 'alien' },
      { topic: '路灯不亮', outcome: 'referred', referredDepartmentId: '999' },
    ]) {
      const res = await call('zhenglei', '/duty/calls', 'POST', body);
      expect([body, res.status]).toEqual([body, 400]);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await snapshot()).toEqual(before);

    const referred = await call<{ call: CallView }>('zhoutao', '/duty/calls', 'POST', {
      calledAt: '2024-03-04T22:15:00+08:00',
      callerType: 'superior',
      topic: '市政府值班室询问汛情',
      outcome: 'referred',
      referredDepartmentId: '35',
    });
    expect(referred.status).toBe(201);
    expect(referred.body.call.referredUnit).toEqual({ id: '35', name: '区民政局' });
    const edited = await call<{ call: CallView }>('zhoutao', `/duty/calls/${referred.body.call.id}`, 'PUT', {
      outcome: 'answered',
    });
    expect(edited.body.call).toMatchObject({ outcome: 'answered', referredUnit: null, topic: '市政府值班室询问汛情' });
    expect((await auditOf('phone_call', referred.body.call.id)).map((r) => r.action)).toEqual([
      'phone_call.recorded',
      'phone_call.edited',
    ]);

    const march = await call<{ total: number; calls: CallView[] }>(
      'wangjianguo',
      '/duty/calls?from=2024-03-01&to=2024-03-31',
    );
    expect(march.body.calls.map((c) => c.id)).toEqual([referred.body.call.id]);
    const superior = await call<{ total: number }>(
      'zhenglei',
      '/duty/calls?from=2024-01-01&to=2024-12-31&callerType=superior',
    );
    expect(superior.body.total).toBe(1);
  });

  it('gives the figures of the period as the records count them, and fills the year-end summary', async () => {
    const visits = (await demo.db.getRepository(PetitionVisit).find()).filter(
      (v) => v.visitedAt.getTime() < Date.parse('2025-01-01T00:00:00+08:00'),
    );
    const calls = (await demo.db.getRepository(PhoneCall).find()).filter(
      (c) => c.calledAt.getTime() < Date.parse('2025-01-01T00:00:00+08:00'),
    );
    const res = await call<{ figures: DutyFigures }>('wangjianguo', '/duty/figures?from=2024-01-01&to=2024-12-31');
    expect(res.status).toBe(200);
    const value = (id: string) => res.body.figures.figures.find((f) => f.id === id)?.value;
    expect(value('duty.petitionVisits')).toBe(visits.length);
    expect(value('duty.petitioners')).toBe(visits.reduce((sum, v) => sum + v.petitioners, 0));
    expect(value('duty.collectiveVisits')).toBe(visits.filter((v) => v.petitioners >= 5).length);
    expect(value('duty.phoneCalls')).toBe(calls.length);
    expect(res.body.figures.phoneCallsByMonth.map((m) => m.month)).toHaveLength(12);
    expect(res.body.figures.phoneCallsByMonth.find((m) => m.month === '2024-03')?.count).toBe(1);
    expect(res.body.figures.phoneCallsByMonth.find((m) => m.month === '2024-06')?.count).toBe(1);

    const drill = await call<{ total: number; items: { id: number; amount?: number }[] }>(
      'sunli',
      '/reports/drill?figure=duty.petitioners&from=2024-01-01&to=2024-12-31&limit=200',
    );
    expect(drill.body.total).toBe(visits.length);
    expect(drill.body.items.reduce((sum, i) => sum + (i.amount ?? 0), 0)).toBe(value('duty.petitioners'));

    const annual = await call<AnnualReport>('wangjianguo', '/reports/annual/2024');
    const text = (name: string) => annual.body.figures.find((f) => f.name === name)?.text;
    expect([text('petitionVisits'), text('petitioners'), text('phoneCalls')]).toEqual([
      String(visits.length),
      String(value('duty.petitioners')),
      String(calls.length),
    ]);
    // A visit turned into a matter is a visit received, not a 信访交办函 from above.
    const turned = visits.filter((v) => v.matterId !== null).length;
    const petitionMatters = await demo.db.getRepository(Matter).findBy({ source: 'petition', year: 2024 });
    expect(Number(text('petitions'))).toBe(petitionMatters.length - turned);
  });

  // Last: it puts a shift on the roster and two calls in the log.
  it('lets whoever is on duty record the calls of their shift, and nobody else outside the office', async () => {
    const topic = { topic: '群众咨询供暖时间', outcome: 'answered' };
    const before = (await snapshot()).calls.length;
    // Nobody on the roster at 10:00 on 12 June: staff and leaders are refused.
    expect((await call('hemin', '/duty/calls', 'POST', topic)).status).toBe(403);
    // 会务 puts 何敏 on that day's 白班 under 王建国: both may record now; a unit head is refused by the route.
    await demo.duban
      .services()
      .duty.editShift('zhenglei', '2024-06-12', 'day', { leaderUserId: 'wangjianguo', staffUserIds: ['hemin'] });
    const recorded = await call<{ call: CallView }>('hemin', '/duty/calls', 'POST', topic);
    expect([recorded.status, recorded.body.call?.recordedBy?.id]).toEqual([201, 'hemin']);
    expect((await call('wangjianguo', '/duty/calls', 'POST', topic)).status).toBe(201);
    const refused = await call('fenggang', '/duty/calls', 'POST', topic);
    expect(refused.status).toBe(403);
    // Recording does not open the log to them: reading stays with 督查室, 会务 and the leaders.
    expect((await call('hemin', '/duty/calls')).status).toBe(403);
    expect((await snapshot()).calls.length).toBe(before + 2);
  });
});
