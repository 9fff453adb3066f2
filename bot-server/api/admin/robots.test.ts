import { AuditLog, GroupRobot, OutboxNotification } from '../../../entities';
import { ReminderDispatcher } from '../../reminders/dispatcher';
import { groupRobotNamed, saveGroupRobot } from '../../reminders/group-robots';
import { enqueueNotifications } from '../../reminders/outbox';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import {
  clientsFor,
  GROUP_ROBOT,
  outboxRows,
  silent,
  TestClock,
  testSettings,
  useReminderWorld,
} from '../../test-support/reminders';
import type { Simulator } from '../../test-support/simulator';

interface RobotView {
  name: string;
  webhook: string;
  secret: string | null;
  purpose: string;
  source: 'admin' | 'config';
  overridesConfig: boolean;
}
interface ErrorBody {
  error: { code: string; message: string; details?: { message: string }[] };
}
const said = (body: ErrorBody) => body.error.details?.[0]?.message ?? body.error.message;

/** What the simulated groups received through custom robots: the robot's name and the message posted. */
const groupPosts = (sim: Simulator) =>
  sim.messages({ kind: 'group_webhook' }).flatMap((m) => (m.kind === 'group_webhook' ? [[m.robot, m.body]] : []));

const WEBHOOK = (token: string) => `https://oapi.dingtalk.com/robot/send?access_token=${token}`;
const ENV_TOKEN = 'envleaders0123456789abcdef';
const OFFICE_TOKEN = 'office0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b';
const OFFICE_SECRET = 'SEC7d2a9c41e0b5f3968a1c2e4b7d0f9a8c3e6b1d4f7a0c9e2b5d8f1a4c7e0b3d69';

