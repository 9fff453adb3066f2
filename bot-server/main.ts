import { ConfigError, loadConfigFromProcess } from './config/config';
import { describeDatabase } from './db/database';
import { createLogger } from './logging/logger';
import { startDuban } from './server';

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

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await duban.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(`Duban failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
