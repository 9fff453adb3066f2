import type { DataSource } from 'typeorm';
import { DeadlineService } from '../deadlines/deadline-service';
import { reseedDemo } from '../demo/seed-demo';
import { createLogger } from '../logging/logger';
import { Supervision } from '../supervision';

/** Supervision over a scratch database that holds the demo organisation only, its clock read from `now`. */
export async function supervisionOverDemoOrganisation(
  db: DataSource,
  now: () => Date,
): Promise<{ supervision: Supervision; deadlines: DeadlineService }> {
  await reseedDemo(db);
  const deadlines = await DeadlineService.load(() => db, createLogger('silent'));
  return { supervision: new Supervision(() => db, deadlines, now), deadlines };
}
