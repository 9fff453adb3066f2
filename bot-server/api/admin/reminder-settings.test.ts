import { AuditLog, OutboxNotification, ReminderSetting } from '../../../entities';
import { formatShanghaiInstant } from '../../calendar';
import { ReminderDispatcher } from '../../reminders/dispatcher';
import { saveOfficeHours } from '../../reminders/office-hours-setting';
import { enqueueNotifications } from '../../reminders/outbox';
import { DEFAULT_POLICY } from '../../reminders/policy';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import {
  clientsFor,
  outboxRows,
  silent,
  TestClock,
  testSettings,
  useReminderWorld,
} from '../../test-support/reminders';

interface Settings {
  officeHours: string;
  officeHoursSet: { source: 'admin' | 'config'; by: string | null };
  configuredOfficeHours: string;
}
interface PolicyView {
  defaults: Record<string, unknown>;
  builtIn: Record<string, unknown>;
  office: Record<string, unknown>;
  officeSet: { by: string | null };
}
interface ErrorBody {
  error: { code: string; message: string; details?: { message: string }[] };
}
const said = (body: ErrorBody) => body.error.details?.[0]?.message ?? body.error.message;

describe.each(testDatabases())('office hours set in the admin pages on $name', (target) => {
  const demo = useDemoDuban(target, { users: ['qianwei', 'zhoutao'], env: { REMINDER_OFFICE_HOURS: '08:30-18:00' } });
  const call = demo.caller<Settings, ErrorBody>('/api/admin');
  const snapshot = async () => ({
    settings: await demo.db.getRepository(ReminderSetting).find(),
    audit: await demo.db.getRepository(AuditLog).count(),
  });

  it('are changed by administrators only, audited, and go back to the configuration on request', async () => {
    const first = await call('qianwei', '/reminder-settings');
    expect(first.body).toMatchObject({
      officeHours: '08:30-18:00',
      officeHoursSet: { source: 'config', by: null },
      configuredOfficeHours: '08:30-18:00',
    });
    expect(
      (await call('zhoutao', '/reminder-settings/office-hours', 'PUT', { officeHours: '09:00-17:00' })).status,
    ).toBe(403);

    const saved = await call('qianwei', '/reminder-settings/office-hours', 'PUT', { officeHours: ' 09:00-17:30 ' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      officeHours: '09:00-17:30',
      officeHoursSet: { source: 'admin', by: 'qianwei' },
    });
    expect((await call('qianwei', '/reminder-settings')).body.officeHours).toBe('09:00-17:30');
    const [entry] = await demo.db
      .getRepository(AuditLog)
      .find({ where: { action: 'reminder_setting.saved' }, order: { id: 'DESC' }, take: 1 });
    expect(entry).toMatchObject({
      actor: 'qianwei',
      before: { officeHours: '08:30-18:00', source: 'config' },
      after: { officeHours: '09:00-17:30', source: 'admin' },
    });

    const back = await call('qianwei', '/reminder-settings/office-hours', 'PUT', { officeHours: null });
    expect(back.body).toMatchObject({ officeHours: '08:30-18:00', officeHoursSet: { source: 'config' } });
    expect(await demo.db.getRepository(ReminderSetting).count()).toBe(0);
  });

  it.each([
    [{ officeHours: '9:00-17:00' }, /格式应为/],
    [{ officeHours: '18:00-08:30' }, /开始早于结束/],
    [{ officeHours: '25:00-26:00' }, /开始早于结束/],
    [{ officeHours: '09:00-09:30' }, /至少应有 1 小时/],
    [{ officeHours: 830 }, /请填写办公时间/],
    [{}, /请填写办公时间/],
  ])('refuses %j with a reason and changes nothing', async (body, reason) => {
    await call('qianwei', '/reminder-settings/office-hours', 'PUT', { officeHours: '08:00-17:00' });
    const before = await snapshot();
    const res = await call('qianwei', '/reminder-settings/office-hours', 'PUT', body);
    expect(res.status).toBe(400);
    expect(said(res.body)).toMatch(reason);
    expect(await snapshot()).toEqual(before);
  });
});

