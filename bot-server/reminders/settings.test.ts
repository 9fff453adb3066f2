import { ConfigError, loadConfig } from '../config/config';
import { DEMO_GROUP_ROBOT, reminderSettingsOf, type SimulatedGroupRobots } from './settings';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

describe('reminder settings', () => {
  it('reads office hours and group robots from the environment, with defaults', () => {
    const defaults = loadConfig({});
    expect(defaults.reminderOfficeHours).toBe('08:30-18:00');
    expect(defaults.groupRobots).toEqual({});

    const config = loadConfig({
      REMINDER_OFFICE_HOURS: '09:00-17:30',
      DINGTALK_GROUP_ROBOTS: JSON.stringify({
        supervision: { webhook: 'https://oapi.dingtalk.com/robot/send?access_token=abc123', secret: 'SECxyz' },
        leaders: { webhook: 'def456' },
      }),
    });
    const settings = reminderSettingsOf(config, '3000000001');
    expect(settings.officeHours).toEqual({ openMinutes: 540, closeMinutes: 1050 });
    expect(settings.groupRobots).toEqual({
      supervision: { accessToken: 'abc123', secret: 'SECxyz' },
      leaders: { accessToken: 'def456' },
    });
  });

  it('refuses malformed values, saying which and why', () => {
    expect(problemsOf({ REMINDER_OFFICE_HOURS: '18:00-08:30' })).toEqual([
      'REMINDER_OFFICE_HOURS: the opening must come before the closing (at most 24:00)',
    ]);
    expect(problemsOf({ REMINDER_OFFICE_HOURS: 'office hours' })[0]).toMatch(/^REMINDER_OFFICE_HOURS: expected HH:mm/);
    expect(problemsOf({ DINGTALK_GROUP_ROBOTS: '{supervision}' })[0]).toMatch(/^DINGTALK_GROUP_ROBOTS: must be JSON/);
    expect(problemsOf({ DINGTALK_GROUP_ROBOTS: '{"supervision":{"url":"x"}}' })[0]).toMatch(
      /^DINGTALK_GROUP_ROBOTS\.supervision/,
    );
  });

  it('gives the demo a 督查室 group robot in the simulator when none is configured', () => {
    const sim: SimulatedGroupRobots = { state: { groupRobots: new Map() } };
    const settings = reminderSettingsOf(loadConfig({}), 1, sim);
    expect(settings.groupRobots.supervision?.accessToken).toBe(DEMO_GROUP_ROBOT.accessToken);
    expect(sim.state.groupRobots.get(DEMO_GROUP_ROBOT.accessToken)?.name).toBe('督查室工作群');
  });
});
