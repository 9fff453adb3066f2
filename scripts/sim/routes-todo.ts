/**
 * To-dos (待办, docs/dingtalk.md §12): the endpoints of the official SDK's `todo_1_0` client that Duban uses, and
 * the control routes tests drive them with:
 *   GET    /__sim/todos[?unionId=&includeDeleted=1]   every to-do (of one executor), oldest first
 *   POST   /__sim/todos/fail {times, after?}          the next `times` to-do calls answer 500; with `after` each
 *                                                     takes effect first (the answer lost on the way back)
 */
import type Router from '@koa/router';
import { openApiOk } from './envelopes';
import { body, queryString } from './request';
import { openApiGuard } from './routes-auth';
import type { SimulatorState } from './state';

const USER_TASKS = '/v1.0/todo/users/:unionId/tasks';

export function todoRoutes(router: Router, state: SimulatorState): void {
  const auth = openApiGuard(state);
  const todos = state.todos;
  const union = (params: Record<string, string | undefined>) => String(params.unionId ?? '');

  router.post(USER_TASKS, auth, (ctx) => {
    const task = todos.call(() => todos.create(union(ctx.params), body(ctx), queryString(ctx, 'operatorId')));
    openApiOk(ctx, { ...todos.view(task), requestId: `sim-${task.id}` });
  });
  router.post(`${USER_TASKS}/list`, auth, (ctx) => {
    openApiOk(
      ctx,
      todos.call(() => todos.list(union(ctx.params), body(ctx))),
    );
  });
  router.get(`${USER_TASKS}/sources/:sourceId`, auth, (ctx) => {
    openApiOk(ctx, todos.view(todos.call(() => todos.getBySourceId(union(ctx.params), String(ctx.params.sourceId)))));
  });
  router.get(`${USER_TASKS}/:taskId`, auth, (ctx) => {
    openApiOk(ctx, todos.view(todos.call(() => todos.get(union(ctx.params), String(ctx.params.taskId)))));
  });
  router.put(`${USER_TASKS}/:taskId`, auth, (ctx) => {
    todos.call(() =>
      todos.update(union(ctx.params), String(ctx.params.taskId), body(ctx), queryString(ctx, 'operatorId')),
    );
    openApiOk(ctx, { result: true });
  });
  router.delete(`${USER_TASKS}/:taskId`, auth, (ctx) => {
    todos.call(() => todos.delete(union(ctx.params), String(ctx.params.taskId), queryString(ctx, 'operatorId')));
    openApiOk(ctx, { requestId: `sim-delete-${String(ctx.params.taskId)}`, result: true });
  });
}

/** The control routes of to-dos, mounted on the `/__sim` router. */
export function todoControlRoutes(router: Router, state: () => SimulatorState): void {
  router.get('/todos', (ctx) => {
    const unionId = queryString(ctx, 'unionId');
    const includeDeleted = queryString(ctx, 'includeDeleted') === '1';
    ctx.body = {
      todos: [...state().todos.tasks.values()].filter(
        (t) => (includeDeleted || !t.deleted) && (unionId === undefined || t.executorIds.includes(unionId)),
      ),
    };
  });
  router.post('/todos/fail', (ctx) => {
    const input = body(ctx);
    const times = Number(input.times ?? 1);
    if (!Number.isSafeInteger(times) || times < 1) throw new Error('times must be a positive whole number');
    state().todos.failNext(times, { after: input.after === true });
    ctx.status = 204;
  });
}
