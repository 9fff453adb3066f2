import { loadConfigFromProcess } from '../../bot-server/config/config';
import { dingtalkSettingsOf, startDemoDingTalk } from '../../bot-server/demo/demo-dingtalk';
import { createDingTalkClients } from '../../bot-server/dingtalk';
import { createLogger } from '../../bot-server/logging/logger';
import { syncOrganisation } from '../../bot-server/organisation/org-sync';
import type { Command } from './command';
import { withDatabase } from './database';

export const syncOrg: Command = {
  name: 'sync-org',
  summary: 'pull departments and users from DingTalk (the demo: from the local simulator)',
  usage: 'duban sync-org',
  async run() {
    const config = loadConfigFromProcess();
    const logger = createLogger('warn');
    const simulator = config.demo ? await startDemoDingTalk('stream', logger) : null;
    try {
      return await withDatabase(
        async (db) => {
          const settings = simulator ? dingtalkSettingsOf(simulator, 'stream') : config.dingtalk;
          const result = await syncOrganisation(db, createDingTalkClients(settings, { logger }).oapi);
          console.log(
            `${result.departments} departments, ${result.users} users synced; ${result.deactivated} deactivated` +
              (simulator ? ' (from the demo simulator)' : ''),
          );
          return 0;
        },
        { settings: config.database },
      );
    } finally {
      await simulator?.close();
    }
  },
};
