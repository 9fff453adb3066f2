import { resolve } from 'node:path';
import { z } from 'zod';
import type { DatabaseSettings } from '../../entities/data-source';
import { TODO_KINDS, type TodoKind } from '../todos/kinds';

/**
 * Duban's settings, parsed once at start-up from the environment (and `.env`, loaded by the caller).
 * Every variable is documented in `.env.example`. Parsing reports every bad variable at once.
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  /** No DingTalk credentials: the demo runs, with the in-process simulator and the demo sign-in. */
  demo: boolean;
  port: number;
  publicUrl: string;
  sessionSecret: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  database: DatabaseSettings;
  dingtalk: {
    corpId: string;
    appKey: string;
    appSecret: string;
    agentId: string;
    eventMode: 'stream' | 'http';
    callbackToken: string;
    callbackAesKey: string;
    apiBase: string;
    oapiBase: string;
  };
  /** `REMINDER_OFFICE_HOURS`: reminders that are not urgent go out on working days within these hours (Shanghai). */
  reminderOfficeHours: string;
  /**
   * `DINGTALK_GROUP_ROBOTS`: custom group robots by name (e.g. `supervision`), for bulletins. Read-only defaults: a
   * robot saved in the admin pages under the same name replaces one (bot-server/reminders/group-robots.ts).
   */
  groupRobots: Record<string, { webhook: string; secret?: string }>;
  /** `TRUST_PROXY`: read the client's address and protocol from X-Forwarded-* (only behind a reverse proxy). */
  trustProxy: boolean;
  /** `BULLETIN_READERS`: who may read published 督查通报 (they name other units' overdue matters). */
  bulletinReaders: BulletinReaders;
  /** `DINGTALK_TODO_KINDS`: the kinds of deadline kept in people's DingTalk 待办 (bot-server/todos). */
  todoKinds: TodoKind[];
  /** `METRICS_TOKEN`: the bearer token `GET /metrics` asks for; null answers 404 there (bot-server/metrics). */
  metricsToken: string | null;
}

/**
 * `office`: everyone signed in (office-wide circulation, the custom of most offices; the default);
 * `heads`: leaders, 督查室, 会务, unit heads and administrators only.
 */
export const BULLETIN_READERS = ['office', 'heads'] as const;
export type BulletinReaders = (typeof BULLETIN_READERS)[number];

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Duban cannot start: fix these settings (see .env.example):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Used only by the demo and tests; production refuses to start with it. */
const DEMO_SESSION_SECRET = 'duban-demo-session-secret-not-for-production';

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const officeHours = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]|24):[0-5]\d$/, 'expected HH:mm-HH:mm, e.g. 08:30-18:00')
  .refine((text) => {
    const [open = '', close = ''] = text.split('-');
    return open < close && close <= '24:00';
  }, 'the opening must come before the closing (at most 24:00)');

const groupRobots = optional
  .transform((text, context) => {
    if (text === undefined) return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({
        code: 'custom',
        message: 'must be JSON: {"supervision":{"webhook":"https://…","secret":"SEC…"}}',
      });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(
      z.string().min(1).max(64),
      z.object({ webhook: z.string().min(1), secret: z.string().min(1).optional() }).strict(),
    ),
  );

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  SESSION_SECRET: optional.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: optional,
  DATA_DIR: optional,
  DINGTALK_CORP_ID: optional,
  DINGTALK_APP_KEY: optional,
  DINGTALK_APP_SECRET: optional,
  DINGTALK_AGENT_ID: optional.pipe(z.string().regex(/^\d+$/, 'must be the numeric AgentId').optional()),
  DINGTALK_EVENT_MODE: z.enum(['stream', 'http']).default('stream'),
  DINGTALK_CALLBACK_TOKEN: optional,
  DINGTALK_CALLBACK_AES_KEY: optional.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey from the developer console')
      .optional(),
  ),
  DINGTALK_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE: z.url({ protocol: /^https?$/ }).default('https://oapi.dingtalk.com'),
  DINGTALK_GROUP_ROBOTS: groupRobots,
  REMINDER_OFFICE_HOURS: officeHours.default('08:30-18:00'),
  TRUST_PROXY: z.enum(['0', '1', 'false', 'true']).default('0'),
  BULLETIN_READERS: z.enum(BULLETIN_READERS).default('office'),
  DINGTALK_TODO_KINDS: z
    .string()
    .trim()
    .default(TODO_KINDS.join(','))
    .transform((text) =>
      text === '' ? [...TODO_KINDS] : text === 'none' ? [] : text.split(',').map((kind) => kind.trim()),
    )
    .pipe(z.array(z.enum(TODO_KINDS, { message: `each kind one of ${TODO_KINDS.join(', ')}, or none` }))),
  METRICS_TOKEN: optional.pipe(
    z
      .string()
      .min(32, 'must be at least 32 characters')
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces (it travels in an HTTP header)')
      .optional(),
  ),
});

