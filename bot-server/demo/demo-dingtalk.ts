import { type Simulator, startSimulator } from '../../scripts/sim/simulator';
import type { DingTalkSettings } from '../dingtalk';
import type { Logger } from '../logging/logger';

/**
 * The demo's DingTalk: the local simulator, in-process, holding the demo organisation and its approval
 * templates. Duban talks to it exactly as to DingTalk, over the same wire protocol.
 */
export async function startDemoDingTalk(eventMode: DingTalkSettings['eventMode'], logger: Logger): Promise<Simulator> {
  return startSimulator({ eventMode, logger: logger.child({ component: 'simulator' }) });
}

/** Duban's DingTalk settings for talking to a simulator. */
export function dingtalkSettingsOf(sim: Simulator, eventMode: DingTalkSettings['eventMode']): DingTalkSettings {
  const s = sim.settings;
  return {
    corpId: s.DINGTALK_CORP_ID ?? '',
    appKey: s.DINGTALK_APP_KEY ?? '',
    appSecret: s.DINGTALK_APP_SECRET ?? '',
    agentId: s.DINGTALK_AGENT_ID ?? '',
    eventMode,
    callbackToken: s.DINGTALK_CALLBACK_TOKEN ?? '',
    callbackAesKey: s.DINGTALK_CALLBACK_AES_KEY ?? '',
    apiBase: sim.apiBase,
    oapiBase: sim.oapiBase,
  };
}
