import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANNUAL_TEMPLATE } from './annual-template';

/**
 * The reports README's table of the office's own summary: every "X" of it, in order, filled by a slot of the
 * year-end template or named as kept outside Duban (系统外) or as words rather than a number (文字).
 */
const summary = readFileSync(join(__dirname, 'office-summary-2021.txt'), 'utf8');
const readme = readFileSync(join(__dirname, 'README.md'), 'utf8');

interface Row {
  n: number;
  /** The words around the X, as the table quotes them: before **X** after. */
  quoted: string;
  filledBy: string;
}

const rows: Row[] = [...readme.matchAll(/^\| (\d+) \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => ({
  n: Number(m[1]),
  quoted: (m[2] as string).trim(),
  filledBy: (m[3] as string).trim(),
}));

const xs = [...summary.matchAll(/X+/g)].map((m) => ({
  before: summary.slice(Math.max(0, (m.index ?? 0) - 6), m.index).replace(/\s/g, ''),
  x: m[0],
}));

const slots = new Set(ANNUAL_TEMPLATE.flatMap((b) => [...b.text.matchAll(/\{([^?}][^}]*)\}/g)].map((m) => m[1])));

describe("the office's own summary, X by X", () => {
  it('has a row of the table for every X, in order, quoting the words before it', () => {
    expect(xs.length).toBeGreaterThan(50);
    expect(rows.map((r) => r.n)).toEqual(xs.map((_, i) => i + 1));
    for (const [i, x] of xs.entries()) {
      const row = rows[i] as Row;
      const [before] = row.quoted.split(`**${x.x}**`);
      expect({ n: row.n, quoted: before?.endsWith(x.before) }).toEqual({ n: row.n, quoted: true });
    }
  });

  it('fills each X from a slot the template writes, or says why no record can', () => {
    for (const row of rows) {
      const named = [...row.filledBy.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      if (named.length === 0) {
        expect({ n: row.n, reason: /^(系统外|文字)：\S{4,}/.test(row.filledBy) }).toEqual({ n: row.n, reason: true });
        continue;
      }
      for (const name of named)
        expect({ n: row.n, name, inTemplate: slots.has(name) }).toEqual({ n: row.n, name, inTemplate: true });
    }
    // Only what Duban cannot hold is left outside it: the assessment materials, 学习强国, and names.
    expect(rows.filter((r) => r.filledBy.startsWith('系统外')).map((r) => r.n)).toEqual([29, 30, 53]);
  });
});
