/**
 * DingTalk's to-do (待办) API, `api.dingtalk.com/v1.0/todo`, through the official SDK's `todo_1_0` client
 * (docs/dingtalk.md §12). Every to-do is addressed under a person's unionId; the business key `sourceId` makes a
 * create safe to repeat: DingTalk refuses a second task with the same source id ("task exist"), and the task is then
 * found by it (`GET …/tasks/sources/{sourceId}`).
 *
 * Calls go through the shared policy (`callWithPolicy`: rate limit, token refresh, back-off on throttling); the
 * SDK's own retries stay off.
 */
import TodoSdk, * as $todo from '@alicloud/dingtalk/dist/todo_1_0/client';
import * as $Util from '@alicloud/tea-util';
import { type ApiCallContext, apiCallContext } from './api-call';
import { DINGTALK_API_BASE } from './constants';
import { DingTalkApiError } from './errors';
import { callSdk, type OpenApiClientOptions, sdkConfig } from './openapi-client';

/** The same options as the other v1.0 clients: tokens, API base, limiter, retry, timeout. */
export type TodoClientOptions = OpenApiClientOptions;

/** What Duban puts in a to-do (the create request's fields it uses). */
export interface NewTodoTask {
  /** The business key: unique for ever within the app. */
  sourceId: string;
  /** ≤ 1024 characters. */
  subject: string;
  /** ≤ 4096 characters. */
  description?: string;
  /** Epoch milliseconds. */
  dueTime?: number;
  executorIds: string[];
  /** The page opened from the to-do, on the phone and on the PC. */
  detailUrl?: { appUrl: string; pcUrl: string };
  /** 10 较低, 20 普通, 30 紧急, 40 非常紧急. */
  priority?: number;
  /** Only the executors see it (not the creator, when another). */
  isOnlyShowExecutor?: boolean;
}

export interface TodoTaskChanges {
  subject?: string;
  description?: string;
  dueTime?: number;
  done?: boolean;
  executorIds?: string[];
}

/** A to-do as DingTalk answers it (the fields Duban reads). */
export interface TodoTask {
  id: string;
  sourceId: string | null;
  subject: string | null;
  dueTime: number | null;
  done: boolean;
  executorIds: string[];
}

/** One page of a person's to-dos (`POST …/tasks/list`). */
export interface TodoTaskPage {
  tasks: Array<{
    taskId: string;
    sourceId: string | null;
    subject: string | null;
    dueTime: number | null;
    done: boolean;
  }>;
  nextToken: string | null;
}

function taskOf(body: {
  id?: string;
  sourceId?: string;
  subject?: string;
  dueTime?: number;
  done?: boolean;
  executorIds?: string[];
}): TodoTask {
  if (!body.id) throw new DingTalkApiError('api_bad_response', 'to-do answer without an id', { api: '/v1.0/todo' });
  return {
    id: body.id,
    sourceId: body.sourceId ?? null,
    subject: body.subject ?? null,
    dueTime: typeof body.dueTime === 'number' ? body.dueTime : null,
    done: body.done === true,
    executorIds: body.executorIds ?? [],
  };
}

/** DingTalk's refusal of a create whose source id is taken: `todo.taskCreate.paramError` "task exist". */
export function isTaskExists(err: unknown): boolean {
  return err instanceof DingTalkApiError && err.httpStatus === 400 && /\btask exist\b/.test(err.message);
}

/** A to-do that is not there (any more): "task not exist" on update or delete; a 404 on a read. */
export function isTaskMissing(err: unknown): boolean {
  return (
    err instanceof DingTalkApiError &&
    (err.httpStatus === 404 || (err.httpStatus === 400 && /task not exist/.test(err.message)))
  );
}

export class TodoClient {
  /** The raw SDK client, pointed at `apiBase`. */
  readonly sdk: TodoSdk;
  private readonly context: ApiCallContext;
  private readonly timeoutMs: number;

