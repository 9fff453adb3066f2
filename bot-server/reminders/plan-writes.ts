/**
 * The writes of a planning batch (see planner.ts): its messages as outbox rows, and its cursors moved, in the batch's
 * transaction. The statements are pipelined: each is sent before the process goes on, so the database writes while
 * the process reads, composes and words, instead of each waiting for the other. The cursors move first (the
 * database's longest work), then the outbox rows go, 400 to an INSERT.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { OutboxChannel } from '../../entities';
import { sqlInstant } from '../db/sql-instant';
import { contentOf, ITEMS_WORDED_IN_PAYLOAD, MAX_ITEMS_IN_PAYLOAD, payloadItems } from './compose';
import { enqueueNotifications, type NewNotification } from './outbox';
import type { MessageContent, ReminderItem } from './texts';

/** A message the pass wrote (or, in a dry run, would write). */
export interface PlannedMessage {
  idempotencyKey: string;
  channel: OutboxChannel;
  kind: string;
  recipientUserId: string;
  content: MessageContent;
  items: ReminderItem[];
  urgent: boolean;
}

/** Where one deadline's cursor goes. */
export interface CursorMove {
  deadlineId: number;
  next: Date;
  level: number;
  /** The due instant planned for, when it changed since the last plan (else the cursor's is kept). */
  dueAt: Date | null;
}

/** One person's items on one channel, before they are worded. */
export interface Recipient {
  recipient: string;
  channel: OutboxChannel;
  items: ReminderItem[];
}

/** One item as its own message (keyed by its point); several as a digest keyed by the hash of their points. */
export function plannedMessage({ recipient, channel, items: unsorted }: Recipient, publicUrl: string): PlannedMessage {
  const items = [...unsorted].sort(
    (a, b) => a.point.at.getTime() - b.point.at.getTime() || a.deadlineId - b.deadlineId,
  );
  const urgent = items.some((i) => i.urgent);
  const content = contentOf(items, publicUrl);
  const [only] = items;
  if (only && items.length === 1) {
    return {
      idempotencyKey: `${only.point.key}:${recipient}`.slice(0, 191),
      channel,
      kind: only.point.kind,
      recipientUserId: recipient,
      content,
      items,
      urgent,
    };
  }
  const digest = createHash('sha256')
    .update(
      items
        .map((i) => i.point.key)
        .sort()
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 40);
  return {
    idempotencyKey: `digest:${recipient}:${digest}`,
    channel,
    kind: 'digest',
    recipientUserId: recipient,
    content,
    items,
    urgent,
  };
}

function notificationOf(message: PlannedMessage, now: Date, countedOn: string): NewNotification {
  const [first] = message.items;
  const single = message.items.length === 1 && first;
  const deadlineIds = [...new Set(message.items.map((i) => i.deadlineId))];
  // A digest whose every line the items keep is worded again when it goes out (texts.ts, `digestOfLines`): the row
  // does not carry its words twice.
  const { markdown, ...words } = message.content;
  const worded = message.items.length > 1 && message.items.length <= ITEMS_WORDED_IN_PAYLOAD;
  return {
    idempotencyKey: message.idempotencyKey,
    channel: message.channel,
    kind: message.kind,
    recipientUserId: message.recipientUserId,
    subjectType: single ? first.subjectType : null,
    subjectId: single ? first.subjectId : null,
    scheduledAt: now,
    payload: {
      ...(worded ? words : message.content),
      ...(message.urgent ? { urgent: true } : {}),
      ...(deadlineIds.length <= MAX_ITEMS_IN_PAYLOAD ? { deadlineIds } : {}),
      items: payloadItems(message.items),
      countedOn,
    },
  };
}

/** Lets statements just asked for go out: TypeORM hands one to the driver a few promise turns after it is asked. */
const dispatched = () => new Promise(setImmediate);

/** A batch's cursors, moved on the database while the process goes on (see `writeBatch`). */
export class CursorMoves {
  private readonly sent: Promise<void>[] = [];

  constructor(
    private readonly manager: EntityManager,
    private readonly now: Date,
  ) {}

  /** Sends the statements of `moves`; returns once the first is on its way. */
  async send(moves: readonly CursorMove[]): Promise<void> {
    const moving = moveCursors(this.manager, moves, this.now);
    // Marked as handled now: `done` throws a failure, once every statement sent has finished.
    moving.catch(() => undefined);
    this.sent.push(moving);
    await dispatched();
  }

