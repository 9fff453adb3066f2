import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';
import type { BetterSqlite3Driver } from 'typeorm/driver/better-sqlite3/BetterSqlite3Driver';

/** The part of a better-sqlite3 connection raw statements use (the package ships no types of its own). */
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  /** Wraps `fn` in BEGIN … COMMIT (ROLLBACK when it throws). */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
}

export interface SqliteStatement {
  run(...parameters: unknown[]): { changes: number };
}

interface Turns {
  /** Runs `work` in its turn (see `withSqliteConnection`). */
  take<T>(work: () => T): Promise<T>;
  /** Work is running or waiting its turn. */
  busy(): boolean;
}

/** Each serialised data source's turns. */
const turns = new WeakMap<DataSource, Turns>();

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
  let queued = 0;

  /** Runs `fn` once every earlier holder is done (FIFO). */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    queued++;
    const run = tail.then(fn, fn).finally(() => {
      queued--;
    });
    tail = run.catch(() => undefined);
    return run;
  };
  const insideHolder = () => holder !== null && context.getStore() === holder;
  turns.set(ds, {
    take: (work) => (insideHolder() ? Promise.resolve().then(work) : exclusive(async () => work())),
    busy: () => queued > 0,
  });

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

/**
 * Runs `work` on the raw better-sqlite3 connection in its turn: after every transaction and query of the process
 * queued before it, and alone (the work is synchronous, so nothing interleaves with it). For a hot path where
 * TypeORM's statement building would cost more than the statements themselves: the inbox's inserts. A data source
 * opened without serialisation (commands running migrations) runs it at once, as it runs its queries.
 */
export function withSqliteConnection<T>(ds: DataSource, work: (connection: SqliteConnection) => T): Promise<T> {
  const connection = () => (ds.driver as BetterSqlite3Driver).databaseConnection as SqliteConnection;
  const turn = turns.get(ds);
  return turn ? turn.take(() => work(connection())) : Promise.resolve().then(() => work(connection()));
}

/** Whether SQLite work of the process is running or waiting its turn (false for a data source not serialised). */
export function sqliteBusy(ds: DataSource): boolean {
  return turns.get(ds)?.busy() ?? false;
}
