/**
 * A reminders process for the multi-process tests (multiprocess.test.ts): plans and dispatches against a MySQL
 * database and a simulator until there has been nothing to do for a while, then exits. Test seams, by environment:
 *   WORKER_DB_URL    mysql://… (required)        WORKER_SIM_URL   the simulator's base URL (required)
 *   WORKER_MODE      all (plan + dispatch) | dispatch
 *   WORKER_PAUSE     after-send | before-send: at the first send, print `PAUSED <id>` and hang (to be killed)
 *   WORKER_LEASE_MS  claim and send leases (short, so a restart can take over quickly)
 *   WORKER_IDLE_MS   exit after this long with nothing to do
 * Prints `CALLED <id>` when DingTalk answered a send, and `DONE <sent>` before exiting.
 * Every day is a working day and the office never closes here, so the tests do not depend on when they run
 * (quiet hours have their own tests).
 */

import { SIM_DEFAULTS } from '../../scripts/sim/simulator';
import type { WorkCalendar } from '../calendar';
import { openDatabase } from '../db/database';
import { DeadlineService } from '../deadlines/deadline-service';
import { createDingTalkClients } from '../dingtalk';
import { createLogger } from '../logging/logger';
import { ReminderDispatcher } from '../reminders/dispatcher';
import { parseOfficeHours } from '../reminders/office-hours';
import { ReminderPlanner } from '../reminders/planner';
import { GROUP_ROBOT } from './reminders';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const hang = () => new Promise<never>(() => setInterval(() => {}, 1 << 30));

async function main(): Promise<void> {
  const logger = createLogger(process.env.WORKER_LOG ?? 'silent');
  const db = await openDatabase({ type: 'mysql', url: env('WORKER_DB_URL') }, { migrate: false });
  const simUrl = env('WORKER_SIM_URL');
  const mode = env('WORKER_MODE', 'all');
  const pause = process.env.WORKER_PAUSE ?? '';
  const leaseMs = Number(env('WORKER_LEASE_MS', '60000'));
  const idleMs = Number(env('WORKER_IDLE_MS', '800'));
  const calendar = (await DeadlineService.load(() => db, logger)).calendar();
  const everyDay = Object.assign(Object.create(calendar) as WorkCalendar, {
    isWorkdayNumber: () => true,
    addWorkdaysToDay: (day: number, n: number) => day + n,
    workdaysBetweenDays: (from: number, to: number) => to - from,
  });
  const clients = createDingTalkClients(
    {
      corpId: SIM_DEFAULTS.corpId,
      appKey: SIM_DEFAULTS.appKey,
      appSecret: SIM_DEFAULTS.appSecret,
      agentId: SIM_DEFAULTS.agentId,
      eventMode: 'stream',
      callbackToken: SIM_DEFAULTS.callbackToken,
      callbackAesKey: SIM_DEFAULTS.callbackAesKey,
      apiBase: simUrl,
      oapiBase: simUrl,
    },
    { logger },
  );
  const common = {
    db,
    calendars: { calendar: () => everyDay },
    officeHours: parseOfficeHours('00:00-24:00'),
    publicUrl: 'https://duban.example.gov.cn',
    logger,
  };
  const planner = new ReminderPlanner(common);
  let paused = false;
  const dispatcher = new ReminderDispatcher({
    ...common,
    sender: clients.sender,
    groupRobots: { supervision: { accessToken: GROUP_ROBOT.accessToken, secret: GROUP_ROBOT.secret } },
    claimLeaseMs: leaseMs,
    sendLeaseMs: leaseMs,
    batchSize: 5,
    hooks: {
      beforeSend: async (row) => {
        if (pause === 'before-send' && !paused) {
          paused = true;
          process.stdout.write(`PAUSED ${row.id}\n`);
          await hang();
        }
      },
      afterSend: async (row) => {
        process.stdout.write(`CALLED ${row.id}\n`);
        if (pause === 'after-send' && !paused) {
          paused = true;
          process.stdout.write(`PAUSED ${row.id}\n`);
          await hang();
        }
      },
    },
  });

  let idleSince = Date.now();
  let handled = 0;
  while (Date.now() - idleSince < idleMs) {
    const planned = mode === 'all' ? (await planner.pass()).written : 0;
    const sent = await dispatcher.dispatchDue();
    handled += sent;
    if (planned + sent > 0) idleSince = Date.now();
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.stdout.write(`DONE ${handled}\n`);
  await db.destroy();
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
