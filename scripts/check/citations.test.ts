import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The repository stands on its own: every `docs/<file>.md §N.M` that code or a README cites names a section that
 * exists, and nothing cites a path outside the repository. Files are listed by git (what a clone holds).
 */
const root = join(__dirname, '..', '..');
const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root })
  .toString()
  .split('\0')
  .filter((f) => /\.(ts|tsx|md|cjs|mjs|js|json|sh)$/.test(f) || f === '.ci/run')
  .filter((f) => !f.startsWith('node_modules/') && f !== 'package-lock.json');
const read = (file: string) => {
  try {
    return readFileSync(join(root, file), 'utf8');
  } catch {
    return ''; // listed by git but deleted in the working tree
  }
};

/** The section numbers a doc defines: `## 4.` and `### 4.6` headings. */
function sectionsOf(doc: string): Set<string> {
  const numbers = [...read(doc).matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.?\s/gm)].map((m) => m[1] as string);
  return new Set(numbers);
}

describe('citations', () => {
  it('every cited docs section exists', () => {
    const docs = new Map<string, Set<string>>();
    const broken: string[] = [];
    let cited = 0;
    for (const file of tracked) {
      // "docs/dingtalk.md §7.5, §5.4" and "docs/time-limits.md §1 … and §4": each § after a doc name belongs to it.
      for (const match of read(file).matchAll(/docs\/([a-z-]+\.md)((?:[^\n§]{0,40}?§\d+(?:\.\d+)*)+)/g)) {
        const doc = `docs/${match[1]}`;
        if (!docs.has(doc)) docs.set(doc, sectionsOf(doc));
        for (const [, section] of (match[2] as string).matchAll(/§(\d+(?:\.\d+)*)/g)) {
          cited++;
          if (!docs.get(doc)?.has(section as string)) broken.push(`${file}: ${doc} §${section}`);
        }
      }
    }
    expect(cited).toBeGreaterThan(50);
    expect(broken).toEqual([]);
  });

  it('nothing cites a path outside the repository', () => {
    const outside = /\.\.\/shared\/|\/work\/shared|shared\/reference\/|reference §/;
    const offenders = tracked.filter((file) => outside.test(read(file)) && !file.endsWith('citations.test.ts'));
    expect(offenders).toEqual([]);
  });
});
