import { loadConfig } from '../../../bot-server/config/config';
import { openDatabase } from '../../../bot-server/db/database';
import { saveGroupRobot } from '../../../bot-server/reminders/group-robots';
import { freshDatabaseUrl, testDatabases } from '../../../bot-server/test-support/databases';
import { type Simulator, startSimulator } from '../../../bot-server/test-support/simulator';
import { DocumentTemplate, GroupRobot, ReminderSetting } from '../../../entities';
import { type DoctorReport, runDoctor } from '../doctor';
import { runCliCaptured } from '../run-captured';
import { PERMISSION_PROBES } from './permissions';

const ROBOT_TOKEN = 'doctor-supervision-robot';
const ROBOT_SECRET = 'SECdoctor-supervision-robot-secret';

/** Builds the schema and maps both kinds of template, as an administrator would have. */
async function prepare(url: string, templates: boolean, officeHours?: string): Promise<void> {
  const db = await openDatabase(loadConfig({ DATABASE_URL: url }).database, { serialise: false });
  try {
    if (officeHours) await db.getRepository(ReminderSetting).save({ name: 'office_hours', value: officeHours });
    if (templates) {
      await db.getRepository(DocumentTemplate).save([
        {
          processCode: 'PROC-SW',
          name: '收文处理笺',
          kind: 'incoming',
          stageMap: { 拟办: 'propose' },
          formFields: null,
        },
        { processCode: 'PROC-FW', name: '发文稿纸', kind: 'outgoing', stageMap: { 签发: 'sign' }, formFields: null },
      ]);
    }
  } finally {
    await db.destroy();
  }
}

