/**
 * DingTalk's to-dos (待办, docs/dingtalk.md §12): tasks created by an app for people, addressed by their unionIds,
 * with the app's business key (`sourceId`) unique: a second create with the same source id is refused with
 * `todo.taskCreate.paramError` "task exist", as DingTalk documents. A deleted task keeps its source id taken
 * (simulator choice: DingTalk does not say whether it can be reused). Tests can make the next calls fail, before
 * they take effect or after (the answer lost on the way back).
 */
import { OpenApiFailure } from './envelopes';
import type { Directory } from './state-org';

export interface SimTodo {
  id: string;
  sourceId: string | null;
  subject: string;
  description: string | null;
  /** The unionId whose path created it. */
  ownerUnionId: string;
  creatorId: string;
  executorIds: string[];
  participantIds: string[];
  dueTime: number | null;
  done: boolean;
  finishTime: number | null;
  detailUrl: { appUrl?: string; pcUrl?: string } | null;
  priority: number | null;
  isOnlyShowExecutor: boolean;
  createdTime: number;
  modifiedTime: number;
  deleted: boolean;
  /** The operatorId of every call that touched it, oldest first. */
  operators: string[];
}

/** A planned failure of the next to-do call: `after` = the call takes effect, then the answer is a 500. */
interface PlannedFailure {
  after: boolean;
}

const SUBJECT_MAX = 1024;
const DESCRIPTION_MAX = 4096;
const EXECUTORS_MAX = 1000; // simulator choice: DingTalk names the limit ("executors is oversize") but not its size

const param = (api: 'taskCreate' | 'taskUpdate', message: string) =>
  new OpenApiFailure(400, `todo.${api}.paramError`, message);
