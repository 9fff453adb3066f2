import type { DataSource } from 'typeorm';
import type { DatabaseSettings } from '../../entities/data-source';
import type { Logger } from '../logging/logger';
import { DatabaseUnavailableError, describeDatabase, openDatabase } from './database';

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
      const delay = Math.min(30_000, 1000 * 2 ** attempt);
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
