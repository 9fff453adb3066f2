import { AuditLog, CalendarOverride, Deadline, Matter, OutboxNotification, TimeLimitRule } from '../../entities';
import { formatShanghaiInstant } from '../calendar';
import { testDatabases } from '../test-support/databases';
import {
  clientsFor,
  deadlineRow,
  deliveredNotices,
  insertMatter,
  matterDueOn,
  noticeText,
  outboxRows,
  silent,
  TestClock,
  testSettings,
  useReminderWorld,
} from '../test-support/reminders';
import type { RuleOverride } from '../timelimits';
import { ReminderDispatcher } from './dispatcher';
import { type PlannerOptions, ReminderPlanner } from './planner';

const PUBLIC_URL = 'https://duban.example.gov.cn';
const wall = (d: Date | null) => (d ? formatShanghaiInstant(d).slice(0, 16) : null);

const TEST_RULE: RuleOverride = {
  code: 'test.reminders.three_workdays',
  name: '测试：三个工作日办结',
  amount: 3,
  unit: 'workday',
  anchor: '交办之日',
  warnings: [{ kind: 'workdays_before', workdays: 1, at: '03:00' }],
  extension: {
    maxTimes: 1,
    maxAmount: 5,
    unit: 'workday',
    approverRole: 'supervision_office',
    requestBeforeExpiry: true,
  },
  source: { basis: 'office_default', citation: '测试用规则' },
};

