import type { InboxProcessor } from './inbox-processor';

/**
 * Where each domain area registers the handlers for the event types it understands. Event types nobody handles
 * are stored, acknowledged and marked `ignored`. The server and `duban replay` both build their processor here,
 * so a replayed event meets exactly the handlers a live one would.
 */
export function registerDomainHandlers(processor: InboxProcessor): InboxProcessor {
  return processor;
}
