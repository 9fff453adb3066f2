import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RouteInfo } from './api/security/route-table';
import { createApp } from './app';
import type { Config } from './config/config';
import { DatabaseHandle } from './db/database-handle';
import { dingtalkSettingsOf, type Simulator, startDemoDingTalk } from './demo/demo-dingtalk';
import { seedDemoOnce } from './demo/seed-demo';
import { createDingTalkClients } from './dingtalk';
import { DOCUMENT_POLL_MS } from './documents/service';
import { INCIDENT_CLOCK_MS } from './duty/incident-clock';
import { SHIFT_REMINDER_POLL_MS, ShiftReminders } from './duty/shift-reminders';
import { EventPipeline } from './events/event-pipeline';
import type { InboxProcessorOptions } from './events/inbox-processor';
import type { Logger } from './logging/logger';
import { MEETING_POLL_MS } from './meetings/service';
import { syncOrganisation } from './organisation/org-sync';
import { reminderSettingsOf } from './reminders/settings';
import { DASHBOARD_ROLLUP } from './reports/dashboard';
import { type PollingLoop, startWakeableLoop } from './scheduler/polling-loop';
import { createServices, registerDomainHandlers, type Services } from './services';
import { startBulletinSchedule } from './supervision/schedule';
import { type RunningTodoSync, startTodoSync } from './todos/service';

export interface RunningDuban {
  url: string;
  database: DatabaseHandle;
  services: () => Services;
  events: EventPipeline;
  /** The demo's in-process DingTalk simulator (demo mode only). */
  simulator: Simulator | null;
  /** Every route the routers declare (security tests and `duban check fuzz` enumerate them). */
  routes: RouteInfo[];
  close(): Promise<void>;
}

export interface StartOptions {
  /** Demo mode: talk to this simulator instead of starting one (tests); the caller closes it. */
  simulator?: Simulator;
  /** Tuning of inbox processing (tests shorten the backoff). */
  processor?: InboxProcessorOptions;
  /**
   * Run the reminder loops (planner, dispatcher, read receipts). Off unless asked: a real run (main.ts) asks for
   * them; tests ask only when they are about them, since background sends would race a test's own assertions about
   * the outbox.
   */
  reminders?: boolean;
  /** Run the DingTalk 待办 sync (bot-server/todos). Default: as `reminders` (it too writes to DingTalk). */
  todos?: boolean;
  /** Run the periodic loops (documents, bulletins, meetings; reminders as above). Default yes; the fuzz check not. */
  background?: boolean;
}

/**
 * Starts Duban: the HTTP server first (so /health answers at once), then the database, which is retried in the
 * background until it answers, then event processing. Without DingTalk credentials (the demo) DingTalk is the
 * in-process simulator and the demo organisation is seeded once.
 */
