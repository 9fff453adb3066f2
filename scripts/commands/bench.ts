import { benchmarks } from '../bench/index';
import { type Command, UsageError } from './command';

const DEFAULT_DURATION_MS = 500;
const USAGE_OPTIONS = 'options: --duration <milliseconds>, --matters <count> (bench reports)';

function names(): string {
  return [...benchmarks.keys()].join(', ');
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run a named micro-benchmark (duban bench --list)',
  usage: 'duban bench <name> [--duration <ms per measurement>] [--matters <count>] | duban bench --list',
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
    let matters: number | undefined;
    for (let i = 0; i < options.length; i += 2) {
      const [flag, value] = [options[i], options[i + 1]];
      if (!/^\d{1,7}$/.test(value ?? '') || Number(value) < 1) throw new UsageError(USAGE_OPTIONS);
      if (flag === '--duration') durationMs = Number(value);
      else if (flag === '--matters') matters = Number(value);
      else throw new UsageError(USAGE_OPTIONS);
    }
    return benchmark.run({ durationMs, ...(matters ? { matters } : {}), log: (line) => console.log(line) });
  },
};
