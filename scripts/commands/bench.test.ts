import { benchCommand } from './bench';
import { UsageError } from './command';
import { runCaptured } from './run-captured';

const run = (...args: string[]) => runCaptured(benchCommand, args);

// Output shape only: timings vary from machine to machine and are never asserted.
describe('duban bench', () => {
  it('lists the benchmarks by name', async () => {
    const { code, out } = await run('--list');
    expect(code).toBe(0);
    expect(out).toMatch(/^calendar {2}/m);
  });

  it('runs the calendar benchmark and prints every row and the floor', async () => {
    const { out } = await run('calendar', '--duration', '5');
    expect(out).toContain('agrees with ours on 4096/4096');
    for (const label of [
      'ours: WorkCalendar.addWorkdays',
      'ours: addWorkdaysToDay',
      'day-by-day loop over the holiday data',
      'chinese-days findWorkday',
      'chinese-days getWorkdaysInRange',
      'floor: ours ≥ 5.0 M calls/s',
    ]) {
      expect(out).toContain(label);
    }
  });

  it.each([[[]], [['nope']], [['calendar', '--duration']], [['calendar', '--duration', 'fast']]])(
    'refuses %j with a usage error',
    async (args) => {
      await expect(run(...args)).rejects.toThrow(UsageError);
    },
  );
});
