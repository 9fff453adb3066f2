/** Test doubles for the DingTalk area's tests (imported by `*.test.ts` only). */
import type { Logger } from '../dingtalk/logger';
import type { EventSink, InboundEvent } from '../dingtalk/receiver';

/** An EventSink that dedupes by eventId like the real inbox, and can be told to fail. */
export class MemorySink implements EventSink {
  readonly stored = new Map<string, InboundEvent>();
  /** Every call, in order, with its outcome. */
  readonly calls: Array<{ eventId: string; outcome: 'stored' | 'duplicate' | 'failed' }> = [];
  /** Return true to make `accept` throw for this event (e.g. "the database is down"). */
  failWhen: (event: InboundEvent) => boolean = () => false;
  /** Delay before answering, to hold an event in flight. */
  delayMs = 0;
  /** Calls that have started and not yet answered. */
  inFlight = 0;

  async accept(event: InboundEvent): Promise<'stored' | 'duplicate'> {
    this.inFlight++;
    try {
      return await this.decide(event);
    } finally {
      this.inFlight--;
    }
  }

  private async decide(event: InboundEvent): Promise<'stored' | 'duplicate'> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failWhen(event)) {
      this.calls.push({ eventId: event.eventId, outcome: 'failed' });
      throw new Error('database unavailable');
    }
    const outcome = this.stored.has(event.eventId) ? 'duplicate' : 'stored';
    if (outcome === 'stored') this.stored.set(event.eventId, event);
    this.calls.push({ eventId: event.eventId, outcome });
    return outcome;
  }

  storedCount(eventId: string): number {
    return this.calls.filter((c) => c.eventId === eventId && c.outcome === 'stored').length;
  }
}

/** A logger that keeps every line, to assert on what was (and was not) logged. */
export function recordingLogger(): Logger & {
  lines: Array<{ level: string; fields: Record<string, unknown>; message: string }>;
} {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Polls `condition` every 10 ms until true; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
