/**
 * The transactional outbox: a message is a row before it is sent, written in the same transaction as the change
 * that calls for it, with an idempotency key that makes writing it twice harmless. Any area may enqueue; the
 * dispatcher sends every pending row by its channel. The payload contract (JSON in `outbox_notification.payload`):
 *
 *   { title, markdown, url?, buttonTitle?, urgent? }     a message in words: an action card when `url` (or
 *                                                         `linkPath`) is given: a mini-app path such as
 *                                                         `/m/matter/12` (under PUBLIC_URL), or a full URL
 *   { title?, text }                                      words as markdown (also `content`/`body`); title =
 *                                                         the first line when not given
 *   { msg }                                               a ready DingTalk message for the channel, sent as is:
 *                                                         work notice `msg`, robot `{msgKey, msgParam}`, or
 *                                                         group-robot body `{msgtype, …}`
 *   { deadlineIds }                                       planner rows: cancelled if every deadline got closed
 *   { title, items, url, buttonTitle }                    planner digests: the words are made from `items` (their
 *                                                         `text` and `path`) as the row goes out
 *
 * A row with none of these but a subject (e.g. kind `urge` on a matter) is put into words from its subject.
 * `urgent: true` lets a row out outside office hours. `expiresAt` (an ISO instant, any shape above) is when the
 * message stops being worth sending: a row claimed at or after it is cancelled (「已过时效，不再发送」), not sent late.
 */
import { createHash } from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { JsonObject, OutboxChannel } from '../../entities';
import { isMysql } from '../../entities/data-source';
import { sqlInstant } from '../db/sql-instant';
import {
  type GroupRobotMessage,
  groupRobotActionCard,
  groupRobotMarkdown,
  type RobotMessage,
  robotActionCard,
  robotMarkdown,
  type WorkNoticeMessage,
  workNoticeActionCard,
  workNoticeMarkdown,
} from '../dingtalk';
import type { Audience } from './schedule';
import { type DigestLine, digestOfLines, joinUrl, type MessageContent } from './texts';

/** One item of a planner row, as 我的提醒 lists it. */
export interface OutboxItem {
  deadlineId: number;
  kind: string;
  /** Who the point was for (the person responsible, their unit head, the leader): its wording depends on it. */
  audience?: Audience;
  overdueDays?: number;
  /** The sentence the message said of it. */
  text?: string;
  /** The mini-app page of its record (`/m/<subjectType>/<id>`). */
  path?: string;
}

export interface OutboxPayload {
  title?: string;
  markdown?: string;
  text?: string;
  url?: string;
  /** A mini-app path (`/m/matter/12`), the older spelling of a relative `url`: supervision writes it. */
  linkPath?: string;
  buttonTitle?: string;
  urgent?: boolean;
  /** An ISO instant: a row not sent by then is cancelled by the dispatcher instead (e.g. a shift's reminder). */
  expiresAt?: string;
  msg?: JsonObject;
  deadlineIds?: number[];
  /** Planner rows: the items of a message, for 我的提醒 (each line as sent, and the page it opens). */
  items?: OutboxItem[];
  /** Planner rows: the Shanghai day its working days were counted on; a later day's send counts them again. */
  countedOn?: string;
  /** Set by the dispatcher when it resends after an interrupted send (see dispatcher.ts). */
  resumed?: boolean;
}

export interface NewNotification {
  idempotencyKey: string;
  channel: OutboxChannel;
  kind: string;
  recipientUserId?: string | null;
  recipientGroup?: string | null;
  subjectType?: string | null;
  subjectId?: number | null;
  payload: OutboxPayload;
  /** When it may go out; default now. */
  scheduledAt?: Date;
}

/** Rows per INSERT. */
const ROWS_PER_INSERT = 400;

const COLUMNS = [
  'idempotency_key',
  'channel',
  'kind',
  'recipient_user_id',
  'recipient_group',
  'subject_type',
  'subject_id',
  'payload',
  'scheduled_at',
  'status',
  'attempts',
  'next_attempt_at',
];

/**
 * Writes notifications in the caller's transaction; a row whose idempotency key is already there is skipped
 * (`ON CONFLICT DO NOTHING` / `ON DUPLICATE KEY UPDATE id = id`). Returns how many were new.
 */
export async function enqueueNotifications(
  manager: EntityManager,
  rows: readonly NewNotification[],
  now: Date = new Date(),
): Promise<number> {
  if (rows.length === 0) return 0;
  const runner = manager.queryRunner;
  if (!runner) return manager.transaction((inner) => enqueueNotifications(inner, rows, now));
  const db = manager.connection;
  const mysql = isMysql(db);
  let inserted = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const params: unknown[] = [];
    for (const row of chunk) {
      const at = sqlInstant(db, row.scheduledAt ?? now);
      params.push(
        row.idempotencyKey,
        row.channel,
        row.kind,
        row.recipientUserId ?? null,
        row.recipientGroup ?? null,
        row.subjectType ?? null,
        row.subjectId ?? null,
        JSON.stringify(row.payload),
        at,
        'pending',
        0,
        at,
      );
    }
    const values = chunk.map(() => `(${COLUMNS.map(() => '?').join(',')})`).join(',');
    const conflict = mysql ? ' ON DUPLICATE KEY UPDATE id = id' : ' ON CONFLICT (idempotency_key) DO NOTHING';
    // MySQL counts a duplicate as "affected" (mysql2 asks for found rows). A statement of several rows says
    // "Records: N  Duplicates: M" in its info; for a single row, look for its key first.
    const sql = `INSERT INTO outbox_notification (${COLUMNS.join(',')}) VALUES ${values}${conflict}`;
    if (mysql && chunk.length > 1) {
      inserted += newRowsOf(await executePrepared(runner, sql, params, chunk.length === ROWS_PER_INSERT));
      continue;
    }
    const single = mysql ? await keyExists(runner, chunk[0]?.idempotencyKey ?? '') : null;
    const result = await runner.query(sql, params, true);
    if (single === null) inserted += Number(result.affected ?? 0);
    else inserted += single ? 0 : 1;
  }
  return inserted;
}

