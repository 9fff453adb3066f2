import { loadConfigFromProcess } from '../../bot-server/config/config';
import { reseedDemo } from '../../bot-server/demo/seed-demo';
import type { Command } from './command';
import { withDatabase } from './database';

export const demo: Command = {
  name: 'demo',
  summary: 'migrate and (re)seed the demo organisation (demo mode only)',
  usage: 'duban demo',
  async run() {
    const config = loadConfigFromProcess();
    if (!config.demo) {
      console.error('duban demo: DingTalk credentials are set; the demo data would mix with the real organisation.');
      return 2;
    }
    return withDatabase(
      async (ds) => {
        await reseedDemo(ds);
        console.log('demo organisation seeded');
        return 0;
      },
      { settings: config.database },
    );
  },
};