export async function startDuban(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningDuban> {
  const ownSimulator =
    config.demo && !options.simulator ? await startDemoDingTalk(config.dingtalk.eventMode, logger) : null;
  const simulator = config.demo ? (options.simulator ?? ownSimulator) : null;
  const dingtalk = simulator ? dingtalkSettingsOf(simulator, config.dingtalk.eventMode) : config.dingtalk;
  const clients = createDingTalkClients(dingtalk, { logger });

  let services: Services | null = null;
  let documentLoop: PollingLoop | null = null;
  let bulletinLoop: PollingLoop | null = null;
  let meetingLoop: PollingLoop | null = null;
  let incidentLoop: PollingLoop | null = null;
  let shiftReminderLoop: PollingLoop | null = null;
  let todoSync: RunningTodoSync | null = null;
  const database = new DatabaseHandle(
    config.database,
    logger,
    async (ds) => {
      if (config.demo && (await seedDemoOnce(ds))) logger.info('demo organisation seeded');
      services = await createServices(ds, logger, clients);
    },
    // Background work starts once the database is in service, so its first pass finds it there.
    (ds) => {
      const ready = getServices();
      // Stream mode connects only now: connected earlier, DingTalk would push events nobody can store yet, each
      // answered "later" until the database came, instead of waiting on DingTalk's side.
      events.startReceiving();
      events.startProcessing();
      // The demo's organisation is seeded; a real one is pulled from DingTalk, without holding up start-up.
      if (!config.demo) {
        syncOrganisation(ds, clients.oapi).then(
          (result) => logger.info(result, 'organisation synced from DingTalk'),
          (err) => logger.error({ err }, 'organisation sync failed; run `npx duban sync-org` to retry'),
        );
      }
      if (options.background === false) return;
      // The 看板's kept figures brought up to date now (built again after a release that changed their definitions),
      // rather than by the first leader who opens the 看板.
      DASHBOARD_ROLLUP.refresh(ds, ready.deadlines.calendar()).catch((err) =>
        logger.error({ err }, 'the 看板 figures could not be brought up to date; they are on the next read'),
      );
      if (options.reminders === true) {
        ready.reminders.start(ready.deadlines, reminderSettingsOf(config, dingtalk.agentId, simulator));
        // 应急值班信息: the warnings, overdue notices and escalations of its limits in minutes, at any hour.
        incidentLoop = startWakeableLoop('incidents', ready.incidents, logger, INCIDENT_CLOCK_MS);
        // 值班提醒: each person of a shift the day before and at its start, from the roster as it is then.
        const shiftReminders = new ShiftReminders(() => ds, ready.deadlines, ready.duty);
        shiftReminderLoop = startWakeableLoop('duty-shift-reminders', shiftReminders, logger, SHIFT_REMINDER_POLL_MS);
      }
      documentLoop = startWakeableLoop('documents', ready.documents, logger, DOCUMENT_POLL_MS);
      bulletinLoop = startBulletinSchedule(ready.supervision.bulletins, logger);
      meetingLoop = startWakeableLoop('meetings', ready.meetings, logger, MEETING_POLL_MS);
      if (options.todos ?? options.reminders === true) {
        const todoSettings = { kinds: config.todoKinds, publicUrl: config.publicUrl, apiBase: dingtalk.apiBase };
        todoSync = startTodoSync(ds, clients.tokens, todoSettings, logger);
      }
    },
  );
  const getServices = (): Services => {
    database.get(); // a 503 while the database is not there
    if (!services) throw new Error('services missing although the database is connected');
    return services;
  };
  const events = new EventPipeline(dingtalk, () => database.get(), logger, {
    processor: options.processor,
    handlers: (processor) =>
      registerDomainHandlers(processor, {
        documents: () => getServices().documents.context(),
        documentsTouched: () => services?.documents.requestSync(),
        meetingsTouched: () => services?.meetings.requestSync(),
      }),
  });

  const { app, routes } = createApp({
    config,
    logger,
    database,
    services: getServices,
    callbackRoutes: events.httpRoutes(),
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = config.port === port ? config.publicUrl : `http://localhost:${port}`;

  if (simulator && dingtalk.eventMode === 'http') simulator.setEventMode('http', `${url}/dingtalk/callback`);
  await database.connect();

  return {
    url,
    database,
    services: getServices,
    events,
    simulator,
    routes,
    /**
     * Graceful stop: the listener closes at once (a reverse proxy sends new requests to another instance), events
     * being stored are committed and acknowledged, requests in flight are answered, the loops end their work in hand
     * and give back what they had claimed, and only then does the database close.
     */
    async close() {
      const answered = closeServer(server);
      await events.stop();
      await documentLoop?.stop();
      await bulletinLoop?.stop();
      await meetingLoop?.stop();
      await incidentLoop?.stop();
      await shiftReminderLoop?.stop();
      await todoSync?.stop();
      await services?.reminders.stop();
      await answered;
      await database.close();
      await ownSimulator?.close();
    },
  };
}

/**
 * Stops listening and resolves once every request in flight is answered. Keep-alive connections between requests
 * would hold the close until they time out, so idle ones are ended now and as each remaining request is answered.
 */
function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50).unref();
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
