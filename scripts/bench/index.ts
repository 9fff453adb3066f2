import { calendarBenchmark } from './calendar';
import { callbackBenchmark } from './callback';
import { plannerBenchmark } from './planner';
import { reportsBenchmark } from './reports';

export interface BenchContext {
  /** Roughly how long each measurement runs. */
  durationMs: number;
  log(line: string): void;
}

/** A named benchmark for `duban bench <name>`; resolves to the exit code (1 when a stated floor is missed). */
export interface Benchmark {
  summary: string;
  run(context: BenchContext): Promise<number>;
}

/** Every benchmark by name. Other areas add theirs here (callback, planner, reports …). */
export const benchmarks: Record<string, Benchmark> = {
  calendar: calendarBenchmark,
  callback: callbackBenchmark,
  planner: plannerBenchmark,
  reports: reportsBenchmark,
};
