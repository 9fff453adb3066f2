/**
 * `duban backup <file>`: a consistent copy of the configured database while Duban runs. SQLite through SQLite's
 * online backup (better-sqlite3 `backup()`, https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#backupdestination-options-promise);
 * MySQL/MariaDB through the server's own dump tool in one consistent snapshot (`--single-transaction`) with the
 * schema's triggers (https://mariadb.com/kb/en/mariadb-dump/). docs/operations.md says what else to keep and how often.
 */
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join, resolve } from 'node:path';
import { loadConfigFromProcess } from '../../bot-server/config/config';
import type { Command } from './command';
import { UsageError } from './command';

/** The part of a better-sqlite3 database the backup commands use (the package ships no types of its own). */
export interface SqliteFile {
  backup(destination: string): Promise<unknown>;
  prepare(sql: string): { get(): unknown };
  close(): void;
}

/** Opens an SQLite file with better-sqlite3 directly: the online backup API is not reachable through TypeORM. */
export function openSqliteFile(path: string, options: { readonly: boolean; fileMustExist?: boolean }): SqliteFile {
  const Database = createRequire(__filename)('better-sqlite3') as new (
    path: string,
    options: { readonly: boolean; fileMustExist?: boolean },
  ) => SqliteFile;
  return new Database(path, options);
}

/** A command failed for a reason the operator can act on; the message is for them. */
export class OperatorError extends Error {
  override name = 'OperatorError';
}

/** The first of `names` found as an executable on PATH, or undefined. */
export function onPath(names: string[], path = process.env.PATH ?? ''): string | undefined {
  for (const name of names) {
    for (const dir of path.split(delimiter).filter(Boolean)) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {}
    }
  }
  return undefined;
}

/** The client tool a MySQL/MariaDB command needs, or a Chinese error naming what to install. */
export function mysqlTool(names: string[]): string {
  const found = onPath(names);
  if (!found) {
    throw new OperatorError(
      `未找到 ${names.join(' 或 ')} 命令。请在本机安装 MariaDB 或 MySQL 客户端（如 apt install mariadb-client）后重试。`,
    );
  }
  return found;
}

/**
 * The connection options of a `mysql://user:password@host:port/database` URL for the command-line clients. The
 * password goes in the environment (MYSQL_PWD), never on the command line, where `ps` would show it.
 */
export function mysqlClientArgs(url: string): { args: string[]; env: NodeJS.ProcessEnv; database: string } {
  const parsed = new URL(url);
  const args = ['--protocol=TCP', `--host=${parsed.hostname}`, `--port=${parsed.port || '3306'}`];
  if (parsed.username) args.push(`--user=${decodeURIComponent(parsed.username)}`);
  const env = { ...process.env };
  if (parsed.password) env.MYSQL_PWD = decodeURIComponent(parsed.password);
  return { args, env, database: decodeURIComponent(parsed.pathname.slice(1)) };
}

/** Runs a client tool (its standard input read from `inputFile` if given); rejects with its error output when it fails. */
export async function runTool(tool: string, args: string[], options: { env: NodeJS.ProcessEnv; inputFile?: string }) {
  const input = options.inputFile === undefined ? 'ignore' : openSync(options.inputFile, 'r');
  try {
    await new Promise<void>((done, fail) => {
      const child = spawn(tool, args, { env: options.env, stdio: [input, 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      child.on('error', fail);
      child.on('exit', (code) =>
        code === 0 ? done() : fail(new OperatorError(`${tool} 执行失败（退出码 ${code}）：${stderr.trim()}`)),
      );
    });
  } finally {
    if (typeof input === 'number') closeSync(input);
  }
}

/** Writes to `file` through a temporary file beside it, so a failed backup leaves nothing that looks like one. */
async function writeOnce(file: string, write: (partial: string) => Promise<void>): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await write(partial);
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

export async function backupTo(file: string): Promise<string> {
  const { database } = loadConfigFromProcess();
  if (existsSync(file)) throw new OperatorError(`备份文件 ${file} 已存在。为免覆盖，请另选文件名或先移走原文件。`);
  if (database.type === 'sqlite') {
    if (!existsSync(database.path)) throw new OperatorError(`数据库文件 ${database.path} 不存在，没有可备份的数据。`);
    const source = openSqliteFile(database.path, { readonly: true, fileMustExist: true });
    try {
      await writeOnce(file, async (partial) => {
        await source.backup(partial);
      });
    } finally {
      source.close();
    }
  } else {
    const dump = mysqlTool(['mariadb-dump', 'mysqldump']);
    const client = mysqlClientArgs(database.url);
    await writeOnce(file, (partial) =>
      runTool(
        dump,
        [
          ...client.args,
          '--single-transaction',
          '--routines',
          '--triggers',
          '--hex-blob',
          '--no-tablespaces',
          '--default-character-set=utf8mb4',
          `--result-file=${partial}`,
          client.database,
        ],
        { env: client.env },
      ),
    );
  }
  return `已备份到 ${resolve(file)}（${statSync(file).size} 字节）。`;
}

/** A command on one file: `work` says what it did, or throws an OperatorError printed for the operator (status 1). */
export function fileCommand(
  spec: Omit<Command, 'run'>,
  missing: string,
  work: (file: string) => Promise<string>,
): Command {
  return {
    ...spec,
    async run(args) {
      const [file, ...rest] = args;
      if (!file || rest.length > 0) throw new UsageError(missing);
      try {
        console.log(await work(file));
        return 0;
      } catch (err) {
        if (!(err instanceof OperatorError)) throw err;
        console.error(err.message);
        return 1;
      }
    },
  };
}

export const backupCommand = fileCommand(
  {
    name: 'backup',
    summary: 'copy the database to a file while Duban runs (SQLite online backup, or a MySQL/MariaDB dump)',
    usage: 'duban backup <file>',
  },
  'name one file to write the backup to',
  backupTo,
);
