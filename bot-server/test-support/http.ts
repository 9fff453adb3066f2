import { loadConfig } from '../config/config';
import { createLogger } from '../logging/logger';
import { type RunningDuban, type StartOptions, startDuban } from '../server';
import type { TestDatabase } from './databases';
import { freshDemoDatabase } from './demo-snapshot';

export interface JsonResponse<T> {
  status: number;
  body: T;
}

/** Calls a running Duban and reads the JSON answer. */
export async function callJson<T = Record<string, unknown>>(
  duban: RunningDuban,
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<JsonResponse<T>> {
  const { token, headers, ...rest } = init;
  const res = await fetch(`${duban.url}${path}`, {
    ...rest,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...((headers as Record<string, string>) ?? {}),
    },
  });
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
}

/** Signs a demo user in and returns the session token. */
export async function signInAs(duban: RunningDuban, userId: string): Promise<string> {
  const res = await callJson<{ token: string }>(duban, '/api/auth/demo', {
    method: 'POST',
    body: JSON.stringify({ userId }),
  });
  if (res.status !== 200) throw new Error(`demo sign-in as ${userId} failed: ${res.status}`);
  return res.body.token;
}

/** Demo sign-ins for each of `userIds`: their session tokens by user id. */
export async function signInAll(duban: RunningDuban, userIds: string[]): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const id of userIds) tokens[id] = await signInAs(duban, id);
  return tokens;
}

/**
 * The demo Duban, silent on a free port, over a fresh database of `target`, with settings `env` besides; `stop`
 * closes it and drops the database. The reminder loops stay off unless `options` asks for them: their background
 * sends would race a test's own assertions about the outbox.
 */
export async function startTestDuban(
  target: TestDatabase,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<{ duban: RunningDuban; stop(): Promise<void> }> {
  const config = loadConfig({ PORT: '0', ...env });
  const created = config.demo ? await freshDemoDatabase(target) : await target.create();
  const duban = await startDuban({ ...config, database: created.settings }, createLogger('silent'), {
    reminders: false,
    ...options,
  });
  return {
    duban,
    async stop() {
      await duban.close();
      await created.drop();
    },
  };
}
