/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line a comment (`# HELP`,
 * `# TYPE`), blank, or a sample `name{label="value",…} value`; every sample of a family whose TYPE came first; names,
 * label names, escapes and values as the format defines them
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format). Throws on the first bad line.
 */
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/;
/** Prometheus reads values with Go's `strconv.ParseFloat`, which takes NaN and Inf in any letter case (prom-client writes `Nan`). */
const VALUE = /^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|nan|[+-]inf)$/i;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
/** The samples a family of each type may have, besides the family's own name. */
const SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
  /** The value of the one sample of `name` with exactly these labels, or undefined. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.length > 0) {
    const match = LABEL.exec(rest);
    if (!match) throw new Error(`bad labels: ${line}`);
    const [all, name = '', raw = ''] = match;
    if (name in labels) throw new Error(`label ${name} twice: ${line}`);
    labels[name] = raw.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(all.length);
  }
  return labels;
}

export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const familyOf = (name: string) =>
    [...types].find(([family, type]) =>
      [family, ...(SUFFIXES[type] ?? []).map((suffix) => `${family}${suffix}`)].includes(name),
    );
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const [, keyword, name = '', rest = ''] = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line) ?? [];
      if (!keyword || !NAME.test(name)) throw new Error(`bad comment: ${line}`);
      if (keyword === 'TYPE') {
        if (!TYPES.has(rest) || types.has(name)) throw new Error(`bad or repeated TYPE: ${line}`);
        types.set(name, rest);
      }
      continue;
    }
    const [, name = '', labelText, value = ''] = /^([^{\s]+)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/.exec(line) ?? [];
    if (!NAME.test(name) || !VALUE.test(value)) throw new Error(`bad sample: ${line}`);
    if (!familyOf(name)) throw new Error(`sample before its TYPE: ${line}`);
    samples.push({
      name,
      labels: parseLabels(labelText ?? '', line),
      value: Number(value.replace(/inf$/i, 'Infinity').replace(/^nan$/i, 'NaN')),
    });
  }
  const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort());
  return {
    types,
    samples,
    value(name, labels = {}) {
      return samples.find((s) => s.name === name && key(s.labels) === key(labels))?.value;
    },
  };
}
