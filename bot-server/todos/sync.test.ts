import { Deadline, DingTalkTodo } from '../../entities';
import type { SimTodo } from '../../scripts/sim/state-todo';
import { AccessTokenCache } from '../dingtalk';
import { TodoClient } from '../dingtalk/todo-client';
import { testDatabases } from '../test-support/databases';
import { matterDueOn, silent, TestClock, useReminderWorld } from '../test-support/reminders';
import type { TodoKind } from './kinds';
import { backoffMs, type SyncReport, TodoSync } from './sync';

const PUBLIC_URL = 'https://duban.example.gov.cn';
const ALL: TodoKind[] = ['documents', 'matters', 'meetings'];

describe.each(testDatabases())('DingTalk 待办 sync on $name', (target) => {
  const clock = new TestClock('2026-12-07T10:00');
  const world = useReminderWorld(target, clock);

  beforeEach(async () => {
    clock.set('2026-12-07T10:00');
    await world.db.getRepository(DingTalkTodo).clear();
    await world.db.getRepository(Deadline).clear();
    world.sim.state.todos.tasks.clear();
  });

  /** A sync as a freshly started process makes it: nothing kept in memory between two of them. */
  function sync(kinds: TodoKind[] = ALL): TodoSync {
    const sim = world.sim;
    const tokens = new AccessTokenCache({
      appKey: sim.settings.DINGTALK_APP_KEY ?? '',
      appSecret: sim.settings.DINGTALK_APP_SECRET ?? '',
      apiBase: sim.apiBase,
      now: clock.ms,
    });
    const client = new TodoClient({ tokens, apiBase: sim.apiBase, retry: { maxAttempts: 1 } });
    return new TodoSync({ db: world.db, client, kinds, publicUrl: PUBLIC_URL, logger: silent, now: clock.now });
  }

  const tasks = (filter: (t: SimTodo) => boolean = () => true) =>
    [...world.sim.state.todos.tasks.values()].filter(filter);
  const live = (unionId?: string) =>
    tasks((t) => !t.deleted && (unionId === undefined || t.executorIds.includes(unionId)));
  const rowsOf = (deadlineId: number) =>
    world.db.getRepository(DingTalkTodo).find({ where: { deadlineId }, order: { id: 'ASC' } });
  const report = (changes: Partial<SyncReport>): SyncReport => ({
    created: 0,
    moved: 0,
    completed: 0,
    reopened: 0,
    withdrawn: 0,
    failed: 0,
    ...changes,
  });

  const matter = (assignee: string | null, title = '城区积水点整治', dueDate = '2026-12-18') =>
    matterDueOn(world.db, world.deadlines, { title, dueDate, assignee, departmentId: '31', urgent: false });

  /** An extension of `amount` working days approved by the 督查室. */
  const extend = (deadlineId: number, amount: number) =>
    world.db.transaction((manager) =>
      world.deadlines.extend(manager, deadlineId, {
        amount,
        requestedAt: clock.now(),
        approverRole: 'supervision_office',
        approvedBy: 'sunli',
        reason: '需会同多部门现场核查',
      }),
    );

  it('creates one to-do per open deadline with a person, with its due time and the mini-app link, once', async () => {
    const own = await matter('hemin');
    await matter(null, '无承办人的事项'); // a unit's deadline naming no person: no to-do
    const urgent = await matterDueOn(world.db, world.deadlines, {
      title: '防汛物资清点',
      dueDate: '2026-12-09',
      assignee: 'fenggang',
      departmentId: '31',
      urgent: true,
    });

    expect(await sync().pass()).toEqual(report({ created: 2 }));
    const [task] = live('union-hemin');
    expect(task).toMatchObject({
      subject: '《城区积水点整治》（办结）',
      dueTime: own.dueAt.getTime(),
      executorIds: ['union-hemin'],
      creatorId: 'union-hemin',
      isOnlyShowExecutor: true,
      priority: 20,
      done: false,
      detailUrl: {
        appUrl: `${PUBLIC_URL}/m/matter/${own.subjectId}`,
        pcUrl: `${PUBLIC_URL}/m/matter/${own.subjectId}`,
      },
      sourceId: `duban-dl${own.id}-1`,
    });
    expect(task?.description).toContain('办理时限：2026年12月18日（星期五）');
    expect(live('union-fenggang')).toEqual([
      expect.objectContaining({ priority: 30, dueTime: urgent.dueAt.getTime() }),
    ]);
    expect(await rowsOf(own.id)).toEqual([
      expect.objectContaining({ state: 'open', taskId: task?.id, userId: 'hemin', unionId: 'union-hemin' }),
    ]);

    // Nothing differs: the next pass (and the one of a restarted process) calls nothing and makes nothing.
    expect(await sync().pass()).toEqual(report({}));
    expect(tasks()).toHaveLength(2);
  });

  it('moves the to-do when the deadline moves: an extension, and a calendar override', async () => {
    const own = await matter('hemin');
    await sync().pass();
    const extended = await extend(own.id, 3);
    expect(extended.dueDate).toBe('2026-12-23');
    expect(await sync().pass()).toEqual(report({ moved: 1 }));
    const [task] = live('union-hemin');
    expect(task?.dueTime).toBe(extended.dueAt.getTime());
    expect(task?.description).toContain('办理时限：2026年12月23日（星期三）');

    // A rule-based step limit (one working day) moved by the office making its last day a day off.
    const step = await world.db.transaction((manager) =>
      world.deadlines.create(manager, {
        subjectType: 'document_step',
        subjectId: 7001,
        purpose: 'propose',
        ruleCode: 'doc.step.propose',
        receivedAt: new Date('2026-12-07T09:00:00+08:00'),
        assigneeUserId: 'zhenglei',
        departmentId: '21',
      }),
    );
    await sync().pass();
    const before = live('union-zhenglei')[0]?.dueTime;
    expect(before).toBe(step.dueAt.getTime());
    await world.deadlines.setOverride('qianwei', { date: step.dueDate, kind: 'off', reason: '临时停电检修' });
    const moved = await world.db.getRepository(Deadline).findOneByOrFail({ id: step.id });
    expect(moved.dueAt.getTime()).toBeGreaterThan(step.dueAt.getTime());
    expect(await sync().pass()).toEqual(report({ moved: 1 }));
    expect(live('union-zhenglei').map((t) => t.dueTime)).toEqual([moved.dueAt.getTime()]);
    await world.deadlines.removeOverride('qianwei', (await world.deadlines.listOverrideRows())[0]?.id ?? 0, '恢复');
  });

  it('completes the to-do when the work is done, and undoes it if the deadline opens again', async () => {
    const own = await matter('hemin');
    await sync().pass();
    await world.db.transaction((manager) => world.deadlines.close(manager, own.id, clock.now()));
    expect(await sync().pass()).toEqual(report({ completed: 1 }));
    expect(live('union-hemin')).toEqual([expect.objectContaining({ done: true, finishTime: clock.ms() })]);
    expect(await sync().pass()).toEqual(report({}));

    await world.db.transaction((manager) => world.deadlines.reopen(manager, own.id));
    expect(await sync().pass()).toEqual(report({ reopened: 1 }));
    expect(live('union-hemin')).toEqual([expect.objectContaining({ done: false })]);
  });

  it('on a handover withdraws the old person’s to-do and creates the new person’s', async () => {
    const own = await matter('hemin');
    await sync().pass();
    const [old] = live('union-hemin');
    await world.db.getRepository(Deadline).update({ id: own.id }, { assigneeUserId: 'fenggang' });

    expect(await sync().pass()).toEqual(report({ withdrawn: 1, created: 1 }));
    expect(live('union-hemin')).toEqual([]);
    expect(world.sim.state.todos.tasks.get(old?.id ?? '')?.deleted).toBe(true);
    expect(live('union-fenggang')).toEqual([
      expect.objectContaining({ sourceId: `duban-dl${own.id}-2`, dueTime: own.dueAt.getTime() }),
    ]);
    expect((await rowsOf(own.id)).map((r) => [r.userId, r.state])).toEqual([
      ['hemin', 'withdrawn'],
      ['fenggang', 'open'],
    ]);

    // Back to the first person: a third source id, never one used before.
    await world.db.getRepository(Deadline).update({ id: own.id }, { assigneeUserId: 'hemin' });
    expect(await sync().pass()).toEqual(report({ withdrawn: 1, created: 1 }));
    expect(live().map((t) => [t.executorIds[0], t.sourceId])).toEqual([['union-hemin', `duban-dl${own.id}-3`]]);
  });

  it('retries a failed create without a duplicate, also when the answer was lost and the process restarted', async () => {
    const own = await matter('hemin');
    world.sim.state.todos.failNext(1);
    expect(await sync().pass()).toEqual(report({ failed: 1 }));
    expect(tasks()).toEqual([]);
    const [waiting] = await rowsOf(own.id);
    expect(waiting).toMatchObject({ state: 'creating', attempts: 1, taskId: null });
    expect(waiting?.lastError).toMatch(/systemError/);
    expect(waiting?.nextAttemptAt?.getTime()).toBe(clock.ms() + backoffMs(1));

    // Not before its back-off.
    expect(await sync().pass()).toEqual(report({}));

    // This time DingTalk makes the to-do, but its answer is lost on the way back.
    clock.advance(backoffMs(1));
    world.sim.state.todos.failNext(1, { after: true });
    expect(await sync().pass()).toEqual(report({ failed: 1 }));
    expect(tasks()).toHaveLength(1);
    expect(await rowsOf(own.id)).toEqual([expect.objectContaining({ state: 'creating', attempts: 2, taskId: null })]);

    // A restarted process (a new sync, nothing in memory) finds the to-do by its source id instead of making another.
    clock.advance(backoffMs(2));
    expect(await sync().pass()).toEqual(report({ created: 1 }));
    expect(tasks()).toHaveLength(1);
    const [only] = tasks();
    expect(await rowsOf(own.id)).toEqual([
      expect.objectContaining({ state: 'open', taskId: only?.id, attempts: 0, lastError: null, nextAttemptAt: null }),
    ]);
  });

  it('retries a failed withdrawal on its own, without holding up the new person’s to-do', async () => {
    const own = await matter('hemin');
    await sync().pass();
    await world.db.getRepository(Deadline).update({ id: own.id }, { assigneeUserId: 'fenggang' });
    world.sim.state.todos.failNext(1);
    expect(await sync().pass()).toEqual(report({ failed: 1, created: 1 }));
    expect(
      live()
        .map((t) => t.executorIds[0])
        .sort(),
    ).toEqual(['union-fenggang', 'union-hemin']);

    clock.advance(backoffMs(1));
    expect(await sync().pass()).toEqual(report({ withdrawn: 1 }));
    expect(live().map((t) => t.executorIds[0])).toEqual(['union-fenggang']);
  });

  it('switching a kind off withdraws its open to-dos and leaves the completed ones', async () => {
    const open = await matter('hemin');
    const finished = await matter('fenggang', '老旧小区改造');
    await sync().pass();
    await world.db.transaction((manager) => world.deadlines.close(manager, finished.id, clock.now()));
    await sync().pass();

    expect(await sync(['documents', 'meetings']).pass()).toEqual(report({ withdrawn: 1 }));
    expect(live().map((t) => [t.executorIds[0], t.done])).toEqual([['union-fenggang', true]]);
    expect((await rowsOf(open.id)).map((r) => r.state)).toEqual(['withdrawn']);
    // Off means off: no new to-do for the kind either.
    await matter('hemin', '新的事项');
    expect(await sync(['documents', 'meetings']).pass()).toEqual(report({}));

    // Switched on again, the open deadlines get their to-dos back.
    expect(await sync().pass()).toEqual(report({ created: 2 }));
  });

  it('a to-do deleted by hand in DingTalk is made again when its deadline next changes', async () => {
    const own = await matter('hemin');
    await sync().pass();
    const [task] = live('union-hemin');
    if (task) task.deleted = true;
    await extend(own.id, 2);
    expect(await sync().pass()).toEqual(report({ withdrawn: 1 }));
    expect((await rowsOf(own.id)).map((r) => [r.state, r.lastError])).toEqual([
      ['withdrawn', 'the to-do is no longer in DingTalk'],
    ]);
    expect(await sync().pass()).toEqual(report({ created: 1 }));
    const moved = await world.db.getRepository(Deadline).findOneByOrFail({ id: own.id });
    expect(live('union-hemin')).toEqual([
      expect.objectContaining({ sourceId: `duban-dl${own.id}-2`, dueTime: moved.dueAt.getTime() }),
    ]);
  });

  it('lets one pass at a time call DingTalk: passes at once make each to-do once', async () => {
    await matter('hemin');
    await matter('fenggang', '老旧小区改造');
    await matter('zhenglei', '背街小巷整治');
    const reports = await Promise.all([sync().pass(), sync().pass(), sync().pass()]);
    expect(reports.reduce((sum, r) => sum + r.created, 0)).toBe(3);
    expect(tasks()).toHaveLength(3);
    expect(await sync().pass()).toEqual(report({}));
  });
});
