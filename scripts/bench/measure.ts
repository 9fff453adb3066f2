import { performance } from 'node:perf_hooks';

export interface Measurement {
  calls: number;
  seconds: number;
  callsPerSecond: number;
}

/** Keeps results alive so that the optimiser cannot drop the calls being timed. */
let sink = 0;

/** Counts a result into the sink: numbers as they are, strings and objects by a cheap property. */
export function consume(value: unknown): void {
  if (typeof value === 'number') sink += value;
  else if (typeof value === 'string') sink += value.length;
  else if (value !== null && typeof value === 'object') sink += 1;
}

export function sinkValue(): number {
  return sink;
}

/**
 * Calls `call(i)` for i = 0, 1, 2 … for about `durationMs` after a short warm-up, checking the clock only
 * every `batch` calls so that reading it does not dominate fast functions.
 */
export function measure(call: (i: number) => unknown, durationMs: number, batch = 1024): Measurement {
  const warmUpEnd = performance.now() + Math.min(200, durationMs / 4);
  let i = 0;
  while (performance.now() < warmUpEnd) {
    for (let j = 0; j < batch; j++) consume(call(i++));
  }
  let calls = 0;
  const start = performance.now();
  const end = start + durationMs;
  let now = start;
  while (now < end) {
    for (let j = 0; j < batch; j++) consume(call(i++));
    calls += batch;
    now = performance.now();
  }
  const seconds = (now - start) / 1000;
  return { calls, seconds, callsPerSecond: calls / seconds };
}

/** `12.3 M`, `85.0 k`: calls per second for a table. */
export function formatRate(callsPerSecond: number): string {
  if (callsPerSecond >= 1e6) return `${(callsPerSecond / 1e6).toFixed(1)} M`;
  if (callsPerSecond >= 1e3) return `${(callsPerSecond / 1e3).toFixed(1)} k`;
  return callsPerSecond.toFixed(0);
}
