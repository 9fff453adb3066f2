import {
  type OrgSeed,
  type Simulator,
  type SimulatorOptions,
  startSimulator as startSim,
} from '../../scripts/sim/simulator';
import { demoOrg } from '../demo/demo-dingtalk';

export type { Simulator };

/**
 * The DingTalk simulator as the tests of a Duban with DingTalk credentials use it: the demo organisation (its people
 * sign in with free-login codes) unless the test names another.
 */
export function startSimulator(options: Omit<SimulatorOptions, 'org'> & { org?: OrgSeed } = {}): Promise<Simulator> {
  return startSim({ ...options, org: options.org ?? demoOrg() });
}
