import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver runs every query of the process through ONE shared query runner. Two
 * transactions running at once (an event being stored while another is processed) would therefore nest as
 * savepoints of each other, and a plain insert could land inside — and be rolled back with — someone else's
 * transaction. This makes the database one-at-a-time for the process: a transaction holds a lock from start to
 * end; queries from outside it wait their turn; queries from inside it (recognised through AsyncLocalStorage)
 * go straight through. MySQL needs none of this: every transaction has its own pooled connection.
 */
export function serialiseSqliteAccess(ds: DataSource): void {
  const runner: QueryRunner = ds.createQueryRunner();
  const context = new AsyncLocalStorage<symbol>();
  let holder: symbol | null = null;
  let tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` once every earlier holder is done (FIFO). */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const insideHolder = () => holder !== null && context.getStore() === holder;

  const transaction = ds.transaction.bind(ds) as (...args: unknown[]) => Promise<unknown>;
  (ds as { transaction: unknown }).transaction = (...args: unknown[]) => {
    if (insideHolder()) return transaction(...args);
    return exclusive(() => {
      const token = Symbol('transaction');
      holder = token;
      return context
        .run(token, () => transaction(...args))
        .finally(() => {
          holder = null;
        });
    });
  };

  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as { query: unknown }).query = (...args: unknown[]) =>
    insideHolder() ? query(...args) : exclusive(() => query(...args));

  const startTransaction = runner.startTransaction.bind(runner);
  runner.startTransaction = (isolationLevel) => {
    if (!insideHolder()) {
      throw new Error(
        'an implicit SQLite transaction (e.g. repository.save) was started outside dataSource.transaction(); ' +
          'use insert/update, or wrap the work in dataSource.transaction()',
      );
    }
    return startTransaction(isolationLevel);
  };
}
