import { parseArgs } from 'node:util';
import { loadConfig } from '../../bot-server/config/config';
import { createLogger } from '../../bot-server/logging/logger';
import { startDuban } from '../../bot-server/server';
import { signInAs } from '../../bot-server/test-support/http';
import { fuzzApi } from '../check/api-fuzz';
import { type Command, EXIT_FAILURE, EXIT_OK, UsageError } from './command';

const USAGE = 'duban check fuzz [--requests 100000] [--seed N]';

/**
 * `check fuzz`: the demo on a scratch in-memory database, and hostile requests to every API route as an
 * administrator; prints the answers by status and fails on any 5xx or any refused write that changed something.
 */
export const checkCommand: Command = {
  name: 'check',
  summary: 'security checks: fuzz every API route with hostile input (check fuzz --requests N)',
  usage: USAGE,
  async run(args) {
    const [what, ...rest] = args;
    if (what !== 'fuzz') throw new UsageError('the only check is fuzz');
    let values: { requests?: string; seed?: string };
    try {
      ({ values } = parseArgs({
        args: rest,
        options: { requests: { type: 'string' }, seed: { type: 'string' } },
        strict: true,
      }));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const requests = Number(values.requests ?? 100_000);
    const seed = Number(values.seed ?? Date.now() % 2 ** 31);
    if (!Number.isInteger(requests) || requests < 1) throw new UsageError('--requests must be a positive integer');
    if (!Number.isInteger(seed)) throw new UsageError('--seed must be an integer');

    const config = {
      ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }),
      database: { type: 'sqlite', path: ':memory:' },
    };
    const duban = await startDuban(config as ReturnType<typeof loadConfig>, createLogger('silent'), {
      background: false,
      reminders: false,
    });
    try {
      const started = Date.now();
      console.log(`fuzzing ${duban.routes.length} routes with ${requests} requests, seed ${seed}`);
      const report = await fuzzApi(duban, {
        requests,
        seed,
        signIn: () => signInAs(duban, 'qianwei'),
        onProgress: (done) => {
          if (done % 10_000 === 0) console.log(`  ${done} requests`);
        },
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`${report.requests} requests in ${seconds} s; answers by status:`);
      for (const [status, count] of Object.entries(report.statuses)) console.log(`  ${status}  ${count}`);
      console.log(`refused write batches compared before/after: ${report.refusedBatchesCompared}`);
      for (const failure of report.failures) console.log(`FAIL ${failure}`);
      console.log(report.failures.length === 0 ? 'no 5xx, no refused write changed anything' : 'failed');
      return report.failures.length === 0 ? EXIT_OK : EXIT_FAILURE;
    } finally {
      await duban.close();
    }
  },
};