  constructor(options: TodoClientOptions) {
    this.sdk = new TodoSdk(sdkConfig(options.apiBase ?? DINGTALK_API_BASE));
    this.context = apiCallContext(options);
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** `POST /v1.0/todo/users/{unionId}/tasks`: a to-do created by and for `unionId` (creator and operator). */
  async create(unionId: string, task: NewTodoTask): Promise<TodoTask> {
    const body = await this.call('POST /v1.0/todo/users/{unionId}/tasks', (headers, runtime) =>
      this.sdk.createTodoTaskWithOptions(
        unionId,
        new $todo.CreateTodoTaskRequest({
          ...task,
          creatorId: unionId,
          operatorId: unionId,
          ...(task.detailUrl ? { detailUrl: new $todo.CreateTodoTaskRequestDetailUrl(task.detailUrl) } : {}),
        }),
        new $todo.CreateTodoTaskHeaders(headers),
        runtime,
      ),
    );
    return taskOf(body);
  }

  /**
   * Creates the to-do, or finds the one an earlier attempt created (its answer lost): a repeat with the same source
   * id never makes a second one.
   */
  async createOnce(unionId: string, task: NewTodoTask): Promise<TodoTask> {
    try {
      return await this.create(unionId, task);
    } catch (err) {
      if (!isTaskExists(err)) throw err;
      const found = await this.getBySourceId(unionId, task.sourceId);
      if (!found) throw err;
      return found;
    }
  }

  /** `GET /v1.0/todo/users/{unionId}/tasks/sources/{sourceId}`; null when there is none. */
  async getBySourceId(unionId: string, sourceId: string): Promise<TodoTask | null> {
    return this.orNull(async () =>
      taskOf(
        await this.call('GET /v1.0/todo/users/{unionId}/tasks/sources/{sourceId}', (headers, runtime) =>
          this.sdk.getTodoTaskBySourceIdWithOptions(
            unionId,
            sourceId,
            new $todo.GetTodoTaskBySourceIdHeaders(headers),
            runtime,
          ),
        ),
      ),
    );
  }

  /** `GET /v1.0/todo/users/{unionId}/tasks/{taskId}`; null when there is none. */
  async get(unionId: string, taskId: string): Promise<TodoTask | null> {
    return this.orNull(async () =>
      taskOf(
        await this.call('GET /v1.0/todo/users/{unionId}/tasks/{taskId}', (headers, runtime) =>
          this.sdk.getTodoTaskWithOptions(unionId, taskId, new $todo.GetTodoTaskHeaders(headers), runtime),
        ),
      ),
    );
  }

  /** `PUT /v1.0/todo/users/{unionId}/tasks/{taskId}`; false when the to-do is no longer there. */
  async update(unionId: string, taskId: string, changes: TodoTaskChanges): Promise<boolean> {
    const done = await this.orNull(() =>
      this.call('PUT /v1.0/todo/users/{unionId}/tasks/{taskId}', (headers, runtime) =>
        this.sdk.updateTodoTaskWithOptions(
          unionId,
          taskId,
          new $todo.UpdateTodoTaskRequest({ ...changes, operatorId: unionId }),
          new $todo.UpdateTodoTaskHeaders(headers),
          runtime,
        ),
      ),
    );
    return done?.result === true;
  }

  /** `DELETE /v1.0/todo/users/{unionId}/tasks/{taskId}`; false when it was already gone. */
  async delete(unionId: string, taskId: string): Promise<boolean> {
    const done = await this.orNull(() =>
      this.call('DELETE /v1.0/todo/users/{unionId}/tasks/{taskId}', (headers, runtime) =>
        this.sdk.deleteTodoTaskWithOptions(
          unionId,
          taskId,
          new $todo.DeleteTodoTaskRequest({ operatorId: unionId }),
          new $todo.DeleteTodoTaskHeaders(headers),
          runtime,
        ),
      ),
    );
    return done?.result === true;
  }

  /** `POST /v1.0/todo/users/{unionId}/tasks/list`: one page of the person's to-dos as executor. */
  async list(unionId: string, options: { done?: boolean; nextToken?: string } = {}): Promise<TodoTaskPage> {
    const body = await this.call('POST /v1.0/todo/users/{unionId}/tasks/list', (headers, runtime) =>
      this.sdk.queryTodoTasksWithOptions(
        unionId,
        new $todo.QueryTodoTasksRequest({
          roleTypes: [['executor']],
          ...(options.done === undefined ? {} : { isDone: options.done }),
          ...(options.nextToken ? { nextToken: options.nextToken } : {}),
        }),
        new $todo.QueryTodoTasksHeaders(headers),
        runtime,
      ),
    );
    return {
      tasks: (body.todoCards ?? []).flatMap((card) =>
        card.taskId
          ? [
              {
                taskId: card.taskId,
                sourceId: card.sourceId ?? null,
                subject: card.subject ?? null,
                dueTime: typeof card.dueTime === 'number' ? card.dueTime : null,
                done: card.isDone === true,
              },
            ]
          : [],
      ),
      nextToken: body.nextToken ? body.nextToken : null,
    };
  }

  private async orNull<T>(run: () => Promise<T>): Promise<T | null> {
    try {
      return await run();
    } catch (err) {
      if (isTaskMissing(err)) return null;
      throw err;
    }
  }

  private call<B>(
    api: string,
    run: (headers: { xAcsDingtalkAccessToken: string }, runtime: $Util.RuntimeOptions) => Promise<{ body?: B }>,
  ): Promise<B> {
    return callSdk(this.context, this.timeoutMs, api, (token, runtime) =>
      run({ xAcsDingtalkAccessToken: token }, runtime),
    );
  }
}
