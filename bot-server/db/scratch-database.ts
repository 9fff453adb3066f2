import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

/**
 * Creates an empty MySQL database next to the one `serverUrl` names, for a test file or a schema comparison,
 * and returns its URL with a `drop` to remove it. Each test file gets its own, so files can run in parallel.
 */
export async function createScratchMysqlDatabase(
  serverUrl: string,
  prefix = 'duban_t',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new URL(serverUrl);
  admin.pathname = '/';
  const connection = await mysql.createConnection(admin.toString());
  try {
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = await mysql.createConnection(admin.toString());
      try {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}
