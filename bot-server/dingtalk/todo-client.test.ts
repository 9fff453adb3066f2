import TodoSdk, * as $todo from '@alicloud/dingtalk/dist/todo_1_0/client';
import * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';
import { SAMPLE_ORG } from '../../scripts/sim/sample-org';
import { SIM_DEFAULTS, type Simulator, startSimulator } from '../../scripts/sim/simulator';
import { DingTalkApiError } from './errors';
import { TodoClient } from './todo-client';
import { AccessTokenCache } from './token-cache';

let sim: Simulator;
let client: TodoClient;

const MISHU = 'union-mishu01';
const ZHUREN = 'union-zhuren01';

beforeAll(async () => {
  sim = await startSimulator({ org: SAMPLE_ORG, stream: { pingIntervalMs: 0 }, qpsLimit: 0 });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  const tokens = new AccessTokenCache({
    appKey: SIM_DEFAULTS.appKey,
    appSecret: SIM_DEFAULTS.appSecret,
    apiBase: sim.apiBase,
  });
  client = new TodoClient({ tokens, apiBase: sim.apiBase, retry: { maxAttempts: 1 } });
});

async function control(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(`${sim.url}/__sim${path}`, {
    ...init,
    headers: { 'content-type': 'application/json' },
  });
  return response.status === 204 ? null : response.json();
}

