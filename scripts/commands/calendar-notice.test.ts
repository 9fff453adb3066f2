import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSqliteDatabaseUrl } from '../../bot-server/test-support/databases';
import sample from '../../bot-server/test-support/sample-2027-notice.json';
import { calendarCommand } from './calendar';
import { UsageError } from './command';
import { runCaptured } from './run-captured';

describe('duban calendar load-notice', () => {
  const { dir } = useSqliteDatabaseUrl('duban-notice-');
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('marks the year estimated before, stores the notice, and answers from it with --office after', async () => {
    expect((await runCaptured(calendarCommand, ['is', '2027-01-01'])).out).toBe('off 元旦 (预计)');
    expect((await runCaptured(calendarCommand, ['is', '2027-02-20', '--office'])).out).toBe('off 周六 (预计)');

    const loaded = await runCaptured(calendarCommand, [
      'load-notice',
      file('2027.json', JSON.stringify(sample)),
      '--actor',
      'qianwei',
    ]);
    expect(loaded.code).toBe(0);
    expect(loaded.out).toMatch(/^loaded the 2027 notice: \d+ day\(s\) changed, 0 open deadline\(s\) moved/);
    expect((await runCaptured(calendarCommand, ['is', '2027-02-20', '--office'])).out).toBe('workday 调休上班 春节');
    expect((await runCaptured(calendarCommand, ['is', '2027-01-01', '--office'])).out).toBe('off 元旦');
  });

  it.each([
    ['a missing file', () => [join(dir, 'none.json')], /cannot read/],
    ['a file that is not JSON', () => [file('bad.txt', '元旦 1月1日')], /is not JSON/],
    ['a bad notice', () => [file('weekday.json', JSON.stringify({ ...sample, year: 2029 }))], /listed under 2029/],
    ['no file', () => [], /load-notice <notice.json>/],
    ['--actor without a user', () => [file('ok.json', JSON.stringify(sample)), '--actor'], /--actor needs/],
  ])('refuses %s with a usage error', async (_, args, message) => {
    const refusal = calendarCommand.run(['load-notice', ...args()]);
    await expect(refusal).rejects.toThrow(UsageError);
    await expect(refusal).rejects.toThrow(message);
  });
});
