import type { DataSource } from 'typeorm';
import type { RunningDuban } from '../server';
import type { Services } from '../services';
import type { TestDatabase } from './databases';
import { callJson, type JsonResponse, signInAll, startTestDuban } from './http';

/** The services a test may run on a clock of its own. */
export type ClockedService = 'meetings' | 'matters' | 'documents';

const PIN: Record<ClockedService, (services: Services, now: () => Date) => void> = {
  meetings: (services, now) => services.meetings.useClock(now),
  matters: (services, now) => services.supervision.matters.useClock(now),
  documents: (services, now) => services.documents.pinClock(now),
};

export interface DemoOptions {
  /** Demo users signed in before the tests: their session tokens are in `tokens`. */
  users?: readonly string[];
  /** The services that read the test's clock, on each use, instead of the real one. */
  clock?: { now: () => Date; on: readonly ClockedService[] };
  /** Settings besides the defaults of `startTestDuban`. */
  env?: Record<string, string>;
}

/** A call as a signed-in user; `body` goes as JSON. Every answer may also be read as an `E`. */
export type Caller<D, E = unknown> = <T = D>(
  user: string,
  path: string,
  method?: string,
  body?: unknown,
) => Promise<JsonResponse<T & E>>;

export interface DemoDuban {
  readonly duban: RunningDuban;
  readonly db: DataSource;
  /** Session tokens by user id, of `users`. */
  readonly tokens: Record<string, string>;
  /** Calls to `prefix` + path. */
  caller<D = Record<string, unknown>, E = unknown>(prefix?: string): Caller<D, E>;
}

/**
 * The demo Duban of `startTestDuban` for the tests of a `describe` block: started (and its users signed in)
 * before them, stopped after. Its members may be read once the tests run.
 */
export function useDemoDuban(target: TestDatabase, options: DemoOptions = {}): DemoDuban {
  let running: { duban: RunningDuban; stop(): Promise<void> } | undefined;
  const tokens: Record<string, string> = {};
  const started = (): RunningDuban => {
    if (!running) throw new Error('the demo Duban is read before it started');
    return running.duban;
  };

  // Migrating and seeding the demo on a busy MariaDB can take longer than jest's default.
  beforeAll(async () => {
    running = await startTestDuban(target, options.env);
    const { clock } = options;
    if (clock) for (const service of clock.on) PIN[service](running.duban.services(), clock.now);
    Object.assign(tokens, await signInAll(running.duban, [...(options.users ?? [])]));
  }, 120_000);
  afterAll(() => running?.stop());

  return {
    get duban() {
      return started();
    },
    get db() {
      return started().services().db;
    },
    tokens,
    caller<D = Record<string, unknown>, E = unknown>(prefix = ''): Caller<D, E> {
      return <T = D>(user: string, path: string, method = 'GET', body?: unknown) =>
        callJson<T & E>(started(), `${prefix}${path}`, {
          method,
          token: tokens[user],
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
    },
  };
}

/**
 * Reads `probe` every 25 ms until `done` holds of its answer or `timeoutMs` has passed, and returns the last
 * answer: the test's own assertions then say what did not arrive.
 */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
