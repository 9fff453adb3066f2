import { benchmarks } from '../bench/index';
import { type Command, UsageError } from './command';

const DEFAULT_DURATION_MS = 500;

function names(): string {
  return [...benchmarks.keys()].join(', ');
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run a named micro-benchmark (duban bench --list)',
  usage: 'duban bench <name> [--duration <ms per measurement>] | duban bench --list',
  async run(args) {
    if (args.length === 1 && args[0] === '--list') {
      for (const [name, benchmark] of benchmarks) console.log(`${name}  ${benchmark.summary}`);
      return 0;
    }
    const [name, ...options] = args;
    if (!name) throw new UsageError(`name a benchmark: ${names()}`);
    const benchmark = benchmarks.get(name);
    if (!benchmark) throw new UsageError(`unknown benchmark ${JSON.stringify(name)}; available: ${names()}`);
    let durationMs = DEFAULT_DURATION_MS;
    if (options.length > 0) {
      const [flag, value] = options;
      if (flag !== '--duration' || options.length !== 2 || !/^\d{1,6}$/.test(value ?? '') || Number(value) < 1) {
        throw new UsageError('the only option is --duration <milliseconds>');
      }
      durationMs = Number(value);
    }
    return benchmark.run({ durationMs, log: (line) => console.log(line) });
  },
};