/** Parses `DATABASE_URL`: unset → SQLite under the data directory; `sqlite:<path>`; `mysql://` or `mariadb://`. */
export function parseDatabaseUrl(url: string | undefined, dataDir: string): DatabaseSettings {
  if (!url) return { type: 'sqlite', path: resolve(dataDir, 'duban.sqlite') };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new Error('DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./data/duban.sqlite');
    return { type: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL: not a URL; expected mysql://user:password@host:3306/database or sqlite:<path>');
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new Error(`DATABASE_URL: unsupported scheme "${parsed.protocol}"; use mysql://, mariadb:// or sqlite:`);
  }
  if (!parsed.hostname) throw new Error('DATABASE_URL: the host is missing (mysql://user@host:3306/database)');
  if (parsed.pathname.length <= 1) throw new Error('DATABASE_URL: the database name is missing (…:3306/duban)');
  parsed.protocol = 'mysql:';
  return { type: 'mysql', url: parsed.toString() };
}

const DINGTALK_CREDENTIALS = [
  'DINGTALK_CORP_ID',
  'DINGTALK_APP_KEY',
  'DINGTALK_APP_SECRET',
  'DINGTALK_AGENT_ID',
] as const;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const v = parsed.data;
  const problems: string[] = [];

  const given = DINGTALK_CREDENTIALS.filter((name) => v[name]);
  const demo = given.length === 0;
  if (!demo && given.length < DINGTALK_CREDENTIALS.length) {
    for (const name of DINGTALK_CREDENTIALS) {
      if (!v[name]) problems.push(`${name}: required once any DingTalk credential is set (${given.join(', ')})`);
    }
  }
  if (v.NODE_ENV === 'production') {
    if (demo) problems.push(`${DINGTALK_CREDENTIALS.join(', ')}: required in production (the demo is not)`);
    if (!v.SESSION_SECRET) problems.push('SESSION_SECRET: required in production (32+ random characters)');
  }
  if (!demo && !v.SESSION_SECRET) problems.push('SESSION_SECRET: required when DingTalk credentials are set');
  if (!demo && v.DINGTALK_EVENT_MODE === 'http') {
    if (!v.DINGTALK_CALLBACK_TOKEN) problems.push('DINGTALK_CALLBACK_TOKEN: required when DINGTALK_EVENT_MODE=http');
    if (!v.DINGTALK_CALLBACK_AES_KEY)
      problems.push('DINGTALK_CALLBACK_AES_KEY: required when DINGTALK_EVENT_MODE=http');
  }

  let database: DatabaseSettings | undefined;
  try {
    database = parseDatabaseUrl(v.DATABASE_URL, v.DATA_DIR ?? resolve('data'));
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length > 0 || !database) throw new ConfigError(problems);

  return {
    env: v.NODE_ENV,
    demo,
    port: v.PORT,
    publicUrl: (v.PUBLIC_URL ?? `http://localhost:${v.PORT}`).replace(/\/$/, ''),
    sessionSecret: v.SESSION_SECRET ?? DEMO_SESSION_SECRET,
    logLevel: v.LOG_LEVEL,
    database,
    dingtalk: {
      corpId: v.DINGTALK_CORP_ID ?? '',
      appKey: v.DINGTALK_APP_KEY ?? '',
      appSecret: v.DINGTALK_APP_SECRET ?? '',
      agentId: v.DINGTALK_AGENT_ID ?? '',
      eventMode: v.DINGTALK_EVENT_MODE,
      callbackToken: v.DINGTALK_CALLBACK_TOKEN ?? '',
      callbackAesKey: v.DINGTALK_CALLBACK_AES_KEY ?? '',
      apiBase: v.DINGTALK_API_BASE.replace(/\/$/, ''),
      oapiBase: v.DINGTALK_OAPI_BASE.replace(/\/$/, ''),
    },
    reminderOfficeHours: v.REMINDER_OFFICE_HOURS,
    groupRobots: v.DINGTALK_GROUP_ROBOTS,
    trustProxy: v.TRUST_PROXY === '1' || v.TRUST_PROXY === 'true',
    bulletinReaders: v.BULLETIN_READERS,
    todoKinds: [...new Set(v.DINGTALK_TODO_KINDS)],
    metricsToken: v.METRICS_TOKEN ?? null,
  };
}

/** Reads `.env` (when present) into the environment without overriding what is already set, then parses. */
export function loadConfigFromProcess(): Config {
  try {
    process.loadEnvFile?.('.env');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return loadConfig(process.env);
}