/** The part of a mysql2 connection (what TypeORM's MySQL query runner holds) a prepared statement needs. */
interface PreparingConnection {
  execute(sql: string, values: unknown[], done: (err: Error | null, result: unknown) => void): void;
  unprepare(sql: string): void;
}

/**
 * MySQL: a prepared statement, its values sent as they are. A planner row carries kilobytes of JSON: as text, each
 * would be escaped into a statement of megabytes that the server then parses back (`duban bench planner`). The
 * statement of a full chunk is kept by the connection for the next batch; one of another size is closed after use,
 * so a long-running server does not hold one per size.
 */
async function executePrepared(runner: QueryRunner, sql: string, params: unknown[], keep: boolean): Promise<unknown> {
  const connection = (await runner.connect()) as PreparingConnection;
  try {
    return await new Promise((resolve, reject) =>
      connection.execute(sql, params, (err, result) => (err ? reject(err) : resolve(result))),
    );
  } finally {
    if (!keep) connection.unprepare(sql);
  }
}

async function keyExists(runner: QueryRunner, key: string): Promise<boolean> {
  const rows = (await runner.query('SELECT 1 AS found FROM outbox_notification WHERE idempotency_key = ?', [
    key,
  ])) as unknown[];
  return rows.length > 0;
}

/** Rows a multi-row MySQL INSERT … ON DUPLICATE KEY UPDATE added, from its info ("Records: 3  Duplicates: 1 …"). */
function newRowsOf(raw: unknown): number {
  const info = String((raw as { info?: unknown } | null)?.info ?? '');
  const records = /Records:\s*(\d+)/.exec(info);
  const duplicates = /Duplicates:\s*(\d+)/.exec(info);
  if (!records || !duplicates) throw new Error(`unexpected answer to a multi-row INSERT: ${JSON.stringify(info)}`);
  return Number(records[1]) - Number(duplicates[1]);
}

const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim().length > 0 ? value : undefined;

/** A planner digest's words, from its items when they keep every line (plan-writes.ts writes no markdown then). */
function digestOfItems(items: unknown, publicUrl: string): string | undefined {
  if (!Array.isArray(items) || items.length < 2) return undefined;
  const lines: DigestLine[] = [];
  for (const item of items as OutboxItem[]) {
    if (typeof item?.text !== 'string' || typeof item.path !== 'string') return undefined;
    lines.push({ kind: item.kind, text: item.text, path: item.path });
  }
  return digestOfLines(lines, publicUrl).markdown;
}

/** The words of a payload, read tolerantly (other areas write it); undefined when it has none. */
export function contentOfPayload(
  payload: Record<string, unknown>,
  publicUrl: string,
): (Omit<MessageContent, 'url'> & { url: string | null }) | undefined {
  const body =
    nonEmpty(payload.markdown) ??
    digestOfItems(payload.items, publicUrl) ??
    nonEmpty(payload.text) ??
    nonEmpty(payload.content) ??
    nonEmpty(payload.body);
  const title =
    nonEmpty(payload.title) ??
    body
      ?.split('\n')[0]
      ?.replace(/^#+\s*/, '')
      .slice(0, 60);
  if (!body || !title) return undefined;
  const link = nonEmpty(payload.url) ?? nonEmpty(payload.linkPath) ?? nonEmpty(payload.link) ?? nonEmpty(payload.path);
  return {
    title,
    markdown: body,
    buttonTitle: nonEmpty(payload.buttonTitle) ?? '查看详情',
    url: link ? joinUrl(publicUrl, link) : null,
  };
}

export type ChannelMessage = WorkNoticeMessage | RobotMessage | GroupRobotMessage;

/** A ready message given in the payload, when it fits the channel. */
export function readyMessage(channel: OutboxChannel, msg: unknown): ChannelMessage | undefined {
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) return undefined;
  const record = msg as Record<string, unknown>;
  if (channel === 'robot_o2o') {
    return typeof record.msgKey === 'string' && typeof record.msgParam === 'string'
      ? (record as unknown as RobotMessage)
      : undefined;
  }
  return typeof record.msgtype === 'string' ? (record as unknown as ChannelMessage) : undefined;
}

/** Shapes words for a channel: an action card when there is a link, markdown otherwise. */
export function messageFor(
  channel: OutboxChannel,
  content: Omit<MessageContent, 'url'> & { url: string | null },
): ChannelMessage {
  const card = content.url ? { ...content, url: content.url } : null;
  switch (channel) {
    case 'work_notice':
      return card ? workNoticeActionCard(card) : workNoticeMarkdown(content.title, content.markdown);
    case 'robot_o2o':
      return card ? robotActionCard(card) : robotMarkdown(content.title, content.markdown);
    case 'group_robot':
      return card ? groupRobotActionCard(card) : groupRobotMarkdown(content.title, content.markdown);
  }
}

/** SHA-256 of the message as sent (the simulator and, as far as we know, DingTalk compare the whole `msg`). */
export function contentHash(message: unknown): string {
  return createHash('sha256').update(JSON.stringify(message)).digest('hex');
}
