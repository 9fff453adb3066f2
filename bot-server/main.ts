import { ConfigError, loadConfigFromProcess } from './config/config';
import { describeDatabase } from './db/database';
import { createLogger } from './logging/logger';
import { startDuban } from './server';

/**
 * How long a stop on SIGTERM may take before the process exits anyway (status 1). Below systemd's TimeoutStopSec
 * (deploy/duban@.service), so the log says why rather than a SIGKILL cutting it short.
 */
const SHUTDOWN_LIMIT_MS = 10_000;

/** `npm start`: Duban for real with DingTalk credentials, the demo without them. */
async function main() {
  let config: ReturnType<typeof loadConfigFromProcess>;
  try {
    config = loadConfigFromProcess();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const duban = await startDuban(config, logger, { reminders: true });
  const banner = [
    '',
    `  督办 Duban ${config.demo ? '(演示模式 demo: no DingTalk credentials set)' : ''}`,
    `  mini-app   ${duban.url}/`,
    `  health     ${duban.url}/health   ready ${duban.url}/ready`,
    `  database   ${describeDatabase(config.database)}`,
    '',
  ];
  process.stdout.write(`${banner.join('\n')}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: taking no new events, finishing the work in hand');
    const limit = setTimeout(() => {
      logger.error({ signal, limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();
    duban.close().then(
      () => {
        logger.info({ signal }, 'stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ err, signal }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(`Duban failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
