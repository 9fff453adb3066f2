import { type DataSource, QueryFailedError } from 'typeorm';
import { isMysql } from '../../entities/data-source';
import { sqlInstant } from '../db/sql-instant';
import { type SqliteConnection, type SqliteStatement, withSqliteConnection } from '../db/sqlite-serialisation';
import { isUniqueViolation } from '../db/unique-violation';
import { type InboundEvent, payloadJson } from '../dingtalk/receiver';

export type StoreOutcome = 'stored' | 'duplicate';

/**
 * The inbox's one write, as plain statements: it runs for every push DingTalk makes, and TypeORM's query builder
 * (metadata walk, parameter renaming, escaping) cost more than the insert itself. The columns are `InboxEvent`'s
 * (entities/messaging.ts); `received_at` and the rest take their defaults. Instants go in the form TypeORM stores.
 */
const COLUMNS = 'event_id, event_type, corp_id, transport, born_at, payload, status, attempts, next_attempt_at';
const ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';

function rowValues(db: DataSource, event: InboundEvent, now: Date): unknown[] {
  return [
    event.eventId,
    event.eventType,
    event.corpId,
    event.transport,
    sqlInstant(db, event.bornAt),
    // The `simple-json` column's form; made once, when the receiver checked the event's size.
    payloadJson(event.data),
    'pending',
    0,
    sqlInstant(db, now),
  ];
}

/**
 * Stores `events` all together or not at all (one transaction on SQLite, one INSERT on MySQL/MariaDB): for each,
 * `stored` when this call made its row, `duplicate` when its event id was already a row or came earlier in `events`.
 * Throws (a `QueryFailedError`) when the database refuses any of them; then none is stored. Only the unique event id
 * counts as a duplicate: any other refusal stays loud.
 */
export function storeEvents(db: DataSource, events: InboundEvent[]): Promise<StoreOutcome[]> {
  return isMysql(db) ? storeOnMysql(db, events) : storeOnSqlite(db, events);
}

const SQLITE_INSERT = `INSERT INTO inbox_event (${COLUMNS}) VALUES ${ROW} ON CONFLICT (event_id) DO NOTHING`;
const sqliteInserts = new WeakMap<SqliteConnection, SqliteStatement>();

/**
 * better-sqlite3 runs synchronously: one prepared statement (kept per connection, outside TypeORM's shared statement
 * cache, which the rest of the application churns) run once per event, all in one transaction: one commit a batch.
 */
async function storeOnSqlite(db: DataSource, events: InboundEvent[]): Promise<StoreOutcome[]> {
  const now = new Date();
  const rows = events.map((event) => rowValues(db, event, now));
  try {
    return await withSqliteConnection(db, (connection) => {
      const insert = sqliteInserts.get(connection) ?? connection.prepare(SQLITE_INSERT);
      sqliteInserts.set(connection, insert);
      return connection.transaction(() =>
        rows.map((row): StoreOutcome => (insert.run(...row).changes === 1 ? 'stored' : 'duplicate')),
      )();
    });
  } catch (err) {
    // The refusal as TypeORM reports one, so callers tell database errors apart the same way on both databases.
    throw err instanceof QueryFailedError ? err : new QueryFailedError(SQLITE_INSERT, rows, err as Error);
  }
}

/**
 * One multi-row INSERT of the events (the first of each id; a repeat within the batch is a duplicate of it). When
 * an id is already a row (a redelivery, or a batch of this or another process that came first), the unique key
 * refuses the whole statement: then the ids already stored are read, and the others inserted. Reading first
 * instead would cost every batch a round trip for what is rare; INSERT IGNORE would hide other errors too. Each
 * statement is all or nothing by itself (autocommit); a row inserted in between fails the second, and the caller
 * then stores the events one by one.
 */
async function storeOnMysql(db: DataSource, events: InboundEvent[]): Promise<StoreOutcome[]> {
  const now = new Date();
  const seen = new Set<string>();
  const outcomes = events.map((event): StoreOutcome => {
    if (seen.has(event.eventId)) return 'duplicate';
    seen.add(event.eventId);
    return 'stored';
  });
  const insert = (fresh: InboundEvent[]) =>
    db.query(
      `INSERT INTO inbox_event (${COLUMNS}) VALUES ${fresh.map(() => ROW).join(', ')}`,
      fresh.flatMap((event) => rowValues(db, event, now)),
    );
  try {
    await insert(events.filter((_, i) => outcomes[i] === 'stored'));
    return outcomes;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const ids = [...seen];
  const existing: Array<{ event_id: string }> = await db.query(
    `SELECT event_id FROM inbox_event WHERE event_id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  const stored = new Set(existing.map((row) => row.event_id));
  events.forEach((event, i) => {
    if (stored.has(event.eventId)) outcomes[i] = 'duplicate';
  });
  const fresh = events.filter((_, i) => outcomes[i] === 'stored');
  if (fresh.length > 0) await insert(fresh);
  return outcomes;
}
