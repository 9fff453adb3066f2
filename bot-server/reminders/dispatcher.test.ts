import { OutboxNotification } from '../../entities';
import { formatShanghaiInstant } from '../calendar';
import type { FetchLike } from '../dingtalk/http-json';
import { testDatabases } from '../test-support/databases';
import {
  clientsFor,
  deliveredNotices,
  insertMatter,
  matterDueOn,
  noticeText,
  outboxRows,
  silent,
  startTestSimulator,
  TestClock,
  testSettings,
  useReminderWorld,
} from '../test-support/reminders';
import { type DispatcherOptions, ReminderDispatcher } from './dispatcher';
import { enqueueNotifications, type NewNotification } from './outbox';
import { ReceiptPoller } from './receipts';

const PUBLIC_URL = 'https://duban.example.gov.cn';
const WORK_NOTICE_API = '/topapi/message/corpconversation/asyncsend_v2';
const wall = (d: Date | null | undefined) => (d ? formatShanghaiInstant(d).slice(0, 16) : null);

let sequence = 0;
/** A work notice to `userId` with words of its own (DingTalk refuses the same content twice a day). */
function notice(userId: string, extra: Partial<NewNotification> = {}, words?: string): NewNotification {
  sequence++;
  const text = words ?? `【催办】请于今日报送第${sequence}项工作进展。`;
  return {
    idempotencyKey: `test:${sequence}`,
    channel: 'work_notice',
    kind: 'urge',
    recipientUserId: userId,
    payload: { title: '【催办】', markdown: text, url: `/m/matter/${words ? 0 : sequence}`, urgent: true },
    ...extra,
  };
}

