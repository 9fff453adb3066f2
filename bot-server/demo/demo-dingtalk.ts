import { type OrgSeed, type Simulator, startSimulator } from '../../scripts/sim/simulator';
import type { DingTalkSettings } from '../dingtalk';
import type { Logger } from '../logging/logger';
import { DEMO_DEPARTMENTS, DEMO_USERS } from './demo-organisation';

export type { Simulator };

/**
 * The demo's DingTalk: the local simulator, in-process, holding the demo organisation and its approval
 * templates. Duban talks to it exactly as to DingTalk, over the same wire protocol.
 */
export async function startDemoDingTalk(eventMode: DingTalkSettings['eventMode'], logger: Logger): Promise<Simulator> {
  return startSimulator({ org: demoOrg(), eventMode, logger: logger.child({ component: 'simulator' }) });
}

/**
 * The demo organisation as DingTalk would report it: the same departments and people as Duban's demo seed, so a
 * free-login code issued by the simulator signs in a demo user. Approval templates follow the office's 收文 and
 * 发文 routes.
 */
export function demoOrg(): OrgSeed {
  return {
    departments: DEMO_DEPARTMENTS.map((d) => ({
      dept_id: Number(d.id),
      name: d.name,
      ...(d.parentId ? { parent_id: Number(d.parentId) } : {}),
    })),
    users: DEMO_USERS.map((u) => ({
      userid: u.id,
      name: u.name,
      title: u.title,
      dept_id_list: [Number(u.departmentId)],
      ...(u.head ? { leader_dept_ids: [Number(u.departmentId)] } : {}),
    })),
    processes: [
      {
        processCode: 'PROC-DUBAN-SHOUWEN',
        name: '收文办理',
        approvers: [
          { actionType: 'NONE', userIds: ['wufang'], name: '拟办' },
          { actionType: 'OR', userIds: ['zhaozhiqiang', 'liming'], name: '领导批办' },
          { actionType: 'NONE', userIds: ['zhenglei'], name: '承办' },
        ],
      },
      {
        processCode: 'PROC-DUBAN-FAWEN',
        name: '发文审批',
        approvers: [
          { actionType: 'NONE', userIds: ['wufang'], name: '核稿' },
          { actionType: 'NONE', userIds: ['zhaozhiqiang'], name: '签发' },
          { actionType: 'NONE', userIds: ['zhenglei'], name: '印发' },
        ],
      },
    ],
  };
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
