import { Document, DocumentProblem, DocumentStep } from '../../entities';
import { testDatabases } from '../test-support/databases';
import { until, useDemoDuban } from '../test-support/demo-fixture';

/**
 * An office maps a template after people have already used it in DingTalk: the approvals started before are not
 * lost. Saving the template reads its instances from DingTalk at once (not at the next hourly reconciliation), makes
 * them documents with their steps, and clears the "template not configured" problem their events left.
 */
describe.each(testDatabases())('a template mapped after its first approvals, on $name', (target) => {
  const demo = useDemoDuban(target, { users: ['qianwei'] });

  it('takes in the approvals started before the mapping, and leaves an unmapped template alone', async () => {
    const sim = demo.duban.simulator;
    if (!sim) throw new Error('the demo runs on its simulator');
    const approvers = [
      { actionType: 'NONE' as const, userIds: ['wufang'], name: '拟办' },
      { actionType: 'NONE' as const, userIds: ['zhenglei'], name: '承办' },
    ];
    sim.state.processes.set('PROC-LAIWEN', { processCode: 'PROC-LAIWEN', name: '来文办理', approvers });
    sim.state.processes.set('PROC-YONGYIN', { processCode: 'PROC-YONGYIN', name: '用印申请', approvers });
    const { openApi } = demo.duban.services().dingtalk;
    const start = (processCode: string, title: string) =>
      openApi.startProcessInstance({
        processCode,
        originatorUserId: 'zhenglei',
        formComponentValues: [{ name: '文件标题', value: title }],
      });
    const early = await start('PROC-LAIWEN', '关于做好冬季防火工作的通知');
    const other = await start('PROC-YONGYIN', '用印：年度总结');
    const problems = demo.db.getRepository(DocumentProblem);
    const documents = demo.db.getRepository(Document);
    const recorded = await until(
      () => problems.findBy({ kind: 'unknown_process' }),
      (rows) => ['PROC-LAIWEN', 'PROC-YONGYIN'].every((code) => rows.some((r) => r.processCode === code)),
    );
    expect(recorded.map((r) => r.processCode).sort()).toEqual(['PROC-LAIWEN', 'PROC-YONGYIN']);
    expect(await documents.countBy({ processInstanceId: early })).toBe(0);

    const saved = await demo.caller()('qianwei', '/api/documents/templates/PROC-LAIWEN', 'PUT', {
      name: '来文办理',
      kind: '收文',
      stageMap: { 'node-1': '拟办', 'node-2': '承办' },
    });
    expect(saved.status).toBe(200);

    const adopted = await until(
      () => documents.findOneBy({ processInstanceId: early }),
      (doc) => doc !== null,
    );
    expect(adopted).toMatchObject({ processCode: 'PROC-LAIWEN', kind: 'incoming', status: 'open' });
    const steps = await demo.db.getRepository(DocumentStep).findBy({ documentId: adopted?.id });
    expect(steps.map((s) => [s.stage, s.assigneeUserId])).toContainEqual(['propose', 'wufang']);
    const left = await until(
      () => problems.findBy({ kind: 'unknown_process' }),
      (rows) => rows.every((r) => r.processCode !== 'PROC-LAIWEN'),
    );
    // The template still unmapped keeps its problem and makes no document.
    expect(left.map((r) => r.processCode)).toEqual(['PROC-YONGYIN']);
    expect(await documents.countBy({ processInstanceId: other })).toBe(0);
  });
});
