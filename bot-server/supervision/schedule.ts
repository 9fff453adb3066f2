import type { Logger } from '../logging/logger';
import { PollingLoop } from '../scheduler/polling-loop';
import type { BulletinService } from './bulletin-service';

/** How often the schedule looks whether last month's bulletin is due (it is published once: the month is unique). */
export const BULLETIN_SCHEDULE_INTERVAL_MS = 15 * 60_000;

/** Starts the monthly bulletin: from 09:00 of each month's first working day, last month's is published once. */
export function startBulletinSchedule(
  bulletins: BulletinService,
  logger: Logger,
  intervalMs = BULLETIN_SCHEDULE_INTERVAL_MS,
): PollingLoop {
  const loop = new PollingLoop(
    'bulletin-schedule',
    async () => {
      const published = await bulletins.runSchedule(new Date());
      if (published) logger.info('monthly supervision bulletin published');
      return published;
    },
    logger,
    intervalMs,
  );
  loop.start();
  return loop;
}