describe('the official SDK todo_1_0 client against the simulator', () => {
  it('creates, reads, updates, lists and deletes a to-do with the request shapes of the SDK', async () => {
    const config = new $OpenApi.Config({ protocol: 'http', endpoint: new URL(sim.url).host, regionId: 'central' });
    const sdk = new TodoSdk(config);
    const token = await new AccessTokenCache({
      appKey: SIM_DEFAULTS.appKey,
      appSecret: SIM_DEFAULTS.appSecret,
      apiBase: sim.apiBase,
    }).get();
    const created = await sdk.createTodoTaskWithOptions(
      MISHU,
      new $todo.CreateTodoTaskRequest({
        sourceId: 'sdk-1',
        subject: '《关于做好岁末年初安全生产工作的通知》（拟办）',
        description: '办理时限：2026年12月8日（星期二）',
        creatorId: MISHU,
        executorIds: [MISHU],
        dueTime: Date.parse('2026-12-08T16:00:00Z'),
        detailUrl: new $todo.CreateTodoTaskRequestDetailUrl({
          appUrl: 'https://duban.example.gov.cn/m/document/1',
          pcUrl: 'https://duban.example.gov.cn/m/document/1',
        }),
        isOnlyShowExecutor: true,
        priority: 20,
        operatorId: MISHU,
      }),
      new $todo.CreateTodoTaskHeaders({ xAcsDingtalkAccessToken: token }),
      new $Util.RuntimeOptions({}),
    );
    expect(created.statusCode).toBe(200);
    const id = created.body?.id ?? '';
    expect(created.body).toMatchObject({ sourceId: 'sdk-1', done: false, executorIds: [MISHU], priority: 20 });
    expect(created.body?.detailUrl?.appUrl).toBe('https://duban.example.gov.cn/m/document/1');

    const updated = await sdk.updateTodoTaskWithOptions(
      MISHU,
      id,
      new $todo.UpdateTodoTaskRequest({ dueTime: Date.parse('2026-12-10T16:00:00Z'), done: true, operatorId: MISHU }),
      new $todo.UpdateTodoTaskHeaders({ xAcsDingtalkAccessToken: token }),
      new $Util.RuntimeOptions({}),
    );
    expect(updated.body?.result).toBe(true);
    const read = await sdk.getTodoTaskWithOptions(
      MISHU,
      id,
      new $todo.GetTodoTaskHeaders({ xAcsDingtalkAccessToken: token }),
      new $Util.RuntimeOptions({}),
    );
    expect(read.body).toMatchObject({ id, done: true, dueTime: Date.parse('2026-12-10T16:00:00Z') });
    expect(read.body?.finishTime).toEqual(expect.any(Number));

    const listed = await sdk.queryTodoTasksWithOptions(
      MISHU,
      new $todo.QueryTodoTasksRequest({ roleTypes: [['executor']], isDone: true }),
      new $todo.QueryTodoTasksHeaders({ xAcsDingtalkAccessToken: token }),
      new $Util.RuntimeOptions({}),
    );
    expect(listed.body?.todoCards?.map((c) => [c.taskId, c.sourceId, c.isDone])).toEqual([[id, 'sdk-1', true]]);

    const deleted = await sdk.deleteTodoTaskWithOptions(
      MISHU,
      id,
      new $todo.DeleteTodoTaskRequest({ operatorId: MISHU }),
      new $todo.DeleteTodoTaskHeaders({ xAcsDingtalkAccessToken: token }),
      new $Util.RuntimeOptions({}),
    );
    expect(deleted.body?.result).toBe(true);
    expect(sim.state.todos.tasks.get(id)?.deleted).toBe(true);
    expect(sim.state.todos.tasks.get(id)?.operators).toEqual([MISHU, MISHU, MISHU]);
  });

  it('refuses a second to-do with the same source id, and the wrapper then finds the first', async () => {
    const task = { sourceId: 'dup-1', subject: '督办事项《城区积水点整治》（办结）', executorIds: [ZHUREN] };
    const first = await client.create(ZHUREN, task);
    const refusal = await client.create(ZHUREN, task).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(DingTalkApiError);
    expect((refusal as DingTalkApiError).message).toMatch(/todo\.taskCreate\.paramError task exist/);
    expect(await client.createOnce(ZHUREN, task)).toMatchObject({ id: first.id, sourceId: 'dup-1' });
    expect(await client.getBySourceId(ZHUREN, 'dup-1')).toMatchObject({ id: first.id });
    expect(await client.getBySourceId(ZHUREN, 'no-such-source')).toBeNull();
    expect([...sim.state.todos.tasks.values()].filter((t) => t.sourceId === 'dup-1')).toHaveLength(1);
  });

  it('tells a to-do that is gone from one that could not be reached', async () => {
    const task = await client.create(MISHU, {
      sourceId: 'gone-1',
      subject: '会议《区政府常务会议》',
      executorIds: [MISHU],
    });
    expect(await client.delete(MISHU, task.id)).toBe(true);
    expect(await client.delete(MISHU, task.id)).toBe(false);
    expect(await client.update(MISHU, task.id, { done: true })).toBe(false);
    expect(await client.get(MISHU, task.id)).toBeNull();
    // Another person cannot touch it (DingTalk answers as if it were not there).
    const theirs = await client.create(ZHUREN, { sourceId: 'theirs-1', subject: '回执', executorIds: [ZHUREN] });
    expect(await client.update(MISHU, theirs.id, { done: true })).toBe(false);
  });

  it('fails the planned calls: before they take effect, or after (the answer lost)', async () => {
    await control('/todos/fail', { method: 'POST', body: JSON.stringify({ times: 1 }) });
    const before = await client
      .create(MISHU, { sourceId: 'fail-1', subject: '拟办', executorIds: [MISHU] })
      .catch((e: unknown) => e);
    expect(before).toMatchObject({ code: 'api_busy', httpStatus: 500 });
    expect(await client.getBySourceId(MISHU, 'fail-1')).toBeNull();

    await control('/todos/fail', { method: 'POST', body: JSON.stringify({ times: 1, after: true }) });
    const after = await client
      .create(MISHU, { sourceId: 'fail-2', subject: '拟办', executorIds: [MISHU] })
      .catch((e: unknown) => e);
    expect(after).toMatchObject({ code: 'api_busy', httpStatus: 500 });
    const made = await client.createOnce(MISHU, { sourceId: 'fail-2', subject: '拟办', executorIds: [MISHU] });
    const listed = (await control(`/todos?unionId=${MISHU}`)) as { todos: Array<{ id: string; sourceId: string }> };
    expect(listed.todos.filter((t) => t.sourceId === 'fail-2').map((t) => t.id)).toEqual([made.id]);
    expect((await client.list(MISHU)).tasks.some((t) => t.taskId === made.id && !t.done)).toBe(true);
  });
});
