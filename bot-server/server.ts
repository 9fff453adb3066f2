import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { Config } from './config/config';
import { DatabaseHandle } from './db/database-handle';
import { seedDemoOnce } from './demo/seed-demo';
import type { Logger } from './logging/logger';
import { createServices, type Services } from './services';

export interface RunningDuban {
  url: string;
  database: DatabaseHandle;
  services: () => Services;
  close(): Promise<void>;
}

/**
 * Starts Duban: the HTTP server first (so /health answers at once), then the database, which is retried in the
 * background until it answers. In demo mode the demo organisation is seeded once.
 */
export async function startDuban(config: Config, logger: Logger): Promise<RunningDuban> {
  let services: Services | null = null;
  const database = new DatabaseHandle(config.database, logger, async (ds) => {
    if (config.demo && (await seedDemoOnce(ds))) logger.info('demo organisation seeded');
    services = await createServices(ds, logger);
  });
  const getServices = (): Services => {
    database.get(); // a 503 while the database is not there
    if (!services) throw new Error('services missing although the database is connected');
    return services;
  };
  const app = createApp({ config, logger, database, services: getServices });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, () => resolve(s));
    s.once('error', reject);
  });
  await database.connect();
  const { port } = server.address() as AddressInfo;
  return {
    url: config.port === port ? config.publicUrl : `http://localhost:${port}`,
    database,
    services: getServices,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
