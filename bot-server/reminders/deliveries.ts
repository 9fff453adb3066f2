/**
 * Who hears of each outbox row DingTalk accepted (the metrics count them by kind and channel). The dispatchers the
 * service builds report here (service.ts), so the count follows every send of this process, whoever enqueued it.
 */
export interface SentMessage {
  kind: string;
  channel: string;
}

const listeners = new Set<(sent: SentMessage) => void>();

/** Hears of every message this process sends from here on. */
export function observeSentMessages(listener: (sent: SentMessage) => void): void {
  listeners.add(listener);
}

export function reportSent(sent: SentMessage): void {
  for (const listener of listeners) listener(sent);
}
