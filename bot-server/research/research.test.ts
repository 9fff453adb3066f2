import {
  AuditLog,
  Bulletin,
  Matter,
  ResearchProblem,
  ResearchReport,
  type Role,
  SupervisionInspection,
  SupervisionSuggestion,
} from '../../entities';
import { WorkCalendar } from '../calendar';
import { DeadlineService } from '../deadlines/deadline-service';
import { reseedDemo } from '../demo/seed-demo';
import { createLogger } from '../logging/logger';
import { computeFigures, drillFigure, type Period } from '../reports/engine';
import { RESEARCH_SPECS, researchFigures } from '../reports/research-figures';
import { Supervision } from '../supervision';
import type { Actor } from '../supervision/types';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { civilDateOf } from './access';
import { ResearchService } from './reports';
import { SuggestionService } from './suggestions';

const actor = (id: string, role: Role, scope = '*'): Actor => ({ id, roles: [{ role, scope }] });
const office = actor('sunli', 'supervision_office');
const meetings = actor('zhenglei', 'meeting_office');
const mayor = actor('wangjianguo', 'leader');
const t = (text: string) => new Date(`${text}+08:00`);

/**
 * 调研报告, their problems turned into matters, 督查建议 and 督查 visits on a scratch database (the organisation
 * only): what is refused (and that nothing is stored then), a problem turned once, and the five figures against a
 * count made here from the rows, for periods whose edges fall on a report's Shanghai date.
 */
