import { UsageError } from './command';
import { dueCommand } from './due';
import { runCaptured } from './run-captured';

const run = (...args: string[]) => runCaptured(dueCommand, args);

describe('duban due', () => {
  it('prints the due instant in Shanghai time and in UTC, with the rule applied', async () => {
    const { code, out, err } = await run('doc.incoming.submit.routine', '2026-02-13T17:00+08:00');
    expect([code, err]).toEqual([0, '']);
    expect(out).toContain('rule      doc.incoming.submit.routine  收文拟办呈送（平件）  2个工作日');
    expect(out).toContain('due       2026-02-24 24:00 Asia/Shanghai');
    expect(out).toContain('due at    2026-02-25T00:00:00+08:00  (2026-02-24T16:00:00.000Z)');
    expect(out).toContain('2026-02-14T09:00:00+08:00  截止前1个工作日');
  });

  it('reads a time without offset as Shanghai time, and UTC when given Z', async () => {
    const local = await run('supervision.petition.complete', '2026-01-05T10:00');
    const utc = await run('supervision.petition.complete', '2026-01-05T02:00:00Z');
    expect(local.out).toContain('due       2026-03-06 24:00');
    expect(utc.out).toBe(local.out);
  });

  it('marks an approximate answer', async () => {
    const { out, err } = await run('supervision.npc_suggestion.reply', '2026-11-20T10:00');
    expect(out).toContain('due       2027-02-22 24:00');
    expect(out).toMatch(/approximate/);
    expect(err).toMatch(/no official holiday data for 2027/);
  });

  it('lists the rule codes', async () => {
    const { code, out } = await run('--list');
    expect(code).toBe(0);
    expect(out).toMatch(
      /^doc\.incoming\.submit\.extra_urgent\s+1个工作日\s+收文拟办呈送（特急）\s+\[office default\]$/m,
    );
    expect(out).toMatch(/^supervision\.npc_suggestion\.reply\s+3个月\s+人大代表建议答复\s+\[statute\]$/m);
    expect(out).toMatch(/^supervision\.key_work\.monthly_report\s+1个月（5日前）/m);
  });

  it.each([
    [['nope', '2026-02-13T17:00+08:00'], /unknown time-limit rule "nope"; see duban due --list/],
    [['doc.incoming.submit.routine', 'yesterday'], /invalid instant "yesterday"/],
    [['doc.incoming.submit.routine', '2026-02-30T10:00'], /invalid instant/],
    [['doc.incoming.submit.routine'], /expected a rule code and the time of receipt/],
    [['doc.incoming.submit.routine', '2026-12-30T10:00', '--strict'], /strict mode/],
  ])('refuses %j with a usage error', async (args, message) => {
    await expect(run(...args)).rejects.toThrow(UsageError);
    await expect(run(...args)).rejects.toThrow(message);
  });
});
