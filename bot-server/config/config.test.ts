import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

const credentials = {
  DINGTALK_CORP_ID: 'ding123',
  DINGTALK_APP_KEY: 'dingappkey',
  DINGTALK_APP_SECRET: 'secret',
  DINGTALK_AGENT_ID: '123456',
  SESSION_SECRET: 'x'.repeat(32),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs the demo on SQLite under ./data when nothing is set', () => {
    const config = loadConfig({});
    expect(config.demo).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ type: 'sqlite', path: resolve('data', 'duban.sqlite') });
    expect(config.dingtalk.eventMode).toBe('stream');
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('takes a MySQL or MariaDB URL', () => {
    expect(loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/duban' }).database).toEqual({
      type: 'mysql',
      url: 'mysql://root@127.0.0.1:3306/duban',
    });
    expect(loadConfig({ DATABASE_URL: 'mariadb://u:p@db:3307/x' }).database).toEqual({
      type: 'mysql',
      url: 'mysql://u:p@db:3307/x',
    });
  });

  it('names DATABASE_URL when it is malformed', () => {
    expect(problemsOf({ DATABASE_URL: 'not a url' })).toEqual([expect.stringMatching(/^DATABASE_URL: not a URL/)]);
    expect(problemsOf({ DATABASE_URL: 'postgres://h/db' })).toEqual([
      expect.stringMatching(/^DATABASE_URL: unsupported scheme "postgres:"/),
    ]);
    expect(problemsOf({ DATABASE_URL: 'mysql://127.0.0.1:3306' })[0]).toMatch(/database name is missing/);
  });

  it('lists every bad variable at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DINGTALK_EVENT_MODE: 'carrier-pigeon',
      DINGTALK_CALLBACK_AES_KEY: 'short',
      DINGTALK_API_BASE: 'ftp://x',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'DINGTALK_API_BASE',
      'DINGTALK_CALLBACK_AES_KEY',
      'DINGTALK_EVENT_MODE',
      'PORT',
    ]);
  });

  it('asks for every missing DingTalk credential once one is given', () => {
    const problems = problemsOf({ DINGTALK_APP_KEY: 'k' });
    expect(problems.filter((p) => p.includes('required once any DingTalk credential'))).toHaveLength(3);
    expect(problems.some((p) => p.startsWith('SESSION_SECRET'))).toBe(true);
  });

  it('refuses the demo and a missing session secret in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.some((p) => p.includes('required in production (the demo is not)'))).toBe(true);
    expect(problems.some((p) => p.startsWith('SESSION_SECRET'))).toBe(true);
  });

  it('runs for real with credentials, and needs the callback keys in HTTP mode', () => {
    const config = loadConfig(credentials);
    expect(config.demo).toBe(false);
    expect(config.dingtalk.appKey).toBe('dingappkey');
    const http = problemsOf({ ...credentials, DINGTALK_EVENT_MODE: 'http' });
    expect(http.map((p) => p.split(':')[0]).sort()).toEqual(['DINGTALK_CALLBACK_AES_KEY', 'DINGTALK_CALLBACK_TOKEN']);
  });
});
