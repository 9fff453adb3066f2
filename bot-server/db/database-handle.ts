import type { DataSource } from 'typeorm';
import type { DatabaseSettings } from '../../entities/data-source';
import type { Logger } from '../logging/logger';
import { DatabaseUnavailableError, describeDatabase, openDatabase } from './database';

/**
 * Back-off between attempts to open the database: short and capped low, so the server is back within a couple of
 * seconds of the database, however long it was away (an attempt costs one failed connect).
 */
export const RECONNECT_BACKOFF = { baseMs: 250, maxMs: 2_000 };

/** The wait after the `attempt`-th failed attempt (from 0): base · 2^attempt, at most the cap. */
export function reconnectDelayMs(attempt: number, backoff: { baseMs: number; maxMs: number } = RECONNECT_BACKOFF) {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
}

/** Driver codes of a database that is away (refused, dropped, shutting down), as opposed to a failing statement. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
]);

/** Whether `err` says the database is away rather than that the work was wrong: worth retrying soon, not counting. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  const { code, fatal, driverError } = (err ?? {}) as {
    code?: unknown;
    fatal?: unknown;
    driverError?: { code?: unknown; fatal?: unknown };
  };
  // mysql2 marks `fatal` an error that cost the connection (a dropped or killed one has no code of its own).
  return fatal === true || driverError?.fatal === true || UNAVAILABLE_CODES.has(String(driverError?.code ?? code));
}

/**
 * The server's hold on its database. The process starts and answers /health even while the database is
 * unreachable; it keeps retrying (with backoff) and /ready says 503 until the database answers.
 */
export class DatabaseHandle {
  private ds: DataSource | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly settings: DatabaseSettings,
    private readonly logger: Logger,
    /** Prepares what depends on the database (seeding, services) before anyone may use it. */
    private readonly onConnected: (ds: DataSource) => Promise<void> = async () => {},
    /** Starts what works on the database in the background, once it is in service. */
    private readonly onReady: (ds: DataSource) => void = () => {},
    private readonly backoff = RECONNECT_BACKOFF,
  ) {}

  /** The open database; while it is not there, an error the API answers with 503. */
  get(): DataSource {
    if (!this.ds) throw new DatabaseUnavailableError(`not connected to ${describeDatabase(this.settings)} yet`);
    return this.ds;
  }

  get connected(): boolean {
    return this.ds !== null;
  }

  /** Connects, migrates and runs `onConnected`; on failure logs where and why, then retries in the background. */
  async connect(attempt = 0): Promise<void> {
    if (this.stopped) return;
    try {
      const ds = await openDatabase(this.settings);
      await this.onConnected(ds);
      this.ds = ds;
      this.onReady(ds);
      this.logger.info({ database: describeDatabase(this.settings) }, 'database ready');
    } catch (err) {
      const delay = reconnectDelayMs(attempt, this.backoff);
      this.logger.error({ database: describeDatabase(this.settings), retryInMs: delay }, (err as Error).message);
      this.retryTimer = setTimeout(() => void this.connect(attempt + 1), delay);
      this.retryTimer.unref();
    }
  }

  /** True while the database answers a trivial query within `timeoutMs`. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    if (!this.ds) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.ds.query('SELECT 1').then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.ds?.isInitialized) await this.ds.destroy();
    this.ds = null;
  }
}
