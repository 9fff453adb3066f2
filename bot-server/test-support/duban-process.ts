/**
 * Duban as a real process (`bot-server/main.ts`, as `npm start` runs it), for the tests of what only a process
 * shows: stopping on SIGTERM, two instances on one database, a restored backup starting. HTTP push is the event mode
 * here, so a test delivers signed events itself, as DingTalk would.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { SIM_DEFAULTS } from '../../scripts/sim/simulator';
import { CallbackCrypto } from '../dingtalk/callback-crypto';
import { waitFor } from './dingtalk';

const MAIN = join(__dirname, '..', 'main.ts');
const ROOT = join(__dirname, '..', '..');
/** What `npm run build:server` writes and `npm run start:prod` runs. */
const BUNDLE = join(ROOT, 'dist', 'main.js');

/** Builds the production bundle as `npm run build:server` does (one definition of the build: package.json's). */
export function buildProductionBundle(): string {
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'pipe' });
  return BUNDLE;
}

export interface DubanProcess {
  child: ChildProcess;
  /** `http://localhost:<port>`, from the start banner. */
  url: string;
  /** Every line written to stdout (the banner, then pino's JSON lines). */
  lines: string[];
  /** Resolves to the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** The settings a test does not give are unset, so neither the test's environment nor a `.env` leaks in. */
const CLEARED = [
  'DATABASE_URL',
  'DATA_DIR',
  'DINGTALK_CORP_ID',
  'DINGTALK_APP_KEY',
  'DINGTALK_APP_SECRET',
  'DINGTALK_AGENT_ID',
  'DINGTALK_API_BASE',
  'DINGTALK_OAPI_BASE',
  'SESSION_SECRET',
  'PUBLIC_URL',
];

/**
 * Starts `main.ts` on a free port with `env` (HTTP push, the demo unless credentials are given) and resolves once it
 * answers `GET /ready` with 200: through tsx as `npm start` runs it, or the bundle `buildProductionBundle` made, as
 * `npm run start:prod` runs it.
 */
export async function startDubanProcess(
  env: Record<string, string>,
  options: { bundle?: string; timeoutMs?: number } = {},
): Promise<DubanProcess> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const base: Record<string, string | undefined> = { ...process.env };
  for (const name of CLEARED) delete base[name];
  const args = options.bundle ? ['--enable-source-maps', options.bundle] : ['--require', 'tsx/cjs', MAIN];
  const child = spawn(process.execPath, args, {
    env: { ...base, NODE_ENV: 'development', PORT: '0', DINGTALK_EVENT_MODE: 'http', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { lines, stderr } = collectOutput(child);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const banner = () => lines.map((line) => /mini-app\s+(http:\/\/\S+?)\/?$/.exec(line)?.[1]).find(Boolean);
  try {
    await waitFor(() => banner() !== undefined || exitCode !== undefined, timeoutMs, 'the start banner');
    const url = banner();
    if (!url) throw new Error(`Duban exited with ${exitCode} before it started:\n${stderr()}\n${lines.join('\n')}`);
    const deadline = Date.now() + timeoutMs;
    while ((await fetch(`${url}/ready`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`${url}/ready did not answer 200:\n${lines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return {
      child,
      url,
      lines,
      exited,
      stop() {
        child.kill('SIGTERM');
        return exited;
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

/** A child's standard output as lines, and its error output as text, collected as they come. */
export function collectOutput(child: ChildProcess): { lines: string[]; stderr: () => string } {
  const lines: string[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return { lines, stderr: () => stderr };
}

/** The log lines of a Duban process as JSON (the banner and anything else left out). */
export function logLines(process: DubanProcess): Array<Record<string, unknown>> {
  return process.lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

/** Seals and signs an event as DingTalk does for the simulator's app (the demo's own DingTalk uses the same secrets). */
const crypto = new CallbackCrypto({
  token: SIM_DEFAULTS.callbackToken,
  aesKey: SIM_DEFAULTS.callbackAesKey,
  ownerKey: SIM_DEFAULTS.appKey,
});

/** An approval of the demo's 收文 template started: a document once processed. */
export function approvalStarted(eventId: string): Record<string, unknown> {
  return {
    EventType: 'bpms_instance_change',
    EventTime: Date.now(),
    CorpId: SIM_DEFAULTS.corpId,
    eventId,
    processInstanceId: `pi-${eventId}`,
    processCode: 'PROC-DUBAN-SHOUWEN',
    type: 'start',
    title: `收文 ${eventId}`,
  };
}

/** The request DingTalk would make to push `event`: the signed query and the sealed body. */
export function signedPush(event: Record<string, unknown>): { path: string; body: string } {
  const encrypt = crypto.seal(JSON.stringify(event));
  const timestamp = String(Date.now());
  const nonce = Math.random().toString(36).slice(2, 12);
  const query = new URLSearchParams({ msg_signature: crypto.sign(timestamp, nonce, encrypt), timestamp, nonce });
  return { path: `/dingtalk/callback?${query}`, body: JSON.stringify({ encrypt }) };
}

/** Pushes `event` to `url`: the status of the answer, or `refused` when no answer came (the listener closed). */
export async function pushEvent(url: string, event: Record<string, unknown>): Promise<number | 'refused'> {
  const { path, body } = signedPush(event);
  try {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'refused';
  }
}

/**
 * A push whose body is sent in two parts: the first now, the rest when `finish` is called. Until then the request
 * is in flight on the server. Resolves `answer` to the status.
 */
export function slowPush(url: string, event: Record<string, unknown>): { finish(): void; answer: Promise<number> } {
  const { path, body } = signedPush(event);
  const { hostname, port } = new URL(url);
  let finish = () => {};
  const answer = new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    finish = () => req.end(body.slice(half));
  });
  return { finish: () => finish(), answer };
}
