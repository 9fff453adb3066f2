import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark } from './benchmark';

/**
 * `duban bench start`: the server started as `npm start` runs it (tsx compiling TypeScript as it loads) against the
 * bundle `npm run build` makes (`node dist/main.js`, as `npm run start:prod` runs it). Each is started several times
 * over the same seeded demo database, alternately: the time until `GET /ready` answers 200, and the resident memory
 * (VmRSS, Linux /proc) once ready and after 1,000 requests. The decision and its numbers: docs/operations.md.
 */
const ROOT = join(__dirname, '..', '..');
const RUNS = 5;
const WARM_UP_REQUESTS = 1000;

interface Way {
  name: string;
  args: string[];
}

const WAYS: Way[] = [
  { name: 'tsx (npm start)', args: ['--require', 'tsx/cjs', join(ROOT, 'bot-server', 'main.ts')] },
  { name: 'bundle (npm run start:prod)', args: ['--enable-source-maps', join(ROOT, 'dist', 'main.js')] },
];

interface Sample {
  startMs: number;
  rssReadyMb: number;
  rssWarmMb: number;
}

/** Resident memory of a process in MiB (Linux). */
function rssMb(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

async function measure(way: Way, databaseUrl: string): Promise<Sample> {
  const started = performance.now();
  const child = spawn(process.execPath, way.args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    let url: string | undefined;
    for (;;) {
      url ??= /mini-app\s+(http:\/\/\S+?)\/?\n/.exec(output)?.[1];
      if (
        url &&
        (await fetch(`${url}/ready`).then(
          (r) => r.status === 200,
          () => false,
        ))
      )
        break;
      if (child.exitCode !== null) throw new Error(`${way.name} exited with ${child.exitCode}: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const startMs = performance.now() - started;
    const rssReadyMb = rssMb(child.pid as number);
    const signIn = await fetch(`${url}/api/auth/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'sunli' }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const paths = ['/api/me', '/api/documents', '/health', '/api/matters'];
    for (let i = 0; i < WARM_UP_REQUESTS; i++) {
      const response = await fetch(`${url}${paths[i % paths.length]}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await response.arrayBuffer();
    }
    return { startMs, rssReadyMb, rssWarmMb: rssMb(child.pid as number) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export const startBenchmark: Benchmark = {
  summary: 'start time and memory: tsx (npm start) against the built bundle (npm run start:prod)',
  async run({ log }) {
    log('building the bundle (npm run build:server) …');
    const build = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) return 1;
    const dir = mkdtempSync(join(tmpdir(), 'duban-bench-start-'));
    const databaseUrl = `sqlite:${join(dir, 'duban.sqlite')}`;
    try {
      // Not measured: migrates and seeds the demo once, and fills tsx's compile cache, as a second `npm start` finds it.
      for (const way of WAYS) await measure(way, databaseUrl);
      const samples = new Map<Way, Sample[]>(WAYS.map((way) => [way, []]));
      for (let run = 0; run < RUNS; run++) {
        for (const way of WAYS) samples.get(way)?.push(await measure(way, databaseUrl));
      }
      const medians = WAYS.map((way) => {
        const of = (key: keyof Sample) => median((samples.get(way) ?? []).map((s) => s[key]));
        return { way, startMs: of('startMs'), rssReadyMb: of('rssReadyMb'), rssWarmMb: of('rssWarmMb') };
      });
      log(`medians of ${RUNS} starts each (seeded demo database on SQLite, ${WARM_UP_REQUESTS} requests warm-up)`);
      for (const m of medians) {
        log(
          `  ${m.way.name.padEnd(28)} start ${m.startMs.toFixed(0).padStart(6)} ms   RSS ready ${m.rssReadyMb.toFixed(0).padStart(4)} MiB   after warm-up ${m.rssWarmMb.toFixed(0).padStart(4)} MiB`,
        );
      }
      const [tsx, bundle] = medians as [(typeof medians)[0], (typeof medians)[0]];
      const ratio = (key: 'startMs' | 'rssReadyMb' | 'rssWarmMb') => (bundle[key] / tsx[key]).toFixed(2);
      log(
        `  bundle ÷ tsx: start ${ratio('startMs')}, RSS ready ${ratio('rssReadyMb')}, after warm-up ${ratio('rssWarmMb')}`,
      );
      return 0;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