describe.each(testDatabases())('reminder planner on $name', (target) => {
  const clock = new TestClock('2026-03-02T03:00');
  const world = useReminderWorld(target, clock);
  let planner: ReminderPlanner;
  let plannerOptions: PlannerOptions;
  let dispatcher: ReminderDispatcher;
  beforeEach(async () => {
    for (const entity of [Deadline, OutboxNotification, AuditLog, Matter, TimeLimitRule, CalendarOverride]) {
      await world.db.getRepository(entity).clear();
    }
    for (const o of world.deadlines.listOverrides()) {
      const row = await world.db.getRepository(CalendarOverride).findOneBy({ date: o.date });
      if (row) await world.deadlines.removeOverride('qianwei', row.id, '测试清理');
    }
    world.sim.state.messages.length = 0;
    const dingtalk = clientsFor(world.sim, clock);
    const settings = testSettings(dingtalk.agentId, PUBLIC_URL);
    const common = {
      db: world.db,
      calendars: world.deadlines,
      officeHours: settings.officeHours,
      publicUrl: PUBLIC_URL,
      logger: silent,
    };
    plannerOptions = { ...common, now: clock.now };
    planner = new ReminderPlanner(plannerOptions);
    dispatcher = new ReminderDispatcher({
      ...common,
      sender: dingtalk.sender,
      groupRobots: settings.groupRobots,
      now: clock.now,
    });
  });

  /** A planning pass and a dispatch at `when` (Shanghai wall time). */
  async function at(when: string) {
    clock.set(when);
    const report = await planner.pass();
    await dispatcher.drain();
    return report;
  }

  async function ruleDeadline(title: string, assignee: string, departmentId: string, receivedAt: string) {
    await world.deadlines.setRule('qianwei', TEST_RULE.code, TEST_RULE);
    return world.db.transaction(async (manager) => {
      const matterId = await insertMatter(manager, { title, departmentId, responsibleUserId: assignee });
      return world.deadlines.create(manager, {
        subjectType: 'matter',
        subjectId: matterId,
        purpose: 'complete',
        ruleCode: TEST_RULE.code,
        receivedAt: new Date(`${receivedAt}+08:00`),
        assigneeUserId: assignee,
        departmentId,
      });
    });
  }

  it('warns about a matter due tomorrow in office hours, not at 03:00, with its link, once', async () => {
    const deadline = await ruleDeadline('关于加快推进老旧小区改造的批示', 'yangfan', '33', '2026-02-27T17:00');
    expect(deadline.dueDate).toBe('2026-03-03');

    const early = await at('2026-03-02T03:00');
    expect(early.written).toBe(0);
    expect(deliveredNotices(world.sim, 'yangfan')).toHaveLength(0);
    expect(wall((await deadlineRow(world.db, deadline.id)).nextReminderAt)).toBe('2026-03-02T08:30');

    await at('2026-03-02T08:30');
    const [notice, ...more] = deliveredNotices(world.sim, 'yangfan');
    expect(more).toHaveLength(0);
    expect(wall(new Date(notice?.at as string))).toBe('2026-03-02T08:30');
    expect(noticeText(notice as { kind: string })).toContain(
      '【督办提醒】《关于加快推进老旧小区改造的批示》（办结）将于2026年3月3日（星期二）到期，请抓紧办理。',
    );
    const card = notice?.msg.action_card as { single_url: string; single_title: string };
    expect(card.single_title).toBe('立即办理');
    expect(card.single_url).toBe(
      `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(`${PUBLIC_URL}/m/matter/${deadline.subjectId}`)}&pc_slide=true`,
    );
    const [row] = await outboxRows(world.db);
    expect(row).toMatchObject({ status: 'sent', kind: 'warning', recipientUserId: 'yangfan' });
    expect(row?.dingtalkTaskId).toBe(String(notice?.taskId));

    // Running again changes nothing.
    await at('2026-03-02T09:00');
    expect(deliveredNotices(world.sim, 'yangfan')).toHaveLength(1);
  });

  it('lets an urgent matter’s warning out at once, at night too, but not its overdue notices', async () => {
    await world.deadlines.setRule('qianwei', TEST_RULE.code, TEST_RULE);
    const deadline = await world.db.transaction(async (manager) =>
      world.deadlines.create(manager, {
        subjectType: 'matter',
        subjectId: await insertMatter(manager, {
          title: '汛情紧急处置',
          departmentId: '33',
          responsibleUserId: 'yangfan',
        }),
        purpose: 'complete',
        ruleCode: TEST_RULE.code,
        receivedAt: new Date('2026-02-27T17:00:00+08:00'),
        assigneeUserId: 'yangfan',
        departmentId: '33',
        urgent: true,
      }),
    );
    await at('2026-03-02T03:00');
    const [warning] = deliveredNotices(world.sim, 'yangfan');
    expect(wall(new Date(warning?.at as string))).toBe('2026-03-02T03:00');

    // No pass ran at the due day's opening; at 20:00 there are still four hours to act: it goes out at once.
    await at('2026-03-03T20:00');
    expect(deliveredNotices(world.sim, 'yangfan')).toHaveLength(2);
    // Once the deadline has passed, "due today" would be wrong, and overdue notices wait for the office.
    await at('2026-03-04T07:00');
    expect(deliveredNotices(world.sim, 'yangfan')).toHaveLength(2);
    await at('2026-03-04T08:30');
    const rows = await outboxRows(world.db);
    expect(rows.map((r) => [r.kind, r.status, (r.payload as { urgent?: boolean }).urgent ?? false])).toEqual([
      ['warning', 'sent', true],
      ['due', 'sent', true],
      ['overdue', 'sent', false],
    ]);
    expect(deadline.dueDate).toBe('2026-03-03');
  });

  it('keeps quiet over a holiday and sends the first overdue notice on the next working day', async () => {
    await matterDueOn(world.db, world.deadlines, {
      title: '国庆前安全检查',
      dueDate: '2026-09-30',
      assignee: 'hemin',
      departmentId: '31',
    });
    await at('2026-09-30T08:30');
    expect(noticeText(deliveredNotices(world.sim, 'hemin')[0] as { kind: string })).toContain(
      '【到期提醒】《国庆前安全检查》（办结）将于今日（2026年9月30日，星期三）到期，请抓紧办理。',
    );
    for (const day of ['2026-10-01T08:30', '2026-10-03T11:00', '2026-10-07T17:00']) await at(day);
    expect(deliveredNotices(world.sim, 'hemin')).toHaveLength(1);

    await at('2026-10-08T08:30');
    const notices = deliveredNotices(world.sim, 'hemin');
    expect(notices).toHaveLength(2);
    expect(noticeText(notices[1] as { kind: string })).toContain(
      '【逾期提醒】《国庆前安全检查》（办结）已逾期1个工作日（办理时限：2026年9月30日），请尽快办理。',
    );
  });

  it('escalates up the ladder on the right working days: unit head after 2, leader after 5', async () => {
    const deadline = await matterDueOn(world.db, world.deadlines, {
      title: '全区政务值班工作检查',
      dueDate: '2026-03-02',
      assignee: 'zhenglei',
      departmentId: '21',
    });
    const count = () => ({
      zhenglei: deliveredNotices(world.sim, 'zhenglei').length,
      wufang: deliveredNotices(world.sim, 'wufang').length,
      zhaozhiqiang: deliveredNotices(world.sim, 'zhaozhiqiang').length,
    });
    await at('2026-03-02T08:30');
    expect(count()).toEqual({ zhenglei: 1, wufang: 0, zhaozhiqiang: 0 });
    await at('2026-03-03T08:30');
    expect(count()).toEqual({ zhenglei: 2, wufang: 0, zhaozhiqiang: 0 });
    await at('2026-03-04T08:30');
    expect(count()).toEqual({ zhenglei: 3, wufang: 1, zhaozhiqiang: 0 });
    expect(noticeText(deliveredNotices(world.sim, 'wufang')[0] as { kind: string })).toContain(
      '【逾期督办】《全区政务值班工作检查》（办结）（承办人：郑磊）已逾期2个工作日，请督促办理。',
    );
    expect((await deadlineRow(world.db, deadline.id)).escalationLevel).toBe(1);
    await at('2026-03-05T08:30');
    await at('2026-03-06T08:30');
    await at('2026-03-07T08:30'); // Saturday
    await at('2026-03-08T16:00'); // Sunday
    expect(count()).toEqual({ zhenglei: 5, wufang: 1, zhaozhiqiang: 0 });
    await at('2026-03-09T08:30');
    expect(count()).toEqual({ zhenglei: 6, wufang: 1, zhaozhiqiang: 1 });
    expect(noticeText(deliveredNotices(world.sim, 'zhaozhiqiang')[0] as { kind: string })).toContain(
      '【逾期督办】《全区政务值班工作检查》（办结）（承办人：郑磊）已逾期5个工作日，请督促办理。',
    );
    expect(noticeText(deliveredNotices(world.sim, 'zhenglei')[5] as { kind: string })).toContain('已逾期5个工作日');
    const row = await deadlineRow(world.db, deadline.id);
    expect(row.escalationLevel).toBe(2);
    expect(wall(row.nextReminderAt)).toBe('2026-03-10T08:30');
  });

  it('tells everyone reached in one catch-up pass the same count, the one at sending, not the ladder rung', async () => {
    // Nothing planned since the due day (an imported matter, an outage): the assignee's 8th overdue notice and the
    // escalations of rungs 2 and 5 all go out at once, and all say 8.
    await matterDueOn(world.db, world.deadlines, {
      title: '全区河长制巡河检查',
      dueDate: '2026-03-02',
      assignee: 'zhenglei',
      departmentId: '21',
    });
    await at('2026-03-12T08:30');
    const texts = ['zhenglei', 'wufang', 'zhaozhiqiang'].map((u) =>
      noticeText(deliveredNotices(world.sim, u)[0] as { kind: string }),
    );
    for (const text of texts) expect(text).toContain('已逾期8个工作日');
    expect(texts[0]).toContain('（办理时限：2026年3月2日）');
    const rows = await outboxRows(world.db);
    expect(
      rows.flatMap((r) => (r.payload as { items: { overdueDays?: number }[] }).items.map((i) => i.overdueDays)),
    ).toEqual([8, 8, 8]);
  });

  it('puts several items due for one person at one time into one digest', async () => {
    await matterDueOn(world.db, world.deadlines, {
      title: '校园安全专项整治',
      dueDate: '2026-03-03',
      assignee: 'qinyue',
      departmentId: '34',
    });
    await matterDueOn(world.db, world.deadlines, {
      title: '义务教育招生方案',
      dueDate: '2026-03-03',
      assignee: 'qinyue',
      departmentId: '34',
    });
    clock.set('2026-03-03T08:30');
    const planned = (await planner.pass({ dryRun: true })).planned.find((m) => m.recipientUserId === 'qinyue');
    await at('2026-03-03T08:30');
    const notices = deliveredNotices(world.sim, 'qinyue');
    expect(notices).toHaveLength(1);
    const text = noticeText(notices[0] as { kind: string });
    expect(text).toContain('【督办提醒】您有2项工作需要关注');
    // The row kept the lines, not the words: the digest sent is worded from them exactly as the planner worded it.
    expect((await outboxRows(world.db))[0]?.payload.markdown).toBeUndefined();
    expect(text).toBe(planned?.content.markdown);
    // Each line opens its own record.
    expect(text).toMatch(
      /1\. \[【到期提醒】《校园安全专项整治》[^\]]+\]\(https:\/\/duban\.example\.gov\.cn\/m\/matter\/\d+\)/,
    );
    expect(text).toMatch(
      /2\. \[【到期提醒】《义务教育招生方案》[^\]]+\]\(https:\/\/duban\.example\.gov\.cn\/m\/matter\/\d+\)/,
    );
    const card = notices[0]?.msg.action_card as { single_url: string };
    expect(decodeURIComponent(card.single_url)).toContain(`${PUBLIC_URL}/m/reminders`);
    expect((await outboxRows(world.db)).map((r) => r.kind)).toEqual(['digest']);
  });

  it('replans a deadline that was extended: the old due day passes in silence', async () => {
    const deadline = await ruleDeadline('城区排水管网改造进度', 'caoxue', '32', '2026-02-27T17:00');
    await at('2026-03-02T08:30');
    expect(deliveredNotices(world.sim, 'caoxue')).toHaveLength(1);

    clock.set('2026-03-02T10:00');
    await world.db.transaction((manager) =>
      world.deadlines.extend(manager, deadline.id, {
        amount: 3,
        requestedAt: clock.now(),
        approverRole: 'supervision_office',
        approvedBy: 'sunli',
        reason: '涉及多部门协调',
      }),
    );
    const report = await at('2026-03-02T10:05');
    expect(report.nudged).toBe(1);
    expect(report.replanned).toBe(1);
    expect(wall((await deadlineRow(world.db, deadline.id)).nextReminderAt)).toBe('2026-03-05T08:30');

    await at('2026-03-03T08:30');
    await at('2026-03-04T08:30');
    expect(deliveredNotices(world.sim, 'caoxue')).toHaveLength(1);
    await at('2026-03-05T08:30');
    const notices = deliveredNotices(world.sim, 'caoxue');
    expect(notices).toHaveLength(2);
    expect(noticeText(notices[1] as { kind: string })).toContain('将于2026年3月6日（星期五）到期');
  });

  it('brings a deadline forward at once when a calendar change moves it earlier', async () => {
    const deadline = await ruleDeadline('防汛物资储备检查', 'hanlu', '35', '2026-03-04T17:00');
    expect(deadline.dueDate).toBe('2026-03-09');
    await at('2026-03-06T08:30');
    expect(wall((await deadlineRow(world.db, deadline.id)).nextReminderAt)).toBe('2026-03-09T08:30');

    clock.set('2026-03-06T10:00');
    await world.deadlines.setOverride('qianwei', { date: '2026-03-07', kind: 'workday', reason: '防汛集中办公' });
    expect((await deadlineRow(world.db, deadline.id)).dueDate).toBe('2026-03-07');
    const report = await at('2026-03-06T10:01');
    expect(report.nudged).toBe(1);
    expect(wall((await deadlineRow(world.db, deadline.id)).nextReminderAt)).toBe('2026-03-07T08:30');
    await at('2026-03-07T08:30');
    expect(noticeText(deliveredNotices(world.sim, 'hanlu').at(-1) as { kind: string })).toContain(
      '将于今日（2026年3月7日，星期六）到期',
    );
  });

  it('says nothing more about a closed deadline, and cancels what was queued for it', async () => {
    const deadline = await matterDueOn(world.db, world.deadlines, {
      title: '政务公开专栏更新',
      dueDate: '2026-03-03',
      assignee: 'yangfan',
      departmentId: '33',
    });
    clock.set('2026-03-03T08:30');
    expect((await planner.pass()).written).toBe(1);
    await world.db.transaction((manager) => world.deadlines.close(manager, deadline.id, clock.now()));
    await dispatcher.drain();
    expect(deliveredNotices(world.sim, 'yangfan')).toHaveLength(0);
    expect((await outboxRows(world.db))[0]).toMatchObject({
      status: 'cancelled',
      lastError: '相关时限均已办结，不再提醒',
    });
    await at('2026-03-04T08:30');
    expect(await outboxRows(world.db)).toHaveLength(1);
  });

  it('follows a rule’s own reminder settings, stored with the rule', async () => {
    await world.deadlines.setRule('qianwei', TEST_RULE.code, {
      ...TEST_RULE,
      reminders: { unitHeadAfter: 1, leaderAfter: null },
    } as RuleOverride);
    const deadline = await world.db.transaction(async (manager) =>
      world.deadlines.create(manager, {
        subjectType: 'matter',
        subjectId: await insertMatter(manager, {
          title: '重点项目用地报批',
          departmentId: '31',
          responsibleUserId: 'hemin',
        }),
        purpose: 'complete',
        ruleCode: TEST_RULE.code,
        receivedAt: new Date('2026-02-27T17:00:00+08:00'),
        assigneeUserId: 'hemin',
        departmentId: '31',
      }),
    );
    await at('2026-03-04T08:30');
    expect(deliveredNotices(world.sim, 'fenggang')).toHaveLength(1);
    for (const day of ['2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10', '2026-03-11']) await at(`${day}T08:30`);
    expect(deliveredNotices(world.sim, 'liming')).toHaveLength(0);
    expect((await deadlineRow(world.db, deadline.id)).escalationLevel).toBe(1);
  });

  it('sends a deadline without a person to the unit head', async () => {
    await matterDueOn(world.db, world.deadlines, {
      title: '年度预算执行分析',
      dueDate: '2026-03-03',
      assignee: null,
      departmentId: '32',
    });
    await at('2026-03-03T08:30');
    expect(noticeText(deliveredNotices(world.sim, 'xuqiang')[0] as { kind: string })).toContain(
      '【到期提醒】《年度预算执行分析》',
    );
  });

  it('lists in a dry run what would be sent, and writes nothing', async () => {
    const deadline = await matterDueOn(world.db, world.deadlines, {
      title: '安全生产月活动',
      dueDate: '2026-03-02',
      assignee: 'zhenglei',
      departmentId: '21',
    });
    clock.set('2026-03-04T09:00');
    const report = await planner.pass({ dryRun: true });
    expect(report.planned.map((m) => `${m.recipientUserId} ${m.kind}`).sort()).toEqual([
      'wufang escalation',
      'zhenglei overdue',
    ]);
    expect(report.planned.find((m) => m.recipientUserId === 'zhenglei')?.content.markdown).toContain('已逾期2个工作日');
    expect(await outboxRows(world.db)).toHaveLength(0);
    expect((await deadlineRow(world.db, deadline.id)).nextReminderAt).toBeNull();
  });

  it('plans more deadlines than one batch and more messages than one write, each exactly once', async () => {
    const people = Array.from({ length: 30 }, (_, n) => `p${String(n + 1).padStart(2, '0')}`);
    const ids: number[] = [];
    for (const person of people) {
      const deadline = await matterDueOn(world.db, world.deadlines, {
        title: `批量事项${person}`,
        dueDate: '2026-03-03',
        assignee: person,
        departmentId: '34',
      });
      ids.push(deadline.id);
    }
    // Two batches (25 deadlines: one statement moves them all; then 5), messages written 7 at a time.
    const lots = new ReminderPlanner({ ...plannerOptions, batchSize: 25, messagesPerWrite: 7 });
    clock.set('2026-03-03T08:30');
    const dry = await lots.pass({ dryRun: true });
    expect(new Set(dry.planned.map((m) => m.idempotencyKey)).size).toBe(30);

    const report = await lots.pass();
    expect(report).toMatchObject({ deadlinesRead: 30, batches: 2, messages: 30, written: 30 });
    const rows = await outboxRows(world.db);
    expect(rows.map((r) => r.recipientUserId).sort()).toEqual(people);
    expect(rows.every((r) => r.kind === 'due')).toBe(true);
    for (const id of ids) {
      const row = await deadlineRow(world.db, id);
      expect(row.remindedThrough?.getTime()).toBe(clock.now().getTime());
      expect(row.nextReminderAt?.getTime()).toBeGreaterThan(clock.now().getTime());
    }

    const again = await lots.pass();
    expect(again).toMatchObject({ deadlinesRead: 0, written: 0 });
    expect(await outboxRows(world.db)).toHaveLength(30);
  });
});
