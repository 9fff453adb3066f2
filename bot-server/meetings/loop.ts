import type { Logger } from '../logging/logger';
import { PollingLoop } from '../scheduler/polling-loop';
import type { MeetingService } from './service';

/** How often the loop looks for meetings that have started (their receipts close, they count as held). */
export const MEETING_POLL_MS = 30_000;

/** The server's background work for meetings. Stop it before the database closes. */
export function startMeetingLoop(meetings: MeetingService, logger: Logger, intervalMs = MEETING_POLL_MS) {
  const loop = new PollingLoop('meetings', () => meetings.runDue(), logger, intervalMs);
  meetings.onSyncRequested(() => loop.wake());
  loop.start();
  return loop;
}