describe.each(testDatabases())('research reports and supervision suggestions on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let clock = t('2026-06-15T10:00:00');
  let research: ResearchService;
  let suggestions: SuggestionService;

  beforeAll(async () => {
    await reseedDemo(scratch.db);
    const supervision = new Supervision(
      () => scratch.db,
      await DeadlineService.load(() => scratch.db, createLogger('silent')),
      () => clock,
    );
    research = new ResearchService(() => scratch.db, supervision.matters);
    suggestions = new SuggestionService(
      () => scratch.db,
      () => clock,
    );
  });

  const stored = async () => ({
    reports: await scratch.db.getRepository(ResearchReport).count(),
    problems: await scratch.db.getRepository(ResearchProblem).count(),
    suggestions: await scratch.db.getRepository(SupervisionSuggestion).count(),
    inspections: await scratch.db.getRepository(SupervisionInspection).count(),
    matters: await scratch.db.getRepository(Matter).count(),
    audit: await scratch.db.getRepository(AuditLog).count(),
  });
  const valid = {
    title: '关于老旧小区改造的调研报告',
    topic: '老旧小区改造',
    authorIds: ['sunli'],
    finishedOn: '2026-06-01',
  };

  it('refuses bad input and the wrong roles, storing nothing', async () => {
    const before = await stored();
    const refusals: [Promise<unknown>, string, RegExp][] = [
      [research.create(office, { ...valid, title: '  ' }), 'invalid', /请填写调研报告标题/],
      [research.create(office, { ...valid, authorIds: [] }), 'invalid', /至少选择一位/],
      [research.create(office, { ...valid, authorIds: ['nobody'] }), 'invalid', /执笔人“nobody”不存在/],
      [research.create(office, { ...valid, finishedOn: '2026-06-16' }), 'invalid', /调研完成日期不能晚于今天/],
      [research.create(office, { ...valid, finishedOn: '2026-02-30' }), 'invalid', /调研完成日期无效/],
      [research.create(office, { ...valid, finishedOn: '1999-12-31' }), 'invalid', /调研完成日期应在/],
      [research.create(mayor, valid), 'forbidden', /只有督查室、会务人员/],
    ];
    for (const [promise, kind, message] of refusals) {
      await expect(promise).rejects.toMatchObject({ kind, messageZh: expect.stringMatching(message) });
    }
    const report = await research.create(meetings, valid);
    await expect(research.addProblem(office, report.id, { text: ' ' })).rejects.toMatchObject({
      kind: 'invalid',
      messageZh: '请填写问题内容',
    });
    await expect(research.addProblem(office, report.id, { text: '问题', departmentId: 'x9' })).rejects.toMatchObject({
      code: 'unknown_unit',
    });
    expect(await stored()).toEqual({ ...before, reports: before.reports + 1, audit: before.audit + 1 });
    // The date finished is the Shanghai date given, whatever the process's time zone.
    expect((await research.get(mayor, report.id)).finishedOn).toBe('2026-06-01');
    await expect(research.get(actor('hanbing', 'unit_head', '33'), report.id)).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });

  it('turns a problem of a final report into one 交办 matter, linked both ways; not twice, not from a draft', async () => {
    clock = t('2026-06-15T11:00:00');
    const draft = await research.create(office, {
      ...valid,
      authorIds: ['sunli', 'zhenglei'],
      places: ['城南街道', '区住建局'],
    });
    let view = await research.addProblem(office, draft.id, { text: '加装电梯审批环节多、周期长', departmentId: '33' });
    view = await research.addProblem(office, draft.id, { text: '改造资金拨付滞后' });
    const [lift, funds] = view.problems;
    await expect(research.turnIntoMatter(office, draft.id, lift?.id ?? 0, {})).rejects.toMatchObject({
      code: 'not_final',
    });
    await research.finalise(office, draft.id);
    await expect(research.finalise(office, draft.id)).rejects.toMatchObject({ code: 'already_final' });
    await expect(research.turnIntoMatter(meetings, draft.id, lift?.id ?? 0, {})).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(research.turnIntoMatter(office, draft.id, funds?.id ?? 0, {})).rejects.toMatchObject({
      messageZh: '请选择牵头单位',
    });

    view = await research.turnIntoMatter(office, draft.id, lift?.id ?? 0, { assignedByUserId: 'wangjianguo' });
    const turned = view.problems.find((p) => p.id === lift?.id);
    const matter = await scratch.db.getRepository(Matter).findOneByOrFail({ id: turned?.matter?.id ?? 0 });
    expect(matter).toMatchObject({ source: 'leader_instruction', leadDepartmentId: '33', number: '督〔2026〕1号' });
    expect(matter.content).toContain('关于老旧小区改造的调研报告');
    expect(await research.originOfMatter(mayor, matter.id)).toEqual({ reportId: draft.id, title: valid.title });
    expect(view.authors.map((a) => a.name)).toHaveLength(2);

    const before = await stored();
    await expect(research.turnIntoMatter(office, draft.id, lift?.id ?? 0, {})).rejects.toMatchObject({
      kind: 'conflict',
      code: 'already_turned',
      messageZh: expect.stringContaining('督〔2026〕1号'),
    });
    await expect(research.removeProblem(office, draft.id, lift?.id ?? 0)).rejects.toMatchObject({
      code: 'already_turned',
    });
    expect(await stored()).toEqual(before);
    const audit = await scratch.db
      .getRepository(AuditLog)
      .findBy({ subjectType: 'research_report', subjectId: String(draft.id) });
    expect(audit.map((a) => a.action)).toEqual([
      'research_report.created',
      'research_problem.added',
      'research_problem.added',
      'research_report.finalised',
      'research_problem.turned_into_matter',
    ]);
  });

  it('records 督查建议 and 督查 visits on a matter, with their checks', async () => {
    const matter = await scratch.db.getRepository(Matter).findOneByOrFail({ number: '督〔2026〕1号' });
    const before = await stored();
    await expect(suggestions.create(office, matter.id, { text: '' })).rejects.toMatchObject({ kind: 'invalid' });
    await expect(suggestions.create(office, matter.id, { text: '建议', madeOn: '2026-07-01' })).rejects.toMatchObject({
      messageZh: '建议日期不能晚于今天',
    });
    await expect(suggestions.create(office, matter.id, { text: '建议', bulletinId: 999 })).rejects.toMatchObject({
      code: 'unknown_bulletin',
    });
    await expect(suggestions.create(mayor, matter.id, { text: '建议' })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(suggestions.create(office, 99999, { text: '建议' })).rejects.toMatchObject({ kind: 'not_found' });
    expect(await stored()).toEqual(before);

    await scratch.db.getRepository(Bulletin).insert({
      year: 2026,
      issueNo: 5,
      month: '2026-05',
      title: '督查通报',
      figures: {},
      publishedBy: 'sunli',
      publishedAt: t('2026-06-05T09:00:00'),
    });
    const bulletin = await scratch.db.getRepository(Bulletin).findOneByOrFail({ issueNo: 5 });
    const made = await suggestions.create(office, matter.id, {
      text: '建议简化加装电梯审批',
      madeOn: '2026-06-10',
      bulletinId: bulletin.id,
    });
    expect(made).toMatchObject({ madeOn: '2026-06-10', unit: { id: '33' }, madeBy: { id: 'sunli' } });
    expect(made.bulletin).toMatchObject({ issueNo: 5 });
    expect((await suggestions.list(mayor, matter.id)).map((s) => s.id)).toEqual([made.id]);
    const visit = await suggestions.recordInspection(office, matter.id, { kind: 'site', on: '2026-06-12' });
    expect(visit).toMatchObject({ kindName: '现场督查', on: '2026-06-12' });
    await expect(suggestions.recordInspection(office, matter.id, { kind: 'visit' as 'site' })).rejects.toMatchObject({
      kind: 'invalid',
    });
  });

  it('counts the figures as the rows do, a report belonging to its Shanghai date', async () => {
    // Reports finished on days at the edges of the periods below; a draft never counts.
    const plan: [string, 'draft' | 'final', number, number][] = [
      ['2025-12-31', 'final', 2, 1],
      ['2026-01-01', 'final', 3, 1],
      ['2026-03-31', 'final', 4, 2],
      ['2026-04-01', 'draft', 5, 0],
      ['2026-04-01', 'final', 6, 0],
    ];
    const matters = await scratch.db.getRepository(Matter).find();
    for (const [i, [on, status, problems, turn]] of plan.entries()) {
      const report = await research.create(office, { ...valid, title: `调研报告${i}`, finishedOn: on });
      for (let k = 0; k < problems; k++) {
        await research.addProblem(office, report.id, { text: `问题${i}-${k}`, departmentId: k % 2 ? '34' : '31' });
      }
      if (status === 'final') await research.finalise(office, report.id);
      const view = await research.get(office, report.id);
      for (const p of view.problems.slice(0, turn)) await research.turnIntoMatter(office, report.id, p.id, {});
    }
    const matter = matters[0] as Matter;
    for (const on of ['2025-12-31', '2026-01-01', '2026-03-31']) {
      await suggestions.create(office, matter.id, { text: `建议${on}`, madeOn: on, departmentId: '32' });
      await suggestions.recordInspection(office, matter.id, { kind: on < '2026' ? 'phone' : 'site', on });
    }

    const reports = await scratch.db.getRepository(ResearchReport).find();
    const problems = await scratch.db.getRepository(ResearchProblem).find();
    const made = await scratch.db.getRepository(SupervisionSuggestion).find();
    const visits = await scratch.db.getRepository(SupervisionInspection).find();
    const inPeriod = (instant: Date, p: Period) => civilDateOf(instant) >= p.from && civilDateOf(instant) <= p.to;
    const db = scratch.db;
    const calendar = new WorkCalendar();
    for (const p of [
      { from: '2026-01-01', to: '2026-03-31' },
      { from: '2025-12-31', to: '2026-06-15' },
      { from: '2026-04-01', to: '2026-04-01' },
    ]) {
      const final = reports.filter((r) => r.status === 'final' && inPeriod(r.finishedAt, p));
      const found = problems.filter((x) => final.some((r) => r.id === x.reportId));
      const expected = {
        'research.reports': final.length,
        'research.problems': found.length,
        'research.problemsToMatters': found.filter((x) => x.matterId !== null).length,
        'supervision.suggestions': made.filter((s) => inPeriod(s.madeAt, p)).length,
        'supervision.inspections': visits.filter((v) => inPeriod(v.at, p)).length,
      };
      const figures = await researchFigures(db.manager, calendar, { db, now: clock }, p);
      expect(Object.fromEntries(figures.figures.map((f) => [f.id, f.value]))).toEqual(expected);
      for (const spec of RESEARCH_SPECS) {
        const drill = await drillFigure(
          db.manager,
          calendar,
          { db, now: clock },
          spec,
          p,
          {},
          { limit: 200, offset: 0 },
        );
        expect([spec.id, drill.total, drill.items.length]).toEqual([
          spec.id,
          expected[spec.id as keyof typeof expected],
          expected[spec.id as keyof typeof expected],
        ]);
      }
      const unit34 = await computeFigures(db.manager, calendar, { db, now: clock }, RESEARCH_SPECS, p, { unit: '34' });
      expect(unit34.get('research.problems')?.value).toBe(found.filter((x) => x.departmentId === '34').length);
      const phone = await computeFigures(db.manager, calendar, { db, now: clock }, RESEARCH_SPECS, p, {
        type: 'phone',
      });
      expect(phone.get('supervision.inspections')?.value).toBe(
        visits.filter((v) => v.kind === 'phone' && inPeriod(v.at, p)).length,
      );
    }
    // The hand count of the first quarter, written out: reports of 01-01 and 03-31 (3 + 4 problems, 1 + 2 turned).
    const q1 = await researchFigures(
      db.manager,
      calendar,
      { db, now: clock },
      { from: '2026-01-01', to: '2026-03-31' },
    );
    expect(q1.figures.map((f) => f.value)).toEqual([2, 7, 3, 2, 2]);
  });
});
