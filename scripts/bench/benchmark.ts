export interface BenchContext {
  /** Roughly how long each measurement runs. */
  durationMs: number;
  /** bench reports: how many matters (and documents) to generate; 100,000 unless given. */
  matters?: number;
  log(line: string): void;
}

/** A named benchmark for `duban bench <name>`; resolves to the exit code (1 when a stated floor is missed). */
export interface Benchmark {
  summary: string;
  run(context: BenchContext): Promise<number>;
}
