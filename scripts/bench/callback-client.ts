/**
 * The HTTP client of `duban bench callback`, in a process of its own: the server under test (Duban, or the bare Koa
 * baseline) keeps its process to itself, as it would in production where DingTalk's pushes come from outside.
 * Every endpoint is driven by this same client in the same run, so the ratios compare like with like.
 *
 * `startCallbackClient()` forks this file; the child answers each job (one timed run) over the IPC channel.
 */
import { type ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One encrypted push as DingTalk sends it: the signed query string and the `{"encrypt": …}` body. */
export interface Push {
  path: string;
  body: string;
}

export interface RunResult {
  sent: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** Sorted. */
  latencies: number[];
}

export interface SaturationResult {
  rate: number;
  errors: number;
}

type Job =
  | { kind: 'fixed'; url: string; pushes: Push[]; rate: number }
  | { kind: 'saturation'; url: string; pushes: Push[]; concurrency: number };

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * One push. A kept-alive socket the server has just closed fails with ECONNRESET before the request reached it;
 * that request is sent once more on a fresh socket, as any HTTP client would.
 */
async function post(base: URL, push: Push): Promise<number> {
  try {
    return await postOnce(base, push);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') throw err;
    return postOnce(base, push);
  }
}

function postOnce(base: URL, push: Push): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: push.path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(push.body);
  });
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/**
 * Open loop at a fixed rate: request i is due at start + i/rate whether or not earlier ones have answered, and its
 * latency counts from when it was due, so a stall shows up in the tail instead of slowing the sender down.
 */
async function fixedRate(base: URL, pushes: Push[], rate: number): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  const interval = 1000 / rate;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  let i = 0;
  while (i < pushes.length) {
    const due = Math.min(pushes.length, Math.floor((performance.now() - start) / interval) + 1);
    for (; i < due; i++) {
      const scheduled = start + i * interval;
      const push = pushes[i] as Push;
      inFlight.push(
        post(base, push).then(
          (status) => {
            if (status !== 200) errors++;
            latencies.push(performance.now() - scheduled);
          },
          () => {
            errors++;
          },
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  return {
    sent: pushes.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
    errors,
    latencies,
  };
}

/** Closed loop with a fixed number of callers: the most events per second the endpoint takes. */
async function saturation(base: URL, pushes: Push[], concurrency: number): Promise<SaturationResult> {
  let next = 0;
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < pushes.length) {
        if ((await post(base, pushes[next++] as Push)) !== 200) errors++;
      }
    }),
  );
  return { rate: pushes.length / ((performance.now() - start) / 1000), errors };
}

function runJob(job: Job): Promise<RunResult | SaturationResult> {
  const base = new URL(job.url);
  return job.kind === 'fixed' ? fixedRate(base, job.pushes, job.rate) : saturation(base, job.pushes, job.concurrency);
}

/** The client process, seen from the benchmark: each call is one timed run in the child. */
export interface CallbackClient {
  fixedRate(url: URL, pushes: Push[], rate: number): Promise<RunResult>;
  saturation(url: URL, pushes: Push[], concurrency: number): Promise<SaturationResult>;
  close(): void;
}

/** Forks the client process (TypeScript through tsx, as the command line itself runs). */
export function startCallbackClient(): CallbackClient {
  const child: ChildProcess = fork(__filename, [], {
    execArgv: ['--require', require.resolve('tsx/cjs')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = <T>(job: Job): Promise<T> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the bench client exited (${code}) during a run`));
      child.once('exit', onExit);
      child.once('message', (result) => {
        child.off('exit', onExit);
        resolve(result as T);
      });
      child.send(job);
    });
  return {
    fixedRate: (url, pushes, rate) => send({ kind: 'fixed', url: url.href, pushes, rate }),
    saturation: (url, pushes, concurrency) => send({ kind: 'saturation', url: url.href, pushes, concurrency }),
    close: () => {
      child.disconnect();
    },
  };
}

if (require.main === module) {
  process.on('message', (job: Job) => {
    runJob(job).then(
      (result) => process.send?.(result),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
  // The parent disconnects when the benchmark is done.
  process.on('disconnect', () => agent.destroy());
}
