/**
 * Stream mode wire format (docs/dingtalk.md §3.1; open-dingtalk/developerpedia docs/learn/stream/protocol.md;
 * dingtalk-stream-sdk-nodejs src/client.ts `DWClientDownStream`). Shared by the Stream receiver and the simulator.
 */
import { z } from 'zod';

export type StreamFrameType = 'SYSTEM' | 'EVENT' | 'CALLBACK';

/** A frame DingTalk pushes down the WebSocket. `data` is a JSON *string*. */
export interface StreamDownFrame {
  specVersion?: string;
  type: string;
  headers: StreamHeaders;
  data: string;
}

export interface StreamHeaders {
  topic?: string;
  messageId?: string;
  contentType?: string;
  time?: string;
  eventId?: string;
  eventType?: string;
  eventCorpId?: string;
  eventBornTime?: string;
  eventUnifiedAppId?: string;
  [name: string]: unknown;
}

/** Every reply we send up: `{code, headers: {messageId, contentType}, message, data: "<json>"}`. */
export interface StreamAckFrame {
  code: number;
  headers: { messageId: string; contentType: 'application/json' };
  message: string;
  data: string;
}

/** EVENT ack status: SUCCESS = consumed; LATER = consume failed, push it again (docs/dingtalk.md §3.1). */
export type EventAckStatus = 'SUCCESS' | 'LATER';

export interface ConnectionsOpenRequest {
  clientId: string;
  clientSecret: string;
  subscriptions: Array<{ type: 'EVENT' | 'CALLBACK'; topic: string }>;
  ua?: string;
  localIp?: string;
}

export interface ConnectionsOpenResponse {
  endpoint: string;
  ticket: string;
}

const downFrameSchema = z.object({
  specVersion: z.string().optional(),
  type: z.string(),
  headers: z.record(z.string(), z.unknown()),
  data: z.string().optional(),
});

/** Parses one WebSocket text message; `undefined` when it is not a frame (bad JSON or wrong shape). */
export function parseDownFrame(text: string): StreamDownFrame | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = downFrameSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return { ...parsed.data, headers: parsed.data.headers as StreamHeaders, data: parsed.data.data ?? '' };
}

export function ackFrame(messageId: string, data: unknown, code = 200, message = 'OK'): StreamAckFrame {
  return { code, headers: { messageId, contentType: 'application/json' }, message, data: JSON.stringify(data) };
}

/** The reply to an EVENT frame: `data = {"status": "SUCCESS"|"LATER", "message": "…"}` (protocol.md "事件推送"). */
export function eventAck(messageId: string, status: EventAckStatus, message: string): StreamAckFrame {
  return ackFrame(messageId, { status, message });
}

const ackSchema = z.object({
  code: z.number(),
  headers: z.object({ messageId: z.string() }).passthrough(),
  message: z.string().optional(),
  data: z.string().optional(),
});

/** Parses an upstream reply (used by the simulator's gateway). */
export function parseAckFrame(text: string): StreamAckFrame | undefined {
  try {
    const parsed = ackSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    return {
      code: parsed.data.code,
      headers: { messageId: parsed.data.headers.messageId, contentType: 'application/json' },
      message: parsed.data.message ?? '',
      data: parsed.data.data ?? '',
    };
  } catch {
    return undefined;
  }
}
