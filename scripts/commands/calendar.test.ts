import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { calendarCommand } from './calendar';
import { UsageError } from './command';
import { runCaptured } from './run-captured';

const run = (...args: string[]) => runCaptured(calendarCommand, args);

describe('duban calendar', () => {
  it('is: a make-up Saturday is a workday with its reason', async () => {
    expect(await run('is', '2026-02-14')).toEqual({ code: 0, out: 'workday 调休上班 春节', err: '' });
  });

  it('is: a holiday is off with its name; ordinary days show the weekday', async () => {
    expect((await run('is', '2026-02-15')).out).toBe('off 春节');
    expect((await run('is', '2026-02-25')).out).toBe('workday 周三');
    expect((await run('is', '2026-02-28')).out).toBe('workday 调休上班 春节');
    expect((await run('is', '2026-03-01')).out).toBe('off 周日');
  });

  it('add: the examples from the reference', async () => {
    expect((await run('add', '2026-02-13', '2')).out).toBe('2026-02-24');
    expect((await run('add', '2025-09-30', '3')).out).toBe('2025-10-11');
    expect((await run('add', '2026-02-24', '-1')).out).toBe('2026-02-14');
  });

  it('add: notes on stderr when the answer is approximate', async () => {
    const result = await run('add', '2026-12-30', '3');
    // 2027-01-01 is 元旦 by rule until the 2027 notice is loaded.
    expect(result.out).toBe('2027-01-05');
    expect(result.err).toMatch(/^note: no official holiday data for 2027/);
  });

  it('between: working days in (a, b]', async () => {
    expect((await run('between', '2026-02-13', '2026-02-24')).out).toBe('2');
  });

  it('list: one line per day with the name of special days', async () => {
    expect((await run('list', '2026-02-12', '2026-02-16')).out).toBe(
      [
        '2026-02-12 workday',
        '2026-02-13 workday',
        '2026-02-14 workday 调休上班 春节',
        '2026-02-15 off 春节',
        '2026-02-16 off 春节',
      ].join('\n'),
    );
  });

  it.each([
    [['is', '2026-02-30'], /invalid date "2026-02-30"/],
    [['is', 'yesterday'], /invalid date/],
    [['add', '2026-2-3', '1'], /invalid date/],
    [['add', '2026-02-13', '1.5'], /whole number/],
    [['add', '2026-02-13', '99999999'], /outside the calendar's range/],
    [['add', '2026-02-13'], /takes 2 argument/],
    [['add', '2026-12-30', '3', '--strict'], /strict mode/],
    [['list', '2026-02-10', '2026-02-01'], /before it starts/],
    [['between', '2026-02-13', '2026-02-24', 'extra'], /takes 2 argument/],
    [['is', '2026-02-14', '--verbose'], /unknown option/],
    [['tomorrow'], /unknown action/],
    [[], /missing action/],
  ])('refuses %j with a usage error', async (args, message) => {
    await expect(run(...args)).rejects.toThrow(UsageError);
    await expect(run(...args)).rejects.toThrow(message);
  });
});

describe('the duban executable', () => {
  const bin = join(__dirname, '..', 'bin', 'duban.js');
  const duban = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  const westOfUtc = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'America/Los_Angeles' },
    });

  it('prints the answer and exits 0', () => {
    const result = duban('calendar', 'add', '2026-02-13', '2');
    expect([result.status, result.stdout]).toEqual([0, '2026-02-24\n']);
  });

  it('answers the same on a host west of UTC', () => {
    expect(westOfUtc('calendar', 'is', '2024-02-04').stdout).toBe('workday 调休上班 春节\n');
    const due = westOfUtc('due', 'doc.incoming.submit.routine', '2026-02-13T17:00+08:00');
    expect(due.stdout).toContain('due at    2026-02-25T00:00:00+08:00  (2026-02-24T16:00:00.000Z)');
  });

  it('exits 2 with a clear message on bad input', () => {
    const result = duban('calendar', 'is', '2026-02-30');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/duban calendar: invalid date "2026-02-30"/);
    expect(result.stdout).toBe('');
  });
});
