import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './command';
import { parseSimArgs, runSimulator } from './sim';

describe('duban sim', () => {
  it('parses its options', () => {
    expect(parseSimArgs([])).toEqual({ port: 4010, host: '127.0.0.1', mode: 'stream' });
    expect(
      parseSimArgs(['--port', '0', '--mode', 'http', '--callback-url', 'http://localhost:3000/dingtalk/callback']),
    ).toEqual({
      port: 0,
      host: '127.0.0.1',
      mode: 'http',
      callbackUrl: 'http://localhost:3000/dingtalk/callback',
    });
    expect(() => parseSimArgs(['--port', 'x'])).toThrow(UsageError);
    expect(() => parseSimArgs(['--mode', 'pigeon'])).toThrow(UsageError);
    expect(() => parseSimArgs(['--port'])).toThrow(UsageError);
    expect(() => parseSimArgs(['--loud', 'yes'])).toThrow(UsageError);
  });

  it('starts, prints its URLs and .env settings, serves a seeded organisation, and stops', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'duban-sim-'));
    const seed = join(dir, 'org.json');
    await writeFile(
      seed,
      JSON.stringify({
        departments: [{ dept_id: 1, name: '区政府办' }],
        users: [{ userid: 'u1', name: '一号', dept_id_list: [1] }],
      }),
    );
    let printed = '';
    let stop: () => void = () => {};
    const until = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const running = runSimulator(['--port', '0', '--seed', seed], {
      until,
      print: (text) => {
        printed += text;
      },
    });
    for (let i = 0; i < 200 && !printed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const url = /listening on (http:\/\/\S+)/.exec(printed)?.[1];
    expect(url).toBeDefined();
    expect(printed).toContain(`DINGTALK_API_BASE=${url}`);
    expect(printed).toContain('DINGTALK_CALLBACK_AES_KEY=');
    const org = (await (await fetch(`${url}/__sim/org`)).json()) as { users: Array<{ userid: string }> };
    expect(org.users.map((u) => u.userid)).toEqual(['u1']);
    stop();
    expect(await running).toBe(0);
  });

  it('refuses a seed file that is not an organisation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'duban-sim-'));
    const seed = join(dir, 'bad.json');
    await writeFile(seed, JSON.stringify({ users: 'nobody' }));
    await expect(
      runSimulator(['--port', '0', '--seed', seed], { until: Promise.resolve(), print: () => {} }),
    ).rejects.toThrow(UsageError);
  });
});
