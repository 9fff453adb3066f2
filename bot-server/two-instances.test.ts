/**
 * Two production instances on one MariaDB database, as deploy/nginx.conf runs them behind one reverse proxy: real
 * processes (`main.ts` with NODE_ENV=production and DingTalk played by the simulator) take DingTalk's pushes in turn,
 * every event is processed once, and both stop cleanly on SIGTERM. MySQL/MariaDB only (skipped without
 * TEST_MYSQL_URL): SQLite serves one process.
 */
import type { DataSource } from 'typeorm';
import { Document, DocumentTemplate, InboxEvent } from '../entities';
import { SIM_DEFAULTS } from '../scripts/sim/simulator';
import { openDatabase } from './db/database';
import { createScratchMysqlDatabase } from './db/scratch-database';
import { DEMO_TEMPLATES } from './demo/seed-documents';
import { mysqlServerUrl } from './test-support/databases';
import {
  approvalStarted,
  buildProductionBundle,
  logLines,
  pushEvent,
  startDubanProcess,
} from './test-support/duban-process';
import { type Simulator, startSimulator } from './test-support/simulator';

const server = mysqlServerUrl();
const EVENTS = 120;

(server ? describe : describe.skip)('two production instances on one MariaDB database', () => {
  let db: DataSource;
  let drop: () => Promise<void>;
  let sim: Simulator;
  let url: string;

  beforeAll(async () => {
    const scratch = await createScratchMysqlDatabase(server as string);
    url = scratch.url;
    drop = scratch.drop;
    // Migrated once before the instances start (`npx duban migrate`, docs/operations.md), and the 收文 template mapped.
    db = await openDatabase({ type: 'mysql', url });
    await db.getRepository(DocumentTemplate).save(DEMO_TEMPLATES.slice(0, 1));
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.close();
    await db.destroy();
    await drop();
  });

  it('processes each event once whichever instance took it, and both stop on SIGTERM with status 0', async () => {
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      DINGTALK_CORP_ID: SIM_DEFAULTS.corpId,
      DINGTALK_APP_KEY: SIM_DEFAULTS.appKey,
      DINGTALK_APP_SECRET: SIM_DEFAULTS.appSecret,
      DINGTALK_AGENT_ID: String(SIM_DEFAULTS.agentId),
      DINGTALK_CALLBACK_TOKEN: SIM_DEFAULTS.callbackToken,
      DINGTALK_CALLBACK_AES_KEY: SIM_DEFAULTS.callbackAesKey,
      DINGTALK_API_BASE: sim.apiBase,
      DINGTALK_OAPI_BASE: sim.oapiBase,
      SESSION_SECRET: 'two-instances-test-session-secret-0123456789',
    };
    // As production runs: the bundle of `npm run build`, started by `npm run start:prod` (docs/operations.md).
    const bundle = buildProductionBundle();
    const instances = await Promise.all([startDubanProcess(env, { bundle }), startDubanProcess(env, { bundle })]);
    try {
      const ids = Array.from({ length: EVENTS }, (_, i) => `pair-${i}`);
      // In turn to each instance, ten at a time, as a reverse proxy spreads DingTalk's pushes.
      const answers: Array<number | 'refused'> = [];
      for (let i = 0; i < ids.length; i += 10) {
        const group = ids.slice(i, i + 10);
        answers.push(
          ...(await Promise.all(
            group.map((id, j) => pushEvent((instances[(i + j) % 2] as (typeof instances)[0]).url, approvalStarted(id))),
          )),
        );
      }
      expect(answers.filter((status) => status !== 200)).toEqual([]);

      const inbox = db.getRepository(InboxEvent);
      const deadline = Date.now() + 60_000;
      while ((await inbox.countBy({ status: 'done' })) < EVENTS && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const rows = await inbox.find();
      expect(rows.map((row) => row.eventId).sort()).toEqual([...ids].sort());
      expect(rows.filter((row) => row.status !== 'done' || row.attempts !== 0 || row.lockedBy !== null)).toEqual([]);
      const documents = await db.getRepository(Document).find();
      expect(documents.map((d) => d.processInstanceId).sort()).toEqual(ids.map((id) => `pi-${id}`).sort());
    } finally {
      const codes = await Promise.all(instances.map((instance) => instance.stop()));
      expect(codes).toEqual([0, 0]);
    }
    for (const instance of instances) {
      expect(logLines(instance).map((line) => line.msg)).toContain('stopped');
    }
  }, 240_000);
});
