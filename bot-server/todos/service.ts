/**
 * The to-do sync as the server runs it: a polling loop over `TodoSync.pass` every minute, woken soon after any
 * deadline is written through TypeORM in this process (an entity subscriber: a nudge only — the period and the
 * reconciliation catch every change, whoever made it, however it was written).
 */
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import { Deadline } from '../../entities';
import { TodoClient } from '../dingtalk/todo-client';
import type { TokenSource } from '../dingtalk/token-cache';
import type { Logger } from '../logging/logger';
import { PollingLoop } from '../scheduler/polling-loop';
import { WakeRequests } from '../scheduler/wake-requests';
import type { TodoKind } from './kinds';
import { TodoSync } from './sync';

/** The period of the sync when nothing wakes it. */
export const TODO_SYNC_MS = 60_000;
/**
 * Least time between two passes when woken: a burst of deadline writes makes one pass, and a steady stream of them
 * costs at most one pass every 5 s (an idle pass reads the open deadlines: README.md, Cost).
 */
const MIN_GAP_MS = 5_000;

/** Wakes the sync after a deadline is inserted, updated or removed through TypeORM. */
class DeadlineWrites implements EntitySubscriberInterface<Deadline> {
  constructor(private readonly requests: WakeRequests) {}
  listenTo() {
    return Deadline;
  }
  afterInsert() {
    this.requests.request();
  }
  afterUpdate() {
    this.requests.request();
  }
  afterRemove() {
    this.requests.request();
  }
}

export interface TodoSyncSettings {
  kinds: readonly TodoKind[];
  publicUrl: string;
  /** `DINGTALK_API_BASE`. */
  apiBase: string;
}

export interface RunningTodoSync {
  sync: TodoSync;
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Starts the loop on `db`. A failed call is not retried within the pass (the row waits its back-off), so a pass
 * never sleeps on DingTalk; the token is still refreshed once when DingTalk refuses it.
 */
export function startTodoSync(
  db: DataSource,
  tokens: TokenSource,
  settings: TodoSyncSettings,
  logger: Logger,
): RunningTodoSync {
  const client = new TodoClient({ tokens, apiBase: settings.apiBase, retry: { maxAttempts: 1 }, logger });
  const sync = new TodoSync({ db, client, kinds: settings.kinds, publicUrl: settings.publicUrl, logger });
  const loop = new PollingLoop(
    'todos.sync',
    async () => TodoSync.handled(await sync.pass()),
    logger,
    TODO_SYNC_MS,
    MIN_GAP_MS,
  );
  const requests = new WakeRequests();
  requests.on(() => loop.wake());
  const subscriber = new DeadlineWrites(requests);
  db.subscribers.push(subscriber);
  loop.start();
  return {
    sync,
    wake: () => loop.wake(),
    async stop() {
      const at = db.subscribers.indexOf(subscriber);
      if (at >= 0) db.subscribers.splice(at, 1);
      await loop.stop();
    },
  };
}
