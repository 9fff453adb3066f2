/**
 * The inbox's and the outbox's state, read from the database when scraped: every instance on one database reports
 * the same numbers (take max(), not sum(), across instances). Each figure is one indexed count or seek
 * (`ix_inbox_due`, `ix_outbox_due`: status, next_attempt_at), and one reading serves every scrape for `cacheMs`, so
 * a scrape storm costs the database one reading per interval.
 */
import { Gauge, type Registry } from 'prom-client';
import { type DataSource, type EntityTarget, LessThanOrEqual, MoreThan, type ObjectLiteral } from 'typeorm';
import { InboxEvent, OutboxNotification } from '../../entities';
import { sqlInstant } from '../db/sql-instant';

export interface QueueSource {
  /** The database; throws while it is not there. */
  db: () => DataSource;
  /** What `GET /ready` asks. */
  ready: () => Promise<boolean>;
}

export interface QueueSnapshot {
  ready: boolean;
  inboxPending: number;
  inboxOldestDueSeconds: number;
  inboxFailed: number;
  outboxDue: number;
  outboxOldestDueSeconds: number;
  outboxRetrying: number;
  outboxFailed: number;
}

type Queue = EntityTarget<ObjectLiteral & { nextAttemptAt: Date }>;

/** Seconds the longest-waiting due row of `queue` has waited (since it fell due), 0 when none is due. */
async function oldestDueSeconds(db: DataSource, queue: Queue, now: Date): Promise<number> {
  const oldest = await db.getRepository(queue).findOne({
    select: { id: true, nextAttemptAt: true },
    where: { status: 'pending', nextAttemptAt: LessThanOrEqual(sqlInstant(db, now) as Date) },
    order: { nextAttemptAt: 'ASC' },
  });
  return oldest ? Math.max(0, (now.getTime() - oldest.nextAttemptAt.getTime()) / 1000) : 0;
}

/** What is reported while the database does not answer: not ready, and no figure (NaN) rather than a false 0. */
const UNREADABLE: QueueSnapshot = {
  ready: false,
  inboxPending: Number.NaN,
  inboxOldestDueSeconds: Number.NaN,
  inboxFailed: Number.NaN,
  outboxDue: Number.NaN,
  outboxOldestDueSeconds: Number.NaN,
  outboxRetrying: Number.NaN,
  outboxFailed: Number.NaN,
};

/** One reading of both queues. */
export async function readQueues(source: QueueSource, now: Date): Promise<QueueSnapshot> {
  if (!(await source.ready())) return UNREADABLE;
  const db = source.db();
  const inbox = db.getRepository(InboxEvent);
  const outbox = db.getRepository(OutboxNotification);
  const due = LessThanOrEqual(sqlInstant(db, now) as Date);
  const [
    inboxPending,
    inboxOldestDueSeconds,
    inboxFailed,
    outboxDue,
    outboxOldestDueSeconds,
    outboxRetrying,
    outboxFailed,
  ] = await Promise.all([
    inbox.countBy({ status: 'pending' }),
    oldestDueSeconds(db, InboxEvent, now),
    inbox.countBy({ status: 'failed' }),
    outbox.countBy({ status: 'pending', nextAttemptAt: due }),
    oldestDueSeconds(db, OutboxNotification, now),
    outbox.countBy({ status: 'pending', attempts: MoreThan(0) }),
    outbox.countBy({ status: 'failed' }),
  ]);
  return {
    ready: true,
    inboxPending,
    inboxOldestDueSeconds,
    inboxFailed,
    outboxDue,
    outboxOldestDueSeconds,
    outboxRetrying,
    outboxFailed,
  };
}

/** `read`, called at most once per `cacheMs` (and never twice at once); a failed reading is null. */
export function cached<T>(read: () => Promise<T>, cacheMs: number, now: () => number = Date.now) {
  let kept: { until: number; value: T | null } | undefined;
  let reading: Promise<T | null> | undefined;
  return (): Promise<T | null> => {
    if (kept && now() < kept.until) return Promise.resolve(kept.value);
    reading ??= read()
      .catch(() => null)
      .then((value) => {
        kept = { until: now() + cacheMs, value };
        reading = undefined;
        return value;
      });
    return reading;
  };
}

const GAUGES: Array<[name: string, help: string, pick: (s: QueueSnapshot) => number]> = [
  ['duban_ready', '1 while the database answers (what GET /ready reports), else 0.', (s) => (s.ready ? 1 : 0)],
  [
    'duban_inbox_pending_events',
    'DingTalk events stored and not yet processed (due or waiting to retry).',
    (s) => s.inboxPending,
  ],
  [
    'duban_inbox_oldest_pending_age_seconds',
    'How long the longest-waiting unprocessed event has waited since it was stored or its retry fell due; 0 when none waits.',
    (s) => s.inboxOldestDueSeconds,
  ],
  [
    'duban_inbox_failed_events',
    'Events given up after their retries (duban inbox --failed; replay --failed).',
    (s) => s.inboxFailed,
  ],
  ['duban_outbox_due_messages', 'Outbox messages due to be sent now and not sent yet.', (s) => s.outboxDue],
  [
    'duban_outbox_oldest_due_age_seconds',
    'How long the longest-waiting due outbox message has waited since it fell due; 0 when none waits.',
    (s) => s.outboxOldestDueSeconds,
  ],
  [
    'duban_outbox_retrying_messages',
    'Outbox messages whose send failed and that wait to be retried.',
    (s) => s.outboxRetrying,
  ],
  [
    'duban_outbox_failed_messages',
    'Outbox messages given up (duban reminders status --failed; retry <id>).',
    (s) => s.outboxFailed,
  ],
];

/** The queue gauges in `registry`, read through one cached snapshot. */
export function registerQueueGauges(
  registry: Registry,
  source: QueueSource,
  options: { cacheMs?: number; now?: () => number } = {},
): void {
  const now = options.now ?? Date.now;
  const snapshot = cached(() => readQueues(source, new Date(now())), options.cacheMs ?? 5_000, now);
  for (const [name, help, pick] of GAUGES) {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(pick((await snapshot()) ?? UNREADABLE));
      },
    });
  }
}
