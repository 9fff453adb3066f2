import { testDatabases } from '../test-support/databases';
import {
  clientsFor,
  deadlineRow,
  deliveredNotices,
  matterDueOn,
  silent,
  TestClock,
  testSettings,
  useReminderWorld,
} from '../test-support/reminders';
import { ReminderDispatcher } from './dispatcher';
import { ReminderPlanner } from './planner';
import { saveOfficePolicy } from './policy-setting';

describe.each(testDatabases())('the office’s default reminder policy in the planner on $name', (target) => {
  const clock = new TestClock('2026-03-02T03:00');
  const world = useReminderWorld(target, clock);

  it('escalates by the office’s steps, changed from the next pass without a restart', async () => {
    const dingtalk = clientsFor(world.sim, clock);
    const settings = testSettings(dingtalk.agentId);
    const common = { db: world.db, calendars: world.deadlines, officeHours: settings.officeHours, logger: silent };
    const planner = new ReminderPlanner({ ...common, publicUrl: settings.publicUrl, now: clock.now });
    const dispatcher = new ReminderDispatcher({
      ...common,
      publicUrl: settings.publicUrl,
      sender: dingtalk.sender,
      groupRobots: settings.groupRobots,
      now: clock.now,
    });
    const at = async (when: string) => {
      clock.set(when);
      await planner.pass();
      await dispatcher.drain();
    };
    const told = () => ({
      unitHead: deliveredNotices(world.sim, 'wufang').length,
      leader: deliveredNotices(world.sim, 'zhaozhiqiang').length,
    });

    // Built in: the unit head after 2 working days overdue, the leader after 5. The office: after 1, and never.
    await world.db.transaction((m) => saveOfficePolicy(m, 'qianwei', { unitHeadAfter: 1, leaderAfter: null }));
    const deadline = await matterDueOn(world.db, world.deadlines, {
      title: '全区应急物资储备检查',
      dueDate: '2026-03-02',
      assignee: 'zhenglei',
      departmentId: '21',
    });
    await at('2026-03-02T08:30');
    await at('2026-03-03T08:30');
    expect(told()).toEqual({ unitHead: 1, leader: 0 });
    for (const day of ['2026-03-04', '2026-03-05', '2026-03-06']) await at(`${day}T08:30`);
    expect(told()).toEqual({ unitHead: 1, leader: 0 });

    // The office adds a step still ahead: the leader after 6 working days overdue (10 March), not the built-in 5.
    await world.db.transaction((m) => saveOfficePolicy(m, 'qianwei', { unitHeadAfter: 1, leaderAfter: 6 }));
    await at('2026-03-09T08:30');
    expect(told()).toEqual({ unitHead: 1, leader: 0 });
    await at('2026-03-10T08:30');
    expect(told()).toEqual({ unitHead: 1, leader: 1 });
    expect((await deadlineRow(world.db, deadline.id)).escalationLevel).toBe(2);
  });
});
