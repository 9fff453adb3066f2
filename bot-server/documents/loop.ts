import type { Logger } from '../logging/logger';
import { PollingLoop } from '../scheduler/polling-loop';
import type { DocumentService } from './service';

/** How often the loop looks for documents to read when nobody woke it. */
export const DOCUMENT_POLL_MS = 5_000;

/**
 * The server's background work for documents: reading instances from DingTalk when an event asks for it (woken by
 * the event handlers), and reconciliation when it is due. Stop it before the database closes.
 */
export function startDocumentLoop(documents: DocumentService, logger: Logger, intervalMs = DOCUMENT_POLL_MS) {
  const loop = new PollingLoop('documents', () => documents.runDue(), logger, intervalMs);
  documents.onSyncRequested(() => loop.wake());
  loop.start();
  return loop;
}