  /** Waits for every statement sent, then throws the first failure if any. */
  async done(): Promise<void> {
    for (const result of await Promise.allSettled(this.sent)) if (result.status === 'rejected') throw result.reason;
  }
}

/**
 * Writes the messages of the recipients `group` returns, `perWrite` to an INSERT, after the cursors `moving`.
 * `group` reads and composes while the database moves the cursors, and each INSERT is worded while the one before
 * is written. Returns how many outbox rows were new. Every statement sent has finished when it returns or throws,
 * so none runs after the batch's transaction ends.
 */
export async function writeBatch(
  manager: EntityManager,
  batch: { moving: CursorMoves; perWrite: number },
  words: { publicUrl: string; now: Date; countedOn: string },
  group: () => Promise<readonly Recipient[]>,
): Promise<number> {
  const { moving, perWrite } = batch;
  const writing: Promise<number>[] = [];
  // At most two statements on the way: the one the database works on and the next, sent as soon as it is worded.
  const send = async (write: Promise<number>) => {
    // Marked as handled now: it is awaited in turn below, and settled at the end whatever happens.
    write.catch(() => undefined);
    const previous = writing.at(-1);
    writing.push(write);
    await dispatched();
    if (previous) await previous;
  };
  let failure: { error: unknown } | null = null;
  try {
    await send(moving.done().then(() => 0));
    const recipients = await group();
    for (let i = 0; i < recipients.length; i += perWrite) {
      const rows = recipients
        .slice(i, i + perWrite)
        .map((r) => notificationOf(plannedMessage(r, words.publicUrl), words.now, words.countedOn));
      await send(enqueueNotifications(manager, rows, words.now));
    }
  } catch (error) {
    failure = { error };
  }
  const settled = await Promise.allSettled(writing);
  if (failure) throw failure.error;
  let written = 0;
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason;
    written += result.value;
  }
  return written;
}

/**
 * Moves the cursors of every deadline read. The due instant planned for is written only where it changed (a new
 * or moved deadline): most cursors then differ only in their next instant and rung, and most share those too.
 */
async function moveCursors(manager: EntityManager, moves: readonly CursorMove[], now: Date): Promise<void> {
  const db = manager.connection;
  const through = sqlInstant(db, now);
  await writeCursors(
    manager,
    ['next_reminder_at', 'escalation_level', 'reminded_through'],
    moves.map(({ deadlineId, next, level }) => ({
      id: deadlineId,
      key: `${next.getTime()}:${level}`,
      values: [sqlInstant(db, next), level, through],
    })),
  );
  await writeCursors(
    manager,
    ['reminder_due_at'],
    moves.flatMap(({ deadlineId, dueAt }) =>
      dueAt ? [{ id: deadlineId, key: String(dueAt.getTime()), values: [sqlInstant(db, dueAt)] }] : [],
    ),
  );
}

/**
 * Sets `columns` of the cursors to each row's `values` (the same `key`, the same values): cursors given the same
 * values share one statement (most of them: tomorrow's opening), the rest go 500 to a statement with CASE.
 */
async function writeCursors(
  manager: EntityManager,
  columns: string[],
  rows: { id: number; key: string; values: unknown[] }[],
): Promise<void> {
  const groups = new Map<string, { values: unknown[]; ids: number[] }>();
  for (const { id, key, values } of rows) {
    const group = groups.get(key);
    if (group) group.ids.push(id);
    else groups.set(key, { values, ids: [id] });
  }
  const scattered: { id: number; values: unknown[] }[] = [];
  for (const { values, ids } of groups.values()) {
    if (ids.length < 20) {
      for (const id of ids) scattered.push({ id, values });
      continue;
    }
    // Ids are integers read from the table: written out, not bound (SQLite binds at most 32,766 values).
    await manager.query(
      `UPDATE reminder_cursor SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE deadline_id IN (${ids.join(',')})`,
      values,
    );
  }
  for (let i = 0; i < scattered.length; i += 500) {
    const chunk = scattered.slice(i, i + 500);
    const whens = chunk.map(() => 'WHEN ? THEN ?').join(' ');
    await manager.query(
      `UPDATE reminder_cursor SET ${columns.map((c) => `${c} = CASE deadline_id ${whens} END`).join(', ')} ` +
        `WHERE deadline_id IN (${chunk.map((c) => c.id).join(',')})`,
      columns.flatMap((_, k) => chunk.flatMap((c) => [c.id, c.values[k]])),
    );
  }
}
