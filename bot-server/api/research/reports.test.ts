import {
  Matter,
  ResearchProblem,
  ResearchReport,
  SupervisionInspection,
  SupervisionSuggestion,
} from '../../../entities';
import type { ResearchFigures } from '../../reports/research-figures';
import type { ReportView } from '../../research/reports';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';

type ErrorBody = { error: { code: string; message: string; details?: { message: string }[] } };

/**
 * 调研报告 and 督查建议 through the API on the demo office: the demo's year of reports, who may do what at the
 * route, bad input refused with a Chinese message and nothing stored, a problem turned once, and the figures. The
 * clock is pinned in 2024, a year the demo seeds nothing in.
 */
describe.each(testDatabases())('research reports and suggestions through the API on $name', (target) => {
  const clock = new Date('2024-06-12T10:00:00+08:00');
  const demo = useDemoDuban(target, {
    users: ['sunli', 'zhenglei', 'wangjianguo', 'hemin', 'hanbing'],
    clock: { now: () => clock, on: ['matters'] },
  });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api');
  const said = (body: ErrorBody) =>
    [body.error?.message, ...(body.error?.details ?? []).map((d) => d.message)].join(' ');
  const counts = async () => ({
    reports: await demo.db.getRepository(ResearchReport).count(),
    problems: await demo.db.getRepository(ResearchProblem).count(),
    suggestions: await demo.db.getRepository(SupervisionSuggestion).count(),
    matters: await demo.db.getRepository(Matter).count(),
  });
  const report = {
    title: '关于城乡医保缴费服务的调研报告',
    topic: '医保服务',
    authorIds: ['sunli', 'zhenglei'],
    places: ['区医保局'],
    finishedOn: '2024-06-11',
  };

  it('finds the demo’s dozen reports, their problems, four turned into 交办 matters, and suggestions', async () => {
    const reports = await demo.db.getRepository(ResearchReport).find();
    expect(reports).toHaveLength(12);
    expect(reports.filter((r) => r.status === 'draft')).toHaveLength(1);
    const problems = await demo.db.getRepository(ResearchProblem).find();
    for (const r of reports) {
      const n = problems.filter((p) => p.reportId === r.id).length;
      expect(n >= 2 && n <= 6).toBe(true);
    }
    const turned = problems.filter((p) => p.matterId !== null);
    expect(turned).toHaveLength(4);
    const matters = await demo.db.getRepository(Matter).findBy({ id: turned[0]?.matterId ?? 0 });
    expect(matters[0]?.source).toBe('leader_instruction');
    expect(await demo.db.getRepository(SupervisionSuggestion).count()).toBeGreaterThan(0);
    expect(await demo.db.getRepository(SupervisionInspection).count()).toBeGreaterThan(0);
  });

  it('checks the role at the route and refuses bad input in Chinese, storing nothing', async () => {
    const before = await counts();
    expect((await call('wangjianguo', '/research/reports', 'POST', report)).status).toBe(403);
    expect((await call('hemin', '/research/reports')).status).toBe(403);
    expect((await call('hanbing', '/research/figures?from=2024-01-01&to=2024-12-31')).status).toBe(403);
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...report, title: '' }, /请填写调研报告标题/],
      [{ ...report, authorIds: [] }, /请至少选择一位调研报告执笔人/],
      [{ ...report, authorIds: ['nobody'] }, /执笔人“nobody”不存在/],
      [{ ...report, finishedOn: '2024-06-13' }, /调研完成日期不能晚于今天/],
      [{ ...report, finishedOn: '2024-6-1' }, /日期格式应为/],
    ];
    for (const [body, message] of bad) {
      const res = await call('sunli', '/research/reports', 'POST', body);
      expect([res.status, said(res.body)]).toEqual([400, expect.stringMatching(message)]);
    }
    const made = await call<{ report: ReportView }>('zhenglei', '/research/reports', 'POST', report);
    expect(made.status).toBe(201);
    const id = made.body.report.id;
    const empty = await call(`zhenglei`, `/research/reports/${id}/problems`, 'POST', { text: '   ' });
    expect([empty.status, said(empty.body)]).toEqual([400, expect.stringMatching(/请填写问题内容/)]);
    expect(await counts()).toEqual({ ...before, reports: before.reports + 1 });
    const read = await call<{ report: ReportView }>('wangjianguo', `/research/reports/${id}`);
    expect(read.body.report).toMatchObject({
      finishedOn: '2024-06-11',
      status: 'draft',
      authors: [{ name: '孙丽' }, {}],
    });
  });

  it('turns a problem into a matter once (409 the second time), takes suggestions on it, and counts both', async () => {
    const made = await call<{ report: ReportView }>('sunli', '/research/reports', 'POST', report);
    const id = made.body.report.id;
    const added = await call<{ report: ReportView }>('sunli', `/research/reports/${id}/problems`, 'POST', {
      text: '异地就医备案办理不便',
      departmentId: '35',
    });
    const problemId = added.body.report.problems[0]?.id;
    expect((await call('sunli', `/research/reports/${id}/finalise`, 'POST')).status).toBe(200);
    expect((await call('zhenglei', `/research/reports/${id}/problems/${problemId}/matter`, 'POST', {})).status).toBe(
      403,
    );
    const turned = await call<{ report: ReportView }>(
      'sunli',
      `/research/reports/${id}/problems/${problemId}/matter`,
      'POST',
      {},
    );
    expect(turned.status).toBe(201);
    const matter = turned.body.report.problems[0]?.matter;
    expect(matter?.number).toMatch(/^督〔2024〕\d+号$/);
    const again = await call('sunli', `/research/reports/${id}/problems/${problemId}/matter`, 'POST', {});
    expect([again.status, again.body.error.code]).toEqual([409, 'already_turned']);
    const origin = await call<{ origin: { reportId: number } }>(
      'wangjianguo',
      `/research/matters/${matter?.id}/origin`,
    );
    expect(origin.body.origin.reportId).toBe(id);

    const path = `/supervision/matters/${matter?.id}/suggestions`;
    expect((await call('wangjianguo', path, 'POST', { text: '建议' })).status).toBe(403);
    const noText = await call('sunli', path, 'POST', { text: '' });
    expect([noText.status, said(noText.body)]).toEqual([400, expect.stringMatching(/请填写督查建议内容/)]);
    expect((await call('sunli', path, 'POST', { text: '建议开通线上备案', madeOn: '2024-06-12' })).status).toBe(201);
    const visit = { kind: 'phone', on: '2024-06-12' };
    expect((await call('sunli', `/supervision/matters/${matter?.id}/inspections`, 'POST', visit)).status).toBe(201);
    expect((await call<{ suggestions: unknown[] }>('wangjianguo', path)).body.suggestions).toHaveLength(1);

    const figures = await call<{ figures: ResearchFigures }>(
      'wangjianguo',
      '/research/figures?from=2024-01-01&to=2024-12-31',
    );
    expect(figures.body.figures.figures.map((f) => [f.id, f.value])).toEqual([
      ['research.reports', 1],
      ['research.problems', 1],
      ['research.problemsToMatters', 1],
      ['supervision.suggestions', 1],
      ['supervision.inspections', 1],
    ]);
  });
});
