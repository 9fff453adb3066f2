import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTION_NAMES } from '../../miniapp/src/features/admin/components/action-names';

const SERVER = join(__dirname, '..', '..', 'bot-server');

/** Every `action: 'area.verb'` the server's production code audits (`action: a ? 'x.y' : 'x.z'` too). */
function auditedActions(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        // Every dotted name on a line that sets `action:` (a choice between two counts as both).
        for (const line of readFileSync(path, 'utf8')
          .split('\n')
          .filter((l) => /\baction: /.test(l))) {
          for (const m of line.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) found.add(m[1] ?? '');
        }
      }
    }
  };
  walk(SERVER);
  return found;
}

/** An administrator reads the audit log in Chinese: no action shows up as its code. */
describe('the audit log’s action names', () => {
  const actions = auditedActions();

  it('finds the actions the server audits', () => {
    expect(actions.size).toBeGreaterThan(40);
    expect(actions).toContain('user.role.granted');
  });

  it('has a Chinese name for each', () => {
    expect([...actions].filter((a) => !Object.hasOwn(ACTION_NAMES, a)).sort()).toEqual([]);
  });
});