describe.each(testDatabases())('reminder dispatcher on $name', (target) => {
  const clock = new TestClock('2026-03-02T10:00');
  const world = useReminderWorld(target, clock);
  beforeEach(async () => {
    await world.db.getRepository(OutboxNotification).clear();
    world.sim.state.messages.length = 0;
    clock.set('2026-03-02T10:00');
  });

  function dispatcher(options: Partial<DispatcherOptions> & { fetch?: FetchLike } = {}): ReminderDispatcher {
    const dingtalk = clientsFor(world.sim, clock, { fetch: options.fetch });
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
      ...options,
    });
  }

  /** A dispatcher whose process "dies" at `hook`: the row is left as it was when the hook was reached. */
  const diesAt = (hook: 'beforeSend' | 'afterCall' | 'afterSend') =>
    dispatcher({
      hooks: {
        [hook]: async () => {
          throw new Error('process died');
        },
      },
    });

  function poller(fetch?: FetchLike): ReceiptPoller {
    const dingtalk = clientsFor(world.sim, clock, { fetch });
    return new ReceiptPoller({
      db: world.db,
      oapi: dingtalk.oapi,
      agentId: dingtalk.agentId,
      calendars: world.deadlines,
      officeHours: testSettings(dingtalk.agentId).officeHours,
      logger: silent,
      now: clock.now,
    });
  }

  const enqueue = (...rows: NewNotification[]) =>
    world.db.transaction((manager) => enqueueNotifications(manager, rows, clock.now()));

  it('sends each channel its own way: work notice, robot one-to-one, group robot with msgUuid', async () => {
    expect(await enqueue(notice('zhenglei'))).toBe(1);
    await enqueue(
      {
        idempotencyKey: 'o2o:1',
        channel: 'robot_o2o',
        kind: 'urge',
        recipientUserId: 'caoxue',
        payload: { title: '【催办】', markdown: '请报送预算执行情况。', url: '/m/matter/9', urgent: true },
      },
      {
        idempotencyKey: 'bulletin:2026-02',
        channel: 'group_robot',
        kind: 'bulletin',
        recipientGroup: 'supervision',
        payload: {
          title: '2026年第2期督查通报',
          markdown: '### 2026年第2期督查通报\n\n按期办结率 96%。',
          urgent: true,
        },
      },
    );
    // The same key again is harmless.
    expect(await enqueue({ ...notice('zhenglei'), idempotencyKey: 'bulletin:2026-02' })).toBe(0);

    expect(await dispatcher().drain()).toBe(3);
    const [work] = deliveredNotices(world.sim, 'zhenglei');
    expect((work?.msg.action_card as { single_url?: string } | undefined)?.single_url).toContain(
      encodeURIComponent(`${PUBLIC_URL}/m/matter/`),
    );
    expect(world.sim.messages({ kind: 'robot_oto', userId: 'caoxue' })).toEqual([
      expect.objectContaining({ msgKey: 'sampleActionCard' }),
    ]);
    expect(world.sim.messages({ kind: 'group_webhook' })).toEqual([
      expect.objectContaining({
        robot: '督查室工作群',
        body: expect.objectContaining({ msgUuid: 'bulletin:2026-02' }),
      }),
    ]);
    expect((await outboxRows(world.db)).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('puts an urge row that names only its matter into words', async () => {
    const matterId = await world.db.transaction((m) =>
      insertMatter(m, { title: '城乡环境综合整治', departmentId: '33', responsibleUserId: 'yangfan' }),
    );
    await enqueue({
      idempotencyKey: `urge:${matterId}:1`,
      channel: 'work_notice',
      kind: 'urge',
      recipientUserId: 'yangfan',
      subjectType: 'matter',
      subjectId: matterId,
      payload: {},
    });
    await dispatcher().drain();
    expect(noticeText(deliveredNotices(world.sim, 'yangfan')[0] as { kind: string })).toContain(
      '【催办】《城乡环境综合整治》请抓紧办理，并及时报送办理进展。',
    );
  });

  it('sends what other areas write in their own words: {title, text, linkPath}', async () => {
    await enqueue({
      idempotencyKey: 'urge:77:1',
      channel: 'work_notice',
      kind: 'urge',
      recipientUserId: 'caoxue',
      subjectType: 'matter',
      subjectId: 77,
      payload: {
        title: '【催办】预算执行',
        text: '督查室催办：请于本周内报送预算执行进展。',
        linkPath: '/m/matter/77',
      },
    } as NewNotification);
    await dispatcher().drain();
    const [sent] = deliveredNotices(world.sim, 'caoxue');
    expect(noticeText(sent as { kind: string })).toBe('督查室催办：请于本周内报送预算执行进展。');
    expect((sent?.msg.action_card as { single_url?: string } | undefined)?.single_url).toContain(
      encodeURIComponent(`${PUBLIC_URL}/m/matter/77`),
    );
  });

  it('backs off exponentially while DingTalk throttles, and sends once it stops', async () => {
    await enqueue(notice('hemin'));
    world.sim.injectFault(WORK_NOTICE_API, 'throttle', 4); // two calls of two attempts each
    const d = dispatcher();
    await d.drain();
    let [row] = await outboxRows(world.db);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, sentAt: null });
    expect(row?.lastError).toMatch(/^api_throttled/);
    expect(wall(row?.nextAttemptAt)).toBe('2026-03-02T10:00');
    expect(row?.nextAttemptAt.getTime()).toBe(clock.ms() + 30_000);

    expect(await d.drain()).toBe(0); // not yet
    clock.advance(30_000);
    await d.drain();
    [row] = await outboxRows(world.db);
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    expect(row?.nextAttemptAt.getTime()).toBe(clock.ms() + 60_000);

    clock.advance(60_000);
    await d.drain();
    [row] = await outboxRows(world.db);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(deliveredNotices(world.sim, 'hemin')).toHaveLength(1);
  });

  it('waits out an outage of DingTalk without losing or doubling a message', async () => {
    await enqueue(notice('hanbing'), notice('hanbing'));
    const port = Number(new URL(world.sim.url).port);
    await world.sim.close();
    await dispatcher().drain();
    const rows = await outboxRows(world.db);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);
    expect(rows[1]?.lastError).toMatch(/^api_unreachable/);
    // A refused connection sent nothing; a connection cut under a request may have (its instant is kept).
    expect(rows[1]?.sentAt).toBeNull();

    world.sim = await startTestSimulator(clock, port); // back half an hour later
    clock.advance(30 * 60_000);
    await dispatcher().drain();
    expect(deliveredNotices(world.sim, 'hanbing')).toHaveLength(2);
    expect((await outboxRows(world.db)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('resends a notice whose answer was lost only the same day, even after hours, and it arrives once', async () => {
    clock.set('2026-03-02T17:59:50');
    let lose = 2; // DingTalk takes the request, the answer never comes back (twice: the client retries once)
    const lossy: FetchLike = async (url, init) => {
      const response = await fetch(url, init);
      if (url.includes(WORK_NOTICE_API) && lose-- > 0) {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
        });
      }
      return response;
    };
    const quiet = notice('zhudan');
    await enqueue({ ...quiet, payload: { ...quiet.payload, urgent: false } });
    const d = dispatcher({ fetch: lossy });
    await d.drain();
    let [row] = await outboxRows(world.db);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.sentAt).not.toBeNull(); // the attempt's instant is kept: the outcome is unknown
    expect(wall(row?.nextAttemptAt)).toBe('2026-03-02T18:00'); // not held for tomorrow's opening

    clock.advance(31_000);
    await d.drain();
    [row] = await outboxRows(world.db);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(world.sim.messages({ kind: 'work_notice', userId: 'zhudan' })).toHaveLength(3);
    expect(deliveredNotices(world.sim, 'zhudan')).toHaveLength(1);
  });

  it('keeps quiet hours for what is not urgent: evenings, weekends, holidays', async () => {
    clock.set('2026-03-02T20:00');
    const quiet = notice('qinyue');
    await enqueue({ ...quiet, payload: { ...quiet.payload, urgent: false } }, notice('qinyue'));
    await dispatcher().drain();
    let rows = await outboxRows(world.db);
    expect(rows.map((r) => r.status)).toEqual(['pending', 'sent']);
    expect(wall(rows[0]?.nextAttemptAt)).toBe('2026-03-03T08:30');

    clock.set('2026-10-02T10:00');
    const holiday = notice('qinyue');
    await enqueue({ ...holiday, payload: { ...holiday.payload, urgent: false } });
    await dispatcher().drain();
    rows = await outboxRows(world.db);
    expect(wall(rows[2]?.nextAttemptAt)).toBe('2026-10-08T08:30');
    expect(rows[2]?.status).toBe('pending');
  });

  it('keeps DingTalk’s work-notice limits: a daily cap per person, the same content once a day', async () => {
    const d = dispatcher({ dailyCapPerUser: 3 });
    await enqueue(notice('shenhong'), notice('shenhong'), notice('shenhong'), notice('shenhong'));
    const same = '【催办】请于今日报送民政领域安全隐患排查情况。';
    await enqueue(notice('hanlu', {}, same), notice('hanlu', {}, same));
    await d.drain();
    let rows = await outboxRows(world.db);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'pending', 'sent', 'pending']);
    expect(rows[3]?.lastError).toContain('每人每日3条上限');
    expect(rows[5]?.lastError).toContain('相同内容');
    expect(wall(rows[3]?.nextAttemptAt)).toBe('2026-03-03T08:30');

    clock.set('2026-03-03T08:30');
    await d.drain();
    rows = await outboxRows(world.db);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(deliveredNotices(world.sim, 'shenhong')).toHaveLength(4);
    expect(deliveredNotices(world.sim, 'hanlu')).toHaveLength(2);
  });

  it('drops a "due today" notice held back until after the deadline, and anything about a closed one', async () => {
    const [late, closed] = await Promise.all(
      ['2026-02-27', '2026-03-05'].map((dueDate, i) =>
        matterDueOn(world.db, world.deadlines, { title: `事项${i}`, dueDate, assignee: 'hanbing', departmentId: '33' }),
      ),
    );
    await world.db.transaction((m) => world.deadlines.close(m, closed?.id as number, clock.now()));
    await enqueue(
      {
        ...notice('hanbing'),
        kind: 'due',
        payload: { title: 't', markdown: '今日到期', deadlineIds: [late?.id as number] },
      },
      {
        ...notice('hanbing'),
        kind: 'overdue',
        payload: { title: 't', markdown: '已逾期', deadlineIds: [late?.id as number] },
      },
      {
        ...notice('hanbing'),
        kind: 'warning',
        payload: { title: 't', markdown: '将到期', deadlineIds: [closed?.id as number] },
      },
    );
    await dispatcher().drain();
    expect((await outboxRows(world.db)).map((r) => [r.kind, r.status])).toEqual([
      ['due', 'cancelled'],
      ['overdue', 'sent'],
      ['warning', 'cancelled'],
    ]);
  });

  it('sends at most 20 group-robot messages a minute', async () => {
    await enqueue(
      ...Array.from({ length: 25 }, (_, i) => ({
        idempotencyKey: `bulletin:${i}`,
        channel: 'group_robot' as const,
        kind: 'bulletin',
        recipientGroup: 'supervision',
        payload: { title: `通报${i}`, markdown: `第${i}条督查通报`, urgent: true },
      })),
    );
    const d = dispatcher();
    await d.drain();
    expect(world.sim.messages({ kind: 'group_webhook' })).toHaveLength(20);
    const waiting = (await outboxRows(world.db)).filter((r) => r.status === 'pending');
    expect(waiting).toHaveLength(5);
    expect(waiting[0]?.lastError).toContain('每分钟限发20条');
    clock.advance(61_000);
    await d.drain();
    expect(world.sim.messages({ kind: 'group_webhook' })).toHaveLength(25);
  });

  it('fails with the reason what cannot be sent: an unknown group robot', async () => {
    await enqueue({
      idempotencyKey: 'bulletin:nowhere',
      channel: 'group_robot',
      kind: 'bulletin',
      recipientGroup: 'leaders',
      payload: { title: '通报', markdown: '通报', urgent: true },
    });
    await dispatcher().drain();
    expect((await outboxRows(world.db))[0]).toMatchObject({
      status: 'failed',
      lastError: '群机器人“leaders”未配置（DINGTALK_GROUP_ROBOTS）',
    });
  });

  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty'])(
    'fails with the reason a group robot named %s: built-in names are no configured robot',
    async (group) => {
      await enqueue({
        idempotencyKey: `bulletin:${group}`,
        channel: 'group_robot',
        kind: 'bulletin',
        recipientGroup: group,
        payload: { title: '通报', markdown: '通报', urgent: true },
      });
      await dispatcher().drain();
      expect((await outboxRows(world.db))[0]).toMatchObject({
        status: 'failed',
        lastError: `群机器人“${group}”未配置（DINGTALK_GROUP_ROBOTS）`,
      });
    },
  );

  it('does not send again a notice DingTalk took before the process died, without its repeat filter, past midnight', async () => {
    world.sim.state.setWorkNoticeRepeatFilter(false);
    try {
      clock.set('2026-03-02T23:58');
      await enqueue(notice('caoxue'));
      const crashed = diesAt('afterSend');
      await crashed.drain();
      expect((await outboxRows(world.db))[0]).toMatchObject({ status: 'sending', claimedBy: crashed.worker });
      expect((await outboxRows(world.db))[0]?.dingtalkTaskId).not.toBeNull();

      clock.set('2026-03-03T00:05'); // past the send lease, and another day
      await dispatcher().drain();
      const [row] = await outboxRows(world.db);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
      // DingTalk was asked for the task's result, not sent the notice again.
      expect(world.sim.messages({ kind: 'work_notice', userId: 'caoxue' })).toHaveLength(1);
      expect(deliveredNotices(world.sim, 'caoxue')).toHaveLength(1);
    } finally {
      world.sim.state.setWorkNoticeRepeatFilter(true);
    }
  });

  it('settles a send interrupted before DingTalk’s answer was written: resent the same day, delivered once', async () => {
    await enqueue(notice('fenggang'));
    const crashed = diesAt('afterCall');
    await crashed.drain();
    expect((await outboxRows(world.db))[0]).toMatchObject({ status: 'sending', claimedBy: crashed.worker });
    expect(deliveredNotices(world.sim, 'fenggang')).toHaveLength(1);

    const next = dispatcher();
    await next.drain(); // the lease has not run out: left alone
    expect((await outboxRows(world.db))[0]?.status).toBe('sending');
    clock.advance(3 * 60_000 + 1);
    await next.drain();
    const [row] = await outboxRows(world.db);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(world.sim.messages({ kind: 'work_notice', userId: 'fenggang' })).toHaveLength(2); // called twice…
    expect(deliveredNotices(world.sim, 'fenggang')).toHaveLength(1); // …delivered once

    clock.advance(60_000);
    await poller().pollDue();
    expect((await outboxRows(world.db))[0]).toMatchObject({
      status: 'sent',
      lastError: '中断前的发送已送达（重发被钉钉按同日同内容去重）',
    });
  });

  (target.name === 'mysql' ? it : it.skip)(
    'takes up a row at once when the database connection died under it, not after the lease',
    async () => {
      await enqueue(notice('qinyue', {}, '【催办】连接中断后立即重试。'));
      // A real connection loss: a transaction's connection killed from another one.
      const lost = await world.db
        .transaction(async (manager) => {
          const [{ id }] = (await manager.query('SELECT CONNECTION_ID() AS id')) as [{ id: number }];
          await world.db.query(`KILL ${Number(id)}`);
          await manager.query('SELECT 1');
        })
        .catch((err: unknown) => err);
      let failures = 1;
      const d = dispatcher({
        hooks: {
          beforeSend: async () => {
            if (failures-- > 0) throw lost;
          },
        },
      });
      await d.drain(); // one pass, the clock standing still: far inside the send lease
      expect((await outboxRows(world.db))[0]).toMatchObject({ status: 'sent', claimedBy: null });
      expect(deliveredNotices(world.sim, 'qinyue')).toHaveLength(1);
    },
  );

  it('settles a send interrupted before DingTalk was called: delivered once by the takeover', async () => {
    await enqueue(notice('xuqiang'));
    await diesAt('beforeSend').drain();
    expect(deliveredNotices(world.sim, 'xuqiang')).toHaveLength(0);
    clock.advance(3 * 60_000 + 1);
    await dispatcher().drain();
    expect(deliveredNotices(world.sim, 'xuqiang')).toHaveLength(1);
    expect((await outboxRows(world.db))[0]?.status).toBe('sent');
  });

  it('does not resend an interrupted send on another day: at most once, with the reason', async () => {
    clock.set('2026-03-02T23:58');
    await enqueue(notice('zhudan'));
    await diesAt('afterCall').drain();
    clock.set('2026-03-03T00:05');
    await dispatcher().drain();
    expect(deliveredNotices(world.sim, 'zhudan')).toHaveLength(1);
    const [row] = await outboxRows(world.db);
    expect(row?.status).toBe('failed');
    expect(row?.lastError).toContain('无法确认是否已送达，为避免重复未再发送');
  });

  it('records read receipts and silent refusals from the send results', async () => {
    await enqueue(notice('yangfan'), notice('hemin', {}, '【催办】请报送重点项目进展。'));
    // The same words reached hemin today by another way: DingTalk will take Duban's notice and drop it.
    await clientsFor(world.sim, clock).sender.sendWorkNotice(['hemin'], {
      msgtype: 'action_card',
      action_card: {
        title: '【催办】',
        markdown: '【催办】请报送重点项目进展。',
        single_title: '查看详情',
        single_url: `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(`${PUBLIC_URL}/m/matter/0`)}&pc_slide=true`,
      },
    });
    await dispatcher().drain();

    clock.advance(60_000);
    expect(await poller().pollDue()).toBe(2);
    let rows = await outboxRows(world.db);
    expect(rows[0]).toMatchObject({ status: 'sent', readAt: null });
    expect(rows[0]?.receiptCheckAt?.getTime()).toBeGreaterThan(clock.ms());
    expect(rows[1]).toMatchObject({
      status: 'failed',
      lastError: '钉钉未送达：当日已向该人员发送过相同内容（143106）',
    });

    // yangfan opens it: the simulator has no reader, so its answer is read as DingTalk would give it then.
    const reads: FetchLike = async (url, init) => {
      const response = await fetch(url, init);
      if (!url.includes('/getsendresult')) return response;
      const body = (await response.json()) as { send_result: Record<string, string[]> };
      body.send_result.read_user_id_list = ['yangfan'];
      body.send_result.unread_user_id_list = [];
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    clock.advance(10 * 60_000);
    await poller(reads).pollDue();
    rows = await outboxRows(world.db);
    expect(rows[0]?.readAt?.getTime()).toBe(clock.ms());
    expect(rows[0]?.receiptCheckAt).toBeNull();
  });

  it('halted mid-batch (SIGTERM): sends the message in hand and gives the rest back at once, not after the lease', async () => {
    await enqueue(notice('zhenglei'), notice('hemin'), notice('caoxue'), notice('yangfan'));
    const first: ReminderDispatcher = dispatcher({ hooks: { beforeSend: async () => first.halt() } });
    expect(await first.dispatchDue()).toBe(4);
    expect((await outboxRows(world.db)).map((row) => [row.status, row.claimedBy])).toEqual([
      ['sent', null],
      ['pending', null],
      ['pending', null],
      ['pending', null],
    ]);
    expect(await first.dispatchDue()).toBe(0);
    // Another process sends the rest now, inside what would have been the first one's lease.
    expect(await dispatcher().dispatchDue()).toBe(3);
    expect((await outboxRows(world.db)).map((row) => row.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });
});
