/**
 * The reminders' settings, from the server config: office hours (`REMINDER_OFFICE_HOURS`), the public address for
 * links (`PUBLIC_URL`), the group robots (`DINGTALK_GROUP_ROBOTS`) and the app's AgentId (send results).
 */
import type { GroupRobotWebhook } from '../dingtalk';
import { DEFAULT_OFFICE_HOURS, type OfficeHours, parseOfficeHours } from './office-hours';

export interface ReminderSettings {
  officeHours: OfficeHours;
  publicUrl: string;
  groupRobots: Record<string, GroupRobotWebhook>;
  agentId: string | number;
}

/** The group bulletins go to. */
export const SUPERVISION_GROUP = 'supervision';

/**
 * A configured group robot: `webhook` is the robot's URL (`…/robot/send?access_token=…`) or its bare access token;
 * messages go to DINGTALK_OAPI_BASE, so the demo and tests reach the simulator with real webhooks' tokens.
 */
export function groupRobotWebhook(config: { webhook: string; secret?: string }): GroupRobotWebhook {
  let accessToken = config.webhook.trim();
  if (/^https?:\/\//.test(accessToken)) {
    const token = new URL(accessToken).searchParams.get('access_token');
    if (!token) throw new RangeError('a group robot webhook needs its access_token parameter');
    accessToken = token;
  }
  return config.secret ? { accessToken, secret: config.secret } : { accessToken };
}

/** Where the simulator keeps its custom group robots (structural, so this area does not import scripts/). */
export interface SimulatedGroupRobots {
  state: { groupRobots: Map<string, { accessToken: string; secret?: string; name?: string }> };
}

/** The demo's 督查室工作群 robot, registered in the simulator so bulletins have somewhere to go. */
export const DEMO_GROUP_ROBOT = {
  accessToken: 'duban-demo-supervision-group',
  secret: 'SECduban-demo-supervision-group-secret',
  name: '督查室工作群',
} as const;

export function reminderSettingsOf(
  config: {
    reminderOfficeHours?: string;
    publicUrl: string;
    groupRobots?: Record<string, { webhook: string; secret?: string }>;
  },
  agentId: string | number,
  simulator?: SimulatedGroupRobots | null,
): ReminderSettings {
  const groupRobots: Record<string, GroupRobotWebhook> = {};
  for (const [name, robot] of Object.entries(config.groupRobots ?? {})) groupRobots[name] = groupRobotWebhook(robot);
  if (simulator && Object.keys(groupRobots).length === 0) {
    simulator.state.groupRobots.set(DEMO_GROUP_ROBOT.accessToken, { ...DEMO_GROUP_ROBOT });
    groupRobots[SUPERVISION_GROUP] = { accessToken: DEMO_GROUP_ROBOT.accessToken, secret: DEMO_GROUP_ROBOT.secret };
  }
  return {
    officeHours: config.reminderOfficeHours ? parseOfficeHours(config.reminderOfficeHours) : DEFAULT_OFFICE_HOURS,
    publicUrl: config.publicUrl.replace(/\/$/, ''),
    groupRobots,
    agentId,
  };
}