const NOT_EXIST = (api: 'taskUpdate' | 'taskDelete' | 'taskQuery') =>
  new OpenApiFailure(400, `todo.${api}.paramError`, 'task not exist'); // simulator choice for delete and reads

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export class TodoStore {
  readonly tasks = new Map<string, SimTodo>();
  private nextId = 1;
  private readonly failures: PlannedFailure[] = [];

  constructor(
    private readonly directory: Directory,
    private readonly now: () => number,
  ) {}

  /** The next `times` to-do calls fail with HTTP 500 `systemError`; with `after`, each takes effect first. */
  failNext(times: number, options: { after?: boolean } = {}): void {
    for (let i = 0; i < times; i++) this.failures.push({ after: options.after === true });
  }

  /** Runs one to-do call under the planned failures. */
  call<T>(run: () => T): T {
    const failure = this.failures.shift();
    if (failure && !failure.after) throw new OpenApiFailure(500, 'systemError', '系统繁忙');
    const result = run();
    if (failure) throw new OpenApiFailure(500, 'systemError', '系统繁忙');
    return result;
  }

  private requireUnion(unionId: string): void {
    const known = [...this.directory.users.values()].some((u) => u.unionid === unionId);
    if (!known) throw new OpenApiFailure(400, 'todo.user.notExist', 'user not exist'); // simulator choice
  }

  private visible(unionId: string, taskId: string, missing: OpenApiFailure): SimTodo {
    const task = this.tasks.get(taskId);
    if (!task || task.deleted) throw missing;
    const involved = [task.ownerUnionId, task.creatorId, ...task.executorIds, ...task.participantIds];
    if (!involved.includes(unionId)) throw missing;
    return task;
  }

  create(unionId: string, body: Record<string, unknown>, operatorId: string | undefined): SimTodo {
    this.requireUnion(unionId);
    const subject = text(body.subject);
    if (!subject) throw param('taskCreate', 'todo.taskCreate.paramError');
    if (subject.length > SUBJECT_MAX) throw param('taskCreate', 'subject is oversize');
    const description = text(body.description);
    if (description && description.length > DESCRIPTION_MAX) throw param('taskCreate', 'description is oversize');
    const executorIds = strings(body.executorIds);
    if (executorIds.length > EXECUTORS_MAX) throw param('taskCreate', 'executors is oversize');
    const dueTime = body.dueTime === undefined ? null : Number(body.dueTime);
    if (dueTime !== null && (!Number.isSafeInteger(dueTime) || dueTime <= 0)) {
      throw param('taskCreate', 'dueTime is invalid');
    }
    const sourceId = text(body.sourceId);
    if (sourceId && [...this.tasks.values()].some((t) => t.sourceId === sourceId)) {
      throw param('taskCreate', 'task exist');
    }
    const now = this.now();
    const detail = body.detailUrl as { appUrl?: unknown; pcUrl?: unknown } | undefined;
    const task: SimTodo = {
      id: `sim-todo-${this.nextId++}`,
      sourceId,
      subject,
      description,
      ownerUnionId: unionId,
      creatorId: text(body.creatorId) ?? unionId,
      executorIds,
      participantIds: strings(body.participantIds),
      dueTime,
      done: false,
      finishTime: null,
      detailUrl: detail
        ? {
            ...(typeof detail.appUrl === 'string' ? { appUrl: detail.appUrl } : {}),
            ...(typeof detail.pcUrl === 'string' ? { pcUrl: detail.pcUrl } : {}),
          }
        : null,
      priority: body.priority === undefined ? null : Number(body.priority),
      isOnlyShowExecutor: body.isOnlyShowExecutor === true,
      createdTime: now,
      modifiedTime: now,
      deleted: false,
      operators: operatorId ? [operatorId] : [],
    };
    this.tasks.set(task.id, task);
    return task;
  }

  get(unionId: string, taskId: string): SimTodo {
    return this.visible(unionId, taskId, NOT_EXIST('taskQuery'));
  }

  getBySourceId(unionId: string, sourceId: string): SimTodo {
    const task = [...this.tasks.values()].find((t) => t.sourceId === sourceId && !t.deleted);
    if (!task) throw NOT_EXIST('taskQuery');
    return this.visible(unionId, task.id, NOT_EXIST('taskQuery'));
  }

  update(unionId: string, taskId: string, body: Record<string, unknown>, operatorId: string | undefined): void {
    const task = this.visible(unionId, taskId, NOT_EXIST('taskUpdate'));
    const subject = text(body.subject);
    if (subject !== null) {
      if (subject.length === 0) throw param('taskUpdate', 'todo.taskUpdate.paramError');
      if (subject.length > SUBJECT_MAX) throw param('taskUpdate', 'subject is oversize');
    }
    const description = text(body.description);
    if (description && description.length > DESCRIPTION_MAX) throw param('taskUpdate', 'description is oversize');
    if (body.dueTime !== undefined) {
      const dueTime = Number(body.dueTime);
      if (!Number.isSafeInteger(dueTime) || dueTime <= 0) throw param('taskUpdate', 'dueTime is invalid');
      task.dueTime = dueTime;
    }
    if (subject !== null) task.subject = subject;
    if (description !== null) task.description = description;
    if (body.executorIds !== undefined) task.executorIds = strings(body.executorIds);
    if (body.participantIds !== undefined) task.participantIds = strings(body.participantIds);
    if (typeof body.done === 'boolean' && body.done !== task.done) {
      task.done = body.done;
      task.finishTime = body.done ? this.now() : null;
    }
    task.modifiedTime = this.now();
    if (operatorId) task.operators.push(operatorId);
  }

  delete(unionId: string, taskId: string, operatorId: string | undefined): void {
    const task = this.visible(unionId, taskId, NOT_EXIST('taskDelete'));
    task.deleted = true;
    task.modifiedTime = this.now();
    if (operatorId) task.operators.push(operatorId);
  }

  /** A person's to-dos as executor (or any role asked), newest first, 50 a page (`nextToken` = the offset). */
  list(
    unionId: string,
    body: Record<string, unknown>,
  ): { todoCards: Record<string, unknown>[]; nextToken?: string; totalCount: number } {
    const roles = Array.isArray(body.roleTypes) ? (body.roleTypes as unknown[]).map(strings) : [['executor']];
    const inRole = (task: SimTodo, role: string) =>
      role === 'executor'
        ? task.executorIds.includes(unionId)
        : role === 'creator'
          ? task.creatorId === unionId
          : task.participantIds.includes(unionId);
    const matching = [...this.tasks.values()]
      .filter((t) => !t.deleted && roles.some((all) => all.every((role) => inRole(t, role))))
      .filter((t) => typeof body.isDone !== 'boolean' || t.done === body.isDone)
      .sort((a, b) => b.createdTime - a.createdTime);
    const offset = Number(body.nextToken ?? 0) || 0;
    const page = matching.slice(offset, offset + 50);
    return {
      todoCards: page.map((t) => ({
        taskId: t.id,
        subject: t.subject,
        ...(t.sourceId ? { sourceId: t.sourceId } : {}),
        ...(t.dueTime === null ? {} : { dueTime: t.dueTime }),
        isDone: t.done,
        creatorId: t.creatorId,
        createdTime: t.createdTime,
        modifiedTime: t.modifiedTime,
        ...(t.priority === null ? {} : { priority: t.priority }),
        ...(t.detailUrl ? { detailUrl: t.detailUrl } : {}),
      })),
      ...(offset + 50 < matching.length ? { nextToken: String(offset + 50) } : {}),
      totalCount: matching.length,
    };
  }

  /** The task as the create and read APIs answer it. */
  view(task: SimTodo): Record<string, unknown> {
    return {
      id: task.id,
      subject: task.subject,
      ...(task.description === null ? {} : { description: task.description }),
      ...(task.sourceId ? { sourceId: task.sourceId } : {}),
      creatorId: task.creatorId,
      executorIds: task.executorIds,
      participantIds: task.participantIds,
      ...(task.dueTime === null ? {} : { dueTime: task.dueTime }),
      done: task.done,
      ...(task.finishTime === null ? {} : { finishTime: task.finishTime }),
      ...(task.detailUrl ? { detailUrl: task.detailUrl } : {}),
      ...(task.priority === null ? {} : { priority: task.priority }),
      isOnlyShowExecutor: task.isOnlyShowExecutor,
      createdTime: task.createdTime,
      modifiedTime: task.modifiedTime,
      bizTag: 'sim',
    };
  }
}