describe.each(testDatabases())('group robots in the admin pages on $name', (target) => {
  const demo = useDemoDuban(target, {
    users: ['qianwei', 'zhoutao'],
    env: {
      DINGTALK_GROUP_ROBOTS: JSON.stringify({ leaders: { webhook: WEBHOOK(ENV_TOKEN), secret: 'SECenvleaders' } }),
    },
  });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api/admin');
  const snapshot = async () => ({
    robots: await demo.db.getRepository(GroupRobot).count(),
    audit: await demo.db.getRepository(AuditLog).count(),
  });

  it('lists the configuration’s robots read-only, for administrators only', async () => {
    const res = await call<{ robots: RobotView[] }>('qianwei', '/robots');
    expect(res.status).toBe(200);
    expect(res.body.robots).toEqual([
      expect.objectContaining({ name: 'leaders', source: 'config', secret: 'SEC…ders', purpose: '' }),
    ]);
    expect(res.body.robots[0]?.webhook).toBe(WEBHOOK('envl…cdef'));
    expect((await call('zhoutao', '/robots')).status).toBe(403);
    expect((await call('zhoutao', '/robots/office', 'PUT', { webhook: WEBHOOK(OFFICE_TOKEN) })).status).toBe(403);
    const refused = await call('qianwei', '/robots/leaders', 'DELETE');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/DINGTALK_GROUP_ROBOTS/);
  });

  it.each([
    ['office', { webhook: 'https://example.com/robot/send?access_token=abc' }, /完整 Webhook 地址/],
    ['office', { webhook: WEBHOOK(OFFICE_TOKEN), secret: 'abc123' }, /以 SEC 开头/],
    ['office', { purpose: '督查通报' }, /请填写机器人的 Webhook 地址/],
    ['督查室', { webhook: WEBHOOK(OFFICE_TOKEN) }, /名称只能由字母、数字/],
    ['office', { webhook: WEBHOOK(OFFICE_TOKEN), purpose: '通'.repeat(201) }, /用途不超过200字/],
  ])('refuses %s %j with a clear message, and changes nothing', async (name, body, message) => {
    const before = await snapshot();
    const res = await call('qianwei', `/robots/${encodeURIComponent(name)}`, 'PUT', body);
    expect(res.status).toBe(400);
    expect(said(res.body)).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('saves a robot audited, shows its credentials masked only, keeps the secret unless told, and deletes it', async () => {
    const saved = await call<{ robots: RobotView[] }>('qianwei', '/robots/supervision', 'PUT', {
      webhook: WEBHOOK(OFFICE_TOKEN),
      secret: OFFICE_SECRET,
      purpose: '督查通报推送至督查室工作群',
    });
    expect(saved.status).toBe(200);
    expect(saved.body.robots.find((r) => r.name === 'supervision')).toEqual(
      expect.objectContaining({ source: 'admin', secret: 'SEC…3d69', webhook: WEBHOOK('offi…8a9b') }),
    );
    const listed = JSON.stringify((await call('qianwei', '/robots')).body);
    expect(listed).not.toContain(OFFICE_TOKEN);
    expect(listed).not.toContain(OFFICE_SECRET);

    // Another purpose, no secret given: the secret stays.
    await call('qianwei', '/robots/supervision', 'PUT', { purpose: '督查通报' });
    const row = await demo.db.getRepository(GroupRobot).findOneByOrFail({ name: 'supervision' });
    expect(row).toMatchObject({ webhook: WEBHOOK(OFFICE_TOKEN), secret: OFFICE_SECRET, updatedBy: 'qianwei' });
    await call('qianwei', '/robots/supervision', 'PUT', { secret: '' });
    expect((await demo.db.getRepository(GroupRobot).findOneByOrFail({ name: 'supervision' })).secret).toBeNull();

    const log = await demo.db
      .getRepository(AuditLog)
      .find({ where: { subjectType: 'group_robot', subjectId: 'supervision' }, order: { id: 'ASC' } });
    expect(log.map((e) => [e.action, e.actor])).toEqual([
      ['group_robot.saved', 'qianwei'],
      ['group_robot.saved', 'qianwei'],
      ['group_robot.saved', 'qianwei'],
    ]);
    expect(log[0]?.after).toEqual({
      name: 'supervision',
      webhook: WEBHOOK('offi…8a9b'),
      signed: true,
      purpose: '督查通报推送至督查室工作群',
    });
    expect(JSON.stringify(log)).not.toContain(OFFICE_SECRET);
    expect(JSON.stringify(log)).not.toContain(OFFICE_TOKEN);

    // A row named like the configuration's entry replaces it; deleting the row brings the entry back.
    await call('qianwei', '/robots/leaders', 'PUT', { webhook: WEBHOOK(OFFICE_TOKEN) });
    const over = await call<{ robots: RobotView[] }>('qianwei', '/robots');
    expect(over.body.robots.filter((r) => r.name === 'leaders')).toEqual([
      expect.objectContaining({ source: 'admin', overridesConfig: true, secret: null }),
    ]);
    const deleted = await call<{ robots: RobotView[] }>('qianwei', '/robots/leaders', 'DELETE');
    expect(deleted.body.robots.find((r) => r.name === 'leaders')).toMatchObject({ source: 'config' });
    expect((await call('qianwei', '/robots/leaders', 'DELETE')).status).toBe(409);
    expect((await call('qianwei', '/robots/nobody', 'DELETE')).status).toBe(404);
    expect((await call('qianwei', '/robots/supervision', 'DELETE')).status).toBe(200);
    const gone = await demo.db
      .getRepository(AuditLog)
      .findOneByOrFail({ action: 'group_robot.deleted', subjectId: 'supervision' });
    expect(gone.before).toMatchObject({ name: 'supervision', signed: false });
  });

  it('sends a test message through the robot, and says why DingTalk refused one', async () => {
    const sim = demo.duban.simulator;
    if (!sim) throw new Error('the demo runs on its simulator');
    sim.state.groupRobots.set(OFFICE_TOKEN, { accessToken: OFFICE_TOKEN, secret: OFFICE_SECRET, name: '办公室工作群' });
    await call('qianwei', '/robots/office', 'PUT', { webhook: WEBHOOK(OFFICE_TOKEN), secret: OFFICE_SECRET });
    const sent = await call('qianwei', '/robots/office/test', 'POST');
    expect(sent.status).toBe(200);
    expect(groupPosts(sim).filter(([robot]) => robot === '办公室工作群')).toEqual([
      ['办公室工作群', expect.objectContaining({ text: { content: expect.stringContaining('测试消息') } })],
    ]);

    await call('qianwei', '/robots/office', 'PUT', { secret: 'SECwrongsecret' });
    const wrongSecret = await call('qianwei', '/robots/office/test', 'POST');
    expect(wrongSecret.status).toBe(502);
    expect(wrongSecret.body.error.message).toMatch(/^测试消息未发出：安全设置校验未通过/);
    // The configuration's robot is not known to this DingTalk: its token does not exist.
    const unknown = await call('qianwei', '/robots/leaders/test', 'POST');
    expect(unknown.body.error.message).toMatch(/access_token 不存在/);
    expect((await call('qianwei', '/robots/nobody/test', 'POST')).status).toBe(404);
    expect((await call('zhoutao', '/robots/office/test', 'POST')).status).toBe(403);
    const tried = await demo.db
      .getRepository(AuditLog)
      .find({ where: { action: 'group_robot.tested' }, order: { id: 'ASC' } });
    expect(tried.map((e) => [e.actor, e.subjectId, e.after])).toEqual([
      ['qianwei', 'office', { sent: true }],
      ['qianwei', 'office', { sent: false, reason: expect.stringMatching(/^安全设置校验未通过/) }],
      ['qianwei', 'leaders', { sent: false, reason: expect.stringMatching(/access_token 不存在/) }],
    ]);
  });
});

describe.each(testDatabases())('the senders read the admin pages’ robots first on $name', (target) => {
  const clock = new TestClock('2026-03-02T10:00');
  const world = useReminderWorld(target, clock);
  const ADMIN_ROBOT = { accessToken: 'admin-supervision-group', secret: 'SECadminsupervisiongroup', name: '新督查群' };

  it('sends a bulletin through the saved robot, and through the configuration’s once the row is deleted', async () => {
    world.sim.state.groupRobots.set(ADMIN_ROBOT.accessToken, ADMIN_ROBOT);
    const dingtalk = clientsFor(world.sim, clock);
    const settings = testSettings(dingtalk.agentId);
    const dispatcher = new ReminderDispatcher({
      db: world.db,
      sender: dingtalk.sender,
      calendars: world.deadlines,
      officeHours: settings.officeHours,
      publicUrl: settings.publicUrl,
      groupRobots: settings.groupRobots,
      logger: silent,
      now: clock.now,
    });
    const bulletin = (n: number) =>
      world.db.transaction((m) =>
        enqueueNotifications(
          m,
          [
            {
              idempotencyKey: `bulletin:robots-${n}`,
              channel: 'group_robot',
              kind: 'bulletin',
              recipientGroup: 'supervision',
              payload: { title: `督查通报第${n}期`, markdown: `督查通报第${n}期`, urgent: true },
            },
          ],
          clock.now(),
        ),
      );
    await world.db.transaction((m) =>
      saveGroupRobot(m, 'qianwei', {
        name: 'supervision',
        webhook: `https://oapi.dingtalk.com/robot/send?access_token=${ADMIN_ROBOT.accessToken}`,
        secret: ADMIN_ROBOT.secret,
        purpose: '督查通报',
      }),
    );
    expect(await groupRobotNamed(world.db.manager, 'supervision', settings.groupRobots)).toEqual({
      accessToken: ADMIN_ROBOT.accessToken,
      secret: ADMIN_ROBOT.secret,
    });
    await bulletin(1);
    await dispatcher.drain();
    await world.db.getRepository(GroupRobot).delete({ name: 'supervision' });
    await bulletin(2);
    await dispatcher.drain();
    expect((await outboxRows(world.db)).map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(groupPosts(world.sim)).toEqual([
      [ADMIN_ROBOT.name, expect.objectContaining({ markdown: expect.objectContaining({ title: '督查通报第1期' }) })],
      ['督查室工作群', expect.objectContaining({ markdown: expect.objectContaining({ title: '督查通报第2期' }) })],
    ]);
    expect(GROUP_ROBOT.accessToken).not.toBe(ADMIN_ROBOT.accessToken);
    await world.db.getRepository(OutboxNotification).clear();
  });
});