describe.each(testDatabases())('the office’s default reminder policy on $name', (target) => {
  const demo = useDemoDuban(target, { users: ['qianwei', 'zhoutao'] });
  const call = demo.caller<{ policy: PolicyView }, ErrorBody>('/api/admin');
  const snapshot = async () => ({
    settings: await demo.db.getRepository(ReminderSetting).find(),
    audit: await demo.db.getRepository(AuditLog).count(),
  });

  it('changes the fields given over the built-in defaults, audited, and goes back on request', async () => {
    const first = await call('qianwei', '/reminder-settings');
    expect(first.body.policy).toMatchObject({ defaults: DEFAULT_POLICY, builtIn: DEFAULT_POLICY, office: {} });
    const change = { unitHeadAfter: 3, leaderAfter: null, overdueEvery: 2 };
    expect((await call('zhoutao', '/reminder-settings/policy', 'PUT', { reminders: change })).status).toBe(403);

    const saved = await call('qianwei', '/reminder-settings/policy', 'PUT', { reminders: change });
    expect(saved.status).toBe(200);
    expect(saved.body.policy).toMatchObject({
      defaults: { ...DEFAULT_POLICY, ...change },
      builtIn: DEFAULT_POLICY,
      office: change,
      officeSet: { by: 'qianwei' },
    });
    const [entry] = await demo.db.getRepository(AuditLog).find({
      where: { action: 'reminder_setting.saved', subjectId: 'policy_defaults' },
      order: { id: 'DESC' },
      take: 1,
    });
    expect(entry).toMatchObject({ actor: 'qianwei', before: {}, after: change });

    const back = await call('qianwei', '/reminder-settings/policy', 'PUT', { reminders: null });
    expect(back.body.policy).toMatchObject({ defaults: DEFAULT_POLICY, office: {} });
    expect(await demo.db.getRepository(ReminderSetting).count()).toBe(0);
  });

  it.each([
    [{ reminders: { unitHeadAfter: 0 } }],
    [{ reminders: { overdueEvery: 61 } }],
    [{ reminders: { urgent: true } }],
    [{ reminders: { leaderAfter: '5' } }],
    [{ reminders: { channel: 'sms' } }],
    [{ reminders: [] }],
    [{}],
  ])('refuses %j with the reason and changes nothing', async (body) => {
    await call('qianwei', '/reminder-settings/policy', 'PUT', { reminders: { leaderAfter: 4 } });
    const before = await snapshot();
    const res = await call('qianwei', '/reminder-settings/policy', 'PUT', body);
    expect(res.status).toBe(400);
    expect(said(res.body)).toMatch(/^提醒设置有误/);
    expect(await snapshot()).toEqual(before);
  });
});

describe.each(testDatabases())('the dispatcher keeps the office hours of each pass on $name', (target) => {
  const clock = new TestClock('2026-03-02T08:45'); // a Monday, a working day
  const world = useReminderWorld(target, clock);
  const wall = (d: Date | null | undefined) => (d ? formatShanghaiInstant(d).slice(0, 16) : null);

  it('holds a reminder that is not urgent to hours changed after it started, without a restart', async () => {
    await world.db.getRepository(OutboxNotification).clear();
    const dingtalk = clientsFor(world.sim, clock);
    const settings = testSettings(dingtalk.agentId);
    const dispatcher = new ReminderDispatcher({
      db: world.db,
      sender: dingtalk.sender,
      calendars: world.deadlines,
      officeHours: settings.officeHours, // 08:30-18:00
      publicUrl: settings.publicUrl,
      groupRobots: settings.groupRobots,
      logger: silent,
      now: clock.now,
    });
    const enqueue = (n: number) =>
      world.db.transaction((m) =>
        enqueueNotifications(
          m,
          [
            {
              idempotencyKey: `office-hours:${n}`,
              channel: 'work_notice',
              kind: 'urge',
              recipientUserId: 'qinyue',
              payload: {
                title: '【提醒】',
                markdown: `请于本周内报送第${n}项工作进展。`,
                url: '/m/matter/1',
                urgent: false,
              },
            },
          ],
          clock.now(),
        ),
      );

    await enqueue(1);
    await dispatcher.drain();
    expect((await outboxRows(world.db)).map((r) => r.status)).toEqual(['sent']);

    await world.db.transaction((m) => saveOfficeHours(m, 'qianwei', '09:00-17:30', settings.officeHours));
    await enqueue(2);
    await dispatcher.drain();
    let rows = await outboxRows(world.db);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'pending']);
    expect(wall(rows[1]?.nextAttemptAt)).toBe('2026-03-02T09:00');

    // Back to the configuration's hours: 08:45 is inside them again.
    await world.db.transaction((m) => saveOfficeHours(m, 'qianwei', null, settings.officeHours));
    await world.db.getRepository(OutboxNotification).update({ status: 'pending' }, { nextAttemptAt: clock.now() });
    await dispatcher.drain();
    rows = await outboxRows(world.db);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});
