import type { Benchmark } from './benchmark';
import { calendarBenchmark } from './calendar';
import { callbackBenchmark } from './callback';
import { plannerBenchmark } from './planner';
import { reportsBenchmark } from './reports';
import { startBenchmark } from './start';

export type { BenchContext, Benchmark } from './benchmark';

/** Every benchmark by name. */
export const benchmarks: ReadonlyMap<string, Benchmark> = new Map([
  ['calendar', calendarBenchmark],
  ['callback', callbackBenchmark],
  ['planner', plannerBenchmark],
  ['reports', reportsBenchmark],
  ['start', startBenchmark],
]);
