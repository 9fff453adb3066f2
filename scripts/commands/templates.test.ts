import { openDatabase } from '../../bot-server/db/database';
import { commandDatabases } from '../../bot-server/test-support/databases';
import { AuditLog, DocumentProblem, DocumentTemplate } from '../../entities';
import type { DatabaseSettings } from '../../entities/data-source';
import { runCliCaptured } from './run-captured';

describe.each(commandDatabases('duban_tpl'))('duban templates on $name', (target) => {
  let settings: DatabaseSettings;
  let drop: () => Promise<void>;
  const saved = process.env.DATABASE_URL;

  beforeAll(async () => {
    const created = await target.create();
    ({ settings, drop } = created);
    process.env.DATABASE_URL = created.url;
  });
  afterAll(async () => {
    process.env.DATABASE_URL = saved;
    if (saved === undefined) delete process.env.DATABASE_URL;
    await drop();
  });

  /** The command line as a person runs it (exit codes included), in-process, with what it prints. */
  const run = (...args: string[]) => runCliCaptured(['templates', ...args]);

  it('sets a template from the command line, in Chinese or English, audited', async () => {
    expect(await run('list')).toMatchObject({ code: 0, out: 'no templates configured' });
    const set = await run(
      'set',
      'PROC-SHOUWEN-01',
      '--kind',
      '收文',
      '--name',
      '收文处理笺',
      '--node',
      'node-1=拟办',
      '--node',
      '领导批示=instruct',
      '--field',
      '来文字号=docNumber',
    );
    expect(set).toMatchObject({ code: 0, out: 'saved PROC-SHOUWEN-01; 0 document(s) brought up to date' });
    const listed = await run('list');
    expect(listed.out).toBe('PROC-SHOUWEN-01\t收文\t启用\t收文处理笺\tnode-1=拟办 领导批示=批办\t来文字号→docNumber');

    const db = await openDatabase(settings);
    try {
      expect(
        await db.getRepository(DocumentTemplate).findOneByOrFail({ processCode: 'PROC-SHOUWEN-01' }),
      ).toMatchObject({
        kind: 'incoming',
        stageMap: { 'node-1': 'propose', 领导批示: 'instruct' },
        active: true,
      });
      expect(await db.getRepository(AuditLog).countBy({ action: 'document.template.set', actor: 'cli' })).toBe(1);
      await db.getRepository(DocumentProblem).insert({
        kind: 'unknown_process',
        problemKey: 'PROC-LEAVE',
        processCode: 'PROC-LEAVE',
        message: '审批模板 PROC-LEAVE 未配置为收文或发文',
        occurrences: 3,
        firstSeenAt: new Date('2026-11-01T00:00:00Z'),
        lastSeenAt: new Date('2026-11-02T00:00:00Z'),
      });
    } finally {
      await db.destroy();
    }
    expect((await run('list')).out).toMatch(/seen in approval events but not configured:\nPROC-LEAVE\t3 event\(s\)/);
  });

  it('refuses a bad map with a Chinese message and exit code 2, changing nothing', async () => {
    const wrongStage = await run(
      'set',
      'PROC-FAWEN-01',
      '--kind',
      '发文',
      '--name',
      '发文稿纸',
      '--node',
      'node-1=拟办',
    );
    expect(wrongStage.code).toBe(2);
    expect(wrongStage.err).toMatch(/审批节点「node-1」对应的环节「拟办」无效：发文可选核稿、签发、印发/);
    const noSign = await run('set', 'PROC-FAWEN-01', '--kind', '发文', '--name', '发文稿纸', '--node', 'node-1=核稿');
    expect(noSign.err).toMatch(/发文模板须有审批节点对应「签发」环节/);
    expect((await run('set', 'PROC-FAWEN-01', '--kind', '公函', '--name', 'x', '--node', 'a=签发')).err).toMatch(
      /公文类别「公函」无效/,
    );
    expect((await run('set', 'PROC-FAWEN-01', '--name', 'x')).code).toBe(2);
    expect((await run('set', 'PROC-FAWEN-01', '--kind', '发文', '--name', 'x', '--node', 'nodeonly')).code).toBe(2);
    expect((await run('set', 'PROC-FAWEN-01', '--colour', 'red')).code).toBe(2);
    expect((await run('remove')).code).toBe(2);
    expect((await run('list')).out).not.toMatch(/PROC-FAWEN-01/);
  });
});