function statusOf(report: DoctorReport, id: string) {
  const check = report.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(', ')}`);
  return check;
}

/** The ids of every check that did not pass (informational lines aside). */
const notPassing = (report: DoctorReport) =>
  report.checks.filter((c) => c.status === 'fail' || c.status === 'skip').map((c) => c.id);

describe.each(testDatabases())('duban doctor on $name', (target) => {
  let sim: Simulator;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    sim = await startSimulator({ groupRobots: [{ accessToken: ROBOT_TOKEN, secret: ROBOT_SECRET, name: '督查室' }] });
    ({ url, drop } = await freshDatabaseUrl(target));
    await prepare(url, true);
  });
  afterAll(async () => {
    await sim.close();
    await drop();
  });

  /** The settings of a site set up right, against the simulator, with `overrides`. */
  const env = (overrides: Record<string, string> = {}): Record<string, string> => ({
    ...sim.settings,
    SESSION_SECRET: 'doctor-test-session-secret-0123456789abcdef',
    DATABASE_URL: url,
    PUBLIC_URL: 'https://duban.example.gov.cn',
    DINGTALK_GROUP_ROBOTS: JSON.stringify({
      supervision: {
        webhook: `https://oapi.dingtalk.com/robot/send?access_token=${ROBOT_TOKEN}`,
        secret: ROBOT_SECRET,
      },
    }),
    ...overrides,
  });
  const doctor = (overrides: Record<string, string> = {}, now?: () => number) =>
    runDoctor(loadConfig(env(overrides)), now ? { now } : {});

  const setMissing = async (missing: string[]) => {
    const response = await fetch(`${sim.url}/__sim/permissions`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ missing }),
    });
    expect(response.status).toBe(200);
  };

  /** The command line as a person runs it, with `vars` in the environment, and what it prints. */
  const cli = (vars: Record<string, string>, ...args: string[]) => runCliCaptured(['doctor', ...args], vars);

  it('passes every check for a site set up right, and exits 0', async () => {
    const report = await doctor();
    expect(notPassing(report)).toEqual([]);
    expect(report.ok).toBe(true);
    for (const permission of PERMISSION_PROBES) {
      expect(statusOf(report, `permission:${permission.scope}`).status).toBe('pass');
    }
    expect(statusOf(report, 'event-mode')).toMatchObject({ status: 'pass', title: '事件推送（Stream 模式）' });
    expect(statusOf(report, 'robot:supervision').detail).toContain('加签密钥有效');
    expect(statusOf(report, 'templates').detail).toBe('收文：收文处理笺；发文：发文稿纸');
    // The robot check posted nothing into the group, and the Stream probe left no connection behind.
    expect(sim.messages({ kind: 'group_webhook' })).toEqual([]);
    for (let waited = 0; sim.gateway.connections.size > 0 && waited < 2000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(sim.gateway.connections.size).toBe(0);
    const run = await cli(env());
    expect(run.code).toBe(0);
    expect(run.out).toContain('✓ 权限 通讯录部门信息读权限（qyapi_get_department_list）：已开通');
    expect(run.out).toContain('全部检查通过。');
  });

  it('names each missing permission (the console name and the code), and exits 1', async () => {
    try {
      for (const permission of PERMISSION_PROBES) {
        await setMissing([permission.scope]);
        const report = await doctor();
        expect({ scope: permission.scope, failing: notPassing(report) }).toEqual({
          scope: permission.scope,
          failing: [`permission:${permission.scope}`],
        });
        const line = statusOf(report, `permission:${permission.scope}`);
        expect(line.title).toBe(`权限 ${permission.name}（${permission.scope}）`);
        expect(line.detail).toBe(`未开通，钉钉要求 ${permission.scope}（用于${permission.use}）`);
        expect(line.fix).toContain(`「本应用 → 权限管理」搜索 ${permission.scope}`);
      }
      // A site that keeps no deadline in DingTalk's 待办 needs neither to-do permission.
      await setMissing(['Todo.Todo.Read', 'Todo.Todo.Write']);
      const noTodos = await doctor({ DINGTALK_TODO_KINDS: 'none' });
      expect(noTodos.ok).toBe(true);
      expect(statusOf(noTodos, 'permission:Todo.Todo.Write')).toMatchObject({
        status: 'info',
        detail: '未检查：未启用钉钉待办（DINGTALK_TODO_KINDS=none）',
      });
      await setMissing(['qyapi_get_department_list']);
      const run = await cli(env());
      expect(run.code).toBe(1);
      expect(run.out).toContain('✗ 权限 通讯录部门信息读权限（qyapi_get_department_list）：未开通');
      expect(run.out).toContain('1 项未通过');
    } finally {
      await setMissing([]);
    }
  });

  it('answers a call lacking its permission as DingTalk does, in both API styles', async () => {
    await setMissing(['qyapi_get_member', 'Workflow.Instance.Read']);
    try {
      const { accessToken } = (await (
        await fetch(`${sim.url}/v1.0/oauth2/accessToken`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ appKey: sim.settings.DINGTALK_APP_KEY, appSecret: sim.settings.DINGTALK_APP_SECRET }),
        })
      ).json()) as { accessToken: string };
      const old = await fetch(`${sim.url}/topapi/v2/user/get?access_token=${accessToken}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userid: 'sunli' }),
      });
      expect(old.status).toBe(200);
      expect(await old.json()).toMatchObject({
        errcode: 88,
        errmsg: expect.stringMatching(
          /^ding talk error\[subcode=60011,submsg=应用尚未开通所需的权限：\[qyapi_get_member\]/,
        ),
        sub_code: '60011',
        sub_msg: expect.stringContaining('{requiredScopes=[qyapi_get_member]}'),
      });
      const fresh = await fetch(`${sim.url}/v1.0/workflow/processInstances?processInstanceId=x`, {
        headers: { 'x-acs-dingtalk-access-token': accessToken },
      });
      expect(fresh.status).toBe(403);
      expect(await fresh.json()).toMatchObject({
        code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
        accessdenieddetail: { requiredScopes: ['Workflow.Instance.Read'] },
      });
      // A bad token is refused as a bad token, before any permission.
      const badToken = await fetch(`${sim.url}/topapi/v2/user/get?access_token=nope`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userid: 'sunli' }),
      });
      expect(await badToken.json()).toMatchObject({ errcode: 88, sub_code: '40014' });
      expect(await (await fetch(`${sim.url}/__sim/permissions`)).json()).toEqual({
        missing: ['Workflow.Instance.Read', 'qyapi_get_member'],
      });
    } finally {
      await setMissing([]);
    }
  });

  it('says so when the AppSecret is wrong: no token, nothing probed, no Stream connection', async () => {
    const report = await doctor({ DINGTALK_APP_SECRET: 'not-the-secret' });
    expect(statusOf(report, 'credentials')).toMatchObject({
      status: 'fail',
      detail: '钉钉拒绝了凭证（HTTP 400 invalidClientIdOrSecret 无效的clientId或者clientSecret）',
    });
    expect(statusOf(report, 'credentials').fix).toContain('凭证与基础信息');
    for (const permission of PERMISSION_PROBES) {
      expect(statusOf(report, `permission:${permission.scope}`).status).toBe('skip');
    }
    expect(statusOf(report, 'event-mode')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('HTTP 400'),
    });
    const run = await cli(env({ DINGTALK_APP_SECRET: 'not-the-secret' }));
    expect(run.code).toBe(1);
    expect(run.out).toContain('✗ 应用凭证（AppKey / AppSecret）：钉钉拒绝了凭证');
  });

  it('finds a group robot whose 加签 secret or webhook is wrong', async () => {
    const robots = JSON.stringify({
      supervision: { webhook: `https://oapi.dingtalk.com/robot/send?access_token=${ROBOT_TOKEN}`, secret: 'SECwrong' },
      meetings: { webhook: 'https://oapi.dingtalk.com/robot/send?access_token=deleted-robot' },
    });
    const report = await doctor({ DINGTALK_GROUP_ROBOTS: robots });
    expect(notPassing(report)).toEqual(['robot:supervision', 'robot:meetings']);
    expect(statusOf(report, 'robot:supervision')).toMatchObject({
      detail: '安全设置校验未通过（errcode 310000：sign not match）',
      fix: expect.stringContaining('以 SEC 开头的密钥原样填入 DINGTALK_GROUP_ROBOTS 中 "supervision" 的 secret'),
    });
    expect(statusOf(report, 'robot:meetings').detail).toBe('webhook 的 access_token 不存在（机器人已删除或地址抄错）');
    const run = await cli(env({ DINGTALK_GROUP_ROBOTS: robots }));
    expect(run.code).toBe(1);
    expect(run.out).toContain('✗ 群机器人 supervision：安全设置校验未通过');
  });

  it('checks the robots kept in the admin pages too, in place of the configuration’s of the same name', async () => {
    const webhook = (token: string) => `https://oapi.dingtalk.com/robot/send?access_token=${token}`;
    const db = await openDatabase(loadConfig({ DATABASE_URL: url }).database, { serialise: false });
    try {
      await saveGroupRobot(db.manager, 'qianwei', {
        name: 'supervision',
        webhook: webhook(ROBOT_TOKEN),
        secret: 'SECwrong',
        purpose: '督查通报',
      });
      await saveGroupRobot(db.manager, 'qianwei', { name: 'office', webhook: webhook('deleted-robot'), purpose: '' });
      const report = await doctor();
      expect(notPassing(report)).toEqual(['robot:office', 'robot:supervision']);
      expect(statusOf(report, 'robot:supervision').fix).toContain(
        '以 SEC 开头的密钥原样填入 小程序「系统管理 → 群机器人」中 "supervision" 的 secret',
      );
    } finally {
      await db.getRepository(GroupRobot).clear();
      await db.destroy();
    }
    expect((await doctor()).ok).toBe(true);
  });

  it('tells a permission it could not judge, DingTalk out of reach, a webhook that does not parse, and the demo', async () => {
    const fault = await fetch(`${sim.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/topapi/v2/user/get', kind: 'busy', times: 1 }),
    });
    expect(fault.status).toBe(204);
    const busy = await doctor();
    expect(notPassing(busy)).toEqual(['permission:qyapi_get_member']);
    expect(statusOf(busy, 'permission:qyapi_get_member').detail).toBe('无法判断：钉钉答复 errcode -1：系统繁忙');

    const away = await doctor({ DINGTALK_API_BASE: 'http://127.0.0.1:1' });
    expect(statusOf(away, 'credentials').detail).toMatch(/^无法连接 127\.0\.0\.1:1（/);
    expect(statusOf(away, 'event-mode').status).toBe('fail');

    const robots = JSON.stringify({ supervision: { webhook: 'https://oapi.dingtalk.com/robot/send' } });
    const unparsable = await doctor({ DINGTALK_GROUP_ROBOTS: robots });
    expect(notPassing(unparsable)).toEqual(['robot:supervision']);
    expect(statusOf(unparsable, 'robot:supervision').detail).toBe(
      'webhook 无法解析：a group robot webhook needs its access_token parameter',
    );

    const blank = Object.fromEntries(
      ['DINGTALK_CORP_ID', 'DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET', 'DINGTALK_AGENT_ID'].map((name) => [name, '']),
    );
    const demo = await doctor(blank);
    expect(notPassing(demo)).toEqual(['credentials', 'robot:supervision']);
    expect(statusOf(demo, 'credentials').detail).toBe('未配置，当前是演示模式');
  });

  it('asks a throttled permission again in the next second, and says so when DingTalk keeps throttling it', async () => {
    const throttle = (times: number) =>
      fetch(`${sim.url}/__sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path: '/topapi/v2/user/get', kind: 'throttle', times }),
      });
    expect((await throttle(1)).status).toBe(204);
    expect(notPassing(await doctor())).toEqual([]);

    expect((await throttle(3)).status).toBe(204);
    const throttled = await doctor();
    expect(notPassing(throttled)).toEqual(['permission:qyapi_get_member']);
    expect(statusOf(throttled, 'permission:qyapi_get_member').detail).toBe(
      '无法判断：钉钉答复 errcode 90018：当前应用调用该接口的并发量已经超过上限',
    );
  });

  it('checks the HTTP callback address: https and reachable from outside', async () => {
    const http = { DINGTALK_EVENT_MODE: 'http' };
    const good = await doctor(http);
    expect(statusOf(good, 'event-mode')).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('回调地址 https://duban.example.gov.cn/dingtalk/callback'),
    });
    expect(good.ok).toBe(true);

    const plain = await doctor({ ...http, PUBLIC_URL: 'http://duban.example.gov.cn' });
    expect(notPassing(plain)).toEqual(['event-mode', 'public-url']);
    expect(statusOf(plain, 'event-mode').detail).toBe(
      '回调地址 http://duban.example.gov.cn/dingtalk/callback 不是 https',
    );
    expect(statusOf(plain, 'public-url').detail).toBe('http://duban.example.gov.cn 不是 https');

    const intranet = await doctor({ ...http, PUBLIC_URL: 'https://192.168.10.5' });
    expect(notPassing(intranet)).toEqual(['event-mode']);
    expect(statusOf(intranet, 'event-mode').detail).toContain('内网或本机地址');

    const unset = await cli(env({ ...http, PUBLIC_URL: '' }));
    expect(unset.code).toBe(1);
    expect(unset.out).toContain('✗ 公网地址 PUBLIC_URL：http://localhost:3000 指向本机，手机打不开');
  });

  it('flags a server clock far from DingTalk’s', async () => {
    const report = await doctor({}, () => Date.now() + 2 * 3600_000);
    expect(notPassing(report)).toEqual(['clock', 'robot:supervision']);
    expect(statusOf(report, 'clock').detail).toMatch(/^与钉钉服务器相差 7\d{3} 秒（本机快）$/);
    // The robot, signing with the fast clock, is refused: the reason the clock line exists.
    expect(statusOf(report, 'robot:supervision').detail).toContain('invalid timestamp');
  });

  it('finds an unmigrated database, then unmapped templates, then an unreachable one', async () => {
    const fresh = await freshDatabaseUrl(target);
    try {
      const empty = await doctor({ DATABASE_URL: fresh.url });
      expect(notPassing(empty)).toEqual(['migrations', 'templates']);
      expect(statusOf(empty, 'migrations')).toMatchObject({
        detail: expect.stringMatching(/^有 \d+ 个迁移未执行（InitialSchema1795625662830、/),
        fix: '运行 npx duban migrate（服务启动时也会自动执行）',
      });
      const run = await cli(env({ DATABASE_URL: fresh.url }));
      expect(run.code).toBe(1);
      expect(run.out).toContain('✗ 数据库结构：有');

      expect(statusOf(empty, 'office-hours').detail).toMatch(
        /^08:30-18:00（北京时间.*或用配置项 REMINDER_OFFICE_HOURS$/,
      );

      await prepare(fresh.url, false, '09:00-17:30');
      const unmapped = await doctor({ DATABASE_URL: fresh.url });
      expect(notPassing(unmapped)).toEqual(['templates']);
      // An administrator's office hours, not the configuration's, are what reminders keep.
      expect(statusOf(unmapped, 'office-hours').detail).toMatch(
        /^09:00-17:30（北京时间.*由管理员.*（配置项 REMINDER_OFFICE_HOURS 为 08:30-18:00）$/,
      );
      expect(statusOf(unmapped, 'templates')).toMatchObject({
        detail: '尚未指定收文、发文模板',
        fix: expect.stringContaining('npx duban templates set'),
      });
    } finally {
      await fresh.drop();
    }
    const away = await doctor({ DATABASE_URL: 'mysql://root@127.0.0.1:1/duban' });
    expect(notPassing(away)).toEqual(['database', 'migrations', 'templates']);
    expect(statusOf(away, 'database').detail).toContain('无法连接 MySQL 127.0.0.1:1/duban');
  });

  it('prints JSON for machines, and stops at a configuration that does not parse', async () => {
    const json = await cli(env(), '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.out) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining(['credentials', 'clock', 'event-mode', 'templates', 'time-zone', 'office-hours']),
    );
    expect(statusOf(report, 'event-subscriptions').status).toBe('info');

    const bad = await cli(env({ REMINDER_OFFICE_HOURS: '18:00-08:30' }));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('✗ 配置：REMINDER_OFFICE_HOURS: the opening must come before the closing');
    expect(await runCliCaptured(['doctor', '--verbose'])).toMatchObject({
      code: 2,
      err: 'duban doctor: unknown argument --verbose\nusage: duban doctor [--json]',
    });
  });
});
