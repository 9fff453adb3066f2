import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../bot-server/config/config';
import { createLogger } from '../bot-server/logging/logger';
import { type RunningDuban, startDuban } from '../bot-server/server';
import { freshDatabaseUrl, testDatabases } from '../bot-server/test-support/databases';
import { until } from '../bot-server/test-support/demo-fixture';
import { type Simulator, startSimulator } from '../bot-server/test-support/simulator';
import { Document, DocumentStep, User } from '../entities';
import { runDoctor } from '../scripts/commands/doctor';
import { runCliCaptured } from '../scripts/commands/run-captured';
import { launchChromium, screenshot } from './browser';

// A DingTalk corp, a database, Duban and a browser, one after the other as the setup guide has them.
jest.setTimeout(240_000);

const PC = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ROBOT_TOKEN = 'fresh-corp-supervision-robot';
const ROBOT_SECRET = 'SECfresh-corp-supervision-robot-secret';
/** The permission the corp's app was not given at first (docs/setup.md §3). */
const MISSING = 'Todo.Todo.Write';

describe.each(testDatabases())('a fresh corp goes live by the setup guide, on $name', (target) => {
  let sim: Simulator;
  let database: { url: string; drop(): Promise<void> };
  let running: RunningDuban | undefined;
  let browser: Browser;
  let env: Record<string, string>;

  beforeAll(async () => {
    sim = await startSimulator({ groupRobots: [{ accessToken: ROBOT_TOKEN, secret: ROBOT_SECRET, name: '督查室' }] });
    database = await freshDatabaseUrl(target);
    env = {
      ...sim.settings,
      DATABASE_URL: database.url,
      SESSION_SECRET: 'fresh-corp-session-secret-0123456789abcdef',
      PUBLIC_URL: 'https://duban.example.gov.cn',
      DINGTALK_GROUP_ROBOTS: JSON.stringify({
        supervision: {
          webhook: `https://oapi.dingtalk.com/robot/send?access_token=${ROBOT_TOKEN}`,
          secret: ROBOT_SECRET,
        },
      }),
    };
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await sim?.close();
    await database?.drop();
  });

  const setMissing = async (missing: string[]) => {
    const response = await fetch(`${sim.url}/__sim/permissions`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ missing }),
    });
    expect(response.status).toBe(200);
  };
  const failing = async () =>
    (await runDoctor(loadConfig(env))).checks.filter((c) => c.status === 'fail' || c.status === 'skip');

  /** A page signed in as `userId` the way DingTalk signs people in: a free-login code from the corp. */
  async function signedIn(userId: string, viewport: { width: number; height: number }): Promise<Page> {
    const duban = running as RunningDuban;
    const code = sim.state.issueAuthCode(userId);
    const answer = await fetch(`${duban.url}/api/auth/dingtalk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(answer.status).toBe(200);
    const { token } = (await answer.json()) as { token: string };
    const context = await browser.newContext({
      viewport,
      locale: 'zh-CN',
      timezoneId: 'America/Los_Angeles',
      baseURL: duban.url,
    });
    // The mini-app keeps its session in sessionStorage (miniapp/src/lib/session.ts), as after DingTalk's sign-in.
    await context.addInitScript({ content: `sessionStorage.setItem('duban.session', ${JSON.stringify(token)});` });
    const page = await context.newPage();
    page.on('pageerror', (err) => {
      throw err;
    });
    return page;
  }

  /** Maps a template on the administration page by picking its kind and each node's stage; nodes not shown are added. */
  async function mapTemplate(page: Page, code: string, kind: string, nodes: [string, string][]) {
    const template = page.locator(`.admin-template[data-code="${code}"]`);
    await template.getByText('未配置').waitFor();
    await template.click();
    await page.locator('.admin-template-form .adm-selector-item', { hasText: kind }).click();
    for (const [node, stage] of nodes) {
      const row = page.locator(`.template-nodes [data-node="${node}"]`);
      if ((await row.count()) === 0) {
        await page.locator('.template-nodes input').fill(node);
        await page.locator('.template-nodes').getByRole('button', { name: '添加' }).click();
      }
      await row.locator('.adm-selector-item', { hasText: stage }).click();
    }
    await page.getByRole('button', { name: '保存模板' }).click();
    await page.getByText('模板已保存').waitFor();
    await template.locator('.adm-tag', { hasText: kind }).waitFor();
    // The next template's 模板已保存 must not meet this one's toast still on screen.
    await page.getByText('模板已保存').waitFor({ state: 'detached' });
  }

  it('walks from an empty database to a document whose step is a DingTalk 待办, completed on approval', async () => {
    await setMissing([MISSING]);

    // §7 First start: migrate, start; the organisation comes from DingTalk.
    expect((await runCliCaptured(['migrate'], env)).code).toBe(0);
    running = await startDuban({ ...loadConfig({ ...env, PORT: '0' }) }, createLogger('silent'), { todos: true });
    const db = running.services().db;
    await until(
      () => db.getRepository(User).countBy({ id: 'qianwei' }),
      (n) => n === 1,
    );

    // §9 doctor: the missing permission named, with the templates still to map; exit 1.
    const first = await failing();
    const permission = first.find((c) => c.id === `permission:${MISSING}`);
    expect(permission?.status).toBe('fail');
    expect(`${permission?.title} ${permission?.detail}`).toContain(MISSING);
    expect(first.map((c) => c.id).sort()).toEqual([`permission:${MISSING}`, 'templates']);
    expect((await runCliCaptured(['doctor'], env)).code).toBe(1);

    // The permission granted in the developer console: only the templates remain.
    await setMissing([]);
    expect((await failing()).map((c) => c.id)).toEqual(['templates']);

    // Someone tries an approval before the templates are mapped: it arrives unmapped, and is kept in mind.
    const trial = await running.services().dingtalk.openApi.startProcessInstance({
      processCode: 'PROC-DUBAN-SHOUWEN',
      originatorUserId: 'zhenglei',
      formComponentValues: [{ name: '文件标题', value: '关于开展冬季安全生产大检查的通知' }],
    });

    // §10 the first administrator, on the server.
    const granted = await runCliCaptured(['roles', 'grant', 'qianwei', 'admin'], env);
    expect(granted.code).toBe(0);

    // §11 the administrator maps both templates in the mini-app, on a PC window, every node picked: those DingTalk
    // predicts for each form, the 发文 one never used yet.
    const pc = await signedIn('qianwei', PC);
    await pc.goto('/m/admin/templates');
    await mapTemplate(pc, 'PROC-DUBAN-SHOUWEN', '收文', [
      ['node-1', '拟办'],
      ['node-2', '批办'],
      ['node-3', '承办'],
    ]);
    await screenshot(pc, `fresh-corp-01-template-pc-${target.name}`);
    await mapTemplate(pc, 'PROC-DUBAN-FAWEN', '发文', [
      ['node-1', '核稿'],
      ['node-2', '签发'],
      ['node-3', '印发'],
    ]);
    // Named as the form's designer names them: DingTalk's forecast, not typed here.
    await pc.locator('.template-nodes [data-node="node-2"]').getByText('签发（node-2）').waitFor();

    // §12 roles, on a phone: 周涛 joins 督查室.
    const phone = await signedIn('qianwei', PHONE);
    await phone.goto('/m/admin/users/zhoutao');
    await phone.locator('.admin-grant .adm-selector-item', { hasText: '督查室' }).click();
    await phone.getByRole('button', { name: '授予角色' }).click();
    await phone.locator('.admin-roles [data-role="supervision_office"]').waitFor();
    await screenshot(phone, `fresh-corp-02-roles-phone-${target.name}`);

    // doctor passes.
    expect(await failing()).toEqual([]);
    expect((await runCliCaptured(['doctor'], env)).code).toBe(0);

    // The trial approval is now a document, its first step 吴芳's, with a deadline, and a 待办 in DingTalk.
    const document = await until(
      () => db.getRepository(Document).findOneBy({ processInstanceId: trial }),
      (doc) => doc !== null,
    );
    expect(document).toMatchObject({ kind: 'incoming', status: 'open' });
    const step = await db.getRepository(DocumentStep).findOneByOrFail({ documentId: document?.id, stage: 'propose' });
    expect(step.assigneeUserId).toBe('wufang');
    const wufang = await db.getRepository(User).findOneByOrFail({ id: 'wufang' });
    const todosOf = async () =>
      (
        (await (await fetch(`${sim.url}/__sim/todos?unionId=${wufang.unionId}`)).json()) as {
          todos: { subject: string; done: boolean; dueTime: number | null }[];
        }
      ).todos.filter((t) => t.subject.includes('冬季安全生产大检查'));
    const open = await until(todosOf, (todos) => todos.length === 1);
    expect(open).toHaveLength(1);
    expect(open[0]?.done).toBe(false);
    expect(open[0]?.dueTime).not.toBeNull();

    // 吴芳 approves in DingTalk: the step is done, and so is the 待办.
    const instance = sim.state.instances.get(trial);
    const task = instance?.tasks.find((t) => t.userId === 'wufang' && t.status === 'RUNNING');
    expect(task).toBeDefined();
    const executed = await fetch(`${sim.url}/__sim/tasks/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        processInstanceId: trial,
        taskId: task?.taskId,
        actionerUserId: 'wufang',
        result: 'agree',
      }),
    });
    expect(executed.status).toBe(200);
    const done = await until(todosOf, (todos) => todos.length === 1 && todos[0]?.done === true, 20_000);
    expect(done[0]?.done).toBe(true);
  });
});
