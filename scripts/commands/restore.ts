/**
 * `duban restore <file>`: a backup made by `duban backup` into the configured database, which must be empty (a new
 * SQLite file, or a database just made with CREATE DATABASE): a restore never overwrites data. Then `duban migrate`
 * brings an older backup up to this release, and Duban starts on it (docs/operations.md).
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { loadConfigFromProcess } from '../../bot-server/config/config';
import { fileCommand, mysqlClientArgs, mysqlTool, OperatorError, openSqliteFile, runTool } from './backup';

/** How a file begins (its first KiB), to tell an SQLite database from a dump before anything is written. */
function beginning(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(1024);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

const SQLITE_HEADER = 'SQLite format 3\u0000';
const DUMP_HEADER = /-- (MariaDB|MySQL) dump/;

async function restoreSqlite(file: string, target: string): Promise<void> {
  if (!beginning(file).toString('latin1').startsWith(SQLITE_HEADER)) {
    throw new OperatorError(`${file} 不是 SQLite 数据库备份，而当前配置的数据库是 SQLite（${target}）。`);
  }
  if (existsSync(target)) {
    const existing = openSqliteFile(target, { readonly: true });
    try {
      const { n } = existing.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
        n: number;
      };
      if (n > 0) throw new OperatorError(`目标数据库 ${target} 已有数据表。恢复只写入空库，请先移走该文件再恢复。`);
    } finally {
      existing.close();
    }
  }
  const source = openSqliteFile(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
}

async function restoreMysql(file: string, url: string): Promise<void> {
  if (!DUMP_HEADER.test(beginning(file).toString('utf8'))) {
    throw new OperatorError(`${file} 不是 mariadb-dump / mysqldump 导出的备份，而当前配置的数据库是 MySQL/MariaDB。`);
  }
  const tool = mysqlTool(['mariadb', 'mysql']);
  const client = mysqlClientArgs(url);
  const connection = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
  try {
    const [rows] = await connection.query(
      'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE()',
    );
    if (Number((rows as { n: number | string }[])[0]?.n) > 0) {
      throw new OperatorError(
        `目标数据库 ${client.database} 已有数据表。恢复只写入空库，请新建数据库（CREATE DATABASE … CHARACTER SET utf8mb4）后再恢复。`,
      );
    }
  } finally {
    await connection.end();
  }
  await runTool(tool, [...client.args, '--default-character-set=utf8mb4', client.database], {
    env: client.env,
    inputFile: file,
  });
}

async function restoreFrom(file: string): Promise<string> {
  const { database } = loadConfigFromProcess();
  if (!existsSync(file)) throw new OperatorError(`备份文件 ${file} 不存在。`);
  if (database.type === 'sqlite') await restoreSqlite(file, database.path);
  else await restoreMysql(file, database.url);
  return `已从 ${file} 恢复。请接着运行 npx duban migrate，再启动督办。`;
}

export const restoreCommand = fileCommand(
  {
    name: 'restore',
    summary: 'load a `duban backup` file into the configured, empty database (then run `duban migrate`)',
    usage: 'duban restore <file>',
  },
  'name the backup file to restore',
  restoreFrom,
);
