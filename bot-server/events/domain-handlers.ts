import { type DocumentEventDependencies, registerDocumentHandlers } from '../documents/events';
import { type MeetingEventDependencies, registerMeetingHandlers } from '../meetings/dingtalk-events';
import type { InboxProcessor } from './inbox-processor';

/** What the domain handlers need, resolved when an event is handled (the pipeline is built before the database). */
export type DomainDependencies = DocumentEventDependencies & MeetingEventDependencies;

/**
 * Where each domain area registers the handlers for the event types it understands. Event types nobody handles
 * are stored, acknowledged and marked `ignored`. The server and `duban replay` both build their processor here,
 * so a replayed event meets exactly the handlers a live one would.
 */
export function registerDomainHandlers(processor: InboxProcessor, deps: DomainDependencies): InboxProcessor {
  registerDocumentHandlers(processor, deps);
  registerMeetingHandlers(processor, deps);
  return processor;
}
