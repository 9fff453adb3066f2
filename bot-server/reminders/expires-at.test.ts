import { OutboxNotification } from '../../entities';
import { testDatabases } from '../test-support/databases';
import {
  clientsFor,
  deliveredNotices,
  noticeText,
  silent,
  TestClock,
  testSettings,
  useReminderWorld,
} from '../test-support/reminders';
import { ReminderDispatcher } from './dispatcher';
import { enqueueNotifications, type NewNotification } from './outbox';

const PUBLIC_URL = 'https://duban.example.gov.cn';
const t = (text: string) => new Date(`${text}+08:00`);

function notice(key: string, userId: string, words: string, expiresAt: Date, urgent = true): NewNotification {
  return {
    idempotencyKey: key,
    channel: 'work_notice',
    kind: 'duty_shift_eve',
    recipientUserId: userId,
    payload: { title: '值班提醒', markdown: words, url: '/m/duty_shift/1', urgent, expiresAt: expiresAt.toISOString() },
  };
}

describe.each(testDatabases())('a row past its expiresAt on $name', (target) => {
  const clock = new TestClock('2026-03-02T10:00');
  const world = useReminderWorld(target, clock);
  beforeEach(async () => {
    await world.db.getRepository(OutboxNotification).clear();
    world.sim.state.messages.length = 0;
  });

  function dispatcher(): ReminderDispatcher {
    const dingtalk = clientsFor(world.sim, clock);
    const settings = testSettings(dingtalk.agentId, PUBLIC_URL);
    return new ReminderDispatcher({
      db: world.db,
      sender: dingtalk.sender,
      calendars: world.deadlines,
      officeHours: settings.officeHours,
      publicUrl: PUBLIC_URL,
      groupRobots: settings.groupRobots,
      logger: silent,
      now: clock.now,
    });
  }
  const enqueue = (...rows: NewNotification[]) =>
    world.db.transaction((manager) => enqueueNotifications(manager, rows, clock.now()));
  const row = (key: string) => world.db.getRepository(OutboxNotification).findOneByOrFail({ idempotencyKey: key });

  it('is cancelled, not sent; one still in time is sent', async () => {
    clock.set('2026-03-02T10:00');
    await enqueue(
      notice('late', 'zhenglei', '值班提醒：您明日值白班。', t('2026-03-02T09:59:00')),
      notice('at-expiry', 'zhenglei', '值班提醒：您明日值夜班。', t('2026-03-02T10:00:00')),
      notice('in-time', 'wufang', '值班提醒：您明日值白班（在时效内）。', t('2026-03-02T10:01:00')),
    );
    await dispatcher().drain();
    expect(await row('late')).toMatchObject({ status: 'cancelled', lastError: '已过时效，不再发送', sentAt: null });
    expect(await row('at-expiry')).toMatchObject({ status: 'cancelled', lastError: '已过时效，不再发送' });
    expect(await row('in-time')).toMatchObject({ status: 'sent' });
    expect(deliveredNotices(world.sim, 'zhenglei')).toEqual([]);
    expect(deliveredNotices(world.sim, 'wufang').map(noticeText)).toEqual(['值班提醒：您明日值白班（在时效内）。']);
  });

  it('held back by office hours until after it expired, it is cancelled when claimed, and the simulator gets nothing', async () => {
    clock.set('2026-03-07T16:00'); // a Saturday: a row not urgent waits for Monday's opening
    await enqueue(
      notice('held', 'zhenglei', '值班提醒：您明日（3月8日 周日）值白班。', t('2026-03-08T08:30:00'), false),
    );
    await dispatcher().drain();
    expect(await row('held')).toMatchObject({ status: 'pending' });
    clock.set('2026-03-09T09:00');
    await dispatcher().drain();
    expect(await row('held')).toMatchObject({ status: 'cancelled', lastError: '已过时效，不再发送', sentAt: null });
    expect(world.sim.messages({ kind: 'work_notice' })).toEqual([]);
  });
});
