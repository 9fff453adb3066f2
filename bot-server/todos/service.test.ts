import { DingTalkTodo } from '../../entities';
import type { SimTodo } from '../../scripts/sim/state-todo';
import type { RunningDuban } from '../server';
import { testDatabases } from '../test-support/databases';
import { startTestDuban } from '../test-support/http';
import { subjectsOf, TODO_KINDS } from './kinds';

/** Polls `check` until it holds (the sync runs in the background), for at most `ms`. */
async function eventually(check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(testDatabases())('the demo keeps DingTalk 待办 against its simulator, on $name', (target) => {
  let running: { duban: RunningDuban; stop(): Promise<void> };
  beforeAll(async () => {
    running = await startTestDuban(target, {}, { todos: true });
  }, 240_000); // migrating and seeding the demo on a busy MariaDB
  afterAll(() => running?.stop());

  const sim = () => {
    const simulator = running.duban.simulator;
    if (!simulator) throw new Error('the demo runs its simulator');
    return simulator;
  };
  const live = () => [...sim().state.todos.tasks.values()].filter((t: SimTodo) => !t.deleted);
  const db = () => running.duban.services().db;

  it('gives every open deadline with a person its to-do, and completes one soon after the work is done', async () => {
    const kinds = subjectsOf(TODO_KINDS);
    const wanted: { id: number; subject_type: string; subject_id: number }[] = (
      await db().query(
        'SELECT d.id AS id, d.subject_type AS subject_type, d.subject_id AS subject_id FROM deadline d ' +
          "JOIN app_user u ON u.id = d.assignee_user_id WHERE d.status = 'open' AND u.union_id IS NOT NULL " +
          `AND d.subject_type IN (${kinds.map(() => '?').join(', ')})`,
        kinds,
      )
    ).map((r: Record<string, unknown>) => ({ ...r, id: Number(r.id), subject_id: Number(r.subject_id) }));
    expect(wanted.length).toBeGreaterThan(3);
    // A row turns 'open' only after DingTalk answered the create call, so wait for both sides.
    const openRows = () => db().getRepository(DingTalkTodo).findBy({ state: 'open' });
    await eventually(async () => live().length === wanted.length && (await openRows()).length === wanted.length);
    const rows = await openRows();
    expect(rows.map((r) => r.deadlineId).sort()).toEqual(wanted.map((d) => d.id).sort());
    const byTask = new Map(live().map((t) => [t.id, t]));
    for (const row of rows) {
      const deadline = wanted.find((d) => d.id === row.deadlineId);
      expect(byTask.get(row.taskId ?? '')?.detailUrl?.appUrl).toMatch(
        new RegExp(`/m/${deadline?.subject_type}/${deadline?.subject_id}$`),
      );
    }

    // Done through the deadline service: the period is a minute, so the to-do completing within seconds is the nudge.
    const [first] = wanted;
    await db().transaction((manager) => running.duban.services().deadlines.close(manager, first?.id ?? 0, new Date()));
    await eventually(async () => {
      const row = await db()
        .getRepository(DingTalkTodo)
        .findOneBy({ deadlineId: first?.id ?? 0, state: 'done' });
      return row !== null && live().some((t) => t.id === row.taskId && t.done);
    }, 10_000);
  }, 60_000);
});
