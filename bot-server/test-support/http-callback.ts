import pino from 'pino';
import { InboxEvent } from '../../entities';
import { SIM_DEFAULTS } from '../../scripts/sim/simulator';
import { loadConfig } from '../config/config';
import { CallbackCrypto } from '../dingtalk/callback-crypto';
import type { Logger } from '../logging/logger';
import { type RunningDuban, startDuban } from '../server';
import type { TestDatabase } from './databases';
import { type Simulator, startSimulator } from './simulator';

/** One line Duban logged, as pino wrote it. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

export interface HttpCallbackDuban {
  duban: RunningDuban;
  /** The simulator Duban talks to: it pushes events to `POST /dingtalk/callback`, and gives up after one try. */
  sim: Simulator;
  /** `http://localhost:<port>/dingtalk/callback`. */
  callbackUrl: string;
  /** What DingTalk shares with Duban: the callback token and AES key, the AppKey (owner key) and the CorpId. */
  secrets: { token: string; aesKey: string; appKey: string; corpId: string };
  /** Seals and signs as DingTalk does for this app. */
  crypto: CallbackCrypto;
  /** Every line Duban logged at warn or above. */
  logs: LogLine[];
  /** The inbox, oldest first. */
  inbox(): Promise<InboxEvent[]>;
  stop(): Promise<void>;
}

/**
 * A demo Duban receiving DingTalk's events by HTTP push, over a fresh database of `target`, with its own simulator
 * (no retries, so a refused push is over at once) and a logger that keeps what it is told.
 */
export async function startHttpCallbackDuban(target: TestDatabase): Promise<HttpCallbackDuban> {
  const created = await target.create();
  const logs: LogLine[] = [];
  const logger: Logger = pino(
    { level: 'warn' },
    {
      write(line: string) {
        logs.push(JSON.parse(line) as LogLine);
      },
    },
  );
  const sim = await startSimulator({
    eventMode: 'http',
    callback: { retryDelaysMs: [], timeoutMs: 10_000 },
    stream: { pingIntervalMs: 0 },
  });
  const duban = await startDuban(
    { ...loadConfig({ PORT: '0', DINGTALK_EVENT_MODE: 'http' }), database: created.settings },
    logger,
    { simulator: sim, reminders: false },
  );
  const secrets = {
    token: sim.settings.DINGTALK_CALLBACK_TOKEN ?? SIM_DEFAULTS.callbackToken,
    aesKey: sim.settings.DINGTALK_CALLBACK_AES_KEY ?? SIM_DEFAULTS.callbackAesKey,
    appKey: sim.settings.DINGTALK_APP_KEY ?? SIM_DEFAULTS.appKey,
    corpId: sim.settings.DINGTALK_CORP_ID ?? SIM_DEFAULTS.corpId,
  };
  return {
    duban,
    sim,
    callbackUrl: `${duban.url}/dingtalk/callback`,
    secrets,
    crypto: new CallbackCrypto({ token: secrets.token, aesKey: secrets.aesKey, ownerKey: secrets.appKey }),
    logs,
    inbox: () =>
      duban
        .services()
        .db.getRepository(InboxEvent)
        .find({ order: { id: 'ASC' } }),
    async stop() {
      await duban.close();
      await sim.close();
      await created.drop();
    },
  };
}
