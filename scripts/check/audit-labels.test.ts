import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTION_NAMES } from '../../miniapp/src/features/admin/components/action-names';

const SERVER = join(__dirname, '..', '..', 'bot-server');

/** Every `action: 'area.verb'` the server's production code writes to the audit log. */
function auditedActions(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/\baction: '([a-z_]+(?:\.[a-z_]+)+)'/g))
          found.add(m[1] ?? '');
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
