import { OutboxNotification } from '../../entities';
import { testDatabases } from '../test-support/databases';
import {
  clientsFor,
  deliveredNotices,
  matterDueOn,
  noticeText,
  silent,
  TestClock,
  testSettings,
  useReminderWorld,
} from '../test-support/reminders';
import { ReminderDispatcher } from './dispatcher';
import type { OutboxPayload } from './outbox';
import { ReminderPlanner } from './planner';

/**
 * Issue 15 (overdue counts disagree): a message planned one day and sent a later one (held by quiet hours, a daily
 * cap or a stopped server) says how many working days are overdue on the day it is read, not on the day it was
 * planned.
 */
describe.each(testDatabases())('a reminder held past the day it was counted on, on $name', (target) => {
  // Wednesday 4 March 2026, 10:00 in Shanghai.
  const clock = new TestClock('2026-03-04T10:00');
  const world = useReminderWorld(target, clock);

  function workers() {
    const { sender, agentId } = clientsFor(world.sim, clock);
    const settings = testSettings(agentId);
    const common = { db: world.db, calendars: world.deadlines, ...settings, logger: silent, now: clock.now };
    return { planner: new ReminderPlanner(common), dispatcher: new ReminderDispatcher({ ...common, sender }) };
  }

  it('counts again when it goes out on a later day, and not when it goes out the same day', async () => {
    const held = await matterDueOn(world.db, world.deadlines, {
      title: '防汛物资储备检查',
      dueDate: '2026-03-02',
      assignee: 'zhenglei',
      departmentId: '21',
    });
    const { planner, dispatcher } = workers();
    await planner.pass();
    const rows = await world.db.getRepository(OutboxNotification).findBy({ recipientUserId: 'zhenglei' });
    const row = rows.find((r) => (r.payload as OutboxPayload).items?.some((i) => i.deadlineId === held.id));
    const planned = row?.payload as OutboxPayload;
    // Due Monday 2 March: on Wednesday, two working days overdue (Tuesday, Wednesday).
    expect(planned).toMatchObject({ countedOn: '2026-03-04' });
    expect(planned.markdown).toContain('已逾期2个工作日');

    // Nothing went out on Wednesday; Thursday morning it does.
    clock.set('2026-03-05T09:00');
    await dispatcher.dispatchDue();
    const [notice] = deliveredNotices(world.sim, 'zhenglei');
    expect(noticeText(notice as { kind: string })).toContain('已逾期3个工作日');
    expect(noticeText(notice as { kind: string })).not.toContain('已逾期2个工作日');
    const sent = await world.db.getRepository(OutboxNotification).findOneByOrFail({ id: row?.id });
    expect(sent.status).toBe('sent');
    expect(sent.payload).toMatchObject({
      countedOn: '2026-03-05',
      items: [
        expect.objectContaining({
          deadlineId: held.id,
          overdueDays: 3,
          text: expect.stringContaining('已逾期3个工作日'),
        }),
      ],
    });

    // A message planned and sent on one day keeps its words.
    const sameDay = await matterDueOn(world.db, world.deadlines, {
      title: '安全生产大检查',
      dueDate: '2026-03-03',
      assignee: 'hemin',
      departmentId: '31',
    });
    await planner.pass();
    const before = (await world.db.getRepository(OutboxNotification).findBy({ recipientUserId: 'hemin' })).find((r) =>
      (r.payload as OutboxPayload).items?.some((i) => i.deadlineId === sameDay.id),
    );
    if (!before) throw new Error('nothing was planned for the second deadline');
    await dispatcher.dispatchDue();
    const after = await world.db.getRepository(OutboxNotification).findOneByOrFail({ id: before.id });
    expect(after.status).toBe('sent');
    expect((after.payload as OutboxPayload).markdown).toBe((before.payload as OutboxPayload).markdown);
    expect((after.payload as OutboxPayload).markdown).toContain('已逾期2个工作日');
  });
});
